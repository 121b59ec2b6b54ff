/**
 * The queue executor: runs a sweep's pending tasks as jobs on a BullMQ queue in Redis, served by
 * workers on any number of machines (./worker.ts), and hands their results to the sweep engine
 * (../run-stored.ts), which stores them idempotently in SQLite. This process is the sweep's
 * coordinator; unless `local` is false it also runs jobs itself (an in-process worker).
 *
 * 1. It takes the queue's coordinator lease (a Redis key that expires unless renewed; a lease
 *    left by a dead coordinator on this machine is taken at once, one from another machine once
 *    it expires), and checks that the queue serves this sweep or none (a queue holding another
 *    sweep or another code version is an error naming both).
 * 2. A new sweep gets its batch size (trials per job: `batch`, or timed from a few trials run
 *    here, ./batch.ts: ~0.1 s of work per job, at most the trials per cell, at least 32 jobs)
 *    and its spec is stored for the workers; a sweep already on the queue keeps its batch, so job ids stay the same.
 * 3. It reads the results already waiting in the stream (a previous coordinator's, or those that
 *    arrived while none ran), then enqueues one job per block of `batch` trials of a cell still
 *    pending, with a deterministic id (./protocol.ts): enqueueing again adds nothing twice.
 * 4. It collects results from the stream as workers append them, checks each entry (its sweep,
 *    code version, job and trial range: anything else is an error, never stored), passes results
 *    of this run's tasks to the store (a second copy of one too: the store counts it as a
 *    duplicate, or refuses it loudly if it differs), commits every second and then trims what it
 *    committed from the stream. Every few seconds it re-enqueues jobs that vanished (a Redis that
 *    lost data) and retries jobs that failed for other reasons than a task error.
 * 5. When the sweep is complete it removes the queue's jobs and keys; interrupted (Ctrl-C, kill),
 *    it leaves them: workers go on, and a coordinator started again picks up where it stopped.
 *
 * Results depend only on (spec, cell, trial): the table is identical to a local run's.
 *
 * @example
 * import { queueExecutor } from './coordinator.ts';
 * import { parseQueueUrl } from './url.ts';
 * // const executor = await queueExecutor({ url: parseQueueUrl('redis://10.0.0.5:6379') });
 * // await runStored(phaseTransitionStored, spec, { store: 'candor.db', executor });
 */
import { availableParallelism, hostname } from 'node:os';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { CandorError, checkInt } from '../../../core/errors.ts';
import type { TaskResult } from '../../engine.ts';
import type { ExecutorJob, ExecutorStats, SweepExecutor } from '../executor.ts';
import { queueSweepId } from '../stored-kind.ts';
import { codeVersion } from '../version.ts';
import { timedBatch, timingDone } from './batch.ts';
import { encodeValue } from './codec.ts';
import { liveOptions, openRedis, probeRedis } from './connect.ts';
import { readEntry } from './entry.ts';
import { acquireLease, type Lease } from './lease.ts';
import { BULL_PREFIX, metaFromHash, metaToHash, planJobs, queueKeys, type SweepMeta, versionHash } from './protocol.ts';
import { readWorkers, type WorkerInfo } from './status.ts';
import { type AnyStoredKind, startQueueWorker, type QueueWorker } from './worker.ts';
import { checkQueueName, DEFAULT_QUEUE_NAME, type QueueUrl } from './url.ts';

export interface QueueExecutorOptions {
  url: QueueUrl;
  queueName?: string;
  /** Also run jobs in this process (default true; false: only coordinate). */
  local?: boolean;
  /** Threads of the in-process worker (default: available parallelism). */
  localConcurrency?: number;
  /** Kinds the in-process worker may run (default: the sweep's own). */
  kinds?: readonly AnyStoredKind[];
  /** Trials per job for a new sweep (default: timed). */
  batch?: number;
  /** The code version (default: this checkout's). */
  version?: string;
  /** Lock duration of the in-process worker's jobs (s). */
  lockSeconds?: number;
  onEvent?: (e: QueueEvent) => void;
}

/** What the coordinator tells its caller besides progress (the CLI prints these). */
export type QueueEvent =
  | { type: 'enqueued'; sweep: string; jobs: number; batch: number; waiting: number }
  | { type: 'workers'; workers: WorkerInfo[] }
  | { type: 'waiting-lease'; holder: string }
  | { type: 'notice'; message: string };

