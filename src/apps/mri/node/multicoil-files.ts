/**
 * Node-only reading and writing of multi-coil MRI files, with errors that name the file:
 *
 * - k-space: BART CFL with BART's dimension layout (dims [ny, nx, 1, coils] Cartesian,
 *   [1, samples, spokes, coils] for a trajectory: the coils in dimension 3, as `bart phantom -s 8
 *   -k` and `bart phantom -s 8 -t traj` write them); NPY with a coil axis (`coilAxis`, default the
 *   first axis of a 3-D array: [coils, ny, nx], or [coils, samples...] for a trajectory); a 2-D
 *   array is one coil; ISMRMRD HDF5 (`.h5`, ../../../io/ismrmrd.ts).
 * - coil sensitivities: the same layouts ([ny, nx, 1, coils] CFL as `bart ecalib` writes,
 *   [coils, ny, nx] NPY), checked against the k-space's size and coil count.
 *
 * @example
 * import { readMultiCoilFile } from './multicoil-files.ts';
 * // const k = readMultiCoilFile('ksp.cfl');   k.coils, k.data (coil-major), k.shape
 */
import { readFileSync, statSync } from 'node:fs';
import { CandorError, describe } from '../../../core/errors.ts';
import { isReadableNonDirectory, peekHead, refuseMissingUnnamed } from '../../../io/node/files.ts';
import { readCflSamplesFiles, readNpyFile } from '../../../io/node/formats.ts';
import { parseCflHeader } from '../../../io/cfl.ts';
import { hdf5DeclaredBytes } from '../../../io/hdf5-superblock.ts';
import { npyDeclaredBytes, npyDeclaredShape } from '../../../io/npy.ts';
import { type SniffedFormat, sniffFormat } from '../../../io/sniff.ts';
import { type CoilArray, coilsFromFortran } from '../coils/types.ts';
import { checkCoilAxis, checkCoils, coilsFromNdArray } from '../coils/from-ndarray.ts';

/** Multi-coil data read from a file: coil-major samples and the per-coil sample shape. */
export interface MultiCoilFile {
  path: string;
  coils: number;
  /** Per-coil sample shape: [ny, nx] on a grid, or the trajectory's sample axes. */
  shape: number[];
  /** Coil-major complex samples (coils x prod(shape)). */
  data: Float64Array;
  /**
   * An NPY's coil axis, its array shape, and whether the axis was given (else the default, the
   * first); absent for CFL and ISMRMRD, whose layouts fix the coils.
   */
  layout?: { axis: number; arrayShape: number[]; explicit: boolean };
  /** False for an NPY of a real dtype (its samples are given zero imaginary parts); CFL and ISMRMRD are complex. */
  complex: boolean;
}

export { MAX_COILS } from '../coils/from-ndarray.ts';

/** Coils and per-coil shape of BART dims (coils in dimension 3, samples in 0-2), checked. */
function cflCoilLayout(dimsIn: readonly number[], where: string): { nc: number; shape: number[] } {
  const dims = [...dimsIn];
  while (dims.length < 16) dims.push(1);
  for (let i = 4; i < 16; i++) {
    if (dims[i] !== 1) throw new CandorError(where, `BART dimension ${i}`, '1 (only dimensions 0-2 hold samples and 3 the coils)', `${dims[i]} (dims ${dimsIn.join('x')})`);
  }
  const nc = dims[3];
  checkCoils(where, nc, 'BART dimension 3');
  if (dims[0] === 1 && (dims[1] > 1 || dims[2] > 1)) return { nc, shape: [dims[1], dims[2]].filter((d, i) => i === 0 || d > 1) };
  if (dims[2] !== 1) throw new CandorError(where, 'BART dimension 2', '1 (2-D k-space: [ny, nx, 1, coils])', `${dims[2]} (dims ${dimsIn.join('x')})`);
  return { nc, shape: [dims[0], dims[1]] };
}

/** The dims a CFL's .hdr declares, or null when it cannot be read (the CFL reader then says why). */
function cflHeaderDims(path: string): number[] | null {
  try {
    return parseCflHeader(readFileSync(`${path.replace(/\.(cfl|hdr)$/i, '')}.hdr`, 'latin1'));
  } catch {
    return null;
  }
}

/**
 * A CFL in BART's layout: coils in dimension 3, the samples in dimensions 0-2 (see the file
 * comment). The header's layout is checked before the samples are read (100 000 "coils" are
 * refused on the .hdr, not after reading the .cfl).
 */
