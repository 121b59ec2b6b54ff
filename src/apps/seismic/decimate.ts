/**
 * Trace decimation patterns: which traces of a line of n are kept, with a fraction `keep` in
 * (0, 1), a seed, and the first and last trace always kept (so interpolation never extrapolates).
 *
 * - `random`: m = round(keep n) traces, the m - 2 interior ones uniformly without replacement.
 * - `regular`: every r-th trace, r = round(1 / keep) (keep 0.5: every second trace), plus the last.
 *   Regular decimation aliases: its point-spread function has a peak as high as the main one at
 *   wavenumber n / r, so steep events fold onto others (see ./theory.ts).
 * - `jitter`: m cells of equal width, one trace drawn uniformly in each (the first cell gives trace
 *   0, the last n - 1): as regular as `regular` on average, but with random offsets that turn the
 *   aliases into low, noise-like side lobes while keeping gaps bounded (Hennenfent & Herrmann 2008).
 *
 * Reference: G. Hennenfent & F. J. Herrmann, "Simply denoise: wavefield reconstruction via
 * jittered undersampling", Geophysics 73(3), V19-V28, 2008.
 *
 * @example
 * import { decimationMask } from './decimate.ts';
 * decimationMask(10, 0.5, 'regular', 0);   // 1 0 1 0 1 0 1 0 1 1
 * decimationMask(10, 0.5, 'random', 7);    // 5 ones, first and last set
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { createRng } from '../../core/rng/index.ts';

/**
 * A trace decimation pattern: `random` (uniform without replacement), `regular` (every r-th trace)
 * or `jitter` (one random trace per equal cell); first and last traces always kept.
 */
export type DecimationPattern = 'random' | 'regular' | 'jitter';
/** Every {@link DecimationPattern}. */
export const DECIMATION_PATTERNS: readonly DecimationPattern[] = Object.freeze(['random', 'regular', 'jitter']);

/** Throws unless keep is a number in the open interval (0, 1). */
export function checkKeep(where: string, keep: unknown): number {
  if (typeof keep !== 'number' || !(keep > 0 && keep < 1)) {
    throw new CandorError(where, 'keep fraction', 'a number in (0, 1)', describe(keep));
  }
  return keep;
}

/**
 * 0/1 mask of the kept traces of a line of `n` (n >= 3). `stream` separates the draws of several
 * lines (panels) under one seed: createRng(seed, stream).
 */
export function decimationMask(n: number, keep: number, pattern: DecimationPattern, seed: number, stream = 0): Uint8Array {
  const where = 'decimationMask';
  checkInt(where, 'traces n', n, 3);
  checkKeep(where, keep);
  checkInt(where, 'seed', seed, 0);
  const mask = new Uint8Array(n);
  mask[0] = 1;
  mask[n - 1] = 1;
  if (pattern === 'regular') {
    const r = Math.max(1, Math.round(1 / keep));
    for (let i = 0; i < n; i += r) mask[i] = 1;
    return mask;
  }
  const m = Math.min(n, Math.max(2, Math.round(keep * n)));
  const rng = createRng(seed, stream);
  if (pattern === 'random') {
    const pick = rng.sampleWithoutReplacement(n - 2, m - 2, new Int32Array(m - 2));
    for (const i of pick) mask[i + 1] = 1;
    return mask;
  }
  if (pattern === 'jitter') {
    // m cells [c_j, c_{j+1}) with c_j = round(j n / m); one trace uniform in each
    for (let j = 1; j < m - 1; j++) {
      const lo = Math.round((j * n) / m);
      const hi = Math.round(((j + 1) * n) / m);
      mask[lo + rng.int(Math.max(1, hi - lo))] = 1;
    }
    return mask;
  }
  throw new CandorError(where, 'pattern', DECIMATION_PATTERNS.join(', '), describe(pattern));
}

/** Sets every trace whose mask entry is 0 to zero (a copy): the decimated gather, missing traces all zero. */
export function applyMask(data: Float64Array, ns: number, mask: Uint8Array): Float64Array {
  const out = data.slice();
  for (let t = 0; t < mask.length; t++) if (!mask[t]) out.fill(0, t * ns, (t + 1) * ns);
  return out;
}
