/**
 * DEFLATE decompression (RFC 1951) with a hard cap on the output, for the gzip (`.nii.gz`) and
 * zlib (PNG `IDAT`) streams our readers meet. Pure TypeScript, synchronous, browser-safe.
 *
 * Why our own: the readers must refuse a decompression bomb (a 1 MB file that inflates to
 * gigabytes) before the memory is spent, and must know where a stream ends to verify the gzip
 * trailer and read the next member. A stream is decoded into a buffer that grows by doubling and
 * never past `maxOutput` bytes; one byte more throws {@link OutputLimitError} at once.
 *
 * Decoding follows RFC 1951 section 3.2 as Mark Adler's `puff.c` (zlib/contrib/puff) lays it out:
 * canonical Huffman codes from code lengths (3.2.2), stored, fixed and dynamic blocks (3.2.4-7),
 * length and distance extra bits (3.2.5). Speed comes from a 9-bit lookup table per code with
 * puff's bit-by-bit canonical decoding for the rare longer codes. Every malformed stream (bad block
 * type, over-subscribed or incomplete code, a distance reaching before the output, data that ends
 * early) throws a CandorError naming `where`.
 *
 * @example
 * import { inflateRaw, OutputBuffer } from './inflate.ts';
 * const out = new OutputBuffer(1 << 20, 'example');
 * inflateRaw(Uint8Array.of(0x4b, 0x04, 0x00), 0, out, 'example'); // returns 3 (the stream's end)
 * out.bytes(); // Uint8Array [0x61] ('a')
 */
import { CandorError } from '../core/errors.ts';

/** Thrown when a stream would decompress to more than the caller allows. */
export class OutputLimitError extends CandorError {
  readonly limit: number;
  constructor(where: string, limit: number, what: string) {
    super(where, 'decompressed size', `at most ${limit} bytes${what ? ` (${what})` : ''}`, 'more (refused before decompressing further: a corrupt file or a decompression bomb)');
    this.limit = limit;
  }
}

/** A growing byte buffer with a hard cap (the decompressed output). */
export class OutputBuffer {
  buf: Uint8Array;
  len = 0;
  readonly max: number;
  readonly where: string;
  /** What the cap stands for, for the error message ("what the header declares", ...). */
  readonly what: string;

  constructor(max: number, where: string, what = '', initial = 0) {
    this.max = max;
    this.where = where;
    this.what = what;
    this.buf = new Uint8Array(Math.max(64, Math.min(max, initial || 1 << 16)));
  }

  /** Makes room for `n` more bytes or throws {@link OutputLimitError}. */
  ensure(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    if (need > this.max) throw new OutputLimitError(this.where, this.max, this.what);
    let cap = this.buf.length;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(Math.min(cap, this.max));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

const FAST = 9;
const FAST_MASK = (1 << FAST) - 1;
const MAX_BITS = 15;

/** A canonical Huffman code: puff's count/symbol tables plus a FAST-bit lookup table. */
interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
  /** fast[reversed low FAST bits] = (symbol << 4) | length, or 0 when the code is longer. */
  fast: Int32Array;
}

function newHuffman(n: number): Huffman {
  return { count: new Uint16Array(MAX_BITS + 1), symbol: new Uint16Array(n), fast: new Int32Array(1 << FAST) };
}

/**
 * Builds the code for `n` code lengths; returns the number of unused codes (0 for a complete
 * code, > 0 incomplete) or -1 when the lengths over-subscribe the code space.
 */
function build(h: Huffman, lengths: Uint8Array, n: number): number {
  const { count, symbol, fast } = h;
  count.fill(0);
  fast.fill(0);
  for (let s = 0; s < n; s++) count[lengths[s]]++;
  if (count[0] === n) return 0; // no codes: complete, but decoding anything is an error
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left <<= 1;
    left -= count[len];
    if (left < 0) return -1;
  }
  const offs = new Uint16Array(MAX_BITS + 1);
  for (let len = 1; len < MAX_BITS; len++) offs[len + 1] = offs[len] + count[len];
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbol[offs[lengths[s]]++] = s;
  // fast table: canonical codes, bit-reversed (deflate sends Huffman codes most significant bit first)
  let code = 0;
  let k = 0;
  for (let len = 1; len <= FAST; len++) {
    for (let i = 0; i < count[len]; i++, k++) {
      let rev = 0;
      for (let b = 0; b < len; b++) rev |= ((code >> b) & 1) << (len - 1 - b);
      const entry = (symbol[k] << 4) | len;
      for (let f = rev; f < 1 << FAST; f += 1 << len) fast[f] = entry;
      code++;
    }
    code <<= 1;
  }
  return left;
}

