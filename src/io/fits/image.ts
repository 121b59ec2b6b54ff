/**
 * FITS images: the primary HDU (or an IMAGE extension) read into an {@link NdArray}, and written
 * from one, with any BITPIX (8, 16, 32, 64 integers; -32, -64 IEEE floats; always big-endian),
 * BSCALE/BZERO (physical = BZERO + BSCALE * stored) and BLANK (integer images: that stored value
 * is undefined and reads as NaN; BLANK in a float image is ignored, as astropy does).
 *
 * Axis order: FITS stores NAXIS1 fastest. We read the shape reversed, `[NAXISn, ..., NAXIS1]`, in
 * C order, exactly like astropy's `hdu.data` (no reordering is needed): `out[j, i]` of a 2-D image
 * is astropy's `data[j, i]`, pixel (i+1, j+1) in FITS's 1-based (x, y) terms.
 *
 * @example
 * import { readFitsImage, writeFitsImage } from './image.ts';
 * const bytes = writeFitsImage({ shape: [2, 3], data: Float64Array.of(1, 2, 3, 4, 5, 6), complex: false });
 * readFitsImage(bytes).shape; // [2, 3]  (NAXIS1 = 3, NAXIS2 = 2)
 */
import { CandorError, describe } from '../../core/errors.ts';
import { checkBytes, checkFiniteArray, checkNdArray, formatIndex, ioWhere, type NdArray, shapeSize } from '../ndarray.ts';
import { type FitsHdu, listHdus } from './hdus.ts';
import { FITS_BLOCK, type FitsCard, type FitsHeader, FLOAT_KEYWORDS, formatCards, headerNumber, headerValue } from './header.ts';

/** Options of {@link readFitsImage}. */
export interface ReadFitsImageOptions {
  /** File name for error messages. */
  name?: string;
  /** HDU index (0 = primary) or EXTNAME; default: the primary HDU, or the first IMAGE extension when the primary has no data. */
  hdu?: number | string;
  /** Accept NaN (float NaN or BLANK) pixels (default false: an error names the first). */
  allowNonFinite?: boolean;
}

export interface FitsImage extends NdArray {
  /** The HDU's header (all cards). */
  header: FitsHeader;
  bitpix: number;
  bscale: number;
  bzero: number;
  /** BLANK of an integer image, when present. */
  blank?: number;
  hduIndex: number;
}

const DTYPE: Record<number, string> = { 8: 'uint8', 16: 'int16', 32: 'int32', 64: 'int64', [-32]: 'float32', [-64]: 'float64' };
const BIG53 = 2n ** 53n;

/** Stored (raw) value k of the data area as a number (or bigint for BITPIX 64). */
export function rawSample(dv: DataView, bitpix: number, o: number): number | bigint {
  switch (bitpix) {
    case 8:
      return dv.getUint8(o);
    case 16:
      return dv.getInt16(o, false);
    case 32:
      return dv.getInt32(o, false);
    case 64:
      return dv.getBigInt64(o, false);
    case -32:
      return dv.getFloat32(o, false);
    default:
      return dv.getFloat64(o, false);
  }
}

function pickHdu(hdus: FitsHdu[], sel: number | string | undefined, where: string): FitsHdu {
  if (typeof sel === 'number') {
    const h = hdus[sel];
    if (!h) throw new CandorError(where, 'HDU', `an index in [0, ${hdus.length - 1}]`, String(sel));
    if (h.kind !== 'image') throw new CandorError(where, `HDU ${sel}`, 'an image', `a ${h.kind} HDU`);
    return h;
  }
  if (typeof sel === 'string') {
    const h = hdus.find((x) => x.name.toUpperCase() === sel.toUpperCase() && x.kind === 'image');
    if (!h) throw new CandorError(where, 'HDU', `an IMAGE extension named ${sel}`, `names ${hdus.map((x) => describe(x.name)).join(', ')}`);
    return h;
  }
  const p = hdus[0];
  if (p.kind === 'groups') throw new CandorError(where, 'primary HDU', 'an image', 'random groups (a UVFITS visibility file: use readUvfits)');
  if (p.kind === 'image' && p.naxis.length > 0 && p.dataBytes > 0) return p;
  const ext = hdus.find((x) => x.index > 0 && x.kind === 'image' && x.dataBytes > 0);
  if (!ext) throw new CandorError(where, 'image', 'a primary HDU or IMAGE extension with data', 'no image data (NAXIS = 0 everywhere)');
  return ext;
}

