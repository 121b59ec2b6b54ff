/**
 * Least squares on a support, min_c ||y - A_S c||_2, for CoSaMP, Subspace Pursuit and HTP, by a
 * Householder QR of the gathered columns A_S (m x s, s <= m) in a preallocated workspace:
 *
 *     A_S = Q R,   c = R^{-1} (Q^T y)_{1..s},
 *
 * in O(m s^2) flops and no allocation per solve. QR (rather than the normal equations) keeps the
 * accuracy at cond(A_S) instead of cond(A_S)^2. A column whose |R_jj| falls below
 * 1e-12 max_i |R_ii| is numerically dependent on the earlier ones: its coefficient is set to 0 and
 * the count of such columns is returned, so the caller can report it.
 *
 * Reference: Golub & Van Loan, "Matrix Computations", 4th ed., Algorithms 5.1.1 (Householder
 * vector) and 5.3.2 (Householder least squares); LAPACK dgeqr2.
 *
 * @example
 * import { SupportLeastSquares } from './greedy-ls.ts';
 * // with ops from greedyOps(problem): coefficients of y on columns 0 and 3
 * // const ls = new SupportLeastSquares(m, 2); ls.solve(ops, y, Int32Array.of(0, 3), 2, coef);
 */
import type { GreedyOps } from './greedy-ops.ts';

export class SupportLeastSquares {
  readonly m: number;
  readonly capacity: number;
  private readonly w: Float64Array;
  private readonly qy: Float64Array;
  private readonly tau: Float64Array;
  private readonly rdiag: Float64Array;

  /** Workspace for supports of up to `capacity` columns of length m. */
  constructor(m: number, capacity: number) {
    this.m = m;
    this.capacity = capacity;
    this.w = new Float64Array(m * capacity);
    this.qy = new Float64Array(m);
    this.tau = new Float64Array(capacity);
    this.rdiag = new Float64Array(capacity);
  }

  /**
   * coef[t] = the least-squares coefficient of column supp[t] (t < s; s <= min(m, capacity)).
   * Returns the number of columns found numerically dependent (their coefficients are 0).
   */
  solve(ops: GreedyOps, y: Float64Array, supp: Int32Array, s: number, coef: Float64Array): number {
    const { m, w, qy, tau, rdiag } = this;
    for (let t = 0; t < s; t++) ops.gather(supp[t], w, t * m);
    for (let i = 0; i < m; i++) qy[i] = y[i];
    let rmax = 0;
    for (let c = 0; c < s; c++) {
      const co = c * m;
      const alpha = w[co + c];
      let xn = 0;
      for (let i = c + 1; i < m; i++) xn += w[co + i] * w[co + i];
      if (xn === 0) {
        tau[c] = 0;
        rdiag[c] = alpha;
      } else {
        const beta = alpha >= 0 ? -Math.sqrt(alpha * alpha + xn) : Math.sqrt(alpha * alpha + xn);
        tau[c] = (beta - alpha) / beta;
        const sc = 1 / (alpha - beta);
        for (let i = c + 1; i < m; i++) w[co + i] *= sc;
        rdiag[c] = beta;
        // apply H_c = I - tau v v^T (v_c = 1, v_i = w[co + i] below) to the later columns and to qy
        for (let d = c + 1; d < s; d++) {
          const dd = d * m;
          let dp = w[dd + c];
          for (let i = c + 1; i < m; i++) dp += w[co + i] * w[dd + i];
          dp *= tau[c];
          w[dd + c] -= dp;
          for (let i = c + 1; i < m; i++) w[dd + i] -= dp * w[co + i];
        }
        let dp = qy[c];
        for (let i = c + 1; i < m; i++) dp += w[co + i] * qy[i];
        dp *= tau[c];
        qy[c] -= dp;
        for (let i = c + 1; i < m; i++) qy[i] -= dp * w[co + i];
      }
      const ad = Math.abs(rdiag[c]);
      if (ad > rmax) rmax = ad;
    }
    let dependent = 0;
    const small = 1e-12 * rmax;
    for (let c = s - 1; c >= 0; c--) {
      if (!(Math.abs(rdiag[c]) > small)) {
        coef[c] = 0;
        dependent++;
        continue;
      }
      let v = qy[c];
      for (let d = c + 1; d < s; d++) v -= w[d * m + c] * coef[d];
      coef[c] = v / rdiag[c];
    }
    return dependent;
  }
}
