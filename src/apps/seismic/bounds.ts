/**
 * Oracle bounds for trace interpolation: estimators that are handed what no method has, the
 * complete gather's own statistics, and so say how far any method of their family can go on a
 * given gather and pattern (docs/seismic.md, "what the data allow"). Both work per temporal
 * frequency f of the unpadded rfft of the traces (X(x, f), x the trace index) and return the
 * gather with the kept traces as given and the missing ones estimated.
 *
 * - `wienerOracle` (kriging with the true f-x covariance): the spatial autocovariance of the
 *   complete gather at each frequency,
 *
 *       r_f(l) = (1/n) sum_{x < n - l} X(x + l, f) conj X(x, f),   l = 0 .. n - 1
 *
 *   (the biased estimate, positive semidefinite), averaged over 2b + 1 neighbouring frequencies
 *   (zeros beyond the ends, as numpy's convolve(..., 'same')), gives the Toeplitz covariance
 *   C(i, j) = r(i - j) (r(-l) = conj r(l)), and the missing traces are the best linear estimate
 *   from the kept ones, x_m = C_mk (C_kk + rho tr(C_kk)/m I)^{-1} x_k. It is the minimum
 *   mean-square-error estimator for a stationary Gaussian field with that spectrum: the bound
 *   for f-x prediction, f-k filtering and every linear interpolator with stationary weights.
 * - `supportOracle` (least squares on the true f-k support): at each frequency the s
 *   wavenumbers (of NX, traces zero-padded) where the complete gather's coefficients are largest
 *   are given, and the kept traces are fitted by least squares on those atoms alone,
 *   x = E_S argmin_a ||E_{K,S} a - x_K||, E(x, k) = e^{2 pi i x k / NX} / sqrt(NX): what a sparse
 *   f-k method (POCS, FISTA, SPGL1) would reach if it found the right support.
 *
 * Ties in the support go to the lower wavenumber. A frequency at which the kept traces (or the
 * complete gather) carry nothing is estimated as zero.
 *
 * Reference: N. Cressie, Statistics for Spatial Data (1993), ch. 3 (kriging); E. J. Candes &
 * T. Tao, "The Dantzig selector", Ann. Statist. 2007 (the oracle least-squares estimator on the
 * true support as the benchmark of sparse recovery).
 *
 * @example
 * import { wienerOracle, supportOracle } from './bounds.ts';
 * // wienerOracle(truth, 60, 1000, kept, { band: 2 });  supportOracle(truth, 60, 1000, kept, 8)
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { lstsq } from '../../core/dense/qr.ts';
import { matrix } from '../../core/dense/matrix.ts';
import { fftPlan } from '../../core/fft/plan.ts';
import { rfftPlan } from '../../core/fft/real.ts';
import { hermitianFactor, hermitianSolve } from './hermitian.ts';

function checkSizes(where: string, truth: Float64Array, nx: number, nt: number, kept: Uint8Array): number[] {
  if (!(truth instanceof Float64Array) || truth.length !== nx * nt || !(kept instanceof Uint8Array) || kept.length !== nx) {
    throw new CandorError(where, 'sizes', `${nx} x ${nt} samples and a mask of ${nx} traces`, `${describe(truth)} and ${describe(kept)}`);
  }
  const K: number[] = [];
  for (let x = 0; x < nx; x++) if (kept[x]) K.push(x);
  if (K.length === 0 || K.length === nx) throw new CandorError(where, 'kept traces', `between 1 and ${nx - 1}`, String(K.length));
  return K;
}

/** rfft of every trace: [nx, nf] complex interleaved. */
function fx(data: Float64Array, nx: number, nt: number): Float64Array {
  const nf = (nt >> 1) + 1;
  const rf = rfftPlan(nt);
  const X = new Float64Array(2 * nx * nf);
  for (let x = 0; x < nx; x++) rf.exec(data, x * nt, 1, X, 2 * x * nf);
  return X;
}

