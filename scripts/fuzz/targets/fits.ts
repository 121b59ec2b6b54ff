/**
 * FITS images (src/io/fits/image.ts readFitsImage): mutated fixtures (every BITPIX, scaled and
 * blanked integers, 3-D cubes, WCS, tables, the refused files) and the shared SDO/AIA image;
 * card-level mutations (../fits-cards.ts: hostile BITPIX, NAXISn, PCOUNT, GCOUNT, TFORMn values,
 * cards removed or copied) and byte mutations of the header blocks.
 */
import { readFitsImage } from '../../../src/io/fits/image.ts';
import { mutateCards } from '../fits-cards.ts';
import { fixtures, shared } from '../files.ts';
import { mutateBytes } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

export const target: FuzzTarget = {
  name: 'fits',
  seeds: () => {
    const files = fixtures('io/fits', ['.fits']).map((f) => f.bytes);
    const real = shared('astro/reproject_sdo_aia_171_level1.fits');
    return real ? [...files, real] : files;
  },
  generate: (rng, seeds) => {
    const last = seeds.length - 1;
    const src = (rng.int(100) === 0 ? seeds[last] : seeds[rng.int(last)]) as Uint8Array;
    const r = rng.int(5);
    if (r <= 1) return mutateCards(rng, src);
    if (r === 2) return mutateBytes(rng, mutateCards(rng, src));
    return mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, 2880);
  },
  run: (x) => readFitsImage(x as Uint8Array, { name: 'fuzz.fits' }),
};
