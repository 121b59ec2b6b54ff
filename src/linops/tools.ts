/**
 * Operator utilities: materialise an operator as a dense matrix (tests, coherence of small
 * problems) and compute its norm ||A||_2 by power iteration on A^H A.
 *
 * @example
 * import { toDense } from './tools.ts';
 * import { gradient1 } from './gradient.ts';
 * toDense(gradient1(3)).data; // rows [-1 1 0; 0 -1 1; 0 0 0]
 */
import { lanczosMaxEig } from '../core/dense/lanczos.ts';
import { powerIteration } from '../core/dense/power.ts';
import { CandorError } from '../core/errors.ts';
import type { LinearOperator } from './types.ts';

/**
 * Dense row-major matrix of A (rows x cols; complex operators give interleaved entries,
 * `data.length = 2 rows cols`). Refuses more than `maxEntries` entries (default 2^24).
 */
export function toDense(A: LinearOperator, maxEntries = 1 << 24): { rows: number; cols: number; complex: boolean; data: Float64Array } {
  if (A.rows * A.cols > maxEntries) {
    throw new CandorError('toDense', `size of ${A.name}`, `at most ${maxEntries} entries`, `${A.rows} x ${A.cols}`);
  }
  const complex = A.field === 'complex';
  const w = complex ? 2 : 1;
  const data = new Float64Array(w * A.rows * A.cols);
  const e = new Float64Array(w * A.cols);
  const col = new Float64Array(w * A.rows);
  for (let j = 0; j < A.cols; j++) {
    e.fill(0);
    e[w * j] = 1;
    A.apply(e, col);
    for (let i = 0; i < A.rows; i++) {
      data[w * (i * A.cols + j)] = col[w * i];
      if (complex) data[w * (i * A.cols + j) + 1] = col[w * i + 1];
    }
  }
  return { rows: A.rows, cols: A.cols, complex, data };
}

/**
 * ||A||_2 (the largest singular value) by the power method on A^H A (core `powerIteration`,
 * seeded start vector). The estimate approaches the norm from below; `converged` says whether the
 * relative change of the Rayleigh quotient fell below `tol`.
 *
 * @example
 * import { opNorm } from './tools.ts';
 * import { gradient1 } from './gradient.ts';
 * opNorm(gradient1(64)).norm; // just below 2 (the 1-D difference operator's norm tends to 2)
 */
export function opNorm(A: LinearOperator, opts: { seed?: number; tol?: number; maxIter?: number } = {}): { norm: number; iterations: number; converged: boolean } {
  return powerIteration((x, out) => A.normal(x, out), A.cols, { complex: A.field === 'complex', seed: opts.seed ?? 0, tol: opts.tol ?? 1e-10, maxIter: opts.maxIter ?? 1000 });
}

/**
 * ||A||_2 by Lanczos on A^H A (core `lanczosMaxEig`, full reorthogonalization, seeded start):
 * far fewer applications than the power method for the same accuracy (20-30 instead of hundreds
 * on the radio coverages). `norm` = sqrt(theta) is a lower bound; `upper` = sqrt(theta +
 * residual) bounds it from above once the Ritz value has converged to the largest eigenvalue
 * (the residual bounds the distance to an eigenvalue; Infinity when the iteration did not
 * converge, where no bound is known). `direct: true` uses A^H (A x) instead of
 * `A.normal` (when few applications do not repay building a Toeplitz normal operator).
 *
 * @example
 * import { opNormLanczos } from './tools.ts';
 * import { gradient1 } from './gradient.ts';
 * opNormLanczos(gradient1(64)).norm; // just below 2, in far fewer steps than opNorm
 */
export function opNormLanczos(
  A: LinearOperator,
  opts: { seed?: number; tol?: number; maxIter?: number; direct?: boolean } = {},
): { norm: number; upper: number; iterations: number; converged: boolean } {
  let normal = (x: Float64Array, out: Float64Array) => {
    A.normal(x, out);
  };
  if (opts.direct) {
    const t = new Float64Array(A.field === 'complex' ? 2 * A.rows : A.rows);
    normal = (x, out) => {
      A.adjoint(A.apply(x, t), out);
    };
  }
  const r = lanczosMaxEig(normal, A.cols, { complex: A.field === 'complex', seed: opts.seed ?? 0, tol: opts.tol ?? 1e-8, maxIter: opts.maxIter ?? 100 });
  return { norm: Math.sqrt(r.value), upper: r.converged ? Math.sqrt(r.value + r.residual) : Number.POSITIVE_INFINITY, iterations: r.iterations, converged: r.converged };
}
