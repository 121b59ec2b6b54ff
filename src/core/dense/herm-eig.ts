/**
 * The largest eigenvalues of a complex Hermitian matrix and their eigenvectors (the top of the
 * spectrum only, as ESPIRiT needs from the Gram matrix of its calibration matrix):
 *
 * 1. Householder reduction to tridiagonal form, A = Q T Q^H: at step k the reflector
 *    H_k = I - tau v v^H (v = x - alpha e_1, alpha = -e^{i arg x_1} ||x||, tau = 2 / ||v||^2)
 *    zeroes column k below its subdiagonal, and the trailing block B becomes
 *    B - v q^H - q v^H with w = tau B v, q = w - (tau/2)(v^H w) v (Golub & Van Loan, Matrix
 *    Computations, 4th ed., Sec. 8.3.1; LAPACK zhetrd).
 * 2. A diagonal unitary D makes the subdiagonal real and non-negative: T = D T_r D^H.
 * 3. All eigenvalues of the real tridiagonal T_r by implicit QL (./sym-eig.ts, `tridiagonalQL`).
 * 4. The eigenvectors of the wanted (largest) eigenvalues by inverse iteration on T_r with a
 *    pivoted LU (LAPACK dgttrf/dgttrs, the method of dstein: a seeded start, at most 5 solves,
 *    re-orthogonalised against the vectors of eigenvalues closer than 1e-3 ||T||), then
 *    back-transformed: v = Q D z.
 *
 * Cost about (8/3) n^3 real multiply-adds for the reduction, O(n^2) for the eigenvalues, and
 * O(k n^2) for k eigenvectors (n = 288, k = 47: ~40 ms in Node 20). From n = 32 up, the
 * reduction's two O(m^2) passes and the back-transform run in WebAssembly SIMD
 * (./herm-eig-wasm.ts, bit for bit the loops below): 288 x 288 with 40 vectors 57 -> 17 ms once
 * the code is warm, 36 ms in a fresh process (Dec 2026).
 *
 * @example
 * import { hermEigTop } from './herm-eig.ts';
 * // [[2, i], [-i, 2]] (row-major, complex interleaved): eigenvalues 3 and 1
 * const A = Float64Array.of(2, 0, 0, 1, 0, -1, 2, 0);
 * const r = hermEigTop(A, 2, { count: 1 });
 * r.values;      // [3, 1] (all eigenvalues, descending)
 * r.vectors[0];  // unit eigenvector of 3, complex interleaved: (1, -i)/sqrt(2) up to a phase
 */
import { CandorError, checkInt, describe } from '../errors.ts';
import { reductionKernel } from './herm-eig-wasm.ts';
import { tridiagonalQL } from './sym-eig.ts';

export interface HermEigTopOptions {
  /** How many eigenvectors, from the largest eigenvalue down (default: those of `relative`). */
  count?: number;
  /** Eigenvectors of the eigenvalues with lambda_i > relative * lambda_max (when no count). */
  relative?: number;
}

export interface HermEigTopResult {
  /** Every eigenvalue, descending. */
  values: Float64Array;
  /** Unit eigenvectors of values[0 .. k), complex interleaved (2n each). */
  vectors: Float64Array[];
}

