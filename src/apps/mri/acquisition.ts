/**
 * An acquisition: image size, sampling mask and the acquired samples, validated once so that every
 * reconstruction can trust it. Built from full-grid k-space (zeros where not sampled, BART's
 * convention) and a mask, or from k-space alone (the mask is then where k-space is non-zero, as
 * BART's `pics` infers it).
 *
 * Errors (CandorError, `where` = the caller's label, e.g. the file name): k-space or mask of the
 * wrong size or of different sizes, mask values other than 0/1, an all-zero mask, non-finite
 * k-space samples, and k-space that is zero on every sampled entry.
 *
 * @example
 * import { acquisition } from './acquisition.ts';
 * import { simulateKspace } from './kspace.ts';
 * import { sheppLogan } from './phantom.ts';
 * const mask = new Uint8Array(64 * 64).fill(1);
 * const { kspace } = simulateKspace(sheppLogan(64), 64, 64, { mask });
 * const acq = acquisition(kspace, mask, 64, 64);   // acq.y: the 4096 complex samples
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { checkMask, countSamples } from './masks/common.ts';
import { gatherSamples } from './operators.ts';

export interface Acquisition {
  ny: number;
  nx: number;
  /** 0/1 per k-space entry (centred coordinates). */
  mask: Uint8Array;
  /** The acquired samples (complex interleaved), row-major order of the mask. */
  y: Float64Array;
  /** Noise standard deviation per complex sample, when known (enables the constrained form). */
  noiseStd?: number;
}

/** The mask of non-zero entries of full-grid complex k-space (BART's `pics` convention). */
export function inferMask(kspace: Float64Array, ny: number, nx: number, where = 'inferMask'): Uint8Array {
  const n = ny * nx;
  if (!(kspace instanceof Float64Array) || kspace.length !== 2 * n) {
    throw new CandorError(where, 'k-space size', `${n} complex entries (${ny}x${nx})`, describe(kspace));
  }
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = kspace[2 * i] !== 0 || kspace[2 * i + 1] !== 0 ? 1 : 0;
  if (countSamples(mask) === 0) throw new CandorError(where, 'k-space', 'at least one non-zero sample', 'all zeros');
  return mask;
}

/** Validates full-grid k-space and a mask and returns the acquisition (see the file comment). */
export function acquisition(
  kspace: Float64Array,
  mask: ArrayLike<number> | undefined,
  ny: number,
  nx: number,
  opts: { where?: string; noiseStd?: number } = {},
): Acquisition {
  const where = opts.where ?? 'acquisition';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  const n = ny * nx;
  if (!(kspace instanceof Float64Array) || kspace.length !== 2 * n) {
    const got = kspace instanceof Float64Array ? `${kspace.length / 2} complex entries` : describe(kspace);
    throw new CandorError(where, 'k-space size', `${n} complex entries (${ny}x${nx})`, got);
  }
  for (let i = 0; i < 2 * n; i++) {
    if (!Number.isFinite(kspace[i])) {
      const e = i >> 1;
      throw new CandorError(where, 'k-space', 'finite samples', `${kspace[i]} at entry (${Math.floor(e / nx)}, ${e % nx})`);
    }
  }
  const m = mask === undefined ? inferMask(kspace, ny, nx, where) : checkMask(where, mask, ny, nx);
  const y = gatherSamples(kspace, m);
  let any = false;
  for (let i = 0; i < y.length && !any; i++) if (y[i] !== 0) any = true;
  if (!any) throw new CandorError(where, 'k-space', 'non-zero samples on the mask', 'all sampled entries zero');
  const acq: Acquisition = { ny, nx, mask: m, y };
  if (opts.noiseStd !== undefined) {
    if (!(opts.noiseStd >= 0) || !Number.isFinite(opts.noiseStd)) {
      throw new CandorError(where, 'noiseStd', 'a finite number >= 0', describe(opts.noiseStd));
    }
    acq.noiseStd = opts.noiseStd;
  }
  return acq;
}
