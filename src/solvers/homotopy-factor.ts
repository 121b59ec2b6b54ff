/**
 * The Cholesky factor G = A_S^T A_S = L L^T of the l1 homotopy's active set (./homotopy.ts),
 * updated by column append and remove, and solves with G.
 *
 * - append (O(k^2)): the new row v = L^{-1} g (g = [<a_s, a_new>]_s, ||a_new||^2) and the
 *   diagonal sqrt(||a_new||^2 - ||v||^2); a column whose residual^2 <= rtol^2 ||a_new||^2
 *   (rtol = 1e-10) is dependent on S: a 'numerical' CandorError, nothing changes.
 * - remove column t (O(k^2)): delete row t of L, then Givens rotations of columns (s, s+1),
 *   s = t..k-2, restore the triangle (Golub & Van Loan, Matrix Computations, 4th ed., Sec. 6.5).
 * - solve G (d, w) = (s, q) by forward and backward substitution.
 *
 * The arithmetic is exactly that of core/dense IncrementalCholesky (every sum in the same
 * order), so paths are bit-for-bit those computed with it. What differs is memory order and
 * reuse: L and U = L^T are both kept row-major, so the forward and the backward substitution read
 * contiguous rows; the forward substitution of a new row runs four rows side by side (each sum
 * still over t = 0, 1, ... in order); and the forward results z = L^{-1} (s, q) of the rows above
 * the last change are kept, since append and remove leave those rows (and the leading entries of
 * s and q) untouched: after a join the forward pass costs O(k) instead of O(k^2).
 *
 * @example
 * import { GramFactor } from './homotopy-factor.ts';
 * const F = new GramFactor(4);
 * F.append(Float64Array.of(4), 0);        // first column, ||a||^2 = 4
 * F.append(Float64Array.of(2, 3), 1);     // <a0, a1> = 2, ||a1||^2 = 3
 * F.solveOne(2, Float64Array.of(6, 5), new Float64Array(2)); // [1, 1]  (G = [[4, 2], [2, 3]])
 */
import { CandorError } from '../core/errors.ts';

/** Relative residual below which a joining column counts as dependent on S. */
const RTOL = 1e-10;

export class GramFactor {
  /** L, row-major with row stride `cap`. */
  private readonly L: Float64Array;
  /** U = L^T, row-major with row stride `cap`. */
  private readonly U: Float64Array;
  /** Forward-substitution results L^{-1} s and L^{-1} q; rows < fwdValid are current. */
  private readonly zd: Float64Array;
  private readonly zw: Float64Array;
  private fwdValid = 0;

  constructor(readonly cap: number) {
    this.L = new Float64Array(cap * cap);
    this.U = new Float64Array(cap * cap);
    this.zd = new Float64Array(cap);
    this.zw = new Float64Array(cap);
  }

  /** Forgets the kept forward results from row `from` on (all of them for 0). */
  invalidate(from = 0): void {
    this.fwdValid = Math.min(this.fwdValid, from);
  }

  /**
   * Appends the Gram column g[0..k] to the factor (throws when dependent; nothing changes then).
   * The new row v = L^{-1} g by forward substitution, four rows at a time: their sums over the
   * known entries run side by side, then each takes the block's new entries in order, so every
   * sum keeps the order t = 0, 1, ... of the one-row loop.
   */
  append(g: Float64Array, k: number): void {
    const { L, U, cap: c } = this;
    const o = k * c;
    let w2 = 0;
    let i = 0;
    for (; i + 3 < k; i += 4) {
      const o0 = i * c;
      const o1 = o0 + c;
      const o2 = o1 + c;
      const o3 = o2 + c;
      let s0 = g[i];
      let s1 = g[i + 1];
      let s2 = g[i + 2];
      let s3 = g[i + 3];
      for (let t = 0; t < i; t++) {
        const v = L[o + t];
        s0 -= L[o0 + t] * v;
        s1 -= L[o1 + t] * v;
        s2 -= L[o2 + t] * v;
        s3 -= L[o3 + t] * v;
      }
      const v0 = s0 / L[o0 + i];
      s1 -= L[o1 + i] * v0;
      s2 -= L[o2 + i] * v0;
      s3 -= L[o3 + i] * v0;
      const v1 = s1 / L[o1 + i + 1];
      s2 -= L[o2 + i + 1] * v1;
      s3 -= L[o3 + i + 1] * v1;
      const v2 = s2 / L[o2 + i + 2];
      s3 -= L[o3 + i + 2] * v2;
      const v3 = s3 / L[o3 + i + 3];
      L[o + i] = v0;
      L[o + i + 1] = v1;
      L[o + i + 2] = v2;
      L[o + i + 3] = v3;
      U[o0 + k] = v0;
      U[o1 + k] = v1;
      U[o2 + k] = v2;
      U[o3 + k] = v3;
      w2 += v0 * v0;
      w2 += v1 * v1;
      w2 += v2 * v2;
      w2 += v3 * v3;
    }
    for (; i < k; i++) {
      const oi = i * c;
      let s = g[i];
      for (let t = 0; t < i; t++) s -= L[oi + t] * L[o + t];
      const v = s / L[oi + i];
      L[o + i] = v;
      U[oi + k] = v;
      w2 += v * v;
    }
    const nn = g[k];
    const d2 = nn - w2;
    if (!(nn > 0) || !(d2 > RTOL * RTOL * nn)) {
      throw new CandorError(
        'IncrementalCholesky.append',
        'new column',
        `linearly independent of the current ${k} column${k === 1 ? '' : 's'} (residual^2 > ${RTOL}^2 * ||a||^2)`,
        `residual^2 = ${d2} with ||a||^2 = ${nn}`,
        'numerical',
      );
    }
    const r = Math.sqrt(d2);
    L[o + k] = r;
    U[o + k] = r;
  }