/** Reduces the Hermitian n x n matrix (row-major, complex interleaved; a copy is made). */
function tridiagonalise(A: Float64Array, n: number) {
  // the two O(m^2) passes in WebAssembly SIMD from n = 32 up (./herm-eig-wasm.ts: identical results)
  const kern = n >= 32 ? reductionKernel(n) : null;
  kern?.a.set(A);
  const a = kern ? kern.a : Float64Array.from(A);
  const vs: Float64Array[] = [];
  const taus = kern ? kern.taus : new Float64Array(Math.max(n - 2, 0));
  const d = new Float64Array(n);
  const sub = new Float64Array(2 * Math.max(n - 1, 0)); // complex subdiagonal T[k+1][k]
  const w = kern ? kern.w : new Float64Array(2 * n);
  for (let k = 0; k < n - 2; k++) {
    d[k] = a[2 * (k * n + k)];
    const m = n - k - 1;
    // x = column k below the diagonal (the lower triangle is the one kept up to date)
    const v = kern ? kern.v.subarray(0, 2 * m) : new Float64Array(2 * m);
    let xx = 0;
    for (let i = 0; i < m; i++) {
      const o = 2 * ((k + 1 + i) * n + k);
      v[2 * i] = a[o];
      v[2 * i + 1] = a[o + 1];
      xx += a[o] * a[o] + a[o + 1] * a[o + 1];
    }
    const xn = Math.sqrt(xx);
    const x0r = v[0];
    const x0i = v[1];
    const x0a = Math.hypot(x0r, x0i);
    let tail = xx - x0a * x0a;
    if (tail < 0) tail = 0;
    if (xn === 0 || (tail <= 1e-300 && x0i === 0)) {
      // nothing to annihilate: H_k = I
      sub[2 * k] = x0r;
      sub[2 * k + 1] = x0i;
      // (the WebAssembly back-transform skips a tau of 0 by itself: no reflector to keep)
      if (!kern) vs.push(v.fill(0));
      taus[k] = 0;
      continue;
    }
    const pr = x0a > 0 ? x0r / x0a : 1;
    const pi = x0a > 0 ? x0i / x0a : 0;
    const alr = -pr * xn;
    const ali = -pi * xn;
    v[0] -= alr;
    v[1] -= ali;
    let vv = 0;
    for (let i = 0; i < 2 * m; i++) vv += v[i] * v[i];
    const tau = 2 / vv;
    sub[2 * k] = alr;
    sub[2 * k + 1] = ali;
    // w = tau B v over the trailing block B = a[k+1.., k+1..], from its lower triangle
    if (kern) kern.matvec(k, m);
    else trailingMatvec(a, n, k, v, w, m);
    let vw = 0;
    for (let i = 0; i < 2 * m; i++) {
      w[i] *= tau;
      // v^H w (its real part: v^H B v is real)
      vw += v[i] * w[i];
    }
    const K = 0.5 * tau * vw;
    for (let i = 0; i < 2 * m; i++) w[i] -= K * v[i];
    // B <- B - v q^H - q v^H (q = w), lower triangle and diagonal; the upper one is mirrored lazily
    if (kern) kern.update(k, m);
    else trailingUpdate(a, n, k, v, w, m);
    // the reflectors: in the WebAssembly memory for its back-transform, else kept here
    if (kern) kern.reflector(k).set(v);
    else vs.push(v);
    taus[k] = tau;
  }
  if (n >= 2) {
    d[n - 2] = a[2 * ((n - 2) * n + n - 2)];
    sub[2 * (n - 2)] = a[2 * ((n - 1) * n + n - 2)];
    sub[2 * (n - 2) + 1] = a[2 * ((n - 1) * n + n - 2) + 1];
  }
  if (n >= 1) d[n - 1] = a[2 * (n * n - 1)];
  return { d, sub, vs, taus, kern };
}

// The reduction's two O(m^2) passes and the back-transform are functions of their own (not loops
// inside one long-running call): V8 optimises a function called a few hundred times at once,
// where a loop inside a single call waits for on-stack replacement (measured, in a fresh process
// on ESPIRiT's 288 x 288 Gram, 47 vectors: ~250 ms cold with the loops inline, 80-110 ms cold as
// functions, 50-70 ms warm either way).

/** w <- B v for the trailing block B = a[k+1.., k+1..] (Hermitian, from its lower triangle). */
function trailingMatvec(a: Float64Array, n: number, k: number, v: Float64Array, w: Float64Array, m: number): void {
  w.fill(0, 0, 2 * m);
  for (let i = 0; i < m; i++) {
    const row = 2 * ((k + 1 + i) * n + k + 1);
    const vir = v[2 * i];
    const vii = v[2 * i + 1];
    let sr = 0;
    let si = 0;
    for (let j = 0; j < i; j++) {
      const br = a[row + 2 * j];
      const bi = a[row + 2 * j + 1];
      // w_i += B_ij v_j; w_j += conj(B_ij) v_i
      sr += br * v[2 * j] - bi * v[2 * j + 1];
      si += br * v[2 * j + 1] + bi * v[2 * j];
      w[2 * j] += br * vir + bi * vii;
      w[2 * j + 1] += br * vii - bi * vir;
    }
    const bd = a[row + 2 * i];
    w[2 * i] += sr + bd * vir;
    w[2 * i + 1] += si + bd * vii;
  }
}

/** B <- B - v q^H - q v^H on the trailing block's lower triangle and diagonal (q = w). */
function trailingUpdate(a: Float64Array, n: number, k: number, v: Float64Array, w: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    const row = 2 * ((k + 1 + i) * n + k + 1);
    const vir = v[2 * i];
    const vii = v[2 * i + 1];
    const qir = w[2 * i];
    const qii = w[2 * i + 1];
    for (let j = 0; j <= i; j++) {
      const qjr = w[2 * j];
      const qji = w[2 * j + 1];
      const vjr = v[2 * j];
      const vji = v[2 * j + 1];
      // v_i conj(q_j) + q_i conj(v_j)
      a[row + 2 * j] -= vir * qjr + vii * qji + qir * vjr + qii * vji;
      a[row + 2 * j + 1] -= vii * qjr - vir * qji + qii * vjr - qir * vji;
    }
  }
}

