/**
 * The numbers behind the seismic interpolation report (./report.ts words them):
 *
 * - the decimation pattern: kept traces, gaps, period when regular (../../predict/decimation.ts);
 * - its PSF in wavenumber on the grid of the n traces (a property of the pattern: padding adds a
 *   box of missing traces that only widens the main lobe) and the mutual coherence of the sampled
 *   dictionary of the chosen transform: f-k (the PSF side lobe on the padded trace grid the
 *   methods use), f-k patches (the worst window),
 *   Radon (the steering vectors e^{-2 pi i nu p h_x} of the slopes at the dominant normalised
 *   frequency nu, kept traces against all traces), DCT and wavelets (the kept rows of the spatial
 *   factor);
 * - the f-k sparsity of the gather (of the truth when known, else of the reconstruction): the
 *   energy in the largest 1, 2, 5, 10, 20 % of the coefficients, k_99 and k_99.9;
 * - the planner per frequency: each temporal frequency f is an independent problem of N
 *   wavenumbers seen through the same m kept traces, with sparsity k_f (the fewest wavenumbers
 *   holding 99 % of that frequency's energy); `plan()` (partial-Fourier ensemble, 95 % success)
 *   gives m_f, and the traces needed is the energy-weighted 90 % quantile of m_f (the m that serves
 *   frequencies holding 90 % of the energy);
 * - aliasing for a regular pattern of period r: the largest unaliased dip 1/(2 r f) at the
 *   dominant frequency, and the share of f-k energy beyond 1/(2 r) cycles per trace.
 *
 * @example
 * import { interpolationTheory } from './theory.ts';
 * // interpolationTheory({ kept, nx: 60, nt: 1000, dt: 0.004, transform: 'fk', spectrumOf: truth, source: 'truth' })
 */
import { CandorError } from '../../core/errors.ts';
import { fftPlan } from '../../core/fft/plan.ts';
import { rfftPlan } from '../../core/fft/real.ts';
import { dct1 } from '../../linops/dct.ts';
import { nextPow2 } from '../../linops/fk.ts';
import { wavelet1 } from '../../linops/wavelet.ts';
import { aliasFreeDip, decimationPsf, decimationRegularity, type DecimationRegularity, sampledBasisCoherence } from '../../predict/decimation.ts';
import { plan } from '../../predict/plan.ts';
import { defaultNxPad } from './pocs.ts';
import { SPARSE_DEFAULTS, type SparseTransform } from './sparse.ts';

/** The transform the interpolation theory analyses (that of the method). */
export type TheoryTransform = SparseTransform;

/** The f-k energy |c(k, f)|^2 of a gather padded to NX x NT, over the nonnegative frequencies. */
export interface FkSpectrum {
  /** |c(k, f)|^2 on [NX, nf] (k over the padded traces, f = 0 .. NT/2). */
  energy: Float64Array;
  NX: number;
  NT: number;
  nf: number;
}

/** The f-k energy of a gather, zero-padded to [NX, NT]. */
export function fkEnergy(data: Float64Array, nx: number, nt: number, NX = defaultNxPad(nx), NT = nextPow2(nt)): FkSpectrum {
  const nf = (NT >> 1) + 1;
  const X = new Float64Array(2 * NX * nf);
  const tr = new Float64Array(NT);
  const rf = rfftPlan(NT);
  for (let x = 0; x < nx; x++) {
    tr.fill(0);
    tr.set(data.subarray(x * nt, (x + 1) * nt));
    rf.exec(tr, 0, 1, X, 2 * x * nf);
  }
  const p = fftPlan(NX);
  const col = new Float64Array(2 * NX);
  const energy = new Float64Array(NX * nf);
  for (let f = 0; f < nf; f++) {
    for (let x = 0; x < NX; x++) {
      col[2 * x] = X[2 * (x * nf + f)];
      col[2 * x + 1] = X[2 * (x * nf + f) + 1];
    }
    p.exec(col, 0, col, 0, false);
    for (let k = 0; k < NX; k++) energy[k * nf + f] = col[2 * k] ** 2 + col[2 * k + 1] ** 2;
  }
  return { energy, NX, NT, nf };
}

