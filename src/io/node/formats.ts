/**
 * Node-only: read and write the `src/io` formats by path. Every reader names the file in its
 * errors (a missing file included); every writer is atomic (see `files.ts`), so a failure leaves
 * no partial output file.
 *
 * @example
 * import { readArrayFile, writeNpyFile, writeCflFiles } from './formats.ts';
 * const img = readArrayFile('../shared/data/mri/pydicom_MR_small.dcm');   // by extension
 * writeNpyFile('out/mr.npy', img);
 * writeCflFiles('out/mr', img);   // out/mr.hdr + out/mr.cfl
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { CandorError, describe } from '../../core/errors.ts';
import { type CflArray, type CflSamples, checkCflSize, readCfl, readCflSamples, writeCfl, type WriteCflOptions } from '../cfl.ts';
import { type DicomImage, readDicom, type ReadDicomOptions } from '../dicom.ts';
import { fitsStreamExtent } from '../fits/hdus.ts';
import { type FitsImage, readFitsImage, type ReadFitsImageOptions, writeFitsImage, type WriteFitsImageOptions } from '../fits/image.ts';
import { type ReadUvfitsOptions, readUvfits, type Uvfits } from '../fits/uvfits.ts';
import { writeUvfits, type WriteUvfitsOptions } from '../fits/uvfits-write.ts';
import type { NdArray } from '../ndarray.ts';
import { type NiftiVolume, readNifti, type ReadNiftiOptions } from '../nifti.ts';
import { npyDeclaredBytes, readNpy, type ReadNpyOptions, writeNpy, type WriteNpyOptions } from '../npy.ts';
import { type PngImage, readPng, type ReadPngOptions, writePng, type WritePngOptions } from '../png.ts';
import { readSegy, type ReadSegyOptions, type SegyFile, writeSegy, type WriteSegyOptions } from '../segy.ts';
import { readSu, type ReadSuOptions, type SuFile, writeSu, type WriteSuOptions } from '../su.ts';
import { type SniffedFormat, sniffFormat } from '../sniff.ts';
import { readCsvArray, readJsonArray } from '../text.ts';
import { isReadableNonDirectory, type ReadCheck, readFileBytes, refuseMissingUnnamed, writeFileAtomic, writeFilesAtomic } from './files.ts';

type NoName<T> = Omit<T, 'name'>;

/** Reads an NPY file ({@link readNpy}); errors name the path. */
export function readNpyFile(path: string, opts: NoName<ReadNpyOptions> = {}): NdArray {
  return readNpy(readFileBytes(path, `readNpy(${path})`), { ...opts, name: path });
}

/** Writes an NPY file atomically ({@link writeNpy}). */
export function writeNpyFile(path: string, arr: NdArray, opts: NoName<WriteNpyOptions> = {}): void {
  writeFileAtomic(path, writeNpy(arr, { ...opts, name: path }), `writeNpy(${path})`);
}

/** `base` is the path without extension; a trailing `.cfl` or `.hdr` is dropped. */
function cflBase(path: string): string {
  return path.replace(/\.(cfl|hdr)$/, '');
}

/** Reads `<base>.hdr` and `<base>.cfl` (BART's axis convention: see `cfl.ts`). */
export function readCflFiles(path: string, opts: { allowNonFinite?: boolean } = {}): CflArray {
  const { hdr, cfl, base } = readCflPair(path);
  return readCfl(hdr, cfl, { ...opts, name: base });
}

/** Reads `<base>.hdr` and `<base>.cfl` keeping the file's sample order (`readCflSamples` in `cfl.ts`). */
export function readCflSamplesFiles(path: string, opts: { allowNonFinite?: boolean } = {}): CflSamples {
  const { hdr, cfl, base } = readCflPair(path);
  return readCflSamples(hdr, cfl, { ...opts, name: base });
}

/** The bytes of a pair, the .cfl's size checked against the header before it is read. */
function readCflPair(path: string): { hdr: Uint8Array; cfl: Uint8Array; base: string } {
  const base = cflBase(path);
  const where = `readCfl(${base})`;
  const hdr = readFileBytes(`${base}.hdr`, where, 'header file (.hdr)');
  // the .cfl's size against the header before it is read: a file larger than the header says
  // (or a sparse or multi-GB one) costs no memory
  let size: number | null = null;
  try {
    const st = statSync(`${base}.cfl`);
    if (st.isFile()) size = st.size;
  } catch {
    // missing: readFileBytes says so below (as it does for a directory)
  }
  if (size !== null) checkCflSize(hdr, size, base);
  const cfl = readFileBytes(`${base}.cfl`, where, 'data file (.cfl)');
  return { hdr, cfl, base };
}

