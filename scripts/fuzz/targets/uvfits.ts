/**
 * UVFITS (src/io/fits/uvfits.ts readUvfits, then src/apps/radio/visibilities.ts
 * visibilitiesFromUvfits, what `candor radio info/image` run): the test fixtures and, in 1 of 50
 * inputs, the real VLBA file, mutated at card level (../fits-cards.ts) or byte level.
 */
import { visibilitiesFromUvfits } from '../../../src/apps/radio/visibilities.ts';
import { readUvfits } from '../../../src/io/fits/uvfits.ts';
import { mutateFitsCards } from '../fits-cards.ts';
import { fixtures, shared } from '../files.ts';
import { mutateBytes } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

export const target: FuzzTarget = {
  name: 'uvfits',
  seeds: () => {
    const s = fixtures('io/fits', ['.uvfits']).map((f) => f.bytes);
    const big = shared('astro/pyuvdata_vlba_mojave.uvfits');
    return big ? [...s, big] : s;
  },
  generate: (rng, seeds) => {
    const src = (rng.int(50) === 0 ? seeds[seeds.length - 1] : seeds[rng.int(Math.max(1, seeds.length - 1))]) as Uint8Array;
    return rng.int(2) === 0 ? mutateFitsCards(rng, src) : mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, 2880);
  },
  run: (x) => visibilitiesFromUvfits(readUvfits(x as Uint8Array, { name: 'fuzz.uvfits' }), { name: 'fuzz.uvfits' }),
};