const LEN_BASE = Uint16Array.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258);
const LEN_EXTRA = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);
const DIST_BASE = Uint16Array.of(1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577);
const DIST_EXTRA = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13);
const CL_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

let fixedLit: Huffman | undefined;
let fixedDist: Huffman | undefined;

function fixedCodes(): [Huffman, Huffman] {
  if (!fixedLit || !fixedDist) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144);
    l.fill(9, 144, 256);
    l.fill(7, 256, 280);
    l.fill(8, 280, 288);
    fixedLit = newHuffman(288);
    build(fixedLit, l, 288);
    fixedDist = newHuffman(30);
    build(fixedDist, new Uint8Array(30).fill(5), 30);
  }
  return [fixedLit, fixedDist];
}

/** Bit reader over `src[pos..end)`, least significant bit first (RFC 1951 section 3.1.1). */
class Bits {
  src: Uint8Array;
  pos: number;
  end: number;
  buf = 0;
  cnt = 0;
  where: string;

  constructor(src: Uint8Array, pos: number, end: number, where: string) {
    this.src = src;
    this.pos = pos;
    this.end = end;
    this.where = where;
  }

  truncated(): never {
    throw new CandorError(this.where, 'compressed data', 'a complete deflate stream', 'data that ends early (truncated)');
  }

  /** Takes `n` <= 16 bits. */
  take(n: number): number {
    while (this.cnt < n) {
      if (this.pos >= this.end) this.truncated();
      this.buf |= this.src[this.pos++] << this.cnt;
      this.cnt += 8;
    }
    const v = this.buf & ((1 << n) - 1);
    this.buf >>>= n;
    this.cnt -= n;
    return v;
  }

  /** Decodes one symbol of `h`. */
  decode(h: Huffman, bad: string): number {
    while (this.cnt < FAST && this.pos < this.end) {
      this.buf |= this.src[this.pos++] << this.cnt;
      this.cnt += 8;
    }
    const e = h.fast[this.buf & FAST_MASK];
    if (e !== 0 && (e & 15) <= this.cnt) {
      this.buf >>>= e & 15;
      this.cnt -= e & 15;
      return e >> 4;
    }
    // puff's canonical decoding, one bit at a time (codes longer than FAST, or the stream's tail)
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.take(1);
      const count = h.count[len];
      if (code - count < first) return h.symbol[index + (code - first)];
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    throw new CandorError(this.where, 'compressed data', 'a valid deflate stream', bad);
  }

  /** Drops the bits left in the current byte and hands whole buffered bytes back. */
  align(): void {
    this.pos -= this.cnt >> 3;
    this.buf = 0;
    this.cnt = 0;
  }
}

function corrupt(where: string, got: string): never {
  throw new CandorError(where, 'compressed data', 'a valid deflate stream', got);
}

function codes(bits: Bits, out: OutputBuffer, lit: Huffman, dist: Huffman): void {
  const where = bits.where;
  for (;;) {
    let sym = bits.decode(lit, 'an invalid literal/length code');
    if (sym < 256) {
      if (out.len === out.buf.length) out.ensure(1);
      out.buf[out.len++] = sym;
      continue;
    }
    if (sym === 256) return;
    sym -= 257;
    if (sym >= 29) corrupt(where, `an invalid length symbol ${sym + 257}`);
    const len = LEN_BASE[sym] + (LEN_EXTRA[sym] ? bits.take(LEN_EXTRA[sym]) : 0);
    const ds = bits.decode(dist, 'an invalid distance code');
    if (ds >= 30) corrupt(where, `an invalid distance symbol ${ds}`);
    const d = DIST_BASE[ds] + (DIST_EXTRA[ds] ? bits.take(DIST_EXTRA[ds]) : 0);
    if (d > out.len) corrupt(where, `a distance ${d} reaching before the start of the output (${out.len} bytes)`);
    out.ensure(len);
    const b = out.buf;
    let o = out.len;
    for (let i = 0; i < len; i++, o++) b[o] = b[o - d];
    out.len = o;
  }
}

