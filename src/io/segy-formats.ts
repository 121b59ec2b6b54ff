/**
 * SEG-Y data sample formats (binary header bytes 3225-3226): the code, its size, and the loops
 * that decode a run of samples into a Float64Array and encode them back, in either byte order.
 *
 * | code | samples                     | rev |
 * |------|-----------------------------|-----|
 * | 1    | 4-byte IBM float            | 0   |
 * | 2    | 4-byte signed integer       | 0   |
 * | 3    | 2-byte signed integer       | 0   |
 * | 5    | 4-byte IEEE float           | 1   |
 * | 6    | 8-byte IEEE float           | 2   |
 * | 7    | 3-byte signed integer       | 2   |
 * | 8    | 1-byte signed integer       | 1   |
 * | 9    | 8-byte signed integer       | 2   |
 * | 10   | 4-byte unsigned integer     | 2   |
 * | 11   | 2-byte unsigned integer     | 2   |
 * | 12   | 8-byte unsigned integer     | 2   |
 * | 15   | 3-byte unsigned integer     | 2   |
 * | 16   | 1-byte unsigned integer     | 2   |
 *
 * Code 4 (4-byte fixed point with gain, obsolete since rev 1) is refused. Every format reads
 * exactly into float64 (8-byte integers only when |v| <= 2^53, checked); writing checks that each
 * value fits the format (integers in range, float32 range for code 5, the IBM range for code 1)
 * and reports the first one that does not, so a write then read gives back exactly what was read.
 *
 * Reference: SEG-Y rev 2.0 (2017), table 2, bytes 3225-3226.
 *
 * @example
 * import { SAMPLE_FORMATS, decodeSamples } from './segy-formats.ts';
 * SAMPLE_FORMATS[3].bytes;   // 2
 * const out = new Float64Array(2);
 * decodeSamples(new DataView(Uint8Array.of(0xff, 0xfe, 0, 7).buffer), 0, 2, 3, false, out, 0); // [-2, 7]
 */
import { IBM_MAX, type IbmRounding, ibmToNumber, numberToIbm } from './segy-ibm.ts';

