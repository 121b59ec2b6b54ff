import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { imageToKspace, kspaceToImage, simulateKspace } from '../../../src/apps/mri/kspace.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { readCfl, writeCfl } from '../../../src/io/cfl.ts';
import { writeCflFiles } from '../../../src/io/node/formats.ts';
import { bart } from '../../commands.ts';
import { fixtureCfl, maxAbs, maxAbsDiff } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-mri-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('sheppLogan', () => {
  for (const n of [32, 33]) {
    it(`with grid 'bart' equals bart phantom -x ${n} (float32 storage)`, () => {
      const b = fixtureCfl(`bart_phantom_${n}`);
      assert.deepEqual(b.shape, [n, n]);
      const ours = sheppLogan(n, n, { grid: 'bart' });
      const re = b.data.filter((_, i) => i % 2 === 0);
      assert.ok(maxAbsDiff(ours, re) < 1e-7, `max diff ${maxAbsDiff(ours, re)}`);
      assert.equal(maxAbs(b.data.filter((_, i) => i % 2 === 1)), 0);
    });
  }
  it("with grid 'matlab' puts pixel centres on [-1, 1]: known intensities at ellipse centres (n = 101)", () => {
    const n = 101; // pixel 50 is x = 0 / y = 0; spacing 1/50
    const p = sheppLogan(n);
    const at = (x: number, y: number) => p[Math.round(50 - 50 * y) * n + Math.round(50 + 50 * x)];
    assert.ok(Math.abs(at(0, 0) - 0.2) < 1e-12);
    assert.ok(Math.abs(at(0, 0.35) - 0.3) < 1e-12); // ellipse 5 on the brain
    assert.ok(Math.abs(at(0.22, 0) - 0) < 1e-12); // dark ellipse 3
    assert.ok(Math.abs(at(0, 0.9) - 1) < 1e-12); // skull (between 0.874 - 0.0184 and 0.92)
    assert.equal(at(0.95, 0.95), 0);
    assert.ok(Math.abs(at(0, -0.605) - 0.3) < 1e-12); // small ellipse 9 near the bottom
  });
  it('rejects bad sizes and grids', () => {
    assert.throws(() => sheppLogan(0), { message: 'sheppLogan: rows ny: expected an integer >= 1, got 0' });
    // @ts-expect-error bad grid on purpose
    assert.throws(() => sheppLogan(8, 8, { grid: 'x' }), { message: `sheppLogan: options.grid: expected 'matlab' or 'bart', got "x"` });
  });
});

describe('k-space convention', () => {
  it('imageToKspace equals bart fft -u 3 (12x10 complex noise, 33x33 phantom)', () => {
    for (const [img, ksp] of [
      ['bart_noise_12x10', 'bart_fft_12x10'],
      ['bart_phantom_33', 'bart_fft_33'],
    ]) {
      const x = fixtureCfl(img);
      const k = fixtureCfl(ksp);
      const [ny, nx] = x.shape;
      const ours = imageToKspace(x.data, ny, nx);
      assert.ok(maxAbsDiff(ours, k.data) <= 2e-6 * maxAbs(k.data), `${ksp}: ${maxAbsDiff(ours, k.data)}`);
    }
  });
  it('kspaceToImage inverts imageToKspace to 1e-13 (odd and even sizes)', () => {
    for (const [ny, nx] of [
      [16, 16],
      [15, 9],
    ]) {
      const x = new Float64Array(2 * ny * nx).map((_, i) => Math.sin(i * 0.7) + 0.1 * i);
      const back = kspaceToImage(imageToKspace(x, ny, nx), ny, nx);
      assert.ok(maxAbsDiff(back, x) < 1e-13 * maxAbs(x));
    }
  });
  it('a CFL k-space written by us is transformed back by bart fft -i -u 3 (CFL round trip)', () => {
    const img = sheppLogan(24);
    const k = imageToKspace(img, 24, 24);
    writeCflFiles(join(dir, 'k'), { shape: [24, 24], data: k, complex: true });
    const r = bart(['fft', '-i', '-u', '3', 'k', 'x'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const x = readCfl(readFileSync(join(dir, 'x.hdr')), readFileSync(join(dir, 'x.cfl')));
    assert.deepEqual(x.shape, [24, 24]);
    const re = x.data.filter((_, i) => i % 2 === 0);
    assert.ok(maxAbsDiff(re, img) < 1e-6, `${maxAbsDiff(re, img)}`);
    // and BART's own file reads back to the same bytes when rewritten
    const again = writeCfl(x);
    assert.deepEqual(Buffer.from(again.cfl), readFileSync(join(dir, 'x.cfl')));
  });
  it('simulateKspace adds seeded noise at the requested SNR and zeroes unsampled entries', () => {
    const img = sheppLogan(64);
    const clean = imageToKspace(img, 64, 64);
    const a = simulateKspace(img, 64, 64, { snrDb: 20, seed: 3 });
    const b = simulateKspace(img, 64, 64, { snrDb: 20, seed: 3 });
    assert.deepEqual(a.kspace, b.kspace);
    let e2 = 0;
    let s2 = 0;
    for (let i = 0; i < clean.length; i++) {
      e2 += (a.kspace[i] - clean[i]) ** 2;
      s2 += clean[i] ** 2;
    }
    const snr = 10 * Math.log10(s2 / e2);
    assert.ok(Math.abs(snr - 20) < 0.1, `measured SNR ${snr}`);
    assert.ok(Math.abs(a.noiseStd - Math.sqrt(s2 / 4096) / 10) < 1e-12);
    const mask = new Uint8Array(4096);
    mask[5] = 1;
    const m = simulateKspace(img, 64, 64, { mask });
    assert.equal(m.kspace.filter((v) => v !== 0).length <= 2, true);
    assert.throws(() => simulateKspace(img, 64, 64, { mask: new Uint8Array(4096) }), {
      message: 'simulateKspace: mask: expected at least one sampled k-space entry, got an all-zero mask',
    });
  });
});
