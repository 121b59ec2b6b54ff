/**
 * The MRI mask generators (./masks/) as sampling families of the structured phase-transition
 * sweeps (src/experiments/levels-kind.ts): `draw(ny, nx, fraction, seed)` is the mask of
 * acceleration R = 1/fraction with the generator's defaults (calibration square included), so a
 * sweep over fractions is a sweep over R. With the generic trajectory and uv-track families.
 *
 * @example
 * import { MRI_FAMILIES } from './levels-families.ts';
 * MRI_FAMILIES['poisson-disc'].draw(64, 64, 0.25, 3, null);   // a Poisson-disc mask at R = 4
 */
import { GENERIC_FAMILIES } from '../../experiments/levels-families.ts';
import type { SamplingFamilies, SamplingFamily } from '../../experiments/levels-kind.ts';
import { MASK_KINDS, type MaskKind, makeMask } from './masks/index.ts';

function maskFamily(kind: MaskKind): SamplingFamily {
  return Object.freeze({
    name: kind,
    describe: `MRI ${kind} masks (./masks/) at R = 1 / fraction, default calibration square`,
    draw: (ny: number, nx: number, fraction: number, seed: number) => makeMask(kind, ny, nx, { acceleration: 1 / fraction, seed }).mask,
  });
}

/**
 * The sampling families of the MRI levels sweeps: each mask kind ({@link MASK_KINDS}) at R =
 * 1/fraction, plus the generic trajectory and uv-track families.
 */
export const MRI_FAMILIES: SamplingFamilies = Object.freeze({
  ...Object.fromEntries(MASK_KINDS.map((k) => [k, maskFamily(k)])),
  ...GENERIC_FAMILIES,
});
