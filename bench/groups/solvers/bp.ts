/**
 * Solver benchmark: exact basis pursuit  min ||x||_1  s.t.  Ax = y,  Gaussian N(0, 1/m) A with
 * n = 1024, m = 400 and a k = 80 sparse Gaussian x0 (createRng(2024, 3)), y = A x0. The instance
 * is written to bench/results/solvers-bp.{A,y,x0}.f64 and the peer (bench/peers/solvers_bp.py)
 * reads the same bytes (one BLAS thread).
 *
 * Rows and stopping rules:
 * - `bpHomotopy` vs scikit-learn `lars_path(A, y, method='lasso', alpha_min=0)`: the like-for-like
 *   pair, target <= 1.0 (parity, as for the other like-for-like solver rows). Both follow the
 *   LASSO path (the l1 homotopy) from lambda_max down to lambda = 0 and stop there: ours when
 *   the path reaches lambda = 0 (stopReason 'optimal'), lars_path when alpha reaches alpha_min = 0.
 * - `bpHomotopy` vs scipy `linprog(method='highs')`: informational (a different algorithm: the
 *   simplex method on the split LP, stopping at HiGHS's optimality tolerances). Issue 3 set its
 *   <= 0.5 target against this row before the like-for-like rule; the note says whether it holds.
 * - `bpLP` (the same split LP in HiGHS compiled to WebAssembly, presolve off) vs linprog:
 *   informational (no issue target; WebAssembly against native HiGHS).
 *
 * Accuracy rule (every row): x is the BP optimum. The errors are ||x - x0|| / ||x0|| (x0 is the
 * unique optimum of this instance: linprog reaches it to ~1e-11); ours must be within 1e-9 of it,
 * and ||x||_1 within 1e-9 (relative) of the LP optimum computed by linprog (the peer writes it
 * outside any timing); on the lars row also the peer within 1e-9 of x0 and ours within 1e-9 of
 * the peer's solution and l1 norm. The details print each side's ||x||_1, residual and steps.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRng } from '../../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../../src/linops/matrix.ts';
import { bpLP } from '../../../src/solvers/bp-lp.ts';
import { initHighs } from '../../../src/solvers/highs-runtime.ts';
import { bpHomotopy } from '../../../src/solvers/homotopy.ts';
import type { SolverResult } from '../../../src/solvers/types.ts';
import type { BenchCase, OursSetup } from '../../harness.ts';
import { atMost } from '../../verdict.ts';

const DIR = 'bench/results';
const PREFIX = `${DIR}/solvers-bp`;
const M = 400;
const N = 1024;
const K = 80;
const TOL = 1e-9;

function relErr(x: Float64Array, ref: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    d += (x[i] - ref[i]) ** 2;
    s += ref[i] * ref[i];
  }
  return Math.sqrt(d / s);
}

const l1 = (x: Float64Array) => x.reduce((s, v) => s + Math.abs(v), 0);
const readF64 = (p: string) => (existsSync(p) ? new Float64Array(readFileSync(p).buffer.slice(0)) : null);

let cached: {
  A: { rows: number; cols: number; data: Float64Array };
  y: Float64Array;
  x0: Float64Array;
} | null = null;
function instance() {
  if (cached) return cached;
  const rng = createRng(2024, 3);
  const A = gaussianMatrix(M, N, rng);
  const x0 = rng.sparseVector(N, K, 'gaussian', new Float64Array(N));
  const y = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    let s = 0;
    for (let j = 0; j < N; j++) s += A.data[i * N + j] * x0[j];
    y[i] = s;
  }
  mkdirSync(DIR, { recursive: true });
  writeFileSync(`${PREFIX}.A.f64`, new Uint8Array(A.data.buffer));
  writeFileSync(`${PREFIX}.y.f64`, new Uint8Array(y.buffer));
  writeFileSync(`${PREFIX}.x0.f64`, new Uint8Array(x0.buffer));
  cached = { A, y, x0 };
  return cached;
}

const peer = (method: 'linprog' | 'lars') => ({
  cmd: ['/usr/bin/python3', 'bench/peers/solvers_bp.py', PREFIX, String(M), String(N), method],
  env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  pkg: method === 'lars' ? 'python3-sklearn python3-scipy' : 'python3-scipy',
});

/** What ours is checked with after the timing: l1 gaps to the LP optimum and to the peer. */
interface Gaps {
  lp: number | null;
  peer: number | null;
  xPeer: number | null;
}

