/**
 * Card-level mutations of FITS headers for the FITS and UVFITS fuzz targets: the 80-character
 * cards of any header in the file (primary or extension) are found, and a structural keyword
 * (BITPIX, NAXISn, PCOUNT, GCOUNT, TFORMn, ...) gets a hostile value, or a card is removed,
 * duplicated or moved; the header keeps its 2880-byte blocks, so the data that follows is where
 * the parser expects it unless the mutation says otherwise.
 */
import type { Rng } from '../../src/core/rng/index.ts';
import { pick } from './mutate.ts';

const CARD = 80;
const BLOCK = 2880;

/** Values that stress sizes, types and counts, as they would be typed in a header. */
const VALUES = [
  '0', '1', '-1', '2', '3', '7', '8', '16', '-32', '-64', '64', '32', '12', '999', '2880', '65535', '2147483647', '-2147483648',
  '4294967296', '1000000000000', '9007199254740993', '1E300', '-1E300', '1.5', 'NAN', "'8E'", "'1PE(2)'", "'1QD'", "'0J'", "'99999999A'", "'IMAGE   '",
  "'BINTABLE'", "'TABLE   '", 'T', 'F', "''", "'", '', '/ no value',
];
const KEYS = ['BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2', 'NAXIS3', 'NAXIS4', 'NAXIS5', 'NAXIS6', 'NAXIS7', 'PCOUNT', 'GCOUNT', 'GROUPS', 'TFIELDS', 'TFORM1', 'TFORM2', 'TFORM3', 'TTYPE1', 'BSCALE', 'BZERO', 'BLANK', 'XTENSION', 'EXTNAME', 'PTYPE1', 'PTYPE2', 'PSCAL1', 'PZERO1', 'CTYPE2', 'CTYPE3', 'THEAP', 'SIMPLE', 'END'];

/** Byte offsets of the cards of every header in `b` (each header up to its END card). */
function headerCards(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let o = 0; o + CARD <= b.length; ) {
    const key = String.fromCharCode(...b.subarray(o, o + 8)).trimEnd();
    if (out.length === 0 && key !== 'SIMPLE') return out;
    out.push(o);
    if (key === 'END') {
      // skip to the next block that starts with XTENSION, if any: data sizes are not trusted here
      let next = Math.ceil((o + CARD) / BLOCK) * BLOCK;
      while (next + 9 <= b.length && String.fromCharCode(...b.subarray(next, next + 9)) !== 'XTENSION=') next += BLOCK;
      if (next + 9 > b.length) return out;
      o = next;
    } else o += CARD;
  }
  return out;
}

function card(key: string, value: string): string {
  return key === 'END' ? 'END'.padEnd(CARD) : `${key.padEnd(8)}= ${value.padStart(20)}`.slice(0, CARD).padEnd(CARD);
}

/** One card-level mutation of the FITS file `src` (a new array; `src` itself when it has no cards). */
export function mutateCards(rng: Rng, src: Uint8Array): Uint8Array {
  const cards = headerCards(src);
  if (cards.length === 0) return src;
  const b = src.slice();
  const at = pick(rng, cards);
  const text = (s: string, o: number) => {
    for (let i = 0; i < CARD; i++) b[o + i] = s.charCodeAt(i) & 0x7f;
  };
  switch (rng.int(4)) {
    case 0: {
      // a structural keyword of this header gets a hostile value
      const own = cards.filter((o) => KEYS.includes(String.fromCharCode(...b.subarray(o, o + 8)).trimEnd()));
      const o = own.length ? pick(rng, own) : at;
      text(card(String.fromCharCode(...b.subarray(o, o + 8)).trimEnd() || 'NAXIS', pick(rng, VALUES)), o);
      return b;
    }
    case 1:
      // any card becomes a structural keyword with a hostile value (duplicates, END too early)
      text(card(pick(rng, KEYS), pick(rng, VALUES)), at);
      return b;
    case 2: {
      // a card is removed (the rest of its header moves up, a blank card at the end)
      const end = cards.find((o) => o > at && String.fromCharCode(...b.subarray(o, o + 3)) === 'END') ?? at;
      b.copyWithin(at, at + CARD, end + CARD);
      text(''.padEnd(CARD), end);
      return b;
    }
    default: {
      // a card is copied over another
      const from = pick(rng, cards);
      b.copyWithin(at, from, from + CARD);
      return b;
    }
  }
}
