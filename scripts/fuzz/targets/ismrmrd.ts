/**
 * ISMRMRD HDF5 (src/io/ismrmrd.ts readIsmrmrdSync): mutations of the generator's file
 * (test/fixtures/mri/ismrmrd_sl16.h5), truncations, and bytes that start with the HDF5 signature.
 */
import { initIsmrmrd, readIsmrmrdSync } from '../../../src/io/ismrmrd.ts';
import { fixtures } from '../files.ts';
import { mutateBytes } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

await initIsmrmrd();

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export const target: FuzzTarget = {
  name: 'ismrmrd',
  seeds: () => fixtures('mri', ['.h5']).map((f) => f.bytes),
  generate: (rng, seeds) => {
    const src = seeds[rng.int(seeds.length)] as Uint8Array;
    const k = rng.int(6);
    if (k === 0) return src.slice(0, rng.int(src.length));
    if (k === 1) {
      const b = new Uint8Array(8 + rng.int(4096));
      b.set(SIGNATURE);
      for (let i = 8; i < b.length; i++) b[i] = rng.int(256);
      return b;
    }
    return mutateBytes(rng, src, src, 64);
  },
  run: (x) => readIsmrmrdSync(x as Uint8Array, { name: 'fuzz.h5' }),
};