function stored(bits: Bits, out: OutputBuffer): void {
  bits.align();
  const { src } = bits;
  if (bits.pos + 4 > bits.end) bits.truncated();
  const len = src[bits.pos] | (src[bits.pos + 1] << 8);
  const nlen = src[bits.pos + 2] | (src[bits.pos + 3] << 8);
  if (len !== (~nlen & 0xffff)) corrupt(bits.where, `a stored block whose length ${len} does not match its complement ${nlen}`);
  bits.pos += 4;
  if (bits.pos + len > bits.end) bits.truncated();
  out.ensure(len);
  out.buf.set(src.subarray(bits.pos, bits.pos + len), out.len);
  out.len += len;
  bits.pos += len;
}

/** An incomplete code is allowed only as one code of length 1 (as zlib's inflate_table). */
function single(h: Huffman, n: number): boolean {
  return h.count[1] === 1 && n - h.count[0] === 1;
}

function dynamic(bits: Bits, out: OutputBuffer, lit: Huffman, dist: Huffman, lengths: Uint8Array, clCode: Huffman): void {
  const where = bits.where;
  const nlen = bits.take(5) + 257;
  const ndist = bits.take(5) + 1;
  const ncode = bits.take(4) + 4;
  if (nlen > 286 || ndist > 30) corrupt(where, `${nlen} literal/length and ${ndist} distance codes (at most 286 and 30)`);
  lengths.fill(0);
  for (let i = 0; i < ncode; i++) lengths[CL_ORDER[i]] = bits.take(3);
  if (build(clCode, lengths, 19) !== 0) corrupt(where, 'an incomplete or over-subscribed code-length code');
  lengths.fill(0);
  let i = 0;
  while (i < nlen + ndist) {
    const sym = bits.decode(clCode, 'an invalid code-length code');
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let v = 0;
    let rep: number;
    if (sym === 16) {
      if (i === 0) corrupt(where, 'a repeat of the previous code length with no previous length');
      v = lengths[i - 1];
      rep = 3 + bits.take(2);
    } else if (sym === 17) rep = 3 + bits.take(3);
    else rep = 11 + bits.take(7);
    if (i + rep > nlen + ndist) corrupt(where, 'code lengths that run past the number of codes');
    while (rep--) lengths[i++] = v;
  }
  if (lengths[256] === 0) corrupt(where, 'a dynamic block without an end-of-block code');
  const litLeft = build(lit, lengths, nlen);
  if (litLeft < 0 || (litLeft > 0 && !single(lit, nlen))) corrupt(where, 'an incomplete or over-subscribed literal/length code');
  const dl = lengths.subarray(nlen, nlen + ndist);
  const distLeft = build(dist, dl, ndist);
  if (distLeft < 0 || (distLeft > 0 && !single(dist, ndist))) corrupt(where, 'an incomplete or over-subscribed distance code');
  codes(bits, out, lit, dist);
}

/**
 * Decodes one raw deflate stream starting at `src[start]` into `out` (appending), up to and
 * including its final block. Returns the index just after the stream's last byte (where a gzip
 * trailer or zlib checksum starts). Throws a CandorError for a malformed or truncated stream and
 * {@link OutputLimitError} when the output would pass `out.max`.
 */
export function inflateRaw(src: Uint8Array, start: number, out: OutputBuffer, where: string, end = src.length): number {
  const bits = new Bits(src, start, end, where);
  const lit = newHuffman(288);
  const dist = newHuffman(30);
  const clCode = newHuffman(19);
  const lengths = new Uint8Array(286 + 30);
  let last = 0;
  while (!last) {
    last = bits.take(1);
    const type = bits.take(2);
    if (type === 0) stored(bits, out);
    else if (type === 1) {
      const [fl, fd] = fixedCodes();
      codes(bits, out, fl, fd);
    } else if (type === 2) dynamic(bits, out, lit, dist, lengths, clCode);
    else corrupt(where, 'block type 3 (reserved)');
  }
  bits.align();
  return bits.pos;
}
