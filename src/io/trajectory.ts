/**
 * Sample coordinates of a non-Cartesian trajectory from an array read from a file, checked for
 * layout and range, as the NUFFT takes them (src/linops/nufft-plan.ts): cycles per sample in
 * [-1/2, 1/2], interleaved per sample, axis 0 first. Both readers take the image shape (1 to 3
 * axes) because file coordinates are in k-space units, where the grid of an n-point axis spans
 * [-n/2, n/2): w = k / n.
 *
 * - `trajectoryFromCfl(arr, shape)`: BART's layout (`bart traj`, `bart nufft -t`): dims
 *   [3, samples, spokes, ...], coordinate c of a sample at [c, s, p, ...] with c = 0, 1, 2 the
 *   k-space position along BART dims 0, 1, 2 (our axes 0, 1, 2, see ./cfl.ts), stored as complex
 *   with zero imaginary part. Coordinates beyond the image's axes (kz for a 2-D image) must be 0.
 * - `trajectoryFromNpy(arr, shape, { units })`: shape [..., d], the last axis holding the d
 *   coordinates of each sample (SigPy's `coord` layout), real (or complex with zero imaginary
 *   part), in k-space units like BART (default) or, with `units: 'cycles'`, already in cycles per
 *   sample.
 *
 * The samples are listed in C order over the sample axes ([samples, spokes] for BART: the order in
 * which ./cfl.ts returns BART's k-space [1, samples, spokes]), so the NUFFT's output writes back
 * with shape [1, ...sampleShape]. `trajectoryToCfl` goes the other way (for `bart nufft -t`).
 * Every error names the file (`opts.name`), the sample's index in the file and what was expected.
 *
 * @example
 * import { readCfl, trajectoryFromCfl } from './index.ts';
 * const t = trajectoryFromCfl(readCfl(hdr, cfl, { name: 'traj' }), [256, 256], { name: 'traj' });
 * t.coords;       // 2 values per sample, cycles per sample
 * t.sampleShape;  // [512, 64] for `bart traj -r -x 512 -y 64`
 */
import { CandorError, describe } from '../core/errors.ts';
import { checkNdArray, formatIndex, formatShape, ioWhere, type NdArray, shapeSize } from './ndarray.ts';

/** A non-Cartesian k-space trajectory: M sample coordinates in cycles per sample (d per sample, interleaved) and the file's sample axes. */
export interface Trajectory {
  /** M x d coordinates in cycles per sample, interleaved per sample. */
  coords: Float64Array;
  /** Number of samples M. */
  samples: number;
  /** The file's sample axes (BART: [samples, spokes, ...]; NPY: every axis but the last). */
  sampleShape: number[];
}

/** Options of {@link trajectoryFromCfl} and {@link trajectoryFromNpy}. */
export interface TrajectoryOptions {
  /** File name for error messages. */
  name?: string;
}

/** Options of {@link trajectoryFromNpy}: file name and the coordinates' units. */
export interface NpyTrajectoryOptions extends TrajectoryOptions {
  /** 'kspace' (default): the grid spans [-n/2, n/2); 'cycles': cycles per sample in [-1/2, 1/2]. */
  units?: 'kspace' | 'cycles';
}

function checkImageShape(where: string, shape: unknown): number[] {
  const s = shape as number[];
  const ok = Array.isArray(s) && s.length >= 1 && s.length <= 3 && s.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1);
  if (!ok) throw new CandorError(where, 'image shape', '[n], [ny, nx] or [nz, ny, nx] with positive integer sizes', Array.isArray(s) ? JSON.stringify(s) : describe(s));
  return [...s];
}

/** Imaginary parts must be negligible (float32 rounding of a real value at most). */
function checkReal(where: string, im: number, re: number, at: string): void {
  if (!(Math.abs(im) <= 1e-6 * Math.max(1, Math.abs(re)))) {
    throw new CandorError(where, `imaginary part at ${at}`, '0 (trajectory coordinates are real)', describe(im));
  }
}

function rangeError(where: string, at: string, n: number, units: 'kspace' | 'cycles', v: number): CandorError {
  const range = units === 'kspace' ? `a k-space position in [${-n / 2}, ${n / 2}] (the grid of the ${n}-point axis spans [-n/2, n/2))` : 'a coordinate in [-0.5, 0.5] cycles per sample';
  return new CandorError(where, `coordinate at ${at}`, range, describe(v));
}

