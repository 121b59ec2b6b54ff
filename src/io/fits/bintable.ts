/**
 * FITS binary tables (XTENSION = 'BINTABLE', FITS Standard 4.0 section 7.3): read into columns,
 * and written from them. UVFITS keeps its antenna (AIPS AN) and frequency (AIPS FQ) tables so.
 *
 * Column formats `rT` (repeat r, default 1; r = 0 is an empty column, as AIPS writes ORBPARM):
 * L logical, X bits, B uint8, I int16, J int32, K int64, A characters, E float32, D float64,
 * C complex float32, M complex float64; TSCALn/TZEROn apply to numeric columns. Variable-length
 * arrays (P, Q) are reported as unsupported when read. All values are big-endian.
 *
 * @example
 * import { writeBinTable, readBinTable } from './bintable.ts';
 * // const an = readBinTable(bytes, 'AIPS AN', { name: 'eht.uvfits' });
 * // an.column('ANNAME').strings  -> ['AA', 'AP', 'AZ', ...]
 */
import { CandorError, describe } from '../../core/errors.ts';
import { checkBytes, ioWhere } from '../ndarray.ts';
import { type FitsHdu, listHdus } from './hdus.ts';
import { FITS_BLOCK, type FitsCard, type FitsHeader, FLOAT_KEYWORDS, formatCards, headerInt, headerNumber, headerString } from './header.ts';

export interface TableColumn {
  name: string;
  /** The format letter (L X B I J K A E D C M). */
  type: string;
  /** Elements per row (characters for A; bits for X; complex values for C/M). */
  repeat: number;
  unit: string;
  /** Numeric columns: rows * repeat values (rows * repeat * 2 interleaved re/im for C/M; 1/0 for L and X). */
  values?: Float64Array;
  /** A columns: one string per row, trailing blanks and NULs removed. */
  strings?: string[];
}

export interface BinTable {
  name: string;
  header: FitsHeader;
  rows: number;
  columns: TableColumn[];
  /** The column named `name` (case-insensitive, trimmed); an error naming the table when absent. */
  column(name: string): TableColumn;
  /** Whether the table has that column. */
  has(name: string): boolean;
}

const WIDTH: Record<string, number> = { L: 1, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8, C: 8, M: 16 };

/** Parses `rT...` into repeat and type (the trailing `(...)` of variable arrays is kept out). */
export function parseTform(tform: string, where: string): { repeat: number; type: string } {
  const m = /^\s*(\d*)([LXBIJKAEDCMPQ])/.exec(tform.toUpperCase());
  if (!m) throw new CandorError(where, 'TFORM', 'rT with T one of L X B I J K A E D C M', describe(tform));
  return { repeat: m[1] === '' ? 1 : Number(m[1]), type: m[2] };
}

function columnBytes(repeat: number, type: string): number {
  return type === 'X' ? Math.ceil(repeat / 8) : repeat * WIDTH[type];
}

function makeTable(name: string, header: FitsHeader, rows: number, columns: TableColumn[], where: string): BinTable {
  const find = (n: string) => columns.find((c) => c.name.toUpperCase() === n.trim().toUpperCase());
  return {
    name,
    header,
    rows,
    columns,
    has: (n) => find(n) !== undefined,
    column(n) {
      const c = find(n);
      if (!c) throw new CandorError(where, `table ${name}`, `a column ${n}`, `columns ${columns.map((x) => x.name).join(', ')}`);
      return c;
    },
  };
}

