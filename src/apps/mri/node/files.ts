/**
 * Node-only file handling of the MRI commands: reading images, k-space and masks from any format
 * of src/io (PNG, NPY, CFL, DICOM, NIfTI, by extension) with clear errors that name the file, and
 * encoding all outputs first so that they can be written as one atomic unit (a failure leaves no
 * partial output file behind; ../../../io/node/files.ts).
 *
 * @example
 * import { readImage2d } from './files.ts';
 * const img = readImage2d('../shared/data/mri/nibabel_example4d.nii.gz', { slice: [12, 0] });
 * img.ny; img.nx; img.data;   // 128 x 96, real
 */
import { join } from 'node:path';
import { CandorError, describe } from '../../../core/errors.ts';
import { writeCfl, writeCflSamples } from '../../../io/cfl.ts';
import { FLOAT32_MAX, type NdArray } from '../../../io/ndarray.ts';
import { niftiSlice } from '../../../io/nifti.ts';
import { writeFilesAtomic } from '../../../io/node/files.ts';
import { ARRAY_FILE_EXTENSIONS, nativeDeflate, readArrayFile } from '../../../io/node/formats.ts';
import { writeNpy } from '../../../io/npy.ts';
import { writePng } from '../../../io/png.ts';
import { type CoilArray, coilsToFortran } from '../coils/types.ts';

/** A 2-D image read from a file: real (ny nx values) or complex interleaved (2 ny nx), with its path. */
export interface Image2d {
  ny: number;
  nx: number;
  /** Real (ny nx) or complex interleaved (2 ny nx). */
  data: Float64Array;
  complex: boolean;
  path: string;
}

/**
 * readArrayFile for a k-space: a name it cannot read is refused with the k-space's own formats,
 * ISMRMRD raw data (.h5, read by the multi-coil route) among them.
 */
function readKspaceArray(path: string): NdArray {
  try {
    return readArrayFile(path);
  } catch (e) {
    if (!(e instanceof CandorError && e.where === 'readArrayFile' && e.what === 'file extension')) throw e;
    throw new CandorError(
      `k-space ${path}`,
      'file extension',
      `one of ${ARRAY_FILE_EXTENSIONS.join(' ')}, or .h5 for ISMRMRD raw data (or, under another name, the content of an NPY, PNG, DICOM, NIfTI or ISMRMRD file)`,
      e.got,
    );
  }
}

/**
 * A 2-D array from a file: trailing/leading axes of length 1 are dropped; a 3-D or 4-D volume needs
 * `slice` = [z] or [z, t] (NIfTI order [nx, ny, nz, nt], as nibabel: slice (:, :, z, t); a
 * multi-frame DICOM [frames, rows, columns]: frame z).
 */
export function readImage2d(path: string, opts: { slice?: number[]; what?: string } = {}): Image2d {
  const what = opts.what ?? 'image';
  const arr: NdArray = what === 'k-space' ? readKspaceArray(path) : readArrayFile(path);
  let shape = arr.shape.filter((d) => d !== 1);
  let a = arr;
  if (shape.length > 2 || opts.slice) {
    const [z = 0, t = 0] = opts.slice ?? [];
    if (!opts.slice) {
      // only images and truths take --slice; k-space and masks are 2-D (several coils: multi-coil)
      const hint = what === 'image' || what === 'truth' ? ' (give --slice z[,t] to pick a slice of a volume)' : what === 'k-space' ? ' (one coil; multi-coil k-space: CFL coils in dimension 3, NPY with --coil-axis)' : '';
      throw new CandorError(`${what} ${path}`, 'shape', `a 2-D array${hint}`, `[${arr.shape.join(', ')}]`);
    }
    const s = arr.shape;
    if (/\.dcm$/i.test(path) && s.length === 3) {
      // multi-frame DICOM: [frames, rows, columns]; --slice picks the frame
      if (!Number.isInteger(z) || z < 0 || z >= s[0]) {
        throw new CandorError(`${what} ${path}`, `--slice ${z}`, `a frame in [0, ${s[0] - 1}]`, String(z));
      }
      const w = (arr.complex ? 2 : 1) * s[1] * s[2];
      return { ny: s[1], nx: s[2], data: arr.data.slice(z * w, (z + 1) * w), complex: arr.complex, path };
    }
    const vol = { ...arr, shape: s.length >= 3 ? s : [...s, 1] };
    try {
      a = niftiSlice(vol, z, t);
    } catch (e) {
      if (e instanceof CandorError) throw new CandorError(`${what} ${path}`, `--slice ${opts.slice.join(',')}`, e.expected, e.got);
      throw e;
    }
    shape = a.shape.filter((d) => d !== 1);
  }
  if (shape.length === 1) {
    // one row of samples is no k-space grid: samples along a trajectory, given without it
    if (what === 'k-space') throw new CandorError(`${what} ${path}`, 'shape', 'a 2-D grid [ny, nx] (samples along a trajectory: give --traj)', `[${arr.shape.join(', ')}]`);
    shape = [1, shape[0]];
  }
  if (shape.length !== 2 || shape[0] < 1 || shape[1] < 1) {
    throw new CandorError(`${what} ${path}`, 'shape', 'a 2-D array', `[${arr.shape.join(', ')}]`);
  }
  return { ny: shape[0], nx: shape[1], data: a.data, complex: a.complex, path };
}

