/**
 * FITS header cards: parsing and writing (FITS Standard 4.0, sections 3.3 and 4; the long-string
 * CONTINUE convention of section 4.2.1.2).
 *
 * A header is a sequence of 2880-byte blocks of 80-character ASCII cards, ending at the `END`
 * card. A card is `KEYWORD = value / comment` when columns 9-10 are `= `; otherwise it is
 * commentary (`COMMENT`, `HISTORY`, blank keyword, or any keyword without `= `). Values are
 * character strings in single quotes (a doubled quote is one quote, trailing blanks are not
 * significant), logicals `T`/`F`, integers, floats (a Fortran `D` exponent is read like `E`:
 * AIPS writes `0.81044587500000000D+10`), or empty (undefined, read as `null`). A string ending in
 * `&` continues in the string of the next `CONTINUE` card; the pieces are joined on reading.
 *
 * @example
 * import { formatCards, parseHeader, headerNumber } from './header.ts';
 * const bytes = formatCards([{ key: 'NAXIS', value: 0 }, { key: 'OBJECT', value: 'M87' }]);
 * const h = parseHeader(bytes, 0, 'demo');
 * headerNumber(h.header, 'NAXIS', 'demo'); // 0
 */
import { CandorError, describe } from '../../core/errors.ts';

/** One FITS block: headers and data areas are padded to a multiple of it. */
export const FITS_BLOCK = 2880;
/** One header card. */
export const CARD = 80;

/** The value of a FITS card: a string, a number (integer or real), a logical, or null (an undefined value). */
export type FitsValue = string | number | boolean | null;

/** One card: `value` is absent for commentary cards (COMMENT, HISTORY, blank keyword). */
export interface FitsCard {
  key: string;
  value?: FitsValue;
  comment?: string;
}

/** The cards of one header in file order, with the first index of each keyword. */
export interface FitsHeader {
  cards: FitsCard[];
  index: Map<string, number>;
}

/** A header from cards (the first card of a repeated keyword wins, as in astropy's `header[key]`). */
export function makeHeader(cards: FitsCard[]): FitsHeader {
  const index = new Map<string, number>();
  cards.forEach((c, i) => {
    if (c.value !== undefined && !index.has(c.key)) index.set(c.key, i);
  });
  return { cards, index };
}

/** The value of `key`, or undefined when the header has no such valued card. */
export function headerValue(h: FitsHeader, key: string): FitsValue | undefined {
  const i = h.index.get(key);
  return i === undefined ? undefined : h.cards[i].value;
}

/** A numeric value; `fallback` when absent (an error naming the keyword when absent without one). */
export function headerNumber(h: FitsHeader, key: string, where: string, fallback?: number): number {
  const v = headerValue(h, key);
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new CandorError(where, `header keyword ${key}`, 'a number', 'no such card');
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new CandorError(where, `header keyword ${key}`, 'a finite number', describe(v));
  }
  return v;
}

/** An integer value in [min, max] (same rules as {@link headerNumber}). */
export function headerInt(h: FitsHeader, key: string, where: string, min: number, max: number, fallback?: number): number {
  const v = headerNumber(h, key, where, fallback);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new CandorError(where, `header keyword ${key}`, `an integer in [${min}, ${max}]`, describe(v));
  }
  return v;
}

/** A string value (trimmed of trailing blanks), or `fallback` when absent or not a string. */
export function headerString(h: FitsHeader, key: string, fallback = ''): string {
  const v = headerValue(h, key);
  return typeof v === 'string' ? v : fallback;
}

const decoder = new TextDecoder('latin1');

