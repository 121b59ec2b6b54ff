/**
 * IBM System/360 single-precision floats (SEG-Y sample format 1), converted exactly.
 *
 * A 32-bit IBM float is  s | eeeeeee | ffffffff ffffffff ffffffff  with value
 *
 *     v = (-1)^s * (f / 2^24) * 16^(e - 64)
 *
 * (hexadecimal exponent, no hidden bit). Every IBM value is exactly a float64 (24 fraction bits,
 * exponents 2^-280 ... 2^228), so {@link ibmToNumber} is exact. The other way, a float64 is
 * representable when its significant bits fit the 24-bit fraction after the hexadecimal
 * normalisation (which may cost up to 3 leading bits); {@link numberToIbm} returns those bits
 * exactly, and otherwise rounds to the nearest IBM value (ties to even), or truncates towards
 * zero with `'truncate'`, which is what segyio, Seismic Unix and most writers do. Values below the
 * smallest normalised magnitude 16^-65 are stored unnormalised (exponent 0) and round to a signed
 * zero when smaller than 2^-281; magnitudes above the largest IBM value (1 - 2^-24) 16^63 are
 * refused by the caller (see {@link IBM_MAX}). Negative zero is kept (sign bit set).
 *
 * Reference: IBM System/360 Principles of Operation, "Floating-Point Arithmetic" (1964);
 * SEG-Y rev 2.0 (2017), section 3 and appendix, data sample format code 1.
 *
 * @example
 * import { ibmToNumber, numberToIbm } from './segy-ibm.ts';
 * ibmToNumber(0x41100000);            // 1
 * ibmToNumber(0xc276a000);            // -118.625
 * numberToIbm(0.1).toString(16);      // '4019999a' (nearest); 'truncate' gives '40199999'
 */

/** The largest IBM single-precision magnitude, (1 - 2^-24) 16^63. */
export const IBM_MAX = (1 - 2 ** -24) * 16 ** 63;

/** The exact value of the IBM float with bits `u` (an unsigned 32-bit integer). */
export function ibmToNumber(u: number): number {
  const f = u & 0xffffff;
  const e = (u >>> 24) & 0x7f;
  const v = f * 2 ** (4 * e - 280);
  return u & 0x80000000 ? -v : v;
}

/** How {@link numberToIbm} rounds a value that is not exactly an IBM float: to the nearest (ties to even) or towards zero. */
export type IbmRounding = 'nearest' | 'truncate';

/** Rounds a non-negative x (< 2^25) to an integer: ties to even, or towards zero. */
function roundInt(x: number, mode: IbmRounding): number {
  const fl = Math.floor(x);
  if (mode === 'truncate') return fl;
  const d = x - fl; // exact: x has at most 53 significant bits and fl < 2^25
  return d > 0.5 || (d === 0.5 && fl % 2 === 1) ? fl + 1 : fl;
}

/**
 * The IBM bits (unsigned 32-bit integer) of a finite `v` with |v| <= {@link IBM_MAX} after
 * rounding (callers check the range and finiteness first; see the file comment for rounding).
 * Returns -1 when the rounded magnitude overflows the IBM range.
 */
export function numberToIbm(v: number, mode: IbmRounding = 'nearest'): number {
  const sign = v < 0 || Object.is(v, -0) ? 0x80000000 : 0;
  const a = Math.abs(v);
  if (a === 0) return sign >>> 0;
  // binary exponent e2 with 2^e2 <= a < 2^(e2+1), exactly
  let e2 = Math.floor(Math.log2(a));
  if (2 ** e2 > a) e2--;
  else if (2 ** (e2 + 1) <= a) e2++;
  // hexadecimal exponent q: a = F 16^q with F in [1/16, 1)
  let q = Math.floor(e2 / 4) + 1;
  let e = q + 64;
  let f: number;
  if (e >= 1) {
    f = roundInt(a * 2 ** (24 - 4 * q), mode);
    if (f === 0x1000000) {
      // rounding carried into a new hexadecimal digit
      f = 0x100000;
      q++;
      e++;
    }
  } else {
    // below 16^-64: unnormalised with exponent 0, fraction a 2^280
    e = 0;
    f = roundInt(a * 2 ** 280, mode);
    if (f === 0x1000000) {
      f = 0x100000;
      e = 1;
    }
    if (f === 0) return sign >>> 0;
  }
  if (e > 127) return -1;
  return (sign | (e << 24) | f) >>> 0;
}
