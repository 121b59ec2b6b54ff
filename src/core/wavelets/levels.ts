/**
 * Decomposition levels of the periodized multi-level transforms: which are valid for a size and
 * which is the default.
 *
 * Each level halves every dimension of the approximation, so `levels` is valid when 2^levels
 * divides every size: the largest valid level is the smallest number of factors 2 in a size. This
 * goes beyond `pywt.dwt_max_level` (the last level at which no coefficient feels the boundary),
 * which PyWavelets also passes with a warning; periodization stays exact and orthogonal there.
 * The default is PyWavelets' default, `dwt_max_level(min size, F) = floor(log2(n / (F - 1)))`,
 * capped at the largest valid level.
 *
 * @example
 * import { maxLevels, defaultLevels } from './levels.ts';
 * maxLevels([96, 64]);        // 5 (96 = 3 * 2^5)
 * defaultLevels([256], 8);    // 5 (db4: floor(log2(256 / 7)))
 */
import { CandorError, checkInt, describe } from '../errors.ts';
import { type WaveletFilters, waveletFilters } from './filters.ts';

/** Largest L with 2^L dividing every size. */
export function maxLevels(sizes: readonly number[]): number {
  let L = Number.POSITIVE_INFINITY;
  for (const n of sizes) {
    let k = 0;
    let m = n;
    while (m % 2 === 0 && m > 0) {
      m /= 2;
      k++;
    }
    L = Math.min(L, k);
  }
  return L === Number.POSITIVE_INFINITY ? 0 : L;
}

/** PyWavelets' default level (`dwt_max_level` of the smallest size), capped at {@link maxLevels}. */
export function defaultLevels(sizes: readonly number[], filterLength: number): number {
  const n = Math.min(...sizes);
  let L = 0;
  while ((filterLength - 1) * 2 ** (L + 1) <= n) L++;
  return Math.min(L, maxLevels(sizes));
}

/** A validated (sizes, wavelet, levels) triple for a plan. */
export interface LevelSpec {
  filters: WaveletFilters;
  levels: number;
}

/**
 * Checks the sizes (positive integers, named `names`), the wavelet name and `levels` (an integer
 * in [0, maxLevels]); throws a CandorError naming the size, the levels and the largest valid level.
 */
export function checkSpec(
  where: string,
  names: readonly string[],
  sizes: readonly number[],
  wavelet: unknown,
  levels: unknown,
): LevelSpec {
  for (let i = 0; i < sizes.length; i++) checkInt(where, names[i], sizes[i], 1);
  if (wavelet === undefined) wavelet = 'db4';
  const filters = waveletFilters(wavelet as string, where);
  if (levels === undefined) return { filters, levels: defaultLevels(sizes, filters.length) };
  const max = maxLevels(sizes);
  if (typeof levels !== 'number' || !Number.isInteger(levels) || levels < 0 || levels > max) {
    throw new CandorError(
      where,
      'levels',
      `an integer in [0, ${max}] (2^levels must divide the size ${sizes.join('x')})`,
      describe(levels),
    );
  }
  return { filters, levels };
}
