/**
 * gzip (RFC 1952) and zlib (RFC 1950) containers around {@link inflateRaw}, with a cap on the
 * decompressed size. Pure TypeScript, synchronous, browser-safe.
 *
 * gzip: every member is read (a file may be several gzip files concatenated, as `cat a.gz b.gz`
 * makes, and `gzip -d` reads them all); each member's trailer is checked, CRC-32 of its
 * decompressed bytes and their length mod 2^32, so a damaged file is an error rather than an
 * image with zeros in it. Zero bytes after the last member (tape-style padding) are ignored, as by
 * `gzip -d`; anything else after it is an error.
 *
 * zlib: the two-byte header (method 8, window <= 32 KiB, no preset dictionary, header check) and
 * the deflate stream; the Adler-32 trailer is checked when `checkAdler` (PNG decoders commonly
 * tolerate a missing one, so the PNG reader does not ask).
 *
 * @example
 * import { gunzip } from './gzip.ts';
 * // bytes of `printf abc | gzip`
 * gunzip(gz, { where: 'readNifti(a.nii.gz)', maxOutput: 1 << 20 }); // Uint8Array [97, 98, 99]
 */
import { CandorError } from '../core/errors.ts';
import { hexBytes } from './ndarray.ts';
import { inflateRaw, OutputBuffer, OutputLimitError } from './inflate.ts';

let crcTable: Int32Array | undefined;

