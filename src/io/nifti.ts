/**
 * NIfTI-1 and NIfTI-2 single-file volumes (`.nii`, `.nii.gz`) with `nifti-reader-js` (header
 * parsing, and gzip through its bundled `fflate`: pure JavaScript, browser-safe).
 *
 * Axis order: NIfTI stores voxels with x (i) fastest, then y, z, t: offset = i + nx (j + ny (k + nz t)).
 * We keep the header's dims as our shape `[nx, ny, nz, nt, ...]` (dim[1..dim[0]]), exactly like
 * nibabel's `img.dataobj`, so `out[i, j, k, t]` is nibabel's `a[i, j, k, t]`; the samples are
 * reordered to C order (last index fastest). `spacing` is pixdim[1..dim[0]] (x, y, z in the spatial
 * unit, t in the time unit of `xyzt_units`).
 *
 * Values: datatypes uint8, int8, int16, uint16, int32, uint32, int64/uint64 (when |v| <= 2^53),
 * float32, float64, complex64 and complex128, in the header's byte order; when `scl_slope` is
 * finite and non-zero, `v * scl_slope + scl_inter` (NIfTI-1 standard; nibabel does the same).
 *
 * @example
 * import { readNifti, niftiSlice } from './nifti.ts';
 * // bytes of nibabel's example4d.nii.gz: 128x96x24x2 int16
 * // const vol = readNifti(bytes); vol.shape -> [128, 96, 24, 2]
 * // niftiSlice(vol, 12, 1).shape -> [128, 96]   (nibabel: img.dataobj[:, :, 12, 1])
 */
import { readHeader, type NIFTI1, type NIFTI2 } from 'nifti-reader-js';
import { CandorError, describe } from '../core/errors.ts';
import { gunzip, gunzipPrefix } from './gzip.ts';
import {
  checkBytes,
  checkFiniteArray,
  checkMaxSamples,
  DEFAULT_MAX_SAMPLES,
  checkNdArray,
  formatShape,
  fortranToC,
  hexBytes,
  ioWhere,
  type NdArray,
  shapeSize,
} from './ndarray.ts';

/** Options of {@link readNifti}. */
export interface ReadNiftiOptions {
  /** File name for error messages. */
  name?: string;
  /** Apply scl_slope/scl_inter (default true). */
  scale?: boolean;
  /** Accept NaN/Infinity voxels of float files (default false). */
  allowNonFinite?: boolean;
  /** Largest volume (voxels) accepted, checked from the header before decompressing (default 2^27). */
  maxSamples?: number;
}

/** What the NIfTI header said. */
export interface NiftiInfo {
  version: 1 | 2;
  datatype: number;
  littleEndian: boolean;
  /** dim[0..7] as stored. */
  dims: number[];
  /** pixdim[0..7] as stored (pixdim[0] is qfac). */
  pixdim: number[];
  sclSlope: number;
  sclInter: number;
  voxOffset: number;
  spaceUnit: string;
  timeUnit: string;
  description: string;
  qformCode: number;
  sformCode: number;
}

export interface NiftiVolume extends NdArray {
  nifti: NiftiInfo;
}

/** datatype code -> [name, bytes per component, components]. */
const DATATYPES: Record<number, [string, number, 1 | 2]> = {
  2: ['uint8', 1, 1],
  4: ['int16', 2, 1],
  8: ['int32', 4, 1],
  16: ['float32', 4, 1],
  32: ['complex64', 4, 2],
  64: ['float64', 8, 1],
  256: ['int8', 1, 1],
  512: ['uint16', 2, 1],
  768: ['uint32', 4, 1],
  1024: ['int64', 8, 1],
  1280: ['uint64', 8, 1],
  1792: ['complex128', 8, 2],
};

const SPACE_UNITS: Record<number, string> = { 0: 'unknown', 1: 'm', 2: 'mm', 3: 'um' };
const TIME_UNITS: Record<number, string> = {
  0: 'unknown',
  8: 's',
  16: 'ms',
  24: 'us',
  32: 'Hz',
  40: 'ppm',
  48: 'rad/s',
};
const BIG53 = 2n ** 53n;

