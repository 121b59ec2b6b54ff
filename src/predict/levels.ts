/**
 * Sparsity in levels (Adcock, Hansen, Poon & Roman, "Breaking the coherence barrier", Forum Math.
 * Sigma 5 (2017) e4; THEORY.md section 7): the coefficients of a signal are split into levels
 * (for wavelets: the approximation, then each detail scale from coarse to fine), the samples into
 * bands (for Fourier sampling: dyadic rings of k-space from the centre out), and the theory
 * counts per level and per band:
 *
 *     s_l = #{ j in level l : |c_j| above the threshold }      (local sparsities)
 *     m_b / N_b = sampled share of band b                       (multilevel sampling fractions)
 *
 * A {@link Partition} is that split, generic: a label per index and the number of parts. This file
 * builds the wavelet levels (Mallat layout, as ./tpsf.ts's `waveletBands`), the dyadic and the
 * radial k-space bands, and measures a coefficient vector per level and a mask per band. The local
 * coherences between bands and levels are in ./local-coherence.ts, the state evolution in levels
 * (the prediction) in ./levels-se.ts.
 *
 * Per-level sparsity of a compressible signal needs a tolerance: `levelSparsity` keeps the fewest
 * coefficients (largest first, over all levels at once) that hold the fraction `energy` of the
 * total energy and reports how many of them fall in each level: the s_l of the best s-term
 * approximation with relative error sqrt(1 - energy).
 *
 * @example
 * import { waveletLevels, levelSparsity } from './levels.ts';
 * const L = waveletLevels(8, 8, 2);                 // 3 levels: 4 (approximation), 12, 48 coefficients
 * Array.from(L.sizes);                              // [4, 12, 48]
 * const c = new Float64Array(64); c[0] = 3; c[20] = 4;
 * levelSparsity(c, L, { energy: 0.999 }).levels.map((l) => l.sparsity);   // [1, 0, 1]
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import { maxLevels } from '../core/wavelets/levels.ts';

/** A split of indices 0 .. n-1 into `count` parts (sparsity levels or sampling bands). */
export interface Partition {
  /** What the parts are, e.g. 'wavelet levels (haar, 3)' or 'dyadic k-space bands'. */
  name: string;
  /** Part of every index (0 .. count - 1). */
  labels: Int32Array;
  count: number;
  /** Indices per part. */
  sizes: Int32Array;
  /** A name per part ('approximation', 'level 2', 'band 0', ...). */
  names: string[];
}

function finishPartition(name: string, labels: Int32Array, count: number, names: string[]): Partition {
  const sizes = new Int32Array(count);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]]++;
  return { name, labels, count, sizes, names };
}

/** Checks a user's partition (labels in range, sizes consistent) for `n` indices. */
export function checkPartition(where: string, what: string, p: unknown, n: number): Partition {
  const q = p as Partition;
  if (!q || typeof q !== 'object' || !(q.labels instanceof Int32Array) || !Number.isInteger(q.count)) {
    throw new CandorError(where, what, 'a Partition { labels: Int32Array, count, sizes, names }', describe(p));
  }
  if (q.labels.length !== n) throw new CandorError(where, `${what} length`, `${n} labels`, String(q.labels.length));
  for (let i = 0; i < n; i++) {
    const l = q.labels[i];
    if (!(l >= 0 && l < q.count)) throw new CandorError(where, `${what} label at index ${i}`, `an integer in [0, ${q.count - 1}]`, String(l));
  }
  return q;
}

/**
 * The wavelet levels of the Mallat layout (PyWavelets `coeffs_to_array`) of a ny x nx image
 * decomposed `levels` times (1-D: ny = 1): part 0 is the approximation, part l (1 .. levels) the
 * details of scale levels + 1 - l, so parts run from coarse to fine. With `subbands: true` every
 * orientation is its own part (3 levels + 1 in 2-D, in the order of ./tpsf.ts's `waveletBands`:
 * approximation, then per scale from coarse to fine detail-x, detail-y, detail-xy).
 */
