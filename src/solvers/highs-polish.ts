/**
 * Basis polish for an equality-form LP solved by HiGHS: recompute the primal and dual solutions
 * of HiGHS's optimal basis in double precision, free of the simplex's feasibility tolerances.
 *
 * For  min c^T z  s.t.  M z = y,  z >= 0  with an optimal basis (m basic variables: structural
 * columns B and logicals of rows R), the basis matrix is  Bh = [M_B, I_R]  (m x m). Then
 *
 *     Bh [z_B; s_R] = y        (primal: s_R are the basic row residuals, 0 at a feasible point)
 *     Bh^T v = [c_B; 0]         (dual: the row duals, 0 on basic rows)
 *
 * are solved by one Householder QR of Bh (core/dense/qr.ts): Bh = Q R gives z_B = R^{-1} Q^T y and
 * v = Q R^{-T} [c_B; 0]. HiGHS returns the same pair up to its tolerances (1e-7 by default); the
 * polished pair satisfies the equations to rounding. The caller keeps the polish only where it
 * does not hurt (nonnegativity, residuals, dual feasibility).
 *
 * Reference: Chvatal, Linear Programming, 1983, ch. 7 (basic solutions); Golub & Van Loan,
 * Matrix Computations, 4th ed., Sec. 5.2 (Householder QR).
 *
 * @example
 * import { polishBasis } from './highs-polish.ts';
 * // M = [1 1], y = 2, basis: column 0 basic -> z = [2, 0], v = [1]
 * polishBasis({ starts: Int32Array.of(0, 1, 2), indices: Int32Array.of(0, 0), values: Float64Array.of(1, 1) },
 *   1, 2, Int32Array.of(1, 0), Int32Array.of(0), Float64Array.of(2), Float64Array.of(1, 1));
 */
import { applyQt, householderInPlace } from '../core/dense/qr.ts';

export interface CscColumns {
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

const BASIC = 1;

/**
 * Polished primal values (length numCols, nonbasic = 0) and row duals (length m) of the basis
 * (colStatus, rowStatus as HiGHS reports them), or null when the basis does not have exactly m
 * basic variables or its matrix is numerically singular.
 */
export function polishBasis(
  M: CscColumns,
  m: number,
  numCols: number,
  colStatus: Int32Array,
  rowStatus: Int32Array,
  y: Float64Array,
  cost: Float64Array,
): { z: Float64Array; v: Float64Array; slackMax: number } | null {
  const basic: number[] = [];
  for (let j = 0; j < numCols; j++) if (colStatus[j] === BASIC) basic.push(j);
  const rows: number[] = [];
  for (let i = 0; i < m; i++) if (rowStatus[i] === BASIC) rows.push(i);
  const p = basic.length;
  if (p + rows.length !== m) return null;
  // Bh column-major: structural basic columns, then unit columns of the basic rows
  const w = new Float64Array(m * m);
  for (let t = 0; t < p; t++) {
    const j = basic[t];
    for (let q = M.starts[j]; q < M.starts[j + 1]; q++) w[t * m + M.indices[q]] = M.values[q];
  }
  for (let t = 0; t < rows.length; t++) w[(p + t) * m + rows[t]] = 1;
  const f = householderInPlace(w, m, m);
  // singular basis: a tiny |R_kk| relative to the column scale
  const tol = m * 2.220446049250313e-16 * f.colNormMax;
  for (let k = 0; k < m; k++) if (!(Math.abs(w[k * m + k]) > tol)) return null;
  // primal: R zb = Q^T y
  const zb = Float64Array.from(y);
  applyQt(f, zb);
  for (let i = m - 1; i >= 0; i--) {
    let s = zb[i];
    for (let j = i + 1; j < m; j++) s -= w[j * m + i] * zb[j];
    zb[i] = s / w[i * m + i];
  }
  // dual: R^T u = [c_B; 0], v = Q u = H_0 ... H_{m-1} u
  const u = new Float64Array(m);
  for (let t = 0; t < p; t++) u[t] = cost[basic[t]];
  for (let i = 0; i < m; i++) {
    let s = u[i];
    const oi = i * m;
    for (let j = 0; j < i; j++) s -= w[oi + j] * u[j];
    u[i] = s / w[oi + i];
  }
  for (let k = m - 1; k >= 0; k--) {
    const tk = f.tau[k];
    if (tk === 0) continue;
    const ok = k * m;
    let s = u[k];
    for (let i = k + 1; i < m; i++) s += w[ok + i] * u[i];
    s *= tk;
    u[k] -= s;
    for (let i = k + 1; i < m; i++) u[i] -= s * w[ok + i];
  }
  const z = new Float64Array(numCols);
  for (let t = 0; t < p; t++) z[basic[t]] = zb[t];
  let slackMax = 0;
  for (let t = p; t < m; t++) slackMax = Math.max(slackMax, Math.abs(zb[t]));
  return { z, v: u, slackMax };
}
