import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MASK_KINDS, checkMask, countSamples, makeMask, poissonDiscMask } from '../../../src/apps/mri/masks/index.ts';
import { nrmse, nrmseOptimal, nrmseScaled, psnr, ssim } from '../../../src/core/imaging/metrics.ts';
import { ssimReference, ssimWith } from '../../../src/core/imaging/ssim.ts';
import { maskReport } from '../../../src/apps/mri/psf.ts';
import { fixtureCfl, fixtureJson } from './helpers.ts';

/** Mean distance from each sampled entry to its nearest sampled neighbour (outside the calibration square). */
function meanNearest(mask: Uint8Array, ny: number, nx: number, calib: number): number {
  const pts: [number, number][] = [];
  const y0 = Math.floor((ny - calib) / 2);
  const x0 = Math.floor((nx - calib) / 2);
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const inCal = i >= y0 - 4 && i < y0 + calib + 4 && j >= x0 - 4 && j < x0 + calib + 4;
      if (mask[i * nx + j] && !inCal) pts.push([i, j]);
    }
  }
  let s = 0;
  for (const [i, j] of pts) {
    let best = Infinity;
    for (let di = -4; di <= 4; di++) {
      for (let dj = -4; dj <= 4; dj++) {
        if ((di || dj) && mask[(i + di) * nx + (j + dj)] && i + di >= 0 && i + di < ny && j + dj >= 0 && j + dj < nx) {
          best = Math.min(best, Math.hypot(di, dj));
        }
      }
    }
    s += Math.min(best, 5);
  }
  return s / pts.length;
}

describe('sampling masks', () => {
  for (const kind of MASK_KINDS) {
    it(`${kind}: seeded, reaches the target acceleration, samples the centre`, () => {
      const a = makeMask(kind, 96, 128, { acceleration: 4, seed: 5 });
      const b = makeMask(kind, 96, 128, { acceleration: 4, seed: 5 });
      assert.deepEqual(a.mask, b.mask);
      assert.equal(a.samples, countSamples(a.mask));
      assert.ok(Math.abs(a.acceleration - 4) / 4 < 0.06, `acceleration ${a.acceleration}`);
      assert.equal(a.mask[48 * 128 + 64], 1, 'DC sampled');
      if (kind !== 'radial') assert.notDeepEqual(makeMask(kind, 96, 128, { acceleration: 4, seed: 6 }).mask, a.mask);
    });
  }
  it('poisson-disc matches bart poisson statistics (128x128, -y 2 -z 2 -C 16, seeds 1-3)', () => {
    const fx = fixtureJson<{ poisson: { masks: { indices: number[] }[] } }>('bart_mri.json');
    for (const [s, bm] of fx.poisson.masks.entries()) {
      const bart = new Uint8Array(128 * 128);
      for (const i of bm.indices) bart[i] = 1;
      const R = bart.length / countSamples(bart);
      const ours = poissonDiscMask(128, 128, { acceleration: R, calib: 16, seed: s + 1 });
      assert.ok(Math.abs(ours.acceleration - R) / R < 0.015);
      const nb = meanNearest(bart, 128, 128, 16);
      const no = meanNearest(ours.mask, 128, 128, 16);
      assert.ok(Math.abs(no - nb) / nb < 0.06, `mean nearest-neighbour distance ours ${no} vs BART ${nb}`);
      const rb = maskReport(bart, 128, 128, { wavelet: 'haar' });
      const ro = maskReport(ours.mask, 128, 128, { wavelet: 'haar' });
      assert.ok(ro.psfSideLobe < 1.5 * rb.psfSideLobe && rb.psfSideLobe < 1.5 * ro.psfSideLobe, `PSF side lobes ${ro.psfSideLobe} vs ${rb.psfSideLobe}`);
    }
  });
  it('a full mask has no PSF side lobes; lines alias coherently (side lobe > 0.5)', () => {
    const full = new Uint8Array(256).fill(1);
    assert.ok(maskReport(full, 16, 16, { wavelet: 'haar' }).psfSideLobe < 1e-12);
    const lines = makeMask('lines', 64, 64, { acceleration: 4, seed: 1 });
    assert.ok(maskReport(lines.mask, 64, 64).psfSideLobe > 0.5);
  });
  it('bad masks and options get exact messages', () => {
    assert.throws(() => checkMask('recon', new Uint8Array(10), 4, 4), { message: 'recon: mask size: expected 16 entries (4x4, the k-space size), got 10' });
    assert.throws(() => checkMask('recon', new Uint8Array(16), 4, 4), { message: 'recon: mask: expected at least one sampled k-space entry, got an all-zero mask' });
    assert.throws(() => checkMask('recon', [0, 2, 0, 0], 2, 2), { message: 'recon: mask value at entry 1: expected 0 or 1, got 2' });
    assert.throws(() => makeMask('poisson-disc', 32, 32, { acceleration: 0.5 }), { message: 'poissonDiscMask: acceleration: expected a finite number >= 1, got 0.5' });
    // @ts-expect-error unknown kind on purpose
    assert.throws(() => makeMask('spiral', 32, 32, { acceleration: 2 }), { message: 'makeMask: kind: expected one of poisson-disc, variable-density, lines, radial, got "spiral"' });
  });
});