const COMMIT_MS = 1000;
const RECONCILE_MS = 3000;
const WORKERS_MS = 3000;
const RECONCILE_SLICE = 500;

/** Probes Redis (a clear error within a few seconds, nothing touched) and returns the executor. */
export async function queueExecutor(o: QueueExecutorOptions): Promise<SweepExecutor> {
  const where = 'candor sweep run';
  const name = checkQueueName(o.queueName ?? DEFAULT_QUEUE_NAME, where);
  if (o.batch !== undefined) checkInt(where, 'batch', o.batch, 1, 1 << 20);
  if (o.localConcurrency !== undefined) checkInt(where, 'local concurrency', o.localConcurrency, 1, 256);
  await probeRedis(o.url, where);
  return {
    name: 'queue',
    run: (job) => coordinate(o, name, job),
  };
}

function busyError(name: string, url: QueueUrl, held: SweepMeta, sweep: string, version: string, waiting: number): CandorError {
  const what = held.version !== version ? `jobs of candor ${held.version} (sweep ${held.id}, ${held.name})` : `another sweep (${held.id}, ${held.name}, ${held.kind})`;
  return new CandorError(
    `queue ${name} on ${url.display}`,
    'sweep',
    `a queue free or serving this sweep (${sweep}, candor ${version})`,
    `${what}, ${waiting} jobs waiting: finish that sweep (run its spec again), use another --queue-name, or empty the queue (candor sweep status --queue ${url.display} --queue-name ${name} --clear); nothing was enqueued or stored`,
    'usage',
  );
}

/** How long each clean-up step may wait for Redis after an interruption (ms). */
const CLEANUP_MS = 3000;

/** Waits for `p` at most `ms` (its failure ignored): clean-up that must not hang. */
function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p.then(() => undefined, () => undefined), new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
}

