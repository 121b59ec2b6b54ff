/**
 * Solver benchmark: the LASSO  min 1/2 ||Ax - y||^2 + lambda ||x||_1  with lambda = 1e-3, Gaussian
 * N(0, 1/m) A, n = 1024, m = 256, a k = 32 sparse Gaussian x0 (createRng(2024, 4)) and y = A x0 +
 * w, w ~ N(0, 1e-8 I) (noise std 1e-4). The instance is written to
 * bench/results/solvers-lasso.{A,y}.f64 (with the reference optimum F* in solvers-lasso.ref.json:
 * lassoCD at tol 1e-14, checked against the exact l1 homotopy), and the peer
 * (bench/peers/solvers_lasso.py) reads the same bytes.
 *
 * Ours: `lassoCD` (working-set coordinate descent; our fastest LASSO solver on this instance, about
 * 3x faster than `lassoHomotopy`) at its default tolerance (KKT residual <= 1e-9 lambda_max), from
 * the row-major matrix, column extraction included in the timing. Peer: scikit-learn
 * `Lasso(alpha = lambda/m, fit_intercept=False, tol=1e-8)`, cyclic coordinate descent, one BLAS
 * thread, given A in Fortran order (its native layout, converted outside the timed call).
 * Errors: each side's objective relative to F*, (F - F*) / F*. Accuracy rule: ours is within
 * 1e-6 of the peer's, (F - F_peer) / F* <= 1e-6 (each side stops by its own KKT / duality-gap
 * tolerance; the detail prints both objectives). Target ratio <= 1.0.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRng } from '../../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../../src/linops/matrix.ts';
import { lassoCD } from '../../../src/solvers/coordinate-descent.ts';
import { lassoHomotopy } from '../../../src/solvers/homotopy.ts';
import type { BenchCase } from '../../harness.ts';
import { atMost } from '../../verdict.ts';

const DIR = 'bench/results';
const PREFIX = `${DIR}/solvers-lasso`;
const M = 256;
const N = 1024;
const K = 32;
const LAMBDA = 1e-3;

let cached: { A: { rows: number; cols: number; data: Float64Array }; y: Float64Array; fStar: number } | null =
  null;

function instance() {
  if (cached) return cached;
  const rng = createRng(2024, 4);
  const A = gaussianMatrix(M, N, rng);
  const x0 = rng.sparseVector(N, K, 'gaussian', new Float64Array(N));
  const w = rng.fillNormal(new Float64Array(M), 0, 1e-4);
  const y = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    let s = w[i];
    for (let j = 0; j < N; j++) s += A.data[i * N + j] * x0[j];
    y[i] = s;
  }
  const ref = lassoCD(A, y, { lambda: LAMBDA, tol: 1e-14 });
  const hom = lassoHomotopy(A, y, { lambda: LAMBDA });
  const fStar = Math.min(ref.objective, hom.objective);
  if (!ref.converged || Math.abs(ref.objective - hom.objective) > 1e-12 * fStar) {
    throw new Error(`bench lasso: reference optima disagree: CD ${ref.objective}, homotopy ${hom.objective}`);
  }
  mkdirSync(DIR, { recursive: true });
  writeFileSync(`${PREFIX}.A.f64`, new Uint8Array(A.data.buffer));
  writeFileSync(`${PREFIX}.y.f64`, new Uint8Array(y.buffer));
  writeFileSync(
    `${PREFIX}.ref.json`,
    `${JSON.stringify({ m: M, n: N, lambda: LAMBDA, fStar, support: ref.support!.length })}\n`,
  );
  cached = { A, y, fStar };
  return cached;
}

export function cases(): BenchCase[] {
  return [
    {
      name: `LASSO n=${N} m=${M} k=${K} lambda=${LAMBDA}: lassoCD vs sklearn Lasso(tol=1e-8)`,
      target: 1.0,
      accuracy: {
        rule: 'objective within 1e-6 of the peer\'s: (F - F_peer) / F* <= 1e-6 (errors: (F - F*) / F*)',
        check: (ours, peer) => ours !== null && peer !== null && atMost(ours - peer, 1e-6),
      },
      minSeconds: 0.5,
      ours: () => {
        const { A, y, fStar } = instance();
        let f = Number.NaN;
        return {
          run: () => {
            f = lassoCD(A, y, { lambda: LAMBDA, historyEvery: 0 }).objective;
          },
          error: () => (f - fStar) / fStar,
          detail: () => `F = ${f.toPrecision(12)}, F* = ${fStar.toPrecision(12)}`,
        };
      },
      peer: {
        cmd: [
          '/usr/bin/python3',
          'bench/peers/solvers_lasso.py',
          PREFIX,
          String(M),
          String(N),
          String(LAMBDA),
        ],
        env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
        pkg: 'python3-sklearn',
      },
      note:
        'objective 1/2||Ax-y||^2 + lambda||x||_1 relative to F* (lassoCD tol 1e-14 = exact homotopy); sklearn alpha = lambda/m, ' +
        'A in Fortran order for the peer (converted outside the timed call), row-major for ours (column copies timed)',
    },
  ];
}