export function waveletLevels(ny: number, nx: number, levels: number, opts: { subbands?: boolean } = {}): Partition {
  const where = 'waveletLevels';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  const max = maxLevels(ny === 1 ? [nx] : [ny, nx]);
  checkInt(where, 'levels', levels, 0, max);
  const sub = opts.subbands === true && ny > 1;
  const labels = new Int32Array(ny * nx);
  const names = ['approximation'];
  const dims2 = ny > 1;
  // scale s = levels (coarsest detail) .. 1 (finest): part index grows as s falls
  for (let s = levels; s >= 1; s--) {
    const hy = dims2 ? ny >> s : 1;
    const hx = nx >> s;
    const base = sub ? 1 + 3 * (levels - s) : 1 + (levels - s);
    if (sub) names.push(`scale ${s} detail-x`, `scale ${s} detail-y`, `scale ${s} detail-xy`);
    else names.push(`scale ${s}`);
    const put = (y0: number, x0: number, label: number) => {
      for (let y = y0; y < y0 + hy; y++) for (let x = x0; x < x0 + hx; x++) labels[y * nx + x] = label;
    };
    if (!dims2) put(0, hx, base);
    else {
      put(0, hx, base);
      put(hy, 0, sub ? base + 1 : base);
      put(hy, hx, sub ? base + 2 : base);
    }
  }
  const count = names.length;
  return finishPartition(`wavelet ${sub ? 'subbands' : 'levels'} (${levels} scales)`, labels, count, names);
}

/** Signed frequency of index i on a grid of n (centred: DC at floor(n/2); else DC at 0). */
function signedFrequency(i: number, n: number, centered: boolean): number {
  if (centered) return i - Math.floor(n / 2);
  return i < Math.ceil(n / 2) ? i : i - n;
}

/**
 * Dyadic k-space bands matching `levels` wavelet scales (AHPR's multilevel sampling in 2-D): with
 * t = max(|ky| / (ny/2), |kx| / (nx/2)) in [0, 1], band 0 is t < 2^-levels (the frequencies of the
 * approximation) and band b (1 .. levels) is 2^-(levels - b + 1) <= t < 2^-(levels - b), the edge
 * t = 1 included in the last band. `centered`: DC at (floor(ny/2), floor(nx/2)) (the MRI layout);
 * otherwise at index 0 (FFT order). 1-D: ny = 1.
 */
export function dyadicBands(ny: number, nx: number, levels: number, opts: { centered?: boolean } = {}): Partition {
  const where = 'dyadicBands';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  checkInt(where, 'levels', levels, 0, 60);
  const centered = opts.centered ?? false;
  const labels = new Int32Array(ny * nx);
  for (let i = 0; i < ny; i++) {
    const ty = ny > 1 ? Math.abs(signedFrequency(i, ny, centered)) / (ny / 2) : 0;
    for (let j = 0; j < nx; j++) {
      const t = Math.max(ty, Math.abs(signedFrequency(j, nx, centered)) / (nx / 2));
      let b = levels;
      for (let c = 0; c < levels; c++) {
        if (t < 2 ** -(levels - c)) {
          b = c;
          break;
        }
      }
      labels[i * nx + j] = b;
    }
  }
  const names = Array.from({ length: levels + 1 }, (_, b) => (b === 0 ? 'band 0 (centre)' : `band ${b}`));
  return finishPartition(`dyadic k-space bands (${levels + 1})`, labels, levels + 1, names);
}

/**
 * Rings of normalised radius r = sqrt((ky / (ny/2))^2 + (kx / (nx/2))^2) in [0, sqrt 2], `count`
 * of equal width: the partition on which radially symmetric sampling densities are constant.
 */
export function radialBands(ny: number, nx: number, count: number, opts: { centered?: boolean } = {}): Partition {
  const where = 'radialBands';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  checkInt(where, 'count', count, 1, 1 << 16);
  const centered = opts.centered ?? false;
  const labels = new Int32Array(ny * nx);
  const w = Math.SQRT2 / count;
  for (let i = 0; i < ny; i++) {
    const dy = ny > 1 ? signedFrequency(i, ny, centered) / (ny / 2) : 0;
    for (let j = 0; j < nx; j++) {
      const dx = signedFrequency(j, nx, centered) / (nx / 2);
      labels[i * nx + j] = Math.min(count - 1, Math.floor(Math.sqrt(dy * dy + dx * dx) / w));
    }
  }
  const names = Array.from({ length: count }, (_, b) => `r in [${(b * w).toFixed(3)}, ${((b + 1) * w).toFixed(3)})`);
  return finishPartition(`radial k-space bands (${count})`, labels, count, names);
}

