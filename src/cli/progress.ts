/**
 * Progress for long commands: a cli-progress bar with rate and ETA on a terminal; otherwise
 * (CI logs, pipes) one plain line every few seconds. Nothing at all with `quiet`.
 */
import { EXIT } from './errors.ts';
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, rate: number, eta: number): void;
  stop(): void;
}

function fmtEta(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

export function makeProgress(label: string, opts: { quiet?: boolean; stream?: NodeJS.WriteStream; unit?: string } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const unit = opts.unit ?? 'trials';
  if (opts.quiet) return { update: () => {}, stop: () => {} };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} ${unit} | {rate}/s | ETA {eta_h}`, stream, hideCursor: true, noTTYOutput: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total, rate, eta) {
        if (!started) {
          bar.start(total, done, { rate: '0', eta_h: '?' });
          started = true;
        }
        bar.update(done, { rate: rate.toFixed(1), eta_h: fmtEta(eta) });
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    update(done, total, rate, eta) {
      const now = Date.now();
      if (now - last < 5000 && done < total) return;
      last = now;
      stream.write(`${label}: ${done}/${total} ${unit} (${((100 * done) / total).toFixed(1)}%), ${rate.toFixed(1)} ${unit}/s, ETA ${fmtEta(eta)}\n`);
    },
    stop: () => {},
  };
}

/** What a stored run gets from {@link runInterruptible}: the abort signal and its reporters. */
export interface RunHooks {
  signal: AbortSignal;
  onProgress: (p: { done: number; total: number; rate: number; eta: number }) => void;
  onWarning: (w: string) => void;
}

/**
 * Runs a stored, resumable run (a sweep, a scan) at the command line: progress on `bar`, warnings
 * on stderr, and Ctrl-C (SIGINT) aborting it after the tasks in flight, so what is stored stays
 * and the same command resumes. The bar is stopped and the handler removed however the run ends;
 * an interrupted run leaves exit code 130 (128 + SIGINT, as a shell reports it), so a script sees
 * that it did not finish.
 *
 * @example
 * // const r = await runInterruptible(makeProgress('candor sweep'), (h) => runSweep(spec, { store, ...h }));
 */
export async function runInterruptible<T>(bar: Progress, run: (hooks: RunHooks) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    return await run({
      signal: ac.signal,
      onProgress: (p) => bar.update(p.done, p.total, p.rate, p.eta),
      onWarning: (w) => process.stderr.write(`candor: warning: ${w}\n`),
    });
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
    if (ac.signal.aborted) process.exitCode = EXIT.interrupted;
  }
}
