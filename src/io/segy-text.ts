/**
 * SEG-Y textual headers: 3200-byte blocks of 40 card images of 80 characters, in EBCDIC (the
 * standard since rev 0) or ASCII (allowed by rev 2 and common in practice).
 *
 * EBCDIC is read and written with IBM code page 037 (EBCDIC US), a bijection between the 256
 * byte values and Unicode U+0000..U+00FF, so decoding then encoding gives back every byte. Five
 * punctuation characters sit elsewhere in other EBCDIC tables (segyio and Seismic Unix use the
 * table of POSIX `dd conv=ebcdic`, where `! [ ] ^ |` differ); letters, digits, space and the
 * usual punctuation agree. ASCII headers are read as Latin-1 (also byte for byte).
 *
 * Which encoding a block uses is decided by {@link detectTextEncoding}: the number of bytes
 * that are printable ASCII (0x20-0x7E) when read as ASCII, against the number that decode to
 * printable ASCII through code page 037; a tie (e.g. a block of EBCDIC spaces, 0x40 = '@')
 * is EBCDIC.
 *
 * Reference: SEG-Y rev 2.0 (2017), section 3 and appendix E; IBM CCSID 37.
 *
 * @example
 * import { decodeText, encodeText, detectTextEncoding } from './segy-text.ts';
 * const b = encodeText('C 1 CLIENT', 'ebcdic', 10);   // C3 40 F1 40 C3 D3 C9 C5 D5 E3
 * detectTextEncoding(b);                                // 'ebcdic'
 * decodeText(b, 'ebcdic');                              // 'C 1 CLIENT'
 */

export type TextEncoding = 'ebcdic' | 'ascii';

/** Code page 037: EBCDIC byte -> Unicode code point (U+0000..U+00FF), as hex pairs. */
const CP037 =
  '000102039c09867f978d8e0b0c0d0e0f101112139d8508871819928f1c1d1e1f' +
  '80818283840a171b88898a8b8c050607909116939495960498999a9b14159e1a' +
  '20a0e2e4e0e1e3e5e7f1a22e3c282b7c26e9eaebe8edeeefecdf21242a293bac' +
  '2d2fc2c4c0c1c3c5c7d1a62c255f3e3ff8c9cacbc8cdcecfcc603a2340273d22' +
  'd8616263646566676869abbbf0fdfeb1b06a6b6c6d6e6f707172aabae6b8c6a4' +
  'b57e737475767778797aa1bfd0dddeae5ea3a5b7a9a7b6bcbdbe5b5dafa8b4d7' +
  '7b414243444546474849adf4f6f2f3f57d4a4b4c4d4e4f505152b9fbfcf9faff' +
  '5cf7535455565758595ab2d4d6d2d3d530313233343536373839b3dbdcd9da9f';

const E2U = new Uint8Array(256);
const U2E = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const u = Number.parseInt(CP037.slice(2 * b, 2 * b + 2), 16);
  E2U[b] = u;
  U2E[u] = b;
}

const printable = (c: number) => c >= 0x20 && c <= 0x7e;

/** 'ebcdic' or 'ascii', by which reading gives more printable ASCII characters (ties: EBCDIC). */
export function detectTextEncoding(block: Uint8Array): TextEncoding {
  let a = 0;
  let e = 0;
  for (let i = 0; i < block.length; i++) {
    if (printable(block[i])) a++;
    if (printable(E2U[block[i]])) e++;
  }
  return a > e ? 'ascii' : 'ebcdic';
}

/** The characters of a textual block (code page 037 for EBCDIC, Latin-1 for ASCII). */
export function decodeText(block: Uint8Array, enc: TextEncoding): string {
  let s = '';
  for (let i = 0; i < block.length; i += 1024) {
    const part = block.subarray(i, Math.min(block.length, i + 1024));
    s += String.fromCharCode(...(enc === 'ebcdic' ? Array.from(part, (b) => E2U[b]) : part));
  }
  return s;
}

/**
 * `length` bytes of `text` in the encoding, padded with spaces (EBCDIC 0x40, ASCII 0x20).
 * Returns null when a character is outside U+0000..U+00FF or the text is longer than `length`
 * (the caller reports which).
 */
export function encodeText(text: string, enc: TextEncoding, length: number): Uint8Array | null {
  if (text.length > length) return null;
  const out = new Uint8Array(length).fill(enc === 'ebcdic' ? 0x40 : 0x20);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return null;
    out[i] = enc === 'ebcdic' ? U2E[c] : c;
  }
  return out;
}

/** The 40 card images (80 characters each) of a 3200-character textual header. */
export function textLines(text: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 80) lines.push(text.slice(i, i + 80));
  return lines;
}