/** v <- H_0 ... H_{n-3} v (the reflectors of the reduction, last first): v = Q x. */
function applyReflectors(v: Float64Array, vs: Float64Array[], taus: Float64Array, n: number): void {
  for (let k = n - 3; k >= 0; k--) {
    const tau = taus[k];
    if (tau === 0) continue;
    const h = vs[k];
    const m = n - k - 1;
    const o = 2 * (k + 1);
    let sr = 0;
    let si = 0;
    for (let i = 0; i < m; i++) {
      // h^H v
      sr += h[2 * i] * v[o + 2 * i] + h[2 * i + 1] * v[o + 2 * i + 1];
      si += h[2 * i] * v[o + 2 * i + 1] - h[2 * i + 1] * v[o + 2 * i];
    }
    sr *= tau;
    si *= tau;
    for (let i = 0; i < m; i++) {
      v[o + 2 * i] -= h[2 * i] * sr - h[2 * i + 1] * si;
      v[o + 2 * i + 1] -= h[2 * i] * si + h[2 * i + 1] * sr;
    }
  }
}

/** z <- z - (zs[p] . z) zs[p] for the earlier vectors whose eigenvalues lie within ortol of value j's. */
function reorthogonalise(z: Float64Array, zs: Float64Array[], values: Float64Array, j: number, ortol: number, n: number): void {
  for (let p = 0; p < zs.length; p++) {
    if (Math.abs(values[p] - values[j]) > ortol) continue;
    const zp = zs[p];
    let s = 0;
    for (let i = 0; i < n; i++) s += zp[i] * z[i];
    for (let i = 0; i < n; i++) z[i] -= s * zp[i];
  }
}

/** Solves (T - sigma I) x = b for the real symmetric tridiagonal (d, e) by LU with partial pivoting. */
class ShiftedTridiagonal {
  readonly dl: Float64Array;
  readonly dd: Float64Array;
  readonly du: Float64Array;
  readonly du2: Float64Array;
  readonly piv: Uint8Array;
  constructor(d: Float64Array, e: Float64Array, sigma: number, tiny: number) {
    const n = d.length;
    const dl = Float64Array.from(e.subarray(0, n - 1));
    const dd = new Float64Array(n);
    for (let i = 0; i < n; i++) dd[i] = d[i] - sigma;
    const du = Float64Array.from(e.subarray(0, n - 1));
    const du2 = new Float64Array(Math.max(n - 2, 0));
    const piv = new Uint8Array(n);
    for (let i = 0; i < n - 1; i++) {
      if (Math.abs(dd[i]) >= Math.abs(dl[i])) {
        if (dd[i] === 0) dd[i] = tiny;
        const f = dl[i] / dd[i];
        dl[i] = f;
        dd[i + 1] -= f * du[i];
      } else {
        const f = dd[i] / dl[i];
        dd[i] = dl[i];
        dl[i] = f;
        const t = du[i];
        du[i] = dd[i + 1];
        dd[i + 1] = t - f * dd[i + 1];
        if (i < n - 2) {
          du2[i] = du[i + 1];
          du[i + 1] = -f * du[i + 1];
        }
        piv[i] = 1;
      }
    }
    if (dd[n - 1] === 0) dd[n - 1] = tiny;
    this.dl = dl;
    this.dd = dd;
    this.du = du;
    this.du2 = du2;
    this.piv = piv;
  }

  /** b <- (T - sigma I)^{-1} b. */
  solve(b: Float64Array): void {
    const { dl, dd, du, du2, piv } = this;
    const n = dd.length;
    for (let i = 0; i < n - 1; i++) {
      if (piv[i]) {
        const t = b[i];
        b[i] = b[i + 1];
        b[i + 1] = t - dl[i] * b[i];
      } else {
        b[i + 1] -= dl[i] * b[i];
      }
    }
    b[n - 1] /= dd[n - 1];
    if (n > 1) b[n - 2] = (b[n - 2] - du[n - 2] * b[n - 1]) / dd[n - 2];
    for (let i = n - 3; i >= 0; i--) b[i] = (b[i] - du[i] * b[i + 1] - du2[i] * b[i + 2]) / dd[i];
  }
}

