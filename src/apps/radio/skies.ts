/**
 * Known skies for simulations (Jy/pixel, N x N, the geometry of ./dft-reference.ts: pixel (r, c)
 * at l = -(c - N/2) cell east, m = (r - N/2) cell north):
 *
 * - `ringSky`: a thin ring of diameter d (a Gaussian radial profile of FWHM `width`), brighter on
 *   one side by `asymmetry` (brightness 1 + a cos(phi - pa)), the crescent the EHT saw in M87
 *   (2019, Paper IV: d = 42 uas, brighter to the south, pa = 180 deg);
 * - `coreJetSky`: point sources along a jet (a compact core plus knots) and extended emission
 *   (elliptical Gaussians along the jet's position angle): the VLBA picture of M87;
 * - `imageSky`: any image (e.g. the SDO solar image), negatives clipped, scaled to a total flux.
 *
 * @example
 * import { ringSky } from './skies.ts';
 * const sky = ringSky(64, 2 * 4.848e-12, { diameter: 40 * 4.848e-12, flux: 0.6 });  // 0.6 Jy in all
 */
import { CandorError, checkInt, checkNumber, describe } from '../../core/errors.ts';

/** Options of {@link ringSky}: diameter, width of the radial profile and flux. */
export interface RingSkyOptions {
  /** Ring diameter, radians. */
  diameter: number;
  /** FWHM of the radial profile, radians (default diameter / 4). */
  width?: number;
  /** Total flux, Jy (default 1). */
  flux?: number;
  /** Brightness asymmetry a in [0, 1) (default 0.5). */
  asymmetry?: number;
  /** Position angle of the brightest side, radians east of north (default pi: south). */
  pa?: number;
}

function normalise(where: string, img: Float64Array, flux: number): Float64Array {
  let s = 0;
  for (let i = 0; i < img.length; i++) s += img[i];
  if (!(s > 0)) throw new CandorError(where, 'sky', 'some positive brightness inside the image', 'none');
  for (let i = 0; i < img.length; i++) img[i] *= flux / s;
  return img;
}

/** A ring (crescent) sky, see the file comment. */
export function ringSky(size: number, cell: number, o: RingSkyOptions): Float64Array {
  const where = 'ringSky';
  checkInt(where, 'size', size, 2);
  checkNumber(where, 'cell', cell, Number.MIN_VALUE);
  const d = checkNumber(where, 'diameter', o.diameter, Number.MIN_VALUE);
  const w = checkNumber(where, 'width', o.width ?? d / 4, Number.MIN_VALUE);
  const a = checkNumber(where, 'asymmetry', o.asymmetry ?? 0.5, 0, 0.999);
  const pa = checkNumber(where, 'pa', o.pa ?? Math.PI);
  const s = w / (2 * Math.sqrt(2 * Math.LN2));
  const img = new Float64Array(size * size);
  const h = size / 2;
  for (let r = 0; r < size; r++) {
    const m = (r - h) * cell;
    for (let c = 0; c < size; c++) {
      const l = -(c - h) * cell;
      const rad = Math.hypot(l, m);
      const phi = Math.atan2(l, m); // east of north
      img[r * size + c] = Math.exp(-0.5 * ((rad - d / 2) / s) ** 2) * (1 + a * Math.cos(phi - pa));
    }
  }
  return normalise(where, img, o.flux ?? 1);
}

/** Options of {@link coreJetSky}: jet position angle, total flux and jet length. */
export interface CoreJetOptions {
  /** Jet position angle, radians east of north (default -70 deg, M87's). */
  pa?: number;
  /** Total flux, Jy (default 1). */
  flux?: number;
  /** Jet length, radians (default a third of the field). */
  length?: number;
}

/** Points (core and knots) with extended emission along a jet (see the file comment). */
export function coreJetSky(size: number, cell: number, o: CoreJetOptions = {}): Float64Array {
  const where = 'coreJetSky';
  checkInt(where, 'size', size, 8);
  checkNumber(where, 'cell', cell, Number.MIN_VALUE);
  const pa = checkNumber(where, 'pa', o.pa ?? (-70 * Math.PI) / 180);
  const L = checkNumber(where, 'length', o.length ?? (size * cell) / 3, Number.MIN_VALUE);
  const img = new Float64Array(size * size);
  const h = size / 2;
  const el = Math.sin(pa);
  const em = Math.cos(pa);
  /** Adds flux f at (l, m) spread over one pixel (bilinear), or as an elliptical Gaussian. */
  const add = (f: number, t: number, major: number, minor: number) => {
    const l0 = t * L * el;
    const m0 = t * L * em;
    if (major === 0) {
      const cf = h - l0 / cell;
      const rf = h + m0 / cell;
      const c = Math.floor(cf);
      const r = Math.floor(rf);
      const fc = cf - c;
      const fr = rf - r;
      const put = (rr: number, cc: number, v: number) => {
        if (rr >= 0 && rr < size && cc >= 0 && cc < size) img[rr * size + cc] += v;
      };
      put(r, c, f * (1 - fr) * (1 - fc));
      put(r, c + 1, f * (1 - fr) * fc);
      put(r + 1, c, f * fr * (1 - fc));
      put(r + 1, c + 1, f * fr * fc);
      return;
    }
    const sa = major / (2 * Math.sqrt(2 * Math.LN2));
    const sb = minor / (2 * Math.sqrt(2 * Math.LN2));
    const tmp = new Float64Array(size * size);
    let s = 0;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const dl = -(c - h) * cell - l0;
        const dm = (r - h) * cell - m0;
        const p = dl * el + dm * em; // along the jet
        const q = dl * em - dm * el;
        const v = Math.exp(-0.5 * ((p / sa) ** 2 + (q / sb) ** 2));
        tmp[r * size + c] = v;
        s += v;
      }
    }
    for (let i = 0; i < tmp.length; i++) img[i] += (f * tmp[i]) / s;
  };
  add(0.45, 0, 0, 0); // core
  add(0.1, 0.25, 0, 0); // knots
  add(0.08, 0.6, 0, 0);
  add(0.17, 0.35, 0.5 * L, 0.12 * L); // extended jet emission
  add(0.12, 0.8, 0.35 * L, 0.15 * L);
  add(0.08, 0.05, 0.18 * L, 0.12 * L); // the core's halo
  return normalise(where, img, o.flux ?? 1);
}

/** An image as a sky: negatives clipped to 0, scaled to `flux` Jy in all. */
export function imageSky(image: Float64Array, flux: number): Float64Array {
  if (!(image instanceof Float64Array)) throw new CandorError('imageSky', 'image', 'a Float64Array', describe(image));
  checkNumber('imageSky', 'flux', flux, Number.MIN_VALUE);
  const img = image.map((v) => (v > 0 && Number.isFinite(v) ? v : 0));
  return normalise('imageSky', img, flux);
}
