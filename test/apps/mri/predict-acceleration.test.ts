/**
 * The MRI acceleration prediction (src/apps/mri/predict/predict-acceleration.ts) and
 * `candor mri plan --predict`: it answers without reconstructing, states its provenance and
 * held-back error, says when it is outside its calibration, refuses uncalibrated families with one
 * clear error, and its answer is checked against the retrospective scan on the 64 x 64 DICOM image
 * (a reference it was not calibrated on).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readImage2d } from '../../../src/apps/mri/node/files.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { planAcceleration } from '../../../src/apps/mri/plan-acceleration.ts';
import { MRI_PREDICTOR_CALIBRATION } from '../../../src/apps/mri/predict/calibration.ts';
import { imageClass } from '../../../src/apps/mri/predict/model.ts';
import { predictAcceleration } from '../../../src/apps/mri/predict/predict-acceleration.ts';
import { toComplexImage } from '../../../src/core/imaging/complex-image.ts';
import { createRng } from '../../../src/core/rng/index.ts';
import { wavelet2 } from '../../../src/linops/wavelet.ts';
import { waveletLevels } from '../../../src/predict/levels.ts';
import { fixtureJson } from './helpers.ts';
import { candor } from '../../cli/helpers.ts';

describe('apps/mri/predict: predictAcceleration', () => {
  it('gives a table, a recommendation by the scan rule, its provenance and its held-back error', () => {
    const p = predictAcceleration(sheppLogan(128), 128, 128, { mask: 'poisson-disc', allRows: true });
    assert.equal(p.rows.length, 11);
    // the default bisects over the list (4 of 11 R evaluated), with the same answer and the same values at the R it evaluates
    const q = predictAcceleration(sheppLogan(128), 128, 128, { mask: 'poisson-disc' });
    assert.equal(q.recommended, p.recommended);
    assert.equal(q.evaluated, q.rows.length);
    assert.ok(q.rows.length <= 4, `${q.rows.length} rows`);
    for (const r of q.rows) assert.deepEqual(r, p.rows.find((x) => x.R === r.R));
    assert.deepEqual(p.accelerations, [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // every R of the list: the predicted quality falls with R (what the bisection relies on)
    for (let i = 1; i < p.rows.length; i++) assert.ok(p.rows[i].ssim <= p.rows[i - 1].ssim && p.rows[i].nrmse >= p.rows[i - 1].nrmse, `R = ${p.rows[i].R}`);
    let best: number | null = null;
    for (const r of p.rows) {
      if (!r.meets) break;
      best = r.R;
    }
    assert.equal(p.recommended, best);
    assert.ok(p.rows.every((r) => r.meets === r.ssim >= 0.95));
    assert.match(p.provenance, /^empirical, structured, calibrated on 10 images/);
    assert.match(p.error, new RegExp(`R\\* off by more than 1 in ${MRI_PREDICTOR_CALIBRATION['poisson-disc'].heldBack.offByMoreThanOne}`));
    assert.equal(p.confident, true);
    assert.match(p.bound?.provenance ?? '', /^rigorous \(sufficient/);
  });

  it('says when it does not know: a small image, another reconstruction, another target', () => {
    const p = predictAcceleration(sheppLogan(32), 32, 32, { mask: 'variable-density', metric: 'nrmse', target: 0.05, recon: { method: 'tv' } });
    assert.equal(p.confident, false);
    assert.deepEqual(
      p.outside.map((o) => o.split(' ').slice(0, 2).join(' ')),
      ['image of', 'image class', 'wavelet details', 'reconstruction tv', 'target scaled'],
    );
  });

  it('the image class (kappa, the detail share) equals numpy and PyWavelets; a noise-like image is outside the calibration', () => {
    const fx = fixtureJson<{ ny: number; nx: number; levels: number; cases: { name: string; image: number[]; kappa: number; detailShare: number }[] }>('image_class.json');
    const { ny, nx, levels } = fx;
    const W = wavelet2(ny, nx, { wavelet: 'haar', levels });
    const labels = waveletLevels(ny, nx, levels, { subbands: true }).labels;
    for (const c of fx.cases) {
      const x = toComplexImage('test', Float64Array.from(c.image), ny * nx);
      const got = imageClass(x, ny, nx, W.apply(x, new Float64Array(2 * ny * nx)), labels);
      assert.ok(Math.abs(got.kappa - c.kappa) < 1e-12 * c.kappa, `${c.name}: kappa ${got.kappa} vs ${c.kappa}`);
      assert.ok(Math.abs(got.detailShare - c.detailShare) < 1e-12 * c.detailShare, `${c.name}: detail share ${got.detailShare} vs ${c.detailShare}`);
    }
    const rng = createRng(21);
    const noise = Float64Array.from({ length: 64 * 64 }, () => rng.normal());
    const p = predictAcceleration(noise, 64, 64, { mask: 'poisson-disc' });
    assert.equal(p.confident, false);
    assert.match(p.outside.join('; '), /^wavelet details with an effective share of nonzeros 0\.\d{3}, calibrated up to 0\.\d+ \(denser: noise-like or very small images\)$/);
  });

  it('refuses a family it has no calibration for, with one clear error', () => {
    assert.throws(() => predictAcceleration(sheppLogan(64), 64, 64, { mask: 'lines' }), {
      message: 'predictAcceleration: mask: expected a calibrated family: poisson-disc, variable-density (others: run the retrospective scan), got "lines"',
    });
    assert.throws(() => predictAcceleration(sheppLogan(64), 64, 64, { accelerations: [1, 2] }), { message: 'predictAcceleration: accelerations: expected numbers > 1, got 1' });
  });

  it('on the DICOM image (64 x 64, not calibrated on) the predicted R for NRMSE <= 0.1 is within 1 of the retrospective scan (Poisson disc)', () => {
    const im = readImage2d('../shared/data/mri/pydicom_MR_small.dcm');
    const acc = [2, 3, 4, 5, 6];
    const p = predictAcceleration(im.data, im.ny, im.nx, { mask: 'poisson-disc', metric: 'nrmse', target: 0.1, accelerations: acc });
    const scan = planAcceleration(im.data, im.ny, im.nx, { mask: 'poisson-disc', metric: 'nrmse', target: 0.1, accelerations: acc, repeats: 3 });
    assert.ok(p.recommended !== null && scan.recommended !== null, `predicted ${p.recommended}, scan ${scan.recommended}`);
    assert.ok(Math.abs(p.recommended - scan.recommended) <= 1, `predicted ${p.recommended}, scan ${scan.recommended}`);
  });
});

describe('candor mri plan --predict', () => {
  it('prints the prediction as JSON without reconstructing', () => {
    const r = candor(['mri', 'plan', '--size', '64', '--predict', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.image, 'phantom');
    assert.equal(j.prediction.mask, 'poisson-disc');
    assert.deepEqual(j.prediction.accelerations, [2, 3, 4, 5, 6, 8, 10, 12]);
    const Rs: number[] = j.prediction.rows.map((x: { R: number }) => x.R);
    assert.ok(Rs.length === j.prediction.evaluated && Rs.length <= 4 && Rs.every((R) => j.prediction.accelerations.includes(R)), Rs.join(','));
    assert.equal(j.plan, undefined);
  });

  it('--verify runs the scan too and puts the two recommendations side by side', () => {
    const r = candor(['mri', 'plan', '--image', '../shared/data/mri/pydicom_MR_small.dcm', '--predict', '--verify', '--metric', 'nrmse', '--target', '0.1', '--accelerations', '2,3', '--repeats', '1', '--store', ':memory:', '--workers', '0', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.rows.length, 2);
    assert.equal(j.prediction.rows.length, 2);
    assert.equal(j.check, `check: predicted R <= ${j.prediction.recommended}, scan R <= ${j.recommended}: within 1 (${Math.abs(j.prediction.recommended - j.recommended)} step(s) of the list)`);
  });

  it('an uncalibrated family is a usage error on one line', () => {
    const r = candor(['mri', 'plan', '--size', '64', '--mask', 'radial', '--predict']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: predictAcceleration: mask: expected a calibrated family: poisson-disc, variable-density (others: run the retrospective scan), got "radial"\n');
  });
});
