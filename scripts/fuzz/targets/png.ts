/**
 * PNG (src/io/png.ts readPng): mutated fixtures, with the chunk CRCs recomputed half of the time
 * so mutations reach the decoder rather than stopping at the CRC, and bombs from ../hostile.ts.
 */
import { readPng } from '../../../src/io/png.ts';
import { fixtures } from '../files.ts';
import { pngBomb, pngChunk } from '../hostile.ts';
import { mutateBytes, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

type Rng = Parameters<FuzzTarget['generate']>[0];
const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
let bombs: Uint8Array[] | undefined;

/** Mutates one chunk's data (or type) and rebuilds the file with valid CRCs. */
function chunkMutation(rng: Rng, src: Uint8Array): Uint8Array {
  const chunks: { type: string; data: Uint8Array }[] = [];
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  for (let p = 8; p + 12 <= src.length; ) {
    const len = dv.getUint32(p);
    if (p + 12 + len > src.length) break;
    chunks.push({ type: String.fromCharCode(...src.subarray(p + 4, p + 8)), data: src.subarray(p + 8, p + 8 + len) });
    p += 12 + len;
  }
  if (chunks.length === 0) return src;
  const c = chunks[rng.int(chunks.length)];
  if (rng.int(6) === 0) c.type = pick(rng, ['IHDR', 'IDAT', 'IEND', 'PLTE', 'tRNS', 'iCCP', 'zTXt', 'acTL', 'fdAT', 'xxxx']);
  else c.data = mutateBytes(rng, c.data);
  if (rng.int(8) === 0) chunks.splice(rng.int(chunks.length), 0, chunks[rng.int(chunks.length)]);
  const parts = [Buffer.from(src.subarray(0, 8)), ...chunks.map((k) => pngChunk(k.type, k.data))];
  return u8(Buffer.concat(parts));
}

export const target: FuzzTarget = {
  name: 'png',
  seeds: () => fixtures('io/png', ['.png']).map((f) => f.bytes),
  generate: (rng, seeds) => {
    const src = seeds[rng.int(seeds.length)] as Uint8Array;
    const r = rng.int(10);
    if (r === 0) {
      bombs ??= [u8(pngBomb(30000, 30000)), u8(pngBomb(100, 50, 64 << 20)), u8(pngBomb(512, 512))];
      return pick(rng, bombs);
    }
    if (r <= 5) return chunkMutation(rng, src);
    return mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, 64);
  },
  run: (x) => readPng(x as Uint8Array, { name: 'fuzz.png' }),
};
