/**
 * POCS interpolation of missing traces with a decreasing f-k threshold (Abma & Kabir 2006):
 *
 *     x_{k+1} = S^T d + (I - S^T S) F^H T_{lambda_k}(F x_k),     lambda_k decreasing,
 *
 * with F the 2-D f-k transform of the gather zero-padded to [NX, NT] (NT the next power of two
 * >= nt; NX = nextPow2(nx + ceil(nx/16)): padded traces count as missing, which keeps the
 * wrap-around of dipping events away from the data), T_lambda the hard threshold (coefficients
 * with |c| < lambda set to zero), S the trace sampling: kept traces are put back after every
 * projection, missing ones take the thresholded estimate.
 *
 * Computed in f-x: S acts on whole traces and so commutes with the time FFT, and the threshold is
 * element-wise, so the time axis is transformed once (a real FFT of every padded trace, NT/2 + 1
 * frequencies; |c(k, f)| = |c(-k, -f)| makes thresholding the half spectrum the same as the full
 * one) and each iteration is one batch of spatial FFTs over all frequencies, the threshold, the
 * inverse batch and the copy of the missing traces. Padded time samples of kept traces are known
 * zeros; those of missing traces are free (part of the periodic estimate), then cropped.
 * Staged activation (exact, the same result with less work): from the zero-filled start, an
 * iteration whose threshold lies above every coefficient of a frequency leaves that frequency
 * unchanged (the whole column is zeroed, its missing traces were and stay zero), so frequency f
 * is iterated only from the first k with max_x |C(x, f)| >= lambda_k on, and never when that
 * never happens. With the decreasing thresholds most weak frequencies start late: on the Viking
 * Graben gather and an F3 inline this halves the spatial FFT work (docs/seismic.md).
 *
 * Thresholds: lambda_k = c_max (p_max + (p_min - p_max) k / (K - 1)) ('linear', Abma & Kabir) or
 * c_max p_max (p_min / p_max)^(k / (K - 1)) ('exponential', Gao et al. 2010), with c_max the
 * largest |F x_0| of the input (missing traces zero). Defaults: K = 100, p_max 0.99, p_min 0.01,
 * linear (the best on the Viking Graben and F3 data of ../shared/data, docs/seismic.md).
 *
 * The Python peer bench/peers/seismic_pocs.py runs the same algorithm in numpy.
 *
 * References: R. Abma & N. Kabir, "3D interpolation of irregular data with a POCS algorithm",
 * Geophysics 71(6), E91-E97, 2006; J. Gao, X. Chen, J. Li, G. Liu & J. Ma, "Irregularly sampled
 * seismic data reconstruction using an exponentially decreasing threshold", Geophysics 2010.
 *
 * @example
 * import { pocsInterpolate } from './pocs.ts';
 * // const r = pocsInterpolate(decimated, 60, 1000, keptMask, { iterations: 100 });  r.data
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { type FftPlan, fftPlan } from '../../core/fft/plan.ts';
import { rfftPlan } from '../../core/fft/real.ts';
import { nextPow2 } from '../../linops/fk.ts';

/** The POCS threshold schedule from pmax to pmin of the largest coefficient: linear (Abma & Kabir) or exponential (Gao et al. 2010). */
export type ThresholdSchedule = 'linear' | 'exponential';

/** Options of {@link pocsInterpolate}: iterations, threshold schedule and its first and last fractions. */
export interface PocsOptions {
  /** Iterations K (default 100). */
  iterations?: number;
  schedule?: ThresholdSchedule;
  /** First threshold as a fraction of the largest coefficient (default 0.99). */
  pmax?: number;
  /** Last threshold as a fraction of the largest coefficient (default 0.01). */
  pmin?: number;
  /**
   * Warm start: the initial estimate of the missing traces ([nx, nt]; kept traces ignored), e.g.
   * linear interpolation or f-x prediction, in place of zeros. The thresholds stay relative to
   * the largest coefficient of the zero-filled input; a warm start is meant for a lower `pmax`.
   */
  init?: Float64Array;
  /** Padded trace count (default nextPow2(nx + ceil(nx / 16))). */
  nxPad?: number;
  /** Padded sample count (default nextPow2(nt)). */
  ntPad?: number;
  /** Called after every iteration with its threshold; `snapshot()` gives the current gather. Return false to stop. */
  // biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing are the common case
  onIterate?: (iteration: number, threshold: number, snapshot: () => Float64Array) => boolean | void;
}

