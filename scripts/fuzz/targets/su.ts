/**
 * Seismic Unix (src/io/su.ts readSu): mutated fixtures (both byte orders) and SU files made from
 * the SEG-Y fixtures' traces, mostly in the first trace header; and hostile files: the sample
 * count (bytes 115-116) set to an extreme value in either byte order, over a body that is a whole
 * number of traces for another count, ragged, or empty.
 */
import { readSu } from '../../../src/io/su.ts';
import { fixtures } from '../files.ts';
import { mutateBytes, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

type Rng = Parameters<FuzzTarget['generate']>[0];

function hostile(rng: Rng, src: Uint8Array): Uint8Array {
  const ns = pick(rng, [0, 1, 2, 3, 50, 255, 256, 1000, 32767, 32768, 65535]);
  const ntr = pick(rng, [0, 1, 2, 7, 100]);
  const size = rng.int(3) === 0 ? 240 + rng.int(5000) : ntr * (240 + 4 * pick(rng, [ns, 1, 50, 65535]));
  const b = new Uint8Array(Math.min(size, 1 << 22));
  b.set(src.subarray(0, Math.min(src.length, b.length)));
  const dv = new DataView(b.buffer);
  const le = rng.int(2) === 0;
  for (let o = 0; o + 240 <= b.length; o += 240 + 4 * ns) {
    dv.setUint16(o + 114, rng.int(20) === 0 ? pick(rng, [0, 1, 65535]) : ns, le);
    if (ns === 0) break;
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
  name: 'su',
  seeds: () => fixtures('io/segy', ['.su']).map((f) => f.bytes),
  generate: (rng, seeds) => {
    const src = seeds[rng.int(seeds.length)] as Uint8Array;
    if (rng.int(4) === 0) return hostile(rng, src);
    const m = mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, 240);
    // half of the time at the seed's length, so that the mutation reaches past the trace-size check
    return rng.int(2) ? m : sameLength(m, src.length);
  },
  run: (x) => readSu(x as Uint8Array, { name: 'fuzz.su' }),
};
