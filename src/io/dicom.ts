/**
 * DICOM magnitude images (Part 10 files) with `dicom-parser` (pure JavaScript, browser-safe).
 *
 * Supported: uncompressed transfer syntaxes (implicit VR little endian 1.2.840.10008.1.2, explicit
 * VR little endian .1.2.1, explicit VR big endian .1.2.2), one sample per pixel (MONOCHROME1 or
 * MONOCHROME2), 8/16/32 bits allocated with any bits stored (high bit = bits stored - 1), signed
 * or unsigned (Pixel Representation), single or multi-frame (Number of Frames).
 *
 * Values: each stored sample is masked to Bits Stored and sign-extended when signed (as pydicom's
 * `pixel_array`), then, unless `rescale: false`, mapped through the modality LUT
 * `v * RescaleSlope + RescaleIntercept` (as pydicom's `apply_modality_lut`; slope 1 and
 * intercept 0 when absent). MONOCHROME1 is not inverted (`dicom.photometric` says which).
 *
 * Shape: `[rows, columns]`, or `[frames, rows, columns]` for more than one frame; `spacing` is
 * Pixel Spacing (0028,0030) `[row spacing, column spacing]` in mm (frame axis: Spacing Between
 * Slices when present, else 1), when the file has it.
 *
 * @example
 * import { readDicom } from './dicom.ts';
 * // bytes of pydicom's MR_small.dcm (see docs/file-formats.md)
 * // readDicom(bytes).shape -> [64, 64]; .spacing -> [0.3125, 0.3125]; .dtype -> 'int16'
 */
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { CandorError, describe } from '../core/errors.ts';
import { checkBytes, hexBytes, ioWhere, type NdArray } from './ndarray.ts';

/** Options of {@link readDicom}. */
export interface ReadDicomOptions {
  /** File name for error messages. */
  name?: string;
  /** Apply Rescale Slope/Intercept (default true). */
  rescale?: boolean;
}

/** What the DICOM header said about the pixels. */
export interface DicomInfo {
  transferSyntax: string;
  rows: number;
  columns: number;
  frames: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  rescaleSlope: number;
  rescaleIntercept: number;
  photometric: string;
  modality?: string;
}

export interface DicomImage extends NdArray {
  complex: false;
  dicom: DicomInfo;
}

const SYNTAXES: Record<string, { littleEndian: boolean }> = {
  '1.2.840.10008.1.2': { littleEndian: true },
  '1.2.840.10008.1.2.1': { littleEndian: true },
  '1.2.840.10008.1.2.2': { littleEndian: false },
};

/** dicom-parser throws strings, Errors, or `{ exception, dataSet }` objects: one message. */
function parserMessage(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  const ex = (e as { exception?: unknown } | null)?.exception;
  return typeof ex === 'string' ? ex : String(e);
}

function intTag(ds: DataSet, tag: string): number | undefined {
  return ds.elements[tag] ? ds.uint16(tag) : undefined;
}

/** A DS/IS (decimal or integer string) value; throws if present but not a finite number. */
function numberString(where: string, ds: DataSet, tag: string, what: string, index = 0): number | undefined {
  if (!ds.elements[tag] || ds.elements[tag].length === 0) return undefined;
  const v = ds.floatString(tag, index);
  if (v === undefined || !Number.isFinite(v)) {
    throw new CandorError(where, what, 'a finite decimal number', describe(ds.string(tag) ?? ''));
  }
  return v;
}

/**
 * Reads a DICOM Part 10 file into a real {@link DicomImage} (see above for the conventions).
 * Throws, naming the file, for a missing `DICM` prefix, a truncated or corrupt data set, a
 * compressed transfer syntax, colour images, unsupported bit layouts and missing or short pixel data.
 */
export function readDicom(bytes: Uint8Array, opts: ReadDicomOptions = {}): DicomImage {
  const where = ioWhere('readDicom', opts.name);
  try {
    return readDicomChecked(where, bytes, opts);
  } catch (e) {
    // dicom-parser reads elements lazily: a damaged one can throw from any tag read
    if (e instanceof CandorError) throw e;
    throw new CandorError(where, 'data set', 'a complete DICOM data set', `${parserMessage(e)} (truncated or corrupt)`);
  }
}

