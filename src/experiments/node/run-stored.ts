/**
 * Runs (or resumes) a sweep of any kind into a store: the task source (the pending (cell, trial)
 * pairs: all of them minus those stored), an executor (./executor.ts: local worker threads by
 * default) and the idempotent result store (./store.ts), which ignores and counts an identical
 * result delivered twice and refuses a different one. Results are committed in short
 * transactions (every 256 results or every second), so kill -9 loses only uncommitted work;
 * running the same spec again resumes. Results depend only on (spec, cell, trial): identical for
 * any executor and worker count.
 *
 * When results conflict with stored ones (a different result for a key: a code change between
 * runs, or nondeterminism), the good ones are kept and the run ends with an error naming the first
 * conflict; nothing stored is ever overwritten.
 *
 * @example
 * import { runStored } from './run-stored.ts';
 * import { phaseTransitionStored } from './stored-kind.ts';
 * // const r = await runStored(phaseTransitionStored, spec, { store: 'candor.db' });
 * // r.complete, r.ran, r.duplicates
 */
import { CandorError } from '../../core/errors.ts';
import { pendingTaskPairs, type TaskResult } from '../engine.ts';
import { localExecutor, type SweepExecutor } from './executor.ts';
import type { StoredKind } from './stored-kind.ts';
import { type InsertOutcome, type ResultConflict, Store, type SweepRow } from './store.ts';
import { codeVersion } from './version.ts';

/**
 * Progress of a stored run: tasks done of total (stored ones included), tasks run now, elapsed
 * seconds, rate in tasks per second and the estimated seconds left.
 */
export interface SweepProgress {
  done: number;
  total: number;
  /** Tasks completed in this run. */
  ran: number;
  elapsed: number;
  rate: number;
  eta: number;
}

/** Options of {@link runStored}: the store's path, the executor (or the local one's settings), callbacks, abort signal and limits. */
export interface RunStoredOptions {
  store: string;
  /** Threads of the default local executor running tasks, the calling thread included (ignored when `executor` is given). */
  workers?: number;
  /** Tasks per batch of the default local executor (default 8). */
  batch?: number;
  /** The calling thread is one of the local executor's `workers` (default true); false: it only stores results. */
  mainThreadHelps?: boolean;
  executor?: SweepExecutor;
  /** Called after each batch of results is stored. */
  onProgress?: (p: SweepProgress) => void;
  /** Called with each warning: those of opening the sweep, and results found already stored. */
  onWarning?: (w: string) => void;
  signal?: AbortSignal;
  /** Stop after this many new tasks (for tests and partial runs). */
  limit?: number;
  /** How long to wait for another writer's lock before failing (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Called with the open store once every task is stored (read the results there: a ':memory:' store ends with the run). */
  onComplete?: (store: Store, sweep: SweepRow) => void;
}

/** What a stored run did: the sweep's row, whether it resumed, tasks stored and duplicates ignored, timing, completeness and warnings. */
export interface RunStoredResult {
  sweep: SweepRow;
  resumed: boolean;
  /** Tasks whose results this run stored (a result delivered again is a duplicate, not counted here). */
  ran: number;
  /** Of `ran`, the tasks run off the calling thread (worker threads, other machines). */
  ranElsewhere: number;
  /** Results that were already stored, identical, and so ignored (counted, not stored twice). */
  duplicates: number;
  seconds: number;
  trialsPerSecond: number;
  complete: boolean;
  warnings: string[];
}

function conflictError(path: string, sweepId: number, c: ResultConflict[]): CandorError {
  const f = c[0];
  const v = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
  return new CandorError(
    `store ${path}`,
    `sweep ${sweepId}`,
    'each (cell, trial) to give the same result every time (results are reproducible)',
    `${c.length} result${c.length === 1 ? '' : 's'} differing from the stored ones, e.g. cell ${f.cell} trial ${f.trial}: ${f.field} stored ${v(f.stored)}, offered ${v(f.offered)} (the stored results were kept; a code change since they were stored would explain it: start a new store or a new seed)`,
    'store',
  );
}

