/**
 * `candor worker --queue redis://HOST:PORT`: serves a distributed sweep's queue from this machine
 * (docs/cluster.md): runs its jobs on `--concurrency` threads until stopped. SIGTERM or SIGINT
 * lets the jobs in progress finish, then exits; a second signal returns them to the queue at once.
 * A worker of another code version than the sweep's refuses it (exit 1, both versions named).
 */
import type { Command } from 'commander';
import type { QueueUrl } from '../../experiments/node/queue/url.ts';
import { UsageError } from '../errors.ts';
import { intOption, numberOption } from '../options.ts';
import { QUEUE_KINDS, QUEUE_NAME_HELP, queueNameOption, queueUrlOption } from '../queue.ts';

interface WorkerOpts {
  queue?: QueueUrl;
  queueName?: string;
  concurrency?: number;
  lockSeconds: number;
  quiet?: boolean;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the jobs of distributed sweeps from a Redis queue (any number of machines)')
    .option('--queue <url>', 'Redis server of the queue: redis://HOST:PORT (required)', queueUrlOption)
    .option('--queue-name <name>', QUEUE_NAME_HELP, queueNameOption)
    .option('--concurrency <n>', 'jobs at once, one thread each (default: all cores)', intOption('--concurrency', 1, 256))
    .option('--lock-seconds <s>', 'a job whose worker is silent this long goes to another worker', numberOption('--lock-seconds', 1, 3600), 15)
    .option('--quiet', 'only errors')
    .addHelpText(
      'after',
      `
Examples:
  candor worker --queue redis://10.0.0.5:6379
  candor worker --queue redis://10.0.0.5:6379 --queue-name study7 --concurrency 8
Stop with SIGTERM or Ctrl-C: the jobs in progress finish first (a second signal returns them to
the queue). Runs until stopped; see docs/cluster.md for systemd and container set-ups.`,
    )
    .action(async (o: WorkerOpts) => {
      if (!o.queue) throw new UsageError('candor worker', 'option --queue', 'redis://HOST:PORT (the queue to serve)', 'none');
      const say = (s: string) => {
        if (!o.quiet || s.startsWith('refused')) process.stderr.write(`candor worker: ${s}\n`);
      };
      const { startQueueWorker } = await import('../../experiments/node/queue/worker.ts');
      // the signal handlers come first: a job can start while the worker is being started, and a
      // SIGTERM then must finish it, not kill the process
      let w: Awaited<ReturnType<typeof startQueueWorker>> | null = null;
      let pending: 'finish' | 'return' | null = null;
      let signals = 0;
      const onSignal = (sig: string) => {
        signals++;
        const mode = signals === 1 ? 'finish' : 'return';
        say(mode === 'finish' ? `${sig}: finishing the jobs in progress (${sig} again: return them to the queue now)` : `${sig}: returning the jobs in progress to the queue`);
        if (w) void w.stop(mode);
        else pending = mode;
      };
      const term = () => onSignal('SIGTERM');
      const int = () => onSignal('SIGINT');
      process.on('SIGTERM', term);
      process.on('SIGINT', int);
      try {
        w = await startQueueWorker({ url: o.queue, queueName: o.queueName, concurrency: o.concurrency, kinds: QUEUE_KINDS, lockSeconds: o.lockSeconds, onLog: say });
        say(`${w.label} serving queue ${o.queueName ?? 'candor-sweeps'} on ${o.queue.display} (SIGTERM/Ctrl-C: finish the jobs in progress and stop)`);
        if (pending) void w.stop(pending);
        const t = await w.done;
        say(`stopped: ${t.jobs} job${t.jobs === 1 ? '' : 's'} (${t.tasks} trials) done${t.returned ? `, ${t.returned} returned to the queue` : ''}`);
      } finally {
        process.off('SIGTERM', term);
        process.off('SIGINT', int);
      }
    });
}
