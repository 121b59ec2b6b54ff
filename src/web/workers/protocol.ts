/**
 * The worker side of ../job.ts: receive the job, time a pilot, post the estimate, and above the
 * page's threshold wait for its go-ahead before the long part.
 *
 * @example
 * serve(async (job, post) => {
 *   await estimated(post, job.confirmAbove, pilotSeconds(...), 'from 7 timed iterations');
 *   post({ kind: 'done', ... });
 * });
 */

/** How a worker posts to the page (with transferables). */
export type Post = (data: Record<string, unknown>, transfer?: Transferable[]) => void;

let go: (() => void) | null = null;

/** Runs `handler` for each job message; a thrown error is posted as `{ kind: 'error', message }`. */
export function serve<J extends { confirmAbove: number }>(handler: (job: J, post: Post) => Promise<void> | void): void {
  const post: Post = (data, transfer = []) => self.postMessage(data, { transfer });
  self.onmessage = async (ev: MessageEvent<{ kind: string } & J>) => {
    if (ev.data.kind === 'go') {
      go?.();
      return;
    }
    try {
      await handler(ev.data, post);
    } catch (e) {
      post({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
}

/** Posts the estimate and, above `confirmAbove` seconds, waits for the page's go-ahead. */
export async function estimated(post: Post, confirmAbove: number, seconds: number, basis: string): Promise<void> {
  const waiting = seconds > confirmAbove;
  post({ kind: 'estimate', seconds, basis, waiting });
  if (waiting) await new Promise<void>((resolve) => (go = resolve));
}

/**
 * Seconds for `iterations` iterations of `run(k)` (which runs k iterations), from a warm-up
 * run(1) and timed runs of `a` and `2a`: a fixed part plus a per-iteration part.
 */
export function iterationEstimate(run: (k: number) => void, iterations: number, a = 2): { seconds: number; basis: string } {
  run(1);
  const t = (k: number) => {
    const t0 = performance.now();
    run(k);
    return (performance.now() - t0) / 1000;
  };
  const t1 = t(a);
  const t2 = t(2 * a);
  const per = Math.max(t2 - t1, t2 / (2 * a) / 4) / a;
  const fixed = Math.max(0, t1 - a * per);
  return { seconds: fixed + per * iterations, basis: `${(1000 * per).toFixed(1)} ms per iteration, timed on ${3 * a + 1} pilot iterations` };
}