/** Our side of a row: the timed solve, ||x - x0|| / ||x0||, and the gaps (filled after the run). */
function oursSide(solve: () => SolverResult, method: 'linprog' | 'lars', gaps: Gaps): () => OursSetup {
  return () => {
    const { x0 } = instance();
    // never judge by a stale file: the peer writes these after this setup
    for (const f of [`${PREFIX}.lp.x.f64`, `${PREFIX}.${method}.x.f64`]) rmSync(f, { force: true });
    let r: SolverResult | null = null;
    return {
      run: () => {
        r = solve();
      },
      error: () => {
        const x = (r as SolverResult).x;
        const xLp = readF64(`${PREFIX}.lp.x.f64`);
        const xPeer = readF64(`${PREFIX}.${method}.x.f64`);
        gaps.lp = xLp ? Math.abs(l1(x) - l1(xLp)) / l1(xLp) : null;
        gaps.peer = xPeer ? Math.abs(l1(x) - l1(xPeer)) / l1(xPeer) : null;
        gaps.xPeer = xPeer ? relErr(x, xPeer) : null;
        return relErr(x, x0);
      },
      detail: () => {
        const res = r as SolverResult;
        const e = (v: number | null) => (v === null ? 'n/a' : v.toExponential(1));
        return (
          `||x||_1 = ${l1(res.x)} (|l1 - l1_LP| / l1_LP = ${e(gaps.lp)}, vs the peer's l1 ${e(gaps.peer)}, ` +
          `||x - x_peer|| / ||x_peer|| = ${e(gaps.xPeer)}), ${res.iterations} path events / iterations, stop: ${res.stopReason}`
        );
      },
    };
  };
}

export function cases(): BenchCase[] {
  const label = `basis pursuit n=${N} m=${M} k=${K}`;
  const homotopy = () => {
    const { A, y } = instance();
    return bpHomotopy(A, y, { historyEvery: 0 });
  };
  const stopOurs = 'ours stops when the path reaches lambda = 0 (exact up to rounding)';
  const gLars: Gaps = { lp: null, peer: null, xPeer: null };
  const gLp: Gaps = { lp: null, peer: null, xPeer: null };
  const gWasm: Gaps = { lp: null, peer: null, xPeer: null };
  const lpRule = {
    rule: `||x - x0|| / ||x0|| <= ${TOL} and ||x||_1 within ${TOL} (relative) of the LP optimum (linprog)`,
    check: (ours: number | null) => atMost(ours, TOL),
  };
  return [
    {
      name: `${label}: bpHomotopy vs lars_path(lasso, alpha_min=0)`,
      target: 1.0,
      accuracy: {
        rule:
          `both at the BP optimum: ||x - x0|| / ||x0|| <= ${TOL} on both sides, ours' ||x||_1 within ${TOL} (relative) ` +
          `of the LP optimum and of the peer's, and ||x - x_peer|| / ||x_peer|| <= ${TOL}`,
        check: (ours, peerErr) =>
          atMost(ours, TOL) && atMost(peerErr, TOL) && atMost(gLars.lp, TOL) && atMost(gLars.peer, TOL) && atMost(gLars.xPeer, TOL),
      },
      minSeconds: 0.5,
      ours: oursSide(homotopy, 'lars', gLars),
      peer: peer('lars'),
      note:
        `the like-for-like pair: both follow the LASSO path to lambda = 0; ${stopOurs}; lars_path stops when alpha reaches ` +
        'alpha_min = 0 (sklearn alpha = lambda / m; Gram not precomputed, its default for m < n); both timed from the dense A ' +
        '(ours: input checks, the path; lars_path: its copies of A and the path); one BLAS thread',
    },
    {
      name: `${label}: bpHomotopy vs linprog(highs)`,
      target: null,
      informational: 'a different algorithm (the simplex method on the split LP); the like-for-like row is lars_path above',
      accuracy: {
        rule: lpRule.rule,
        check: (ours) => lpRule.check(ours) && atMost(gLp.lp, TOL),
      },
      minSeconds: 0.5,
      ours: oursSide(homotopy, 'linprog', gLp),
      peer: peer('linprog'),
      note: `${stopOurs}; linprog stops at HiGHS's optimality tolerances; issue 3 asked for ratio <= 0.5 against this peer`,
    },
    {
      name: `${label}: bpLP (HiGHS wasm) vs linprog(highs)`,
      target: null,
      informational: 'no issue target: the same LP in HiGHS compiled to WebAssembly (presolve off) against native HiGHS',
      accuracy: {
        rule: lpRule.rule,
        check: (ours) => lpRule.check(ours) && atMost(gWasm.lp, TOL),
      },
      minSeconds: 0.5,
      ours: async () => {
        await initHighs();
        return oursSide(() => {
          const { A, y } = instance();
          return bpLP(A, y, { historyEvery: 0 });
        }, 'linprog', gWasm)();
      },
      peer: peer('linprog'),
      note: 'both stop at HiGHS optimality (ours then polishes the basis solution in double precision)',
    },
  ];
}
