/**
 * Experiments benchmark (issue 5): basis-pursuit phase-transition trials per second at n = 200,
 * delta = 0.5, rho = 0.2 (m = 100, k = 20, Gaussian N(0, 1/m), signed +-1 signal), through the
 * real sweep path: each timed call is one `runSweep` of a batch of trials (one cell, `trials`
 * trials, seed 1) into a fresh temporary SQLite store, on 1 or 2 worker threads, so it includes
 * starting the workers, generating every trial, solving, and committing the results.
 *
 * The peer (bench/peers/experiments_bp.py) runs the same batch size the same way in Python: a
 * multiprocessing Pool with one process per worker is started inside the timed call, and each
 * trial draws A and the signal with numpy and solves the split LP with scipy
 * `linprog(method='highs')`, one BLAS thread per process. Each row's times are per batch, so
 * ours_s / peer_s is the inverse ratio of trials per second: the issue's target "at least 5x
 * the Python rate" is ratio <= 0.2.
 *
 * Rows: `bp-homotopy` (our fastest exact BP; target 0.2) with 1 and 2 workers against 1 and 2
 * processes, over batches of 1000 and of 200 trials, and over 8000 trials without the peer (long
 * enough for both workers to reach their steady state); `bp-lp` (HiGHS compiled to WebAssembly;
 * informational, target 1 = parity with native HiGHS) over 1000 trials. Notes: the 1 -> 2
 * scaling of whole batches of both sides, and ours at steady state (through runSweep's progress
 * callback, from a quarter of the batch to its end), which leaves out the fixed cost of starting
 * the worker threads (~150 ms for two from the bundled entry, during which the main thread runs
 * trials itself; a batch whose first 8 trials predict under 0.3 s of work never starts them; the
 * peer's fork-based pool starts in milliseconds).
 * Accuracy columns: the largest relative error ||x - x0|| / ||x0|| of a batch (every trial must
 * succeed at 1e-5; a batch that does not is reported in the error column).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSweep } from '../../src/experiments/node/run-sweep.ts';
import { Store } from '../../src/experiments/node/store.ts';
import { prepareSweepSolver } from '../../src/experiments/solvers.ts';
import type { BenchCase } from '../harness.ts';

const N = 200;
const DELTA = 0.5;
const RHO = 0.2;
const M = Math.round(DELTA * N);
const K = Math.round(RHO * M);
const DIR = 'bench/results';

let tmp: string | null = null;
function tmpDir(): string {
  if (!tmp) {
    const dir = mkdtempSync(join(tmpdir(), 'candor-bench-exp-'));
    tmp = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return tmp;
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

/** Our per-batch times by `${solver}/${workers}/${trials}` (for the scaling notes). */
const ourTimes = new Map<string, number[]>();
const peerRecord = (solver: string, procs: number, trials: number) =>
  `${DIR}/experiments-peer-${solver}-p${procs}-t${trials}.json`;

function peerTimes(solver: string, procs: number, trials: number): number[] {
  try {
    return JSON.parse(readFileSync(peerRecord(solver, procs, trials), 'utf8')) as number[];
  } catch {
    return [];
  }
}

/** Median batch time (warm-up dropped) of ours or the peer, or NaN when not measured. */
function batch(side: 'ours' | 'peer', solver: string, workers: number, trials: number): number {
  // the first call of each side is the harness's warm-up
  const t = (
    side === 'ours'
      ? (ourTimes.get(`${solver}/${workers}/${trials}`) ?? [])
      : peerTimes(solver, workers, trials)
  ).slice(1);
  return t.length ? median(t) : Number.NaN;
}

const fmtX = (x: number) => (Number.isFinite(x) ? `x${x.toFixed(2)}` : 'n/a');

/** Whole-batch scaling: trials/s with 2 workers (processes) over trials/s with 1. */
function scaling(solver: string, trials: number): string {
  const f = (side: 'ours' | 'peer') => batch(side, solver, 1, trials) / batch(side, solver, 2, trials);
  const peer = f('peer');
  return (
    `whole batches: trials/s scale from 1 to 2 workers by ${fmtX(f('ours'))} (ours)` +
    (Number.isFinite(peer) ? ` and from 1 to 2 processes by ${fmtX(peer)} (peer)` : '')
  );
}

/** Our steady-state rates (trials/s after a batch's first results arrived) by the same key. */
const ourRates = new Map<string, number[]>();

/**
 * Steady-state scaling of ours, without the fixed start-up cost of a batch: the rate from the
 * progress report at a quarter of the batch (every worker is running) to its end, 2 workers
 * over 1.
 */
function steady(solver: string, trials: number): string {
  const rate = (w: number) => {
    const r = (ourRates.get(`${solver}/${w}/${trials}`) ?? []).slice(1);
    return r.length ? median(r) : Number.NaN;
  };
  return (
    `steady state (from a quarter of a batch to its end): ours runs ${rate(1).toFixed(0)} trials/s ` +
    `on 1 worker and ${rate(2).toFixed(0)} on 2 (${fmtX(rate(2) / rate(1))})`
  );
}