/** Defaults of {@link pocsInterpolate}: 100 iterations, linear schedule from 0.99 to 0.01 of the largest coefficient. */
export const POCS_DEFAULTS = Object.freeze({
  iterations: 100,
  schedule: 'linear' as ThresholdSchedule,
  pmax: 0.99,
  pmin: 0.01,
});

/** POCS's result: the gather, the iterations run, the thresholds lambda_k / c_max, and the padded f-k grid. */
export interface PocsResult {
  data: Float64Array;
  iterations: number;
  /** lambda_k / c_max for every iteration run. */
  thresholds: number[];
  nxPad: number;
  ntPad: number;
  seconds: number;
}

/** Default padded trace count: the next power of two with at least nx / 16 extra traces. */
export function defaultNxPad(nx: number): number {
  return nextPow2(nx + Math.ceil(nx / 16));
}

/** The threshold fraction of iteration k of K. */
export function thresholdFraction(k: number, K: number, schedule: ThresholdSchedule, pmax: number, pmin: number): number {
  const t = K > 1 ? k / (K - 1) : 1;
  return schedule === 'linear' ? pmax + (pmin - pmax) * t : pmax * (pmin / pmax) ** t;
}

function checkOptions(where: string, nx: number, nt: number, o: PocsOptions) {
  const K = checkInt(where, 'iterations', o.iterations ?? POCS_DEFAULTS.iterations, 1, 100000);
  const schedule = o.schedule ?? POCS_DEFAULTS.schedule;
  if (schedule !== 'linear' && schedule !== 'exponential') {
    throw new CandorError(where, 'schedule', "'linear' or 'exponential'", describe(schedule));
  }
  const pmax = o.pmax ?? POCS_DEFAULTS.pmax;
  const pmin = o.pmin ?? POCS_DEFAULTS.pmin;
  if (!(pmax > 0 && pmax <= 1)) throw new CandorError(where, 'pmax', 'a number in (0, 1]', describe(pmax));
  if (!(pmin > 0 && pmin <= pmax)) throw new CandorError(where, 'pmin', `a number in (0, pmax = ${pmax}]`, describe(pmin));
  const NX = checkInt(where, 'nxPad', o.nxPad ?? defaultNxPad(nx), nx);
  const NT = checkInt(where, 'ntPad', o.ntPad ?? nextPow2(nt), nt);
  return { K, schedule, pmax, pmin, NX, NT };
}

/** The spatial FFT of every frequency of an [NX, nf] complex array (batched for powers of two). */
function spatialFft(plan: FftPlan, NX: number, nf: number, col: Float64Array) {
  const p2 = plan.kernel;
  return (src: Float64Array, dst: Float64Array, work: Float64Array, inverse: boolean) => {
    if (p2) {
      p2.run(src, 0, dst, 0, inverse, nf, work, 0);
      return;
    }
    for (let f = 0; f < nf; f++) {
      for (let x = 0; x < NX; x++) {
        col[2 * x] = src[2 * (x * nf + f)];
        col[2 * x + 1] = src[2 * (x * nf + f) + 1];
      }
      plan.exec(col, 0, col, 0, inverse);
      for (let x = 0; x < NX; x++) {
        dst[2 * (x * nf + f)] = col[2 * x];
        dst[2 * (x * nf + f) + 1] = col[2 * x + 1];
      }
    }
  };
}