/**
 * Whether every value in `<base>.cfl` is zero (+0 or -0), read in chunks from 64 KiB up to
 * 16 MiB: a reader that refuses all-zero data (k-space) asks first, so a large all-zero file is
 * refused at the cost of one chunk of memory, not after its float64 copies. Valid data stop at
 * their first non-zero value (in the first chunk for any real k-space). False when the pair
 * cannot be read, the header is bad or does not declare the .cfl's size, the .cfl is not a
 * regular file or is larger than the reader takes (the reader then says why), or it is empty.
 * The scan is bounded by that limit (2 GiB of zeros, ~1 s from the page cache).
 */
export function cflAllZero(path: string): boolean {
  const base = cflBase(path);
  let fd: number;
  try {
    // a bad header, a size the header does not declare, not a regular file, or more than the
    // reader can take (2 GiB, Node's file-read limit; no scan of a huge sparse file): the reader's
    // own message comes first
    const st = statSync(`${base}.cfl`);
    if (!st.isFile() || st.size > READ_LIMIT) return false;
    checkCflSize(readFileBytes(`${base}.hdr`, `readCfl(${base})`, 'header file (.hdr)'), st.size, base);
    fd = openSync(`${base}.cfl`, 'r');
  } catch {
    return false;
  }
  try {
    let size = 1 << 16;
    let buf = new Uint8Array(size);
    let any = false;
    for (;;) {
      const got = readSync(fd, buf, 0, size, null);
      if (got <= 0) return any;
      any = true;
      // float32 words: zero when every bit but the sign is clear (a partial word at the end of a short
      // read counts by its bytes: at worst a -0 split there is taken for non-zero, and the file is read as usual)
      const words = new Int32Array(buf.buffer, 0, got >> 2);
      for (let i = 0; i < words.length; i++) if ((words[i] & 0x7fffffff) !== 0) return false;
      for (let i = got & ~3; i < got; i++) if (buf[i] !== 0) return false;
      if (size < 1 << 24) {
        size <<= 2;
        buf = new Uint8Array(size);
      }
    }
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** The largest file Node's readFileSync returns (2 GiB - 1). */
const READ_LIMIT = 2 ** 31 - 1;

/** Writes `<base>.hdr` and `<base>.cfl` as one atomic unit. */
export function writeCflFiles(path: string, arr: NdArray, opts: NoName<WriteCflOptions> = {}): void {
  const base = cflBase(path);
  const { hdr, cfl } = writeCfl(arr, { ...opts, name: base });
  writeFilesAtomic(
    [
      { path: `${base}.hdr`, data: hdr },
      { path: `${base}.cfl`, data: cfl },
    ],
    `writeCfl(${base})`,
  );
}

/** Reads a PNG file ({@link readPng}); errors name the path. */
export function readPngFile(path: string, opts: NoName<ReadPngOptions> = {}): PngImage {
  return readPng(readFileBytes(path, `readPng(${path})`), { ...opts, name: path });
}

/** Node's native zlib compressor, for {@link WritePngOptions.deflate} (no JavaScript deflate to compile in a short process). */
export const nativeDeflate = (raw: Uint8Array): Uint8Array => deflateSync(raw);

/** Writes a PNG file atomically ({@link writePng}, compressed by Node's zlib). */
export function writePngFile(path: string, arr: NdArray, opts: NoName<WritePngOptions> = {}): void {
  writeFileAtomic(path, writePng(arr, { deflate: nativeDeflate, ...opts, name: path }), `writePng(${path})`);
}

/** Reads a DICOM file ({@link readDicom}); errors name the path. */
export function readDicomFile(path: string, opts: NoName<ReadDicomOptions> = {}): DicomImage {
  return readDicom(readFileBytes(path, `readDicom(${path})`), { ...opts, name: path });
}

/** Reads a NIfTI-1 file, gzipped or not ({@link readNifti}); errors name the path. */
export function readNiftiFile(path: string, opts: NoName<ReadNiftiOptions> = {}): NiftiVolume {
  return readNifti(readFileBytes(path, `readNifti(${path})`), { ...opts, name: path });
}

/**
 * The read check of a FITS file: a stream (a pipe) is followed HDU by HDU and refused once it
 * goes past its last HDU and a tape record of padding ({@link fitsStreamExtent}); other content
 * is left to the reader's own error.
 */
export function fitsCheck(where: string): ReadCheck {
  return (head) => (sniffFormat(head) === '.fits' ? fitsStreamExtent(where) : undefined);
}

/** Reads the image of a FITS file ({@link readFitsImage}); errors name the path. */
export function readFitsImageFile(path: string, opts: NoName<ReadFitsImageOptions> = {}): FitsImage {
  const where = `readFitsImage(${path})`;
  return readFitsImage(readFileBytes(path, where, 'file', fitsCheck(where)), { ...opts, name: path });
}

/** Writes a FITS image file atomically ({@link writeFitsImage}). */
export function writeFitsImageFile(path: string, arr: NdArray, opts: NoName<WriteFitsImageOptions> = {}): void {
  writeFileAtomic(path, writeFitsImage(arr, { ...opts, name: path }), `writeFitsImage(${path})`);
}

/** Reads a UVFITS file ({@link readUvfits}); errors name the path. */
export function readUvfitsFile(path: string, opts: NoName<ReadUvfitsOptions> = {}): Uvfits {
  const where = `readUvfits(${path})`;
  return readUvfits(readFileBytes(path, where, 'file', fitsCheck(where)), { ...opts, name: path });
}

/** Writes a UVFITS file atomically ({@link writeUvfits}). */
export function writeUvfitsFile(path: string, uv: Parameters<typeof writeUvfits>[0], opts: WriteUvfitsOptions = {}): void {
  writeFileAtomic(path, writeUvfits(uv, opts), `writeUvfits(${path})`);
}

/** Reads a SEG-Y file ({@link readSegy}); errors name the path. */
export function readSegyFile(path: string, opts: NoName<ReadSegyOptions> = {}): SegyFile {
  return readSegy(readFileBytes(path, `readSegy(${path})`), { ...opts, name: path });
}

/** Writes a SEG-Y file atomically ({@link writeSegy}). */
export function writeSegyFile(path: string, file: SegyFile, opts: NoName<WriteSegyOptions> = {}): void {
  writeFileAtomic(path, writeSegy(file, { ...opts, name: path }), `writeSegy(${path})`);
}

/** Reads a Seismic Unix (SU) file ({@link readSu}); errors name the path. */
export function readSuFile(path: string, opts: NoName<ReadSuOptions> = {}): SuFile {
  return readSu(readFileBytes(path, `readSu(${path})`), { ...opts, name: path });
}

/** Writes a Seismic Unix (SU) file atomically ({@link writeSu}). */
export function writeSuFile(path: string, file: SuFile, opts: NoName<WriteSuOptions> = {}): void {
  writeFileAtomic(path, writeSu(file, { ...opts, name: path }), `writeSu(${path})`);
}

/** File extensions {@link readArrayFile} recognises. */
export const ARRAY_FILE_EXTENSIONS: readonly string[] = Object.freeze([
  '.npy',
  '.json',
  '.csv',
  '.cfl',
  '.hdr',
  '.png',
  '.dcm',
  '.nii',
  '.nii.gz',
]);

/**
 * Reads any supported file by its extension: `.npy`, `.cfl`/`.hdr` (the pair), `.png`, `.dcm`,
 * `.nii`, `.nii.gz`; a name with none of these (a pipe: `/dev/stdin`) is read once and taken by
 * its signature (NPY, PNG, DICOM, NIfTI: ../sniff.ts). Throws CandorError('readArrayFile',
 * 'file extension', ...) when neither tells.
 */
export function readArrayFile(path: string): NdArray {
  const p = path.toLowerCase();
  if (p.endsWith('.npy')) return readNpyFile(path);
  if (p.endsWith('.json')) return readJsonArray(readFileBytes(path, `readJson(${path})`), { name: path });
  if (p.endsWith('.csv')) return readCsvArray(readFileBytes(path, `readCsv(${path})`), { name: path });
  if (p.endsWith('.cfl') || p.endsWith('.hdr')) return readCflFiles(path);
  if (p.endsWith('.png')) return readPngFile(path);
  if (p.endsWith('.dcm')) return readDicomFile(path);
  if (p.endsWith('.nii') || p.endsWith('.nii.gz')) return readNiftiFile(path);
  const unknown = () =>
    new CandorError('readArrayFile', 'file extension', `one of ${ARRAY_FILE_EXTENSIONS.join(' ')} (or, under another name, the content of an NPY, PNG, DICOM or NIfTI file)`, describe(path));
  // a missing file without an extension says so; a directory, another extension or unknown content: the extensions
  refuseMissingUnnamed(path, `readArrayFile(${path})`);
  if (!isReadableNonDirectory(path)) throw unknown();
  // the signature is checked on the first bytes: unknown content is refused before the rest is read
  let format: SniffedFormat | null = null;
  const bytes = readFileBytes(path, `readArrayFile(${path})`, 'file', (head) => {
    if (head.length === 0) throw new CandorError(`readArrayFile(${path})`, 'file', 'an NPY, PNG, DICOM or NIfTI file', '0 bytes (an empty input)');
    format = sniffFormat(head);
    // (FITS and HDF5 are known signatures, but not arrays this reader reads)
    if (format === null || format === '.fits' || format === '.h5') throw unknown();
    return format === '.npy' ? npyDeclaredBytes(head, path) : undefined;
  });
  const opts = { name: path };
  switch (format as SniffedFormat | null) {
    case '.npy':
      return readNpy(bytes, opts);
    case '.png':
      return readPng(bytes, opts);
    case '.dcm':
      return readDicom(bytes, opts);
    default:
      return readNifti(bytes, opts);
  }
}
