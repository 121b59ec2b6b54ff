/**
 * The active set of the l1 homotopy (./homotopy.ts): columns S (in factor order) with signs s,
 * A_S^T y, x_S, the direction d = G^{-1} s and w = G^{-1} A_S^T y, the columns A^T a_j of
 * C_S = A^T A_S, and a Cholesky factor G = A_S^T A_S = L L^T kept by column append / remove.
 *
 * Costs per path event: one O(mn) pass for a joining column's A^T a_j (recalled when a column
 * rejoins), O(|S|^2) to update L, two triangular solves for d and w together, and one O(n |S|)
 * pass for a = C_S d and c = A^T y - C_S x_S.
 *
 * Every sum runs in the same order as the straightforward loops (each A^T a_j entry is
 * sum_i a_il a_ij for i = 0..m-1; each a_j, c_j accumulates over S in factor order; the factor
 * follows Golub & Van Loan's append and Givens-rotation remove exactly as core/dense
 * IncrementalCholesky does), so the path is bit-for-bit that of the plain implementation; the
 * speed comes from memory order only:
 * - A is read row-major as given (no transposed copy): A^T a_j is accumulated over blocks of
 *   eight rows, each output entry summed in row order;
 * - the factor is stored twice, L and U = L^T (both row-major), so the forward and the backward
 *   solve both read contiguous rows;
 * - d and w are solved in one pass over the factor, and a, c over four columns of C_S at a time;
 * - the factor is rebuilt from C_S (re-appending its columns) exactly when the former doubling
 *   buffers (64, 128, ... columns) would have grown, which keeps the rounding of those paths;
 * - buffers come from a per-thread pool of workspaces (sweeps solve thousands of same-size
 *   problems), sized min(m, n) columns, and are returned when the path finishes.
 *
 * Reference: Golub & Van Loan, Matrix Computations, 4th ed., Sec. 6.5 (updating factorisations).
 *
 * @example
 * import { ActiveSet } from './homotopy-active-set.ts';
 * const A = Float64Array.of(1, 2, 1, 1, 0, -1);   // 2 x 3 row-major
 * const S = ActiveSet.acquire(A, 2, 3);
 * S.start(Float64Array.of(2, 0.5));                // A^T y = [2.5, 4, 1.5]
 * S.append(1, 1);                                  // S = {1}, G = [4]
 * S.solve(); S.d[0];                               // 0.25 = G^{-1} s
 * S.release();
 */
import { CandorError } from '../core/errors.ts';

/** Relative residual below which a joining column counts as dependent on S. */
const RTOL = 1e-10;
/** First size of the former doubling buffers (see `rebuildAt`). */
const FIRST_CAP = 64;

/** out[oc + l] = sum_i A[i, l] A[i, j] (row-major m x n A), rows in order, eight per pass. */
function gramRow(A: Float64Array, m: number, n: number, j: number, out: Float64Array, oc: number): void {
  out.fill(0, oc, oc + n);
  let i = 0;
  for (; i + 7 < m; i += 8) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    const r4 = r3 + n;
    const r5 = r4 + n;
    const r6 = r5 + n;
    const r7 = r6 + n;
    const v0 = A[r0 + j];
    const v1 = A[r1 + j];
    const v2 = A[r2 + j];
    const v3 = A[r3 + j];
    const v4 = A[r4 + j];
    const v5 = A[r5 + j];
    const v6 = A[r6 + j];
    const v7 = A[r7 + j];
    for (let l = 0; l < n; l++) {
      let s = out[oc + l];
      s += A[r0 + l] * v0;
      s += A[r1 + l] * v1;
      s += A[r2 + l] * v2;
      s += A[r3 + l] * v3;
      s += A[r4 + l] * v4;
      s += A[r5 + l] * v5;
      s += A[r6 + l] * v6;
      s += A[r7 + l] * v7;
      out[oc + l] = s;
    }
  }
  for (; i < m; i++) {
    const r0 = i * n;
    const v0 = A[r0 + j];
    for (let l = 0; l < n; l++) out[oc + l] += A[r0 + l] * v0;
  }
}

