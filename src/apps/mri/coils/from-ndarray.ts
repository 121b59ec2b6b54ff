/**
 * Multi-coil samples from an n-d array (a decoded NPY: browser-safe, no files): the coil axis
 * (default the first of a 3-D or larger array) moved to the front, coil-major complex samples
 * out; a 2-D array is one coil. ../node/multicoil-files.ts reads NPY files with it, and the lab's
 * server decodes uploaded coil k-space with it.
 *
 * @example
 * import { coilsFromNdArray } from './from-ndarray.ts';
 * // readNpy(bytes) of shape [8, 256, 256] complex -> { coils: 8, shape: [256, 256], data }
 * // const c = coilsFromNdArray(readNpy(bytes), 'k-space scan.npy');
 */
import { CandorError, describe } from '../../../core/errors.ts';
import type { NdArray } from '../../../io/ndarray.ts';

/** The most coils a file may declare (a larger "coil axis" is almost surely the wrong axis). */
export const MAX_COILS = 128;

/** Complex interleaved samples of an array (real ones with zero imaginary parts). */
export function complexOf(a: NdArray): Float64Array {
  if (a.complex) return a.data;
  const out = new Float64Array(2 * a.data.length);
  for (let i = 0; i < a.data.length; i++) out[2 * i] = a.data[i];
  return out;
}

/**
 * Refuses real-valued coil k-space (an NPY of a real dtype): magnitudes alone are not k-space. The
 * lab server's coil upload and `candor mri plan --kspace` refuse it with this one message.
 */
export function checkComplexKspace(where: string, complex: boolean): void {
  if (!complex) throw new CandorError(where, 'dtype', 'complex k-space (complex64 or complex128): magnitudes alone are not k-space', 'real values');
}

/** Refuses more than {@link MAX_COILS} coils. */
export function checkCoils(where: string, nc: number, how: string): void {
  if (nc > MAX_COILS) throw new CandorError(where, 'coil axis', `at most ${MAX_COILS} coils (${how})`, `${nc}`);
}

/**
 * Coils, per-coil shape and coil-major samples of an array with a coil axis (see the file comment);
 * `samples`: the array holds samples along a trajectory, where one coil may be a 1-D array.
 */
export function coilsFromNdArray(
  a: NdArray,
  where: string,
  coilAxis?: number,
  samples = false,
): { coils: number; shape: number[]; data: Float64Array; axis: number | null } {
  const s = a.shape;
  const data = complexOf(a);
  // one coil's samples along a trajectory may come as a 1-D array (with no coil axis to name)
  if (s.length === 1 && coilAxis !== undefined) {
    throw new CandorError(where, '--coil-axis', 'an array with a coil axis besides its samples (a 1-D array is one coil: leave out --coil-axis)', `${coilAxis} of [${s.join(', ')}]`);
  }
  if (samples && s.length === 1) return { coils: 1, shape: [...s], data, axis: null };
  if (s.length < 2) {
    const what = samples
      ? 'at least 1 axis with a trajectory ([samples], [coils, samples] with --coil-axis)'
      : 'at least 2 axes ([ny, nx], or [coils, ny, nx] with --coil-axis; samples along a trajectory: give --traj)';
    throw new CandorError(where, 'shape', what, `[${s.join(', ')}]`);
  }
  if (s.length === 2 && coilAxis === undefined) return { coils: 1, shape: [...s], data, axis: null };
  const ax = coilAxis ?? 0;
  if (!Number.isInteger(ax) || ax < 0 || ax >= s.length) {
    throw new CandorError(where, '--coil-axis', `an axis in [0, ${s.length - 1}] of the shape [${s.join(', ')}]`, describe(coilAxis));
  }
  const nc = s[ax];
  checkCoils(where, nc, `axis ${ax} of [${s.join(', ')}]`);
  const shape = s.filter((_, i) => i !== ax);
  const before = s.slice(0, ax).reduce((p, q) => p * q, 1);
  const after = s.slice(ax + 1).reduce((p, q) => p * q, 1);
  const out = new Float64Array(data.length);
  const m = before * after;
  for (let b = 0; b < before; b++) {
    for (let c = 0; c < nc; c++) {
      const src = 2 * ((b * nc + c) * after);
      out.set(data.subarray(src, src + 2 * after), 2 * (c * m + b * after));
    }
  }
  return { coils: nc, shape: shape.length === 1 ? [1, shape[0]] : shape, data: out, axis: ax };
}

/**
 * Refuses a coil axis that leaves an image side shorter than the coil count (`coils` coils on axis
 * `axis` of an array of shape `arrayShape`, the image `ny` x `nx`): receive arrays have a few to a few
 * dozen coils and images tens to hundreds of pixels, so with the default axis that is almost
 * surely the wrong one (an NPY [ny, nx, coils] read with the default coil axis 0, or a wrong
 * --coil-axis before ESPIRiT; with the maps given, a named axis is taken as given: see
 * ../node/multicoil-files.ts `toCoilArray`). The error names the axis taken, its length and the
 * other axes.
 */
export function checkCoilAxis(where: string, coils: number, ny: number, nx: number, axis: number, arrayShape: readonly number[]): void {
  if (coils <= Math.min(ny, nx)) return;
  const others = arrayShape.map((_, i) => i).filter((i) => i !== axis);
  throw new CandorError(
    where,
    'coil axis',
    'a coil count no larger than the image\'s sides (check --coil-axis)',
    `axis ${axis} of [${arrayShape.join(', ')}] taken as ${coils} coils, leaving a ${ny}x${nx} image from ax${others.length === 1 ? 'is' : 'es'} ${others.join(' and ')}`,
  );
}
