/**
 * What the commands that use a job queue share (`sweep run --queue`, `sweep status`, `worker`,
 * `mri plan --queue`, `serve --queue`): the option parsers, the kinds of sweep a worker can run
 * (one entry per scan: a new kind of scan adds itself here), and the coordinator's messages.
 * BullMQ and ioredis load only when a command uses the queue (they cost every other command
 * ~0.2 s of start-up).
 */
import { accelerationScanStored } from '../apps/mri/node/scan.ts';
import { CandorError } from '../core/errors.ts';
import type { QueueEvent } from '../experiments/node/queue/coordinator.ts';
import { checkQueueName, DEFAULT_QUEUE_NAME, parseQueueUrl, type QueueUrl } from '../experiments/node/queue/url.ts';
import type { AnyStoredKind } from '../experiments/node/queue/worker.ts';
import type { SweepExecutor } from '../experiments/node/executor.ts';
import { phaseTransitionStored } from '../experiments/node/stored-kind.ts';
import { UsageError } from './errors.ts';

/** Every kind of sweep a `candor worker` runs. */
export const QUEUE_KINDS: readonly AnyStoredKind[] = [phaseTransitionStored, accelerationScanStored];

function asUsage(flag: string, f: () => unknown) {
  try {
    return f();
  } catch (e) {
    if (e instanceof CandorError) throw new UsageError('candor', `option ${flag}`, e.expected, e.got);
    throw e;
  }
}

/** `--queue redis://HOST:PORT`. */
export const queueUrlOption = (v: string): QueueUrl => asUsage('--queue', () => parseQueueUrl(v)) as QueueUrl;

/** `--queue-name NAME`. */
export const queueNameOption = (v: string): string => asUsage('--queue-name', () => checkQueueName(v)) as string;

export const QUEUE_NAME_HELP = `queue name (default ${DEFAULT_QUEUE_NAME}; one sweep at a time per name)`;

/** One line for each coordinator event (workers joining and leaving, notices). */
export function describeEvent(e: QueueEvent): string {
  switch (e.type) {
    case 'enqueued':
      return `sweep ${e.sweep}: ${e.jobs} job${e.jobs === 1 ? '' : 's'} of up to ${e.batch} trial${e.batch === 1 ? '' : 's'} enqueued${e.waiting ? ` (${e.waiting} results were waiting in the queue)` : ''}`;
    case 'workers': {
      const n = e.workers.reduce((a, w) => a + w.concurrency, 0);
      const hosts = [...new Set(e.workers.map((w) => w.host))];
      return `workers alive: ${e.workers.length} (${n} thread${n === 1 ? '' : 's'} on ${hosts.length} machine${hosts.length === 1 ? '' : 's'}${hosts.length ? `: ${hosts.join(', ')}` : ''})`;
    }
    case 'waiting-lease':
      return `waiting for the queue's coordinator lease, held by ${e.holder}`;
    case 'notice':
      return e.message;
  }
}

export interface QueueRunOptions {
  queue?: QueueUrl;
  queueName?: string;
  local?: boolean;
  batch?: number;
  workers?: number;
}

/** The queue executor for `--queue` (undefined without it: the local executor runs); events go to `say`. */
export async function queueExecutorFor(o: QueueRunOptions, say: (line: string) => void): Promise<SweepExecutor | undefined> {
  if (!o.queue) return undefined;
  const { queueExecutor } = await import('../experiments/node/queue/coordinator.ts');
  return queueExecutor({
    url: o.queue,
    queueName: o.queueName,
    local: o.local !== false && o.workers !== 0,
    localConcurrency: o.workers || undefined,
    kinds: QUEUE_KINDS,
    batch: o.batch,
    onEvent: (e) => say(describeEvent(e)),
  });
}
