/**
 * Local coherences between Fourier sampling bands and wavelet sparsity levels (Adcock, Hansen,
 * Poon & Roman, Forum Math. Sigma 5 (2017) e4, definitions 4.1-4.4; THEORY.md section 7), from
 * the spectra of the wavelet atoms, without forming the n x n matrix U = F W^T.
 *
 * U is unitary (F the unitary DFT, W an orthonormal periodized wavelet), U_{k j} = (F psi_j)(k).
 * Atoms of one subband are circular translates of each other (exact when 2^levels divides the
 * sizes), so |U_{k j}|^2 = P_s(k), the power spectrum of the first atom of j's subband s: one
 * synthesis and one FFT per subband (3 levels + 1 in 2-D), O(n log n) each. From P_s:
 *
 *     mu(P_b U P_l)  = max_{k in band b, s in level l} P_s(k)           (AHPR's mu: squared entries)
 *     mu(P_b U)      = max_l mu(P_b U P_l)
 *     mu_N(b, l)     = sqrt( mu(P_b U P_l) mu(P_b U) )                  (AHPR's local coherence)
 *     E(b, l)        = mean_{s in l} sum_{k in b} P_s(k)                (share of a level-l atom's energy in band b; columns sum to 1)
 *
 * The sufficient condition (i) of AHPR's main theorem (Theorem 5.3 there; THEORY.md's form) for
 * recovering a signal with sparsities s_l by l1 minimisation from m_b random samples in band b,
 * with probability at least 1 - epsilon:
 *
 *     m_b >= C (N_b - N_{b-1}) log(1/epsilon) log(n) sum_l mu_N(b, l) s_l
 *
 * {@link multilevelBound} evaluates it with C = 1: the theorem's universal constant is not given,
 * so the result is a scaling law, sufficient only, and its second condition (through the relative
 * sparsities) is not evaluated. It is reported beside the empirical prediction, never instead of it.
 *
 * @example
 * import { fourierWaveletSpectra, levelCoherence } from './local-coherence.ts';
 * import { dyadicBands, waveletLevels } from './levels.ts';
 * const sp = fourierWaveletSpectra(16, 16, { wavelet: 'haar', levels: 2 });
 * const c = levelCoherence(sp, dyadicBands(16, 16, 2), waveletLevels(16, 16, 2));
 * c.energy[0][0];   // share of the approximation atom's energy in the centre band (0.436)
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import { fft2Plan } from '../core/fft/fft2.ts';
import { checkSpec } from '../core/wavelets/levels.ts';
import { wavelet1, wavelet2 } from '../linops/wavelet.ts';
import { checkPartition, type Partition, waveletLevels } from './levels.ts';

/**
 * The k-space power spectra P_s(k) = |(F psi_s)(k)|^2 of a unit wavelet atom of every subband
 * ({@link fourierWaveletSpectra}), the input of the local coherences and the state evolution in levels.
 */
export interface WaveletSpectra {
  ny: number;
  nx: number;
  wavelet: string;
  levels: number;
  /** k-space layout of the spectra: DC at (floor(ny/2), floor(nx/2)) when true, at 0 otherwise. */
  centered: boolean;
  /** The subbands (3 levels + 1 in 2-D; levels + 1 in 1-D), coarse to fine. */
  subbands: Partition;
  /** P_s(k) = |(F psi_s)(k)|^2 of a unit atom of each subband (each sums to 1 over k). */
  power: Float64Array[];
}

const cache = new Map<string, WaveletSpectra>();
const CACHE_SIZE = 4;

/**
 * Power spectra of one unit atom per wavelet subband on a ny x nx grid (1-D: ny = 1). Cached (the
 * four most recent grids): the result must not be modified.
 */