/** Reads the columns of one BINTABLE HDU. */
export function binTableFromHdu(bytes: Uint8Array, h: FitsHdu, where: string): BinTable {
  const w = `${where} table ${h.name || `HDU ${h.index}`}`;
  if (h.kind !== 'bintable') throw new CandorError(w, 'HDU', 'a BINTABLE extension', `a ${h.kind} HDU`);
  const [rowBytes, rows] = [h.naxis[0] ?? 0, h.naxis[1] ?? 0];
  const nf = headerInt(h.header, 'TFIELDS', w, 0, 999);
  // the rows must lie in the HDU's data (a GCOUNT of 0 or a BITPIX other than 8 declares less)
  if (rowBytes * rows > h.dataBytes) {
    throw new CandorError(w, 'data size', `${rowBytes * rows} bytes of rows (NAXIS1 ${rowBytes} x NAXIS2 ${rows})`, `${h.dataBytes} bytes declared by the header (BITPIX ${h.bitpix}, GCOUNT ${h.gcount}, PCOUNT ${h.pcount})`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset + h.dataOffset, h.dataBytes);
  const columns: TableColumn[] = [];
  let offset = 0;
  for (let f = 1; f <= nf; f++) {
    const name = headerString(h.header, `TTYPE${f}`, `COL${f}`).trim();
    const { repeat, type } = parseTform(headerString(h.header, `TFORM${f}`), `${w} column ${name}`);
    if (type === 'P' || type === 'Q') {
      throw new CandorError(w, `column ${name}`, 'fixed-size columns', 'a variable-length array (P/Q), not supported');
    }
    const width = columnBytes(repeat, type);
    if (offset + width > rowBytes) {
      throw new CandorError(w, `column ${name}`, `to fit in the row of ${rowBytes} bytes (NAXIS1)`, `ends at byte ${offset + width}`);
    }
    const col: TableColumn = { name, type, repeat, unit: headerString(h.header, `TUNIT${f}`).trim() };
    if (type === 'A') {
      const strings: string[] = [];
      for (let r = 0; r < rows; r++) {
        let s = '';
        for (let k = 0; k < repeat; k++) {
          const b = dv.getUint8(r * rowBytes + offset + k);
          if (b === 0) break;
          s += String.fromCharCode(b);
        }
        strings.push(s.replace(/ +$/, ''));
      }
      col.strings = strings;
    } else {
      const per = type === 'C' || type === 'M' ? 2 * repeat : repeat;
      const values = new Float64Array(rows * per);
      const scale = headerNumber(h.header, `TSCAL${f}`, w, 1);
      const zero = headerNumber(h.header, `TZERO${f}`, w, 0);
      for (let r = 0; r < rows; r++) {
        const base = r * rowBytes + offset;
        for (let k = 0; k < per; k++) {
          let v: number;
          switch (type) {
            case 'L':
              v = dv.getUint8(base + k) === 0x54 ? 1 : 0;
              break;
            case 'X':
              v = (dv.getUint8(base + (k >> 3)) >> (7 - (k & 7))) & 1;
              break;
            case 'B':
              v = dv.getUint8(base + k);
              break;
            case 'I':
              v = dv.getInt16(base + 2 * k, false);
              break;
            case 'J':
              v = dv.getInt32(base + 4 * k, false);
              break;
            case 'K':
              v = Number(dv.getBigInt64(base + 8 * k, false));
              break;
            case 'E':
            case 'C':
              v = dv.getFloat32(base + 4 * k, false);
              break;
            default:
              v = dv.getFloat64(base + 8 * k, false);
          }
          values[r * per + k] = type === 'L' || type === 'X' || (scale === 1 && zero === 0) ? v : zero + scale * v;
        }
      }
      col.values = values;
    }
    columns.push(col);
    offset += width;
  }
  return makeTable(h.name, h.header, rows, columns, where);
}

/** Reads the BINTABLE named `extname` (e.g. 'AIPS AN') from a FITS file's bytes. */
export function readBinTable(bytes: Uint8Array, extname: string, opts: { name?: string } = {}): BinTable {
  const where = ioWhere('readBinTable', opts.name);
  checkBytes(where, bytes);
  const hdus = listHdus(bytes, where);
  const h = hdus.find((x) => x.kind === 'bintable' && x.name.toUpperCase() === extname.toUpperCase());
  if (!h) throw new CandorError(where, 'table', `a BINTABLE named ${extname}`, `tables ${hdus.filter((x) => x.index > 0).map((x) => describe(x.name)).join(', ') || 'none'}`);
  return binTableFromHdu(bytes, h, where);
}

/** A column to write: numeric values (rows * repeat, interleaved for C/M) or strings for A. */
export interface WriteColumn {
  name: string;
  /** Format letter: L B I J K A E D C M. */
  type: 'L' | 'B' | 'I' | 'J' | 'K' | 'A' | 'E' | 'D' | 'C' | 'M';
  repeat: number;
  unit?: string;
  values?: ArrayLike<number>;
  strings?: readonly string[];
}

/**
 * Encodes a BINTABLE extension (header + padded data) with `rows` rows. `cards` are added after
 * the column descriptions (EXTNAME, EXTVER and the table's keywords).
 */
export function writeBinTable(columns: readonly WriteColumn[], rows: number, cards: readonly FitsCard[] = [], where = 'writeBinTable'): Uint8Array {
  let rowBytes = 0;
  for (const c of columns) {
    const per = c.type === 'C' || c.type === 'M' ? 2 * c.repeat : c.repeat;
    if (c.type === 'A') {
      if (!c.strings || c.strings.length !== rows) throw new CandorError(where, `column ${c.name}`, `${rows} strings`, describe(c.strings));
    } else if (!c.values || c.values.length !== rows * per) {
      throw new CandorError(where, `column ${c.name}`, `${rows * per} values (${rows} rows x ${per})`, describe(c.values));
    }
    rowBytes += columnBytes(c.repeat, c.type);
  }
  const head: FitsCard[] = [
    { key: 'XTENSION', value: 'BINTABLE', comment: 'binary table extension' },
    { key: 'BITPIX', value: 8 },
    { key: 'NAXIS', value: 2 },
    { key: 'NAXIS1', value: rowBytes, comment: 'width of table in bytes' },
    { key: 'NAXIS2', value: rows, comment: 'number of rows' },
    { key: 'PCOUNT', value: 0 },
    { key: 'GCOUNT', value: 1 },
    { key: 'TFIELDS', value: columns.length },
  ];
  columns.forEach((c, i) => {
    head.push({ key: `TTYPE${i + 1}`, value: c.name }, { key: `TFORM${i + 1}`, value: `${c.repeat}${c.type}` });
    if (c.unit) head.push({ key: `TUNIT${i + 1}`, value: c.unit });
  });
  head.push(...cards);
  const hb = formatCards(head, FLOAT_KEYWORDS);
  const dataLen = Math.ceil((rowBytes * rows) / FITS_BLOCK) * FITS_BLOCK;
  const out = new Uint8Array(hb.length + dataLen);
  out.set(hb, 0);
  const dv = new DataView(out.buffer, hb.length, dataLen);
  let offset = 0;
  for (const c of columns) {
    const per = c.type === 'C' || c.type === 'M' ? 2 * c.repeat : c.repeat;
    for (let r = 0; r < rows; r++) {
      const base = r * rowBytes + offset;
      if (c.type === 'A') {
        const s = c.strings![r];
        for (let k = 0; k < c.repeat; k++) dv.setUint8(base + k, k < s.length ? s.charCodeAt(k) & 0x7f : 0x20);
        continue;
      }
      for (let k = 0; k < per; k++) {
        const v = c.values![r * per + k];
        switch (c.type) {
          case 'L':
            dv.setUint8(base + k, v ? 0x54 : 0x46);
            break;
          case 'B':
            dv.setUint8(base + k, v);
            break;
          case 'I':
            dv.setInt16(base + 2 * k, v, false);
            break;
          case 'J':
            dv.setInt32(base + 4 * k, v, false);
            break;
          case 'K':
            dv.setBigInt64(base + 8 * k, BigInt(Math.round(v)), false);
            break;
          case 'E':
          case 'C':
            dv.setFloat32(base + 4 * k, v, false);
            break;
          default:
            dv.setFloat64(base + 8 * k, v, false);
        }
      }
    }
    offset += columnBytes(c.repeat, c.type);
  }
  return out;
}
