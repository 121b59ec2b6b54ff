/**
 * EHT text exports (src/io/eht-text.ts readEhtText, then visibilitiesFromEhtText): the released
 * CSV/TXT fixtures and eht-imaging's text format, mutated byte by byte and line by line.
 */
import { visibilitiesFromEhtText } from '../../../src/apps/radio/visibilities.ts';
import { readEhtText } from '../../../src/io/eht-text.ts';
import { fixtures } from '../files.ts';
import { INTERESTING, mutateBytes, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

const FIELDS = ['nan', 'inf', '-inf', '', 'x', '1e400', '-0', ...INTERESTING.map(String)];

/** Replaces one comma- or space-separated field of one line. */
function fieldMutation(rng: Parameters<FuzzTarget['generate']>[0], src: Uint8Array): Uint8Array {
  const lines = new TextDecoder().decode(src).split('\n');
  const i = rng.int(lines.length);
  const sep = lines[i].includes(',') ? ',' : ' ';
  const f = lines[i].split(sep);
  const r = rng.int(4);
  if (r === 0) f.splice(rng.int(f.length), 1);
  else if (r === 1) f.push(pick(rng, FIELDS));
  else f[rng.int(f.length)] = pick(rng, FIELDS);
  lines[i] = f.join(sep);
  if (rng.int(5) === 0) lines.splice(rng.int(lines.length), 0, lines[rng.int(lines.length)]);
  return new TextEncoder().encode(lines.join('\n'));
}

export const target: FuzzTarget = {
  name: 'eht-text',
  seeds: () => fixtures('io/fits', ['.csv', '.txt']).map((f) => f.bytes),
  generate: (rng, seeds) => {
    const src = seeds[rng.int(seeds.length)] as Uint8Array;
    return rng.int(2) === 0 ? fieldMutation(rng, src) : mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, 256);
  },
  run: (x) => {
    const name = 'fuzz.csv';
    return visibilitiesFromEhtText(readEhtText(x as Uint8Array, { name }), name);
  },
};