function component(view: DataView, type: string, o: number, le: boolean): number | bigint {
  switch (type) {
    case 'uint8':
      return view.getUint8(o);
    case 'int8':
      return view.getInt8(o);
    case 'int16':
      return view.getInt16(o, le);
    case 'uint16':
      return view.getUint16(o, le);
    case 'int32':
      return view.getInt32(o, le);
    case 'uint32':
      return view.getUint32(o, le);
    case 'int64':
      return view.getBigInt64(o, le);
    case 'uint64':
      return view.getBigUint64(o, le);
    case 'float32':
    case 'complex64':
      return view.getFloat32(o, le);
    default:
      return view.getFloat64(o, le);
  }
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Slack allowed after the data a header declares, in a .nii.gz (some writers pad). */
const GZIP_SLACK = 65536;

/**
 * Reads a `.nii` or `.nii.gz` file into a {@link NiftiVolume} (see above for the axis order).
 * Throws, naming the file, for a damaged gzip stream, a short or unrecognised header, a `.hdr`/`.img`
 * pair header, bad dims, an unsupported datatype, data shorter than the header says, or (unless
 * allowed) non-finite voxels.
 */
export function readNifti(bytes: Uint8Array, opts: ReadNiftiOptions = {}): NiftiVolume {
  const where = ioWhere('readNifti', opts.name);
  checkBytes(where, bytes);
  const gz = isGzip(bytes);
  // a .nii.gz: decompress the header alone first, and the rest only once its size is known
  let raw = gz ? gunzipPrefix(bytes, 544, where) : bytes;
  if (raw.length < 348) {
    throw new CandorError(where, 'header', 'at least 348 bytes (a NIfTI-1 header)', `${raw.length} bytes`);
  }
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const sizeLE = dv.getInt32(0, true);
  const sizeBE = dv.getInt32(0, false);
  const size = sizeLE === 348 || sizeLE === 540 ? sizeLE : sizeBE === 348 || sizeBE === 540 ? sizeBE : 0;
  if (size === 0) {
    throw new CandorError(
      where,
      'header',
      'sizeof_hdr 348 (NIfTI-1) or 540 (NIfTI-2)',
      `${sizeLE} (bytes ${hexBytes(raw, 4)})`,
    );
  }
  if (raw.length < size)
    throw new CandorError(
      where,
      'header',
      `at least ${size} bytes (a NIfTI-2 header)`,
      `${raw.length} bytes`,
    );
  const magicAt = size === 348 ? 344 : 4;
  const magic = String.fromCharCode(raw[magicAt], raw[magicAt + 1], raw[magicAt + 2]);
  const want = size === 348 ? 'n+1' : 'n+2';
  if (magic !== want) {
    const pair =
      magic === 'ni1' || magic === 'ni2' ? ' (a .hdr/.img pair, not supported: convert to .nii)' : '';
    throw new CandorError(where, 'magic', `'${want}' (a single-file .nii)`, `${describe(magic)}${pair}`);
  }
  // the header alone, with an empty extension flag: we read no extensions, and nifti-reader-js
  // fails with a JavaScript TypeError on a malformed extension list
  const hdr = new Uint8Array(size + 4);
  hdr.set(raw.subarray(0, size));
  let h: NIFTI1 | NIFTI2;
  try {
    h = readHeader(hdr.buffer);
  } catch (e) {
    throw new CandorError(where, 'header', 'a readable NIfTI header', (e as Error).message ?? String(e));
  }
  const dims = [...h.dims];
  const nd = dims[0];
  if (!Number.isInteger(nd) || nd < 1 || nd > 7)
    throw new CandorError(where, 'dim[0]', 'an integer in [1, 7]', describe(nd));
  const shape = dims.slice(1, nd + 1);
  if (!shape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new CandorError(where, 'dims', `positive dim[1..${nd}]`, `[${shape.join(', ')}]`);
  }
  const dt = DATATYPES[h.datatypeCode];
  if (!dt) {
    const names = Object.entries(DATATYPES).map(([c, [nm]]) => `${nm} (${c})`);
    throw new CandorError(where, 'datatype', `one of ${names.join(', ')}`, String(h.datatypeCode));
  }
  const [type, compBytes, width] = dt;
  if (h.numBitsPerVoxel !== 8 * compBytes * width) {
    throw new CandorError(where, 'bitpix', `${8 * compBytes * width} for ${type}`, String(h.numBitsPerVoxel));
  }
  const off = h.vox_offset;
  if (!Number.isInteger(off) || off < size) {
    throw new CandorError(where, 'vox_offset', `an integer >= ${size} (the header size)`, describe(off));
  }
  checkMaxSamples(where, 'volume size', shape, opts.maxSamples ?? DEFAULT_MAX_SAMPLES, 'samples', 'maxSamples');
  const n = shapeSize(shape);
  const need = n * compBytes * width;
  if (gz) {
    raw = gunzip(bytes, { where, maxOutput: off + need + GZIP_SLACK, limitReason: `what the header declares, ${off} + ${need} bytes, plus 64 KiB` });
  }
  if (raw.length - off < need) {
    throw new CandorError(
      where,
      'data size',
      `${need} bytes from offset ${off} (${formatShape(shape)} ${type})`,
      `${Math.max(0, raw.length - off)} bytes (truncated)`,
    );
  }
  const body = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = h.littleEndian;
  const slope = h.scl_slope;
  const inter = Number.isFinite(h.scl_inter) ? h.scl_inter : 0;
  const scaled = (opts.scale ?? true) && Number.isFinite(slope) && slope !== 0;
  const flat = new Float64Array(n * width);
  for (let k = 0, o = off; k < flat.length; k++, o += compBytes) {
    const v = component(body, type, o, le);
    if (typeof v === 'bigint' && (v > BIG53 || v < -BIG53)) {
      throw new CandorError(where, 'data', 'integers within +-2^53 (exact in float64)', `${v} at voxel ${k}`);
    }
    flat[k] = Number(v);
  }
  if (scaled) for (let k = 0; k < flat.length; k++) flat[k] = flat[k] * slope + inter;
  const complex = width === 2;
  const units = h.xyzt_units;
  const out: NiftiVolume = {
    shape,
    data: fortranToC(flat, shape, complex),
    complex,
    dtype: type,
    spacing: h.pixDims.slice(1, nd + 1),
    nifti: {
      version: size === 348 ? 1 : 2,
      datatype: h.datatypeCode,
      littleEndian: le,
      dims,
      pixdim: [...h.pixDims],
      sclSlope: slope,
      sclInter: h.scl_inter,
      voxOffset: off,
      spaceUnit: SPACE_UNITS[units & 0x07] ?? `code ${units & 0x07}`,
      timeUnit: TIME_UNITS[units & 0x38] ?? `code ${units & 0x38}`,
      description: h.description,
      qformCode: h.qform_code,
      sformCode: h.sform_code,
    },
  };
  if (!opts.allowNonFinite && (type.startsWith('float') || complex || scaled)) checkFiniteArray(where, out);
  return out;
}

/**
 * One 2-D slice `[nx, ny]` of a volume read by {@link readNifti}: `out[i, j] = vol[i, j, z, t]`
 * (nibabel: `img.dataobj[:, :, z, t]`). Works for 2-D (z = t = 0), 3-D (t = 0) and 4-D volumes,
 * and higher ones whose extra axes have length 1. Keeps `complex`, `dtype` and x/y `spacing`.
 */
export function niftiSlice(vol: NdArray, z: number, t = 0): NdArray {
  const where = 'niftiSlice';
  checkNdArray(where, vol);
  const s = vol.shape;
  if (s.length < 2 || s.slice(4).some((d) => d !== 1)) {
    throw new CandorError(
      where,
      'volume shape',
      '[nx, ny], [nx, ny, nz] or [nx, ny, nz, nt] (extra axes of length 1)',
      `[${s.join(', ')}]`,
    );
  }
  const [nx, ny] = s;
  const nz = s[2] ?? 1;
  const nt = s[3] ?? 1;
  if (!Number.isInteger(z) || z < 0 || z >= nz)
    throw new CandorError(where, 'z', `an integer in [0, ${nz - 1}]`, describe(z));
  if (!Number.isInteger(t) || t < 0 || t >= nt)
    throw new CandorError(where, 't', `an integer in [0, ${nt - 1}]`, describe(t));
  const w = vol.complex ? 2 : 1;
  const data = new Float64Array(nx * ny * w);
  // C order: vol[i, j, z, t] is at ((i * ny + j) * nz + z) * nt + t
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const src = (((i * ny + j) * nz + z) * nt + t) * w;
      const dst = (i * ny + j) * w;
      data[dst] = vol.data[src];
      if (w === 2) data[dst + 1] = vol.data[src + 1];
    }
  }
  const out: NdArray = { shape: [nx, ny], data, complex: vol.complex };
  if (vol.dtype) out.dtype = vol.dtype;
  if (vol.spacing) out.spacing = vol.spacing.slice(0, 2);
  return out;
}
