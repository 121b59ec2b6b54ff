/**
 * The data scale of a Cartesian acquisition as BART's `pics` computes it (`estimate_scaling` in
 * BART's src/sense/optcom.c with `extract_calib2` and `calib_geom` in src/misc/mri.c): BART's rule
 * (../../core/imaging/scaling.ts) applied to the magnitudes of a LOW-RESOLUTION image made from
 * the fully sampled k-space centre, not to the zero-filled image:
 *
 * 1. the calibration box: starting from 1 x 1 at the k-space centre, grow the rows and then the
 *    columns by one, in turn, while the grown box is fully sampled, at most 32 per side (an axis
 *    stops at the first failure, at 32 or at its full size); the box sits at
 *    floor((n - c) / 2) within the central min(32, n) columns (BART's two-step extraction), and
 *    along the rows (BART's readout dimension 0) it then moves to the offset of largest energy;
 * 2. the low-resolution image: the cy x cx box's unitary inverse DFT, its magnitudes divided by
 *    sqrt(ny nx / (cy cx)) (a constant image c has low-resolution value c sqrt(ny nx / (cy cx)));
 *    the box is taken from the k-space after `pics`'s `fftmod` (entry j of an axis of length n
 *    times exp(2 pi i (j - c/2) c / n), c = floor(n / 2)): on an even axis a sign pattern that
 *    shifts the low-resolution image by whole samples, on an odd axis a fractional shift that
 *    changes its magnitudes (45 x 37: max 0.6548 with it, 0.6060 without; BART prints 0.654648);
 * 3. s = p90 of those magnitudes, or their maximum when max - p90 >= 2 (p90 - median).
 *
 * The magnitudes do not depend on where the DC sits in the box (a shift in k-space is a phase
 * ramp in the image), so the box's plain inverse DFT serves. Why it matters: the zero-filled
 * image of a Poisson-disc acquisition of the Shepp-Logan phantom has its 90th percentile in the
 * aliasing and the rule then picks its maximum (s = 0.905 at 256^2, R = 4.5), while the
 * low-resolution image is aliasing-free (s = p90 = 0.334, BART's value to its printed digits):
 * the weight lambda s was 2.7 times BART's for the same `-r` (docs/mri.md).
 *
 * When the k-space centre itself is not sampled (no calibration box at all), BART finds a zero
 * scale and uses 1; we use the zero-filled image's scale instead (`source: 'zero-filled'`).
 *
 * @example
 * import { calibrationScale } from './scaling.ts';
 * // acq from ./acquisition.ts, e.g. a Poisson-disc mask with a 24 x 24 centre
 * // calibrationScale(acq) -> { scale, rule: 'p90', source: 'calibration', box: [24, 24], ... }
 */
import { fft2Plan } from '../../core/fft/fft2.ts';
import { type DataScale, dataScaleDetail } from '../../core/imaging/scaling.ts';
import type { Acquisition } from './acquisition.ts';

/** BART's largest calibration side (`cal_size` in `estimate_scaling_internal`). */
export const CALIBRATION_MAX = 32;

/**
 * The data scale of a Cartesian acquisition as BART's `pics` computes it, with the calibration box
 * it came from (or 'zero-filled' when the centre is not sampled).
 */
export interface CalibrationScale extends DataScale {
  /** Where the magnitudes came from. */
  source: 'calibration' | 'zero-filled';
  /** The calibration box [rows, columns] and its top-left entry [row, column] (null for zero-filled). */
  box: [number, number] | null;
  origin: [number, number] | null;
}

/** True when every entry of the box (rows y0.., columns x0..) is sampled. */
function sampled(mask: Uint8Array, nx: number, y0: number, x0: number, cy: number, cx: number): boolean {
  for (let i = y0; i < y0 + cy; i++) {
    const r = i * nx;
    for (let j = x0; j < x0 + cx; j++) if (!mask[r + j]) return false;
  }
  return true;
}

/**
 * BART's calibration box of a centred Cartesian mask: [rows, columns] and its top-left corner
 * (before the readout search, which needs the data: see {@link calibrationScale}).
 */