/** CRC-32 (ISO 3309, the gzip and PNG polynomial 0xEDB88320 reflected) of `b`, continuing `crc`. */
export function crc32(b: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  const t = crcTable;
  let c = ~crc;
  for (let i = 0; i < b.length; i++) c = t[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** Adler-32 (RFC 1950 section 8.2) of `b`. */
export function adler32(b: Uint8Array): number {
  let a = 1;
  let s = 0;
  for (let i = 0; i < b.length; ) {
    const stop = Math.min(b.length, i + 5552); // zlib's NMAX: s stays below 2^32 between reductions
    for (; i < stop; i++) {
      a += b[i];
      s += a;
    }
    a %= 65521;
    s %= 65521;
  }
  return ((s << 16) | a) >>> 0;
}

export interface DecompressOptions {
  /** `where` of every error message (the reader and file name). */
  where: string;
  /** Largest decompressed size accepted, in bytes. */
  maxOutput: number;
  /** What the cap stands for, shown in the error ("what the header declares"). */
  limitReason?: string;
}

const hex32 = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;

/** Index of the first byte after the gzip member header at `p`; throws for a bad header. */
function memberHeader(b: Uint8Array, p: number, where: string, member: number): number {
  const what = `gzip header (member ${member})`;
  if (p + 10 > b.length) throw new CandorError(where, what, 'at least 10 bytes', `${b.length - p} bytes (truncated)`);
  if (b[p] !== 0x1f || b[p + 1] !== 0x8b) throw new CandorError(where, what, 'the gzip magic 1F 8B', hexBytes(b.subarray(p), 2));
  if (b[p + 2] !== 8) throw new CandorError(where, what, 'compression method 8 (deflate)', String(b[p + 2]));
  const flg = b[p + 3];
  if (flg & 0xe0) throw new CandorError(where, what, 'flags with the reserved bits 5-7 clear', `0x${flg.toString(16)}`);
  let q = p + 10;
  const trunc = () => new CandorError(where, what, 'a complete header', 'data that ends early (truncated)');
  if (flg & 4) {
    if (q + 2 > b.length) throw trunc();
    q += 2 + (b[q] | (b[q + 1] << 8));
  }
  for (const bit of [8, 16]) {
    if (!(flg & bit)) continue;
    while (q < b.length && b[q] !== 0) q++;
    q++;
  }
  if (flg & 2) q += 2;
  if (q > b.length) throw trunc();
  return q;
}

/**
 * Decompresses a gzip file (every member, trailers verified; see above). Throws a CandorError
 * naming `opts.where` for a bad header, a corrupt or truncated stream, a trailer that does not
 * match, trailing bytes that are not another member, or more than `opts.maxOutput` bytes.
 */
export function gunzip(bytes: Uint8Array, opts: DecompressOptions): Uint8Array {
  const { where } = opts;
  // a first guess at the size from the last member's length field, never trusted past the cap
  const n = bytes.length;
  const hint = n >= 18 ? (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0 : 0;
  const out = new OutputBuffer(opts.maxOutput, where, opts.limitReason ?? '', Math.min(hint + 1, opts.maxOutput, 64 * n + 1024));
  let p = 0;
  for (let member = 1; ; member++) {
    const start = memberHeader(bytes, p, where, member);
    const from = out.len;
    const end = inflateRaw(bytes, start, out, where);
    if (end + 8 > n) {
      throw new CandorError(where, `gzip trailer (member ${member})`, 'CRC-32 and length (8 bytes)', `${n - end} bytes (truncated)`);
    }
    const dv = new DataView(bytes.buffer, bytes.byteOffset + end, 8);
    const wantCrc = dv.getUint32(0, true);
    const wantLen = dv.getUint32(4, true);
    const data = out.buf.subarray(from, out.len);
    const len = data.length % 2 ** 32;
    if (len !== wantLen) {
      throw new CandorError(where, `gzip trailer (member ${member})`, `length ${len} (the decompressed size mod 2^32)`, `${wantLen} (a corrupt or altered file)`);
    }
    const crc = crc32(data);
    if (crc !== wantCrc) {
      throw new CandorError(where, `gzip trailer (member ${member})`, `CRC-32 ${hex32(crc)} (of the decompressed data)`, `${hex32(wantCrc)} (a corrupt or altered file)`);
    }
    p = end + 8;
    if (p >= n) break;
    if (bytes[p] !== 0x1f) {
      let q = p;
      while (q < n && bytes[q] === 0) q++;
      if (q === n) break; // zero padding after the last member
      throw new CandorError(where, 'data after gzip member', `another gzip member (1F 8B) or the end of the file`, `${n - p} more bytes starting ${hexBytes(bytes.subarray(p), 4)}`);
    }
  }
  return out.len === out.buf.length ? out.buf : out.buf.slice(0, out.len);
}

/**
 * The first `count` decompressed bytes of a gzip file (fewer when it holds fewer), from as many
 * members as it takes, decoding no further: for reading a header before deciding how much to
 * decompress. Trailers are not checked (the full read does that).
 */
export function gunzipPrefix(bytes: Uint8Array, count: number, where: string): Uint8Array {
  const out = new OutputBuffer(count, where, '', count);
  try {
    for (let p = 0, member = 1; p + 1 < bytes.length && bytes[p] === 0x1f && bytes[p + 1] === 0x8b; member++) {
      p = inflateRaw(bytes, memberHeader(bytes, p, where, member), out, where) + 8;
    }
  } catch (e) {
    if (!(e instanceof OutputLimitError)) throw e;
  }
  return out.bytes();
}

/**
 * Decompresses a zlib stream (RFC 1950). Throws a CandorError naming `opts.where` for a bad
 * header, a corrupt or truncated stream, more than `opts.maxOutput` bytes, or (with
 * `checkAdler`) a wrong or missing Adler-32.
 */
export function unzlib(bytes: Uint8Array, opts: DecompressOptions & { checkAdler?: boolean }): Uint8Array {
  const { where } = opts;
  if (bytes.length < 2) throw new CandorError(where, 'zlib header', '2 bytes', `${bytes.length} bytes (truncated)`);
  const cmf = bytes[0];
  const flg = bytes[1];
  if ((cmf & 15) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0) {
    throw new CandorError(where, 'zlib header', 'method 8 (deflate), window <= 32 KiB and a valid header check', hexBytes(bytes, 2));
  }
  if (flg & 0x20) throw new CandorError(where, 'zlib header', 'no preset dictionary', 'FDICT set');
  const out = new OutputBuffer(opts.maxOutput, where, opts.limitReason ?? '', Math.min(opts.maxOutput, 4 * bytes.length + 1024));
  const end = inflateRaw(bytes, 2, out, where);
  const data = out.bytes();
  if (opts.checkAdler) {
    if (end + 4 > bytes.length) throw new CandorError(where, 'zlib trailer', 'Adler-32 (4 bytes)', `${bytes.length - end} bytes (truncated)`);
    const want = new DataView(bytes.buffer, bytes.byteOffset + end, 4).getUint32(0, false);
    const got = adler32(data);
    if (got !== want) throw new CandorError(where, 'zlib trailer', `Adler-32 ${hex32(got)} (of the decompressed data)`, `${hex32(want)} (a corrupt or altered file)`);
  }
  return data;
}
