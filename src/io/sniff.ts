/**
 * The format of file bytes from their signature, for inputs whose name says nothing (a pipe:
 * `/dev/stdin`, a process substitution, a file without an extension):
 *
 * - NPY: `\x93NUMPY` at byte 0 (numpy's format.rst);
 * - PNG: the 8-byte signature `\x89PNG\r\n\x1a\n` (PNG spec 5.2);
 * - DICOM Part 10: `DICM` at byte 128 (PS3.10 7.1);
 * - NIfTI: sizeof_hdr 348 or 540 (either byte order) with the magic `n+1` at 344 or `n+2` at 4;
 *   gzip (`\x1f\x8b`) taken as a gzipped NIfTI, the only compressed array format read;
 * - FITS: a first card `SIMPLE  =` (FITS 4.0 sec. 4.4.1.1): UVFITS for the radio commands;
 * - HDF5: the superblock signature `\x89HDF\r\n\x1a\n` at byte 0 (HDF5 file format spec. II.A):
 *   ISMRMRD raw data for the MRI commands' k-space.
 *
 * @example
 * import { sniffFormat } from './sniff.ts';
 * sniffFormat(Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0)); // '.npy'
 */

/** A format by its usual extension, or null when no signature matches. */
export type SniffedFormat = '.npy' | '.png' | '.dcm' | '.nii' | '.nii.gz' | '.fits' | '.h5';

const starts = (b: Uint8Array, sig: readonly number[], at = 0) =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** The format the signature of `b` names (see the file comment), or null. */
export function sniffFormat(b: Uint8Array): SniffedFormat | null {
  if (starts(b, [0x93, ...ascii('NUMPY')])) return '.npy';
  if (starts(b, [0x89, ...ascii('PNG'), 0x0d, 0x0a, 0x1a, 0x0a])) return '.png';
  if (starts(b, ascii('DICM'), 128)) return '.dcm';
  if (starts(b, [0x1f, 0x8b])) return '.nii.gz';
  if (starts(b, ascii('SIMPLE  ='))) return '.fits';
  if (starts(b, [0x89, ...ascii('HDF'), 0x0d, 0x0a, 0x1a, 0x0a])) return '.h5';
  if (b.length >= 348) {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const size = [dv.getInt32(0, true), dv.getInt32(0, false)];
    if (size.includes(348) && starts(b, ascii('n+1'), 344)) return '.nii';
    if (size.includes(540) && starts(b, ascii('n+2'), 4)) return '.nii';
  }
  return null;
}
