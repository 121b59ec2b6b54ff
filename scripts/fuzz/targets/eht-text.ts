/**
 * EHT text exports (src/io/eht-text.ts readEhtText): the release table (text and CSV) and the
 * eht-imaging export, mutated as bytes (any byte, UTF-8 broken) and as text: a field replaced by
 * an extreme or malformed number, lines duplicated, removed or cut, separators changed.
 */
import { readEhtText } from '../../../src/io/eht-text.ts';
import { fixtures } from '../files.ts';
import { mutateBytes, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

type Rng = Parameters<FuzzTarget['generate']>[0];
const FIELDS = ['', '0', '-0', 'nan', 'NaN', 'inf', '-Infinity', '1e309', '1e-400', '0x10', '1,5', '--1', 'AA', '#', '"', '  ', '\t', '9'.repeat(400)];

function textMutation(rng: Rng, src: Uint8Array): Uint8Array {
  const lines = new TextDecoder().decode(src).split('\n');
  for (let t = 1 + rng.int(3); t > 0; t--) {
    const i = rng.int(lines.length);
    switch (rng.int(5)) {
      case 0: {
        const sep = lines[i].includes(',') ? ',' : /\s+/;
        const parts = lines[i].trim().split(sep);
        parts[rng.int(parts.length)] = pick(rng, FIELDS);
        lines[i] = parts.join(typeof sep === 'string' ? sep : '  ');
        break;
      }
      case 1:
        lines.splice(i, 0, lines[rng.int(lines.length)]);
        break;
      case 2:
        lines.splice(i, 1);
        break;
      case 3:
        lines[i] = lines[i].slice(0, rng.int(lines[i].length + 1));
        break;
      default:
        lines[i] = lines[i].replaceAll(pick(rng, [',', ' ', '\t']), pick(rng, [',', ' ', '\t', ';', '']));
    }
  }
  return new TextEncoder().encode(lines.join(pick(rng, ['\n', '\r\n', '\r'])));
}

export const target: FuzzTarget = {
  name: 'eht-text',
  seeds: () => fixtures('io/fits', ['.txt', '.csv']).map((f) => f.bytes),
  generate: (rng, seeds) => {
    const src = seeds[rng.int(seeds.length)] as Uint8Array;
    return rng.int(2) ? textMutation(rng, src) : mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, 400);
  },
  run: (x) => readEhtText(x as Uint8Array, { name: 'fuzz.txt' }),
};