/** out = A^T v (row-major m x n A), each entry summed over rows in order. */
export function adjointRows(
  A: Float64Array,
  m: number,
  n: number,
  v: Float64Array,
  out: Float64Array,
): Float64Array {
  out.fill(0, 0, n);
  let i = 0;
  for (; i + 3 < m; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    const v0 = v[i];
    const v1 = v[i + 1];
    const v2 = v[i + 2];
    const v3 = v[i + 3];
    for (let l = 0; l < n; l++) {
      let s = out[l];
      s += A[r0 + l] * v0;
      s += A[r1 + l] * v1;
      s += A[r2 + l] * v2;
      s += A[r3 + l] * v3;
      out[l] = s;
    }
  }
  for (; i < m; i++) {
    const r0 = i * n;
    const v0 = v[i];
    for (let l = 0; l < n; l++) out[l] += A[r0 + l] * v0;
  }
  return out;
}

interface Buffers {
  cap: number;
  n: number;
  idx: Int32Array;
  sgn: Float64Array;
  qS: Float64Array;
  xS: Float64Array;
  d: Float64Array;
  w: Float64Array;
  zd: Float64Array;
  zw: Float64Array;
  g: Float64Array;
  C: Float64Array;
  L: Float64Array;
  U: Float64Array;
  isActive: Uint8Array;
  cy: Float64Array;
}

/** Released workspaces by "cap x n" (a few sizes at most: one sweep cell after another). */
const pool = new Map<string, Buffers[]>();
const POOL_SIZES = 8;

function buffers(cap: number, n: number): Buffers {
  const free = pool.get(`${cap}x${n}`);
  const b = free?.pop();
  if (b) {
    b.isActive.fill(0);
    return b;
  }
  return {
    cap,
    n,
    idx: new Int32Array(cap),
    sgn: new Float64Array(cap),
    qS: new Float64Array(cap),
    xS: new Float64Array(cap),
    d: new Float64Array(cap),
    w: new Float64Array(cap),
    zd: new Float64Array(cap),
    zw: new Float64Array(cap),
    g: new Float64Array(cap + 1),
    C: new Float64Array(cap * n),
    L: new Float64Array(cap * cap),
    U: new Float64Array(cap * cap),
    isActive: new Uint8Array(n),
    cy: new Float64Array(n),
  };
}

export class ActiveSet {
  /** Number of active columns. */
  k = 0;
  readonly idx: Int32Array;
  readonly sgn: Float64Array;
  /** A_S^T y. */
  readonly qS: Float64Array;
  readonly xS: Float64Array;
  /** G^{-1} s (after `solve`). */
  readonly d: Float64Array;
  /** G^{-1} A_S^T y (after `solve`); scratch for callers afterwards. */
  readonly w: Float64Array;
  /** Scratch of length cap + 1. */
  readonly g: Float64Array;
  readonly isActive: Uint8Array;
  /** A^T y (after `start`). */
  readonly cy: Float64Array;
  private readonly C: Float64Array;
  private readonly L: Float64Array;
  private readonly U: Float64Array;
  private readonly cache = new Map<number, Float64Array>();
  /** Forward-substitution results L^{-1} s and L^{-1} A_S^T y; rows < fwdValid are current. */
  private readonly zd: Float64Array;
  private readonly zw: Float64Array;
  private fwdValid = 0;
  /** The size at which the factor is rebuilt next (64, 128, ... as the former buffers grew). */
  private rebuildAt: number;
  private released = false;

