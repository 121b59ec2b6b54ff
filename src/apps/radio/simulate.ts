/**
 * Simulated observations: a known sky observed with a real coverage, with the noise the weights
 * state. For every sample the model visibility is the exact measurement of ./measurement.ts
 * (through the NUFFT, 1e-6; the w-term ignored), V = sum I(l, m) exp(+2 pi i (u l + v m)), and the
 * noise is Gaussian with standard deviation sigma = 1/sqrt(w) on each of the real and imaginary
 * parts (the AIPS meaning of a visibility weight), from a seeded generator.
 *
 * - `simulateVisibilities(vs, sky)`: Stokes I samples (the `Visibilities` of ./visibilities.ts);
 * - `simulateUvfits(uv, sky)`: the whole UVFITS record: every group, IF and channel gets the model
 *   in each parallel hand (RR, LL, XX, YY or I; an unpolarised sky) plus its own noise from that
 *   hand's weight, the cross hands (RL, LR, XY, YX) noise only; flagged samples (weight <= 0 or not
 *   finite) are left as they were; u, v, w, times, baselines, weights and tables are unchanged.
 *
 * The sky (`SkyImage`) is an N x N image in Jy/pixel with its pixel size and reference pixel; a sky
 * whose reference pixel is not N/2 + 1 (FITS) is shifted by the corresponding phase. Samples the
 * sky's pixel does not sample (|u| cell > 1/2: the sky would alias) are an error naming the sky.
 *
 * @example
 * import { simulateVisibilities } from './simulate.ts';
 * import { ringSky } from './skies.ts';
 * // const sky = { image: ringSky(64, cell, { diameter: 40 * UAS }), size: 64, cell, name: 'ring' };
 * // const sim = simulateVisibilities(vs, sky, { seed: 1 });   // vs with vis replaced
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { createRng } from '../../core/rng/index.ts';
import { readFitsImage } from '../../io/fits/image.ts';
import { headerString, headerValue } from '../../io/fits/header.ts';
import { withVisibilities } from '../../io/fits/uvfits-write.ts';
import { type Uvfits, visOffset } from '../../io/fits/uvfits.ts';
import { formatAngle } from './angles.ts';
import { visibilityOperator } from './measurement.ts';
import type { Visibilities } from './visibilities.ts';

/** A sky model: an N x N image in Jy/pixel with its pixel size (radians) and the phase centre's reference pixels. */
export interface SkyImage {
  /** N x N, Jy/pixel, row-major (row 0 south, column 0 east). */
  image: Float64Array;
  size: number;
  /** Pixel size, radians. */
  cell: number;
  /** FITS reference pixels (1-based) of the phase centre; default N/2 + 1. */
  crpix1?: number;
  crpix2?: number;
  /** Name for messages. */
  name?: string;
}

/** Options of {@link simulateVisibilities}: noise on or off and its seed. */
export interface SimulateOptions {
  /** Seed of the noise (default 0). */
  seed?: number;
  /** Add noise (default true). */
  noise?: boolean;
}

const DEG = Math.PI / 180;

/**
 * A sky from FITS bytes: a 2-D image (degenerate axes of length 1 allowed, as WSClean writes), square
 * pixels (CDELT1 = -CDELT2, degrees), in Jy/pixel (BUNIT JY/PIXEL, or none). Errors name the file.
 * With `opts.cell` (radians), a header with neither CDELT1 nor CDELT2 takes that pixel size (with a
 * note) instead of being refused; `opts.cellOverride` (radians) replaces whatever the header says
 * (`--sky-cell`: any image, a solar one with helioprojective axes say, placed at a chosen scale).
 */
