/**
 * Hostile files, made cheaply: decompression bombs (a PNG declaring 30000 x 30000 pixels in
 * 875 KB, a .nii.gz whose 1 MB hold 1 GiB) and streams with altered trailers. Used by the fuzz
 * targets and by the tests of the readers' limits.
 *
 * A bomb is not compressed byte by byte (1 GiB through zlib takes 10 s): the deflate stream of
 * 1 MiB of zeros ending in a sync flush (byte-aligned, not final) only ever refers one byte back,
 * so repeating it N times is a valid stream of N MiB of zeros; an empty final block closes it.
 * The checksums are computed by node:zlib's crc32 and the Adler-32 formula for zeros.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

const MiB = 1 << 20;
const piece = deflateRawSync(Buffer.alloc(MiB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
const FINAL_EMPTY = Buffer.from([0x03, 0x00]); // BFINAL = 1, fixed Huffman, end-of-block

/** Raw deflate data (not final) of `prefix` followed by `zeros` zero bytes. */
function deflateBody(prefix: Uint8Array, zeros: number): Buffer[] {
  const parts: Buffer[] = [];
  if (prefix.length) parts.push(deflateRawSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH }));
  for (let i = 0; i < Math.floor(zeros / MiB); i++) parts.push(piece);
  const rest = zeros % MiB;
  if (rest) parts.push(deflateRawSync(Buffer.alloc(rest), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }));
  return parts;
}

/** CRC-32 of `prefix` then `zeros` zero bytes. */
function crcOf(prefix: Uint8Array, zeros: number): number {
  let c = crc32(prefix);
  const z = Buffer.alloc(MiB);
  for (let left = zeros; left > 0; left -= MiB) c = crc32(left >= MiB ? z : z.subarray(0, left), c);
  return c;
}

/** A one-member gzip file of `prefix` followed by `zeros` zero bytes (valid, trailer correct). */
export function gzipZeros(prefix: Uint8Array, zeros: number): Buffer {
  const head = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crcOf(prefix, zeros), 0);
  tail.writeUInt32LE((prefix.length + zeros) % 2 ** 32, 4);
  return Buffer.concat([head, ...deflateBody(prefix, zeros), FINAL_EMPTY, tail]);
}

/** A zlib stream of `zeros` zero bytes (valid, Adler-32 correct). */
export function zlibZeros(zeros: number): Buffer {
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((zeros % 65521) << 16) | 1) >>> 0, 0); // a = 1 + 0s, b = n * 1
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...deflateBody(new Uint8Array(0), zeros), FINAL_EMPTY, adler]);
}

function chunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td), 0);
  return Buffer.concat([len, td, crc]);
}

/** A PNG chunk with its CRC. */
export const pngChunk = chunk;

/**
 * A grey 8-bit PNG of `width` x `height` zero pixels whose image data really inflates to
 * height * (width + 1) bytes (30000 x 30000: 875 KB on disk, 900 MB inflated). `idatZeros`
 * overrides the inflated size (a small image whose data inflates to far more than it needs).
 */
export function pngBomb(width: number, height: number, idatZeros = height * (width + 1)): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', zlibZeros(idatZeros)), chunk('IEND', new Uint8Array(0))]);
}

/** A NIfTI-1 header (348 bytes + the 4-byte extender) for `dims` of datatype uint8 (2) or float32 (16). */
export function niftiHeader(dims: number[], datatype: 2 | 16 = 2): Buffer {
  const h = Buffer.alloc(352);
  h.writeInt32LE(348, 0);
  h.writeInt16LE(dims.length, 40);
  for (const [i, d] of dims.entries()) h.writeInt16LE(d, 42 + 2 * i);
  for (let i = dims.length + 1; i < 8; i++) h.writeInt16LE(1, 40 + 2 * i);
  h.writeInt16LE(datatype, 70);
  h.writeInt16LE(datatype === 2 ? 8 : 32, 72);
  for (let i = 0; i < 8; i++) h.writeFloatLE(1, 76 + 4 * i);
  h.writeFloatLE(352, 108); // vox_offset
  h.write('n+1\0', 344, 'latin1');
  return h;
}

/** A .nii.gz of `dims` uint8 zeros whose header is honest (1024^3: 1 MB holding 1 GiB). */
export function niftiGzBomb(dims: number[], extraZeros = 0): Buffer {
  const n = dims.reduce((a, b) => a * b, 1);
  return gzipZeros(niftiHeader(dims), n + extraZeros);
}
