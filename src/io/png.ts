/**
 * PNG images to and from grey Float64 arrays, with `fast-png` (pure JavaScript, browser-safe).
 *
 * Reading: grey, grey+alpha, RGB, RGBA and palette images at 1, 2, 4, 8 and 16 bits become one
 * grey image of shape `[height, width]` (row 0 at the top). Colour is reduced to luma with the
 * ITU-R BT.601 weights `Y = 0.299 R + 0.587 G + 0.114 B` (as PIL's `convert('L')` and MATLAB's
 * `rgb2gray`, without their rounding); alpha is ignored (the image is not composited). Values are
 * scaled to [0, 1] by `2^bitDepth - 1` unless `scale: 'levels'` keeps the stored integer levels.
 *
 * Writing: a 2-D real array (complex arrays are written as their magnitude |z|) is mapped through
 * a window `[lo, hi]` (default: the data's min and max) to `round((v - lo) / (hi - lo) * L)`,
 * clamped to [0, L], with L = 255 (8-bit, default) or 65535 (16-bit). A constant image with the
 * default window is all zeros.
 *
 * @example
 * import { readPng, writePng } from './png.ts';
 * const png = writePng({ shape: [1, 3], data: Float64Array.of(0, 0.5, 1), complex: false });
 * readPng(png).data; // Float64Array [0, 128/255, 1]
 */
import { decode, encode, convertIndexedToRgb, hasPngSignature, type DecodedPng } from 'fast-png';
import { CandorError, describe } from '../core/errors.ts';
import { unzlib } from './gzip.ts';
import { OutputLimitError } from './inflate.ts';
import { checkBytes, checkFiniteArray, checkMaxSamples, checkNdArray, DEFAULT_MAX_SAMPLES, hexBytes, ioWhere, type NdArray } from './ndarray.ts';

/** BT.601 luma weights for R, G, B. */
export const LUMA_WEIGHTS: readonly [number, number, number] = Object.freeze([
  0.299, 0.587, 0.114,
]) as readonly [number, number, number];

/** Options of {@link readPng}. */
export interface ReadPngOptions {
  /** File name for error messages. */
  name?: string;
  /** 'unit' (default): values in [0, 1]; 'levels': the stored integer levels (0..2^bitDepth-1). */
  scale?: 'unit' | 'levels';
  /** Largest width x height accepted, checked from IHDR before anything is inflated (default 2^27). */
  maxPixels?: number;
}

/** Options of {@link writePng}: file name, display window and bit depth (grey levels). */
export interface WritePngOptions {
  /** File name for error messages. */
  name?: string;
  /** Display window [lo, hi] (lo < hi); default the data's [min, max]. */
  window?: [number, number];
  /** 8 (default) or 16 bits per pixel. */
  bitDepth?: 8 | 16;
  /**
   * A zlib (RFC 1950) compressor for the image data, e.g. Node's `zlib.deflateSync`
   * (./node/formats.ts `nativeDeflate`): the PNG is then assembled here around its output instead
   * of by fast-png, whose JavaScript deflate costs 25-100 ms per 320 x 320 image in a short-lived
   * process (cold JIT) against ~2 ms natively. Same pixels either way.
   */
  deflate?: (raw: Uint8Array) => Uint8Array;
}

/** A PNG read result: a grey image `[height, width]` plus what the file stored. */
export interface PngImage extends NdArray {
  complex: false;
  png: { bitDepth: number; channels: number; palette: boolean };
}

/** Unpacks 1/2/4-bit samples (rows padded to whole bytes, most significant bits first). */
function unpackBits(
  data: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  depth: number,
): Uint16Array {
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const out = new Uint16Array(perRow * height);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = data[y * rowBytes + (bit >> 3)];
      out[y * perRow + i] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

/** Largest decompressed iCCP colour profile accepted (real profiles are at most a few MB). */
const MAX_ICC_BYTES = 16 << 20;

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Bytes of filtered image data (a filter byte per row) for a width x height image, Adam7 or not. */
function filteredSize(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rows = (w: number, h: number) => (w > 0 && h > 0 ? h * (1 + Math.ceil((w * bitsPerPixel) / 8)) : 0);
  if (!interlaced) return rows(width, height);
  // Adam7 passes: [x0, y0, dx, dy]
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
  let n = 0;
  for (const [x0, y0, dx, dy] of passes) n += rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy));
  return n;
}

/**
 * Checks what a PNG declares before fast-png inflates it: width x height against `maxPixels`
 * (from IHDR), the image data against the size IHDR implies, and a compressed colour profile
 * against MAX_ICC_BYTES, each inflated with a cap so a decompression bomb stops at the cap.
 * Malformed chunks are left to fast-png, which reports them.
 */