function readDicomChecked(where: string, bytes: Uint8Array, opts: ReadDicomOptions): DicomImage {
  checkBytes(where, bytes);
  const prefix = bytes.length >= 132 ? String.fromCharCode(...bytes.subarray(128, 132)) : '';
  if (prefix !== 'DICM') {
    const got = bytes.length >= 132 ? hexBytes(bytes.subarray(128), 4) : `a file of ${bytes.length} bytes`;
    throw new CandorError(where, 'header', "the 'DICM' prefix at byte 128 (DICOM Part 10)", got);
  }
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(bytes);
  } catch (e) {
    // A data set cut inside the pixel data: say how much of it is there.
    const partial = (e as { dataSet?: DataSet } | null)?.dataSet;
    const px = partial?.elements?.x7fe00010;
    if (px && px.dataOffset + px.length > bytes.length) {
      throw new CandorError(
        where,
        'pixel data',
        `${px.length} bytes`,
        `${Math.max(0, bytes.length - px.dataOffset)} bytes (truncated)`,
      );
    }
    throw new CandorError(
      where,
      'data set',
      'a complete DICOM data set',
      `${parserMessage(e)} (truncated or corrupt)`,
    );
  }
  const syntax = ds.string('x00020010') ?? '';
  const ts = SYNTAXES[syntax];
  if (!ts) {
    throw new CandorError(
      where,
      'transfer syntax',
      `an uncompressed one (${Object.keys(SYNTAXES).join(', ')})`,
      describe(syntax),
    );
  }
  const samplesPerPixel = intTag(ds, 'x00280002') ?? 1;
  const photometric = (ds.string('x00280004') ?? 'MONOCHROME2').trim();
  if (samplesPerPixel !== 1 || (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2')) {
    throw new CandorError(
      where,
      'photometric interpretation',
      'MONOCHROME1 or MONOCHROME2 with 1 sample per pixel (a magnitude image)',
      `${photometric} with ${samplesPerPixel} samples per pixel`,
    );
  }
  const rows = intTag(ds, 'x00280010');
  const columns = intTag(ds, 'x00280011');
  if (!rows || !columns) {
    throw new CandorError(
      where,
      'rows and columns',
      'positive (0028,0010) and (0028,0011)',
      `${describe(rows)} and ${describe(columns)}`,
    );
  }
  const bitsAllocated = intTag(ds, 'x00280100') ?? 0;
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw new CandorError(where, 'bits allocated', '8, 16 or 32', describe(bitsAllocated));
  }
  const bitsStored = intTag(ds, 'x00280101') ?? bitsAllocated;
  const highBit = intTag(ds, 'x00280102') ?? bitsStored - 1;
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit !== bitsStored - 1) {
    throw new CandorError(
      where,
      'bits stored and high bit',
      `1 <= bits stored <= ${bitsAllocated} and high bit = bits stored - 1`,
      `${bitsStored} and ${highBit}`,
    );
  }
  const pixelRep = intTag(ds, 'x00280103') ?? 0;
  if (pixelRep !== 0 && pixelRep !== 1)
    throw new CandorError(where, 'pixel representation', '0 or 1', describe(pixelRep));
  const signed = pixelRep === 1;
  const frames = numberString(where, ds, 'x00280008', 'number of frames') ?? 1;
  if (!Number.isInteger(frames) || frames < 1)
    throw new CandorError(where, 'number of frames', 'a positive integer', describe(frames));
  const rescale = opts.rescale ?? true;
  const slope = numberString(where, ds, 'x00281053', 'rescale slope') ?? 1;
  const intercept = numberString(where, ds, 'x00281052', 'rescale intercept') ?? 0;

  const px = ds.elements.x7fe00010;
  if (!px) throw new CandorError(where, 'pixel data', 'a Pixel Data element (7FE0,0010)', 'none');
  if (px.encapsulatedPixelData)
    throw new CandorError(where, 'pixel data', 'native (uncompressed) pixel data', 'encapsulated fragments');
  const n = rows * columns * frames;
  const bytesPer = bitsAllocated / 8;
  const need = n * bytesPer;
  if (px.length < need || px.dataOffset + need > bytes.length) {
    const have = Math.min(px.length, bytes.length - px.dataOffset);
    throw new CandorError(
      where,
      'pixel data',
      `${need} bytes (${frames} frame(s) of ${rows}x${columns} at ${bitsAllocated} bits)`,
      `${have} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + px.dataOffset, need);
  const le = ts.littleEndian;
  const data = new Float64Array(n);
  const bitsMask = bitsStored === 32 ? 0xffffffff : 2 ** bitsStored - 1;
  const signBit = 2 ** (bitsStored - 1);
  const span = 2 ** bitsStored;
  for (let i = 0; i < n; i++) {
    let raw: number;
    if (bytesPer === 1) raw = view.getUint8(i);
    else if (bytesPer === 2) raw = view.getUint16(2 * i, le);
    else raw = view.getUint32(4 * i, le);
    // mask to bits stored (>>> 0 keeps 32-bit values unsigned), then sign-extend
    let v = bitsStored === 32 ? raw : (raw & bitsMask) >>> 0;
    if (signed && v >= signBit) v -= span;
    data[i] = rescale ? v * slope + intercept : v;
  }

  const shape = frames > 1 ? [frames, rows, columns] : [rows, columns];
  const out: DicomImage = {
    shape,
    data,
    complex: false,
    dtype: `${signed ? 'int' : 'uint'}${bitsAllocated}`,
    dicom: {
      transferSyntax: syntax,
      rows,
      columns,
      frames,
      bitsAllocated,
      bitsStored,
      signed,
      rescaleSlope: slope,
      rescaleIntercept: intercept,
      photometric,
    },
  };
  const modality = ds.string('x00080060');
  if (modality) out.dicom.modality = modality;
  const rowSpacing = numberString(where, ds, 'x00280030', 'pixel spacing', 0);
  const colSpacing = numberString(where, ds, 'x00280030', 'pixel spacing', 1);
  if (rowSpacing !== undefined && colSpacing !== undefined) {
    out.spacing =
      frames > 1
        ? [numberString(where, ds, 'x00180088', 'spacing between slices') ?? 1, rowSpacing, colSpacing]
        : [rowSpacing, colSpacing];
  }
  return out;
}