function fromCfl(path: string, what: string): MultiCoilFile {
  const where = `${what} ${path}`;
  const declared = cflHeaderDims(path);
  if (declared) cflCoilLayout(declared, where);
  const a = readCflSamplesFiles(path);
  const { nc, shape } = cflCoilLayout(a.dims, where);
  // each coil's block in the file is [A, B] in Fortran order (a leading 1 of the trajectory layout adds nothing)
  return { path, coils: nc, shape, data: coilsFromFortran(a.data, shape[0], shape[1] ?? 1, nc), complex: true };
}

/**
 * Refuses, on an NPY header, a coil count past MAX_COILS on the coil axis (`coilAxis`, default
 * the first of a 3-D or larger array; a 2-D array without one is one coil): checked on the first
 * bytes, so a stream or a file declaring 100 000 coils is not read first.
 */
function checkDeclaredCoils(head: Uint8Array, path: string, what: string, coilAxis: number | undefined): number[] | undefined {
  const shape = npyDeclaredShape(head, path);
  if (shape && (shape.length >= 3 || (coilAxis !== undefined && shape.length >= 2))) {
    const ax = coilAxis ?? 0;
    if (Number.isInteger(ax) && ax >= 0 && ax < shape.length) checkCoils(`${what} ${path}`, shape[ax], `axis ${ax} of [${shape.join(', ')}]`);
  }
  return shape;
}

/**
 * The format the content of a name without a telling extension (a pipe: /dev/stdin) has by its
 * signature (../../../io/sniff.ts), or null. A stream with no known signature is not read past its
 * first bytes (the readers that follow refuse it as well); an NPY one declaring more coils than
 * MAX_COILS on `coilAxis` is refused on its header, and an HDF5 one is read no further than its
 * superblock declares.
 */
export function contentFormat(path: string, what = 'k-space', coilAxis?: number): SniffedFormat | null {
  const unknown = new Error('no signature');
  try {
    const head = peekHead(path, `${what} ${path}`, (h) => {
      const f = sniffFormat(h);
      // (an empty stream is kept whole: its readers say it is empty)
      if (f === null && h.length > 0) throw unknown;
      // (ISMRMRD: read no further than the size its HDF5 superblock declares)
      if (f === '.h5') return hdf5DeclaredBytes(h);
      if (f !== '.npy') return undefined;
      checkDeclaredCoils(h, path, what, coilAxis);
      return npyDeclaredBytes(h, path);
    });
    return head === null ? null : sniffFormat(head);
  } catch (e) {
    if (e === unknown) return null;
    throw e;
  }
}

/**
 * The shape an NPY k-space's header declares (the coil count checked on the way: see
 * checkDeclaredCoils), or undefined when it is no NPY; the data are not read (a stream is, once,
 * and kept for the reader).
 */
export function npyKspaceShape(path: string, what: string, coilAxis: number | undefined): number[] | undefined {
  const head = peekHead(path, `${what} ${path}`, (h) => {
    checkDeclaredCoils(h, path, what, coilAxis);
    return npyDeclaredBytes(h, path);
  });
  return head ? npyDeclaredShape(head, path) : undefined;
}

/** Whether a name without a telling extension holds an NPY array ({@link contentFormat}). */
export function isNpyContent(path: string, what = 'k-space', coilAxis?: number): boolean {
  return contentFormat(path, what, coilAxis) === '.npy';
}

/**
 * Whether a k-space is ISMRMRD raw data: named .h5, or, under a name that tells nothing (a pipe),
 * HDF5 by its signature.
 */
export function isIsmrmrdKspace(path: string, coilAxis?: number): boolean {
  if (/\.h5$/i.test(path)) return true;
  if (/\.(cfl|hdr|npy|png|dcm|nii|nii\.gz|json|csv)$/i.test(path) || !isReadableNonDirectory(path)) return false;
  return contentFormat(path, 'k-space', coilAxis) === '.h5';
}

/**
 * An NPY array with a coil axis (default the first of a 3-D or larger array; a 2-D array is one
 * coil). The coil count the header declares is checked before the data are read.
 */
function fromNpy(path: string, what: string, coilAxis: number | undefined, samples = false): MultiCoilFile {
  npyKspaceShape(path, what, coilAxis);
  const a = readNpyFile(path);
  const { axis, ...c } = coilsFromNdArray(a, `${what} ${path}`, coilAxis, samples);
  return { path, ...c, complex: a.complex, ...(axis === null ? {} : { layout: { axis, arrayShape: [...a.shape], explicit: coilAxis !== undefined } }) };
}

