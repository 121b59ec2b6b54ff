/**
 * A queue worker: takes jobs of a distributed sweep from a BullMQ queue on Redis, runs their
 * trials on its own worker threads (./threads.ts: the kind's worker module, as the local
 * executor runs them) and appends the results to the queue's results stream, where the
 * coordinator collects them into its store (./coordinator.ts). Any number of workers on any
 * number of machines serve one queue; each must run the same code version as the sweep, and
 * refuses (and returns the job) otherwise.
 *
 * Delivery is at least once: a job whose worker dies (kill -9, a lost machine) is locked for
 * `lockSeconds`; then another worker's stalled check returns it to the queue and it runs again.
 * A worker that was only stalled (stopped, swapped out) still delivers its copy when it wakes;
 * the coordinator's store counts that second identical copy as a duplicate.
 *
 * `stop('finish')` lets the jobs in progress finish (SIGTERM or SIGINT at the command line);
 * `stop('return')` stops the threads at once and returns the jobs to the queue for others (a
 * second signal).
 *
 * @example
 * import { startQueueWorker } from './worker.ts';
 * import { parseQueueUrl } from './url.ts';
 * // const w = await startQueueWorker({ url: parseQueueUrl('redis://10.0.0.5:6379'), kinds: [phaseTransitionStored] });
 * // process.once('SIGTERM', () => void w.stop('finish'));
 * // await w.done;
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import { UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { CandorError, checkInt } from '../../../core/errors.ts';
import type { TaskResult } from '../../engine.ts';
import { kindSpecHash } from '../store.ts';
import type { StoredKind } from '../stored-kind.ts';
import { codeVersion } from '../version.ts';
import { decodeValue, encodeValue } from './codec.ts';
import { liveOptions, openRedis } from './connect.ts';
import { APPEND_SCRIPT, BULL_PREFIX, type JobData, metaFromHash, queueKeys, type SweepMeta } from './protocol.ts';
import { TaskFailure, TaskThreads, ThreadStopped } from './threads.ts';
import { checkQueueName, DEFAULT_QUEUE_NAME, type QueueUrl } from './url.ts';

// biome-ignore lint/suspicious/noExplicitAny: a table of kinds of different spec and result types
export type AnyStoredKind = StoredKind<any, any>;

export interface QueueWorkerOptions {
  url: QueueUrl;
  queueName?: string;
  /** Jobs at once, each on its own thread (default: available parallelism). */
  concurrency?: number;
  /** The kinds this worker can run (by `kind.name`). */
  kinds: readonly AnyStoredKind[];
  /** The code version (default: this checkout's, ../version.ts). */
  version?: string;
  /** How long a job stays locked to a silent worker before others take it over (default 15 s). */
  lockSeconds?: number;
  /** How the worker names itself in status output (default host:pid). */
  label?: string;
  /** One-line messages (taken jobs are not logged; refusals, reconnections and stops are). */
  onLog?: (line: string) => void;
}

export interface WorkerTally {
  jobs: number;
  tasks: number;
  /** Jobs handed back to the queue (by stop('return') or a refusal). */
  returned: number;
}

export interface QueueWorker {
  readonly id: string;
  readonly label: string;
  /** Resolves with the tally once stopped; rejects with the reason when the worker refused to go on (another version). */
  readonly done: Promise<WorkerTally>;
  stop(how: 'finish' | 'return'): Promise<void>;
}

export const WORKER_TTL_MS = 10_000;
const HEARTBEAT_MS = 3000;
/** Threads of a worker with no job for this long are stopped. */
const IDLE_MS = 60_000;

/** The refusal of a sweep this worker cannot run (another code version or an unknown kind). */
export function refusal(where: string, meta: { version: string; kind: string; name: string; id: string }, version: string, kinds: readonly AnyStoredKind[]): CandorError | null {
  if (meta.version !== version) {
    return new CandorError(where, 'code version', `candor ${version} (this worker)`, `a job of sweep ${meta.id} (${meta.name}) from candor ${meta.version}: run workers of the sweep's version (the job was left on the queue)`);
  }
  if (!kinds.some((k) => k.kind.name === meta.kind)) {
    return new CandorError(where, 'sweep kind', `one of ${kinds.map((k) => k.kind.name).join(', ')}`, `${JSON.stringify(meta.kind)} (sweep ${meta.id}; the job was left on the queue)`);
  }
  return null;
}

