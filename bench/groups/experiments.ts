/**
 * Experiments benchmark (issue 5): basis-pursuit phase-transition trials per second at n = 200,
 * delta = 0.5, rho = 0.2 (m = 100, k = 20, Gaussian N(0, 1/m), signed +-1 signal), through the
 * real sweep path: each timed call is one `runSweep` of a batch of trials (one cell, `trials`
 * trials, seed 1) into a fresh temporary SQLite store, on 1 or 2 worker threads, so it includes
 * starting the workers, generating every trial, solving, and committing the results.
 *
 * The peer (bench/peers/experiments_bp.py) runs the same batch size the same way in Python: a
 * multiprocessing Pool with one process per worker is started inside the timed call, and each
 * trial draws A and the signal with numpy and solves it, one BLAS thread per process, with
 * - scikit-learn `lars_path(A, y, method='lasso', alpha_min=0)`: the l1 homotopy, like-for-like
 *   with our `bp-homotopy` (both follow the LASSO path to lambda = 0 and stop there); these rows
 *   carry the target "at least 5x the Python rate", ratio <= 0.2 (each row's times are
 *   per batch, so ours_s / peer_s is the inverse ratio of trials per second);
 * - scipy `linprog(method='highs')` (the split LP, stopping at HiGHS's optimality tolerances):
 *   informational against `bp-homotopy` (a different algorithm), and like-for-like against our
 *   `bp-lp` (HiGHS compiled to WebAssembly), which has no issue target (informational, parity 1).
 *
 * Rows: `bp-homotopy` with 1 and 2 workers against lars_path on 1 and 2 processes, over batches
 * of 1000 and of 200 trials; the same against linprog over 1000 trials (informational); over
 * 8000 trials without a peer (informational: long enough for both workers to reach their steady
 * state); `bp-lp` against linprog over 1000 trials (informational). Workers count the calling
 * thread: 1 worker runs every trial on it, 2 workers are it and one worker thread. The executor
 * keeps idle worker threads 30 s for the next run (as joblib's reusable executor does), so in
 * the target rows the worker thread comes warm from the previous batch, as the peer's forked
 * processes inherit their warm parent; two informational rows start a new thread in every
 * batch (~0.07 s to load, then ~75 trials before the JIT has optimised them): a process's first
 * sweep. Notes: the 1 -> 2 scaling of whole batches of both sides, and ours at steady state
 * (through runSweep's progress callback, from a quarter of the batch to its end).
 *
 * Accuracy rule: every trial of a batch recovers x0, ||x - x0|| / ||x0|| <= 1e-5 (the sweep's
 * success threshold), on both sides; the errors are each side's largest relative error of a batch
 * (ours: the last timed batch; the peer: its first), and the detail counts recovered trials.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopIdleWorkers } from '../../src/experiments/node/executor.ts';
import { runSweep } from '../../src/experiments/node/run-sweep.ts';
import { Store } from '../../src/experiments/node/store.ts';
import { prepareSweepSolver } from '../../src/experiments/solvers.ts';
import type { BenchCase } from '../harness.ts';
import { queueCases } from '../lib/experiments-queue.ts';
import { atMost } from '../verdict.ts';

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

/** Which peer a row runs: the like-for-like l1 homotopy, the LP, or none. */
type PeerSolver = 'lars' | 'linprog' | null;

/** A row's key: our solver, its peer, workers, trials (for the scaling notes). */
const key = (solver: string, peer: PeerSolver, workers: number, trials: number) =>
  `${solver}/${peer ?? 'none'}/${workers}/${trials}`;

/** Our per-batch times by row key. */
const ourTimes = new Map<string, number[]>();
const peerRecord = (peer: string, procs: number, trials: number) =>
  `${DIR}/experiments-peer-${peer}-p${procs}-t${trials}.json`;

function peerTimes(peer: PeerSolver, procs: number, trials: number): number[] {
  if (!peer) return [];
  try {
    return JSON.parse(readFileSync(peerRecord(peer, procs, trials), 'utf8')) as number[];
  } catch {
    return [];
  }
}

/** Median batch time (warm-up dropped) of ours or the peer, or NaN when not measured. */
function batch(side: 'ours' | 'peer', solver: string, peer: PeerSolver, workers: number, trials: number): number {
  // the first call of each side is the harness's warm-up
  const t = (
    side === 'ours' ? (ourTimes.get(key(solver, peer, workers, trials)) ?? []) : peerTimes(peer, workers, trials)
  ).slice(1);
  return t.length ? median(t) : Number.NaN;
}