/** The next stream id after `id` (for XTRIM MINID and exclusive ranges). */
function nextId(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms}-${Number(seq) + 1}`;
}

async function coordinate<S, R extends TaskResult>(o: QueueExecutorOptions, name: string, job: ExecutorJob<S, R>): Promise<ExecutorStats> {
  const { stored, spec, tasks, accept, signal } = job;
  const where = `queue ${name}`;
  const version = o.version ?? codeVersion();
  const kind = stored.kind;
  const sweep = queueSweepId(stored, spec);
  const cells = kind.cells(spec);
  const trials = kind.trials(spec);
  const total = cells * trials;
  const keys = queueKeys(name);
  const emit = (e: QueueEvent) => o.onEvent?.(e);
  const redis = await openRedis(o.url, 'candor sweep run');
  const reader = redis.duplicate();
  reader.on('error', () => {});
  let lastLost = 0;
  redis.on('reconnecting', () => {
    if (Date.now() - lastLost > 10_000) emit({ type: 'notice', message: `lost the connection to Redis at ${o.url.display}: reconnecting` });
    lastLost = Date.now();
  });
  const queue = new Queue(name, { connection: liveOptions(o.url) as never, prefix: BULL_PREFIX });
  queue.on('error', () => {});
  let lease: Lease | null = null;
  let local: QueueWorker | null = null;
  let aborted = false;
  let failed = false;
  let ranElsewhere = 0;
  try {
    lease = await acquireLease(redis, keys.coordinator, where, (holder) => emit({ type: 'waiting-lease', holder }), signal);
    let meta = metaFromHash(await redis.hgetall(keys.meta));
    if (meta && (meta.id !== sweep || meta.version !== version)) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      throw busyError(name, o.url, meta, sweep, version, Object.values(counts).reduce((a, b) => a + b, 0));
    }
    const key = (c: number, t: number) => c * trials + t;
    const pending = new Set<number>();
    for (let i = 0; i < tasks.length; i += 2) pending.add(key(tasks[i], tasks[i + 1]));
    const received = new Set<number>();
    /** Keys this process ran itself (timing the batch): the jobs' copies of them are not passed on. */
    const own = new Set<number>();
    const take = (rs: R[], elsewhere: boolean) => {
      if (rs.length === 0) return;
      for (const r of rs) received.add(key(r.cell, r.trial));
      if (elsewhere) ranElsewhere += rs.length;
      accept(rs);
    };

    if (pending.size === 0) {
      if (meta && job.final) await clearSweep(redis, queue, keys);
      return { ranElsewhere: 0 };
    }

    if (!meta) {
      let batch = o.batch;
      if (batch === undefined) {
        // time a few of the first tasks here (their results are kept): ./batch.ts; in CPU
        // seconds, as the work of a job, not the wait for a core of a loaded machine (the local
        // worker's threads have not started; any other busy thread of this process only makes
        // the batch smaller, as wall time would)
        const rs: R[] = [];
        const times: number[] = [];
        for (let i = 0; i < tasks.length && !timingDone(times); i += 2) {
          const a = process.cpuUsage();
          rs.push(kind.run(spec, tasks[i], tasks[i + 1]));
          const d = process.cpuUsage(a);
          times.push((d.user + d.system) / 1e6);
        }
        batch = timedBatch(times, trials, total);
        for (const r of rs) own.add(key(r.cell, r.trial));
        take(rs, false);
      }
      meta = { id: sweep, kind: kind.name, name: kind.summary(spec).name, version, batch, cells, trials, total, createdAt: new Date().toISOString() };
      // the spec first, the meta last: a worker that sees the meta finds the spec
      await redis.multi().del(keys.results, keys.progress).set(keys.spec, encodeValue(stored.workerData(spec))).hset(keys.meta, metaToHash(meta)).exec();
    } else {
      // a resumed sweep: its spec is there unless the keys were changed by hand
      await redis.set(keys.spec, encodeValue(stored.workerData(spec)), 'NX');
    }
    const batch = meta.batch;
    const vhash = versionHash(version);

    // results waiting in the stream
    let lastId = '';
    let sinceCommit = 0;
    const expect = { where, sweep, version, vhash, cells, trials };
    const handle = (entryId: string, flat: string[]) => {
      const e = readEntry(entryId, flat, expect);
      if (e.type === 'notice') return emit({ type: 'notice', message: e.message });
      take((e.results as R[]).filter((r) => pending.has(key(r.cell, r.trial)) && !own.has(key(r.cell, r.trial))), true);
      sinceCommit++;
    };
    const read = async (block: boolean) => {
      for (;;) {
        if (block) {
          const res = (await reader.xread('COUNT', 1000, 'BLOCK', 250, 'STREAMS', keys.results, lastId || '0-0')) as [string, [string, string[]][]][] | null;
          for (const [id, flat] of res?.[0]?.[1] ?? []) {
            handle(id, flat);
            lastId = id;
          }
          return;
        }
        const res = (await redis.xrange(keys.results, lastId ? `(${lastId}` : '-', '+', 'COUNT', 1000)) as [string, string[]][];
        for (const [id, flat] of res) {
          handle(id, flat);
          lastId = id;
        }
        if (res.length < 1000) return;
      }
    };
    const commit = async () => {
      job.commit?.();
      if (lastId && sinceCommit > 0) await redis.xtrim(keys.results, 'MINID', nextId(lastId));
      sinceCommit = 0;
    };
    await read(false);

    // the jobs still needed
    const still: number[] = [];
    for (let i = 0; i < tasks.length; i += 2) if (!received.has(key(tasks[i], tasks[i + 1]))) still.push(tasks[i], tasks[i + 1]);
    const left = Int32Array.from(still);
    const jobs = planJobs(left, trials, batch, sweep, version, kind.name);
    /** Jobs with trials of this run not yet received. */
    const outstanding = new Map(jobs.map((p) => [p.id, p]));
    const unfinished = (id: string) => {
      const p = outstanding.get(id);
      if (!p) return false;
      for (let t = p.data.t0; t < p.data.t1; t++) {
        const k = key(p.data.cell, t);
        if (pending.has(k) && !received.has(k)) return true;
      }
      outstanding.delete(id);
      return false;
    };
    const enqueue = async (list: typeof jobs) => {
      for (let i = 0; i < list.length; i += 1000) {
        await queue.addBulk(list.slice(i, i + 1000).map((p) => ({ name: kind.name, data: p.data, opts: { jobId: p.id, removeOnComplete: true, removeOnFail: false } })));
      }
    };
    await enqueue(jobs);
    emit({ type: 'enqueued', sweep, jobs: jobs.length, batch, waiting: received.size - own.size });

    if (o.local !== false) {
      local = await startQueueWorker({ url: o.url, queueName: name, concurrency: o.localConcurrency ?? availableParallelism(), kinds: o.kinds ?? [stored], version, lockSeconds: o.lockSeconds, label: `${hostname()}:${process.pid} (coordinator)` });
    }

    // collect
    const t0 = Date.now();
    const samples: [number, number][] = [[t0, received.size]];
    let lastCommit = Date.now();
    let lastReconcile = Date.now();
    let lastWorkers = 0;
    let workersSeen = '';
    let cursor = 0;
    const publish = async () => {
      const now = Date.now();
      samples.push([now, received.size]);
      while (samples.length > 2 && samples[0][0] < now - 30_000) samples.shift();
      const [ta, na] = samples[0];
      const rate = now > ta ? ((received.size - na) * 1000) / (now - ta) : 0;
      const done = Math.min(total, (job.already ?? 0) + received.size);
      const leftN = pending.size - received.size;
      await redis.set(keys.progress, JSON.stringify({ sweep, name: meta!.name, kind: kind.name, done, total, ran: received.size, rate, eta: rate > 0 ? leftN / rate : null, updatedAt: new Date(now).toISOString(), coordinator: `${hostname()}:${process.pid}` }));
    };
    const reconcile = async () => {
      const ids = [...outstanding.keys()].filter(unfinished);
      if (ids.length === 0) return;
      cursor %= ids.length;
      const slice = ids.slice(cursor, cursor + RECONCILE_SLICE);
      cursor += RECONCILE_SLICE;
      const states = await Promise.all(slice.map((id) => queue.getJobState(id)));
      // a job that finished wrote its results before it was removed: read them before re-adding
      await read(false);
      const lost = slice.filter((id, i) => states[i] === 'unknown' && unfinished(id));
      const failedIds = slice.filter((id, i) => states[i] === 'failed' && unfinished(id));
      if (lost.length) {
        await enqueue(lost.map((id) => outstanding.get(id)!));
        emit({ type: 'notice', message: `${lost.length} job${lost.length === 1 ? ' was' : 's were'} missing from the queue (did Redis lose data?): enqueued again` });
      }
      for (const id of failedIds) {
        const jb = await queue.getJob(id);
        if (jb) await jb.retry('failed');
      }
      if (failedIds.length) emit({ type: 'notice', message: `${failedIds.length} failed job${failedIds.length === 1 ? '' : 's'} retried` });
    };
    await publish();
    const aborting = new Promise<boolean>((resolve) => {
      if (signal?.aborted) resolve(true);
      signal?.addEventListener('abort', () => resolve(true), { once: true });
    });
    while (received.size < pending.size) {
      if (signal?.aborted) {
        aborted = true;
        break;
      }
      // Ctrl-C must work even while Redis is away (a read then waits for it to come back)
      const got = read(true).then(() => false);
      got.catch(() => {}); // abandoned after Ctrl-C: its failure (the connection closed) is nobody's
      if ((await Promise.race([got, aborting])) === true) {
        aborted = true;
        break;
      }
      const now = Date.now();
      if (now - lastCommit >= COMMIT_MS) {
        await commit();
        await publish();
        lastCommit = now;
      }
      if (now - lastReconcile >= RECONCILE_MS) {
        await reconcile();
        lastReconcile = Date.now();
      }
      if (now - lastWorkers >= WORKERS_MS) {
        const ws = await readWorkers(redis, keys);
        const sig = ws.map((w) => w.id).join(',');
        if (sig !== workersSeen) emit({ type: 'workers', workers: ws });
        workersSeen = sig;
        lastWorkers = now;
      }
      lease.check();
    }
    if (aborted) {
      // keep what arrived; Redis may be away, so its part is best effort
      job.commit?.();
      await within(commit().then(publish), CLEANUP_MS);
      return { ranElsewhere };
    }
    await commit();
    await publish();
    if (job.final) await clearSweep(redis, queue, keys);
    return { ranElsewhere };
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    // each step bounded: after Ctrl-C or a failure, Redis may be unreachable
    if (local && (aborted || failed)) await within(local.stop('return'), CLEANUP_MS);
    else if (local) await local.stop('finish');
    await within(lease?.release() ?? Promise.resolve(), CLEANUP_MS);
    await within(queue.close(), CLEANUP_MS);
    reader.disconnect();
    redis.disconnect();
  }
}

/** Removes a finished sweep from the queue: its jobs (stragglers included) and keys. */
export async function clearSweep(redis: Redis, queue: Queue, keys: ReturnType<typeof queueKeys>): Promise<void> {
  // the meta first: a straggling worker's results are no longer appended
  await redis.del(keys.meta);
  await queue.obliterate({ force: true });
  await redis.del(keys.spec, keys.results, keys.progress);
}
