/**
 * State evolution in levels: when l1 recovery from variable-density Fourier samples succeeds,
 * for signals sparse in wavelet levels, without reconstructing. It is the state evolution of vector AMP with a
 * density-compensated linear stage and a coloured aliasing model (Millard, Tanner & Chiew,
 * "Approximate message passing with a colored aliasing model for variable density Fourier sampled
 * images", IEEE Open J. Signal Process. 1 (2020) 146 (VDAMP); Rangan, Schniter & Fletcher, IEEE
 * Trans. IT 65 (2019) 6664 (VAMP)), on wavelet subbands s and k-space bands b with sampling
 * fractions p_b (./levels.ts, ./local-coherence.ts):
 *
 *     tau_s^2 = sum_{s'} C_{s s'} N_{s'} v_{s'} + sigma^2 / pbar_s
 *     C_{s s'} = sum_b w_s(b) D^b_{s s'},   D^b_{s s'} = sum_{k in b} P_s(k) P_{s'}(k),   E_{b s} = sum_{k in b} P_s(k)
 *     w_s(b)   = ((pbar_s - p_b)^2 + p_b (1 - p_b)) / pbar_s^2,        pbar_s = sum_b p_b E_{b s}
 *
 * (P_s the power spectrum of a unit atom of subband s, N_s its number of coefficients, sigma^2 the
 * noise variance per sample). The linear stage is the projection onto the data,
 * x_ext + F^H M F (x0 - x_ext), with Bernoulli sampling M of probabilities p_k; its extrinsic output
 * in subband s removes the divergence 1 - pbar_s of that subband, so the error at frequency k is
 * (pbar_s - m_k) / pbar_s E_k, of variance w_s(k) |E_k|^2; an error white within each subband has
 * E|E_k|^2 = sum_s' N_s' v_s' P_s'(k). With uniform p, w = (1 - p)/p: the density-compensated
 * aliasing of VDAMP (`linear: 'compensated'`, w_b = (1 - p_b)/p_b for every subband), which is
 * exact at the Donoho-Tanner transition but amplifies rarely sampled bands by 1/p_b; the
 * subband-wise divergence keeps a never-sampled frequency's error at its own size. The denoiser is
 * the soft threshold in each subband; v_s is the variance of its Onsager-corrected (extrinsic)
 * output (./threshold-risk.ts).
 *
 * - {@link levelsTransition}: the linearisation at 0 for signals with sparsities eps_s (large
 *   nonzeros): tau^2 -> K tau^2, K_{s s'} = C_{s s'} N_{s'} g(eps_{s'}, alpha_{s'}). Recovery is
 *   predicted when the spectral radius rho(K) < 1, each alpha_s minimising g (each column of the
 *   nonnegative K at its smallest, hence the smallest rho). With one level and a uniform p it is
 *   exactly the Donoho-Tanner weak threshold psi(eps) < p (real) and its complex analogue: the phase
 *   transition in levels, generalised.
 * - {@link aliasingMatrix}`(...).effective`: pbar_s, the sampled share of each subband's atom
 *   energy, the per-level sampling fraction the MRI quality model uses (src/apps/mri/predict/model.ts).
 *
 * Heuristic for l1 solvers other than AMP, for finite sizes and for sampling that is not Bernoulli
 * (Poisson disc is more regular): an approximation to be calibrated (the structured sweeps of
 * src/experiments/levels-kind.ts), labelled so by its users. A nonlinear version for compressible
 * images (thresholds, surrogate images) was tried on the MRI calibration set and predicted worse
 * than the budget model of src/apps/mri/predict/model.ts: it is not kept.
 *
 * @example
 * import { fourierWaveletSpectra } from './local-coherence.ts';
 * import { radialBands } from './levels.ts';
 * import { fourierCoupling, levelsTransition } from './levels-se.ts';
 * const sp = fourierWaveletSpectra(32, 32, { wavelet: 'haar', levels: 2 });
 * const c = fourierCoupling(sp, radialBands(32, 32, 8));
 * levelsTransition(c, new Array(8).fill(0.5), new Array(7).fill(0.05), 'complex').radius;  // < 1: recovery predicted
 */
