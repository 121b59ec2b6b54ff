/**
 * Least squares on a support, min_c ||y - A_S c||_2, for CoSaMP, Subspace Pursuit and HTP, by a
 * Householder QR of the gathered columns A_S (m x s, s <= m) in a preallocated workspace
 * (core/dense `householderInPlace`, `applyQt`):
 *
 *     A_S = Q R,   c = R^{-1} (Q^T y)_{1..s},
 *
 * in O(m s^2) flops (the only allocation per solve is the core's s-entry tau vector). QR rather
 * than the normal equations keeps the accuracy at cond(A_S) instead of cond(A_S)^2. A column
 * whose |R_jj| falls below 1e-12 max_i ||a_i|| is numerically dependent on the earlier ones: its
 * coefficient is set to 0 (the core's `lstsqColumns` would throw) and the count of such columns
 * is returned.
 *
 * Reference: Golub & Van Loan, "Matrix Computations", 4th ed., Algorithms 5.1.1 (Householder
 * vector) and 5.3.2 (Householder least squares); LAPACK dgeqr2.
 *
 * @example
 * import { SupportLeastSquares } from './greedy-ls.ts';
 * // with ops from greedyOps(problem): coefficients of y on columns 0 and 3
 * // const ls = new SupportLeastSquares(m, 2); ls.solve(ops, y, Int32Array.of(0, 3), 2, coef);
 */
import { applyQt, householderInPlace } from '../core/dense/qr.ts';
import type { GreedyOps } from './greedy-ops.ts';

/** |R_jj| <= DEPENDENT max_i ||a_i|| marks column j as dependent. */
const DEPENDENT = 1e-12;

export class SupportLeastSquares {
  readonly m: number;
  readonly capacity: number;
  private readonly w: Float64Array;
  private readonly qy: Float64Array;
  private readonly tau: Float64Array;

  /** Workspace for supports of up to `capacity` columns of length m. */
  constructor(m: number, capacity: number) {
    this.m = m;
    this.capacity = capacity;
    this.w = new Float64Array(m * capacity);
    this.qy = new Float64Array(m);
    this.tau = new Float64Array(Math.min(m, capacity));
  }

  /**
   * coef[t] = the least-squares coefficient of column supp[t] (t < s; s <= min(m, capacity)).
   * Returns the number of columns found numerically dependent (their coefficients are 0).
   */
  solve(ops: GreedyOps, y: Float64Array, supp: Int32Array, s: number, coef: Float64Array): number {
    const { m, w, qy } = this;
    for (let t = 0; t < s; t++) ops.gather(supp[t], w, t * m);
    const f = householderInPlace(w, m, s, this.tau);
    qy.set(y);
    applyQt(f, qy);
    let dependent = 0;
    const small = DEPENDENT * f.colNormMax;
    for (let c = s - 1; c >= 0; c--) {
      const rcc = w[c * m + c];
      if (!(Math.abs(rcc) > small)) {
        coef[c] = 0;
        dependent++;
        continue;
      }
      let v = qy[c];
      for (let d = c + 1; d < s; d++) v -= w[d * m + c] * coef[d];
      coef[c] = v / rcc;
    }
    return dependent;
  }
}