export function skyFromFits(bytes: Uint8Array, name = 'sky.fits', opts: { cell?: number; cellOverride?: number } = {}): SkyImage & { notes: string[] } {
  const where = `radio sky ${name}`;
  const img = readFitsImage(bytes, { name });
  const dims = img.shape.filter((d) => d > 1);
  if (dims.length !== 2) throw new CandorError(where, 'image shape', 'a 2-D image (NAXIS1 x NAXIS2, other axes of length 1)', img.shape.join('x'));
  const [ny, nx] = dims;
  if (ny !== nx || nx % 2 !== 0) throw new CandorError(where, 'image size', 'a square image with an even side (N x N)', `${nx} x ${ny}`);
  const notes: string[] = [];
  let c1 = headerValue(img.header, 'CDELT1');
  let c2 = headerValue(img.header, 'CDELT2');
  if (opts.cellOverride !== undefined) {
    if (!(typeof opts.cellOverride === 'number' && opts.cellOverride > 0 && Number.isFinite(opts.cellOverride))) throw new CandorError(where, 'cell', 'a positive angle in radians', describe(opts.cellOverride));
    c2 = opts.cellOverride / DEG;
    c1 = -c2;
  } else if (c1 === undefined && c2 === undefined && opts.cell !== undefined) {
    if (!(typeof opts.cell === 'number' && opts.cell > 0 && Number.isFinite(opts.cell))) throw new CandorError(where, 'cell', 'a positive angle in radians', describe(opts.cell));
    c2 = opts.cell / DEG;
    c1 = -c2;
    notes.push(`${name}: no CDELT1/CDELT2 in the header: pixels of the given cell (${formatAngle(opts.cell)}) assumed`);
  }
  if (typeof c1 !== 'number' || typeof c2 !== 'number' || !(c2 > 0) || !(Math.abs(c1 + c2) <= 1e-9 * c2)) {
    throw new CandorError(where, 'pixel size', 'square sky pixels: CDELT2 > 0 and CDELT1 = -CDELT2 (degrees, RA increasing to the left)', `CDELT1 ${describe(c1)}, CDELT2 ${describe(c2)}`);
  }
  const bunit = headerString(img.header, 'BUNIT').trim().toUpperCase();
  if (bunit === 'JY/BEAM') throw new CandorError(where, 'BUNIT', 'JY/PIXEL (a model sky; a JY/BEAM image is already convolved with a beam)', '"JY/BEAM"');
  if (bunit !== 'JY/PIXEL' && bunit !== 'JY/PIX') notes.push(`${name}: BUNIT ${bunit ? JSON.stringify(bunit) : 'absent'}: pixel values taken as Jy/pixel`);
  const p1 = headerValue(img.header, 'CRPIX1');
  const p2 = headerValue(img.header, 'CRPIX2');
  const data = img.data;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new CandorError(where, `pixel ${i}`, 'finite values', describe(data[i]));
  }
  return {
    image: Float64Array.from(data),
    size: nx,
    cell: c2 * DEG,
    crpix1: typeof p1 === 'number' ? p1 : nx / 2 + 1,
    crpix2: typeof p2 === 'number' ? p2 : nx / 2 + 1,
    name,
    notes,
  };
}

/** Model visibilities of the sky at (u_k, v_k) (interleaved), errors naming the sky. */
export function skyVisibilities(sky: SkyImage, u: Float64Array, v: Float64Array): Float64Array {
  const where = `radio sky ${sky.name ?? 'image'}`;
  checkInt(where, 'size', sky.size, 2);
  if (sky.image.length !== sky.size * sky.size) throw new CandorError(where, 'image length', `${sky.size * sky.size}`, String(sky.image.length));
  let umax = 0;
  let at = 0;
  for (let k = 0; k < u.length; k++) {
    const r = Math.max(Math.abs(u[k]), Math.abs(v[k]));
    if (r > umax) [umax, at] = [r, k];
  }
  if (umax * sky.cell > 0.5) {
    throw new CandorError(
      where,
      'pixel size',
      `a sky pixel of at most ${(0.5 / umax / DEG).toPrecision(4)} deg (1/(2 u_max) for the longest baseline, ${umax.toPrecision(4)} wavelengths at sample ${at})`,
      `${(sky.cell / DEG).toPrecision(4)} deg`,
    );
  }
  const A = visibilityOperator(u, v, sky.size, sky.cell);
  const out = A.apply(sky.image, new Float64Array(2 * u.length));
  const h = sky.size / 2;
  const dl = sky.cell * ((sky.crpix1 ?? h + 1) - 1 - h);
  const dm = sky.cell * (h + 1 - (sky.crpix2 ?? h + 1));
  if (dl !== 0 || dm !== 0) {
    for (let k = 0; k < u.length; k++) {
      const p = 2 * Math.PI * (u[k] * dl + v[k] * dm);
      const c = Math.cos(p);
      const s = Math.sin(p);
      const re = out[2 * k];
      const im = out[2 * k + 1];
      out[2 * k] = re * c - im * s;
      out[2 * k + 1] = re * s + im * c;
    }
  }
  return out;
}