/**
 * Reads a FITS image (see above for axis order and scaling). Errors name the file: not FITS,
 * truncated header or data, bad BITPIX/NAXIS, random groups, an int64 value beyond 2^53, or
 * (unless allowed) NaN pixels.
 */
export function readFitsImage(bytes: Uint8Array, opts: ReadFitsImageOptions = {}): FitsImage {
  const where = ioWhere('readFitsImage', opts.name);
  checkBytes(where, bytes);
  const hdus = listHdus(bytes, where);
  const h = pickHdu(hdus, opts.hdu, where);
  const hw = h.index === 0 ? where : `${where} HDU ${h.index}`;
  const bscale = headerNumber(h.header, 'BSCALE', hw, 1);
  const bzero = headerNumber(h.header, 'BZERO', hw, 0);
  const blankV = h.bitpix > 0 ? headerValue(h.header, 'BLANK') : undefined;
  const blank = typeof blankV === 'number' && Number.isInteger(blankV) ? blankV : undefined;
  const n = shapeSize(h.naxis);
  const data = new Float64Array(n);
  const dv = new DataView(bytes.buffer, bytes.byteOffset + h.dataOffset, h.dataBytes);
  const size = Math.abs(h.bitpix) / 8;
  const exactInt64 = h.bitpix === 64 && bscale === 1 && Number.isInteger(bzero);
  const bz = exactInt64 ? BigInt(bzero) : 0n;
  for (let k = 0, o = 0; k < n; k++, o += size) {
    const raw = rawSample(dv, h.bitpix, o);
    if (blank !== undefined && Number(raw) === blank && (typeof raw !== 'bigint' || raw === BigInt(blank))) {
      data[k] = Number.NaN;
      continue;
    }
    if (typeof raw === 'bigint') {
      const v = exactInt64 ? raw + bz : raw;
      if (v > BIG53 || v < -BIG53) {
        throw new CandorError(hw, 'data', 'int64 values within +-2^53 (exact in float64)', `${v} at ${formatIndex([...h.naxis].reverse(), k)}`);
      }
      data[k] = exactInt64 ? Number(v) : bzero + bscale * Number(v);
    } else {
      data[k] = bzero + bscale * raw;
    }
  }
  const out: FitsImage = {
    shape: [...h.naxis].reverse(),
    data,
    complex: false,
    dtype: DTYPE[h.bitpix],
    header: h.header,
    bitpix: h.bitpix,
    bscale,
    bzero,
    hduIndex: h.index,
  };
  if (blank !== undefined) out.blank = blank;
  const spacing = h.naxis.map((_, i) => headerValue(h.header, `CDELT${i + 1}`));
  if (spacing.every((s) => typeof s === 'number')) out.spacing = (spacing as number[]).reverse();
  if (!opts.allowNonFinite) checkFiniteArray(hw, out);
  return out;
}

/** Options of {@link writeFitsImage}: file name, stored BITPIX, integer scaling and extra cards. */
export interface WriteFitsImageOptions {
  /** File name for error messages. */
  name?: string;
  /** Stored type: -64 (default), -32, 8, 16, 32 or 64. */
  bitpix?: 8 | 16 | 32 | 64 | -32 | -64;
  /** Integer BITPIX only: stored = round((physical - bzero) / bscale). Defaults 1 and 0. */
  bscale?: number;
  bzero?: number;
  /** Integer BITPIX only: the stored value for NaN pixels (written as the BLANK card). */
  blank?: number;
  /** Extra cards after the structural ones (WCS, BUNIT, OBJECT, HISTORY...). */
  cards?: readonly FitsCard[];
}

const INT_RANGE: Record<number, [number, number]> = {
  8: [0, 255],
  16: [-32768, 32767],
  32: [-2147483648, 2147483647],
  64: [-(2 ** 53), 2 ** 53],
};

const RESERVED = /^(SIMPLE|BITPIX|NAXIS\d*|EXTEND|BSCALE|BZERO|BLANK|END|GROUPS|PCOUNT|GCOUNT|XTENSION)$/;