describe('metrics', () => {
  it('nrmse and nrmseScaled equal bart nrmse and bart nrmse -s', () => {
    const fx = fixtureJson<{ nrmse: { plain: number; scaled: number } }>('bart_mri.json');
    const ref = fixtureCfl('bart_phantom_32').data;
    const x = fixtureCfl('bart_scaled_32').data;
    // BART prints 6 decimals: agreement to half a unit of the last one
    assert.ok(Math.abs(nrmse(x, ref) - fx.nrmse.plain) <= 5e-6, `${nrmse(x, ref)} vs ${fx.nrmse.plain}`);
    assert.ok(Math.abs(nrmseScaled(x, ref) - fx.nrmse.scaled) <= 5e-7, `${nrmseScaled(x, ref)} vs ${fx.nrmse.scaled}`);
    assert.ok(nrmseOptimal(x, ref) <= nrmseScaled(x, ref));
  });
  it('nrmseScaled and nrmseOptimal vanish for a complex multiple of the reference', () => {
    const ref = Float64Array.of(1, 0, 2, 0, -1, 3);
    const x = new Float64Array(6);
    for (let i = 0; i < 6; i += 2) {
      x[i] = 0.5 * ref[i] - 2 * ref[i + 1];
      x[i + 1] = 0.5 * ref[i + 1] + 2 * ref[i];
    }
    assert.ok(nrmseScaled(x, ref) < 1e-15);
    assert.ok(nrmseOptimal(x, ref) < 1e-15);
    assert.throws(() => nrmse(x, new Float64Array(6)), { message: 'nrmse: reference: expected a non-zero image, got all zeros' });
  });
  it('ssim and psnr equal scikit-image (gaussian window 11, sigma 1.5)', () => {
    const fx = fixtureJson<{ ny: number; nx: number; reference: number[]; cases: { name: string; image: number[]; ssim: number; psnr: number }[] }>(
      'metrics_skimage.json',
    );
    const ref = Float64Array.from(fx.reference);
    for (const c of fx.cases) {
      const x = Float64Array.from(c.image);
      const ours = ssim(x, ref, fx.ny, fx.nx); // SSIM of |x| against |ref|; the fixture passes |x| to skimage
      assert.ok(Math.abs(ours - c.ssim) < 1e-12, `${c.name}: ${ours} vs ${c.ssim}`);
      const p = psnr(x, ref, false);
      assert.ok(Math.abs(p - c.psnr) < 1e-10, `${c.name}: psnr ${p} vs ${c.psnr}`);
    }
  });
  it('ssim with the reference\'s statistics computed once (ssimReference, then ssimWith per image) equals scikit-image for every case', () => {
    const fx = fixtureJson<{ ny: number; nx: number; reference: number[]; cases: { name: string; image: number[]; ssim: number }[] }>('metrics_skimage.json');
    const r = ssimReference('test', Float64Array.from(fx.reference), fx.ny, fx.nx);
    for (const c of fx.cases) {
      const ours = ssimWith(r, Float64Array.from(c.image));
      assert.ok(Math.abs(ours - c.ssim) < 1e-12, `${c.name}: ${ours} vs ${c.ssim}`);
    }
    assert.throws(() => ssimWith(r, new Float64Array(3)), { message: `ssim: image length: expected ${fx.ny * fx.nx} or ${2 * fx.ny * fx.nx}, got 3` });
    assert.throws(() => ssimReference('test', new Float64Array(100), 10, 10), { message: 'test: image size: expected at least 11x11 (the 11x11 window), got 10x10' });
    assert.throws(() => ssimReference('test', new Float64Array(144), 12, 12), { message: 'test: reference: expected a non-constant image (data range > 0), got a constant image' });
  });
});