/** Throws unless A (n x n, complex interleaved) is finite and Hermitian to 1e-10 of its largest entry. */
function checkHermitian(where: string, A: Float64Array, n: number): void {
  let scale = 0;
  for (let i = 0; i < A.length; i++) {
    if (!Number.isFinite(A[i])) throw new CandorError(where, 'A', 'finite entries', `${A[i]} at ${i >> 1}`);
    scale = Math.max(scale, Math.abs(A[i]));
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const p = 2 * (i * n + j);
      const q = 2 * (j * n + i);
      if (Math.abs(A[p] - A[q]) > 1e-10 * scale || Math.abs(A[p + 1] + A[q + 1]) > 1e-10 * scale) {
        throw new CandorError(where, 'A', 'a Hermitian matrix (A[i][j] = conj(A[j][i]))', `A[${i}][${j}] = ${A[p]}${A[p + 1] >= 0 ? '+' : ''}${A[p + 1]}i, A[${j}][${i}] = ${A[q]}${A[q + 1] >= 0 ? '+' : ''}${A[q + 1]}i`);
      }
    }
  }
}

/** Top eigenpairs of a Hermitian matrix (see the file comment). */
export function hermEigTop(A: Float64Array, n: number, opts: HermEigTopOptions = {}): HermEigTopResult {
  const where = 'hermEigTop';
  checkInt(where, 'size n', n, 1, 4096);
  if (!(A instanceof Float64Array) || A.length !== 2 * n * n) {
    throw new CandorError(where, 'A', `a Float64Array of ${2 * n * n} values (complex ${n}x${n}, interleaved)`, describe(A));
  }
  checkHermitian(where, A, n);
  const { d, sub, vs, taus, kern } = tridiagonalise(A, n);
  // D: phases making the subdiagonal real and non-negative
  const ph = new Float64Array(2 * n);
  const e = new Float64Array(n);
  ph[0] = 1;
  for (let k = 0; k < n - 1; k++) {
    const tr = sub[2 * k];
    const ti = sub[2 * k + 1];
    const t = Math.hypot(tr, ti);
    e[k] = t;
    const ur = t > 0 ? tr / t : 1;
    const ui = t > 0 ? ti / t : 0;
    ph[2 * k + 2] = ph[2 * k] * ur - ph[2 * k + 1] * ui;
    ph[2 * k + 3] = ph[2 * k] * ui + ph[2 * k + 1] * ur;
  }
  // eigenvalues (tridiagonalQL takes e[i] = T[i][i-1] at index i)
  const dq = Float64Array.from(d);
  const eq = new Float64Array(n);
  for (let i = 1; i < n; i++) eq[i] = e[i - 1];
  tridiagonalQL(null, dq, eq, n, false);
  const values = dq.reverse();
  let count: number;
  if (opts.count !== undefined) count = checkInt(where, 'options.count', opts.count, 0, n);
  else {
    const rel = opts.relative ?? 0;
    if (!(rel >= 0) || !Number.isFinite(rel)) throw new CandorError(where, 'options.relative', 'a number >= 0', describe(opts.relative));
    count = 0;
    while (count < n && values[count] > rel * values[0]) count++;
  }
  let tnorm = 0;
  for (let i = 0; i < n; i++) tnorm = Math.max(tnorm, Math.abs(d[i]) + (i > 0 ? e[i - 1] : 0) + (i < n - 1 ? e[i] : 0));
  const eps = 2.220446049250313e-16;
  const tiny = eps * Math.max(tnorm, 1e-300);
  const ortol = 1e-3 * tnorm;
  const zs: Float64Array[] = [];
  const vectors: Float64Array[] = [];
  let seed = 0x9e3779b9;
  const rnd = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296 - 0.5;
  };
  let prevSigma = Number.POSITIVE_INFINITY;
  for (let j = 0; j < count; j++) {
    // perturb coincident eigenvalues apart (dstein), so that the solves differ
    let sigma = values[j];
    if (prevSigma - sigma < 10 * tiny) sigma = prevSigma - 10 * tiny;
    prevSigma = sigma;
    const lu = new ShiftedTridiagonal(d, e, sigma, tiny);
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = rnd();
    for (let it = 0; it < 5; it++) {
      lu.solve(z);
      reorthogonalise(z, zs, values, j, ortol, n);
      let nz = 0;
      for (let i = 0; i < n; i++) nz += z[i] * z[i];
      nz = Math.sqrt(nz);
      if (!(nz > 0)) throw new CandorError(where, `eigenvector ${j}`, 'a non-zero inverse-iteration vector', String(nz), 'numerical');
      for (let i = 0; i < n; i++) z[i] /= nz;
      if (nz * tiny > 1e-3) break; // grew by > 1e3 / tiny: converged
    }
    zs.push(z);
    // v = Q D z: D z, then H_{n-3} ... H_0
    const v = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      v[2 * i] = ph[2 * i] * z[i];
      v[2 * i + 1] = ph[2 * i + 1] * z[i];
    }
    if (kern) kern.reflect(v);
    else applyReflectors(v, vs, taus, n);
    vectors.push(v);
  }
  return { values, vectors };
}
