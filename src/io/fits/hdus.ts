/**
 * The HDUs (header + data units) of a FITS file, found without reading their data: each header is
 * parsed, its declared data size computed from BITPIX, NAXISn, PCOUNT and GCOUNT (FITS Standard
 * 4.0, eq. 1 and 2, section 6 for random groups) and checked against the bytes that remain before
 * anything is allocated.
 *
 * Data size in bytes, before padding to 2880:
 * - primary image or IMAGE extension: |BITPIX|/8 * NAXIS1 * ... * NAXISn (0 when NAXIS = 0);
 * - random groups (primary, NAXIS1 = 0, GROUPS = T): |BITPIX|/8 * GCOUNT * (PCOUNT + NAXIS2 * ... * NAXISn);
 * - extensions (BINTABLE, TABLE): |BITPIX|/8 * GCOUNT * (PCOUNT + NAXIS1 * ... * NAXISn).
 *
 * @example
 * import { listHdus } from './hdus.ts';
 * // const hdus = listHdus(bytes, 'eht.uvfits');
 * // hdus.map((h) => h.kind)   -> ['groups', 'bintable', 'bintable']
 */
import { CandorError, describe } from '../../core/errors.ts';
import { FITS_BLOCK, type FitsHeader, headerInt, headerString, headerValue, parseHeader } from './header.ts';

/** What an HDU holds: a primary or IMAGE array, random groups (UVFITS), a binary or ASCII table, or something else. */
export type HduKind = 'image' | 'groups' | 'bintable' | 'table' | 'other';

/** One header-data unit of a FITS file: its index, kind, EXTNAME, header and data layout. */
export interface FitsHdu {
  /** 0 for the primary HDU. */
  index: number;
  kind: HduKind;
  /** EXTNAME (trimmed), '' for the primary HDU or an unnamed extension. */
  name: string;
  header: FitsHeader;
  bitpix: number;
  /** NAXIS1..NAXISn as in the header (NAXIS1 first, the fastest axis). */
  naxis: number[];
  pcount: number;
  gcount: number;
  /** Byte offset of the data area and its length without padding. */
  dataOffset: number;
  dataBytes: number;
}

const BITPIX = [8, 16, 32, 64, -32, -64];

/** Throws unless `bytes` starts with `SIMPLE  =` (a FITS file). */
function checkMagic(bytes: Uint8Array, where: string): void {
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(9, bytes.length)));
  if (head !== 'SIMPLE  =') {
    throw new CandorError(where, 'start of file', "'SIMPLE  =' (a FITS file)", describe(head));
  }
}

/** Product of the numbers, with an error when it leaves the exact integer range. */
function product(xs: readonly number[], where: string, what: string): number {
  let p = 1;
  for (const x of xs) {
    p *= x;
    if (p > Number.MAX_SAFE_INTEGER) throw new CandorError(where, what, 'a data size below 2^53 bytes', `NAXISn = ${xs.join(' x ')}`);
  }
  return p;
}

