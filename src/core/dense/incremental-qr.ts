/**
 * Incremental thin QR, A_S = Q R, of a growing and shrinking set of columns, for greedy solvers
 * (OMP, OLS, stagewise methods) that solve min ||A_S x - b|| after every change of S.
 *
 * - append(a) (O(m k)): classical Gram-Schmidt with one reorthogonalisation ("twice is enough",
 *   Giraud, Langou, Rozloznik & van den Eshof, Numer. Math. 101, 2005):
 *       r = Q^T a,  q = a - Q r,  r' = Q^T q,  q -= Q r',  r += r',  R_kk = ||q||,  q_k = q / R_kk.
 *   ||q|| <= rtol ||a|| means a is (numerically) in span(Q): a CandorError, nothing changes.
 * - remove(j) (O(m k)): deleting column j of R leaves it upper Hessenberg from column j on;
 *   Givens rotations of rows (t, t+1), t = j..k-2, restore the triangle, and the same rotations
 *   mix columns t, t+1 of Q, so Q R = A_S still holds; the last column of Q is dropped
 *   (Golub & Van Loan, Matrix Computations, 4th ed., Sec. 6.5.2).
 * - solve(b): x = R^{-1} Q^T b, the least-squares solution on the current columns;
 *   residual(b): b - Q Q^T b, orthogonal to every current column.
 *
 * R keeps a positive diagonal, so after any append/remove sequence Q and R equal the unique thin
 * QR factors of the current A_S (positive diagonal) up to rounding.
 *
 * @example
 * import { IncrementalQR } from './incremental-qr.ts';
 * const f = new IncrementalQR(3, 2);
 * f.append(Float64Array.of(1, 0, 1));
 * f.append(Float64Array.of(0, 1, 1));
 * f.solve(Float64Array.of(1, 2, 3), new Float64Array(2));     // [1, 2]
 * f.residual(Float64Array.of(1, 2, 0), new Float64Array(3));  // b minus its projection on span{a0, a1}
 */
import { CandorError, checkInt, checkNumber } from '../errors.ts';
import { checkOut, checkVec, type Matrix, matrix } from './matrix.ts';

/** Options of {@link IncrementalQR}. */
export interface IncrementalQROptions {
  /** Relative residual ||q|| / ||a|| at or below which an appended column is rejected (default 1e-10). */
  rtol?: number;
}

/**
 * Thin QR factors A_S = Q R (positive diagonal) of a growing and shrinking set of m-row columns:
 * `append` (Gram-Schmidt twice, O(m k), rejects a dependent column), `remove(j)` (Givens, O(m k)),
 * `solve` (x = R^-1 Q^T b, least squares on the current columns) and `residual` (b - Q Q^T b).
 */
export class IncrementalQR {
  /** Rows m of every column. */
  readonly rows: number;
  /** Maximum number of columns. */
  readonly capacity: number;
  private readonly rtol: number;
  /** Q, column-major: column t at q[t*m .. t*m + m). */
  private readonly q: Float64Array;
  /** R, row-major with stride capacity (upper triangular). */
  private readonly r: Float64Array;
  private readonly tmp: Float64Array;
  private readonly tmp2: Float64Array;
  private k = 0;

  constructor(rows: number, capacity: number, opts: IncrementalQROptions = {}) {
    this.rows = checkInt('IncrementalQR', 'rows', rows, 1);
    this.capacity = checkInt('IncrementalQR', 'capacity', capacity, 1, Math.min(rows, 46340));
    this.rtol = checkNumber('IncrementalQR', 'rtol', opts.rtol ?? 1e-10, 0, 1);
    this.q = new Float64Array(rows * capacity);
    this.r = new Float64Array(capacity * capacity);
    this.tmp = new Float64Array(capacity);
    this.tmp2 = new Float64Array(capacity);
  }

  /** Current number of columns. */
  get size(): number {
    return this.k;
  }

  /** Removes every column. */
  clear(): void {
    this.k = 0;
  }

  /** Appends column `a` (length rows). */
  append(a: Float64Array): void {
    const where = 'IncrementalQR.append';
    const m = this.rows;
    const k = this.k;
    if (k >= this.capacity) throw new CandorError(where, 'size', `at most capacity = ${this.capacity} columns`, `${k + 1}`);
    checkVec(where, 'column', a, m, 'rows');
    const Q = this.q;
    const R = this.r;
    const c = this.capacity;
    const qk = Q.subarray(k * m, (k + 1) * m);
    qk.set(a);
    const an = norm(qk);
    const rc = this.tmp;
    rc.fill(0, 0, k);
    for (let pass = 0; pass < 2; pass++) {
      for (let t = 0; t < k; t++) {
        const ot = t * m;
        let s = 0;
        for (let i = 0; i < m; i++) s += Q[ot + i] * qk[i];
        rc[t] += s;
        this.tmp2[t] = s;
      }
      for (let t = 0; t < k; t++) {
        const ot = t * m;
        const s = this.tmp2[t];
        for (let i = 0; i < m; i++) qk[i] -= s * Q[ot + i];
      }
    }
    const d = norm(qk);
    if (!(an > 0) || !(d > this.rtol * an)) {
      throw new CandorError(
        where,
        'column',
        `linearly independent of the current ${k} column${k === 1 ? '' : 's'} (residual > ${this.rtol} * norm)`,
        `residual ${d.toExponential(2)} with norm ${an.toExponential(2)}`,
        'numerical',
      );
    }
    const inv = 1 / d;
    for (let i = 0; i < m; i++) qk[i] *= inv;
    for (let t = 0; t < k; t++) R[t * c + k] = rc[t];
    R[k * c + k] = d;
    this.k = k + 1;
  }