export function fourierWaveletSpectra(ny: number, nx: number, opts: { wavelet?: string; levels?: number; centered?: boolean } = {}): WaveletSpectra {
  const where = 'fourierWaveletSpectra';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  const centered = opts.centered ?? false;
  if (typeof centered !== 'boolean') throw new CandorError(where, 'centered', 'true or false', describe(centered));
  const dims2 = ny > 1;
  const { filters, levels } = checkSpec(where, dims2 ? ['ny', 'nx'] : ['n'], dims2 ? [ny, nx] : [nx], opts.wavelet, opts.levels);
  const key = `${ny}x${nx}:${filters.name}:${levels}:${centered}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const n = ny * nx;
  const W = dims2 ? wavelet2(ny, nx, { wavelet: filters.name, levels }) : wavelet1(nx, { wavelet: filters.name, levels });
  const subbands = waveletLevels(ny, nx, levels, { subbands: true });
  const first = new Int32Array(subbands.count).fill(-1);
  for (let i = 0; i < n; i++) if (first[subbands.labels[i]] < 0) first[subbands.labels[i]] = i;
  const fft = fft2Plan(ny, nx);
  const e = new Float64Array(2 * n);
  const atom = new Float64Array(2 * n);
  const hy = Math.floor(ny / 2);
  const hx = Math.floor(nx / 2);
  const power: Float64Array[] = [];
  for (let s = 0; s < subbands.count; s++) {
    e.fill(0);
    e[2 * first[s]] = 1;
    W.adjoint(e, atom);
    fft.exec(atom, 0, atom, 0, false);
    const p = new Float64Array(n);
    // centred entry (i, j) holds frequency ((i - hy) mod ny, (j - hx) mod nx)
    for (let i = 0; i < ny; i++) {
      for (let j = 0; j < nx; j++) {
        const src = centered ? ((i - hy + ny) % ny) * nx + ((j - hx + nx) % nx) : i * nx + j;
        p[i * nx + j] = (atom[2 * src] ** 2 + atom[2 * src + 1] ** 2) / n;
      }
    }
    power.push(p);
  }
  const out: WaveletSpectra = Object.freeze({ ny, nx, wavelet: filters.name, levels, centered, subbands, power: Object.freeze(power) as Float64Array[] });
  cache.set(key, out);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return out;
}

/** The level (of `levels`, a coarser grouping of the subbands) of every subband. */
function subbandLevel(where: string, sp: WaveletSpectra, levels: Partition): Int32Array {
  const n = sp.ny * sp.nx;
  checkPartition(where, 'levels', levels, n);
  const of = new Int32Array(sp.subbands.count).fill(-1);
  for (let i = 0; i < n; i++) {
    const s = sp.subbands.labels[i];
    const l = levels.labels[i];
    if (of[s] < 0) of[s] = l;
    else if (of[s] !== l) {
      throw new CandorError(where, 'levels', 'a grouping of whole wavelet subbands (every subband inside one level)', `subband ${sp.subbands.names[s]} split between levels ${of[s]} and ${l}`);
    }
  }
  return of;
}

/**
 * Local coherences between k-space bands and wavelet levels ({@link levelCoherence}): the block
 * coherences mu(P_b U P_l), AHPR's mu_N(b, l) and the energy shares E(b, l).
 */
export interface LevelCoherence {
  /** mu(P_b U P_l) = max |U_kj|^2 over the block (bands x levels). */
  block: number[][];
  /** mu_N(b, l) = sqrt(mu(P_b U P_l) mu(P_b U)) (AHPR's local coherence). */
  local: number[][];
  /** E(b, l): share of a level-l atom's energy in band b (each column sums to 1). */
  energy: number[][];
  bands: string[];
  levels: string[];
}

/** Local coherences and energy shares of the Fourier bands against the wavelet levels. */
export function levelCoherence(sp: WaveletSpectra, bands: Partition, levels: Partition): LevelCoherence {
  const where = 'levelCoherence';
  const n = sp.ny * sp.nx;
  checkPartition(where, 'bands', bands, n);
  const lev = subbandLevel(where, sp, levels);
  const B = bands.count;
  const L = levels.count;
  const block = Array.from({ length: B }, () => new Array<number>(L).fill(0));
  const energy = Array.from({ length: B }, () => new Array<number>(L).fill(0));
  const perLevel = new Int32Array(L);
  for (let s = 0; s < sp.subbands.count; s++) perLevel[lev[s]]++;
  for (let s = 0; s < sp.subbands.count; s++) {
    const p = sp.power[s];
    const l = lev[s];
    for (let k = 0; k < n; k++) {
      const b = bands.labels[k];
      if (p[k] > block[b][l]) block[b][l] = p[k];
      energy[b][l] += p[k] / perLevel[l];
    }
  }
  const local = block.map((row) => {
    const rowMax = Math.max(...row);
    return row.map((v) => Math.sqrt(v * rowMax));
  });
  return { block, local, energy, bands: bands.names.slice(), levels: levels.names.slice() };
}

/** One band of a {@link MultilevelBound}: the samples the condition asks for and those the pattern has. */
export interface MultilevelBoundRow {
  band: string;
  /** N_b - N_{b-1}. */
  size: number;
  /** Samples the bound asks for in the band with C = 1 (may exceed the band's size). */
  required: number;
  /** Samples the pattern has there (when given). */
  sampled: number | null;
  /** sampled / required (>= 1: the band meets the condition). */
  ratio: number | null;
}

/**
 * The multilevel sampling condition of Adcock, Hansen, Poon & Roman (condition (i), per band) for
 * given sparsities in levels ({@link multilevelBound}), with the universal constant taken as 1.
 */
export interface MultilevelBound {
  epsilon: number;
  rows: MultilevelBoundRow[];
  /** Every band with at least the required samples (C = 1), or fully sampled. */
  satisfied: boolean | null;
  provenance: 'rigorous (sufficient; universal constant C not given, taken as 1)';
  note: string;
}

/**
 * AHPR's condition (i) per band (see the file comment) for sparsities s_l, failure probability
 * epsilon, and optionally the pattern's samples per band.
 */
export function multilevelBound(
  coherence: LevelCoherence,
  bandSizes: ArrayLike<number>,
  sparsities: ArrayLike<number>,
  opts: { epsilon?: number; sampled?: ArrayLike<number> } = {},
): MultilevelBound {
  const where = 'multilevelBound';
  const B = coherence.bands.length;
  const L = coherence.levels.length;
  if (!bandSizes || bandSizes.length !== B) throw new CandorError(where, 'band sizes', `${B} sizes (one per band)`, describe(bandSizes));
  if (!sparsities || sparsities.length !== L) throw new CandorError(where, 'sparsities', `${L} numbers (one per level)`, describe(sparsities));
  for (let l = 0; l < L; l++) checkNumber(where, `sparsity of level ${l}`, sparsities[l], 0);
  const epsilon = checkNumber(where, 'epsilon', opts.epsilon ?? 0.05, 1e-300, 0.5);
  if (opts.sampled !== undefined && opts.sampled.length !== B) throw new CandorError(where, 'sampled', `${B} counts (one per band)`, describe(opts.sampled));
  let n = 0;
  for (let b = 0; b < B; b++) n += checkNumber(where, `size of band ${b}`, bandSizes[b], 0);
  const logs = Math.log(1 / epsilon) * Math.log(Math.max(n, 2));
  let satisfied: boolean | null = opts.sampled === undefined ? null : true;
  const rows = coherence.bands.map((band, b) => {
    let sum = 0;
    for (let l = 0; l < L; l++) sum += coherence.local[b][l] * sparsities[l];
    const size = bandSizes[b];
    const required = size * logs * sum;
    const sampled = opts.sampled === undefined ? null : opts.sampled[b];
    if (sampled !== null && sampled < Math.min(required, size)) satisfied = false;
    return { band, size, required, sampled, ratio: sampled === null || required === 0 ? null : sampled / required };
  });
  return {
    epsilon,
    rows,
    satisfied,
    provenance: 'rigorous (sufficient; universal constant C not given, taken as 1)',
    note: 'Adcock, Hansen, Poon & Roman (2017), condition (i) of the multilevel theorem with C = 1: a sufficient scaling law for exact recovery of signals with these sparsities in levels with probability >= 1 - epsilon; its condition (ii) on relative sparsities is not evaluated',
  };
}