/** Reads one HDU's header at `offset` and works out where its data are (sizes checked). */
function readHdu(bytes: Uint8Array, offset: number, index: number, where: string): { hdu: FitsHdu; next: number } {
  const { header, end } = parseHeader(bytes, offset, where);
  const at = index === 0 ? 'primary HDU' : `HDU ${index}`;
  const w = `${where} ${at}`;
  if (index === 0 && headerValue(header, 'SIMPLE') !== true) {
    throw new CandorError(w, 'SIMPLE', 'T (a file that conforms to the FITS standard)', describe(headerValue(header, 'SIMPLE')));
  }
  const bitpix = headerInt(header, 'BITPIX', w, -64, 64);
  if (!BITPIX.includes(bitpix)) throw new CandorError(w, 'BITPIX', `one of ${BITPIX.join(', ')}`, String(bitpix));
  const nax = headerInt(header, 'NAXIS', w, 0, 999);
  const naxis: number[] = [];
  for (let i = 1; i <= nax; i++) naxis.push(headerInt(header, `NAXIS${i}`, w, 0, Number.MAX_SAFE_INTEGER));
  const xt = headerString(header, 'XTENSION').trim().toUpperCase();
  const groups = index === 0 && headerValue(header, 'GROUPS') === true && nax >= 1 && naxis[0] === 0;
  const pcount = headerInt(header, 'PCOUNT', w, 0, Number.MAX_SAFE_INTEGER, 0);
  const gcount = headerInt(header, 'GCOUNT', w, 0, Number.MAX_SAFE_INTEGER, 1);
  let kind: HduKind;
  let elements: number;
  if (groups) {
    kind = 'groups';
    elements = gcount * (pcount + product(naxis.slice(1), w, 'group size'));
  } else if (index === 0) {
    kind = 'image';
    elements = nax === 0 ? 0 : product(naxis, w, 'image size');
  } else {
    kind = xt === 'BINTABLE' ? 'bintable' : xt === 'TABLE' ? 'table' : xt === 'IMAGE' ? 'image' : 'other';
    elements = nax === 0 ? 0 : gcount * (pcount + product(naxis, w, 'data size'));
  }
  const dataBytes = elements * (Math.abs(bitpix) / 8);
  if (!Number.isSafeInteger(dataBytes)) throw new CandorError(w, 'data size', 'below 2^53 bytes', String(dataBytes));
  const have = bytes.length - end;
  if (dataBytes > have) {
    const dims = groups ? `GCOUNT ${gcount} x (PCOUNT ${pcount} + ${naxis.slice(1).join('x')})` : `${naxis.join('x')}`;
    throw new CandorError(
      w,
      'data size',
      `${dataBytes} bytes (BITPIX ${bitpix}, ${dims})`,
      `${Math.max(0, have)} bytes left in the file (truncated file or wrong NAXISn/GCOUNT/PCOUNT)`,
    );
  }
  const name = index === 0 ? '' : headerString(header, 'EXTNAME').trim();
  const next = end + Math.ceil(dataBytes / FITS_BLOCK) * FITS_BLOCK;
  return { hdu: { index, kind, name, header, bitpix, naxis, pcount, gcount, dataOffset: end, dataBytes }, next };
}

/**
 * Trailing bytes are ignored only when no extension header starts in them at a block boundary:
 * one that does means the sizes declared before it (NAXISn, GCOUNT, PCOUNT) are wrong, and reading
 * on would drop that extension and the data between silently.
 */
function checkNoLaterExtension(bytes: Uint8Array, offset: number, last: FitsHdu, where: string): void {
  for (let at = offset + FITS_BLOCK; at + 9 <= bytes.length; at += FITS_BLOCK) {
    if (String.fromCharCode(...bytes.subarray(at, at + 9)) !== 'XTENSION=') continue;
    const at0 = last.index === 0 ? 'primary HDU' : `HDU ${last.index}`;
    throw new CandorError(
      `${where} ${at0}`,
      'data size',
      `data that end where the next extension header starts (byte ${at})`,
      `${last.dataBytes} bytes declared (BITPIX ${last.bitpix}, NAXISn ${last.naxis.join('x')}, GCOUNT ${last.gcount}, PCOUNT ${last.pcount}), ending at byte ${offset}: wrong NAXISn/GCOUNT/PCOUNT`,
    );
  }
}

/**
 * Every HDU of a FITS file in order (the primary first). Extensions after the last complete HDU
 * are read while the bytes allow; trailing bytes that do not start an `XTENSION` header (tape
 * padding, zeros) are ignored, as astropy does.
 */
export function listHdus(bytes: Uint8Array, where: string): FitsHdu[] {
  checkMagic(bytes, where);
  const out: FitsHdu[] = [];
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    if (i > 0) {
      const head = String.fromCharCode(...bytes.subarray(offset, Math.min(offset + 9, bytes.length)));
      if (head !== 'XTENSION=') {
        checkNoLaterExtension(bytes, offset, out[out.length - 1], where);
        break;
      }
    }
    const { hdu, next } = readHdu(bytes, offset, i, where);
    out.push(hdu);
    offset = next;
  }
  return out;
}

/** The HDU with EXTNAME `name` (case-insensitive, trimmed; EXTVER 1 when several), or undefined. */
export function findHdu(hdus: readonly FitsHdu[], name: string): FitsHdu | undefined {
  const want = name.trim().toUpperCase();
  return hdus.find((h) => h.name.toUpperCase() === want);
}