  /** Removes column t of the k columns (later columns shift down by one). */
  remove(t: number, k: number): void {
    const { L, U, cap: c } = this;
    // delete row t of L (column t of U), then Givens rotations of columns (s, s+1) of L
    // (rows s, s+1 of U), s = t..k-2, restore the triangle
    L.copyWithin(t * c, (t + 1) * c, k * c);
    for (let i = 0; i < k; i++) {
      const from = Math.max(i, t + 1);
      if (from < k) U.copyWithin(i * c + from - 1, i * c + from, i * c + k);
    }
    for (let s = t; s < k - 1; s++) {
      const os = s * c;
      const os1 = os + c;
      const a = L[os + s];
      const b = L[os + s + 1];
      const r = Math.hypot(a, b);
      const cs = a / r;
      const sn = b / r;
      L[os + s] = r;
      L[os + s + 1] = 0;
      U[os + s] = r;
      U[os1 + s] = 0;
      for (let i = s + 1; i < k - 1; i++) {
        const oi = i * c;
        const u = L[oi + s];
        const v = L[oi + s + 1];
        const lu = cs * u + sn * v;
        const lv = cs * v - sn * u;
        L[oi + s] = lu;
        L[oi + s + 1] = lv;
        U[os + i] = lu;
        U[os1 + i] = lv;
      }
    }
    this.fwdValid = Math.min(this.fwdValid, t);
  }

  /**
   * d = G^{-1} s and w = G^{-1} A_S^T y: forward substitution L z = (s, A_S^T y), then backward
   * L^T (d, w) = z. Rows of L above a change are untouched by append and remove (and s, A_S^T y
   * keep their leading entries), so the forward results of those rows are kept and only the rows
   * from the first changed one are recomputed: O(|S|) after a join instead of O(|S|^2).
   */
  solve(k: number, sgn: Float64Array, qS: Float64Array, d: Float64Array, w: Float64Array): void {
    const { L, U, cap: c, zd, zw } = this;
    for (let i = this.fwdValid; i < k; i++) {
      const o = i * c;
      let s1 = sgn[i];
      let s2 = qS[i];
      for (let t = 0; t < i; t++) {
        const l = L[o + t];
        s1 -= l * zd[t];
        s2 -= l * zw[t];
      }
      const dg = L[o + i];
      zd[i] = s1 / dg;
      zw[i] = s2 / dg;
    }
    this.fwdValid = k;
    for (let i = k - 1; i >= 0; i--) {
      const o = i * c;
      let s1 = zd[i];
      let s2 = zw[i];
      for (let t = i + 1; t < k; t++) {
        const u = U[o + t];
        s1 -= u * d[t];
        s2 -= u * w[t];
      }
      const dg = U[o + i];
      d[i] = s1 / dg;
      w[i] = s2 / dg;
    }
  }

  /** out = G^{-1} b (b, out of length k; out may alias b). */
  solveOne(k: number, b: Float64Array, out: Float64Array): Float64Array {
    const { L, U, cap: c } = this;
    if (out !== b) out.set(b.subarray(0, k));
    for (let i = 0; i < k; i++) {
      const o = i * c;
      let s = out[i];
      for (let t = 0; t < i; t++) s -= L[o + t] * out[t];
      out[i] = s / L[o + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      const o = i * c;
      let s = out[i];
      for (let t = i + 1; t < k; t++) s -= U[o + t] * out[t];
      out[i] = s / U[o + i];
    }
    return out;
  }
}