function checkDeclaredSizes(where: string, bytes: Uint8Array, maxPixels: number): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let ihdr: { width: number; height: number; depth: number; color: number; interlace: number } | undefined;
  for (let p = 8; p + 12 <= bytes.length; ) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(bytes[p + 4], bytes[p + 5], bytes[p + 6], bytes[p + 7]);
    const start = p + 8;
    if (start + len + 4 > bytes.length) break;
    const data = bytes.subarray(start, start + len);
    if (type === 'IHDR' && len >= 13 && !ihdr) {
      ihdr = { width: dv.getUint32(start), height: dv.getUint32(start + 4), depth: data[8], color: data[9], interlace: data[12] };
      checkMaxSamples(where, 'image size', [ihdr.width, ihdr.height], maxPixels, 'pixels', 'maxPixels', `${ihdr.width}x${ihdr.height}`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'iCCP') {
      const nul = data.indexOf(0);
      if (nul >= 0 && nul + 2 <= data.length) {
        limited(() => unzlib(data.subarray(nul + 2), { where, maxOutput: MAX_ICC_BYTES, limitReason: 'for an iCCP colour profile' }));
      }
    } else if (type === 'IEND') break;
    p = start + len + 4;
  }
  const channels = ihdr ? CHANNELS[ihdr.color] : undefined;
  if (!ihdr || channels === undefined || idat.length === 0) return;
  const bpp = ihdr.depth * channels;
  const need = filteredSize(ihdr.width, ihdr.height, bpp, ihdr.interlace === 1);
  const all = new Uint8Array(idat.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of idat) {
    all.set(c, o);
    o += c.length;
  }
  const rowBytes = Math.ceil((ihdr.width * bpp) / 8);
  const declared = ihdr.interlace === 1 ? `${ihdr.width}x${ihdr.height} interlaced` : `${ihdr.height} rows of 1 + ${rowBytes} bytes`;
  let got: number;
  try {
    got = unzlib(all, { where, maxOutput: need, limitReason: `what IHDR declares: ${declared}` }).length;
  } catch (e) {
    if (e instanceof OutputLimitError) throw e;
    // damaged image data: refused here too, before fast-png allocates the declared image
    throw new CandorError(where, 'PNG data', 'a complete, valid PNG stream', e instanceof CandorError ? `${e.what}: ${e.got}` : String(e));
  }
  // less data than IHDR declares: refused here, before fast-png allocates the declared image
  if (got < need) throw new CandorError(where, 'image data', `${need} bytes after inflating (what IHDR declares: ${declared})`, `${got} bytes (truncated)`);
}

/** Runs a capped inflate: a stream over its cap is an error; other damage is left to fast-png. */
function limited(f: () => void): void {
  try {
    f();
  } catch (e) {
    if (e instanceof OutputLimitError) throw e;
  }
}

/**
 * Decodes PNG bytes to a grey {@link PngImage}. Throws, naming the file, for bytes without the PNG
 * signature, more than `maxPixels` pixels or image data inflating past what IHDR declares (both
 * checked before fast-png inflates anything), and a damaged PNG stream (bad chunk, CRC, truncated
 * data).
 */
export function readPng(bytes: Uint8Array, opts: ReadPngOptions = {}): PngImage {
  const where = ioWhere('readPng', opts.name);
  checkBytes(where, bytes);
  if (!hasPngSignature(bytes)) {
    throw new CandorError(
      where,
      'signature',
      'the PNG signature 89 50 4E 47 0D 0A 1A 0A',
      hexBytes(bytes, 8),
    );
  }
  checkDeclaredSizes(where, bytes, opts.maxPixels ?? DEFAULT_MAX_SAMPLES);
  let png: DecodedPng;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (e) {
    // fast-png reads with a DataView: running off its end is a RangeError, i.e. a truncated file.
    const why =
      e instanceof RangeError ? 'data that ends early (truncated)' : ((e as Error).message ?? String(e));
    throw new CandorError(where, 'PNG data', 'a complete, valid PNG stream', why);
  }
  const { width, height } = png;
  let depth: number = png.depth;
  let channels = png.channels;
  let samples: ArrayLike<number> = png.data;
  const palette = png.palette !== undefined;
  if (palette) {
    try {
      samples = convertIndexedToRgb(png);
    } catch (e) {
      // an index past the end of PLTE
      throw new CandorError(where, 'palette', 'indices within the PLTE palette', `an index past its end (${(e as Error).message ?? String(e)})`);
    }
    channels = png.palette![0].length;
    depth = 8;
  } else if (depth < 8) {
    samples = unpackBits(png.data, width, height, channels, depth);
  }
  const n = width * height;
  if (samples.length < n * channels) {
    throw new CandorError(
      where,
      'PNG data',
      `${n * channels} samples (${width}x${height}x${channels})`,
      String(samples.length),
    );
  }
  const levels = opts.scale === 'levels';
  if (opts.scale !== undefined && opts.scale !== 'unit' && !levels) {
    throw new CandorError(where, 'scale', "'unit' or 'levels'", describe(opts.scale));
  }
  const k = levels ? 1 : 1 / ((1 << depth) - 1);
  const [wr, wg, wb] = LUMA_WEIGHTS;
  const data = new Float64Array(n);
  if (channels <= 2) {
    for (let i = 0; i < n; i++) data[i] = samples[i * channels] * k;
  } else {
    for (let i = 0; i < n; i++) {
      const o = i * channels;
      data[i] = (wr * samples[o] + wg * samples[o + 1] + wb * samples[o + 2]) * k;
    }
  }
  return {
    shape: [height, width],
    data,
    complex: false,
    dtype: depth === 16 ? 'uint16' : 'uint8',
    png: { bitDepth: png.depth, channels: png.channels, palette },
  };
}

