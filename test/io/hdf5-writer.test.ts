/**
 * The HDF5 writer and the ISMRMRD writer (issue 14: ISMRMRD write): lookup3 against its
 * author's test vectors, files read back by libhdf5 (h5wasm, and Debian's h5dump) with every
 * value, and ISMRMRD files read by the ISMRMRD library (`ismrmrd_recon_cartesian_2d` reads the
 * acquisitions and appends its image to the file) and by Candor: `mri simulate --ismrmrd` then
 * `mri recon --kspace kspace.h5` writes the same image as from the CFL.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readIsmrmrdFile } from '../../src/apps/mri/node/ismrmrd-file.ts';
import { hdf5DeclaredBytes } from '../../src/io/hdf5-superblock.ts';
import { lookup3, writeHdf5 } from '../../src/io/hdf5-writer.ts';
import { loadHdf5 } from '../../src/io/hdf5-instance.ts';
import { ismrmrdXml, writeIsmrmrd } from '../../src/io/ismrmrd-write.ts';
import { readCfl } from '../../src/io/cfl.ts';
import { candor } from '../cli/helpers.ts';
import { h5dump, ismrmrdReconCartesian2d } from '../commands.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-h5w-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('writeHdf5', () => {
  it('lookup3 gives the values of lookup3.c\'s own driver', () => {
    assert.equal(lookup3(new Uint8Array(0)), 0xdeadbeef);
    assert.equal(lookup3(new TextEncoder().encode('Four score and seven years ago')), 0x17770551);
    assert.equal(lookup3(new TextEncoder().encode('Four score and seven years ago'), 1), 0xcd628161);
  });

  it('integers, floats, arrays, compounds, sequences and strings read back by libhdf5 (h5wasm and h5dump)', async () => {
    const long = Float64Array.from({ length: 3000 }, (_, i) => Math.sin(i)); // 24 kB: a collection above the 4 kB minimum
    const bytes = writeHdf5({
      datasets: { top: { type: { kind: 'int', size: 4, signed: true }, shape: [2, 2], values: [-1, 2, -3, 2147483647] } },
      groups: {
        g: {
          datasets: {
            f64: { type: { kind: 'float', size: 8 }, shape: [3], values: [1.5, -2.25, 1e-300] },
            u64: { type: { kind: 'int', size: 8, signed: false }, shape: [2], values: [2n ** 63n + 5n, 7] },
            s: { type: { kind: 'vlen-string' }, shape: [2], values: ['<x a="1"/>', ''] },
            rec: {
              type: {
                kind: 'compound',
                members: [
                  { name: 'a', type: { kind: 'int', size: 2, signed: false } },
                  { name: 'arr', type: { kind: 'array', base: { kind: 'float', size: 4 }, dims: [3] } },
                  { name: 'v', type: { kind: 'vlen', base: { kind: 'float', size: 8 } } },
                ],
              },
              shape: [3],
              values: [{ a: 7, arr: [1, 2, 3], v: [0.5, 1.5] }, { a: 9, arr: [4, 5, 6], v: [] }, { a: 65535, arr: [0, 0, -1], v: long }],
            },
          },
          groups: { empty: {} },
        },
      },
    });
    const path = join(dir, 't.h5');
    writeFileSync(path, bytes);
    const h5 = await loadHdf5();
    const { FS } = h5.module as unknown as { FS: { writeFile(p: string, d: Uint8Array): void; unlink(p: string): void } };
    FS.writeFile('/w.h5', bytes);
    const f = new h5.api.File('/w.h5', 'r');
    try {
      const get = (p: string) => f.get(p) as InstanceType<typeof h5.api.Dataset>;
      assert.deepEqual(Array.from(get('top').value as Int32Array), [-1, 2, -3, 2147483647]);
      assert.deepEqual(Array.from(get('g/f64').value as Float64Array), [1.5, -2.25, 1e-300]);
      assert.deepEqual(Array.from(get('g/u64').value as BigUint64Array), [2n ** 63n + 5n, 7n]);
      assert.deepEqual(get('g/s').value, ['<x a="1"/>', '']);
      const rec = get('g/rec').value as unknown as [number, Float32Array, Float64Array][];
      assert.equal(rec[0][0], 7);
      assert.deepEqual(Array.from(rec[0][1]), [1, 2, 3]);
      assert.deepEqual(Array.from(rec[0][2]), [0.5, 1.5]);
      assert.equal(rec[1][2].length, 0);
      assert.equal(rec[2][0], 65535);
      assert.deepEqual(Array.from(rec[2][2]), Array.from(long));
      assert.deepEqual((f.get('g') as InstanceType<typeof h5.api.Group>).keys().sort(), ['empty', 'f64', 'rec', 's', 'u64']);
    } finally {
      f.close();
      FS.unlink('/w.h5');
      h5.reset();
    }
    const d = h5dump(['-d', '/g/rec', path]);
    assert.equal(d.status, 0, d.stderr);
    assert.match(d.stdout, /H5T_VLEN \{ H5T_IEEE_F64LE\} "v";/);
    assert.match(d.stdout, /\(0\): \{\s+7,\s+\[ 1, 2, 3 \],\s+\(0\.5, 1\.5\)\s+\}/);
  });

  it('refuses values that do not match the shape, and an empty link name', () => {
    assert.throws(() => writeHdf5({ datasets: { x: { type: { kind: 'float', size: 8 }, shape: [3], values: [1, 2] } } }), /dataset \/x: expected 3 values \(shape \[3\]\), got 2/);
    assert.throws(() => writeHdf5({ datasets: { '': { type: { kind: 'float', size: 8 }, shape: [1], values: [1] } } }), /link name: expected 1 to 255 bytes/);
  });
});

describe('ISMRMRD write', () => {
  it('the ISMRMRD library reads Candor\'s acquisitions (ismrmrd_recon_cartesian_2d) and Candor reads them back', async () => {
    const nx = 16;
    const ny = 8;
    const records = Array.from({ length: ny }, (_, y) => ({
      line: y,
      samples: nx,
      channels: 2,
      centerSample: nx >> 1,
      data: Float32Array.from({ length: 4 * nx }, (_, i) => Math.cos(i + y) * (i % 3)),
    }));
    const bytes = writeIsmrmrd(ismrmrdXml({ nx, ny, coils: 2, trajectory: 'cartesian' }), records);
    const path = join(dir, 'cart.h5');
    writeFileSync(path, bytes);
    const k = await readIsmrmrdFile(path);
    assert.deepEqual([k.coils, k.ny, k.nx, k.coords], [2, ny, nx, null]);
    for (const r of records) {
      for (let c = 0; c < 2; c++) {
        for (let s = 0; s < nx; s++) assert.equal(k.data[2 * (c * ny * nx + r.line * nx + s)], r.data[2 * (c * nx + s)]);
      }
    }
    copyFileSync(path, join(dir, 'cart-recon.h5'));
    const run = ismrmrdReconCartesian2d(join(dir, 'cart-recon.h5'));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Number of Channels\s+: 2/);
    assert.match(run.stdout, /Number of acquisitions\s+: 8/);
    const img = h5dump(['-H', '-d', '/dataset/cpp/data', join(dir, 'cart-recon.h5')]);
    assert.equal(img.status, 0, img.stderr);
    assert.match(img.stdout, /DATASPACE\s+SIMPLE \{ \( 1, 1, 1, 8, 16 \)/);
  });

  it('mri simulate --ismrmrd: mri recon from kspace.h5 writes the image it writes from the CFL (whole lines: Cartesian; Poisson disc: grid points with a trajectory)', () => {
    for (const mask of ['lines', 'poisson-disc']) {
      const sim = join(dir, `sim-${mask}`);
      let r = candor(['mri', 'simulate', '--size', '48', '--coils', '4', '--mask', mask, '--accel', '2.5', '--calib', '16', '--ismrmrd', '--out', sim]);
      assert.equal(r.code, 0, r.stderr);
      const out: Buffer[] = [];
      for (const k of ['kspace.h5', 'kspace.cfl']) {
        const o = join(dir, `rec-${mask}-${k}`);
        r = candor(['mri', 'recon', '--kspace', join(sim, k), '--iters', '20', '--threads', '1', '--out', o]);
        assert.equal(r.code, 0, r.stderr);
        out.push(readFileSync(join(o, 'recon.cfl')));
      }
      assert.ok(out[0].equals(out[1]), `${mask}: recon from kspace.h5 differs from kspace.cfl`);
      // through a pipe, ISMRMRD raw data are known by their HDF5 signature: the same image
      const piped = join(dir, `rec-${mask}-pipe`);
      r = candor(['mri', 'recon', '--kspace', '/dev/stdin', '--iters', '20', '--threads', '1', '--out', piped], { input: readFileSync(join(sim, 'kspace.h5')) });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(readFileSync(join(piped, 'recon.cfl')).equals(out[0]), `${mask}: recon from a pipe of kspace.h5 differs`);
      // a stream is read no further than the size its superblock declares, and a cut file says so
      const h5 = readFileSync(join(sim, 'kspace.h5'));
      assert.equal(hdf5DeclaredBytes(h5), h5.length);
      r = candor(['mri', 'recon', '--kspace', '/dev/stdin', '--out', join(dir, `rec-${mask}-past`)], { input: Buffer.concat([h5, Buffer.alloc(1 << 20)]) });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `candor: k-space /dev/stdin: file: expected the ${h5.length} bytes its header declares, got a stream that went on past them\n`);
      const cut = join(dir, `cut-${mask}.h5`);
      writeFileSync(cut, h5.subarray(0, h5.length - 100));
      r = candor(['mri', 'recon', '--kspace', cut, '--out', join(dir, `rec-${mask}-cut`)]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `candor: readIsmrmrd(${cut}): file: expected the ${h5.length} bytes its HDF5 superblock declares (end-of-file address), got ${h5.length - 100} bytes (truncated)\n`);
      const hdr = readCfl(readFileSync(join(dir, `rec-${mask}-kspace.h5`, 'recon.hdr')), readFileSync(join(dir, `rec-${mask}-kspace.h5`, 'recon.cfl')));
      assert.deepEqual(hdr.cfl.dims.slice(0, 2), [48, 48]);
    }
  });

  it('the size an HDF5 superblock declares: version 0 (the ISMRMRD library) and 2 (Candor), nothing for other bytes', () => {
    const v0 = readFileSync('test/fixtures/mri/ismrmrd_sl16.h5');
    assert.equal(v0[8], 0);
    assert.equal(hdf5DeclaredBytes(v0), v0.length);
    assert.equal(hdf5DeclaredBytes(v0.subarray(0, 20)), undefined);
    assert.equal(hdf5DeclaredBytes(new Uint8Array(64)), undefined);
  });

  it('refuses records whose data or trajectory do not match their header', () => {
    const xml = ismrmrdXml({ nx: 4, ny: 2, coils: 1, trajectory: 'cartesian' });
    assert.throws(() => writeIsmrmrd(xml, [{ line: 0, samples: 4, channels: 1, centerSample: 2, data: new Float32Array(6) }]), /acquisition 0 data: expected 8 floats, got 6/);
    assert.throws(() => writeIsmrmrd(xml, [{ line: 0, samples: 4, channels: 1, centerSample: 2, data: new Float32Array(8), traj: [1], trajectoryDimensions: 2 }]), /acquisition 0 traj: expected 8 floats, got 1/);
    assert.throws(() => writeIsmrmrd('<x/>', []), /xml: expected an ISMRMRD XML header/);
  });
});
