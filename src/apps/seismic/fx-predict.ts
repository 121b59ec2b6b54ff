/**
 * f-x prediction-filter interpolation of missing traces (Spitz 1991; for irregular gaps, the
 * prediction-error-filter form of Claerbout's missing-data method). At one temporal frequency f a
 * gather of linear events is, along the traces, a sum of p complex exponentials, X(x) =
 * sum_e A_e e^{-2 pi i f p_e x}, which a p-term filter predicts exactly:
 *
 *     X(x) = sum_{j=1..p} a_j X(x - j)            (forward)
 *     X(x - p) = sum_{j=1..p} conj(a_j) X(x - p + j)   (backward, the same filter reversed)
 *
 * Starting from an initial fill (linear interpolation by default), each pass
 *  1. estimates one filter a per band of `band` neighbouring frequencies by least squares over
 *     both equations, (G + rho tr(G)/p I) a = h, G = R^H R, h = R^H r: in the first pass on the
 *     positions n whose traces n - p .. n are all kept, when there are at least p of them (the
 *     filter of the data alone, Spitz's principle), else, and in later passes, on every position
 *     of the current estimate;
 *  2. with P the forward and backward prediction-error operator of that filter (2 (n - p) rows),
 *     solves for the missing traces with the kept ones fixed, min ||P x||^2:
 *     (P_m^H P_m) x_m = -P_m^H P_k x_k, one Hermitian factor per band.
 * Kept traces are returned unchanged. It is not a sparsity method; it serves as a baseline and as
 * the warm start of POCS (`pocsInterpolate(..., { init })`).
 *
 * References: S. Spitz, "Seismic trace interpolation in the F-X domain", Geophysics 56(6),
 * 785-794, 1991; J. F. Claerbout, Image Estimation by Example (2005), ch. "Missing-data
 * restoration" (PEF-based interpolation); M. Naghizadeh & M. D. Sacchi, "f-x adaptive seismic-trace
 * interpolation", Geophysics 74(1), 2009.
 *
 * @example
 * import { fxPredictInterpolate } from './fx-predict.ts';
 * // fxPredictInterpolate(decimated, 60, 1000, kept, { order: 2, band: 16 })
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { rfftPlan } from '../../core/fft/real.ts';
import { hermitianFactor, hermitianSolve } from './hermitian.ts';
import { linearInterpolate } from './linear.ts';

/** Options of {@link fxPredictInterpolate}: filter length, frequencies per filter, passes and ridge; defaults {@link FX_PREDICT_DEFAULTS}. */
export interface FxPredictOptions {
  /** Filter length p (default 2). */
  order?: number;
  /** Frequencies sharing one filter (default 16). */
  band?: number;
  /** Passes of estimate-filter-then-fill (default 3). */
  iterations?: number;
  /** Relative ridge rho of the filter estimate (default 1e-3). */
  ridge?: number;
  /** Initial fill of the missing traces ([nx, nt]; default linear interpolation). */
  init?: Float64Array;
}

/** Defaults of {@link fxPredictInterpolate}: filter length 2, 16 frequencies per filter, 3 passes, relative ridge 1e-3. */
export const FX_PREDICT_DEFAULTS = Object.freeze({ order: 2, band: 16, iterations: 3, ridge: 1e-3 });

/**
 * f-x prediction-filter interpolation (Spitz 1991) of the missing traces of an nx x nt gather: per
 * band of frequencies a p-term filter X(x) = sum_j a_j X(x - j) is fitted by least squares, then
 * the missing traces minimise the forward and backward prediction error ||P x||^2 with the kept
 * ones fixed (returned unchanged).
 */
