/**
 * The pieces of the MRI quality predictor (src/apps/mri/predict/density.ts, model.ts) and of its
 * calibration data (../random-phantom.ts, ../quality-sweep.ts): the closed-form band densities
 * against the generators' drawn masks, the budget image's exact limits, the recoverable share
 * against the complex l1 transition of the scipy fixture, and the sweep's reference shifts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { makeMask } from '../../../src/apps/mri/masks/index.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { familyFractions, maskFractions, samplingBands } from '../../../src/apps/mri/predict/density.ts';
import { budgetImage, predictQuality, qualityContext, recoverableShare } from '../../../src/apps/mri/predict/model.ts';
import { qualitySweepSpec, trialReference } from '../../../src/apps/mri/quality-sweep.ts';
import { randomPhantom } from '../../../src/apps/mri/random-phantom.ts';

const FIX = JSON.parse(readFileSync(new URL('../../fixtures/predict_levels.json', import.meta.url), 'utf8'));

describe('apps/mri/predict/density: band densities of the mask families without drawing', () => {
  it('poisson-disc: the calibration square is full and the rest uniform at (n/R - |calib|)/(n - |calib|)', () => {
    const bands = samplingBands(128, 128, 12, 32);
    const f = familyFractions('poisson-disc', 128, 128, 4, bands, { calib: 12 });
    assert.equal(f[0], 1);
    for (let b = 1; b < bands.count; b++) assert.equal(f[b], bands.sizes[b] === 0 ? 1 : (4096 - 144) / (16384 - 144), `band ${b}`);
    assert.ok(bands.sizes[1] === 0 && bands.sizes[20] > 0); // the first ring lies inside the square
  });

  it('variable-density: the expected share of every band matches the mean of 12 drawn masks (within 4 binomial standard errors)', () => {
    const ny = 64;
    const bands = samplingBands(ny, ny, 8, 8);
    for (const R of [3, 6]) {
      const f = familyFractions('variable-density', ny, ny, R, bands, { calib: 8 });
      const acc = new Float64Array(bands.count);
      const T = 12;
      for (let s = 0; s < T; s++) {
        const m = maskFractions(makeMask('variable-density', ny, ny, { acceleration: R, seed: s, calib: 8 }).mask, bands);
        for (let b = 0; b < bands.count; b++) acc[b] += m[b] / T;
      }
      for (let b = 0; b < bands.count; b++) {
        const se = Math.sqrt((f[b] * (1 - f[b])) / (T * bands.sizes[b])) + 1e-3;
        assert.ok(Math.abs(acc[b] - f[b]) <= 4 * se, `R ${R} band ${b}: drawn ${acc[b]}, expected ${f[b]}`);
      }
    }
  });

  it('other families are measured, not modelled: one clear error', () => {
    assert.throws(() => familyFractions('lines', 64, 64, 4, samplingBands(64, 64, 8, 8)), {
      message: 'familyFractions: mask family: expected one of poisson-disc, variable-density (others: measure drawn masks with maskFractions), got "lines"',
    });
  });
});

describe('apps/mri/predict/model: the levels budget model', () => {
  const ref = sheppLogan(64);
  const ctx = qualityContext(ref, 64, 64);

  it('keeping every coefficient gives back the reference (SSIM 1, NRMSE 0); keeping none gives zero', () => {
    const all = Int32Array.from(ctx.spectra.subbands.sizes);
    const img = budgetImage(ctx, all);
    for (let i = 0; i < 64 * 64; i++) assert.ok(Math.abs(img[2 * i] - ref[i]) < 1e-12 && Math.abs(img[2 * i + 1]) < 1e-12);
    const full = predictQuality(ctx, new Float64Array(ctx.bands.count).fill(1), { c: 1e6, gamma: 0 });
    assert.ok(full.ssim > 1 - 1e-12 && full.nrmse < 1e-12);
    assert.ok(budgetImage(ctx, new Int32Array(all.length)).every((v) => v === 0));
  });

  it('the recoverable share is the complex l1 transition eps(delta) (scipy fixture, 1e-9)', () => {
    for (const r of FIX.complexTransition) assert.ok(Math.abs(recoverableShare(r.delta) - r.eps) < 1e-9, `delta ${r.delta}`);
  });

  it('quality falls as the sampling thins', () => {
    const q = [2, 4, 8].map((R) => predictQuality(ctx, familyFractions('poisson-disc', 64, 64, R, ctx.bands, { calib: ctx.calib }), { c: 1.5, gamma: 0.5 }).ssim);
    assert.ok(q[0] > q[1] && q[1] > q[2], q.join(', '));
  });
});

describe('apps/mri: the calibration images and the quality sweep', () => {
  it('random phantoms are seeded (same seed, same image) and differ between seeds', () => {
    assert.deepEqual(randomPhantom(32, 32, 4), randomPhantom(32, 32, 4));
    assert.notDeepEqual(randomPhantom(32, 32, 4), randomPhantom(32, 32, 5));
  });

  it('a trial reference is the image circularly shifted by the recorded shift', () => {
    const data = randomPhantom(16, 16, 1);
    const s = qualitySweepSpec([{ id: 'p', ny: 16, nx: 16, data }], { accelerations: [2], repeats: 1 });
    const { ref, shift } = trialReference(s, s.images[0], 3);
    const [dy, dx] = shift;
    for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) assert.equal(ref[2 * (((i + dy) % 16) * 16 + ((j + dx) % 16))], data[i * 16 + j]);
    assert.throws(() => qualitySweepSpec([{ id: 'p', ny: 16, nx: 16, data }], { accelerations: [1] }), { message: 'qualitySweepSpec: accelerations: expected numbers > 1, got 1' });
  });
});