  /** Removes column j (0 <= j < size); later columns shift down by one. */
  remove(j: number): void {
    const k = this.k;
    checkInt('IncrementalQR.remove', 'j', j, 0, k - 1);
    const m = this.rows;
    const c = this.capacity;
    const Q = this.q;
    const R = this.r;
    // delete column j of R (columns j+1..k-1 shift left)
    for (let i = 0; i < k; i++) {
      const o = i * c;
      for (let t = j; t < k - 1; t++) R[o + t] = R[o + t + 1];
      R[o + k - 1] = 0;
    }
    // Givens on rows (t, t+1) to zero R[t+1][t]
    for (let t = j; t < k - 1; t++) {
      const ot = t * c;
      const o1 = ot + c;
      const a = R[ot + t];
      const b = R[o1 + t];
      const r = Math.hypot(a, b);
      const cs = a / r;
      const sn = b / r;
      R[ot + t] = r;
      R[o1 + t] = 0;
      for (let u = t + 1; u < k - 1; u++) {
        const x = R[ot + u];
        const y = R[o1 + u];
        R[ot + u] = cs * x + sn * y;
        R[o1 + u] = cs * y - sn * x;
      }
      const qt = t * m;
      const q1 = qt + m;
      for (let i = 0; i < m; i++) {
        const x = Q[qt + i];
        const y = Q[q1 + i];
        Q[qt + i] = cs * x + sn * y;
        Q[q1 + i] = cs * y - sn * x;
      }
    }
    for (let u = 0; u < k; u++) R[(k - 1) * c + u] = 0;
    this.k = k - 1;
  }

  /** Least squares on the current columns: out = argmin ||A_S x - b|| = R^{-1} Q^T b. */
  solve(b: Float64Array, out: Float64Array): Float64Array {
    const where = 'IncrementalQR.solve';
    const m = this.rows;
    const k = this.k;
    checkVec(where, 'b', b, m, 'rows');
    checkOut(where, 'out', out, k, 'current number of columns');
    const Q = this.q;
    const R = this.r;
    const c = this.capacity;
    for (let t = 0; t < k; t++) {
      const ot = t * m;
      let s = 0;
      for (let i = 0; i < m; i++) s += Q[ot + i] * b[i];
      out[t] = s;
    }
    for (let i = k - 1; i >= 0; i--) {
      let s = out[i];
      for (let t = i + 1; t < k; t++) s -= R[i * c + t] * out[t];
      out[i] = s / R[i * c + i];
    }
    return out;
  }

  /** out = b - Q Q^T b, the least-squares residual (orthogonal to every current column). */
  residual(b: Float64Array, out: Float64Array): Float64Array {
    const where = 'IncrementalQR.residual';
    const m = this.rows;
    checkVec(where, 'b', b, m, 'rows');
    checkOut(where, 'out', out, m, 'rows');
    const Q = this.q;
    if (out !== b) out.set(b);
    // modified Gram-Schmidt projection, twice for orthogonality at rounding level
    for (let pass = 0; pass < 2; pass++) {
      for (let t = 0; t < this.k; t++) {
        const ot = t * m;
        let s = 0;
        for (let i = 0; i < m; i++) s += Q[ot + i] * out[i];
        for (let i = 0; i < m; i++) out[i] -= s * Q[ot + i];
      }
    }
    return out;
  }

  /** Copies of the current factors: Q (rows x size) and R (size x size). */
  factors(): { Q: Matrix; R: Matrix } {
    const m = this.rows;
    const k = this.k;
    const Q = matrix(m, k);
    const R = matrix(k, k);
    for (let t = 0; t < k; t++) for (let i = 0; i < m; i++) Q.data[i * k + t] = this.q[t * m + i];
    for (let i = 0; i < k; i++) for (let t = i; t < k; t++) R.data[i * k + t] = this.r[i * this.capacity + t];
    return { Q, R };
  }
}

function norm(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  if (s > 1e-290 && s < 1e290) return Math.sqrt(s);
  let mx = 0;
  for (let i = 0; i < x.length; i++) mx = Math.max(mx, Math.abs(x[i]));
  if (mx === 0 || !Number.isFinite(mx)) return mx;
  s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] / mx) ** 2;
  return mx * Math.sqrt(s);
}
