/**
 * A small pool of worker threads for the lab server's computations, so that no request can hold
 * the event loop: health checks, static files and signals are answered while a plan, an upload or
 * a sweep analysis runs.
 *
 * Each computation gets a time budget from the moment a worker takes it; over budget, the worker
 * is terminated (Worker.terminate stops even a loop that never yields) and the request is answered
 * with a 503 naming the budget. A worker whose JavaScript heap passes `heapMb` is stopped by V8
 * (resourceLimits) and answered likewise. Either way a fresh worker takes the next job. At most
 * `queueLimit` jobs wait; more are refused at once with a 503 rather than piling up memory.
 *
 * Protocol (both directions are structured-cloned): the pool posts `{ id, kind, payload }`; the
 * worker answers `{ id, result }` or `{ id, error: { status, message } }`.
 *
 * @example
 * const pool = new ComputePool({ entry: new URL('./worker-entry.mjs', import.meta.url), size: 2 });
 * const body = await pool.run('plan', { n: 200, k: 20 });   // rejects with an HttpError
 * await pool.close();
 */
import { Worker } from 'node:worker_threads';
import { HttpError } from './http.ts';

export interface PoolOptions {
  /** The worker's entry module. */
  entry: URL;
  /** Number of worker threads (default 2). */
  size?: number;
  /** Time budget per job kind, in milliseconds. */
  budgetMs?: Record<string, number>;
  /** Budget for kinds not listed (default 20 s). */
  defaultBudgetMs?: number;
  /** Jobs allowed to wait for a worker (default 64). */
  queueLimit?: number;
  /** V8 old-generation heap limit per worker, MB (default 512). */
  heapMb?: number;
  /** Passed to every worker as workerData. */
  workerData?: unknown;
  /** Node flags for the workers (default none). */
  execArgv?: string[];
}

interface Job {
  id: number;
  kind: string;
  payload: unknown;
  transfer: ArrayBuffer[];
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export class ComputePool {
  private readonly opts: Required<Omit<PoolOptions, 'workerData' | 'budgetMs'>> & Pick<PoolOptions, 'workerData' | 'budgetMs'>;
  private readonly slots: (Slot | null)[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(opts: PoolOptions) {
    this.opts = { size: 2, defaultBudgetMs: 20000, queueLimit: 64, heapMb: 512, execArgv: [], ...opts };
    this.slots = new Array(Math.max(1, this.opts.size)).fill(null);
  }

  /** Runs one job; resolves with the worker's result or rejects with an HttpError. */
  run(kind: string, payload: unknown, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.closed) return Promise.reject(new HttpError(503, 'server: state: expected a running server, got one that is stopping'));
    const idle = this.slots.some((s) => s === null || s.job === null);
    if (!idle && this.queue.length >= this.opts.queueLimit) {
      return Promise.reject(new HttpError(503, `server: queue: expected at most ${this.opts.queueLimit} waiting computations, got more (busy: try again shortly)`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, kind, payload, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates every worker and rejects the jobs still waiting or running. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopping = new HttpError(503, 'server: state: expected a running server, got one that is stopping');
    for (const j of this.queue.splice(0)) j.reject(stopping);
    const ends: Promise<number>[] = [];
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (!s) continue;
      this.slots[i] = null;
      if (s.timer) clearTimeout(s.timer);
      s.job?.reject(stopping);
      s.worker.removeAllListeners();
      s.worker.on('error', () => {});
      ends.push(s.worker.terminate());
    }
    await Promise.all(ends);
  }

  private budget(kind: string): number {
    return this.opts.budgetMs?.[kind] ?? this.opts.defaultBudgetMs;
  }

  private spawn(i: number): Slot {
    const worker = new Worker(this.opts.entry, {
      workerData: this.opts.workerData,
      execArgv: this.opts.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (msg: { id: number; result?: unknown; error?: { status: number; message: string } }) => {
      const job = slot.job;
      if (!job || msg.id !== job.id) return;
      this.finish(slot);
      if (msg.error) job.reject(new HttpError(msg.error.status, msg.error.message));
      else job.resolve(msg.result);
      this.dispatch();
    });
    const fail = (e: unknown) => {
      const job = slot.job;
      this.retire(i, slot);
      if (job) {
        const code = (e as NodeJS.ErrnoException)?.code;
        if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
          job.reject(new HttpError(503, `${job.kind}: memory: expected at most a ${this.opts.heapMb} MB heap (the server limit for one request), got more (stopped)`));
        } else {
          process.stderr.write(`candor serve: worker failed: ${(e as Error)?.stack ?? String(e)}\n`);
          job.reject(new HttpError(500, 'internal error (see the server log)'));
        }
      }
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    this.slots[i] = slot;
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** Removes a slot's worker (terminating it) so the next job spawns a fresh one. */
  private retire(i: number, slot: Slot): void {
    this.finish(slot);
    if (this.slots[i] === slot) this.slots[i] = null;
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => {});
    void slot.worker.terminate();
  }

  private dispatch(): void {
    if (this.closed) return;
    for (let i = 0; i < this.slots.length && this.queue.length > 0; i++) {
      const current = this.slots[i];
      if (current?.job) continue;
      const slot = current ?? this.spawn(i);
      const job = this.queue.shift() as Job;
      slot.job = job;
      const budget = this.budget(job.kind);
      slot.timer = setTimeout(() => {
        this.retire(i, slot);
        job.reject(new HttpError(503, `${job.kind}: computation time: expected at most ${budget / 1000} s (the server budget for one request), got more (stopped)`));
        this.dispatch();
      }, budget);
      slot.worker.postMessage({ id: job.id, kind: job.kind, payload: job.payload }, job.transfer);
    }
  }
}