/** How compressible a gather is: the energy held by its largest coefficients and the counts k99, k999 holding 99% and 99.9% of it, of n. */
export interface SparsityNumbers {
  energyInLargest: { fraction: number; k: number; energy: number }[];
  k99: number;
  k999: number;
  n: number;
}

const FRACTIONS = [0.01, 0.02, 0.05, 0.1, 0.2];

/** Energy compaction of a list of coefficient energies. */
export function compaction(e: Float64Array): SparsityNumbers {
  const n = e.length;
  const s = Float64Array.from(e).sort().reverse();
  let total = 0;
  for (const v of s) total += v;
  if (!(total > 0)) throw new CandorError('compaction', 'coefficients', 'some energy', 'all zeros');
  const cum = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) cum[i] = (acc += s[i]) / total;
  const kFor = (q: number) => {
    let i = 0;
    while (i < n - 1 && cum[i] < q) i++;
    return i + 1;
  };
  return {
    energyInLargest: FRACTIONS.map((f) => {
      const k = Math.max(1, Math.round(f * n));
      return { fraction: f, k, energy: cum[k - 1] };
    }),
    k99: kFor(0.99),
    k999: kFor(0.999),
    n,
  };
}

/**
 * The frequency planner's result: per frequency bin the sparsity k_f and traces m_f it needs, the
 * traces asked for and the share of energy the kept traces support.
 */
export interface FrequencyPlan {
  /** Traces the planner asks for (energy-weighted 90 % quantile of m_f), or null. */
  tracesNeeded: number | null;
  /** Share of the energy at frequencies whose m_f is at most the kept traces. */
  energySupported: number;
  /** Per frequency bin (only those with energy): f in Hz, k_f, m_f, energy share. */
  rows: { f: number; k: number; m: number; share: number }[];
  grid: number;
  notes: string[];
}

/** The planner per temporal frequency (see the file comment). */
export function frequencyPlan(sp: FkSpectrum, dt: number, mKept: number): FrequencyPlan {
  const { energy, NX, NT, nf } = sp;
  let total = 0;
  for (const v of energy) total += v;
  const rows: FrequencyPlan['rows'] = [];
  const notes: string[] = [];
  const slice = new Float64Array(NX);
  const cache = new Map<number, number>();
  for (let f = 0; f < nf; f++) {
    let ef = 0;
    for (let k = 0; k < NX; k++) ef += slice[k] = energy[k * nf + f];
    if (!(ef > 1e-6 * total)) continue;
    slice.sort().reverse();
    let acc = 0;
    let kf = 0;
    while (kf < NX && acc < 0.99 * ef) acc += slice[kf++];
    let mf = cache.get(kf);
    if (mf === undefined) {
      try {
        mf = kf >= NX ? NX : plan({ n: NX, k: kf, ensemble: 'partial-fourier', target: 0.95 }).m;
      } catch {
        mf = NX;
      }
      cache.set(kf, mf);
    }
    rows.push({ f: f / (NT * dt), k: kf, m: mf, share: ef / total });
  }
  if (NX < 20) notes.push(`a line of ${NX} traces is below the n = 20 the planner's theory is validated at: the numbers are indicative`);
  const byM = [...rows].sort((a, b) => a.m - b.m);
  const listed = rows.reduce((s, q) => s + q.share, 0) || 1;
  let acc = 0;
  let needed: number | null = null;
  let covered = 0;
  for (const r of byM) {
    acc += r.share;
    if (needed === null && acc >= 0.9 * listed) needed = r.m;
    if (r.m <= mKept) covered += r.share;
  }
  return { tracesNeeded: needed, energySupported: covered, rows, grid: NX, notes };
}

/** Spatial aliasing of a regular decimation of period r: dominant frequencies and the largest unaliased dips. */
export interface AliasingNumbers {
  period: number;
  /** Energy-weighted mean and 90 % frequencies of the kept traces (Hz). */
  fMean: number;
  f90: number;
  /** Largest unaliased dip at f90 and at fMean (ms per trace). */
  maxDipAtF90: number;
  maxDipAtFMean: number;
  /** Share of the f-k energy beyond 1/(2r) cycles per trace (of the spectrum's source), or null. */
  energyBeyond: number | null;
}