  private constructor(
    private readonly A: Float64Array,
    private readonly m: number,
    private readonly n: number,
    private readonly cap: number,
    private readonly bufs: Buffers,
  ) {
    this.idx = bufs.idx;
    this.sgn = bufs.sgn;
    this.qS = bufs.qS;
    this.xS = bufs.xS;
    this.d = bufs.d;
    this.w = bufs.w;
    this.g = bufs.g;
    this.C = bufs.C;
    this.L = bufs.L;
    this.U = bufs.U;
    this.isActive = bufs.isActive;
    this.cy = bufs.cy;
    this.zd = bufs.zd;
    this.zw = bufs.zw;
    this.rebuildAt = Math.min(cap, FIRST_CAP);
  }

  /** An empty active set for the row-major m x n matrix A (at most min(m, n) columns). */
  static acquire(A: Float64Array, m: number, n: number): ActiveSet {
    const cap = Math.min(m, n);
    return new ActiveSet(A, m, n, cap, buffers(cap, n));
  }

  /** Returns the buffers to the pool; the set must not be used afterwards. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const key = `${this.cap}x${this.n}`;
    let free = pool.get(key);
    if (!free) {
      if (pool.size >= POOL_SIZES) pool.clear();
      free = [];
      pool.set(key, free);
    }
    if (free.length < 2) free.push(this.bufs);
  }

  /** cy = A^T y. */
  start(y: Float64Array): Float64Array {
    return adjointRows(this.A, this.m, this.n, y, this.cy);
  }

