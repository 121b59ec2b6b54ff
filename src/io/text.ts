/**
 * Numbers from text files: JSON (an array, an array of rows, or `{ "shape": [...], "data": [...] }`
 * with optional `"complex": true` for interleaved re/im) and CSV (one row per line, comma,
 * semicolon, tab or space separated; `#` comments and a non-numeric header line are skipped).
 * Everything is checked: ragged rows, non-numbers and non-finite values get an error naming the
 * file, the line and the column.
 *
 * @example
 * import { readJsonArray, readCsvArray } from './text.ts';
 * readJsonArray(new TextEncoder().encode('[[1, 2], [3, 4]]')).shape; // [2, 2]
 * readCsvArray(new TextEncoder().encode('x\n1\n2\n')).shape;         // [2]  (header skipped)
 */
import { CandorError, describe } from '../core/errors.ts';
import { checkFiniteArray, type NdArray } from './ndarray.ts';

const decoder = new TextDecoder('utf-8', { fatal: false });

export function readJsonArray(bytes: Uint8Array, opts: { name?: string } = {}): NdArray {
  const where = `readJson(${opts.name ?? 'input'})`;
  let v: unknown;
  try {
    v = JSON.parse(decoder.decode(bytes));
  } catch (e) {
    throw new CandorError(where, 'contents', 'valid JSON', (e as Error).message.split('\n')[0]);
  }
  let out: NdArray;
  if (Array.isArray(v)) {
    if (v.length > 0 && Array.isArray(v[0])) {
      const rows = v.length;
      const cols = (v[0] as unknown[]).length;
      const data = new Float64Array(rows * cols);
      for (let i = 0; i < rows; i++) {
        const r = v[i];
        if (!Array.isArray(r) || r.length !== cols) throw new CandorError(where, `row ${i}`, `an array of ${cols} numbers (like row 0)`, describe(r));
        for (let j = 0; j < cols; j++) {
          if (typeof r[j] !== 'number') throw new CandorError(where, `entry [${i}][${j}]`, 'a number', describe(r[j]));
          data[i * cols + j] = r[j];
        }
      }
      out = { shape: [rows, cols], data, complex: false };
    } else {
      const data = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) {
        if (typeof v[i] !== 'number') throw new CandorError(where, `entry [${i}]`, 'a number', describe(v[i]));
        data[i] = v[i];
      }
      out = { shape: [v.length], data, complex: false };
    }
  } else if (v && typeof v === 'object' && Array.isArray((v as { shape?: unknown }).shape)) {
    const o = v as { shape: unknown[]; data?: unknown; complex?: unknown };
    if (!o.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) throw new CandorError(where, 'shape', 'non-negative integers', JSON.stringify(o.shape));
    const complex = o.complex === true;
    const size = (o.shape as number[]).reduce((a, b) => a * b, 1) * (complex ? 2 : 1);
    if (!Array.isArray(o.data) || o.data.length !== size) {
      throw new CandorError(where, 'data', `an array of ${size} numbers (shape ${JSON.stringify(o.shape)}${complex ? ', complex interleaved' : ''})`, describe(o.data));
    }
    const data = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      if (typeof o.data[i] !== 'number') throw new CandorError(where, `data[${i}]`, 'a number', describe(o.data[i]));
      data[i] = o.data[i] as number;
    }
    out = { shape: o.shape as number[], data, complex };
  } else {
    throw new CandorError(where, 'contents', 'an array, an array of rows, or { shape, data }', describe(v));
  }
  checkFiniteArray(where, out);
  return out;
}

export function readCsvArray(bytes: Uint8Array, opts: { name?: string } = {}): NdArray {
  const where = `readCsv(${opts.name ?? 'input'})`;
  const lines = decoder.decode(bytes).split(/\r?\n/);
  const rows: number[][] = [];
  let first = true;
  for (let ln = 0; ln < lines.length; ln++) {
    const t = lines[ln].replace(/#.*/, '').trim();
    if (!t) continue;
    const cells = t.split(/[,;\t ]+/).filter((c) => c !== '');
    const nums = cells.map(Number);
    const bad = nums.findIndex((x, i) => !Number.isFinite(x) || cells[i].trim() === '');
    if (bad >= 0) {
      if (first && rows.length === 0 && nums.every((x) => Number.isNaN(x))) {
        first = false;
        continue; // header line
      }
      throw new CandorError(where, `line ${ln + 1}, column ${bad + 1}`, 'a finite number', JSON.stringify(cells[bad]));
    }
    first = false;
    if (rows.length > 0 && nums.length !== rows[0].length) {
      throw new CandorError(where, `line ${ln + 1}`, `${rows[0].length} values (like the first data line)`, String(nums.length));
    }
    rows.push(nums);
  }
  if (rows.length === 0) throw new CandorError(where, 'contents', 'at least one line of numbers', 'no data lines');
  const cols = rows[0].length;
  const data = Float64Array.from(rows.flat());
  // one column or one row: a vector
  if (cols === 1) return { shape: [rows.length], data, complex: false };
  if (rows.length === 1) return { shape: [cols], data, complex: false };
  return { shape: [rows.length, cols], data, complex: false };
}