/** Parses the value field (columns 11-80) of a valued card into value and comment. */
function parseValue(text: string, where: string, line: string): { value: FitsValue; comment?: string; more: boolean } {
  const s = text.trimStart();
  if (s.startsWith("'")) {
    let i = 1;
    let out = '';
    for (;;) {
      if (i >= s.length) throw new CandorError(where, `card ${line}`, 'a closing quote in the string value', describe(s));
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        break;
      }
      out += s[i++];
    }
    const rest = s.slice(i + 1);
    const slash = rest.indexOf('/');
    const comment = slash >= 0 ? rest.slice(slash + 1).trim() : undefined;
    const value = out.replace(/ +$/, '');
    const more = value.endsWith('&');
    return { value: more ? value.slice(0, -1) : value, comment, more };
  }
  const slash = s.indexOf('/');
  const raw = (slash >= 0 ? s.slice(0, slash) : s).trim();
  const comment = slash >= 0 ? s.slice(slash + 1).trim() : undefined;
  if (raw === '') return { value: null, comment, more: false };
  if (raw === 'T' || raw === 'F') return { value: raw === 'T', comment, more: false };
  if (/^[+-]?\d+$/.test(raw)) return { value: Number(raw), comment, more: false };
  const f = raw.replace(/[dD]/, 'E');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(f)) return { value: Number(f), comment, more: false };
  // complex values `(re, im)` and anything unrecognised are kept as text
  return { value: raw, comment, more: false };
}

/**
 * Parses one header starting at byte `offset` (a block boundary). Returns the header and the
 * offset of the first byte after its last block. Throws, naming `where`, when the bytes end
 * before an `END` card or a card holds a non-ASCII byte; byte positions in the messages count
 * from `base` (where `bytes` starts in the file: a stream's header is parsed from a copy).
 */
export function parseHeader(bytes: Uint8Array, offset: number, where: string, base = 0): { header: FitsHeader; end: number } {
  const cards: FitsCard[] = [];
  let pos = offset;
  let pending: FitsCard | null = null; // a string card waiting for CONTINUE pieces
  for (;;) {
    if (pos + CARD > bytes.length) {
      throw new CandorError(
        where,
        `header at byte ${base + offset}`,
        'an END card before the end of the file',
        `${bytes.length - offset} bytes without END (truncated file)`,
      );
    }
    for (let k = pos; k < pos + CARD; k++) {
      const b = bytes[k];
      if (b < 0x20 || b > 0x7e) {
        throw new CandorError(
          where,
          `header card at byte ${base + pos}`,
          'printable ASCII text (a FITS header)',
          `byte 0x${b.toString(16).toUpperCase().padStart(2, '0')} at byte ${base + k}`,
        );
      }
    }
    const text = decoder.decode(bytes.subarray(pos, pos + CARD));
    pos += CARD;
    const key = text.slice(0, 8).trimEnd();
    if (key === 'END' && text.slice(8).trim() === '') break;
    if (key === 'CONTINUE' && pending) {
      const p = parseValue(text.slice(8), where, `${cards.length + 1}`);
      if (typeof p.value === 'string') {
        pending.value = `${pending.value as string}${p.value}`;
        if (p.comment) pending.comment = pending.comment ? `${pending.comment} ${p.comment}` : p.comment;
        if (!p.more) pending = null;
        continue;
      }
    }
    pending = null;
    if (key === 'HIERARCH') {
      const eq = text.indexOf('=');
      if (eq > 8) {
        const p = parseValue(text.slice(eq + 1), where, `${cards.length + 1}`);
        cards.push({ key: text.slice(8, eq).trim(), value: p.value, comment: p.comment });
        continue;
      }
    }
    if (text.slice(8, 10) === '= ') {
      const p = parseValue(text.slice(10), where, `${cards.length + 1} (${key})`);
      const card: FitsCard = { key, value: p.value };
      if (p.comment !== undefined) card.comment = p.comment;
      cards.push(card);
      if (p.more) pending = card;
    } else {
      cards.push({ key, comment: text.slice(8).trimEnd() });
    }
  }
  const end = offset + Math.ceil((pos - offset) / FITS_BLOCK) * FITS_BLOCK;
  return { header: makeHeader(cards), end };
}

