/**
 * Seeded k-space sampling masks with an acceleration parameter and a fully sampled centre:
 * variable-density random, Poisson-disc, random phase-encode lines and radial-like spokes. Every
 * generator returns a {@link SamplingMask} with the actual acceleration; ../psf.ts reports its
 * point-spread side lobes and its coherence with a wavelet.
 *
 * @example
 * import { makeMask } from './index.ts';
 * const m = makeMask('poisson-disc', 256, 256, { acceleration: 4.5, seed: 1 });
 * m.acceleration; // about 4.5
 */
import { CandorError, describe } from '../../../core/errors.ts';
import type { MaskKind, SamplingMask } from './common.ts';
import { type LinesOptions, linesMask } from './lines.ts';
import { type PoissonDiscOptions, poissonDiscMask } from './poisson-disc.ts';
import { type RadialOptions, radialMask } from './radial.ts';
import { type VariableDensityOptions, variableDensityMask } from './variable-density.ts';

export * from './common.ts';
export { LINES_DEFAULTS, type LinesOptions, linesMask } from './lines.ts';
export { POISSON_DEFAULTS, type PoissonDiscOptions, poissonDiscMask, poissonDiscPattern } from './poisson-disc.ts';
export { type RadialOptions, radialMask } from './radial.ts';
export { VARIABLE_DENSITY_DEFAULTS, type VariableDensityOptions, variableDensityMask } from './variable-density.ts';

/** The mask kinds {@link makeMask} generates. */
export const MASK_KINDS: readonly MaskKind[] = Object.freeze(['poisson-disc', 'variable-density', 'lines', 'radial']);

/** The options of every mask generator together, as {@link makeMask} takes them (each generator reads its own). */
export type AnyMaskOptions = VariableDensityOptions & PoissonDiscOptions & LinesOptions & RadialOptions;

/** Dispatches to the generator of `kind`. */
export function makeMask(kind: MaskKind, ny: number, nx: number, opts: AnyMaskOptions): SamplingMask {
  switch (kind) {
    case 'variable-density':
      return variableDensityMask(ny, nx, opts);
    case 'poisson-disc':
      return poissonDiscMask(ny, nx, opts);
    case 'lines':
      return linesMask(ny, nx, opts);
    case 'radial':
      return radialMask(ny, nx, opts);
    default:
      throw new CandorError('makeMask', 'kind', `one of ${MASK_KINDS.join(', ')}`, describe(kind));
  }
}