/** Hard threshold of complex interleaved c[o .. o + len): |c| < sqrt(lam2) -> 0. */
function threshold(c: Float64Array, o: number, len: number, lam2: number): void {
  for (let j = o; j < o + len; j += 2) {
    if (c[j] * c[j] + c[j + 1] * c[j + 1] < lam2) {
      c[j] = 0;
      c[j + 1] = 0;
    }
  }
}

/**
 * POCS iterations with the spatial FFTs in WebAssembly SIMD, the f-x state resident in the
 * module's memory (region: 32 bytes of parameters, the state P, two ping-pong buffers A and B).
 * One iteration is: the first forward stage from P into A (P is not overwritten), the other
 * stages between A and B, the hard threshold in SIMD (`cthresh`, which also applies the 1/NX of
 * the inverse when NX is a power of two: an exact scaling, so the result is bit for bit the
 * one of scaling after the inverse), the inverse stages and a copy of each run of missing traces
 * back into P. Nothing crosses between JavaScript and WebAssembly memory inside the loop, which
 * is what costs on small panels (an F3 inline: 32 x 65). Null when SIMD is unavailable.
 *
 * `step` uploads the state on first use (or after `release`), `download` copies it back to X;
 * `release` (download, then forget the region) must follow any other use of the FFT module (a
 * progress callback may run one).
 */
function residentSimd(plan: FftPlan, NX: number, nf: number, len: number, missing: readonly number[]) {
  const p2 = plan.kernel;
  const w = p2 && len >= 64 ? p2.simd() : null;
  if (!p2 || !w) return null;
  const K = p2.stageCount;
  const rowB = 16 * nf;
  const exact = (NX & (NX - 1)) === 0;
  const inv = 1 / NX;
  // runs of consecutive missing traces [first, count]
  const runs: [number, number][] = [];
  for (const x of missing) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === x) last[1]++;
    else runs.push([x, 1]);
  }
  let base = -1;
  const self = {
    step(X: Float64Array, lam2: number): boolean {
      if (base < 0) {
        base = w.region(32 + 24 * len);
        if (base < 0) return false;
        w.heap().set(X, (base + 32) >> 3);
      }
      const P = base + 32;
      const A = P + 8 * len;
      const B = A + 8 * len;
      const h = w.heap();
      const q = base >> 3;
      h[q] = lam2;
      h[q + 1] = lam2;
      h[q + 2] = exact ? inv : 1;
      h[q + 3] = exact ? inv : 1;
      let r = p2.stagesAt(w, P, A, 0, 1, false, nf, 1, 0);
      if (K > 1) r = p2.stagesAt(w, A, B, 1, K, false, nf, 1, 0);
      w.cthresh(r, len >> 1, base);
      const r2 = p2.stagesAt(w, r, r === A ? B : A, 0, K, true, nf, 1, 0);
      if (exact) {
        for (const [x, n] of runs) w.copy2d(r2 + x * rowB, P + x * rowB, 1, 0, 0, n * rowB);
      } else {
        const hh = w.heap();
        for (const [x, n] of runs) {
          const o = (P + x * rowB) >> 3;
          const o2 = (r2 + x * rowB) >> 3;
          for (let j = 0; j < 2 * n * nf; j++) hh[o + j] = hh[o2 + j] * inv;
        }
      }
      return true;
    },
    download(X: Float64Array): void {
      if (base >= 0) X.set(w.view((base + 32) >> 3, len));
    },
    release(X: Float64Array): void {
      self.download(X);
      base = -1;
    },
  };
  return self;
}

/**
 * Interpolates the missing traces (kept[t] = 0) of `data` ([nx, nt], missing traces ignored) by
 * POCS with a decreasing f-k threshold. Kept traces are returned unchanged.
 */
