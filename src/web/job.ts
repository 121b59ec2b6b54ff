/**
 * A long computation in a Web Worker that the page can estimate, confirm and cancel. The worker
 * (see ./workers/protocol.ts) times a short pilot and posts `{ kind: 'estimate', seconds, basis }`;
 * above {@link CONFIRM_ABOVE_S} it waits, and the page asks in an in-page bar (Continue posts
 * `{ kind: 'go' }`, Cancel ends the job). {@link WorkerJob.cancel} terminates the worker at once;
 * what was drawn stays. `finished` resolves with how the job ended.
 *
 * @example
 * const job = new WorkerJob(() => new Worker(new URL('./workers/mri-worker.ts', import.meta.url), { type: 'module' }), el, { message: (d) => ..., what: 'This reconstruction' });
 * (the Worker is built at the call site, in the form Vite bundles: new Worker(new URL(..., import.meta.url)))
 * job.start(payload);  cancelButton.onclick = () => job.cancel();  const how = await job.finished;
 */
import { CONFIRM_ABOVE_S, confirmBar, formatDuration, type RunState } from './ui.ts';

export interface JobOptions {
  /** Every message other than estimate / error; return 'done' on the last one. */
  message: (data: Record<string, unknown>) => undefined | 'done' | Promise<undefined | 'done'>;
  /** "This reconstruction": the subject of the confirmation question. */
  what: string;
  /** Called with the estimate (e.g. to show it in the status line). */
  estimate?: (seconds: number, basis: string) => void;
}

export class WorkerJob {
  readonly finished: Promise<RunState>;
  /** The error message when the job failed. */
  error: string | null = null;
  private worker: Worker | null;
  private end!: (s: RunState) => void;
  private readonly abort = new AbortController();

  constructor(make: () => Worker, host: HTMLElement, o: JobOptions) {
    this.finished = new Promise((resolve) => {
      this.end = (s) => {
        this.worker?.terminate();
        this.worker = null;
        resolve(s);
      };
    });
    const w = make();
    this.worker = w;
    w.onerror = (e) => {
      this.error = `worker: ${e.message || 'failed to start'}`;
      this.end('failed');
    };
    w.onmessage = async (m: MessageEvent<Record<string, unknown>>) => {
      const d = m.data;
      if (d.kind === 'error') {
        this.error = String(d.message);
        this.end('failed');
        return;
      }
      if (d.kind === 'estimate') {
        const s = d.seconds as number;
        o.estimate?.(s, String(d.basis ?? ''));
        if (d.waiting) {
          const go = await confirmBar(host, `${o.what} needs about ${formatDuration(s)} (${d.basis}). Continue?`, this.abort.signal);
          if (go) this.worker?.postMessage({ kind: 'go' });
          else this.end('cancelled');
        }
        return;
      }
      try {
        if ((await o.message(d)) === 'done') this.end('done');
      } catch (e) {
        this.error = e instanceof Error ? e.message : String(e);
        this.end('failed');
      }
    };
  }

  /** Sends the job (with the confirmation threshold); transfers the listed buffers. */
  start(payload: Record<string, unknown>, transfer: Transferable[] = []): void {
    this.worker?.postMessage({ kind: 'job', confirmAbove: CONFIRM_ABOVE_S, ...payload }, transfer);
  }

  /** Ends the job now (the worker is terminated). */
  cancel(): void {
    this.abort.abort();
    this.end('cancelled');
  }
}