/** Energy-weighted mean and 90 % frequency of the kept traces. */
export function dominantFrequencies(data: Float64Array, nx: number, nt: number, kept: Uint8Array, dt: number): { fMean: number; f90: number } {
  const NT = nextPow2(nt);
  const nf = (NT >> 1) + 1;
  const rf = rfftPlan(NT);
  const tr = new Float64Array(NT);
  const X = new Float64Array(2 * nf);
  const e = new Float64Array(nf);
  for (let x = 0; x < nx; x++) {
    if (!kept[x]) continue;
    tr.fill(0);
    tr.set(data.subarray(x * nt, (x + 1) * nt));
    rf.exec(tr, 0, 1, X, 0);
    for (let f = 0; f < nf; f++) e[f] += X[2 * f] ** 2 + X[2 * f + 1] ** 2;
  }
  let tot = 0;
  let mom = 0;
  for (let f = 0; f < nf; f++) {
    tot += e[f];
    mom += e[f] * f;
  }
  let acc = 0;
  let f90 = nf - 1;
  for (let f = 0; f < nf; f++) {
    acc += e[f];
    if (acc >= 0.9 * tot) {
      f90 = f;
      break;
    }
  }
  const hz = 1 / (NT * dt);
  return { fMean: tot > 0 ? (mom / tot) * hz : 0, f90: f90 * hz };
}

/** Mutual coherence of the sampled dictionary of a transform, decimated and with every trace kept. */
export interface CoherenceNumbers {
  transform: TheoryTransform;
  /** Mutual coherence of the sampled dictionary (decimated), and with every trace kept (for reference). */
  coherence: number;
  coherenceFull: number | null;
  what: string;
}

/** Coherence of the sampled dictionary of the transform (see the file comment). */
export function transformCoherence(transform: TheoryTransform, kept: Uint8Array, nxPad: number, nuDominant: number): CoherenceNumbers {
  const nx = kept.length;
  if (transform === 'fk') {
    return { transform, coherence: decimationPsf(kept, nxPad).sideLobe, coherenceFull: decimationPsf(new Uint8Array(nx).fill(1), nxPad).sideLobe, what: `PSF side lobe on the ${nxPad}-trace f-k grid` };
  }
  if (transform === 'fk-patches') {
    return { transform, coherence: decimationPsf(kept, nx).sideLobe, coherenceFull: 0, what: `PSF side lobe of the patch (all ${nx} traces)` };
  }
  if (transform === 'radon-linear' || transform === 'radon-parabolic') {
    const h = Array.from({ length: nx }, (_, i) => i - (nx - 1) / 2);
    const hmax = Math.max(1, (nx - 1) / 2);
    const scale = transform === 'radon-linear' ? SPARSE_DEFAULTS.maxDip : SPARSE_DEFAULTS.maxDip / (2 * hmax);
    const p = Array.from({ length: nx + 1 }, (_, j) => ((2 * j - nx) / nx) * scale);
    const q = transform === 'radon-linear' ? h : h.map((v) => v * v);
    const mu = (mask: Uint8Array) => {
      let best = 0;
      let m = 0;
      for (const v of mask) m += v;
      for (let a = 0; a < p.length; a++) {
        for (let b = a + 1; b < p.length; b++) {
          let re = 0;
          let im = 0;
          for (let x = 0; x < nx; x++) {
            if (!mask[x]) continue;
            const ph = -2 * Math.PI * nuDominant * (p[a] - p[b]) * q[x];
            re += Math.cos(ph);
            im += Math.sin(ph);
          }
          best = Math.max(best, Math.hypot(re, im) / m);
        }
      }
      return best;
    };
    return { transform, coherence: mu(kept), coherenceFull: mu(new Uint8Array(nx).fill(1)), what: `steering vectors of ${p.length} slopes at ${nuDominant.toFixed(3)} cycles per sample` };
  }
  const basisOp = transform === 'dct' ? dct1(nx) : wavelet1(Math.ceil(nx / 8) * 8, { levels: 3 });
  const N = basisOp.cols;
  const B = new Float64Array(nx * N);
  const e = new Float64Array(N);
  const col = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    e.fill(0);
    e[j] = 1;
    basisOp.adjoint(e, col);
    for (let i = 0; i < nx; i++) B[i * N + j] = col[i];
  }
  const full = sampledBasisCoherence({ rows: nx, cols: N, data: B }, new Uint8Array(nx).fill(1)).coherence;
  return { transform, coherence: sampledBasisCoherence({ rows: nx, cols: N, data: B }, kept).coherence, coherenceFull: full, what: `kept rows of the ${transform === 'dct' ? 'DCT' : 'wavelet'} spatial factor` };
}