export function calibrationBox(mask: Uint8Array, ny: number, nx: number): { cy: number; cx: number; y0: number; x0: number } {
  // BART first cuts the central min(32, n) of the phase-encoding dimension (1) and all of the
  // readout dimension (0), then grows the box centred in that cut
  const tx = Math.min(CALIBRATION_MAX, nx);
  const ox = Math.floor((nx - tx) / 2);
  const size = [1, 1];
  const limit = [ny, tx];
  const pos = (c: number[]) => [Math.floor((ny - c[0]) / 2), ox + Math.floor((tx - c[1]) / 2)];
  const stop = [false, false];
  while (!(stop[0] && stop[1])) {
    for (let d = 0; d < 2; d++) {
      if (size[d] === limit[d] || size[d] >= CALIBRATION_MAX) stop[d] = true;
      if (stop[d]) continue;
      size[d]++;
      const [y0, x0] = pos(size);
      if (!sampled(mask, nx, y0, x0, size[0], size[1])) {
        size[d]--;
        stop[d] = true;
      }
    }
  }
  const [y0, x0] = pos(size);
  return { cy: size[0], cx: size[1], y0, x0 };
}

/** BART's data scale of `acq` (see the file comment). */
export function calibrationScale(acq: Acquisition): CalibrationScale {
  const { ny, nx, mask, y } = acq;
  // the full-grid k-space value of each sampled entry: position -> sample index
  const at = new Int32Array(ny * nx).fill(-1);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i]) at[i] = j++;
  const box = calibrationBox(mask, ny, nx);
  const { cy, cx, x0 } = box;
  // only a 1 x 1 box can be unsampled: no calibration data at all
  if (!sampled(mask, nx, box.y0, x0, cy, cx)) return zeroFilled(acq);
  const k = (i: number, j: number, part: number) => {
    const s = at[i * nx + j];
    return s < 0 ? 0 : y[2 * s + part];
  };
  // readout (rows): the offset of largest energy, the first one on ties (BART's calib_readout_pos)
  let y0 = 0;
  let best = 0;
  for (let r = 0; r + cy <= ny; r++) {
    let e = 0;
    for (let i = r; i < r + cy; i++) {
      for (let j = x0; j < x0 + cx; j++) e += k(i, j, 0) ** 2 + k(i, j, 1) ** 2;
    }
    if (e > best) {
      best = e;
      y0 = r;
    }
  }
  if (!(best > 0)) return zeroFilled(acq);
  // BART's fftmod of the k-space (pics, before the scale): entry j of an axis of length n times
  // exp(2 pi i (j - c/2) c / n), c = floor(n / 2); a sign pattern for even n (a whole shift of the
  // low-resolution image, magnitudes unchanged), a fractional shift for odd n (it changes them)
  const fy = Math.floor(ny / 2) / ny;
  const fx = Math.floor(nx / 2) / nx;
  const odd = ny % 2 === 1 || nx % 2 === 1;
  const block = new Float64Array(2 * cy * cx);
  for (let i = 0; i < cy; i++) {
    for (let j = 0; j < cx; j++) {
      const re = k(y0 + i, x0 + j, 0);
      const im = k(y0 + i, x0 + j, 1);
      let c = 1;
      let s = 0;
      if (odd) {
        const a = 2 * Math.PI * (ny % 2 === 1 ? (fy * i) % 1 : 0) + 2 * Math.PI * (nx % 2 === 1 ? (fx * j) % 1 : 0);
        c = Math.cos(a);
        s = Math.sin(a);
      }
      block[2 * (i * cx + j)] = re * c - im * s;
      block[2 * (i * cx + j) + 1] = re * s + im * c;
    }
  }
  fft2Plan(cy, cx).exec(block, 0, block, 0, true);
  // unitary inverse (1/sqrt(cy cx)), then BART's rescale 1/sqrt(ny nx / (cy cx)): 1/sqrt(ny nx) in all
  const f = 1 / Math.sqrt(ny * nx);
  for (let i = 0; i < block.length; i++) block[i] *= f;
  return { ...dataScaleDetail(block), source: 'calibration', box: [cy, cx], origin: [y0, x0] };
}

function zeroFilled(acq: Acquisition): CalibrationScale {
  const { ny, nx, mask, y } = acq;
  // magnitudes of the unitary zero-filled image (any DC position: see the file comment)
  const f = 1 / Math.sqrt(ny * nx);
  const img = new Float64Array(2 * ny * nx);
  for (let i = 0, j = 0; i < mask.length; i++) {
    if (mask[i]) {
      img[2 * i] = f * y[2 * j];
      img[2 * i + 1] = f * y[2 * j + 1];
      j++;
    }
  }
  fft2Plan(ny, nx).exec(img, 0, img, 0, true);
  return { ...dataScaleDetail(img), source: 'zero-filled', box: null, origin: null };
}
