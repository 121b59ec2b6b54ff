/**
 * `candor sweep status --queue redis://HOST:PORT`: a distributed sweep's progress across
 * machines (trials done, rate, ETA), its coordinator, its jobs and the workers alive; `--clear`
 * empties a queue whose coordinator is gone (its uncollected results are lost: they are
 * recomputed when the sweep runs again).
 */
import type { Command } from 'commander';
import type { QueueStatus } from '../../experiments/node/queue/status.ts';
import { DEFAULT_QUEUE_NAME, type QueueUrl } from '../../experiments/node/queue/url.ts';
import { UsageError } from '../errors.ts';
import { QUEUE_NAME_HELP, queueNameOption, queueUrlOption } from '../queue.ts';

function fmtSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '?';
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The status as lines of text. */
export function formatQueueStatus(s: QueueStatus): string[] {
  const out = [`queue ${s.queue} on ${s.url}`];
  if (!s.sweep) {
    out.push('  no sweep: the queue is free');
  } else {
    const m = s.sweep;
    out.push(`  sweep ${m.id} (${m.name}, ${m.kind}), candor ${m.version}, ${m.batch} trial${m.batch === 1 ? '' : 's'} per job`);
    const p = s.progress;
    if (p) {
      const pct = p.total ? ((100 * p.done) / p.total).toFixed(1) : '0';
      out.push(`  trials: ${p.done}/${p.total} (${pct}%), ${p.rate.toFixed(1)} trials/s, ETA ${s.coordinator ? fmtSeconds(p.eta) : '? (no coordinator)'}  (as of ${p.updatedAt})`);
    } else out.push(`  trials: ?/${m.total} (no progress published yet)`);
    out.push(s.coordinator ? `  coordinator: ${s.coordinator.host} pid ${s.coordinator.pid} since ${s.coordinator.startedAt}` : '  coordinator: none alive (run the sweep again to collect the results: it picks up where it stopped)');
  }
  out.push(`  jobs: ${s.jobs.waiting} waiting, ${s.jobs.active} running, ${s.jobs.delayed} delayed, ${s.jobs.failed} failed; ${s.backlog} result entr${s.backlog === 1 ? 'y' : 'ies'} not yet collected`);
  const threads = s.workers.reduce((a, w) => a + w.concurrency, 0);
  out.push(`  workers alive: ${s.workers.length} (${threads} thread${threads === 1 ? '' : 's'})`);
  for (const w of s.workers) {
    out.push(`    ${w.label}  candor ${w.version}  ${w.active}/${w.concurrency} busy  ${w.jobs} jobs (${w.tasks} trials) done  since ${w.startedAt}`);
  }
  return out;
}

export function registerSweepStatus(sweep: Command): void {
  sweep
    .command('status')
    .description('progress of a distributed sweep across machines: trials done, rate, ETA, workers alive')
    .option('--queue <url>', 'Redis server of the queue: redis://HOST:PORT (required)', queueUrlOption)
    .option('--queue-name <name>', QUEUE_NAME_HELP, queueNameOption)
    .option('--clear', 'empty the queue (only when no coordinator is alive; uncollected results are lost)')
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExamples:\n  candor sweep status --queue redis://10.0.0.5:6379\n  candor sweep status --queue redis://10.0.0.5:6379 --queue-name study7 --json')
    .action(async (o: { queue?: QueueUrl; queueName?: string; clear?: boolean; json?: boolean }) => {
      if (!o.queue) throw new UsageError('candor sweep status', 'option --queue', 'redis://HOST:PORT (the queue to read)', 'none');
      const name = o.queueName ?? DEFAULT_QUEUE_NAME;
      const { clearQueue, readQueueStatus } = await import('../../experiments/node/queue/status.ts');
      if (o.clear) {
        const m = await clearQueue(o.queue, name);
        if (o.json) console.log(JSON.stringify({ cleared: m }, null, 2));
        else console.log(m ? `queue ${name}: cleared (sweep ${m.id}, ${m.name})` : `queue ${name}: cleared (it served no sweep)`);
        return;
      }
      const s = await readQueueStatus(o.queue, name);
      if (o.json) console.log(JSON.stringify(s, null, 2));
      else for (const line of formatQueueStatus(s)) console.log(line);
    });
}