/** One wavelet level of a {@link LevelSparsity}: its size, energy share and the kept coefficients s_l. */
export interface LevelSparsityRow {
  name: string;
  /** Coefficients in the level (N_l - N_{l-1}). */
  size: number;
  /** The level's share of the total energy. */
  energyShare: number;
  /** s_l: coefficients of the level among the kept ones. */
  sparsity: number;
  /** s_l / size. */
  fraction: number;
}

/**
 * Sparsity in levels of a coefficient vector ({@link levelSparsity}): the largest coefficients
 * holding the requested share of the energy, counted per level (s_1, ..., s_L).
 */
export interface LevelSparsity {
  /** Energy fraction kept (the approximation's relative error is sqrt(1 - energy)). */
  energy: number;
  /** Total kept coefficients, sum of s_l. */
  total: number;
  /** The magnitude of the smallest kept coefficient (the global threshold). */
  threshold: number;
  levels: LevelSparsityRow[];
}

/**
 * Per-level sparsities of a coefficient vector (real, or complex interleaved with `complex`): the
 * fewest coefficients holding `energy` of the energy (default 0.999), counted per level. O(n log n).
 */
export function levelSparsity(coeffs: Float64Array, levels: Partition, opts: { energy?: number; complex?: boolean } = {}): LevelSparsity {
  const where = 'levelSparsity';
  const complex = opts.complex ?? false;
  const n = levels.labels.length;
  if (!(coeffs instanceof Float64Array) || coeffs.length !== (complex ? 2 * n : n)) {
    throw new CandorError(where, 'coefficients', `a Float64Array of ${complex ? 2 * n : n} values (${n} coefficients${complex ? ', complex interleaved' : ''})`, describe(coeffs));
  }
  checkPartition(where, 'levels', levels, n);
  const energy = checkNumber(where, 'energy', opts.energy ?? 0.999, 0, 1);
  const mag2 = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = complex ? coeffs[2 * i] ** 2 + coeffs[2 * i + 1] ** 2 : coeffs[i] ** 2;
    if (!Number.isFinite(v)) throw new CandorError(where, 'coefficients', 'finite values', `${describe(complex ? coeffs[2 * i] : coeffs[i])} at index ${i}`);
    mag2[i] = v;
    total += v;
  }
  const perLevel = new Float64Array(levels.count);
  for (let i = 0; i < n; i++) perLevel[levels.labels[i]] += mag2[i];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => mag2[b] - mag2[a] || a - b);
  const counts = new Int32Array(levels.count);
  let acc = 0;
  let kept = 0;
  let threshold = 0;
  const goal = energy * total;
  while (kept < n && total > 0 && acc < goal * (1 - 1e-15)) {
    const i = order[kept++];
    acc += mag2[i];
    counts[levels.labels[i]]++;
    threshold = Math.sqrt(mag2[i]);
  }
  return {
    energy,
    total: kept,
    threshold,
    levels: Array.from({ length: levels.count }, (_, l) => ({
      name: levels.names[l],
      size: levels.sizes[l],
      energyShare: total > 0 ? perLevel[l] / total : 0,
      sparsity: counts[l],
      fraction: levels.sizes[l] ? counts[l] / levels.sizes[l] : 0,
    })),
  };
}

/**
 * One k-space band of {@link bandSampling}: its size, the sampled indices m_b and the fraction m_b / size.
 */
export interface BandSamplingRow {
  name: string;
  /** N_b - N_{b-1}: indices in the band. */
  size: number;
  /** m_b: sampled indices in the band. */
  sampled: number;
  /** m_b / size (1 for an empty band). */
  fraction: number;
}

/** Per-band sampling of a 0/1 mask (same index order as the partition). */
export function bandSampling(mask: ArrayLike<number>, bands: Partition): BandSamplingRow[] {
  const where = 'bandSampling';
  const n = bands.labels.length;
  if (!mask || mask.length !== n) throw new CandorError(where, 'mask', `${n} entries (one per index of the bands)`, describe(mask));
  checkPartition(where, 'bands', bands, n);
  const m = new Float64Array(bands.count);
  for (let i = 0; i < n; i++) {
    const v = mask[i];
    if (v !== 0 && v !== 1) throw new CandorError(where, `mask value at entry ${i}`, '0 or 1', describe(v));
    m[bands.labels[i]] += v;
  }
  return Array.from({ length: bands.count }, (_, b) => ({
    name: bands.names[b],
    size: bands.sizes[b],
    sampled: m[b],
    fraction: bands.sizes[b] ? m[b] / bands.sizes[b] : 1,
  }));
}