export function pocsInterpolate(data: Float64Array, nx: number, nt: number, kept: Uint8Array, opts: PocsOptions = {}): PocsResult {
  const where = 'pocsInterpolate';
  const t0 = performance.now();
  if (!(data instanceof Float64Array) || data.length !== nx * nt || kept.length !== nx) {
    throw new CandorError(where, 'sizes', `${nx} x ${nt} samples and a mask of ${nx} traces`, `${describe(data)} and a mask of ${kept.length}`);
  }
  const { K, schedule, pmax, pmin, NX, NT } = checkOptions(where, nx, nt, opts);
  const nf = (NT >> 1) + 1;
  const rf = rfftPlan(NT);
  const plan = fftPlan(NX);
  const fft = spatialFft(plan, NX, nf, new Float64Array(2 * NX));
  const len = 2 * NX * nf;
  const X = new Float64Array(len); // f-x: row x = spectrum of (padded) trace x
  const C = new Float64Array(len);
  const trace = new Float64Array(NT);
  const missing: number[] = [];
  for (let x = 0; x < NX; x++) {
    if (x < nx && kept[x]) {
      trace.fill(0);
      trace.set(data.subarray(x * nt, (x + 1) * nt));
      rf.exec(trace, 0, 1, X, 2 * x * nf);
    } else missing.push(x);
  }
  fft(X, C, new Float64Array(len), false);
  let cmax2 = 0;
  for (let j = 0; j < len; j += 2) cmax2 = Math.max(cmax2, C[j] * C[j] + C[j + 1] * C[j + 1]);
  const cmax = Math.sqrt(cmax2);
  if (!(cmax > 0)) throw new CandorError(where, 'kept traces', 'some non-zero samples', 'all zeros');
  // Staged activation (exact). From the zero-filled start a frequency whose coefficients all lie
  // below lambda_k is left unchanged by iteration k: the threshold zeroes the whole column, the
  // inverse gives zeros and the missing traces, zero, stay zero. So frequency f needs iterating
  // only from start[f], the first k with max_x |C(x, f)| >= lambda_k (a relative margin of 1e-9
  // makes rounding err on the side of starting early, which the old all-at-once loop did); one
  // that never gets there is never iterated. The state holds the started frequencies, ordered by
  // start, as the first columns of an [NX, nb] block that widens when more start. With a warm
  // start the first iteration sees the initial fill: every frequency whose fill or zero-filled
  // coefficients reach the smallest threshold starts at iteration 0, the others never do (the
  // first iteration would zero their missing traces, which then stay zero).
  const lam2At = (k: number) => (thresholdFraction(k, K, schedule, pmax, pmin) * cmax) ** 2;
  const peak2 = new Float64Array(nf);
  const peaks = (c: Float64Array) => {
    for (let x = 0; x < NX; x++) {
      for (let f = 0; f < nf; f++) {
        const j = 2 * (x * nf + f);
        peak2[f] = Math.max(peak2[f], c[j] * c[j] + c[j + 1] * c[j + 1]);
      }
    }
  };
  peaks(C);
  const margin = 1 - 1e-9;
  const start = new Int32Array(nf).fill(K);
  let X0 = X;
  if (opts.init !== undefined) {
    if (!(opts.init instanceof Float64Array) || opts.init.length !== nx * nt) throw new CandorError(where, 'init', `a Float64Array of ${nx} x ${nt} samples`, describe(opts.init));
    X0 = X.slice();
    for (let x = 0; x < nx; x++) {
      if (kept[x]) continue;
      trace.fill(0);
      trace.set(opts.init.subarray(x * nt, (x + 1) * nt));
      rf.exec(trace, 0, 1, X0, 2 * x * nf);
    }
    const Ci = new Float64Array(len);
    fft(X0, Ci, new Float64Array(len), false);
    peaks(Ci);
    const lamMin2 = Math.min(lam2At(0), lam2At(K - 1)) * margin;
    for (let f = 0; f < nf; f++) if (peak2[f] >= lamMin2) start[f] = 0;
  } else {
    for (let f = 0; f < nf; f++) {
      let k = 0;
      while (k < K && peak2[f] < lam2At(k) * margin) k++;
      start[f] = k;
    }
  }
  const cols: number[] = [];
  for (let f = 0; f < nf; f++) if (start[f] < K) cols.push(f);
  cols.sort((p, q) => start[p] - start[q] || p - q);
  const nA = cols.length;
  // the block: [NX, nb] complex, views of buffers sized for all nA started frequencies
  const bufX = new Float64Array(2 * NX * nA);
  const bufC = new Float64Array(2 * NX * nA);
  const bufW = new Float64Array(2 * NX * nA);
  const col = new Float64Array(2 * NX);
  let nb = 0;
  let Xa = bufX.subarray(0, 0);
  let Ca = Xa;
  let workA = Xa;
  let fftA = spatialFft(plan, NX, 0, col);
  let simd = null as ReturnType<typeof residentSimd>;
  /** Widens the block to n columns: rows move to stride n (last first, in place), new columns from X0. */
  const widen = (n: number) => {
    simd?.release(Xa);
    for (let x = NX - 1; x >= 0; x--) {
      for (let i = n - 1; i >= 0; i--) {
        const d = 2 * (x * n + i);
        const s = i < nb ? 2 * (x * nb + i) : 2 * (x * nf + cols[i]);
        const src = i < nb ? bufX : X0;
        bufX[d] = src[s];
        bufX[d + 1] = src[s + 1];
      }
    }
    nb = n;
    Xa = bufX.subarray(0, 2 * NX * n);
    Ca = bufC.subarray(0, 2 * NX * n);
    workA = bufW.subarray(0, 2 * NX * n);
    fftA = spatialFft(plan, NX, n, col);
    simd = residentSimd(plan, NX, n, 2 * NX * n, missing);
  };
  const sync = () => {
    for (const x of missing) {
      for (let i = 0; i < nb; i++) {
        X[2 * (x * nf + cols[i])] = Xa[2 * (x * nb + i)];
        X[2 * (x * nf + cols[i]) + 1] = Xa[2 * (x * nb + i) + 1];
      }
    }
  };
  const toGather = (out: Float64Array) => {
    sync();
    for (let x = 0; x < nx; x++) {
      if (kept[x]) {
        out.set(data.subarray(x * nt, (x + 1) * nt), x * nt);
        continue;
      }
      rf.execInverse(X, 2 * x * nf, trace, 0, 1);
      for (let j = 0; j < nt; j++) out[x * nt + j] = trace[j] / NT;
    }
    return out;
  };
  const thresholds: number[] = [];
  const inv = 1 / NX;
  let started = 0;
  for (let k = 0; k < K; k++) {
    const frac = thresholdFraction(k, K, schedule, pmax, pmin);
    const lam2 = (frac * cmax) ** 2;
    while (started < nA && start[cols[started]] <= k) started++;
    if (started > nb) widen(started);
    if (nb > 0 && !simd?.step(Xa, lam2)) {
      fftA(Xa, Ca, workA, false);
      threshold(Ca, 0, Xa.length, lam2);
      fftA(Ca, Ca, workA, true);
      for (const x of missing) {
        const o = 2 * x * nb;
        for (let j = o; j < o + 2 * nb; j++) Xa[j] = Ca[j] * inv;
      }
    }
    thresholds.push(frac);
    if (opts.onIterate) {
      simd?.release(Xa);
      if (opts.onIterate(k + 1, frac, () => toGather(new Float64Array(nx * nt))) === false) break;
    }
  }
  simd?.download(Xa);
  return {
    data: toGather(new Float64Array(nx * nt)),
    iterations: thresholds.length,
    thresholds,
    nxPad: NX,
    ntPad: NT,
    seconds: (performance.now() - t0) / 1000,
  };
}