/** The theory of an interpolation: decimation regularity and PSF, coherence, sparsity, frequency plan and dominant frequencies. */
export interface InterpolationTheory {
  pattern: DecimationRegularity & { keep: number };
  psf: { sideLobe: number; sideLobeCyclesPerTrace: number; welch: number; grid: number; magnitude: number[] };
  coherence: CoherenceNumbers;
  sparsity: SparsityNumbers & { of: 'truth' | 'reconstruction' };
  plan: FrequencyPlan;
  frequencies: { fMean: number; f90: number };
  aliasing: AliasingNumbers | null;
}

/**
 * What {@link interpolationTheory} analyses: the decimated gather, kept traces, sizes, transform,
 * and the gather whose spectrum is used (truth or reconstruction).
 */
export interface TheoryInput {
  /** The decimated gather (missing traces zero). */
  decimated: Float64Array;
  kept: Uint8Array;
  nx: number;
  nt: number;
  dt: number;
  transform: TheoryTransform;
  /** The gather whose f-k spectrum to analyse (the truth when known, else the reconstruction). */
  spectrumOf: Float64Array;
  source: 'truth' | 'reconstruction';
}

/**
 * The theory of an interpolation: decimation PSF and regularity, transform coherence, f-k sparsity,
 * the frequency planner and the dominant frequencies.
 */
export function interpolationTheory(inp: TheoryInput): InterpolationTheory {
  const { kept, nx, nt, dt } = inp;
  const NX = defaultNxPad(nx);
  const reg = decimationRegularity(kept);
  const psf = decimationPsf(kept);
  const freqs = dominantFrequencies(inp.decimated, nx, nt, kept, dt);
  const sp = fkEnergy(inp.spectrumOf, nx, nt, NX);
  const comp = compaction(sp.energy);
  const fp = frequencyPlan(sp, dt, reg.m);
  let aliasing: AliasingNumbers | null = null;
  if (reg.period !== null && reg.period >= 2) {
    const r = reg.period;
    let tot = 0;
    let beyond = 0;
    for (let k = 0; k < NX; k++) {
      const kk = Math.min(k, NX - k) / NX; // cycles per trace
      for (let f = 0; f < sp.nf; f++) {
        const v = sp.energy[k * sp.nf + f];
        tot += v;
        if (kk > 1 / (2 * r)) beyond += v;
      }
    }
    aliasing = {
      period: r,
      fMean: freqs.fMean,
      f90: freqs.f90,
      maxDipAtF90: freqs.f90 > 0 ? 1000 * aliasFreeDip(r, freqs.f90) : Infinity,
      maxDipAtFMean: freqs.fMean > 0 ? 1000 * aliasFreeDip(r, freqs.fMean) : Infinity,
      energyBeyond: tot > 0 ? beyond / tot : null,
    };
  }
  return {
    pattern: { ...reg, keep: reg.m / nx },
    psf: {
      sideLobe: psf.sideLobe,
      sideLobeCyclesPerTrace: psf.sideLobeShift / NX,
      welch: psf.welch,
      grid: nx,
      magnitude: Array.from(psf.magnitude),
    },
    coherence: transformCoherence(inp.transform, kept, NX, freqs.f90 * dt),
    sparsity: { ...comp, of: inp.source },
    plan: fp,
    frequencies: freqs,
    aliasing,
  };
}