/**
 * Writes a real array as a single-HDU FITS file (primary image), shape `[NAXISn, ..., NAXIS1]` as
 * read by {@link readFitsImage} and astropy. Floats are written as they are (NaN allowed, it is
 * FITS's blank for floats); integers are rounded after BZERO/BSCALE and checked against the type's
 * range, NaN needing `blank`. Structural keywords in `cards` are an error (they would contradict
 * the array).
 */
export function writeFitsImage(arr: NdArray, opts: WriteFitsImageOptions = {}): Uint8Array {
  const where = ioWhere('writeFitsImage', opts.name);
  checkNdArray(where, arr);
  if (arr.complex) throw new CandorError(where, 'array', 'real data (FITS images are real)', 'complex data');
  if (arr.shape.length < 1 || arr.shape.length > 999) throw new CandorError(where, 'shape', '1 to 999 axes', `${arr.shape.length} axes`);
  const bitpix = opts.bitpix ?? -64;
  if (!(bitpix in DTYPE)) throw new CandorError(where, 'bitpix', 'one of 8, 16, 32, 64, -32, -64', describe(bitpix));
  const isInt = bitpix > 0;
  const bscale = opts.bscale ?? 1;
  const bzero = opts.bzero ?? 0;
  if (!isInt && (bscale !== 1 || bzero !== 0)) throw new CandorError(where, 'bscale/bzero', 'the defaults 1 and 0 for float BITPIX', `${bscale} and ${bzero}`);
  if (!Number.isFinite(bscale) || bscale === 0 || !Number.isFinite(bzero)) {
    throw new CandorError(where, 'bscale/bzero', 'finite numbers, bscale non-zero', `${bscale} and ${bzero}`);
  }
  const cards: FitsCard[] = [
    { key: 'SIMPLE', value: true, comment: 'conforms to FITS standard' },
    { key: 'BITPIX', value: bitpix, comment: 'array data type' },
    { key: 'NAXIS', value: arr.shape.length, comment: 'number of array dimensions' },
  ];
  const naxis = [...arr.shape].reverse();
  naxis.forEach((d, i) => {
    cards.push({ key: `NAXIS${i + 1}`, value: d });
  });
  if (isInt) {
    if (bscale !== 1 || bzero !== 0) {
      cards.push({ key: 'BSCALE', value: bscale }, { key: 'BZERO', value: bzero });
    }
    if (opts.blank !== undefined) cards.push({ key: 'BLANK', value: opts.blank });
  }
  for (const c of opts.cards ?? []) {
    if (RESERVED.test(c.key)) throw new CandorError(where, `card ${c.key}`, 'no structural keyword in extra cards', c.key);
    cards.push(c);
  }
  const head = formatCards(cards, FLOAT_KEYWORDS);
  const n = arr.data.length;
  const size = Math.abs(bitpix) / 8;
  const dataLen = Math.ceil((n * size) / FITS_BLOCK) * FITS_BLOCK;
  const out = new Uint8Array(head.length + dataLen);
  out.set(head, 0);
  const dv = new DataView(out.buffer, head.length, dataLen);
  const [lo, hi] = INT_RANGE[bitpix] ?? [0, 0];
  const shape = arr.shape;
  for (let k = 0, o = 0; k < n; k++, o += size) {
    const v = arr.data[k];
    if (!isInt) {
      if (bitpix === -32) dv.setFloat32(o, v, false);
      else dv.setFloat64(o, v, false);
      continue;
    }
    let s: number;
    if (Number.isNaN(v)) {
      if (opts.blank === undefined) throw new CandorError(where, 'data', 'finite values (or give blank for NaN)', `NaN at ${formatIndex(shape, k)}`);
      s = opts.blank;
    } else {
      s = Math.round((v - bzero) / bscale);
      if (!(s >= lo && s <= hi)) {
        throw new CandorError(where, 'data', `stored values in [${lo}, ${hi}] for BITPIX ${bitpix}`, `${describe(v)} -> ${s} at ${formatIndex(shape, k)}`);
      }
    }
    if (bitpix === 8) dv.setUint8(o, s);
    else if (bitpix === 16) dv.setInt16(o, s, false);
    else if (bitpix === 32) dv.setInt32(o, s, false);
    else dv.setBigInt64(o, BigInt(s), false);
  }
  return out;
}
