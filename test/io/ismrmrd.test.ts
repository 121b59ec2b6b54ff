/**
 * The ISMRMRD reader (src/io/ismrmrd.ts) on a file written by ISMRMRD's own generator
 * (scripts/fixtures/mri_ismrmrd.py): header, acquisitions, and the k-space it arranges
 * (src/apps/mri/node/ismrmrd-file.ts) against the generator's own coil images (the images it took
 * the k-space of, read from the same file): the centred inverse DFT of each coil's grid equals
 * them up to one complex scale (the generator's FFT normalisation), to float32 accuracy. Bad files
 * give one CandorError naming the file. Hostile files in one long-lived process (issue 19): every
 * HDF5 error used to leave the one h5wasm instance a little more broken (its C stack pointer never
 * popped; ~2,275 truncated files later a valid file failed with "memory access out of bounds");
 * the reader now resets its private instance after each (src/io/hdf5-instance.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import h5wasm from 'h5wasm';
import { readIsmrmrdFile } from '../../src/apps/mri/node/ismrmrd-file.ts';
import { kspaceToImage } from '../../src/apps/mri/kspace.ts';
import { nrmseOptimal } from '../../src/core/imaging/metrics.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { loadHdf5 } from '../../src/io/hdf5-instance.ts';
import { initIsmrmrd, readIsmrmrd, readIsmrmrdSync } from '../../src/io/ismrmrd.ts';

const path = new URL('../fixtures/mri/ismrmrd_sl16.h5', import.meta.url).pathname;
const bytes = new Uint8Array(readFileSync(path));

/** The generator's /dataset/coil_images [1, coils, y, x] (compound real/imag) read with h5wasm. */
async function coilImages(): Promise<{ shape: number[]; data: Float64Array }> {
  const { FS } = await h5wasm.ready;
  FS.writeFile('/ref.h5', bytes);
  const f = new h5wasm.File('/ref.h5', 'r');
  const d = f.get('dataset/coil_images') as InstanceType<typeof h5wasm.Dataset>;
  const rows = d.value as unknown as [number, number][];
  const shape = d.shape as number[];
  f.close();
  FS.unlink('/ref.h5');
  const data = new Float64Array(2 * rows.length);
  rows.forEach(([re, im], i) => {
    data[2 * i] = re;
    data[2 * i + 1] = im;
  });
  return { shape, data };
}

