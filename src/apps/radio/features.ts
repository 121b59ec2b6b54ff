/**
 * Source structure read off an image, for the summary: the core (the brightest pixel, its offset
 * from the phase centre) and the jet direction: the flux-weighted mean offset from the core of
 * the emission above `level` of the peak that lies further than `minDistance` (default 1.5 beams)
 * from the core; its position angle east of north (M87's jet: about -70 deg, west-north-west;
 * Walker et al. 2018, ApJ 855, 128) and the share of the flux it carries.
 *
 * @example
 * import { coreAndJet } from './features.ts';
 * // const f = coreAndJet(image, 128, cell, { minDistance: 2 * beam.major });  f.jet?.pa
 */
export interface CoreJet {
  /** The brightest pixel: offset (l east, m north, radians) and value. */
  core: { l: number; m: number; peak: number };
  /** Flux-weighted direction of the emission away from the core, or null when there is none. */
  jet: { pa: number; distance: number; fluxFraction: number } | null;
}

/**
 * The core (brightest pixel and its offset from the phase centre) and jet of an image: the
 * flux-weighted mean offset from the core of the emission above `level` of the peak (default 0.02)
 * further than `minDistance` (radians, default 3 pixels), as a position angle east of north.
 */
export function coreAndJet(image: Float64Array, size: number, cell: number, o: { minDistance?: number; level?: number } = {}): CoreJet {
  let at = 0;
  for (let i = 1; i < image.length; i++) if (image[i] > image[at]) at = i;
  const peak = image[at];
  const h = size / 2;
  const r0 = Math.floor(at / size);
  const c0 = at - r0 * size;
  const core = { l: -(c0 - h) * cell, m: (r0 - h) * cell, peak };
  const level = (o.level ?? 0.02) * peak;
  const dmin = o.minDistance ?? 3 * cell;
  let sl = 0;
  let sm = 0;
  let fj = 0;
  let ft = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const v = image[r * size + c];
      if (v <= 0) continue;
      ft += v;
      if (v < level) continue;
      const dl = -(c - c0) * cell;
      const dm = (r - r0) * cell;
      if (Math.hypot(dl, dm) < dmin) continue;
      sl += v * dl;
      sm += v * dm;
      fj += v;
    }
  }
  if (!(fj > 0)) return { core, jet: null };
  return { core, jet: { pa: Math.atan2(sl, sm), distance: Math.hypot(sl, sm) / fj, fluxFraction: ft > 0 ? fj / ft : 0 } };
}