  /**
   * Appends the Gram column g[0..k] to the factor (throws when dependent; nothing changes then).
   * The new row v = L^{-1} g by forward substitution, four rows at a time: their sums over the
   * known entries run side by side, then each takes the block's new entries in order, so every
   * sum keeps the order t = 0, 1, ... of the one-row loop.
   */
  private factorAppend(g: Float64Array, k: number): void {
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

  /** Refactors G from C_S by re-appending its columns (where the former buffers doubled). */
  private rebuild(): void {
    const { C, n, g, idx } = this;
    this.fwdValid = 0;
    for (let s = 0; s < this.k; s++) {
      for (let t = 0; t <= s; t++) g[t] = C[s * n + idx[t]];
      this.factorAppend(g, s);
    }
  }

  /** Adds column j with sign; false when it is (numerically) dependent on S or S is full. */
  append(j: number, sign: number): boolean {
    const { A, m, n, k } = this;
    if (k >= this.cap) return false;
    if (k >= this.rebuildAt) {
      this.rebuildAt = Math.min(this.cap, 2 * this.rebuildAt);
      this.rebuild();
    }
    // C column: A^T a_j, recalled from a column that left S earlier or computed (one O(mn) pass)
    const C = this.C;
    const oc = k * n;
    const hit = this.cache.get(j);
    if (hit) {
      C.set(hit, oc);
      this.cache.delete(j);
    } else gramRow(A, m, n, j, C, oc);
    const g = this.g;
    for (let t = 0; t < k; t++) g[t] = C[oc + this.idx[t]];
    g[k] = C[oc + j];
    try {
      this.factorAppend(g, k);
    } catch (e) {
      if (e instanceof CandorError && e.kind === 'numerical') return false;
      throw e;
    }
    this.idx[k] = j;
    this.sgn[k] = sign;
    this.qS[k] = this.cy[j];
    this.xS[k] = 0;
    this.isActive[j] = 1;
    this.k = k + 1;
    return true;
  }

  /** Removes slot t (its x entry must be set to 0 by the caller). */
  remove(t: number): void {
    const { n, k, L, U, cap: c } = this;
    // factor: delete row t of L (column t of U), then Givens rotations of columns (s, s+1) of L
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
    const j = this.idx[t];
    this.isActive[j] = 0;
    // columns often rejoin S later on the path: keep A^T a_j (bounded: at most cap columns)
    if (this.cache.size < this.cap) this.cache.set(j, this.C.slice(t * n, (t + 1) * n));
    this.idx.copyWithin(t, t + 1, k);
    this.sgn.copyWithin(t, t + 1, k);
    this.qS.copyWithin(t, t + 1, k);
    this.xS.copyWithin(t, t + 1, k);
    this.C.copyWithin(t * n, (t + 1) * n, k * n);
    this.k = k - 1;
  }

  /**
   * d = G^{-1} s and w = G^{-1} A_S^T y: forward substitution L z = (s, A_S^T y), then backward
   * L^T (d, w) = z. Rows of L above a change are untouched by append and remove (and s, A_S^T y
   * keep their leading entries), so the forward results of those rows are kept and only the rows
   * from the first changed one are recomputed: O(|S|) after a join instead of O(|S|^2).
   */
  solve(): void {
    const { k, L, U, cap: c, sgn, qS, zd, zw, d, w } = this;
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
  solveOne(b: Float64Array, out: Float64Array): Float64Array {
    const { k, L, U, cap: c } = this;
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

  /** x_S = w - lambda d (w, d from the last `solve`), scattered into x. */
  setX(lambda: number, x: Float64Array): void {
    const { k, xS, d, w, idx } = this;
    for (let t = 0; t < k; t++) {
      xS[t] = w[t] - lambda * d[t];
      x[idx[t]] = xS[t];
    }
  }

  /** a = C_S d and c = A^T y - C_S x_S, four columns of C_S per pass (sums in S order). */
  correlations(a: Float64Array, c: Float64Array): void {
    const { n, k, C, d, xS } = this;
    a.fill(0);
    c.set(this.cy);
    let t = 0;
    for (; t + 3 < k; t += 4) {
      const o0 = t * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      const d0 = d[t];
      const d1 = d[t + 1];
      const d2 = d[t + 2];
      const d3 = d[t + 3];
      const x0 = xS[t];
      const x1 = xS[t + 1];
      const x2 = xS[t + 2];
      const x3 = xS[t + 3];
      for (let j = 0; j < n; j++) {
        const v0 = C[o0 + j];
        const v1 = C[o1 + j];
        const v2 = C[o2 + j];
        const v3 = C[o3 + j];
        let sa = a[j];
        let sc = c[j];
        sa += v0 * d0;
        sc -= v0 * x0;
        sa += v1 * d1;
        sc -= v1 * x1;
        sa += v2 * d2;
        sc -= v2 * x2;
        sa += v3 * d3;
        sc -= v3 * x3;
        a[j] = sa;
        c[j] = sc;
      }
    }
    for (; t < k; t++) {
      const o = t * n;
      const dt = d[t];
      const xt = xS[t];
      for (let j = 0; j < n; j++) {
        const v = C[o + j];
        a[j] += v * dt;
        c[j] -= v * xt;
      }
    }
  }

  /** r = y - A_S x_S (subtracting the columns in S order); returns ||r||. */
  residual(y: Float64Array, r: Float64Array): number {
    const { A, m, n, k, idx, xS } = this;
    let s = 0;
    for (let i = 0; i < m; i++) {
      const o = i * n;
      let ri = y[i];
      for (let t = 0; t < k; t++) ri -= xS[t] * A[o + idx[t]];
      r[i] = ri;
      s += ri * ri;
    }
    return Math.sqrt(s);
  }

  /** out = A_S^T v (length k). */
  atS(v: Float64Array, out: Float64Array): Float64Array {
    const { A, m, n, k, idx } = this;
    for (let t = 0; t < k; t++) {
      const j = idx[t];
      let s = 0;
      for (let i = 0; i < m; i++) s += A[i * n + j] * v[i];
      out[t] = s;
    }
    return out;
  }

  /** out = A_S z for z of length k (adding the columns in S order). */
  aS(z: Float64Array, out: Float64Array): Float64Array {
    const { A, m, n, k, idx } = this;
    for (let i = 0; i < m; i++) {
      const o = i * n;
      let s = 0;
      for (let t = 0; t < k; t++) s += z[t] * A[o + idx[t]];
      out[i] = s;
    }
    return out;
  }

  l1(): number {
    let s = 0;
    for (let t = 0; t < this.k; t++) s += Math.abs(this.xS[t]);
    return s;
  }
}
