/**
 * ISMRMRD HDF5 (src/io/ismrmrd.ts readIsmrmrdSync): mutations of the generator's file
 * (test/fixtures/mri/ismrmrd_sl16.h5), truncations, and bytes that start with the HDF5 signature.
 *
 * Every 64 inputs the unmutated file is read again and must give what it gave at the start: every
 * input goes through the reader's one h5wasm (HDF5) instance, and a hostile file could leave it in
 * a state where later, valid files fail or read differently (seen after ~2,900 inputs of seed 19
 * before the reader reset its instance after HDF5 errors, src/io/hdf5-instance.ts: an "Aborted()"
 * and then "memory access out of bounds" for the valid file). Without this check such a state
 * would pass as documented errors (CandorError) for every later input; with it, it is a crash.
 * Inputs run back to back, synchronously, as a long-lived caller of readIsmrmrdSync would: no
 * await between them. */
import { initIsmrmrd, readIsmrmrdSync } from '../../../src/io/ismrmrd.ts';
import { fixtures } from '../files.ts';
import { mutateBytes } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

await initIsmrmrd();

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

const CHECK_EVERY = 64;
let reference: string | null = null;
let since = 0;

/** A fingerprint of what the unmutated file reads as: records and every sample's sum. */
function fingerprint(bytes: Uint8Array): string {
  const f = readIsmrmrdSync(bytes, { name: 'seed.h5' });
  let sum = 0;
  for (const a of f.acquisitions) for (const v of a.data) sum += v;
  return `${f.acquisitions.length} acquisitions, sample sum ${sum}`;
}

function healthCheck(seed: Uint8Array): void {
  reference ??= fingerprint(seed);
  if (++since < CHECK_EVERY) return;
  since = 0;
  let now: string;
  try {
    now = fingerprint(seed);
  } catch (e) {
    now = `an error: ${(e as Error).message.slice(0, 160)}`;
  }
  if (now !== reference) throw new Error(`h5wasm state corrupted by an earlier input: the unmutated file now reads as ${now}, at the start as ${reference}`);
}

let seedFile: Uint8Array | null = null;

export const target: FuzzTarget = {
  name: 'ismrmrd',
  seeds: () => {
    const files = fixtures('mri', ['.h5']).map((f) => f.bytes);
    seedFile = files[0];
    return files;
  },
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
  run: (x) => {
    if (seedFile) healthCheck(seedFile);
    return readIsmrmrdSync(x as Uint8Array, { name: 'fuzz.h5' });
  },
};
