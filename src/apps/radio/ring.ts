/**
 * Ring measurements of an image (the EHT's "REx" ring extractor, M87 Paper IV sec. 9.2 and
 * Chael's eht-imaging `features/rex.py`): for a centre (l0, m0), the radius of peak brightness
 * r_pk(theta) along each of `rays` directions (bilinear interpolation on radial steps of 1/10
 * pixel, within [rMin, rMax]); the centre is the one that minimises the spread of r_pk over angle
 * (a grid search of quarter pixels around the brightness centroid, then halving steps); the
 * diameter is twice the mean r_pk, the width the mean full width at half maximum of the radial
 * profiles, and the position angle that of the brightest point on the ring (east of north).
 *
 * @example
 * import { ringFeatures } from './ring.ts';
 * // const f = ringFeatures(image, 64, parseAngle('2uas'));   f.diameter (radians), f.pa
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';

/** Ring features of an image (the EHT's REx): diameter, spread of the peak radius, width, position angle and centre (radians), and contrast. */
export interface RingFeatures {
  /** Twice the mean radius of peak brightness, radians. */
  diameter: number;
  /** Standard deviation of the peak radius over angle, radians. */
  radiusSpread: number;
  /** Mean FWHM of the radial profiles, radians. */
  width: number;
  /** Position angle of the brightest point on the ring, radians east of north. */
  pa: number;
  /** Ring centre (l east, m north), radians from the image centre. */
  centre: [number, number];
  /**
   * Contrast: the mean ring brightness over the brightness at the centre, the centre floored at
   * 1e-3 of the image's peak (so at most 1000: an empty centre of a positive image reads 1000, not
   * 1e297).
   */
  contrast: number;
  /**
   * How far the circle of the mean peak radius stays inside the image (radians from its nearest
   * edge; negative when it crosses one: the rays that leave the image find their peak short of
   * the ring, so the diameter and spread are those of a clipped ring).
   */
  edgeMargin: number;
}

/**
 * Whether ring features describe a ring: brighter than its centre (contrast above 2), round (the
 * peak radius varies by at most 25% of the radius over angle) and inside the image (a ring that
 * crosses an edge is measured clipped). Measured spreads: a model ring 0.017, the EHT M87
 * closure-quantity RML image 0.083, a ring inclined to an axis ratio of 0.5 0.245, a speckle
 * image of the long EHT baselines 0.37 (which the contrast alone called a 64 uas ring); the 40 uas
 * model ring moved 24 pixels of 2 uas towards an edge of a 64-pixel image: spread 0.079 but a
 * 38 uas diameter, which the edge margin refuses.
 */
export function isRing(f: RingFeatures): boolean {
  return f.contrast > 2 && f.radiusSpread <= 0.25 * (f.diameter / 2) && f.edgeMargin >= 0;
}

/** Options of {@link ringFeatures}: the radial search range (radians) and the number of rays. */
export interface RingOptions {
  /** Radial search range, radians (default 1.5 to 0.45 of the field). */
  rMin?: number;
  rMax?: number;
  rays?: number;
}

function sample(img: Float64Array, size: number, r: number, c: number): number {
  const r0 = Math.floor(r);
  const c0 = Math.floor(c);
  if (r0 < 0 || c0 < 0 || r0 >= size - 1 || c0 >= size - 1) return 0;
  const fr = r - r0;
  const fc = c - c0;
  const k = r0 * size + c0;
  return (1 - fr) * ((1 - fc) * img[k] + fc * img[k + 1]) + fr * ((1 - fc) * img[k + size] + fc * img[k + size + 1]);
}

