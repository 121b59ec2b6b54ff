/**
 * One entry point for "an image the user gave us": sniffs the format from the bytes (PNG, DICOM,
 * NPY, NIfTI with or without gzip), decodes it with the format's reader, and returns a 2-D real or
 * complex image [ny, nx] (a NIfTI volume gives one slice: `slice` or the middle one, first volume;
 * its [nx, ny] slice is transposed to rows = y). Used by the web lab's upload route and the MRI app.
 *
 * @example
 * import { decodeImage2d } from './image.ts';
 * const img = decodeImage2d(pngBytes, { name: 'brain.png' });   // { shape: [ny, nx], data, ... }
 */
import { CandorError } from '../core/errors.ts';
import { readDicom } from './dicom.ts';
import { checkFiniteArray, type NdArray } from './ndarray.ts';
import { niftiSlice, readNifti } from './nifti.ts';
import { readNpy } from './npy.ts';
import { readPng } from './png.ts';

export type ImageFormat = 'png' | 'dicom' | 'npy' | 'nifti';

export interface Image2d extends NdArray {
  format: ImageFormat;
  /** Slice index taken from a volume, when one was. */
  slice?: number;
}

/** The format of a file from its first bytes, or null. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d) return 'dicom';
  if (b.length >= 6 && b[0] === 0x93 && String.fromCharCode(...b.subarray(1, 6)) === 'NUMPY') return 'npy';
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'nifti';
  if (b.length >= 4) {
    const le = b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24);
    const be = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
    if (le === 348 || be === 348 || le === 540 || be === 540) return 'nifti';
  }
  return null;
}

export interface DecodeImageOptions {
  /** File name for error messages. */
  name?: string;
  /** Slice of a NIfTI volume (default the middle one). */
  slice?: number;
  /**
   * Largest image accepted, in pixels (for a NIfTI file: the whole volume, in voxels), checked
   * from the header before anything is decompressed. Default 2^27.
   */
  maxPixels?: number;
}

/** Decodes a 2-D image (see the module comment). Errors name the file and the problem. */
export function decodeImage2d(bytes: Uint8Array, opts: DecodeImageOptions = {}): Image2d {
  const name = opts.name ?? 'image';
  const format = sniffFormat(bytes);
  if (!format) {
    const head = Array.from(bytes.subarray(0, 8), (x) => x.toString(16).padStart(2, '0')).join(' ');
    throw new CandorError(`decodeImage2d(${name})`, 'format', 'a PNG, DICOM, NPY or NIfTI file', `unrecognised bytes ${head || '(empty file)'}`);
  }
  let img: NdArray;
  let slice: number | undefined;
  if (format === 'png') img = readPng(bytes, { name, maxPixels: opts.maxPixels });
  else if (format === 'dicom') img = readDicom(bytes, { name });
  else if (format === 'npy') img = readNpy(bytes, { name });
  else {
    const vol = readNifti(bytes, { name, maxSamples: opts.maxPixels });
    const nz = vol.shape[2] ?? 1;
    slice = opts.slice ?? Math.floor(nz / 2);
    const s = niftiSlice(vol, slice, 0);
    const [nx, ny] = s.shape;
    const w = s.complex ? 2 : 1;
    const data = new Float64Array(s.data.length);
    for (let x = 0; x < nx; x++) for (let y = 0; y < ny; y++) for (let c = 0; c < w; c++) data[(y * nx + x) * w + c] = s.data[(x * ny + y) * w + c];
    img = { shape: [ny, nx], data, complex: s.complex };
  }
  let shape = img.shape.filter((d, i) => d !== 1 || i >= img.shape.length - 2);
  if (format === 'dicom' && shape.length === 3) shape = shape.slice(1); // first frame
  if (shape.length !== 2) {
    throw new CandorError(`decodeImage2d(${name})`, 'dimensions', 'a 2-D image (or a volume to slice)', `shape [${img.shape.join(', ')}]`);
  }
  const w = img.complex ? 2 : 1;
  const data = img.data.length === shape[0] * shape[1] * w ? img.data : img.data.subarray(0, shape[0] * shape[1] * w);
  const out: Image2d = { shape, data, complex: img.complex, format, ...(slice !== undefined ? { slice } : {}) };
  checkFiniteArray(`decodeImage2d(${name})`, out);
  return out;
}
