/** NPY (src/io/npy.ts readNpy): mutated fixtures and the shared seismic file, and hostile headers. */
import { readNpy } from '../../../src/io/npy.ts';
import { fixtures, shared } from '../files.ts';
import { mutateBytes, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

const DESCR = ['<f8', '>f8', '<f4', '<c16', '<c8', '|u1', '|i1', '<i2', '<u8', '<i8', '|b1', '<f2', '<U3', "[('a','<f8')]", "'<f8'", '', 'x'];
const SHAPES = ['()', '(0,)', '(3,)', '(2, 3)', '(1000000000,)', '(100000, 100000)', '(2**31,)', '(-1,)', '(3, -4)', '(1e3,)', '(4294967296, 2)', '(1,)*40', '(' + '1, '.repeat(64) + ')', '((2,),)', "('a',)"];

function hostile(rng: Parameters<FuzzTarget['generate']>[0]): Uint8Array {
  const dict = `{'descr': '${pick(rng, DESCR)}', 'fortran_order': ${pick(rng, ['False', 'True', '0', 'None'])}, 'shape': ${pick(rng, SHAPES)}, }`;
  const version = pick(rng, [1, 2, 3, 0, 9]);
  const lenBytes = version === 1 ? 2 : 4;
  const text = new TextEncoder().encode(`${dict}${' '.repeat(rng.int(64))}\n`);
  const head = new Uint8Array(8 + lenBytes);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const declared = rng.int(4) === 0 ? rng.int(2 ** 16) : text.length;
  for (let i = 0; i < lenBytes; i++) head[8 + i] = (declared >> (8 * i)) & 0xff;
  const data = new Uint8Array(rng.int(200));
  const out = new Uint8Array(head.length + text.length + data.length);
  out.set(head);
  out.set(text, head.length);
  out.set(data, head.length + text.length);
  return out;
}

export const target: FuzzTarget = {
  name: 'npy',
  seeds: () => {
    const s = fixtures('io/npy', ['.npy']).map((f) => f.bytes);
    const big = shared('seismic/pylops_mobil_viking_graben_crg.npy');
    return big ? [...s, big] : s;
  },
  generate: (rng, seeds) => {
    if (rng.int(5) === 0) return hostile(rng);
    // the large real file in 1 of 50 inputs, the small fixtures otherwise
    const src = (rng.int(50) === 0 ? seeds[seeds.length - 1] : seeds[rng.int(seeds.length - 1)]) as Uint8Array;
    return mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, 128);
  },
  run: (x) => readNpy(x as Uint8Array, { name: 'fuzz.npy' }),
};
