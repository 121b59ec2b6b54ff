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
import type { StreamExtent } from '../stream-extent.ts';
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

/** An HDU's layout from its header: kind, BITPIX, NAXISn, PCOUNT, GCOUNT and data size (validated). */
function hduLayout(header: FitsHeader, index: number, w: string): Omit<FitsHdu, 'index' | 'name' | 'header' | 'dataOffset'> & { groups: boolean } {
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
  return { kind, bitpix, naxis, pcount, gcount, dataBytes, groups };
}

/** Reads one HDU's header at `offset` and works out where its data are (sizes checked). */
function readHdu(bytes: Uint8Array, offset: number, index: number, where: string): { hdu: FitsHdu; next: number } {
  const { header, end } = parseHeader(bytes, offset, where);
  const w = `${where} ${index === 0 ? 'primary HDU' : `HDU ${index}`}`;
  const { kind, bitpix, naxis, pcount, gcount, dataBytes, groups } = hduLayout(header, index, w);
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

/**
 * The longest header a FITS stream may have: 10 000 blocks (360 000 cards, 28.8 MB; real headers
 * are a few blocks, long HISTORY a few hundred), so that cards without END are refused there.
 */
export const FITS_STREAM_HEADER_BLOCKS = 10000;

/** Trailing bytes a FITS stream may carry after its last HDU: one tape record (10 blocks). */
export const FITS_STREAM_PADDING = 10 * FITS_BLOCK;

/** Whether a 2880-byte header block holds the END card (at a card boundary, the rest blank). */
function blockHasEnd(block: Uint8Array): boolean {
  for (let c = 0; c < FITS_BLOCK; c += 80) {
    if (block[c] !== 0x45 || block[c + 1] !== 0x4e || block[c + 2] !== 0x44) continue;
    let blank = true;
    for (let k = c + 3; k < c + 80 && blank; k++) blank = block[k] === 0x20;
    if (blank) return true;
  }
  return false;
}

/**
 * Follows a FITS file as a stream arrives (a pipe: its size is not known ahead), HDU by HDU, from
 * the bytes read so far (`at(offset, length)`, null until they are there): each header is parsed
 * and checked as {@link listHdus} does and its data skipped by their declared size. Once the block
 * after an HDU starts no `XTENSION`, the file is complete: the answer is final, its size plus
 * {@link FITS_STREAM_PADDING}, and a stream going on past that is not FITS (a valid header, then
 * /dev/zero). Until then the answer is the size declared so far, a lower bound.
 *
 * @example
 * // readFileBytes(path, where, 'file', (head) => fitsStreamExtent(where))
 */
export function fitsStreamExtent(where: string): (at: (offset: number, length: number) => Uint8Array | null) => StreamExtent | undefined {
  let offset = 0; // where the current HDU starts
  let index = 0;
  let blocks = 0; // header blocks of the current HDU scanned, none holding END
  return (at) => {
    for (;;) {
      if (index === 0 && blocks === 0) {
        const m = at(0, 9);
        if (!m) return undefined;
        checkMagic(m, where);
      }
      if (index > 0 && blocks === 0) {
        const m = at(offset, 9);
        if (!m) return { bytes: offset, final: false };
        if (String.fromCharCode(...m) !== 'XTENSION=') {
          return { bytes: offset + FITS_STREAM_PADDING, final: true, says: `the ${offset} bytes its FITS HDUs declare and up to ${FITS_STREAM_PADDING} bytes of padding` };
        }
      }
      for (;;) {
        if (blocks >= FITS_STREAM_HEADER_BLOCKS) {
          throw new CandorError(
            where,
            `header at byte ${offset}`,
            `an END card within ${FITS_STREAM_HEADER_BLOCKS} blocks (${FITS_STREAM_HEADER_BLOCKS * 36} cards) on a stream`,
            `${blocks * FITS_BLOCK} bytes of cards without END`,
          );
        }
        const block = at(offset + blocks * FITS_BLOCK, FITS_BLOCK);
        if (!block) return { bytes: offset + (blocks + 1) * FITS_BLOCK, final: false };
        blocks++;
        let printable = true;
        for (let k = 0; k < FITS_BLOCK && printable; k++) printable = block[k] >= 0x20 && block[k] <= 0x7e;
        // parseHeader names the first byte that is not header text
        if (!printable || blockHasEnd(block)) break;
      }
      const bytes = at(offset, blocks * FITS_BLOCK) as Uint8Array;
      const { header, end } = parseHeader(bytes, 0, where, offset);
      const w = `${where} ${index === 0 ? 'primary HDU' : `HDU ${index}`}`;
      const { dataBytes } = hduLayout(header, index, w);
      offset += end + Math.ceil(dataBytes / FITS_BLOCK) * FITS_BLOCK;
      index++;
      blocks = 0;
    }
  };
}