/** The gather from its f-x form (irfft of each trace), kept traces copied from `truth`. */
function toGather(X: Float64Array, truth: Float64Array, nx: number, nt: number, kept: Uint8Array): Float64Array {
  const nf = (nt >> 1) + 1;
  const rf = rfftPlan(nt);
  const out = new Float64Array(nx * nt);
  const tr = new Float64Array(nt);
  for (let x = 0; x < nx; x++) {
    if (kept[x]) {
      out.set(truth.subarray(x * nt, (x + 1) * nt), x * nt);
      continue;
    }
    rf.execInverse(X, 2 * x * nf, tr, 0, 1);
    for (let j = 0; j < nt; j++) out[x * nt + j] = tr[j] / nt;
  }
  return out;
}

/** Options of the Wiener oracle bound: frequency averaging half-width of the covariance and its relative ridge. */
export interface WienerOracleOptions {
  /** Half-width b of the frequency average of the covariance (default 2: 5 frequencies). */
  band?: number;
  /** Relative ridge rho on C_kk (default 1e-3). */
  ridge?: number;
}

/** Kriging of the missing traces with the complete gather's own f-x covariance (an oracle). */
export function wienerOracle(truth: Float64Array, nx: number, nt: number, kept: Uint8Array, opts: WienerOracleOptions = {}): Float64Array {
  const where = 'wienerOracle';
  const K = checkSizes(where, truth, nx, nt, kept);
  const b = checkInt(where, 'band', opts.band ?? 2, 0, 10000);
  const rho = opts.ridge ?? 1e-3;
  if (!(rho >= 0)) throw new CandorError(where, 'ridge', 'a number >= 0', describe(rho));
  const nf = (nt >> 1) + 1;
  const X = fx(truth, nx, nt);
  // r_f(l), then its average over frequencies f - b .. f + b
  const R = new Float64Array(2 * nf * nx);
  for (let f = 0; f < nf; f++) {
    for (let l = 0; l < nx; l++) {
      let re = 0;
      let im = 0;
      for (let x = 0; x + l < nx; x++) {
        const a = 2 * ((x + l) * nf + f);
        const c = 2 * (x * nf + f);
        re += X[a] * X[c] + X[a + 1] * X[c + 1];
        im += X[a + 1] * X[c] - X[a] * X[c + 1];
      }
      R[2 * (f * nx + l)] = re / nx;
      R[2 * (f * nx + l) + 1] = im / nx;
    }
  }
  const Rs = new Float64Array(R.length);
  for (let f = 0; f < nf; f++) {
    for (let l = 0; l < nx; l++) {
      let re = 0;
      let im = 0;
      for (let g = Math.max(0, f - b); g <= Math.min(nf - 1, f + b); g++) {
        re += R[2 * (g * nx + l)];
        im += R[2 * (g * nx + l) + 1];
      }
      Rs[2 * (f * nx + l)] = re / (2 * b + 1);
      Rs[2 * (f * nx + l) + 1] = im / (2 * b + 1);
    }
  }
  const M: number[] = [];
  for (let x = 0; x < nx; x++) if (!kept[x]) M.push(x);
  const m = K.length;
  const cov = (f: number, i: number, j: number, out: Float64Array, o: number) => {
    const l = Math.abs(i - j);
    out[o] = Rs[2 * (f * nx + l)];
    out[o + 1] = i >= j ? Rs[2 * (f * nx + l) + 1] : -Rs[2 * (f * nx + l) + 1];
  };
  const Ckk = new Float64Array(2 * m * m);
  const xk = new Float64Array(2 * m);
  const z = new Float64Array(2 * m);
  const c = new Float64Array(2);
  const Y = new Float64Array(X.length);
  for (let f = 0; f < nf; f++) {
    let tr = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) cov(f, K[i], K[j], Ckk, 2 * (i * m + j));
      tr += Ckk[2 * (i * m + i)];
      xk[2 * i] = X[2 * (K[i] * nf + f)];
      xk[2 * i + 1] = X[2 * (K[i] * nf + f) + 1];
    }
    if (!(tr > 0)) continue;
    hermitianSolve(hermitianFactor(Ckk, m, (rho * tr) / m), xk, z);
    for (const t of M) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < m; j++) {
        cov(f, t, K[j], c, 0);
        re += c[0] * z[2 * j] - c[1] * z[2 * j + 1];
        im += c[0] * z[2 * j + 1] + c[1] * z[2 * j];
      }
      Y[2 * (t * nf + f)] = re;
      Y[2 * (t * nf + f) + 1] = im;
    }
  }
  return toGather(Y, truth, nx, nt, kept);
}

