/**
 * Solver benchmark: OMP against scikit-learn's OrthogonalMatchingPursuit(n_nonzero_coefs=k,
 * fit_intercept=False), one BLAS thread, on the same instance: Gaussian N(0, 1/m) A (row-major)
 * and a k-sparse Gaussian x0 from createRng(2024, 4, n), y = A x0, written to
 * bench/results/solvers-omp-<n>.{A,y,x0}.f64 and read by the peer (bench/peers/solvers_omp.py).
 *
 * Both sides select k atoms (noiseless data: both recover x0 to ~1e-15, shown as the error
 * column); ours is timed from omp(A, y, { k }) with A a plain { rows, cols, data } (input
 * validation, the copy into the WebAssembly kernels and the solve), the peer's from est.fit(A, y)
 * (validation, its copies of A, the solve). Sizes: n=1024 m=256 k=32 and n=4096 m=1024 k=100.
 * Target (issue 3): ratio <= 1.0. Accuracy rule: both sides stop after k atoms (equal work);
 * ours recovers x0 to ||x - x0|| / ||x0|| <= 1e-12 (the peer's error beside it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRng } from '../../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../../src/linops/matrix.ts';
import { omp } from '../../../src/solvers/omp.ts';
import type { BenchCase } from '../../harness.ts';
import { atMost } from '../../verdict.ts';

const DIR = 'bench/results';

function relErr(x: Float64Array, ref: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    d += (x[i] - ref[i]) ** 2;
    s += ref[i] * ref[i];
  }
  return Math.sqrt(d / s);
}

function instance(m: number, n: number, k: number) {
  const rng = createRng(2024, 4, n);
  const A = gaussianMatrix(m, n, rng);
  const x0 = rng.sparseVector(n, k, 'gaussian', new Float64Array(n));
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += A.data[i * n + j] * x0[j];
    y[i] = s;
  }
  const prefix = `${DIR}/solvers-omp-${n}`;
  mkdirSync(DIR, { recursive: true });
  writeFileSync(`${prefix}.A.f64`, new Uint8Array(A.data.buffer));
  writeFileSync(`${prefix}.y.f64`, new Uint8Array(y.buffer));
  writeFileSync(`${prefix}.x0.f64`, new Uint8Array(x0.buffer));
  return { A: { rows: m, cols: n, data: A.data }, y, x0, prefix };
}

function ompCase(m: number, n: number, k: number): BenchCase {
  const prefix = `${DIR}/solvers-omp-${n}`;
  let inst: ReturnType<typeof instance> | null = null;
  const get = () => {
    inst ??= instance(m, n, k);
    return inst;
  };
  return {
    name: `omp n=${n} m=${m} k=${k} vs sklearn OrthogonalMatchingPursuit`,
    target: 1.0,
    accuracy: {
      rule: 'both stop after k atoms; ||x - x0|| / ||x0|| <= 1e-12 (noiseless: OMP recovers x0)',
      check: (ours) => atMost(ours, 1e-12),
    },
    minSeconds: 0.5,
    pairs: 7,
    ours: () => {
      const { A, y, x0 } = get();
      let x: Float64Array = new Float64Array(n);
      return {
        run: () => {
          x = omp(A, y, { k, historyEvery: 0 }).x;
        },
        error: () => relErr(x, x0),
      };
    },
    peer: {
      cmd: ['/usr/bin/python3', 'bench/peers/solvers_omp.py', prefix, String(m), String(n), String(k)],
      env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      pkg: 'python3-sklearn',
    },
    note: 'error = ||x - x0|| / ||x0|| after k atoms; timed: validation + copy of A + solve on both sides; one BLAS thread',
  };
}

export function cases(): BenchCase[] {
  return [ompCase(256, 1024, 32), ompCase(1024, 4096, 100)];
}
