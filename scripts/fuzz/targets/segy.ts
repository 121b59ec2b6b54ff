/**
 * SEG-Y (src/io/segy.ts readSegy): mutated fixtures (every sample format in both byte orders,
 * rev 2 extended headers, trailers, the segyio files) and the shared F3 cube, mostly in the
 * 3600 header bytes and the first trace header; and hostile binary headers: each field of the
 * binary header (../../../src/io/segy-fields.ts) set to an extreme value in either byte order,
 * over a body that is too short, exact or ragged.
 */
import { readSegy } from '../../../src/io/segy.ts';
import { BINARY_FIELDS } from '../../../src/io/segy-fields.ts';
import { fixtures, shared } from '../files.ts';
import { INTERESTING, mutateBytes, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

type Rng = Parameters<FuzzTarget['generate']>[0];
const HEAD = 3600 + 240;
const EXTREME = [...INTERESTING, -2, -32768, 3200, 3600, 2 ** 40, 2 ** 63, Number.NaN];

/** Writes `v` into a field of `size` bytes at offset `o`: a float64 field as is, integers as their low bits. */
function put(b: Uint8Array, o: number, size: number, v: number, le: boolean, float = false): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (float) {
    dv.setFloat64(o, v, le);
    return;
  }
  const x = BigInt(Number.isFinite(v) ? Math.trunc(v) : 0);
  if (size === 8) dv.setBigUint64(o, BigInt.asUintN(64, x), le);
  else if (size === 4) dv.setUint32(o, Number(BigInt.asUintN(32, x)), le);
  else if (size === 2) dv.setUint16(o, Number(BigInt.asUintN(16, x)), le);
  else b[o] = Number(BigInt.asUintN(8, x));
}

/** A seed with 1 to 5 binary header fields set to extreme values, and its body resized. */
function hostile(rng: Rng, src: Uint8Array): Uint8Array {
  // at least the headers and one trace header, so every field can be written (short fixtures too)
  let b = new Uint8Array(Math.max(src.length, HEAD));
  b.set(src);
  const le = rng.int(4) === 0;
  for (let t = 1 + rng.int(5); t > 0; t--) {
    const f = pick(rng, BINARY_FIELDS);
    put(b, f.byte - 1, f.size, pick(rng, EXTREME), le, f.type === 'f64');
  }
  // a few common fields most of the time: sample count, format, revision, extended headers
  if (rng.int(2)) put(b, 3220, 2, pick(rng, [0, 1, 2, 50, 1000, 32767, 65535]), le);
  if (rng.int(2)) put(b, 3224, 2, pick(rng, [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16, 0, 255, 0x0100]), le);
  if (rng.int(3) === 0) put(b, 3500, 2, pick(rng, [0, 0x0100, 0x0200, 0x0201, 0xffff]), false);
  if (rng.int(4) === 0) put(b, 3504, 2, pick(rng, [-1, 0, 1, 2, 100, 32767]), le);
  const r = rng.int(4);
  if (r === 0) b = b.slice(0, 3600 + rng.int(Math.max(1, b.length - 3600)));
  else if (r === 1) {
    const longer = new Uint8Array(b.length + rng.int(4000));
    longer.set(b);
    b = longer;
  }
  return b;
}

function sameLength(b: Uint8Array, n: number): Uint8Array {
  if (b.length === n) return b;
  const out = new Uint8Array(n);
  out.set(b.subarray(0, n));
  return out;
}

export const target: FuzzTarget = {
  name: 'segy',
  seeds: () => {
    const files = fixtures('io/segy', ['.sgy']).map((f) => f.bytes);
    const real = shared('seismic/segyio_f3.sgy');
    return real ? [...files, real] : files;
  },
  generate: (rng, seeds) => {
    const last = seeds.length - 1;
    const src = (rng.int(100) === 0 ? seeds[last] : seeds[rng.int(last)]) as Uint8Array;
    if (rng.int(3) === 0) return hostile(rng, src);
    const m = mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, HEAD);
    // half of the time at the seed's length, so that the mutation reaches past the trace-size check
    return rng.int(2) ? m : sameLength(m, src.length);
  },
  run: (x) => readSegy(x as Uint8Array, { name: 'fuzz.sgy' }),
};