/** Coordinates from BART's trajectory layout [3, samples, spokes, ...] (see the module comment). */
export function trajectoryFromCfl(arr: NdArray, imageShape: readonly number[], opts: TrajectoryOptions = {}): Trajectory {
  const where = ioWhere('trajectoryFromCfl', opts.name);
  checkNdArray(where, arr);
  const s = checkImageShape(where, imageShape);
  const d = s.length;
  const shape = arr.shape;
  if (shape.length < 1 || shape[0] !== 3 || shapeSize(shape) === 0) {
    throw new CandorError(where, 'layout', "BART's trajectory layout 3 x samples x spokes (dims[0] = 3 coordinates)", formatShape(shape));
  }
  const sampleShape = shape.length > 1 ? shape.slice(1) : [1];
  const M = shapeSize(sampleShape);
  const coords = new Float64Array(M * d);
  const x = arr.data;
  const cplx = arr.complex;
  for (let c = 0; c < 3; c++) {
    for (let j = 0; j < M; j++) {
      const k = c * M + j;
      const re = cplx ? x[2 * k] : x[k];
      const at = () => formatIndex(shape, k);
      if (c >= d) {
        if (re !== 0) throw new CandorError(where, `coordinate at ${at()}`, `0 (k-space axis ${c} does not exist for a ${d}-D image ${formatShape(s)})`, describe(re));
      } else {
        const n = s[c];
        if (!(re >= -n / 2 && re <= n / 2)) throw rangeError(where, at(), n, 'kspace', re);
        coords[j * d + c] = re / n;
      }
      if (cplx) checkReal(where, x[2 * k + 1], re, at());
    }
  }
  return { coords, samples: M, sampleShape };
}

/** Coordinates from an array [..., d] (SigPy's layout; see the module comment). */
export function trajectoryFromNpy(arr: NdArray, imageShape: readonly number[], opts: NpyTrajectoryOptions = {}): Trajectory {
  const where = ioWhere('trajectoryFromNpy', opts.name);
  checkNdArray(where, arr);
  const s = checkImageShape(where, imageShape);
  const d = s.length;
  const units = opts.units ?? 'kspace';
  if (units !== 'kspace' && units !== 'cycles') throw new CandorError(where, 'options.units', "'kspace' or 'cycles'", describe(units));
  const shape = arr.shape;
  if (shape.length < 1 || shape[shape.length - 1] !== d || shapeSize(shape) === 0) {
    throw new CandorError(where, 'layout', `[..., ${d}] (the last axis holds the ${d} coordinates of each sample of a ${d}-D image)`, formatShape(shape));
  }
  const sampleShape = shape.length > 1 ? shape.slice(0, -1) : [1];
  const M = shapeSize(sampleShape);
  const coords = new Float64Array(M * d);
  const x = arr.data;
  const cplx = arr.complex;
  for (let k = 0; k < M * d; k++) {
    const re = cplx ? x[2 * k] : x[k];
    const n = s[k % d];
    const w = units === 'kspace' ? re / n : re;
    if (!(w >= -0.5 && w <= 0.5)) throw rangeError(where, formatIndex(shape, k), n, units, re);
    if (cplx) checkReal(where, x[2 * k + 1], re, formatIndex(shape, k));
    coords[k] = w;
  }
  return { coords, samples: M, sampleShape };
}

/**
 * BART's trajectory array [3, ...sampleShape] (k-space units, complex) of coordinates in cycles per
 * sample for an image of `imageShape`: write it with writeCfl for `bart nufft`. `sampleShape`
 * (default [M]) lists the samples in C order, as trajectoryFromCfl reads them.
 */
export function trajectoryToCfl(coords: Float64Array, imageShape: readonly number[], sampleShape?: readonly number[]): NdArray {
  const where = 'trajectoryToCfl';
  const s = checkImageShape(where, imageShape);
  const d = s.length;
  if (!(coords instanceof Float64Array) || coords.length === 0 || coords.length % d !== 0) {
    throw new CandorError(where, 'coords', `a Float64Array of M x ${d} coordinates`, describe(coords));
  }
  const M = coords.length / d;
  const ss = sampleShape ? [...sampleShape] : [M];
  if (shapeSize(ss) !== M) throw new CandorError(where, 'sampleShape', `axes whose product is the ${M} samples`, formatShape(ss));
  const data = new Float64Array(2 * 3 * M);
  for (let c = 0; c < d; c++) for (let j = 0; j < M; j++) data[2 * (c * M + j)] = coords[j * d + c] * s[c];
  return { shape: [3, ...ss], data, complex: true };
}