/** Least squares of the kept traces on the complete gather's s largest f-k atoms per frequency (an oracle). */
export function supportOracle(truth: Float64Array, nx: number, nt: number, kept: Uint8Array, s: number, opts: { nxPad?: number } = {}): Float64Array {
  const where = 'supportOracle';
  const K = checkSizes(where, truth, nx, nt, kept);
  const m = K.length;
  checkInt(where, 'support size s', s, 1, m);
  const NX = checkInt(where, 'nxPad', opts.nxPad ?? nx, nx, 1 << 20);
  const nf = (nt >> 1) + 1;
  const X = fx(truth, nx, nt);
  const plan = fftPlan(NX);
  const col = new Float64Array(2 * NX);
  const mag = new Float64Array(NX);
  const idx = Array.from({ length: NX }, (_, k) => k);
  const A = matrix(2 * m, 2 * s);
  const rhs = new Float64Array(2 * m);
  const a = new Float64Array(2 * s);
  const Y = new Float64Array(X.length);
  const inv = 1 / Math.sqrt(NX);
  const atom = (x: number, k: number) => (2 * Math.PI * ((x * k) % NX)) / NX;
  for (let f = 0; f < nf; f++) {
    col.fill(0);
    for (let x = 0; x < nx; x++) {
      col[2 * x] = X[2 * (x * nf + f)];
      col[2 * x + 1] = X[2 * (x * nf + f) + 1];
    }
    plan.exec(col, 0, col, 0, false);
    let big = 0;
    for (let k = 0; k < NX; k++) {
      mag[k] = Math.hypot(col[2 * k], col[2 * k + 1]);
      big = Math.max(big, mag[k]);
    }
    let kn = 0;
    for (const x of K) kn += Math.abs(X[2 * (x * nf + f)]) + Math.abs(X[2 * (x * nf + f) + 1]);
    if (!(big > 0) || !(kn > 0)) continue;
    idx.sort((p, q) => mag[q] - mag[p] || p - q);
    // real form of the complex least squares: [Re E, -Im E; Im E, Re E] [Re a; Im a] = [Re d; Im d]
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < s; j++) {
        const t = atom(K[i], idx[j]);
        const re = Math.cos(t) * inv;
        const im = Math.sin(t) * inv;
        A.data[i * 2 * s + j] = re;
        A.data[i * 2 * s + s + j] = -im;
        A.data[(m + i) * 2 * s + j] = im;
        A.data[(m + i) * 2 * s + s + j] = re;
      }
      rhs[i] = X[2 * (K[i] * nf + f)];
      rhs[m + i] = X[2 * (K[i] * nf + f) + 1];
    }
    lstsq(A, rhs, a);
    for (let x = 0; x < nx; x++) {
      if (kept[x]) continue;
      let re = 0;
      let im = 0;
      for (let j = 0; j < s; j++) {
        const t = atom(x, idx[j]);
        const er = Math.cos(t) * inv;
        const ei = Math.sin(t) * inv;
        re += er * a[j] - ei * a[s + j];
        im += er * a[s + j] + ei * a[j];
      }
      Y[2 * (x * nf + f)] = re;
      Y[2 * (x * nf + f) + 1] = im;
    }
  }
  return toGather(Y, truth, nx, nt, kept);
}
