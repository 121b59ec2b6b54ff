/**
 * The header of a NumPy `.npy` file: a Python dict literal such as
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`, parsed without `eval`, and the
 * exact header numpy 1.24 writes (so our files are byte-identical to `np.save`'s).
 *
 * Reference: NEP 1 / `numpy/lib/format.py` (`_write_array_header`, `_wrap_header`, `_read_array_header`).
 *
 * @example
 * import { parseNpyDict } from './npy-header.ts';
 * parseNpyDict("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }", 'readNpy');
 * // { descr: '<f8', fortranOrder: false, shape: [3, 4] }
 */
import { CandorError, describe } from '../core/errors.ts';

export interface NpyDict {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

type PyValue = string | boolean | number[] | 'list';

/** A tiny tokenizer/parser for the subset of Python literals an .npy header uses. */
class DictParser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly where: string,
  ) {}

  private fail(expected: string): never {
    const rest = this.s.slice(this.i, this.i + 20);
    throw new CandorError(
      this.where,
      'header',
      `a Python dict literal with ${expected} at offset ${this.i}`,
      rest ? describe(rest) : 'the end of the header',
    );
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private eat(ch: string): boolean {
    this.ws();
    if (this.s[this.i] === ch) {
      this.i++;
      return true;
    }
    return false;
  }

  private str(): string {
    this.ws();
    const q = this.s[this.i];
    if (q !== "'" && q !== '"') this.fail('a quoted string');
    const end = this.s.indexOf(q, this.i + 1);
    if (end < 0) this.fail('a closing quote');
    const v = this.s.slice(this.i + 1, end);
    this.i = end + 1;
    return v;
  }

  private int(): number {
    this.ws();
    const m = /^\d+L?/.exec(this.s.slice(this.i));
    if (!m) this.fail('a non-negative integer');
    this.i += m[0].length;
    const v = Number(m[0].replace('L', ''));
    if (!Number.isSafeInteger(v)) this.fail('an axis length below 2^53');
    return v;
  }

  /** Skips a (possibly nested) list literal, as a structured dtype's field list. */
  private skipList(): void {
    let depth = 0;
    for (; this.i < this.s.length; this.i++) {
      const ch = this.s[this.i];
      if (ch === "'" || ch === '"') {
        const end = this.s.indexOf(ch, this.i + 1);
        if (end < 0) this.fail('a closing quote');
        this.i = end;
      } else if (ch === '[' || ch === '(') depth++;
      else if ((ch === ']' || ch === ')') && --depth === 0) {
        this.i++;
        return;
      }
    }
    this.fail("a closing ']'");
  }

  private value(): PyValue {
    this.ws();
    const c = this.s[this.i];
    if (c === "'" || c === '"') return this.str();
    if (this.s.startsWith('True', this.i)) {
      this.i += 4;
      return true;
    }
    if (this.s.startsWith('False', this.i)) {
      this.i += 5;
      return false;
    }
    if (c === '(') {
      this.i++;
      const out: number[] = [];
      while (!this.eat(')')) {
        out.push(this.int());
        if (!this.eat(',')) {
          if (!this.eat(')')) this.fail("',' or ')'");
          break;
        }
      }
      return out;
    }
    if (c === '[') {
      this.skipList();
      return 'list';
    }
    return this.fail('a string, True, False or a tuple');
  }

  parse(): Map<string, PyValue> {
    const out = new Map<string, PyValue>();
    if (!this.eat('{')) this.fail("'{'");
    while (!this.eat('}')) {
      const key = this.str();
      if (!this.eat(':')) this.fail("':'");
      out.set(key, this.value());
      if (!this.eat(',')) {
        if (!this.eat('}')) this.fail("',' or '}'");
        break;
      }
    }
    this.ws();
    if (this.i !== this.s.length) this.fail('nothing after the closing brace');
    return out;
  }
}

/** Parses and validates the header dict: exactly the keys descr, fortran_order and shape. */
export function parseNpyDict(text: string, where: string): NpyDict {
  const d = new DictParser(text, where).parse();
  const keys = [...d.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') {
    throw new CandorError(where, 'header keys', "exactly 'descr', 'fortran_order', 'shape'", describe(keys));
  }
  const descr = d.get('descr');
  if (descr === 'list') {
    throw new CandorError(
      where,
      'dtype',
      'a simple dtype string such as <f8',
      'a structured dtype (list of fields)',
    );
  }
  if (typeof descr !== 'string') throw new CandorError(where, 'descr', 'a dtype string', describe(descr));
  const fortran = d.get('fortran_order');
  if (typeof fortran !== 'boolean')
    throw new CandorError(where, 'fortran_order', 'True or False', describe(fortran));
  const shape = d.get('shape');
  if (!Array.isArray(shape)) throw new CandorError(where, 'shape', 'a tuple of integers', describe(shape));
  return { descr, fortranOrder: fortran, shape };
}

/** Python's repr of a shape tuple: `()`, `(5,)`, `(3, 4)`. */
function reprShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/**
 * The complete header bytes numpy 1.24 writes for a C-order array: magic, version, length,
 * the sorted dict, 21-digit growth padding, space padding to a 64-byte boundary, newline.
 */
export function npyHeaderBytes(descr: string, shape: readonly number[]): Uint8Array {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${reprShape(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(21 - String(shape[0]).length);
  const hlen = dict.length + 1;
  let version = 1;
  let prefix = 10;
  let padlen = 64 - ((prefix + hlen) % 64);
  if (hlen + padlen > 65535) {
    version = 2;
    prefix = 12;
    padlen = 64 - ((prefix + hlen) % 64);
  }
  const total = prefix + hlen + padlen;
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, hlen + padlen, true);
  else view.setUint32(8, hlen + padlen, true);
  for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i);
  out.fill(0x20, prefix + dict.length, total - 1);
  out[total - 1] = 0x0a;
  return out;
}
