/**
 * The active set of the l1 homotopy (./homotopy.ts): columns S (in factor order) with signs s,
 * A_S^T y, x_S, the direction d = G^{-1} s and w = G^{-1} A_S^T y, the columns A^T a_j of
 * C_S = A^T A_S (./homotopy-kernels.ts), and the Cholesky factor of G = A_S^T A_S kept by
 * column append / remove (./homotopy-factor.ts).
 *
 * Costs per path event: one O(mn) pass for a joining column's A^T a_j (recalled when a column
 * rejoins), O(|S|^2) to update the factor, one backward substitution (the forward one is O(|S|)
 * after a join), and one O(n |S|) pass for a = C_S d and c = A^T y - C_S x_S.
 *
 * Every sum runs in the same order as the straightforward implementation (column-major A^T a_j
 * by dot products, core/dense IncrementalCholesky, a and c accumulated over S in factor order),
 * so the path is the same to the last bit; the speed comes from memory order, SIMD lanes across
 * independent outputs, and reuse:
 * - A is read row-major as given: no transposed copy per solve;
 * - the factor is rebuilt from C_S (re-appending its columns) exactly where the former doubling
 *   buffers (64, 128, ... columns) grew, which keeps the rounding of those paths;
 * - buffers come from a per-thread pool of workspaces sized min(m, n) columns (sweeps solve
 *   thousands of same-size problems) and go back when the path finishes.
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
import { GramFactor } from './homotopy-factor.ts';
import { PathKernels } from './homotopy-kernels.ts';

/** First size of the former doubling buffers (see `rebuildAt`). */
const FIRST_CAP = 64;

interface Buffers {
  cap: number;
  n: number;
  idx: Int32Array;
  sgn: Float64Array;
  qS: Float64Array;
  xS: Float64Array;
  d: Float64Array;
  w: Float64Array;
  g: Float64Array;
  factor: GramFactor;
  isActive: Uint8Array;
}

/** Released workspaces by "cap x n" (a few sizes at most: one sweep cell after another). */
const pool = new Map<string, Buffers[]>();
const POOL_SIZES = 8;

function buffers(cap: number, n: number): Buffers {
  const free = pool.get(`${cap}x${n}`);
  const b = free?.pop();
  if (b) {
    b.isActive.fill(0);
    b.factor.invalidate();
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
    g: new Float64Array(cap + 1),
    factor: new GramFactor(cap),
    isActive: new Uint8Array(n),
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
  /** a = C_S d and c = A^T y - C_S x_S (after `correlations`; length n). */
  readonly a: Float64Array;
  readonly c: Float64Array;
  private readonly C: Float64Array;
  /** Row stride of C. */
  private readonly ldc: number;
  private readonly factor: GramFactor;
  private readonly cache = new Map<number, Float64Array>();
  /** The size at which the factor is rebuilt next (64, 128, ... as the former buffers grew). */
  private rebuildAt: number;
  private released = false;

  private constructor(
    private readonly A: Float64Array,
    private readonly m: number,
    private readonly n: number,
    private readonly cap: number,
    private readonly bufs: Buffers,
    private readonly kern: PathKernels,
  ) {
    this.idx = bufs.idx;
    this.sgn = bufs.sgn;
    this.qS = bufs.qS;
    this.xS = bufs.xS;
    this.d = bufs.d;
    this.w = bufs.w;
    this.g = bufs.g;
    this.factor = bufs.factor;
    this.isActive = bufs.isActive;
    this.C = kern.C;
    this.ldc = kern.nPad;
    this.cy = kern.cy;
    this.a = kern.a;
    this.c = kern.c;
    this.rebuildAt = Math.min(cap, FIRST_CAP);
  }

  /**
   * An empty active set for the row-major m x n matrix A (at most min(m, n) columns), with the
   * WebAssembly kernels unless `kernel` is 'js' (./homotopy-kernels.ts: the same bits either way).
   */
  static acquire(A: Float64Array, m: number, n: number, kernel: 'auto' | 'js' = 'auto'): ActiveSet {
    const cap = Math.min(m, n);
    return new ActiveSet(A, m, n, cap, buffers(cap, n), PathKernels.create(A, m, n, cap, kernel));
  }

  /** Returns the buffers to the pool; the set must not be used afterwards. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.kern.release();
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
    return this.kern.start(y);
  }

  /** Refactors G from C_S by re-appending its columns (where the former buffers doubled). */
  private rebuild(): void {
    const { C, ldc, g, idx } = this;
    this.factor.invalidate();
    for (let s = 0; s < this.k; s++) {
      for (let t = 0; t <= s; t++) g[t] = C[s * ldc + idx[t]];
      this.factor.append(g, s);
    }
  }

  /** Adds column j with sign; false when it is (numerically) dependent on S or S is full. */
  append(j: number, sign: number): boolean {
    const { ldc, k } = this;
    if (k >= this.cap) return false;
    if (k >= this.rebuildAt) {
      this.rebuildAt = Math.min(this.cap, 2 * this.rebuildAt);
      this.rebuild();
    }
    // C column: A^T a_j, recalled from a column that left S earlier or computed (one O(mn) pass)
    const C = this.C;
    const oc = k * ldc;
    const hit = this.cache.get(j);
    if (hit) {
      C.set(hit, oc);
      this.cache.delete(j);
    } else this.kern.gramRow(j, k);
    const g = this.g;
    for (let t = 0; t < k; t++) g[t] = C[oc + this.idx[t]];
    g[k] = C[oc + j];
    try {
      this.factor.append(g, k);
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
    const { n, k, ldc } = this;
    this.factor.remove(t, k);
    const j = this.idx[t];
    this.isActive[j] = 0;
    // columns often rejoin S later on the path: keep A^T a_j (bounded: at most cap columns)
    if (this.cache.size < this.cap) this.cache.set(j, this.C.slice(t * ldc, t * ldc + n));
    this.idx.copyWithin(t, t + 1, k);
    this.sgn.copyWithin(t, t + 1, k);
    this.qS.copyWithin(t, t + 1, k);
    this.xS.copyWithin(t, t + 1, k);
    this.C.copyWithin(t * ldc, (t + 1) * ldc, k * ldc);
    this.k = k - 1;
  }

  /** d = G^{-1} s and w = G^{-1} A_S^T y (./homotopy-factor.ts). */
  solve(): void {
    this.factor.solve(this.k, this.sgn, this.qS, this.d, this.w);
  }

  /** out = G^{-1} b (b, out of length k; out may alias b). */
  solveOne(b: Float64Array, out: Float64Array): Float64Array {
    return this.factor.solveOne(this.k, b, out);
  }

  /** x_S = w - lambda d (w, d from the last `solve`), scattered into x. */
  setX(lambda: number, x: Float64Array): void {
    const { k, xS, d, w, idx } = this;
    for (let t = 0; t < k; t++) {
      xS[t] = w[t] - lambda * d[t];
      x[idx[t]] = xS[t];
    }
  }

  /** a = C_S d and c = A^T y - C_S x_S (into `a`, `c`; sums in S order). */
  correlations(): void {
    this.kern.correlations(this.k, this.d, this.xS);
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