/**
 * Runs the pending tasks of a sweep of any kind and stores their results idempotently: opens (or
 * resumes) the sweep in the store, runs what is not stored yet through the executor (trial-major),
 * and marks the sweep finished once every task is stored. Conflicting results (differing from
 * stored ones) throw a store CandorError.
 */
export async function runStored<S, R extends TaskResult>(stored: StoredKind<S, R>, spec: S, opts: RunStoredOptions): Promise<RunStoredResult> {
  const kind = stored.kind;
  await kind.prepare?.(spec); // fails on a bad set-up before anything is stored
  const executor = opts.executor ?? localExecutor({ workers: opts.workers, batch: opts.batch, mainThreadHelps: opts.mainThreadHelps });
  const store = Store.open(opts.store, { busyTimeoutMs: opts.busyTimeoutMs });
  try {
    const { sweep, resumed, warnings } = stored.open(store, spec, codeVersion());
    for (const w of warnings) opts.onWarning?.(w);
    const all = pendingTaskPairs(kind.cells(spec), kind.trials(spec), stored.done(store, sweep.id, spec));
    const total = sweep.totalTrials;
    const already = total - all.length / 2;
    const tasks = opts.limit === undefined ? all : all.subarray(0, 2 * Math.min(opts.limit, all.length / 2));
    const t0 = performance.now();
    let ran = 0;
    let duplicates = 0;
    const conflicts: ResultConflict[] = [];
    let pending: R[] = [];
    let lastFlush = performance.now();
    let flushedSeconds = 0;
    const flush = () => {
      if (pending.length === 0) return;
      const now = (performance.now() - t0) / 1000;
      const out: InsertOutcome = stored.save(store, sweep.id, spec, pending, now - flushedSeconds);
      duplicates += out.duplicates;
      conflicts.push(...out.conflicts);
      flushedSeconds = now;
      pending = [];
      lastFlush = performance.now();
    };
    const progress = () => {
      const elapsed = (performance.now() - t0) / 1000;
      // a result delivered twice (a retried job) counts once
      const fresh = Math.min(ran, tasks.length / 2);
      const rate = fresh / Math.max(elapsed, 1e-9);
      const left = tasks.length / 2 - fresh;
      opts.onProgress?.({ done: already + fresh, total, ran: fresh, elapsed, rate, eta: rate > 0 ? left / rate : Infinity });
    };
    const accept = (rs: R[]) => {
      pending.push(...rs);
      ran += rs.length;
      if (pending.length >= 256 || performance.now() - lastFlush > 1000) flush();
      progress();
    };
    let ranElsewhere = 0;
    try {
      ({ ranElsewhere } = await executor.run({ stored, spec, tasks, accept, signal: opts.signal, commit: flush, final: tasks.length === all.length, already }));
    } catch (e) {
      // keep the results that completed before the failure (a resumed run then skips them)
      try {
        flush();
      } catch {
        /* the store itself failed: the original error says why */
      }
      throw e;
    }
    flush();
    if (duplicates > 0) opts.onWarning?.(`${duplicates} result${duplicates === 1 ? ' was' : 's were'} already stored (identical, by another run of this spec or a retried task): counted, not stored twice`);
    if (conflicts.length > 0) throw conflictError(store.path, sweep.id, conflicts);
    const after = store.sweep(sweep.id);
    const complete = after.done === after.totalTrials;
    if (complete) {
      store.markFinished(sweep.id);
      opts.onComplete?.(store, store.sweep(sweep.id));
    }
    const seconds = (performance.now() - t0) / 1000;
    // results delivered again (identical, already stored) are counted in `duplicates`, not as run
    const fresh = Math.max(0, ran - duplicates);
    return { sweep: store.sweep(sweep.id), resumed, ran: fresh, ranElsewhere: Math.min(ranElsewhere, fresh), duplicates, seconds, trialsPerSecond: fresh / Math.max(seconds, 1e-9), complete, warnings };
  } finally {
    store.close();
  }
}
