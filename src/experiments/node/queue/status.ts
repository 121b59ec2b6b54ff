/**
 * The state of a distributed sweep's queue, read from Redis by anyone (`candor sweep status
 * --queue`, the web lab's phase page): the sweep it serves, progress across machines as the
 * coordinator last published it (trials done, rate, ETA), whether a coordinator is alive, the
 * jobs waiting and running, and the workers alive (each renews its record every few seconds;
 * a record that lapsed is a worker gone). `clearQueue` empties a queue whose coordinator is gone.
 *
 * @example
 * import { readQueueStatus } from './status.ts';
 * import { parseQueueUrl } from './url.ts';
 * // const s = await readQueueStatus(parseQueueUrl('redis://10.0.0.5:6379'));
 * // s.progress?.done, s.progress?.eta, s.workers.length
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { CandorError } from '../../../core/errors.ts';
import { liveOptions, openRedis } from './connect.ts';
import type { LeaseHolder } from './lease.ts';
import { BULL_PREFIX, metaFromHash, type QueueKeys, queueKeys, type SweepMeta } from './protocol.ts';
import { checkQueueName, DEFAULT_QUEUE_NAME, type QueueUrl } from './url.ts';

export interface WorkerInfo {
  id: string;
  label: string;
  host: string;
  pid: number;
  version: string;
  concurrency: number;
  /** The sweep it last worked on. */
  sweep: string;
  /** Jobs in progress now. */
  active: number;
  jobs: number;
  tasks: number;
  returned: number;
  startedAt: string;
  seenAt: string;
}

export interface QueueProgress {
  sweep: string;
  name: string;
  kind: string;
  done: number;
  total: number;
  /** Trials collected by the current (or last) coordinator run. */
  ran: number;
  /** Trials per second over the last 30 s. */
  rate: number;
  /** Seconds to go at that rate (null when nothing is moving). */
  eta: number | null;
  updatedAt: string;
  coordinator: string;
}

export interface QueueStatus {
  url: string;
  queue: string;
  sweep: SweepMeta | null;
  progress: QueueProgress | null;
  coordinator: Omit<LeaseHolder, 'token'> | null;
  jobs: { waiting: number; active: number; delayed: number; failed: number };
  workers: WorkerInfo[];
  /** Result entries in the stream not yet committed by a coordinator. */
  backlog: number;
}

/** The workers alive (their records not lapsed), oldest first; lapsed ids are dropped from the set. */
export async function readWorkers(redis: Redis, keys: QueueKeys): Promise<WorkerInfo[]> {
  const ids = await redis.smembers(keys.workers);
  if (ids.length === 0) return [];
  const texts = await redis.mget(ids.map((id) => keys.worker(id)));
  const gone = ids.filter((_, i) => texts[i] === null);
  if (gone.length) await redis.srem(keys.workers, ...gone);
  const out: WorkerInfo[] = [];
  for (const t of texts) {
    if (t === null) continue;
    try {
      out.push(JSON.parse(t) as WorkerInfo);
    } catch {
      /* not a record of ours */
    }
  }
  return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}

function parse<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

async function withQueue<T>(u: QueueUrl, name: string, where: string, f: (redis: Redis, queue: Queue, keys: QueueKeys) => Promise<T>): Promise<T> {
  const redis = await openRedis(u, where);
  const queue = new Queue(name, { connection: liveOptions(u) as never, prefix: BULL_PREFIX });
  queue.on('error', () => {});
  try {
    return await f(redis, queue, queueKeys(name));
  } finally {
    await queue.close().catch(() => {});
    redis.disconnect();
  }
}

async function statusOf(u: QueueUrl, name: string, redis: Redis, queue: Queue, keys: QueueKeys): Promise<QueueStatus> {
  const [h, progress, lease, backlog] = await Promise.all([redis.hgetall(keys.meta), redis.get(keys.progress), redis.get(keys.coordinator), redis.xlen(keys.results)]);
  const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
  const holder = parse<LeaseHolder>(lease);
  const sweep = metaFromHash(h);
  const p = parse<QueueProgress>(progress);
  return {
    url: u.display,
    queue: name,
    sweep,
    progress: p && sweep && p.sweep === sweep.id ? p : null,
    coordinator: holder ? { host: holder.host, pid: holder.pid, startedAt: holder.startedAt } : null,
    jobs: { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 },
    workers: await readWorkers(redis, keys),
    backlog,
  };
}

export async function readQueueStatus(u: QueueUrl, queueName = DEFAULT_QUEUE_NAME, where = 'candor sweep status'): Promise<QueueStatus> {
  const name = checkQueueName(queueName, where);
  return withQueue(u, name, where, (redis, queue, keys) => statusOf(u, name, redis, queue, keys));
}

/**
 * Reads a queue's status again and again over one set of connections (the lab server polls it),
 * each read answered within `deadlineMs` or failed with a clear error (Redis down: commands would
 * otherwise wait for it to come back).
 */
export class QueueStatusReader {
  private conn: Promise<{ redis: Redis; queue: Queue }> | null = null;
  readonly name: string;

  constructor(
    readonly url: QueueUrl,
    queueName = DEFAULT_QUEUE_NAME,
    private deadlineMs = 3000,
  ) {
    this.name = checkQueueName(queueName, 'queue status');
  }

  async read(): Promise<QueueStatus> {
    const where = `queue ${this.name} on ${this.url.display}`;
    this.conn ??= openRedis(this.url, where).then((redis) => {
      const queue = new Queue(this.name, { connection: liveOptions(this.url) as never, prefix: BULL_PREFIX });
      queue.on('error', () => {});
      return { redis, queue };
    });
    let conn: { redis: Redis; queue: Queue };
    try {
      conn = await this.conn;
    } catch (e) {
      this.conn = null; // try again next time
      throw e;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        statusOf(this.url, this.name, conn.redis, conn.queue, queueKeys(this.name)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CandorError(where, 'status', `an answer from Redis within ${this.deadlineMs / 1000} s`, 'none (is the server down?)', 'io')), this.deadlineMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const c = await this.conn?.catch(() => null);
    this.conn = null;
    if (!c) return;
    await c.queue.close().catch(() => {});
    c.redis.disconnect();
  }
}

/**
 * Empties a queue: its sweep, jobs, results not yet collected, and progress (workers stay). A
 * queue with a live coordinator is refused. Returns the sweep it served.
 */
export async function clearQueue(u: QueueUrl, queueName = DEFAULT_QUEUE_NAME, where = 'candor sweep status'): Promise<SweepMeta | null> {
  const name = checkQueueName(queueName, where);
  return withQueue(u, name, where, async (redis, queue, keys) => {
    const lease = parse<LeaseHolder>(await redis.get(keys.coordinator));
    if (lease) {
      throw new CandorError(where, `queue ${name}`, 'a queue without a live coordinator (clearing it would lose its results)', `one coordinated by ${lease.host} pid ${lease.pid}: stop that coordinator first`, 'usage');
    }
    const meta = metaFromHash(await redis.hgetall(keys.meta));
    await redis.del(keys.meta);
    await queue.obliterate({ force: true });
    await redis.del(keys.spec, keys.results, keys.progress);
    return meta;
  });
}