/** A 0/1 mask file (any format; complex files must have zero imaginary parts). */
export function readMask(path: string, ny: number, nx: number, kspacePath: string): Uint8Array {
  const img = readImage2d(path, { what: 'mask' });
  if (img.ny !== ny || img.nx !== nx) {
    throw new CandorError(`mask ${path}`, 'size', `${ny}x${nx} (the k-space ${kspacePath})`, `${img.ny}x${img.nx}`);
  }
  const n = ny * nx;
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const re = img.complex ? img.data[2 * i] : img.data[i];
    const im = img.complex ? img.data[2 * i + 1] : 0;
    if ((re !== 0 && re !== 1) || im !== 0) {
      throw new CandorError(`mask ${path}`, `value at (${Math.floor(i / nx)}, ${i % nx})`, '0 or 1', describe(im !== 0 ? `${re}+${im}i` : re));
    }
    mask[i] = re;
  }
  return mask;
}

/** Complex interleaved copy of an image's data. */
export function complexData(img: Image2d): Float64Array {
  if (img.complex) return img.data;
  const out = new Float64Array(2 * img.data.length);
  for (let i = 0; i < img.data.length; i++) out[2 * i] = img.data[i];
  return out;
}

/** Array file format of the MRI outputs: NPY or BART's CFL. */
export type ArrayFormat = 'npy' | 'cfl';

/** Output files encoded in memory, written together as one atomic unit by {@link Outputs.commit}. */
export class Outputs {
  readonly files: { path: string; data: Uint8Array }[] = [];
  constructor(readonly dir: string) {}

  /** A 2-D array as NPY (`<name>.npy`) or CFL (`<name>.hdr` + `<name>.cfl`). */
  array(name: string, data: Float64Array, ny: number, nx: number, complex: boolean, format: ArrayFormat): string {
    const arr: NdArray = { shape: [ny, nx], data, complex };
    if (format === 'npy') {
      const p = join(this.dir, `${name}.npy`);
      this.files.push({ path: p, data: writeNpy(arr, { name: p }) });
      return p;
    }
    const base = join(this.dir, name);
    const { hdr, cfl } = writeCfl(arr, { name: base });
    this.files.push({ path: `${base}.hdr`, data: hdr }, { path: `${base}.cfl`, data: cfl });
    return `${base}.cfl`;
  }

  /**
   * Multi-coil images (coil-major, ../coils/types.ts) in BART's layout: CFL dims [ny, nx, 1, nc]
   * (coils in dimension 3, as `bart ecalib` writes sensitivities), NPY [nc, ny, nx].
   */
  coils(name: string, a: CoilArray, format: ArrayFormat): string {
    if (format === 'npy') {
      const p = join(this.dir, `${name}.npy`);
      this.files.push({ path: p, data: writeNpy({ shape: [a.nc, a.ny, a.nx], data: a.data, complex: true }, { name: p }) });
      return p;
    }
    const base = join(this.dir, name);
    const dims = [a.ny, a.nx, 1, a.nc];
    // float32 straight from the transpose (4 MiB at 256 x 256 x 8 coils, which are the file's bytes)
    // when every value fits; otherwise the float64 path, whose error names the value and its index
    const fits = allWithin(a.data, FLOAT32_MAX);
    const fort = fits ? coilsToFortran(a.data, a.ny, a.nx, a.nc, new Float32Array(a.data.length)) : coilsToFortran(a.data, a.ny, a.nx, a.nc);
    const { hdr, cfl } = writeCflSamples(dims, fort, { name: base });
    this.files.push({ path: `${base}.hdr`, data: hdr }, { path: `${base}.cfl`, data: cfl });
    return `${base}.cfl`;
  }

  /** A grey PNG of |image| (complex: magnitude) with an optional display window. */
  png(name: string, data: Float64Array, ny: number, nx: number, complex: boolean, window?: [number, number]): string {
    const p = join(this.dir, `${name}.png`);
    const opts = { name: p, deflate: nativeDeflate, ...(window && window[1] > window[0] ? { window } : {}) };
    this.files.push({ path: p, data: writePng({ shape: [ny, nx], data, complex }, opts) });
    return p;
  }

  /** A JSON file (`<name>.json`, pretty-printed); returns its path. */
  json(name: string, value: unknown): string {
    const p = join(this.dir, `${name}.json`);
    this.files.push({ path: p, data: new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`) });
    return p;
  }

  /** Raw bytes as `name` (e.g. an ISMRMRD .h5 file). */
  bytes(name: string, data: Uint8Array): string {
    const p = join(this.dir, name);
    this.files.push({ path: p, data });
    return p;
  }

  /** A text file (`name` with its extension, e.g. an SVG figure). */
  text(name: string, value: string): string {
    const p = join(this.dir, name);
    this.files.push({ path: p, data: new TextEncoder().encode(value) });
    return p;
  }

  /** Writes every file as one atomic unit. */
  commit(where: string): string[] {
    writeFilesAtomic(this.files, where);
    return this.files.map((f) => f.path);
  }
}

/** Whether every |v| <= bound (a function of its own: V8 compiles its loop early, see ../sense.ts's permuteInto). */
function allWithin(v: Float64Array, bound: number): boolean {
  for (let i = 0; i < v.length; i++) if (!(Math.abs(v[i]) <= bound)) return false;
  return true;
}
