/**
 * Incremental Cholesky factorisation of a Gram matrix G = A_S^T A_S while the column set S grows
 * and shrinks, as in OMP-Cholesky and other greedy solvers (Rubinstein, Zibulevsky & Elad,
 * "Efficient implementation of the K-SVD algorithm using batch OMP", Technion CS-2008-08).
 *
 * - append (O(k^2)): given g = [<a_s, a_new>]_{s in S} and ||a_new||^2, solve L w = g and set
 *       L <- [[L, 0], [w^T, d]],  d = sqrt(||a_new||^2 - ||w||^2),
 *   where d^2 = ||a_new - P_S a_new||^2 (the residual of the new column). d^2 <= rtol^2 ||a_new||^2
 *   means the new column is (numerically) in the span of S: a CandorError, nothing changes.
 * - remove column j (O(k^2)): delete row j of L; rows j+1.. then have one entry above the
 *   diagonal, which Givens rotations of columns (t, t+1), t = j..k-2, zero from the right
 *   (L Q Q^T L^T = G is unchanged); the last column becomes zero and is dropped.
 *   Reference: Golub & Van Loan, Matrix Computations, 4th ed., Sec. 6.5 (updating factorisations).
 * - solve G x = b by two triangular solves.
 *
 * Because G's Cholesky factor is unique (positive diagonal), the factor after any append/remove
 * sequence equals the Cholesky factor of the current Gram matrix up to rounding.
 *
 * @example
 * import { IncrementalCholesky } from './incremental-cholesky.ts';
 * const ch = new IncrementalCholesky(4);
 * ch.append(Float64Array.of(4));        // first column, ||a||^2 = 4
 * ch.append(Float64Array.of(2, 3));     // <a0, a1> = 2, ||a1||^2 = 3
 * ch.solve(Float64Array.of(6, 5), new Float64Array(2));  // ~[1, 1]  (G = [[4, 2], [2, 3]])
 * ch.remove(0);                         // now G = [[3]]
 */
import { CandorError, checkInt, checkNumber } from '../errors.ts';
import { checkOut, checkVec, type Matrix, matrix } from './matrix.ts';

/** Options of {@link IncrementalCholesky}. */
export interface IncrementalCholeskyOptions {
  /** Relative residual below which an appended column counts as dependent (default 1e-7). */
  rtol?: number;
}

/**
 * Cholesky factor L of the Gram matrix G = A_S^T A_S = L L^T of a growing and shrinking column set
 * S: `append` (O(k^2), rejects a numerically dependent column), `remove(j)` (Givens, O(k^2)) and
 * `solve` (G x = b by two triangular solves). See the module comment for the update formulas.
 */
export class IncrementalCholesky {
  /** Maximum number of columns. */
  readonly capacity: number;
  private readonly rtol: number;
  /** Lower-triangular factor, row-major with row stride `capacity`. */
  private readonly L: Float64Array;
  private k = 0;

  constructor(capacity: number, opts: IncrementalCholeskyOptions = {}) {
    this.capacity = checkInt('IncrementalCholesky', 'capacity', capacity, 1, 46340);
    this.rtol = checkNumber('IncrementalCholesky', 'rtol', opts.rtol ?? 1e-7, 0, 1);
    this.L = new Float64Array(capacity * capacity);
  }

  /** Current number of columns. */
  get size(): number {
    return this.k;
  }

  /** Removes every column. */
  clear(): void {
    this.k = 0;
  }

  /**
   * Appends a column given its Gram column g (length size + 1): g[s] = <a_s, a_new> for the
   * current columns s, g[size] = ||a_new||^2.
   */
  append(g: Float64Array): void {
    const where = 'IncrementalCholesky.append';
    const k = this.k;
    if (k >= this.capacity) throw new CandorError(where, 'size', `at most capacity = ${this.capacity} columns`, `${k + 1}`);
    checkVec(where, 'g', g, k + 1, 'current size + 1: Gram entries and the squared norm');
    const c = this.capacity;
    const L = this.L;
    const o = k * c;
    let w2 = 0;
    for (let i = 0; i < k; i++) {
      const oi = i * c;
      let s = g[i];
      for (let t = 0; t < i; t++) s -= L[oi + t] * L[o + t];
      const v = s / L[oi + i];
      L[o + i] = v;
      w2 += v * v;
    }
    const nn = g[k];
    const d2 = nn - w2;
    if (!(nn > 0) || !(d2 > this.rtol * this.rtol * nn)) {
      throw new CandorError(
        where,
        'new column',
        `linearly independent of the current ${k} column${k === 1 ? '' : 's'} (residual^2 > ${this.rtol}^2 * ||a||^2)`,
        `residual^2 = ${d2} with ||a||^2 = ${nn}`,
        'numerical',
      );
    }
    L[o + k] = Math.sqrt(d2);
    for (let t = k + 1; t < c; t++) L[o + t] = 0;
    this.k = k + 1;
  }

  /** Removes column j (0 <= j < size); later columns shift down by one. */
  remove(j: number): void {
    const k = this.k;
    checkInt('IncrementalCholesky.remove', 'j', j, 0, k - 1);
    const c = this.capacity;
    const L = this.L;
    // delete row j: rows j+1..k-1 move up (each keeps its k-wide content)
    L.copyWithin(j * c, (j + 1) * c, k * c);
    // zero the entry above the diagonal of rows t = j..k-2 with rotations of columns (t, t+1)
    for (let t = j; t < k - 1; t++) {
      const ot = t * c;
      const a = L[ot + t];
      const b = L[ot + t + 1];
      const r = Math.hypot(a, b);
      const cs = a / r;
      const sn = b / r;
      L[ot + t] = r;
      L[ot + t + 1] = 0;
      for (let i = t + 1; i < k - 1; i++) {
        const oi = i * c;
        const u = L[oi + t];
        const v = L[oi + t + 1];
        L[oi + t] = cs * u + sn * v;
        L[oi + t + 1] = cs * v - sn * u;
      }
    }
    this.k = k - 1;
    for (let i = 0; i < k - 1; i++) L[i * c + k - 1] = 0;
  }

  /** Solves G x = b for the current Gram matrix G = L L^T; out may alias b. Returns out. */
  solve(b: Float64Array, out: Float64Array): Float64Array {
    const where = 'IncrementalCholesky.solve';
    const k = this.k;
    checkVec(where, 'b', b, k, 'current size');
    checkOut(where, 'out', out, k, 'current size');
    const c = this.capacity;
    const L = this.L;
    if (out !== b) out.set(b);
    for (let i = 0; i < k; i++) {
      const o = i * c;
      let s = out[i];
      for (let t = 0; t < i; t++) s -= L[o + t] * out[t];
      out[i] = s / L[o + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = out[i];
      for (let t = i + 1; t < k; t++) s -= L[t * c + i] * out[t];
      out[i] = s / L[i * c + i];
    }
    return out;
  }

  /** A copy of the current factor L (size x size, lower triangular). */
  factor(): Matrix {
    const k = this.k;
    const F = matrix(k, k);
    for (let i = 0; i < k; i++) for (let t = 0; t <= i; t++) F.data[i * k + t] = this.L[i * this.capacity + t];
    return F;
  }
}