/** The Stokes I samples `vs` observing `sky` instead (see the file comment). */
export function simulateVisibilities(vs: Visibilities, sky: SkyImage, opts: SimulateOptions = {}): Visibilities {
  const model = skyVisibilities(sky, vs.u, vs.v);
  if (opts.noise ?? true) {
    const rng = createRng(checkInt('simulateVisibilities', 'seed', opts.seed ?? 0, 0), 16);
    const z = rng.fillNormal(new Float64Array(2 * vs.n));
    for (let k = 0; k < vs.n; k++) {
      const s = 1 / Math.sqrt(vs.weight[k]);
      model[2 * k] += s * z[2 * k];
      model[2 * k + 1] += s * z[2 * k + 1];
    }
  }
  return { ...vs, vis: model, notes: [...vs.notes, `simulated: ${sky.name ?? 'sky'} observed with this coverage${(opts.noise ?? true) ? `, noise from the weights (seed ${opts.seed ?? 0})` : ', no noise'}`] };
}

/** The UVFITS record observing `sky` (see the file comment); the result has the same layout. */
export function simulateUvfits(uv: Uvfits, sky: SkyImage, opts: SimulateOptions = {}): Uvfits {
  const where = 'simulateUvfits';
  const nS = uv.nGroups * uv.nIf * uv.nFreq;
  const u = new Float64Array(nS);
  const v = new Float64Array(nS);
  let k = 0;
  for (let g = 0; g < uv.nGroups; g++) {
    for (let i = 0; i < uv.nIf; i++) {
      for (let c = 0; c < uv.nFreq; c++) {
        const f = uv.freqs[i * uv.nFreq + c];
        u[k] = uv.uu[g] * f;
        v[k] = uv.vv[g] * f;
        k++;
      }
    }
  }
  const model = skyVisibilities(sky, u, v);
  const data = uv.data.slice();
  const rng = createRng(checkInt(where, 'seed', opts.seed ?? 0, 0), 16, 1);
  const noise = opts.noise ?? true;
  const z = new Float64Array(2);
  const sc = uv.strides.complex;
  const parallel = uv.stokes.map((s) => s === 1 || s === -1 || s === -2 || s === -5 || s === -6);
  k = 0;
  for (let g = 0; g < uv.nGroups; g++) {
    for (let i = 0; i < uv.nIf; i++) {
      for (let c = 0; c < uv.nFreq; c++, k++) {
        for (let s = 0; s < uv.nStokes; s++) {
          const o = visOffset(uv, g, i, c, s);
          const w = uv.nComplex === 3 ? data[o + 2 * sc] : 1;
          if (!(w > 0) || !Number.isFinite(w)) continue;
          let re = parallel[s] ? model[2 * k] : 0;
          let im = parallel[s] ? model[2 * k + 1] : 0;
          if (noise) {
            rng.fillNormal(z);
            const sd = 1 / Math.sqrt(w);
            re += sd * z[0];
            im += sd * z[1];
          }
          data[o] = re;
          data[o + sc] = im;
        }
      }
    }
  }
  return withVisibilities(uv, data);
}