/** A SEG-Y sample format: its code, bytes per sample, name, value range and whether it is an integer format. */
export interface SampleFormat {
  readonly code: number;
  readonly bytes: number;
  readonly name: string;
  /** Inclusive range of an integer format; float formats: [-max, max]. */
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

const F32_MAX = 3.4028234663852886e38;

function fmt(code: number, bytes: number, name: string, min: number, max: number, integer: boolean): SampleFormat {
  return Object.freeze({ code, bytes, name, min, max, integer });
}

/** The supported sample formats by code. */
export const SAMPLE_FORMATS: Readonly<Record<number, SampleFormat>> = Object.freeze({
  1: fmt(1, 4, '4-byte IBM float', -IBM_MAX, IBM_MAX, false),
  2: fmt(2, 4, '4-byte signed integer', -(2 ** 31), 2 ** 31 - 1, true),
  3: fmt(3, 2, '2-byte signed integer', -32768, 32767, true),
  5: fmt(5, 4, '4-byte IEEE float', -F32_MAX, F32_MAX, false),
  6: fmt(6, 8, '8-byte IEEE float', -Number.MAX_VALUE, Number.MAX_VALUE, false),
  7: fmt(7, 3, '3-byte signed integer', -(2 ** 23), 2 ** 23 - 1, true),
  8: fmt(8, 1, '1-byte signed integer', -128, 127, true),
  9: fmt(9, 8, '8-byte signed integer', -(2 ** 53), 2 ** 53, true),
  10: fmt(10, 4, '4-byte unsigned integer', 0, 2 ** 32 - 1, true),
  11: fmt(11, 2, '2-byte unsigned integer', 0, 65535, true),
  12: fmt(12, 8, '8-byte unsigned integer', 0, 2 ** 53, true),
  15: fmt(15, 3, '3-byte unsigned integer', 0, 2 ** 24 - 1, true),
  16: fmt(16, 1, '1-byte unsigned integer', 0, 255, true),
});

/** `1 (4-byte IBM float), 2 (...), ...`: the list for error messages. */
export function formatList(): string {
  return Object.values(SAMPLE_FORMATS)
    .map((f) => `${f.code} (${f.name})`)
    .join(', ');
}

const BIG53 = 2n ** 53n;

/**
 * Decodes `n` samples of format `code` starting at byte `o` of `dv` into `out[outOff ..]`.
 * Returns -1, or the index (0-based, within the run) of an 8-byte integer beyond +-2^53.
 */
export function decodeSamples(
  dv: DataView,
  o: number,
  n: number,
  code: number,
  le: boolean,
  out: Float64Array,
  outOff: number,
): number {
  switch (code) {
    case 1:
      for (let i = 0; i < n; i++) out[outOff + i] = ibmToNumber(dv.getUint32(o + 4 * i, le));
      return -1;
    case 2:
      for (let i = 0; i < n; i++) out[outOff + i] = dv.getInt32(o + 4 * i, le);
      return -1;
    case 3:
      for (let i = 0; i < n; i++) out[outOff + i] = dv.getInt16(o + 2 * i, le);
      return -1;
    case 5:
      for (let i = 0; i < n; i++) out[outOff + i] = dv.getFloat32(o + 4 * i, le);
      return -1;
    case 6:
      for (let i = 0; i < n; i++) out[outOff + i] = dv.getFloat64(o + 8 * i, le);
      return -1;
    case 7:
    case 15:
      for (let i = 0; i < n; i++) {
        const p = o + 3 * i;
        const b0 = dv.getUint8(p);
        const b2 = dv.getUint8(p + 2);
        let v = ((le ? b2 : b0) << 16) | (dv.getUint8(p + 1) << 8) | (le ? b0 : b2);
        if (code === 7 && v & 0x800000) v -= 0x1000000;
        out[outOff + i] = v;
      }
      return -1;
    case 8:
      for (let i = 0; i < n; i++) out[outOff + i] = dv.getInt8(o + i);
      return -1;
    case 9:
    case 12:
      for (let i = 0; i < n; i++) {
        const v = code === 9 ? dv.getBigInt64(o + 8 * i, le) : dv.getBigUint64(o + 8 * i, le);
        if (v > BIG53 || v < -BIG53) return i;
        out[outOff + i] = Number(v);
      }
      return -1;
    case 10:
      for (let i = 0; i < n; i++) out[outOff + i] = dv.getUint32(o + 4 * i, le);
      return -1;
    case 11:
      for (let i = 0; i < n; i++) out[outOff + i] = dv.getUint16(o + 2 * i, le);
      return -1;
    case 16:
      for (let i = 0; i < n; i++) out[outOff + i] = dv.getUint8(o + i);
      return -1;
    default:
      throw new Error(`decodeSamples: unsupported code ${code}`);
  }
}

/** Index (within the run) of the first value that format `code` cannot hold, or -1. */
export function firstUnrepresentable(src: Float64Array, off: number, n: number, code: number): number {
  const f = SAMPLE_FORMATS[code];
  for (let i = 0; i < n; i++) {
    const v = src[off + i];
    if (!(v >= f.min && v <= f.max)) return i; // NaN fails too
    if (f.integer && !Number.isInteger(v)) return i;
  }
  return -1;
}

/**
 * Encodes `n` samples `src[off ..]` in format `code` at byte `o` of `dv` (values checked by
 * {@link firstUnrepresentable} first). IBM values round as `rounding` says.
 */
export function encodeSamples(
  dv: DataView,
  o: number,
  src: Float64Array,
  off: number,
  n: number,
  code: number,
  le: boolean,
  rounding: IbmRounding,
): void {
  switch (code) {
    case 1:
      for (let i = 0; i < n; i++) dv.setUint32(o + 4 * i, numberToIbm(src[off + i], rounding), le);
      return;
    case 2:
      for (let i = 0; i < n; i++) dv.setInt32(o + 4 * i, src[off + i], le);
      return;
    case 3:
      for (let i = 0; i < n; i++) dv.setInt16(o + 2 * i, src[off + i], le);
      return;
    case 5:
      for (let i = 0; i < n; i++) dv.setFloat32(o + 4 * i, src[off + i], le);
      return;
    case 6:
      for (let i = 0; i < n; i++) dv.setFloat64(o + 8 * i, src[off + i], le);
      return;
    case 7:
    case 15:
      for (let i = 0; i < n; i++) {
        const v = src[off + i] & 0xffffff;
        const p = o + 3 * i;
        dv.setUint8(p, le ? v & 0xff : v >>> 16);
        dv.setUint8(p + 1, (v >>> 8) & 0xff);
        dv.setUint8(p + 2, le ? v >>> 16 : v & 0xff);
      }
      return;
    case 8:
      for (let i = 0; i < n; i++) dv.setInt8(o + i, src[off + i]);
      return;
    case 9:
      for (let i = 0; i < n; i++) dv.setBigInt64(o + 8 * i, BigInt(src[off + i]), le);
      return;
    case 12:
      for (let i = 0; i < n; i++) dv.setBigUint64(o + 8 * i, BigInt(src[off + i]), le);
      return;
    case 10:
      for (let i = 0; i < n; i++) dv.setUint32(o + 4 * i, src[off + i], le);
      return;
    case 11:
      for (let i = 0; i < n; i++) dv.setUint16(o + 2 * i, src[off + i], le);
      return;
    case 16:
      for (let i = 0; i < n; i++) dv.setUint8(o + i, src[off + i]);
      return;
    default:
      throw new Error(`encodeSamples: unsupported code ${code}`);
  }
}