import { CandorError, checkNumber, describe } from '../core/errors.ts';
import { checkPartition, type Partition } from './levels.ts';
import type { WaveletSpectra } from './local-coherence.ts';
import { bestThreshold, type Field } from './threshold-risk.ts';

/** The band-resolved coupling of the subbands through k-space (see the file comment). */
export interface LevelsCoupling {
  spectra: WaveletSpectra;
  bands: Partition;
  /** Subbands S and bands B. */
  S: number;
  B: number;
  /** N_s. */
  sizes: Float64Array;
  /** D^b_{s s'} at [(b S + s) S + s']. */
  D: Float64Array;
  /** E_{b s} at [b S + s]. */
  E: Float64Array;
}

const couplings = new WeakMap<WaveletSpectra, WeakMap<Partition, LevelsCoupling>>();

/** The coupling tensors D and E of the subbands of `sp` over `bands` (cached per pair). O(n S^2). */
export function fourierCoupling(sp: WaveletSpectra, bands: Partition): LevelsCoupling {
  const where = 'fourierCoupling';
  const n = sp.ny * sp.nx;
  checkPartition(where, 'bands', bands, n);
  let byBands = couplings.get(sp);
  const hit = byBands?.get(bands);
  if (hit) return hit;
  const S = sp.subbands.count;
  const B = bands.count;
  const D = new Float64Array(B * S * S);
  const E = new Float64Array(B * S);
  // k-major copy of the spectra: the inner loops then run over contiguous memory
  const T = new Float64Array(n * S);
  for (let s = 0; s < S; s++) {
    const p = sp.power[s];
    for (let k = 0; k < n; k++) T[k * S + s] = p[k];
  }
  const labels = bands.labels;
  for (let k = 0; k < n; k++) {
    const eo = labels[k] * S;
    const ko = k * S;
    for (let s = 0; s < S; s++) {
      const as = T[ko + s];
      E[eo + s] += as;
      const o = (eo + s) * S;
      for (let t = s; t < S; t++) D[o + t] += as * T[ko + t];
    }
  }
  for (let b = 0; b < B; b++) for (let s = 0; s < S; s++) for (let t = 0; t < s; t++) D[(b * S + s) * S + t] = D[(b * S + t) * S + s];
  const sizes = Float64Array.from(sp.subbands.sizes);
  const out: LevelsCoupling = { spectra: sp, bands, S, B, sizes, D, E };
  if (!byBands) {
    byBands = new WeakMap();
    couplings.set(sp, byBands);
  }
  byBands.set(bands, out);
  return out;
}

/** Sampling fractions below this are taken as this (a never-sampled band makes the density-compensated aliasing infinite). */
export const MIN_FRACTION = 1e-3;

/**
 * The coloured aliasing model of a variable-density Fourier pattern on wavelet subbands
 * ({@link aliasingMatrix}): tau_s^2 = sum_{s'} C_{s s'} N_{s'} v_{s'} + sigma^2 / pbar_s.
 */
export interface Aliasing {
  /** C_{s s'} (S x S, row-major). */
  C: Float64Array;
  /** sum_b E_{b s} / p_b: the gain of the measurement noise in subband s. */
  noise: Float64Array;
  /** pbar_s = sum_b p_b E_{b s}: the sampled share of a subband-s atom's energy. */
  effective: Float64Array;
}

function checkFractions(where: string, c: LevelsCoupling, fractions: ArrayLike<number>): Float64Array {
  if (!fractions || fractions.length !== c.B) throw new CandorError(where, 'sampling fractions', `${c.B} numbers in [0, 1] (one per band)`, describe(fractions));
  const p = new Float64Array(c.B);
  for (let b = 0; b < c.B; b++) p[b] = Math.max(MIN_FRACTION, checkNumber(where, `sampling fraction of band ${b}`, fractions[b], 0, 1));
  return p;
}

/**
 * The linear stage's model: 'subband' (default) or 'compensated' (see the file comment).
 */
export type LinearModel = 'subband' | 'compensated';