/**
 * Encodes a 2-D image `[height, width]` as a grey PNG through a display window (see above).
 * Throws for a shape that is not 2-D with positive sides, non-finite values, a window with
 * lo >= hi or non-finite ends, or a bit depth other than 8 or 16.
 */
export function writePng(arr: NdArray, opts: WritePngOptions = {}): Uint8Array {
  const where = ioWhere('writePng', opts.name);
  checkNdArray(where, arr);
  if (arr.shape.length !== 2 || arr.shape[0] < 1 || arr.shape[1] < 1) {
    throw new CandorError(
      where,
      'shape',
      'a 2-D image [height, width] with positive sides',
      `[${arr.shape.join(', ')}]`,
    );
  }
  const depth = opts.bitDepth ?? 8;
  if (depth !== 8 && depth !== 16) throw new CandorError(where, 'bitDepth', '8 or 16', describe(depth));
  checkFiniteArray(where, arr);
  const [height, width] = arr.shape;
  const n = height * width;
  const mag = new Float64Array(n);
  if (arr.complex) for (let i = 0; i < n; i++) mag[i] = Math.hypot(arr.data[2 * i], arr.data[2 * i + 1]);
  else mag.set(arr.data);
  let lo: number;
  let hi: number;
  if (opts.window) {
    [lo, hi] = opts.window;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
      throw new CandorError(
        where,
        'window',
        'finite [lo, hi] with lo < hi',
        `[${describe(lo)}, ${describe(hi)}]`,
      );
    }
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < n; i++) {
      if (mag[i] < lo) lo = mag[i];
      if (mag[i] > hi) hi = mag[i];
    }
  }
  const top = depth === 8 ? 255 : 65535;
  const px = depth === 8 ? new Uint8Array(n) : new Uint16Array(n);
  if (hi > lo) {
    const k = top / (hi - lo);
    for (let i = 0; i < n; i++) {
      const v = Math.round((mag[i] - lo) * k);
      px[i] = v < 0 ? 0 : v > top ? top : v;
    }
  }
  if (opts.deflate) return assemblePng(width, height, depth, px, opts.deflate);
  return encode({ width, height, data: px, depth, channels: 1 });
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309, as PNG chunks use) of bytes [from, to) of b. */
function crc32(b: Uint8Array, from: number, to: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = from; i < to; i++) c = crcTable[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A grey PNG (colour type 0, no interlace) from its samples: IHDR, one IDAT holding
 * `deflate` of the scanlines (filter byte 0, then the row; 16-bit samples big-endian), IEND
 * (PNG specification, 2nd ed., W3C 2003, sections 5 and 11).
 */
function assemblePng(
  width: number,
  height: number,
  depth: 8 | 16,
  px: Uint8Array | Uint16Array,
  deflate: (raw: Uint8Array) => Uint8Array,
): Uint8Array {
  const bpr = width * (depth / 8);
  const raw = new Uint8Array(height * (bpr + 1));
  for (let y = 0; y < height; y++) {
    const o = y * (bpr + 1) + 1; // raw[o - 1] = 0: no filter
    if (depth === 8) raw.set((px as Uint8Array).subarray(y * width, (y + 1) * width), o);
    else {
      for (let x = 0; x < width; x++) {
        const v = px[y * width + x];
        raw[o + 2 * x] = v >>> 8;
        raw[o + 2 * x + 1] = v & 0xff;
      }
    }
  }
  const z = deflate(raw);
  const out = new Uint8Array(8 + (12 + 13) + (12 + z.length) + 12);
  const dv = new DataView(out.buffer);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  const chunk = (type: string, len: number, fill: (o: number) => void) => {
    dv.setUint32(at, len);
    for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
    fill(at + 8);
    dv.setUint32(at + 8 + len, crc32(out, at + 4, at + 8 + len));
    at += 12 + len;
  };
  chunk('IHDR', 13, (o) => {
    dv.setUint32(o, width);
    dv.setUint32(o + 4, height);
    out[o + 8] = depth;
    // colour type 0 (grey), compression 0, filter method 0, no interlace: the next four bytes stay 0
  });
  chunk('IDAT', z.length, (o) => out.set(z, o));
  chunk('IEND', 0, () => {});
  return out;
}