const fmtX = (x: number) => (Number.isFinite(x) ? `x${x.toFixed(2)}` : 'n/a');

/** Whole-batch scaling: trials/s with 2 workers (processes) over trials/s with 1. */
function scaling(solver: string, peer: PeerSolver, trials: number): string {
  const f = (side: 'ours' | 'peer') =>
    batch(side, solver, peer, 1, trials) / batch(side, solver, peer, 2, trials);
  const p = f('peer');
  return (
    `whole batches: trials/s scale from 1 to 2 workers by ${fmtX(f('ours'))} (ours)` +
    (Number.isFinite(p) ? ` and from 1 to 2 processes by ${fmtX(p)} (peer)` : '')
  );
}

/** Our steady-state rates (trials/s after a batch's first results arrived) by the same key. */
const ourRates = new Map<string, number[]>();

/**
 * Steady-state scaling of ours, without the fixed start-up cost of a batch: the rate from the
 * progress report at a quarter of the batch (every worker is running) to its end, 2 workers
 * over 1.
 */
function steady(solver: string, peer: PeerSolver, trials: number): string {
  const rate = (w: number) => {
    const r = (ourRates.get(key(solver, peer, w, trials)) ?? []).slice(1);
    return r.length ? median(r) : Number.NaN;
  };
  return (
    `steady state (from a quarter of a batch to its end): ours runs ${rate(1).toFixed(0)} trials/s ` +
    `on 1 worker and ${rate(2).toFixed(0)} on 2 (${fmtX(rate(2) / rate(1))})`
  );
}

/** A row: our solver on `workers` workers over batches of `trials`, against `peer` (or alone). */
interface Row {
  solver: string;
  workers: number;
  trials: number;
  peer: PeerSolver;
  /** The target ratio, or null with the reason the row is informational. */
  target: number | null;
  informational?: string;
  note: string;
  extra?: () => string;
  /** Stop the executor's kept worker threads before each batch, so each batch starts and compiles its own. */
  cold?: boolean;
}

const TOL = 1e-5;

function sweepCase(row: Row): BenchCase {
  const { solver, workers, trials, peer } = row;
  const k = key(solver, peer, workers, trials) + (row.cold ? '/cold' : '');
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
  const against = peer
    ? ` vs ${peer === 'lars' ? 'lars_path' : 'linprog'} on ${workers} process${workers > 1 ? 'es' : ''}`
    : ' (ours only)';
  let recovered = '';
  return {
    name: `BP sweep n=${N} m=${M} k=${K}, ${trials} trials, ${solver}, ${workers} worker${workers > 1 ? 's' : ''}${row.cold ? ' started per batch' : ''}${against}`,
    target: row.target,
    ...(row.informational ? { informational: row.informational } : {}),
    accuracy: {
      rule: `every trial recovers x0: ||x - x0|| / ||x0|| <= ${TOL} (the sweep's success threshold) on both sides`,
      check: (ours, p) => atMost(ours, TOL) && (p === null || atMost(p, TOL)),
    },
    minSeconds: 0.2,
    ours: async () => {
      await prepareSweepSolver(solver);
      const dir = tmpDir();
      const times: number[] = [];
      ourTimes.set(k, times);
      const rates: number[] = [];
      ourRates.set(k, rates);
      let runs = 0;
      let last = '';
      return {
        run: async () => {
          const path = join(dir, `${solver}-${peer ?? 'none'}-w${workers}-t${trials}${row.cold ? '-cold' : ''}-${runs++}.db`);
          if (row.cold) await stopIdleWorkers();
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
            recovered = `${ok}/${rows.length} trials of the last batch recovered`;
            return Math.max(...rows.map((t) => t.error));
          } finally {
            s.close();
          }
        },
        detail: () => recovered,
      };
    },
    peer: peer
      ? {
          cmd: [
            '/usr/bin/python3',
            'bench/peers/experiments_bp.py',
            String(N),
            String(M),
            String(K),
            String(trials),
            String(workers),
            peer,
            peerRecord(peer, workers, trials),
          ],
          env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
          pkg: peer === 'lars' ? 'python3-sklearn' : 'python3-scipy',
        }
      : undefined,
    get note() {
      const more = row.extra?.() ?? '';
      return more ? `${row.note}; ${more}` : row.note;
    },
  };
}