export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const where = 'candor worker';
  const name = checkQueueName(o.queueName ?? DEFAULT_QUEUE_NAME, where);
  const concurrency = checkInt(where, 'concurrency', o.concurrency ?? availableParallelism(), 1, 256);
  const lockMs = Math.round(1000 * (o.lockSeconds ?? 15));
  checkInt(where, 'lock milliseconds', lockMs, 200, 3_600_000);
  const version = o.version ?? codeVersion();
  const keys = queueKeys(name);
  const label = o.label ?? `${hostname()}:${process.pid}`;
  const id = `${label.replace(/[^A-Za-z0-9._-]/g, '_')}-${randomBytes(3).toString('hex')}`;
  const log = (s: string) => o.onLog?.(s);
  const redis = await openRedis(o.url, where);

  const current = metaFromHash(await redis.hgetall(keys.meta));
  const early = current && refusal(where, current, version, o.kinds);
  if (early) {
    redis.disconnect();
    throw early;
  }

  const tally: WorkerTally = { jobs: 0, tasks: 0, returned: 0 };
  let stopping: 'finish' | 'return' | null = null;
  /** Read through a function: `stopping` changes while a job awaits. */
  const returning = () => stopping === 'return';
  let refused: CandorError | null = null;
  let stopped: Promise<void> | null = null;
  let resolveDone!: (t: WorkerTally) => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<WorkerTally>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  done.catch(() => {});
  const pools = new Map<string, Promise<TaskThreads>>();
  let sweepNow = '';

  const append = (sweep: string, fields: Record<string, string>) =>
    redis.eval(APPEND_SCRIPT, 2, keys.meta, keys.results, sweep, ...Object.entries(fields).flat()) as Promise<number>;

  let lastJobAt = Date.now();
  let lastBeat = 0;
  const heartbeat = async () => {
    lastBeat = Date.now();
    const busy = await Promise.all([...pools.values()].map((p) => p.then((t) => t.busy).catch(() => 0)));
    if (pools.size && busy.every((b) => b === 0) && Date.now() - lastJobAt > IDLE_MS) {
      // an idle worker keeps no threads (a new sweep starts its own)
      for (const [k, q] of pools) {
        pools.delete(k);
        void q.then((t) => t.close()).catch(() => {});
      }
    }
    const info = { id, label, host: hostname(), pid: process.pid, version, concurrency, sweep: sweepNow, active: busy.reduce((a, b) => a + b, 0), ...tally, startedAt, seenAt: new Date().toISOString() };
    await redis.multi().sadd(keys.workers, id).set(keys.worker(id), JSON.stringify(info), 'PX', WORKER_TTL_MS).exec();
  };
  const startedAt = new Date().toISOString();
  await heartbeat();
  const beat = setInterval(() => void heartbeat().catch(() => {}), HEARTBEAT_MS);

  /** The threads for a sweep: its spec from Redis, checked against the sweep's id (ThreadStopped when the queue no longer serves it). */
  const poolFor = (meta: SweepMeta, stored: AnyStoredKind): Promise<TaskThreads> => {
    let p = pools.get(meta.id);
    if (p) return p;
    // one sweep at a time: threads of an earlier sweep go
    for (const [k, q] of pools) {
      pools.delete(k);
      void q.then((t) => t.close()).catch(() => {});
    }
    p = (async () => {
      const text = await redis.get(keys.spec);
      if (text === null) throw new ThreadStopped('the queue no longer serves this sweep');
      const data = decodeValue(text, `${where}: spec of sweep ${meta.id}`);
      const spec = stored.fromData(data);
      const hash = kindSpecHash(stored.kind.name, stored.kind.canonical(spec));
      if (hash !== meta.id) {
        throw new TaskFailure(`the spec stored for sweep ${meta.id} on queue ${name} is that of sweep ${hash} (the queue's keys were changed by hand?)`, []);
      }
      return TaskThreads.start(stored, data, concurrency);
    })();
    p.catch(() => pools.delete(meta.id));
    pools.set(meta.id, p);
    return p;
  };

  /** The sweep the queue serves, read at most once a second (a job needs it; it rarely changes). */
  let metaSeen: { at: number; meta: SweepMeta | null } = { at: 0, meta: null };
  const currentMeta = async (fresh = false): Promise<SweepMeta | null> => {
    if (fresh || Date.now() - metaSeen.at > 1000) metaSeen = { at: Date.now(), meta: metaFromHash(await redis.hgetall(keys.meta)) };
    return metaSeen.meta;
  };

  const refuse = (e: CandorError) => {
    if (refused) return;
    refused = e;
    log(`refused: ${e.message}`);
    void stop('finish');
  };

  const processor = async (job: { id?: string; data: JobData; moveToWait: (token: string) => Promise<unknown> }, token?: string): Promise<number> => {
    const d = job.data;
    const giveBack = async () => {
      tally.returned++;
      await job.moveToWait(token ?? '');
      throw new WaitingError();
    };
    if (stopping === 'return' || refused) return giveBack();
    let meta = await currentMeta();
    if (meta?.id !== d.sweep) meta = await currentMeta(true); // a new sweep since the last look?
    if (!meta || meta.id !== d.sweep) return 0; // a job of a sweep the queue no longer serves: nothing to do
    const bad = refusal(where, { ...meta, version: d.v, kind: d.kind }, version, o.kinds);
    if (bad) {
      await append(d.sweep, { t: 'notice', job: String(job.id), w: label, v: d.v, sweep: d.sweep, msg: `worker ${label} runs candor ${version}, the sweep candor ${d.v}: it refused the job and stopped` }).catch(() => 0);
      refuse(bad);
      return giveBack();
    }
    const stored = o.kinds.find((k) => k.kind.name === d.kind)!;
    sweepNow = d.sweep;
    lastJobAt = Date.now();
    const tasks = new Int32Array(2 * (d.t1 - d.t0));
    for (let t = d.t0, i = 0; t < d.t1; t++, i += 2) {
      tasks[i] = d.cell;
      tasks[i + 1] = t;
    }
    let results: TaskResult[] = [];
    for (let attempt = 0; ; attempt++) {
      try {
        const pool = await poolFor(meta, stored);
        if (returning()) return giveBack();
        results = await pool.run(tasks);
        break;
      } catch (e) {
        if (e instanceof ThreadStopped) {
          if (stopping) return giveBack();
          // threads stopped under the job (idle clean-up, another sweep): run it again if still wanted
          const now = await currentMeta(true);
          if (!now || now.id !== d.sweep) return 0;
          if (attempt < 3) continue;
          return giveBack();
        }
        const msg = (e as Error).message;
        await append(d.sweep, { t: 'error', job: String(job.id), w: label, v: version, sweep: d.sweep, msg });
        throw new UnrecoverableError(msg);
      }
    }
    await append(d.sweep, { t: 'results', job: String(job.id), w: label, v: version, sweep: d.sweep, data: encodeValue(results) });
    tally.jobs++;
    tally.tasks += results.length;
    lastJobAt = Date.now();
    if (lastJobAt - lastBeat > 1000) void heartbeat().catch(() => {});
    return results.length;
  };

  const bull = new Worker(name, processor as never, {
    connection: liveOptions(o.url) as never,
    prefix: BULL_PREFIX,
    concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: 1_000_000,
    drainDelay: 2,
    // after a lost connection (a Redis restart) try again within a second, not BullMQ's 15 s
    runRetryDelay: 1000,
    name: label,
  });
  // BullMQ reports connection trouble and lost locks as errors: say each kind once in a while
  const lastSaid = new Map<string, number>();
  bull.on('error', (e) => {
    const msg = (e?.message ?? String(e)).split('\n')[0];
    const k = msg.replace(/[0-9a-f]{16}\.[^\s]*/g, 'JOB');
    const now = Date.now();
    if ((lastSaid.get(k) ?? 0) > now - 10_000) return;
    lastSaid.set(k, now);
    if (!stopping) log(`warning: ${msg}`);
  });

  const stop = (how: 'finish' | 'return'): Promise<void> => {
    if (how === 'return' && stopping !== 'return') {
      stopping = 'return';
      // stopping the threads makes each job in progress go back to the queue
      for (const p of pools.values()) void p.then((t) => t.close()).catch(() => {});
    }
    stopping ??= how;
    stopped ??= (async () => {
      try {
        await bull.close();
      } catch {
        /* closing anyway */
      }
      clearInterval(beat);
      for (const p of pools.values()) await p.then((t) => t.close()).catch(() => {});
      pools.clear();
      await redis.multi().srem(keys.workers, id).del(keys.worker(id)).exec().catch(() => {});
      redis.disconnect();
      if (refused) rejectDone(refused);
      else resolveDone({ ...tally });
    })();
    return stopped;
  };

  await bull.waitUntilReady();
  return { id, label, done, stop };
}
