/**
 * UVFITS (src/io/fits/uvfits.ts readUvfits): mutated random-groups files (ours, the antenna and
 * wavelength variant, the refused one without VV) and, rarely, the shared EHT and VLBA files;
 * card-level mutations (../fits-cards.ts: hostile NAXISn, PCOUNT, GCOUNT, PTYPEn, CTYPEn, the AIPS
 * tables' TFORMn) and byte mutations of the header blocks.
 */
import { readUvfits } from '../../../src/io/fits/uvfits.ts';
import { mutateCards } from '../fits-cards.ts';
import { fixtures, shared } from '../files.ts';
import { mutateBytes } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

export const target: FuzzTarget = {
  name: 'uvfits',
  seeds: () => {
    const files = fixtures('io/fits', ['.uvfits']).map((f) => f.bytes);
    const real = ['astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits', 'astro/pyuvdata_vlba_mojave.uvfits'].map(shared).filter((b) => b !== null);
    return [...files, ...real];
  },
  generate: (rng, seeds) => {
    // the fixtures (a few KB) mostly; the shared files (half a MB each) one input in 100
    const small = seeds.filter((s) => (s as Uint8Array).length < 65536);
    const src = (rng.int(100) === 0 ? seeds[rng.int(seeds.length)] : small[rng.int(small.length)]) as Uint8Array;
    const r = rng.int(5);
    if (r <= 1) return mutateCards(rng, src);
    if (r === 2) return mutateBytes(rng, mutateCards(rng, src));
    return mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, 2880 * 3);
  },
  run: (x) => readUvfits(x as Uint8Array, { name: 'fuzz.uvfits' }),
};