export function cases(): BenchCase[] {
  mkdirSync(DIR, { recursive: true });
  const big = 1000;
  const small = 200;
  const long = 8000;
  const H = 'bp-homotopy';
  const per = (t: number) => `times per batch of ${t} trials (one runSweep, store writes included)`;
  const stops =
    'both sides solve every trial exactly: ours follows the LASSO path to lambda = 0, lars_path to alpha_min = 0';
  const startup = 'with 1 worker every trial runs on the calling thread (no thread is started)';
  const kept =
    'the calling thread is one of the 2 workers; the other is a worker thread the executor kept from the previous batch (idle threads are kept 30 s, like joblib\'s reusable executor: the peer\'s pool is forked inside the call and inherits its warm parent), so this batch pays no thread start-up; see the rows started per batch for a process\'s first sweep';
  const coldNote =
    'each batch starts its worker thread (~0.07 s to load, then its first ~75 trials run before the JIT has optimised them); a batch whose first 8 trials predict under 0.3 s of work runs on the calling thread alone';
  const coldOnly = 'a process\'s first sweep: thread start-up and JIT warm-up inside the call (the target rows reuse kept threads)';
  const lpStops = 'linprog stops at HiGHS\'s optimality tolerances';
  const differentAlgo = 'a different algorithm (the simplex method on the split LP); the like-for-like rows are against lars_path';
  const lpNoTarget =
    'no issue target: HiGHS compiled to WebAssembly against native HiGHS in scipy (the 5x target is carried by bp-homotopy vs lars_path)';
  const ourOnly = 'ours alone (a peer would take minutes per batch): our steady-state scaling without start-up';
  const scale = (solver: string, peer: PeerSolver, t: number) => () =>
    `${scaling(solver, peer, t)}; ${steady(solver, peer, t)}`;
  const rows: Row[] = [
    { solver: H, workers: 1, trials: big, peer: 'lars', target: 0.2, note: `${stops}; ${per(big)}` },
    { solver: H, workers: 1, trials: small, peer: 'lars', target: 0.2, note: `${stops}; ${per(small)}; ${startup}` },
    {
      solver: H,
      workers: 2,
      trials: big,
      peer: 'lars',
      target: 0.2,
      note: `${stops}; ${per(big)}; ${kept}`,
      extra: scale(H, 'lars', big),
    },
    { solver: H, workers: 2, trials: small, peer: 'lars', target: 0.2, note: `${stops}; ${per(small)}; ${kept}` },
    // the same two batches with new threads each time: what a process's first sweep pays
    { solver: H, workers: 2, trials: big, peer: 'lars', target: null, informational: coldOnly, note: `${stops}; ${per(big)}; ${coldNote}`, cold: true },
    { solver: H, workers: 2, trials: small, peer: 'lars', target: null, informational: coldOnly, note: `${stops}; ${per(small)}; ${coldNote}`, cold: true },
    { solver: H, workers: 1, trials: big, peer: 'linprog', target: null, informational: differentAlgo, note: `${lpStops}; ${per(big)}` },
    {
      solver: H,
      workers: 2,
      trials: big,
      peer: 'linprog',
      target: null,
      informational: differentAlgo,
      note: `${lpStops}; ${per(big)}`,
      extra: scale(H, 'linprog', big),
    },
    // long batches reach the steady state on both workers: our 1 -> 2 scaling without start-up
    { solver: H, workers: 1, trials: long, peer: null, target: null, informational: ourOnly, note: per(long) },
    {
      solver: H,
      workers: 2,
      trials: long,
      peer: null,
      target: null,
      informational: ourOnly,
      note: per(long),
      extra: scale(H, null, long),
    },
    { solver: 'bp-lp', workers: 1, trials: big, peer: 'linprog', target: null, informational: lpNoTarget, note: `both stop at HiGHS optimality; ${per(big)}` },
    {
      solver: 'bp-lp',
      workers: 2,
      trials: big,
      peer: 'linprog',
      target: null,
      informational: lpNoTarget,
      note: `both stop at HiGHS optimality; ${per(big)}`,
      extra: scale('bp-lp', 'linprog', big),
    },
  ];
  // the Redis job queue against the local executor (issue 17): bench/lib/experiments-queue.ts
  return [...rows.map(sweepCase), ...queueCases()];
}
