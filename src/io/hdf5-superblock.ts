/**
 * The size an HDF5 file declares in its superblock: the base address plus the end-of-file address
 * (HDF5 File Format Specification 3.0, section II.A, superblock versions 0 to 3), read from the
 * first bytes of a file whose superblock is at byte 0 (no user block). A stream is read no further
 * than this (./node/files.ts), and a file shorter than it is truncated (the HDF5 library's own
 * "truncated file" test: the stored end of file past the actual one).
 *
 * Layouts (O = size of offsets, byte 13 for versions 0-1, byte 9 for 2-3):
 * - versions 0 and 1: the addresses start at byte 24 (version 1: 28), base, free-space, end of file;
 * - versions 2 and 3: at byte 12, base, superblock extension, end of file.
 *
 * @example
 * // hdf5DeclaredBytes(readFileSync('kspace.h5'))  -> its length, for a file h5py or Candor wrote
 */

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Little-endian unsigned integer of `size` bytes at `at` (Infinity past 2^53). */
function unsigned(b: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + b[at + i];
  return Number.isSafeInteger(v) ? v : Number.POSITIVE_INFINITY;
}

/**
 * The bytes an HDF5 file declares (base address + end-of-file address), or undefined when `head`
 * is no HDF5 superblock at byte 0, or of a version or offset size this does not know.
 */
export function hdf5DeclaredBytes(head: Uint8Array): number | undefined {
  if (head.length < 16 || !SIGNATURE.every((v, i) => head[i] === v)) return undefined;
  const version = head[8];
  let O: number;
  let first: number;
  if (version === 0 || version === 1) {
    O = head[13];
    first = version === 0 ? 24 : 28;
  } else if (version === 2 || version === 3) {
    O = head[9];
    first = 12;
  } else return undefined;
  if (O !== 2 && O !== 4 && O !== 8) return undefined;
  if (head.length < first + 3 * O) return undefined;
  const base = unsigned(head, first, O);
  const eof = unsigned(head, first + 2 * O, O);
  return base + eof;
}