/** Whether `path` is a stream that gave no bytes (read once and kept: see ../../../io/node/files.ts). */
function isEmptyStream(path: string, what: string): boolean {
  try {
    const head = peekHead(path, `${what} ${path}`);
    return head !== null && head.length === 0;
  } catch {
    return false;
  }
}

/** Whether `path` is a regular file of 0 bytes (streams are judged by their readers). */
function isEmptyFile(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isFile() && st.size === 0;
  } catch {
    return false;
  }
}

/** Multi-coil k-space (or sensitivities) by extension: .cfl/.hdr, .npy (see the file comment). */
export function readMultiCoilFile(path: string, opts: { coilAxis?: number; what?: string; samples?: boolean } = {}): MultiCoilFile {
  const what = opts.what ?? 'k-space';
  const p = path.toLowerCase();
  if (p.endsWith('.cfl') || p.endsWith('.hdr')) {
    if (opts.coilAxis !== undefined && opts.coilAxis !== 3) {
      throw new CandorError(`${what} ${path}`, '--coil-axis', "3 or nothing for a CFL (BART's coil dimension is 3)", String(opts.coilAxis));
    }
    return fromCfl(path, what);
  }
  // a missing file without an extension, or an empty one, says so (not "file extension")
  refuseMissingUnnamed(path, `${what} ${path}`);
  if (!p.endsWith('.npy') && isEmptyFile(path)) throw new CandorError(`${what} ${path}`, 'file', 'an NPY file (or a .cfl/.hdr pair)', '0 bytes (an empty input)');
  if (p.endsWith('.npy') || isNpyContent(path, what, opts.coilAxis)) return fromNpy(path, what, opts.coilAxis, opts.samples);
  // an empty stream (its first look kept no bytes) says so, as an empty file does
  if (isEmptyStream(path, what)) throw new CandorError(`${what} ${path}`, 'file', 'an NPY file (or a .cfl/.hdr pair)', '0 bytes (an empty input)');
  const other = what === 'k-space' ? 'or .h5 for ISMRMRD raw data; under another name, the content of an NPY or ISMRMRD file' : 'or, under another name, the content of an NPY file';
  throw new CandorError(`${what} ${path}`, 'file extension', `.cfl, .hdr or .npy (${other})`, describe(path));
}

/**
 * Cartesian multi-coil k-space as a CoilArray (a 2-D sample grid). An NPY's coil axis is checked
 * for plausibility (`checkCoilAxis`: no more coils than the image's shorter side) when it is the
 * default one, and when it was given unless `trustGivenAxis` (the caller has the maps, so no
 * ESPIRiT needs a plausible image: a small image with many coils is taken as given).
 */
export function toCoilArray(f: MultiCoilFile, what = 'k-space', trustGivenAxis = false): CoilArray {
  if (f.shape.length !== 2) throw new CandorError(`${what} ${f.path}`, 'shape', 'a 2-D grid per coil (give --traj for non-Cartesian samples)', `[${f.shape.join(', ')}] per coil`);
  if (f.layout && !(f.layout.explicit && trustGivenAxis)) checkCoilAxis(`${what} ${f.path}`, f.coils, f.shape[0], f.shape[1], f.layout.axis, f.layout.arrayShape);
  return { ny: f.shape[0], nx: f.shape[1], nc: f.coils, data: f.data };
}

/** Coil sensitivities from a file, checked against the k-space (size and coils). */
export function readCoilMaps(path: string, ny: number, nx: number, nc: number, kspacePath: string, coilAxis?: number): CoilArray {
  const f = readMultiCoilFile(path, { coilAxis: /\.(cfl|hdr)$/i.test(path) ? undefined : coilAxis, what: 'sensitivities' });
  if (f.shape.length !== 2 || f.shape[0] !== ny || f.shape[1] !== nx || f.coils !== nc) {
    throw new CandorError(
      `sensitivities ${path}`,
      'shape',
      `${nc} coil maps of ${ny}x${nx} (the k-space ${kspacePath})`,
      `${f.coils} coil map${f.coils === 1 ? '' : 's'} of ${f.shape.join('x')}`,
    );
  }
  let nonzero = false;
  for (let i = 0; i < f.data.length; i++) {
    if (!Number.isFinite(f.data[i])) throw new CandorError(`sensitivities ${path}`, 'values', 'finite values', `${f.data[i]}`);
    if (f.data[i] !== 0) nonzero = true;
  }
  // a data failure of the file (exit 1), not the reconstruction's usage error about zero maps
  if (!nonzero) throw new CandorError(`sensitivities ${path}`, 'values', 'coil maps that are not all zero', 'zeros everywhere');
  return { ny, nx, nc, data: f.data };
}