/** Peak radii (pixels) along the rays from centre (rc, cc) in pixel coordinates. */
function peakRadii(img: Float64Array, size: number, rc: number, cc: number, rMin: number, rMax: number, rays: number) {
  const rad = new Float64Array(rays);
  const peak = new Float64Array(rays);
  const fwhm = new Float64Array(rays);
  const steps = Math.max(2, Math.ceil((rMax - rMin) * 10));
  const prof = new Float64Array(steps + 1);
  for (let a = 0; a < rays; a++) {
    const th = (2 * Math.PI * a) / rays; // east of north: l = sin, m = cos; column decreases with l
    const dr = Math.cos(th);
    const dc = -Math.sin(th);
    let best = -Infinity;
    let at = 0;
    for (let s = 0; s <= steps; s++) {
      const r = rMin + ((rMax - rMin) * s) / steps;
      const v = sample(img, size, rc + r * dr, cc + r * dc);
      prof[s] = v;
      if (v > best) {
        best = v;
        at = s;
      }
    }
    rad[a] = rMin + ((rMax - rMin) * at) / steps;
    peak[a] = best;
    let lo = at;
    while (lo > 0 && prof[lo] > best / 2) lo--;
    let hi = at;
    while (hi < steps && prof[hi] > best / 2) hi++;
    fwhm[a] = ((hi - lo) * (rMax - rMin)) / steps;
  }
  let m = 0;
  for (const r of rad) m += r;
  m /= rays;
  let v = 0;
  for (const r of rad) v += (r - m) ** 2;
  return { rad, peak, fwhm, mean: m, spread: Math.sqrt(v / rays) };
}

/** The ring features of an N x N image with pixel `cell` (see the file comment). */
export function ringFeatures(image: Float64Array, size: number, cell: number, opts: RingOptions = {}): RingFeatures {
  const where = 'ringFeatures';
  checkInt(where, 'size', size, 8);
  if (image.length !== size * size) throw new CandorError(where, 'image length', `${size * size}`, describe(image.length));
  const rays = opts.rays ?? 360;
  const rMin = (opts.rMin ?? 1.5 * cell) / cell;
  const rMax = (opts.rMax ?? 0.45 * size * cell) / cell;
  let sr = 0;
  let sc = 0;
  let s = 0;
  let top = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const v = Math.max(0, image[r * size + c]);
      sr += v * r;
      sc += v * c;
      s += v;
      if (v > top) top = v;
    }
  }
  if (!(s > 0)) throw new CandorError(where, 'image', 'some positive brightness', 'none');
  let br = sr / s;
  let bc = sc / s;
  // the pattern search revisits centres (a move's reverse is tried next): each centre is measured once
  const seen = new Map<string, ReturnType<typeof peakRadii>>();
  const at = (r: number, c: number) => {
    const key = `${r},${c}`;
    let p = seen.get(key);
    if (p === undefined) {
      p = peakRadii(image, size, r, c, rMin, rMax, rays);
      seen.set(key, p);
    }
    return p;
  };
  let best = at(br, bc);
  let step = 1;
  for (let round = 0; round < 6; round++) {
    let improved = true;
    while (improved) {
      improved = false;
      for (const [dr, dc] of [
        [step, 0],
        [-step, 0],
        [0, step],
        [0, -step],
      ]) {
        const p = at(br + dr, bc + dc);
        if (p.spread < best.spread - 1e-12) {
          best = p;
          br += dr;
          bc += dc;
          improved = true;
        }
      }
    }
    step /= 2;
  }
  let amax = 0;
  let pmean = 0;
  let wmean = 0;
  for (let a = 0; a < rays; a++) {
    if (best.peak[a] > best.peak[amax]) amax = a;
    pmean += best.peak[a];
    wmean += best.fwhm[a];
  }
  pmean /= rays;
  wmean /= rays;
  const centreV = Math.max(sample(image, size, br, bc), 1e-3 * top);
  let pa = (2 * Math.PI * amax) / rays;
  if (pa > Math.PI) pa -= 2 * Math.PI;
  const h = size / 2;
  return {
    diameter: 2 * best.mean * cell,
    radiusSpread: best.spread * cell,
    width: wmean * cell,
    pa,
    centre: [-(bc - h) * cell, (br - h) * cell],
    contrast: pmean / centreV,
    // bilinear samples need a pixel beyond: the interpolable image is [0, size - 1)
    edgeMargin: (Math.min(br, bc, size - 1 - br, size - 1 - bc) - best.mean) * cell,
  };
}
