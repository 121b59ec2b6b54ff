/**
 * What the coordinator and the workers of a distributed sweep agree on: the Redis keys of a
 * queue, the jobs (one per block of trials of one cell, with a deterministic id), the entries of
 * the results stream, and the Lua scripts that keep them consistent.
 *
 * A queue serves one sweep at a time. Its keys (`candor-queue:<name>:...`, beside BullMQ's own
 * `candor:<name>:...`):
 *
 * | key           | type   | holds                                                              |
 * |---------------|--------|--------------------------------------------------------------------|
 * | `meta`        | hash   | the sweep served: id (hash of kind and canonical spec), kind, name, code version, batch, cells, trials, total |
 * | `spec`        | string | what a worker thread needs to rebuild the spec (./codec.ts text)   |
 * | `results`     | stream | one entry per finished job: results, a task error, or a notice     |
 * | `progress`    | string | the coordinator's latest progress (JSON)                          |
 * | `coordinator` | string | the live coordinator's lease (JSON; expires unless renewed)        |
 * | `workers`     | set    | worker ids; `worker:<id>` (JSON, expires unless renewed) is alive  |
 *
 * Job ids are `<sweep>.<version hash>.c<cell>.t<t0>-<t1>`: the same (sweep, cell, trial range,
 * code version) always gives the same id, so enqueueing again (a restarted coordinator) adds
 * nothing twice. A job runs every trial of its range; its results go to the stream (only while
 * the queue still serves its sweep: {@link APPEND_SCRIPT}) before the job completes, so results
 * outlive the job, and a job whose worker lost its lock still delivers (the coordinator's store
 * counts the second copy as a duplicate).
 */
import { createHash } from 'node:crypto';

/** BullMQ's key prefix for Candor queues. */
export const BULL_PREFIX = 'candor';

export function queueKeys(name: string) {
  const p = `candor-queue:${name}:`;
  return {
    meta: `${p}meta`,
    spec: `${p}spec`,
    results: `${p}results`,
    progress: `${p}progress`,
    coordinator: `${p}coordinator`,
    workers: `${p}workers`,
    worker: (id: string) => `${p}worker:${id}`,
  };
}
export type QueueKeys = ReturnType<typeof queueKeys>;

/** The sweep a queue serves (the `meta` hash). */
export interface SweepMeta {
  id: string;
  kind: string;
  name: string;
  version: string;
  batch: number;
  cells: number;
  trials: number;
  total: number;
  createdAt: string;
}

export function metaToHash(m: SweepMeta): Record<string, string> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)]));
}

/** The meta hash back (null when the queue serves no sweep or the hash is not Candor's). */
export function metaFromHash(h: Record<string, string>): SweepMeta | null {
  if (!h?.id || !h.kind || !h.version) return null;
  const int = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : Number.NaN);
  const m = { id: h.id, kind: h.kind, name: h.name ?? '', version: h.version, batch: int(h.batch), cells: int(h.cells), trials: int(h.trials), total: int(h.total), createdAt: h.createdAt ?? '' };
  return [m.batch, m.cells, m.trials, m.total].every((x) => Number.isInteger(x) && x >= 0) ? m : null;
}

/** What a job carries (its trials are t0 <= trial < t1 of cell `cell`). */
export interface JobData {
  v: string;
  kind: string;
  sweep: string;
  cell: number;
  t0: number;
  t1: number;
}

export function versionHash(version: string): string {
  return createHash('sha256').update(version).digest('hex').slice(0, 8);
}

export function jobId(sweep: string, version: string, cell: number, t0: number, t1: number): string {
  return `${sweep}.${versionHash(version)}.c${cell}.t${t0}-${t1}`;
}

/** The (sweep, version hash, cell, range) of a job id, or null when it is not one of ours. */
export function parseJobId(id: string): { sweep: string; vhash: string; cell: number; t0: number; t1: number } | null {
  const m = /^([0-9a-f]{16})\.([0-9a-f]{8})\.c(\d+)\.t(\d+)-(\d+)$/.exec(id);
  if (!m) return null;
  const [cell, t0, t1] = [Number(m[3]), Number(m[4]), Number(m[5])];
  return t1 > t0 ? { sweep: m[1], vhash: m[2], cell, t0, t1 } : null;
}

export interface PlannedJob {
  id: string;
  data: JobData;
}

/**
 * The jobs that cover `tasks` (flattened (cell, trial) pairs): one per block of `batch` trials of
 * a cell that holds at least one of them, each covering its whole block, in the order their first
 * task appears (so trial-major tasks give trial-major jobs).
 */
export function planJobs(tasks: Int32Array, trials: number, batch: number, sweep: string, version: string, kind: string): PlannedJob[] {
  const blocks = Math.ceil(trials / batch);
  const seen = new Set<number>();
  const out: PlannedJob[] = [];
  for (let i = 0; i < tasks.length; i += 2) {
    const cell = tasks[i];
    const b = Math.floor(tasks[i + 1] / batch);
    const key = cell * blocks + b;
    if (seen.has(key)) continue;
    seen.add(key);
    const t0 = b * batch;
    const t1 = Math.min(trials, t0 + batch);
    out.push({ id: jobId(sweep, version, cell, t0, t1), data: { v: version, kind, sweep, cell, t0, t1 } });
  }
  return out;
}

/** Kinds of stream entries: results, a task error, a notice (a worker refused a job). */
export type EntryType = 'results' | 'error' | 'notice';

/**
 * Appends an entry to the results stream only while the queue serves the entry's sweep.
 * KEYS: meta, results. ARGV: sweep id, then field/value pairs. Returns 1 if appended.
 */
export const APPEND_SCRIPT = `
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
redis.call('XADD', KEYS[2], '*', unpack(ARGV, 2))
return 1`;

/**
 * Takes or renews the coordinator's lease. KEYS: coordinator. ARGV: token, value, ttl ms.
 * Returns 1 when the lease is (now) ours, 0 when another holds it.
 */
export const LEASE_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
if cur and not string.find(cur, ARGV[1], 1, true) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', tonumber(ARGV[3]))
return 1`;

/** Releases the lease if it is ours. KEYS: coordinator. ARGV: token. */
export const RELEASE_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
if cur and string.find(cur, ARGV[1], 1, true) then redis.call('DEL', KEYS[1]) return 1 end
return 0`;

/** Field/value pairs of a stream entry as an object. */
export function entryFields(flat: string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) o[flat[i]] = flat[i + 1];
  return o;
}
