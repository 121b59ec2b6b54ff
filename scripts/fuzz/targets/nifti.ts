/**
 * NIfTI (src/io/nifti.ts readNifti), plain and gzipped: mutated fixtures (and their gzip), the
 * shared EPI volume, hostile headers, and bombs and damaged gzip streams from ../hostile.ts.
 */
import { gzipSync } from 'node:zlib';
import { readNifti } from '../../../src/io/nifti.ts';
import { fixtures, shared } from '../files.ts';
import { gzipZeros, niftiGzBomb, niftiHeader } from '../hostile.ts';
import { INTERESTING, mutateBytes, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
let bombs: Uint8Array[] | undefined;

function hostile(rng: Parameters<FuzzTarget['generate']>[0]): Uint8Array {
  bombs ??= [u8(niftiGzBomb([2048, 2048, 40])), u8(niftiGzBomb([8, 8], 8 << 20)), u8(gzipZeros(niftiHeader([4, 4]), 16))];
  if (rng.int(4) === 0) return pick(rng, bombs);
  const nd = 1 + rng.int(7);
  const dims = Array.from({ length: nd }, () => pick(rng, [1, 2, 3, 8, 255, 1024, 32767, -1, 0]));
  const h = niftiHeader(dims, pick(rng, [2, 16] as const));
  if (rng.int(2)) h.writeInt16LE(pick(rng, [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 768, 1024, 1280, 1536, 1792, 2048, 2304, 9999]), 70);
  if (rng.int(2)) h.writeFloatLE(pick(rng, [0, 348, 352, 351.5, 1e9, -4, Number.NaN, ...INTERESTING]), 108);
  if (rng.int(3) === 0) h[348] = 1; // extension flag
  const body = Buffer.concat([h, Buffer.alloc(rng.int(300))]);
  return rng.int(2) ? u8(gzipSync(body)) : u8(body);
}

export const target: FuzzTarget = {
  name: 'nifti',
  seeds: () => {
    const plain = fixtures('io/nifti', ['.nii', '.nii.gz']).map((f) => f.bytes);
    const gz = plain.filter((b) => b[0] !== 0x1f).map((b) => u8(gzipSync(b)));
    const real = shared('mri/nibabel_example4d.nii.gz');
    return real ? [...plain, ...gz, real] : [...plain, ...gz];
  },
  generate: (rng, seeds) => {
    if (rng.int(5) === 0) return hostile(rng);
    const last = seeds.length - 1;
    const src = (rng.int(200) === 0 ? seeds[last] : seeds[rng.int(last)]) as Uint8Array;
    return mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, src[0] === 0x1f ? 64 : 352);
  },
  run: (x) => readNifti(x as Uint8Array, { name: 'fuzz.nii' }),
};