export function fxPredictInterpolate(data: Float64Array, nx: number, nt: number, kept: Uint8Array, opts: FxPredictOptions = {}): Float64Array {
  const where = 'fxPredictInterpolate';
  if (!(data instanceof Float64Array) || data.length !== nx * nt || !(kept instanceof Uint8Array) || kept.length !== nx) {
    throw new CandorError(where, 'sizes', `${nx} x ${nt} samples and a mask of ${nx} traces`, `${describe(data)} and ${describe(kept)}`);
  }
  const p = checkInt(where, 'order', opts.order ?? FX_PREDICT_DEFAULTS.order, 1, Math.max(1, (nx - 1) >> 1));
  const band = checkInt(where, 'band', opts.band ?? FX_PREDICT_DEFAULTS.band, 1, 1 << 20);
  const passes = checkInt(where, 'iterations', opts.iterations ?? FX_PREDICT_DEFAULTS.iterations, 1, 1000);
  const rho = opts.ridge ?? FX_PREDICT_DEFAULTS.ridge;
  if (!(rho >= 0)) throw new CandorError(where, 'ridge', 'a number >= 0', describe(rho));
  const init = opts.init ?? linearInterpolate(data, nx, nt, kept);
  if (!(init instanceof Float64Array) || init.length !== nx * nt) throw new CandorError(where, 'init', `${nx * nt} samples`, describe(init));
  const K: number[] = [];
  const M: number[] = [];
  for (let x = 0; x < nx; x++) (kept[x] ? K : M).push(x);
  if (K.length === 0 || M.length === 0) throw new CandorError(where, 'kept traces', `between 1 and ${nx - 1}`, String(K.length));
  const nf = (nt >> 1) + 1;
  const rf = rfftPlan(nt);
  let X = new Float64Array(2 * nx * nf);
  const tr = new Float64Array(nt);
  for (let x = 0; x < nx; x++) {
    tr.set((kept[x] ? data : init).subarray(x * nt, (x + 1) * nt));
    rf.exec(tr, 0, 1, X, 2 * x * nf);
  }
  const D = X.slice();
  const G = new Float64Array(2 * p * p);
  const h = new Float64Array(2 * p);
  const a = new Float64Array(2 * p);
  const rows = 2 * (nx - p);
  const P = new Float64Array(2 * rows * nx);
  const nm = M.length;
  const Q = new Float64Array(2 * nm * nm);
  const rhs = new Float64Array(2 * nm);
  const xm = new Float64Array(2 * nm);
  // positions n whose traces n - p .. n are all kept
  const whole: number[] = [];
  for (let n = p; n < nx; n++) {
    let all = true;
    for (let j = n - p; j <= n; j++) all &&= kept[j] === 1;
    if (all) whole.push(n);
  }
  const every = Array.from({ length: nx - p }, (_, i) => p + i);
  for (let pass = 0; pass < passes; pass++) {
    const Xn = X.slice();
    const positions = pass === 0 && whole.length >= p ? whole : every;
    for (let f0 = 0; f0 < nf; f0 += band) {
      const f1 = Math.min(nf, f0 + band);
      // 1. the filter: normal equations of forward and backward prediction over the band
      G.fill(0);
      h.fill(0);
      const u = new Float64Array(2 * p);
      const accumulate = (tr0: number, ti0: number) => {
        for (let i = 0; i < p; i++) {
          const ur = u[2 * i];
          const ui = u[2 * i + 1];
          for (let j = 0; j < p; j++) {
            G[2 * (i * p + j)] += ur * u[2 * j] + ui * u[2 * j + 1]; // conj(u_i) u_j
            G[2 * (i * p + j) + 1] += ur * u[2 * j + 1] - ui * u[2 * j];
          }
          h[2 * i] += ur * tr0 + ui * ti0;
          h[2 * i + 1] += ur * ti0 - ui * tr0;
        }
      };
      for (let f = f0; f < f1; f++) {
        for (const n of positions) {
          // forward: X(n) from X(n - 1), ..., X(n - p)
          for (let j = 0; j < p; j++) {
            u[2 * j] = X[2 * ((n - 1 - j) * nf + f)];
            u[2 * j + 1] = X[2 * ((n - 1 - j) * nf + f) + 1];
          }
          accumulate(X[2 * (n * nf + f)], X[2 * (n * nf + f) + 1]);
          // backward: conj X(n - p) from conj X(n - p + 1), ..., conj X(n)
          for (let j = 0; j < p; j++) {
            u[2 * j] = X[2 * ((n - p + 1 + j) * nf + f)];
            u[2 * j + 1] = -X[2 * ((n - p + 1 + j) * nf + f) + 1];
          }
          accumulate(X[2 * ((n - p) * nf + f)], -X[2 * ((n - p) * nf + f) + 1]);
        }
      }
      let trG = 0;
      for (let i = 0; i < p; i++) trG += G[2 * (i * p + i)];
      if (!(trG > 0)) {
        for (let f = f0; f < f1; f++) for (const x of M) Xn[2 * (x * nf + f)] = Xn[2 * (x * nf + f) + 1] = 0;
        continue;
      }
      hermitianSolve(hermitianFactor(G, p, (rho * trG) / p), h, a);
      // 2. prediction-error operator P (rows: forward n = p..nx-1, then backward), Q = P_m^H P_m
      P.fill(0);
      for (let n = p; n < nx; n++) {
        const rf0 = n - p;
        const rb = nx - p + n - p;
        P[2 * (rf0 * nx + n)] = 1;
        P[2 * (rb * nx + n - p)] = 1;
        for (let j = 1; j <= p; j++) {
          P[2 * (rf0 * nx + n - j)] = -a[2 * (j - 1)];
          P[2 * (rf0 * nx + n - j) + 1] = -a[2 * (j - 1) + 1];
          P[2 * (rb * nx + n - p + j)] = -a[2 * (j - 1)];
          P[2 * (rb * nx + n - p + j) + 1] = a[2 * (j - 1) + 1];
        }
      }
      for (let i = 0; i < nm; i++) {
        for (let j = 0; j < nm; j++) {
          let sr = 0;
          let si = 0;
          for (let r = 0; r < rows; r++) {
            const u = 2 * (r * nx + M[i]);
            const v = 2 * (r * nx + M[j]);
            sr += P[u] * P[v] + P[u + 1] * P[v + 1];
            si += P[u] * P[v + 1] - P[u + 1] * P[v];
          }
          Q[2 * (i * nm + j)] = sr;
          Q[2 * (i * nm + j) + 1] = si;
        }
      }
      const L = hermitianFactor(Q, nm, 0);
      for (let f = f0; f < f1; f++) {
        // rhs = -P_m^H (P_k x_k)
        rhs.fill(0);
        for (let r = 0; r < rows; r++) {
          let er = 0;
          let ei = 0;
          for (const x of K) {
            const u = 2 * (r * nx + x);
            const dr = D[2 * (x * nf + f)];
            const di = D[2 * (x * nf + f) + 1];
            er += P[u] * dr - P[u + 1] * di;
            ei += P[u] * di + P[u + 1] * dr;
          }
          for (let i = 0; i < nm; i++) {
            const u = 2 * (r * nx + M[i]);
            rhs[2 * i] -= P[u] * er + P[u + 1] * ei;
            rhs[2 * i + 1] -= P[u] * ei - P[u + 1] * er;
          }
        }
        hermitianSolve(L, rhs, xm);
        for (let i = 0; i < nm; i++) {
          Xn[2 * (M[i] * nf + f)] = xm[2 * i];
          Xn[2 * (M[i] * nf + f) + 1] = xm[2 * i + 1];
        }
      }
    }
    X = Xn;
  }
  const out = data.slice();
  for (const x of M) {
    rf.execInverse(X, 2 * x * nf, tr, 0, 1);
    for (let j = 0; j < nt; j++) out[x * nt + j] = tr[j] / nt;
  }
  return out;
}
