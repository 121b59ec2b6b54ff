/**
 * The exact direct Fourier transform between an N x N sky image and visibilities: the reference
 * the NUFFT imaging is tested against (O(N^2 M): for small images and tests, not for production).
 *
 * Image geometry (the same as the FITS images we write, see ../../io/fits/wcs.ts): pixel
 * (row r, column c) of an N x N image with pixel size `cell` (radians) sits at direction cosines
 *
 *     l_c = -(c - N/2) cell   (east is left: RA decreases with the column, CDELT1 < 0)
 *     m_r =  (r - N/2) cell   (north is up: row 0 is the southern edge, FITS row 1)
 *
 * Measurement (the w-term and the primary beam are ignored, as for a small field):
 *
 *     V(u, v) = sum_{r,c} I[r, c] exp(+2 pi i (u l_c + v m_r))
 *
 * with u, v as UVFITS stores them (UU, VV x frequency). This sign is the one the data obey: a
 * point put at (l, m) with it is imaged by WSClean at (l, m) after a plain copy of u, v, w and the
 * visibilities into a Measurement Set, and with it the real VLBA data show M87's jet to the
 * west-north-west (position angle about -70 deg) as WSClean and the literature do; the opposite
 * sign rotates every image by 180 degrees (see docs/radio.md, "Sign convention").
 *
 * Dirty image and point-spread function, for imaging weights w_k (each sample stands for itself
 * and its conjugate (-u, -v), which add the same real part):
 *
 *     I_D(l, m) = sum_k w_k Re[V_k exp(-2 pi i (u_k l + v_k m))] / sum_k w_k
 *     PSF(l, m) = sum_k w_k cos(2 pi (u_k l + v_k m)) / sum_k w_k          (PSF peak 1 at the centre)
 *
 * so I_D = PSF * I (convolution) for a sky I. The exponentials are separable, exp(2 pi i u l_c)
 * exp(2 pi i v m_r), so each visibility costs 2N complex exponentials and N^2 multiply-adds.
 *
 * @example
 * import { dftDirtyImage, dftPredict } from './dft-reference.ts';
 * // a 1 Jy point at the centre gives V = 1 everywhere, so its dirty image is the PSF
 * const u = Float64Array.of(1e9, -3e8), v = Float64Array.of(2e8, 5e8);
 * const sky = new Float64Array(16 * 16); sky[8 * 16 + 8] = 1;
 * const vis = dftPredict(sky, 16, 1e-11, u, v);          // [1, 0, 1, 0]
 * const { image, psf } = dftDirtyImage({ n: 2, u, v, vis }, Float64Array.of(1, 1), 16, 1e-11);
 * image[8 * 16 + 8];                                     // 1 (= psf[8 * 16 + 8])
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';

/** The row and column direction cosines [l_c], [m_r] of the geometry above. */
export function pixelDirections(size: number, cell: number): { l: Float64Array; m: Float64Array } {
  const l = new Float64Array(size);
  const m = new Float64Array(size);
  const h = size / 2;
  for (let i = 0; i < size; i++) {
    l[i] = -(i - h) * cell;
    m[i] = (i - h) * cell;
  }
  return { l, m };
}

function checkGeometry(where: string, size: number, cell: number): void {
  checkInt(where, 'size', size, 1, 1 << 14);
  if (!(cell > 0 && Number.isFinite(cell))) throw new CandorError(where, 'cell', 'a positive pixel size in radians', describe(cell));
}

/** exp(s 2 pi i f x_j) for j < size, into out (interleaved). */
function phasors(f: number, x: Float64Array, sign: number, out: Float64Array): void {
  for (let j = 0; j < x.length; j++) {
    const p = sign * 2 * Math.PI * f * x[j];
    out[2 * j] = Math.cos(p);
    out[2 * j + 1] = Math.sin(p);
  }
}

/**
 * Model visibilities of a real N x N image (row-major [r, c]) at (u_k, v_k): interleaved re/im.
 */
export function dftPredict(image: Float64Array, size: number, cell: number, u: Float64Array, v: Float64Array): Float64Array {
  const where = 'dftPredict';
  checkGeometry(where, size, cell);
  if (image.length !== size * size) throw new CandorError(where, 'image length', `${size * size} (${size} x ${size})`, String(image.length));
  if (v.length !== u.length) throw new CandorError(where, 'v length', `${u.length} (the length of u)`, String(v.length));
  const { l, m } = pixelDirections(size, cell);
  const a = new Float64Array(2 * size);
  const b = new Float64Array(2 * size);
  const out = new Float64Array(2 * u.length);
  for (let k = 0; k < u.length; k++) {
    phasors(u[k], l, 1, a);
    phasors(v[k], m, 1, b);
    let re = 0;
    let im = 0;
    for (let r = 0; r < size; r++) {
      // row sum S_r = sum_c I[r, c] a_c, then times b_r
      let sr = 0;
      let si = 0;
      const row = r * size;
      for (let c = 0; c < size; c++) {
        const x = image[row + c];
        sr += x * a[2 * c];
        si += x * a[2 * c + 1];
      }
      const br = b[2 * r];
      const bi = b[2 * r + 1];
      re += sr * br - si * bi;
      im += sr * bi + si * br;
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

/**
 * Dirty image and PSF (both N x N, row-major [r, c]) of visibilities with imaging weights (see
 * above); `sumWeights` is the normaliser sum_k w_k. Throws when every weight is zero.
 */
export function dftDirtyImage(
  vs: { n: number; u: Float64Array; v: Float64Array; vis: Float64Array },
  weights: Float64Array,
  size: number,
  cell: number,
): { image: Float64Array; psf: Float64Array; sumWeights: number } {
  const where = 'dftDirtyImage';
  checkGeometry(where, size, cell);
  if (weights.length !== vs.n) throw new CandorError(where, 'weights length', `${vs.n} (one per visibility)`, String(weights.length));
  let sw = 0;
  for (let k = 0; k < vs.n; k++) sw += weights[k];
  if (!(sw > 0)) throw new CandorError(where, 'weights', 'a positive sum (some visibility with weight > 0)', describe(sw));
  const { l, m } = pixelDirections(size, cell);
  const a = new Float64Array(2 * size);
  const b = new Float64Array(2 * size);
  const image = new Float64Array(size * size);
  const psf = new Float64Array(size * size);
  for (let k = 0; k < vs.n; k++) {
    const w = weights[k] / sw;
    if (w === 0) continue;
    phasors(vs.u[k], l, -1, a);
    phasors(vs.v[k], m, -1, b);
    const vr = w * vs.vis[2 * k];
    const vi = w * vs.vis[2 * k + 1];
    for (let r = 0; r < size; r++) {
      const br = b[2 * r];
      const bi = b[2 * r + 1];
      // p = w V b_r (image), q = w b_r (psf)
      const pr = vr * br - vi * bi;
      const pi = vr * bi + vi * br;
      const qr = w * br;
      const qi = w * bi;
      const row = r * size;
      for (let c = 0; c < size; c++) {
        const ar = a[2 * c];
        const ai = a[2 * c + 1];
        image[row + c] += pr * ar - pi * ai;
        psf[row + c] += qr * ar - qi * ai;
      }
    }
  }
  return { image, psf, sumWeights: sw };
}