/** Formats a float so that it reads back as the same double and fits in 20 columns. */
export function formatFloat(v: number): string {
  if (!Number.isFinite(v)) throw new CandorError('formatCards', 'value', 'a finite number (FITS has no NaN card value)', describe(v));
  let s = String(v).toUpperCase();
  if (!/[.E]/.test(s)) s += '.0';
  else if (/E/.test(s) && !/\./.test(s)) s = s.replace('E', '.0E');
  if (s.length <= 20) return s;
  for (let d = 16; d >= 1; d--) {
    const t = v.toExponential(d).toUpperCase();
    if (t.length <= 20) return t;
  }
  return v.toExponential(0).toUpperCase();
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The 80-character text of one card (several cards for a long string: CONTINUE). */
function formatCard(c: FitsCard, floatKeys: ReadonlySet<string>): string[] {
  if (!/^[A-Z0-9_-]{0,8}$/.test(c.key)) {
    throw new CandorError('formatCards', 'keyword', 'at most 8 characters of A-Z 0-9 _ -', describe(c.key));
  }
  const key = pad(c.key, 8);
  if (c.value === undefined) return [pad(`${key}${c.comment ?? ''}`, CARD).slice(0, CARD)];
  const tail = (body: string) => {
    const line = c.comment ? `${body} / ${c.comment}` : body;
    return pad(line, CARD).slice(0, CARD);
  };
  const v = c.value;
  if (v === null) return [tail(`${key}= `)];
  if (typeof v === 'boolean') return [tail(`${key}= ${(v ? 'T' : 'F').padStart(20)}`)];
  if (typeof v === 'number') {
    const text = Number.isInteger(v) && !floatKeys.has(c.key) && Math.abs(v) < 1e18 ? String(v) : formatFloat(v);
    return [tail(`${key}= ${text.padStart(20)}`)];
  }
  if (/[^\x20-\x7e]/.test(v)) {
    throw new CandorError('formatCards', `value of ${c.key}`, 'printable ASCII text', describe(v));
  }
  const esc = v.replace(/'/g, "''");
  if (esc.length <= 68) return [tail(`${key}= '${pad(esc, 8)}'`)];
  // long string: pieces of at most 67 characters, each but the last ending in '&'
  const out: string[] = [];
  let rest = esc;
  let first = true;
  while (rest.length > 0) {
    let n = Math.min(67, rest.length);
    if (rest[n - 1] === "'" && rest[n] === "'") n -= 1; // never split a doubled quote
    const piece = rest.slice(0, n);
    rest = rest.slice(n);
    const body = `${first ? `${key}= ` : 'CONTINUE  '}'${piece}${rest.length ? '&' : ''}'`;
    out.push(pad(body, CARD));
    first = false;
  }
  if (c.comment) out[out.length - 1] = tail(out[out.length - 1].trimEnd());
  return out;
}

/**
 * Encodes cards (plus `END`) as header blocks, padded with blanks to a multiple of 2880 bytes.
 * Integers are written as integers except for keywords in `floatKeys` (BSCALE, CRVAL1, ... where
 * readers expect a float), which are written with a decimal point.
 */
export function formatCards(cards: readonly FitsCard[], floatKeys: ReadonlySet<string> = new Set()): Uint8Array {
  const lines: string[] = [];
  for (const c of cards) lines.push(...formatCard(c, floatKeys));
  lines.push(pad('END', CARD));
  const n = Math.ceil((lines.length * CARD) / FITS_BLOCK) * FITS_BLOCK;
  const out = new Uint8Array(n).fill(0x20);
  let o = 0;
  for (const l of lines) {
    for (let i = 0; i < CARD; i++) out[o + i] = l.charCodeAt(i);
    o += CARD;
  }
  return out;
}

/** Keywords whose values FITS readers expect as floats even when integral. */
export const FLOAT_KEYWORDS: ReadonlySet<string> = new Set(
  ['BSCALE', 'BZERO', 'EQUINOX', 'RESTFRQ', 'BMAJ', 'BMIN', 'BPA', 'OBSRA', 'OBSDEC', 'EPOCH'].concat(
    ...Array.from({ length: 9 }, (_, i) => [`CRVAL${i + 1}`, `CDELT${i + 1}`, `CRPIX${i + 1}`, `CROTA${i + 1}`]),
    ...Array.from({ length: 20 }, (_, i) => [`PSCAL${i + 1}`, `PZERO${i + 1}`]),
  ),
);
