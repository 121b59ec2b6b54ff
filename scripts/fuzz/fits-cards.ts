/**
 * FITS header mutations for the FITS, UVFITS fuzz targets: the header is 80-character cards in
 * 2880-byte blocks, where byte flips rarely reach a value the reader acts on. These rewrite one
 * card's value (sizes, axis counts, BITPIX, scaling, group parameters) with an interesting or
 * hostile one, delete or duplicate a card, or cut the file at a block edge.
 */
import type { Rng } from '../../src/core/rng/index.ts';
import { INTERESTING, pick } from './mutate.ts';

const VALUES = [...INTERESTING.map(String), '-64', '-32', '64', '16', '8', '3', '-8', '0.0', '1E300', '-1E300', 'NAN', "'X'", 'T', 'F', '', "'RANDOM'", '1.5'];
const KEYS = ['NAXIS', 'NAXIS1', 'NAXIS2', 'NAXIS3', 'NAXIS4', 'NAXIS5', 'NAXIS6', 'NAXIS7', 'BITPIX', 'GCOUNT', 'PCOUNT', 'GROUPS', 'BSCALE', 'BZERO', 'PSCAL1', 'PZERO1', 'PTYPE1', 'CRVAL4', 'CDELT4', 'CRPIX4', 'TFIELDS', 'NAXIS1', 'THEAP', 'TFORM1', 'EXTNAME'];

/** Byte offset of the end of the first header (the block after END), or -1. */
function headerEnd(b: Uint8Array, from: number): number {
  for (let p = from; p + 80 <= b.length; p += 80) {
    if (b[p] === 0x45 && b[p + 1] === 0x4e && b[p + 2] === 0x44 && b[p + 3] === 0x20) return Math.ceil((p + 80) / 2880) * 2880;
  }
  return -1;
}

/** One card-level mutation of a FITS file (primary header, or an extension's header). */
export function mutateFitsCards(rng: Rng, src: Uint8Array): Uint8Array {
  const out = src.slice();
  let start = 0;
  // sometimes an extension header (AN, FQ tables of a UVFITS file)
  if (rng.int(3) === 0) {
    let p = headerEnd(out, 0);
    const starts: number[] = [];
    while (p > 0 && p + 2880 <= out.length) {
      const s = String.fromCharCode(...out.subarray(p, p + 8));
      if (s === 'XTENSION') starts.push(p);
      p += 2880;
    }
    if (starts.length) start = pick(rng, starts);
  }
  const end = headerEnd(out, start);
  if (end < 0) return out;
  const cards: number[] = [];
  for (let p = start; p + 80 <= end; p += 80) cards.push(p);
  const r = rng.int(10);
  if (r === 9) return out.subarray(0, Math.max(0, end - 2880 * rng.int(2) + rng.int(3) * 2880));
  const at = pick(rng, cards);
  if (r === 8) {
    // delete: shift the following cards up
    out.copyWithin(at, at + 80, end);
    out.fill(0x20, end - 80, end);
    return out;
  }
  let target = at;
  if (r <= 4) {
    const key = pick(rng, KEYS);
    const found = cards.find((p) => String.fromCharCode(...out.subarray(p, p + 8)).trim() === key);
    if (found !== undefined) target = found;
  }
  const key = String.fromCharCode(...out.subarray(target, target + 8));
  const card = `${key}= ${pick(rng, VALUES).padStart(20)}`.padEnd(80).slice(0, 80);
  for (let i = 0; i < 80; i++) out[target + i] = card.charCodeAt(i) & 0x7f;
  return out;
}
