/** DICOM (src/io/dicom.ts readDicom): mutated fixtures and the shared MR file, mostly in the header. */
import { readDicom } from '../../../src/io/dicom.ts';
import { fixtures, shared } from '../files.ts';
import { mutateBytes } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

export const target: FuzzTarget = {
  name: 'dicom',
  seeds: () => {
    const s = fixtures('io/dicom', ['.dcm']).map((f) => f.bytes);
    const mr = shared('mri/pydicom_MR_small.dcm');
    return mr ? [...s, mr] : s;
  },
  generate: (rng, seeds) => {
    const src = seeds[rng.int(seeds.length)] as Uint8Array;
    return mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, Math.min(src.length, 1024));
  },
  run: (x) => readDicom(x as Uint8Array, { name: 'fuzz.dcm' }),
};
