/** BART CFL (src/io/cfl.ts readCfl): mutated .hdr/.cfl pairs from the fixtures and hostile headers. */
import { readCfl } from '../../../src/io/cfl.ts';
import { fixtures } from '../files.ts';
import { mutateBytes, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

interface Pair {
  hdr: Uint8Array;
  cfl: Uint8Array;
}

const DIMS = ['1', '0', '-1', '8', '65536', '1000000000', '4294967296', '2.5', '1e3', 'x', '', '99999999999999999999'];

export const target: FuzzTarget = {
  name: 'cfl',
  seeds: () => {
    const files = fixtures('io/cfl', ['.hdr', '.cfl']);
    const pairs: Pair[] = [];
    for (const f of files.filter((x) => x.name.endsWith('.hdr'))) {
      const c = files.find((x) => x.name === f.name.replace(/\.hdr$/, '.cfl'));
      if (c) pairs.push({ hdr: f.bytes, cfl: c.bytes });
    }
    return pairs;
  },
  generate: (rng, seeds) => {
    const s = seeds[rng.int(seeds.length)] as Pair;
    const r = rng.int(4);
    if (r === 0) {
      const n = 1 + rng.int(20);
      const dims = Array.from({ length: n }, () => pick(rng, DIMS)).join(pick(rng, [' ', '  ', '\t', ',']));
      return { hdr: new TextEncoder().encode(`${pick(rng, ['# Dimensions\n', '#Dimensions\n', '', '# Dims\n'])}${dims}\n`), cfl: s.cfl };
    }
    if (r === 1) return { hdr: s.hdr, cfl: mutateBytes(rng, s.cfl) };
    return { hdr: mutateBytes(rng, s.hdr), cfl: rng.int(3) === 0 ? mutateBytes(rng, s.cfl) : s.cfl };
  },
  run: (x) => {
    const p = x as Pair;
    return readCfl(p.hdr, p.cfl, { name: 'fuzz' });
  },
};
