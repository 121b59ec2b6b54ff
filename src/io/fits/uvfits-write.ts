/**
 * Writes a UVFITS file from a {@link Uvfits} record (read by `readUvfits`, perhaps with new
 * visibilities): the random-groups primary HDU with the same parameters (PTYPE, PSCAL, PZERO and
 * stored values, so u, v, w, baselines and dates are bit-for-bit those read) and axes, the other
 * primary header cards (OBJECT, TELESCOP, HISTORY, ...) kept, and every binary table (AIPS AN,
 * FQ, ...) re-encoded. With BITPIX -32 (the default, as AIPS writes) a file read and written
 * again has identical parameters and data; -64 keeps double-precision visibilities.
 *
 * @example
 * import { readUvfits } from './uvfits.ts';
 * import { writeUvfits, withVisibilities } from './uvfits-write.ts';
 * // const uv = readUvfits(bytes);
 * // const out = writeUvfits(withVisibilities(uv, newData));   // same layout, new values
 */
import { CandorError, describe } from '../../core/errors.ts';
import type { BinTable, WriteColumn } from './bintable.ts';
import { writeBinTable } from './bintable.ts';
import { FITS_BLOCK, type FitsCard, FLOAT_KEYWORDS, formatCards } from './header.ts';
import type { Uvfits } from './uvfits.ts';

/** Options of {@link writeUvfits}. */
export interface WriteUvfitsOptions {
  /** -32 (default) or -64. */
  bitpix?: -32 | -64;
  /** Extra HISTORY lines. */
  history?: readonly string[];
}

type UvfitsLayout = Pick<Uvfits, 'header' | 'nGroups' | 'params' | 'axes' | 'data' | 'groupSize' | 'tables'>;

const STRUCTURAL =
  /^(SIMPLE|BITPIX|NAXIS\d*|EXTEND|GROUPS|PCOUNT|GCOUNT|BSCALE|BZERO|BLANK|END|PTYPE\d+|PSCAL\d+|PZERO\d+|CTYPE\d+|CRVAL\d+|CDELT\d+|CRPIX\d+|CROTA\d+)$/;
const TABLE_STRUCTURAL = /^(XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|TFIELDS|TTYPE\d+|TFORM\d+|TUNIT\d+|TSCAL\d+|TZERO\d+|TNULL\d+|TDIM\d+|THEAP|END)$/;

/** A copy of `uv` with the visibility array replaced (same length: groups x group size). */
export function withVisibilities<T extends UvfitsLayout>(uv: T, data: Float64Array): T {
  if (!(data instanceof Float64Array) || data.length !== uv.data.length) {
    throw new CandorError('withVisibilities', 'data', `a Float64Array of ${uv.data.length} values (${uv.nGroups} groups x ${uv.groupSize})`, describe(data));
  }
  return { ...uv, data };
}

function tableBytes(t: BinTable): Uint8Array {
  const cols: WriteColumn[] = t.columns.map((c) => {
    if (c.type === 'X') throw new CandorError('writeUvfits', `table ${t.name} column ${c.name}`, 'no bit (X) columns', 'an X column');
    return c.type === 'A'
      ? { name: c.name, type: 'A', repeat: c.repeat, unit: c.unit, strings: c.strings }
      : { name: c.name, type: c.type as WriteColumn['type'], repeat: c.repeat, unit: c.unit, values: c.values };
  });
  const cards = t.header.cards.filter((c) => !TABLE_STRUCTURAL.test(c.key));
  return writeBinTable(cols, t.rows, cards, `writeUvfits table ${t.name}`);
}

/** Encodes `uv` as UVFITS bytes (see above). */
export function writeUvfits(uv: UvfitsLayout, opts: WriteUvfitsOptions = {}): Uint8Array {
  const where = 'writeUvfits';
  const bitpix = opts.bitpix ?? -32;
  if (bitpix !== -32 && bitpix !== -64) throw new CandorError(where, 'bitpix', '-32 or -64', describe(bitpix));
  if (uv.data.length !== uv.nGroups * uv.groupSize) {
    throw new CandorError(where, 'data length', `${uv.nGroups * uv.groupSize} (${uv.nGroups} groups x ${uv.groupSize})`, String(uv.data.length));
  }
  for (const p of uv.params) {
    if (p.raw.length !== uv.nGroups) throw new CandorError(where, `parameter ${p.ptype}`, `${uv.nGroups} values`, String(p.raw.length));
  }
  const cards: FitsCard[] = [
    { key: 'SIMPLE', value: true, comment: 'conforms to FITS standard' },
    { key: 'BITPIX', value: bitpix },
    { key: 'NAXIS', value: uv.axes.length + 1 },
    { key: 'NAXIS1', value: 0, comment: 'random groups' },
  ];
  uv.axes.forEach((a, k) => {
    cards.push({ key: `NAXIS${k + 2}`, value: a.n });
  });
  cards.push(
    { key: 'EXTEND', value: true },
    { key: 'GROUPS', value: true, comment: 'has groups' },
    { key: 'PCOUNT', value: uv.params.length, comment: 'number of parameters' },
    { key: 'GCOUNT', value: uv.nGroups, comment: 'number of groups' },
    { key: 'BSCALE', value: 1 },
    { key: 'BZERO', value: 0 },
  );
  uv.params.forEach((p, k) => {
    cards.push({ key: `PTYPE${k + 1}`, value: p.ptype }, { key: `PSCAL${k + 1}`, value: p.pscal }, { key: `PZERO${k + 1}`, value: p.pzero });
  });
  uv.axes.forEach((a, k) => {
    const i = k + 2;
    if (a.ctype) cards.push({ key: `CTYPE${i}`, value: a.ctype });
    cards.push({ key: `CRVAL${i}`, value: a.crval }, { key: `CDELT${i}`, value: a.cdelt }, { key: `CRPIX${i}`, value: a.crpix }, { key: `CROTA${i}`, value: a.crota });
  });
  for (const c of uv.header.cards) if (!STRUCTURAL.test(c.key)) cards.push(c);
  for (const line of opts.history ?? []) cards.push({ key: 'HISTORY', comment: line.slice(0, 72) });
  const head = formatCards(cards, FLOAT_KEYWORDS);
  const size = -bitpix / 8;
  const per = uv.params.length + uv.groupSize;
  const dataBytes = uv.nGroups * per * size;
  const padded = Math.ceil(dataBytes / FITS_BLOCK) * FITS_BLOCK;
  const tables = uv.tables.map(tableBytes);
  const total = head.length + padded + tables.reduce((a, t) => a + t.length, 0);
  const out = new Uint8Array(total);
  out.set(head, 0);
  const dv = new DataView(out.buffer, head.length, padded);
  const put = bitpix === -32 ? (o: number, v: number) => dv.setFloat32(o, v, false) : (o: number, v: number) => dv.setFloat64(o, v, false);
  for (let g = 0, o = 0; g < uv.nGroups; g++) {
    for (const p of uv.params) {
      put(o, p.raw[g]);
      o += size;
    }
    const base = g * uv.groupSize;
    for (let k = 0; k < uv.groupSize; k++, o += size) put(o, uv.data[base + k]);
  }
  let o = head.length + padded;
  for (const t of tables) {
    out.set(t, o);
    o += t.length;
  }
  return out;
}