describe('ISMRMRD reader', () => {
  it('reads the generator file: XML matrix 32 x 16, 16 Cartesian acquisitions of 4 channels x 32 samples', async () => {
    const f = await readIsmrmrd(bytes, { name: 'sl16.h5' });
    assert.deepEqual(f.matrix, { x: 32, y: 16, z: 1 });
    assert.deepEqual(f.reconMatrix, { x: 16, y: 16, z: 1 });
    assert.equal(f.trajectory, 'cartesian');
    assert.equal(f.acquisitions.length, 16);
    assert.deepEqual(
      f.acquisitions.map((a) => a.line),
      Array.from({ length: 16 }, (_, i) => i),
    );
    for (const a of f.acquisitions) {
      assert.equal(a.channels, 4);
      assert.equal(a.samples, 32);
      assert.equal(a.data.length, 2 * 4 * 32);
    }
  });

  it("the arranged k-space's inverse DFT equals the generator's coil images to float32 accuracy", async () => {
    const k = await readIsmrmrdFile(path);
    assert.equal(k.coils, 4);
    assert.equal(k.ny, 16);
    assert.equal(k.nx, 32);
    assert.equal(k.coords, null);
    const ref = await coilImages();
    assert.deepEqual(ref.shape, [1, 4, 16, 32]);
    const n = 16 * 32;
    const ours = new Float64Array(2 * n * 4);
    for (let c = 0; c < 4; c++) ours.set(kspaceToImage(k.data.subarray(2 * n * c, 2 * n * (c + 1)), 16, 32), 2 * n * c);
    const e = nrmseOptimal(ours, ref.data);
    assert.ok(e <= 1e-5, `NRMSE after one complex scale: ${e}`);
  });

  it('bad files: not HDF5, truncated HDF5, one CandorError naming the file', async () => {
    await assert.rejects(readIsmrmrd(new TextEncoder().encode('plain text, not hdf5'), { name: 'x.h5' }), {
      message: 'readIsmrmrd(x.h5): file: expected an HDF5 file (ISMRMRD raw data; signature \\x89HDF\\r\\n\\x1a\\n), got 20 bytes without the HDF5 signature',
    });
    await assert.rejects(readIsmrmrd(bytes.slice(0, 2000), { name: 'cut.h5' }), (e: Error) => e.name === 'CandorError' && e.message.startsWith('readIsmrmrd(cut.h5): '));
  });

  /** The first n bytes with the superblock's end-of-file address set to n (a cut HDF5 itself must refuse). */
  const cutInside = (n: number) => {
    const c = bytes.slice(0, n);
    assert.equal(c[8], 0); // superblock version 0: the end-of-file address at 24 + 2 O
    const O = c[13];
    for (let i = 0; i < O; i++) c[24 + 2 * O + i] = i === 0 ? n & 255 : i === 1 ? n >> 8 : 0;
    return c;
  };

  it('a truncated file is said to be truncated, with both sizes', async () => {
    await initIsmrmrd();
    assert.throws(() => readIsmrmrdSync(bytes.slice(0, 100), { name: 'cut.h5' }), {
      message: `readIsmrmrd(cut.h5): file: expected the ${bytes.length} bytes its HDF5 superblock declares (end-of-file address), got 100 bytes (truncated)`,
    });
  });

  it('a read failing inside HDF5 resets the instance: the C stack pointer is back at its start-up value, the reset counted', async () => {
    await initIsmrmrd();
    const h5 = await loadHdf5();
    const resets = h5.resets;
    for (let i = 0; i < 20; i++) {
      assert.throws(() => readIsmrmrdSync(cutInside(100), { name: 'cut.h5' }), {
        name: 'CandorError',
        message: 'readIsmrmrd(cut.h5): file: expected a readable HDF5 file (ISMRMRD raw data), got an HDF5 error: unable to synchronously open file',
      });
      const sp = h5.stackPointer();
      assert.equal(sp.now, sp.start);
    }
    assert.equal(h5.resets, resets + 20);
    // a file refused by our own checks (not HDF5's) closes normally: no reset
    assert.throws(() => readIsmrmrdSync(bytes, { name: 'g.h5', group: 'nope' }), { name: 'CandorError' });
    assert.equal(h5.resets, resets + 20);
  });

  it("2,400 truncated files in one process (past the ~2,275 that broke the shared instance), then the generator file still reads as its coil images", async () => {
    await initIsmrmrd();
    const cut = cutInside(100);
    for (let i = 0; i < 2400; i++) assert.throws(() => readIsmrmrdSync(cut, { name: 'cut.h5' }), { name: 'CandorError' });
    const k = await readIsmrmrdFile(path);
    const ref = await coilImages();
    const n = 16 * 32;
    const ours = new Float64Array(2 * n * 4);
    for (let c = 0; c < 4; c++) ours.set(kspaceToImage(k.data.subarray(2 * n * c, 2 * n * (c + 1)), 16, 32), 2 * n * c);
    const e = nrmseOptimal(ours, ref.data);
    assert.ok(e <= 1e-5, `NRMSE after one complex scale: ${e}`);
  });

  it("a file asking HDF5 for ~660 MB (fuzz seed 19, input 17257, 77,587 bytes): one CandorError, HDF5's memory grown by at most 64 MiB + 16 x its size", async () => {
    const { target } = await import('../../scripts/fuzz/targets/ismrmrd.ts');
    const x = target.generate(createRng(19, 17257), target.seeds()) as Uint8Array;
    assert.equal(x.length, 77587);
    const h5 = await loadHdf5();
    const before = h5.module.HEAPU8.length;
    assert.throws(() => readIsmrmrdSync(x, { name: 'big.h5' }), {
      name: 'CandorError',
      message: "readIsmrmrd(big.h5): file: expected a readable HDF5 file (ISMRMRD raw data), got an HDF5 error: can't synchronously read data",
    });
    assert.ok(h5.module.HEAPU8.length <= before + 64 * 2 ** 20 + 16 * x.length, `memory ${h5.module.HEAPU8.length} bytes, ${before} before`);
    const f = readIsmrmrdSync(bytes, { name: 'sl16.h5' });
    assert.equal(f.acquisitions.length, 16);
  });
});