/** The aliasing matrix of the sampling fractions p_b (one per band of the coupling). */
export function aliasingMatrix(c: LevelsCoupling, fractions: ArrayLike<number>, model: LinearModel = 'subband'): Aliasing {
  const where = 'aliasingMatrix';
  const p = checkFractions(where, c, fractions);
  if (model !== 'subband' && model !== 'compensated') throw new CandorError(where, 'linear model', "'subband' or 'compensated'", describe(model));
  const { S, B, D, E } = c;
  const C = new Float64Array(S * S);
  const noise = new Float64Array(S);
  const effective = new Float64Array(S);
  for (let b = 0; b < B; b++) for (let s = 0; s < S; s++) effective[s] += p[b] * E[b * S + s];
  for (let b = 0; b < B; b++) {
    const o = b * S * S;
    if (model === 'compensated') {
      const w = (1 - p[b]) / p[b];
      for (let s = 0; s < S; s++) noise[s] += E[b * S + s] / p[b];
      if (w !== 0) for (let i = 0; i < S * S; i++) C[i] += w * D[o + i];
      continue;
    }
    for (let s = 0; s < S; s++) {
      const q = effective[s];
      const w = ((q - p[b]) ** 2 + p[b] * (1 - p[b])) / (q * q);
      if (w === 0) continue;
      for (let t = 0; t < S; t++) C[s * S + t] += w * D[o + s * S + t];
    }
  }
  if (model === 'subband') for (let s = 0; s < S; s++) noise[s] = 1 / effective[s];
  return { C, noise, effective };
}

/**
 * The verdict of the linearised state evolution in levels ({@link levelsTransition}): recovery is
 * predicted when the spectral radius of K_{s s'} = C_{s s'} N_{s'} g(eps_{s'}, alpha_{s'}) is below 1.
 */
export interface LevelsTransition {
  /** Spectral radius of the linearised state evolution (Infinity when a dense subband is aliased). */
  radius: number;
  /** radius < 1: recovery of every signal with these sparsities predicted (large-system limit). */
  stable: boolean;
  /** The threshold alpha_s and g_s of each subband. */
  alpha: Float64Array;
  g: Float64Array;
}

/**
 * The phase transition in levels: the spectral radius of the linearised state evolution for
 * sparsities eps_s (share of nonzeros in each subband) and sampling fractions p_b.
 */
export function levelsTransition(c: LevelsCoupling, fractions: ArrayLike<number>, sparsity: ArrayLike<number>, field: Field, model: LinearModel = 'subband'): LevelsTransition {
  const where = 'levelsTransition';
  if (!sparsity || sparsity.length !== c.S) throw new CandorError(where, 'sparsities', `${c.S} numbers in [0, 1] (one per subband)`, describe(sparsity));
  const { C } = aliasingMatrix(c, fractions, model);
  const S = c.S;
  const alpha = new Float64Array(S);
  const g = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const t = bestThreshold(checkNumber(where, `sparsity of subband ${s}`, sparsity[s], 0, 1), field);
    alpha[s] = t.alpha;
    g[s] = t.g;
  }
  // K = C diag(N g), nonnegative: its spectral radius is its Perron root (power iteration on I + K)
  const w = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    if (!Number.isFinite(g[s])) {
      let col = 0;
      for (let t = 0; t < S; t++) col += C[t * S + s];
      if (col > 1e-15) return { radius: Infinity, stable: false, alpha, g };
      w[s] = 0;
    } else w[s] = c.sizes[s] * g[s];
  }
  const radius = perronRoot(C, w, S);
  return { radius, stable: radius < 1, alpha, g };
}

/** Spectral radius of the nonnegative K_{s t} = C_{s t} w_t (power iteration on I + K, then minus 1). */
function perronRoot(C: Float64Array, w: Float64Array, S: number): number {
  let x = new Float64Array(S).fill(1 / Math.sqrt(S));
  let y = new Float64Array(S);
  let lambda = 0;
  for (let it = 0; it < 5000; it++) {
    let norm = 0;
    for (let s = 0; s < S; s++) {
      let v = x[s];
      for (let t = 0; t < S; t++) v += C[s * S + t] * w[t] * x[t];
      y[s] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    if (!(norm > 0)) return 0;
    let dot = 0;
    for (let s = 0; s < S; s++) dot += x[s] * y[s];
    for (let s = 0; s < S; s++) y[s] /= norm;
    const prev = lambda;
    lambda = dot - 1;
    [x, y] = [y, x];
    if (it > 10 && Math.abs(lambda - prev) <= 1e-13 * Math.max(1, Math.abs(lambda))) break;
  }
  return Math.max(0, lambda);
}
