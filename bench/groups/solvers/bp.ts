/**
 * Solver benchmark: exact basis pursuit, Gaussian N(0, 1/m) A with n = 1024, m = 400 and a k = 80
 * sparse Gaussian x0 (createRng(2024, 3)), y = A x0. The instance is written to
 * bench/results/solvers-bp.{A,y,x0}.f64 and the peer (bench/peers/solvers_bp.py) reads the same
 * bytes. The peer is scipy `linprog(c, A_eq=[A, -A], b_eq=y, bounds=(0, None), method='highs')`,
 * one thread (native HiGHS; c and A_eq are built outside the timed call).
 *
 * - `bpHomotopy` (our fastest exact BP) vs linprog: target <= 0.5 at equal accuracy (both reach
 *   relative error < 1e-8 against x0; the error column shows each side's);
 * - `bpLP` (the same LP through HiGHS compiled to WebAssembly, presolve off) vs linprog: reported
 *   (WASM vs native HiGHS; no issue target, the row's target 1.0 is parity).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRng } from '../../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../../src/linops/matrix.ts';
import { bpLP } from '../../../src/solvers/bp-lp.ts';
import { initHighs } from '../../../src/solvers/highs-runtime.ts';
import { bpHomotopy } from '../../../src/solvers/homotopy.ts';
import type { BenchCase } from '../../harness.ts';

const DIR = 'bench/results';
const M = 400;
const N = 1024;
const K = 80;

function relErr(x: Float64Array, ref: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    d += (x[i] - ref[i]) ** 2;
    s += ref[i] * ref[i];
  }
  return Math.sqrt(d / s);
}

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
  writeFileSync(`${DIR}/solvers-bp.A.f64`, new Uint8Array(A.data.buffer));
  writeFileSync(`${DIR}/solvers-bp.y.f64`, new Uint8Array(y.buffer));
  writeFileSync(`${DIR}/solvers-bp.x0.f64`, new Uint8Array(x0.buffer));
  cached = { A, y, x0 };
  return cached;
}

const peer = {
  cmd: ['/usr/bin/python3', 'bench/peers/solvers_bp.py', `${DIR}/solvers-bp`, String(M), String(N)],
  env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  pkg: 'python3-scipy',
};

export function cases(): BenchCase[] {
  const label = `basis pursuit n=${N} m=${M} k=${K}`;
  return [
    {
      name: `${label}: bpHomotopy vs linprog(highs)`,
      target: 0.5,
      minSeconds: 0.5,
      ours: () => {
        const { A, y, x0 } = instance();
        let x: Float64Array = new Float64Array(N);
        return {
          run: () => {
            x = bpHomotopy(A, y, { historyEvery: 0 }).x;
          },
          error: () => relErr(x, x0),
        };
      },
      peer,
      note: 'error = ||x - x0|| / ||x0||; homotopy follows the LASSO path to lambda = 0 (exact up to rounding)',
    },
    {
      name: `${label}: bpLP (HiGHS wasm) vs linprog(highs)`,
      target: 1.0,
      minSeconds: 0.5,
      ours: async () => {
        await initHighs();
        const { A, y, x0 } = instance();
        let x: Float64Array = new Float64Array(N);
        return {
          run: () => {
            x = bpLP(A, y, { historyEvery: 0 }).x;
          },
          error: () => relErr(x, x0),
        };
      },
      peer,
      note: 'bpLP: the same split LP in HiGHS 1.15 compiled to WebAssembly (presolve off) against native HiGHS in scipy; informational',
    },
  ];
}