function sweepCase(
  solver: string,
  workers: number,
  trials: number,
  target: number,
  note: string,
  extra: () => string = () => '',
  withPeer = true,
): BenchCase {
  const key = `${solver}/${workers}/${trials}`;
  const spec = {
    name: 'bench',
    ensemble: 'gaussian',
    signal: 'signed',
    solver,
    n: N,
    delta: [DELTA],
    rho: [RHO],
    trials,
    seed: 1,
  };
  return {
    name: `BP sweep n=${N} m=${M} k=${K}, ${trials} trials, ${solver}, ${workers} worker${workers > 1 ? 's' : ''}${withPeer ? ` vs ${workers} process${workers > 1 ? 'es' : ''}` : ' (ours only)'}`,
    target,
    minSeconds: 0.2,
    ours: async () => {
      await prepareSweepSolver(solver);
      const dir = tmpDir();
      const times: number[] = [];
      ourTimes.set(key, times);
      const rates: number[] = [];
      ourRates.set(key, rates);
      let runs = 0;
      let last = '';
      return {
        run: async () => {
          const path = join(dir, `${solver}-w${workers}-t${trials}-${runs++}.db`);
          const t0 = performance.now();
          // steady state: from a quarter of the batch (every worker is up) to its end
          const seen = { t0: 0, n0: -1, t1: 0, n1: 0 };
          const onProgress = (p: { ran: number }) => {
            const now = performance.now();
            if (seen.n0 < 0 && p.ran >= trials / 4) {
              seen.t0 = now;
              seen.n0 = p.ran;
            }
            seen.t1 = now;
            seen.n1 = p.ran;
          };
          const r = await runSweep(spec, { store: path, workers, onProgress });
          times.push((performance.now() - t0) / 1000);
          if (seen.t1 > seen.t0) rates.push(((seen.n1 - seen.n0) * 1000) / (seen.t1 - seen.t0));
          if (!r.complete || r.ran !== trials)
            throw new Error(`bench experiments: runSweep ran ${r.ran} of ${trials} trials`);
          if (last) for (const ext of ['', '-wal', '-shm']) rmSync(`${last}${ext}`, { force: true });
          last = path;
        },
        error: () => {
          const s = Store.open(last, { readonly: true });
          try {
            const rows = s.trials(s.sweeps()[0].id);
            const ok = rows.filter((t) => t.success).length;
            const worst = Math.max(...rows.map((t) => t.error));
            return ok === rows.length
              ? worst
              : `${ok}/${rows.length} recovered, max ${worst.toExponential(1)}`;
          } finally {
            s.close();
          }
        },
      };
    },
    peer: withPeer
      ? {
          cmd: [
            '/usr/bin/python3',
            'bench/peers/experiments_bp.py',
            String(N),
            String(M),
            String(K),
            String(trials),
            String(workers),
            peerRecord(solver, workers, trials),
          ],
          env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
          pkg: 'python3-scipy',
        }
      : undefined,
    get note() {
      const more = extra();
      return more ? `${note}; ${more}` : note;
    },
  };
}

export function cases(): BenchCase[] {
  mkdirSync(DIR, { recursive: true });
  const big = 1000;
  const small = 200;
  const long = 8000;
  const lp =
    'bp-lp: HiGHS compiled to WebAssembly against native HiGHS in scipy, informational (target 1 = parity, as in the solvers group); the 5x target is carried by bp-homotopy';
  const per = (t: number) => `times per batch of ${t} trials (one runSweep, store writes included)`;
  const startup =
    'runSweep times its first batch on the calling thread and starts workers only when the rest would take over 0.3 s (starting two costs ~0.15-0.2 s): a batch this small runs on the calling thread alone';
  const scale = (solver: string, t: number) => () => `${scaling(solver, t)}; ${steady(solver, t)}`;
  return [
    sweepCase('bp-homotopy', 1, big, 0.2, per(big)),
    sweepCase('bp-homotopy', 1, small, 0.2, `${per(small)}; ${startup}`),
    sweepCase('bp-homotopy', 2, big, 0.2, per(big), scale('bp-homotopy', big)),
    sweepCase('bp-homotopy', 2, small, 0.2, `${per(small)}; ${startup}`),
    // long batches reach the steady state on both workers: our 1 -> 2 scaling without start-up
    sweepCase(
      'bp-homotopy',
      1,
      long,
      0.2,
      `${per(long)}; no peer (it would take minutes per batch)`,
      undefined,
      false,
    ),
    sweepCase('bp-homotopy', 2, long, 0.2, per(long), scale('bp-homotopy', long), false),
    sweepCase('bp-lp', 1, big, 1, `${lp}; ${per(big)}`),
    sweepCase('bp-lp', 2, big, 1, `${lp}; ${per(big)}`, scale('bp-lp', big)),
  ];
}
