/**
 * FITS images (src/io/fits/image.ts readFitsImage, what `candor radio simulate --sky` reads): the
 * test fixtures and the real SDO image, mutated at card level (../fits-cards.ts) or byte level.
 */
import { readFitsImage } from '../../../src/io/fits/image.ts';
import { mutateFitsCards } from '../fits-cards.ts';
import { fixtures, shared } from '../files.ts';
import { mutateBytes } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

export const target: FuzzTarget = {
  name: 'fits-image',
  seeds: () => {
    const s = fixtures('io/fits', ['.fits']).map((f) => f.bytes);
    const sun = shared('astro/reproject_sdo_aia_171_level1.fits');
    return sun ? [...s, sun] : s;
  },
  generate: (rng, seeds) => {
    const src = seeds[rng.int(seeds.length)] as Uint8Array;
    return rng.int(2) === 0 ? mutateFitsCards(rng, src) : mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, 2880);
  },
  run: (x) => readFitsImage(x as Uint8Array, { name: 'fuzz.fits', allowNonFinite: true }),
};
