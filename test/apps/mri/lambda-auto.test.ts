import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acquisition } from '../../../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../../../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../../../src/apps/mri/masks/index.ts';
import { kspaceNoiseStd } from '../../../src/apps/mri/noise.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { reconstruct } from '../../../src/apps/mri/recon/reconstruct.ts';
import { CandorError } from '../../../src/core/errors.ts';
import { psnr } from '../../../src/core/imaging/metrics.ts';

const N = 64;
const truth = sheppLogan(N);
const { mask } = poissonDiscMask(N, N, { acceleration: 4, seed: 1 });
const sim = simulateKspace(truth, N, N, { mask, snrDb: 25, seed: 3 });
const acq = acquisition(sim.kspace, mask, N, N);

describe('kspaceNoiseStd: the noise level of an acquisition from its outer k-space', () => {
  it('hermitian pairs: within 10% of the simulated noise std (a real phantom: the signal cancels)', () => {
    const e = kspaceNoiseStd(acq);
    assert.equal(e.method, 'hermitian');
    assert.ok(Math.abs(e.std / sim.noiseStd - 1) < 0.1, `${e.std} vs ${sim.noiseStd}`);
    assert.match(e.source, /^estimated: MAD of y\(f\) - conj\(y\(-f\)\) over the \d+ outermost acquired conjugate pairs/);
  });
  it('refuses the hermitian estimate without enough pairs, and an unknown method', () => {
    assert.throws(
      () => kspaceNoiseStd(acq, { method: 'hermitian', minSamples: 1e6 }),
      (e: unknown) => e instanceof CandorError && /^kspaceNoiseStd: conjugate sample pairs: expected at least 1000000 \(the mask samples few f, -f pairs; use 'outer'\), got \d+$/.test(e.message),
    );
    assert.throws(
      () => kspaceNoiseStd(acq, { method: 'mad' as 'outer' }),
      (e: unknown) => e instanceof CandorError && e.message === 'kspaceNoiseStd: method: expected auto, hermitian or outer, got "mad"',
    );
  });
});

describe('reconstruct with autoLambda: the weight chosen from the data (Shepp-Logan 64x64, R = 4, 25 dB)', () => {
  it('every rule returns its path, rule, noise source and the reconstruction at the chosen weight', () => {
    const zf = psnr(reconstruct(acq, { method: 'zero-filled' }).image, truth);
    for (const rule of ['sure', 'gcv', 'discrepancy', 'lcurve'] as const) {
      const r = reconstruct(acq, { method: 'l1-wavelet', autoLambda: { rule, count: 8 } });
      const c = r.lambdaChoice;
      assert.ok(c);
      assert.equal(c.rule, rule);
      assert.equal(c.path.length, 8);
      assert.equal(r.lambda, c.lambda);
      // SURE and GCV run the Monte-Carlo probe chain beside the path
      assert.equal(c.solves, rule === 'sure' || rule === 'gcv' ? 16 : 8);
      assert.equal(c.dfMethod, rule === 'sure' || rule === 'gcv' ? 'monte-carlo' : null);
      assert.match(c.noiseSource ?? '', /^estimated: MAD of y\(f\) - conj/);
      assert.ok(psnr(r.image, truth) > zf + 3, `${rule}: ${psnr(r.image, truth)} vs zero-filled ${zf}`);
    }
  });
  it('the discrepancy rule: the chosen reconstruction fits the data to about sigma sqrt(m)', () => {
    const r = reconstruct(acq, { method: 'l1-wavelet', autoLambda: { rule: 'discrepancy', noiseStd: sim.noiseStd } });
    assert.equal(r.lambdaChoice?.noiseSource, 'given');
    let yn = 0;
    for (const v of acq.y) yn += v * v;
    const target = sim.noiseStd * Math.sqrt(acq.y.length / 2);
    const res = r.dataResidual * Math.sqrt(yn);
    assert.ok(Math.abs(res / target - 1) < 0.15, `${res} vs ${target}`);
  });
  it('noiseless data: the rules that need a noise level refuse with a data error naming the remedies; gcv needs none', () => {
    const clean = simulateKspace(truth, N, N, { mask, seed: 3 });
    const a0 = acquisition(clean.kspace, mask, N, N);
    for (const rule of ['sure', 'discrepancy', 'cv'] as const) {
      assert.throws(
        () => reconstruct(a0, { method: 'l1-wavelet', autoLambda: { rule, count: 6 } }),
        (e: unknown) =>
          e instanceof CandorError &&
          e.kind === 'numerical' &&
          e.message.startsWith(`reconstruct: noise level: expected a noise std above the data's rounding (1e-9 of their rms) for the rule ${rule}: give it (--noise-std), or choose by gcv or the L-curve (auto:gcv, auto:lcurve), which need none, got 4.12e-17 (estimated: `),
      );
    }
    assert.equal(reconstruct(a0, { method: 'l1-wavelet', autoLambda: { rule: 'gcv', count: 6 } }).lambdaChoice?.rule, 'gcv');
  });
  it('refuses a method without a weight and the constrained form', () => {
    assert.throws(
      () => reconstruct(acq, { method: 'zero-filled', autoLambda: {} }),
      (e: unknown) => e instanceof CandorError && e.message === 'reconstruct: autoLambda: expected a method with a weight (l1-wavelet, tv, wavelet-tv), got "zero-filled"',
    );
    assert.throws(
      () => reconstruct(acq, { method: 'tv', constrained: true, autoLambda: {} }),
      (e: unknown) =>
        e instanceof CandorError &&
        e.message ===
          'reconstruct: autoLambda: expected the penalised form (the constrained form sets its data term from the noise level: no weight to choose), got constrained: true',
    );
  });
});
