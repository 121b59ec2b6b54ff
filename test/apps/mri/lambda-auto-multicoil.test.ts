/**
 * `--lambda auto` for multi-coil (SENSE) reconstructions (src/apps/mri/recon/multicoil-weight.ts)
 * and the hold-out rule 'cv' for single-coil data: the choice over the path, the reconstruction at
 * the chosen weight, and the exact refusals.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acquisition } from '../../../src/apps/mri/acquisition.ts';
import { calibrationNoiseStd } from '../../../src/apps/mri/coils/noise.ts';
import { simulatedCoilMaps, simulateMultiCoil } from '../../../src/apps/mri/coils/simulate.ts';
import { simulateKspace } from '../../../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../../../src/apps/mri/masks/index.ts';
import { multiCoilAcquisition, nonCartesianAcquisition } from '../../../src/apps/mri/multicoil.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { reconstructMultiCoil } from '../../../src/apps/mri/recon/multicoil.ts';
import { multiCoilNoiseStd } from '../../../src/apps/mri/recon/multicoil-weight.ts';
import { reconstruct } from '../../../src/apps/mri/recon/reconstruct.ts';
import { CandorError } from '../../../src/core/errors.ts';
import { magnitude, psnr } from '../../../src/core/imaging/metrics.ts';

const N = 64;
const truth = sheppLogan(N);
const { mask } = poissonDiscMask(N, N, { acceleration: 4, seed: 1 });

describe("single-coil rule 'cv' (Shepp-Logan 64, R = 4, 25 dB)", () => {
  const sim = simulateKspace(truth, N, N, { mask, snrDb: 25, seed: 3 });
  const acq = acquisition(sim.kspace, mask, N, N);
  it('holds out 15% of the locations, runs two chains of 10 weights, reconstructs well above zero-filled; SURE within 1 dB of the best of the path weights', () => {
    const r = reconstruct(acq, { method: 'l1-wavelet', autoLambda: { rule: 'cv', noiseStd: sim.noiseStd } });
    const c = r.lambdaChoice;
    assert.ok(c);
    assert.equal(c.rule, 'cv');
    assert.equal(c.path.length, 10);
    assert.equal(c.solves, 20);
    const m = acq.y.length / 2;
    assert.deepEqual({ ...c.holdout, minimumSe: 0 }, { units: m, heldOut: Math.round(0.15 * m), fraction: 0.15, seed: 0, shift: 1, rule: 'min', minimumSe: 0 });
    assert.equal(r.lambda, c.lambda);
    const zf = psnr(reconstruct(acq, { method: 'zero-filled' }).image, truth);
    const got = psnr(r.image, truth);
    assert.ok(got > zf + 3, `cv ${got} dB vs zero-filled ${zf} dB`);
    // the default rule, SURE, on the same data: within 1 dB of the best full reconstruction at the
    // path's weights (cv is not, at this size: its criterion is flat over the smaller weights and
    // its minimum falls at the path's end, docs/lambda.md)
    const s = reconstruct(acq, { method: 'l1-wavelet', autoLambda: { noiseStd: sim.noiseStd } });
    assert.equal(s.lambdaChoice?.rule, 'sure');
    let best = Number.NEGATIVE_INFINITY;
    for (const p of s.lambdaChoice?.path ?? []) best = Math.max(best, psnr(reconstruct(acq, { method: 'l1-wavelet', lambda: p.lambda }).image, truth));
    const sure = psnr(s.image, truth);
    assert.ok(sure > best - 1, `SURE ${sure} dB vs the best of the path's weights ${best} dB`);
  });
});

describe('reconstructMultiCoil with autoLambda (4 simulated coils, 64 x 64, R = 4, 25 dB)', () => {
  const maps = simulatedCoilMaps(N, N, 4);
  const sim = simulateMultiCoil(truth, maps, { mask, snrDb: 25, seed: 2 });
  const acq = multiCoilAcquisition(sim.kspace, mask);
  const t = magnitude(Float64Array.from({ length: 2 * N * N }, (_, i) => (i % 2 ? 0 : truth[i >> 1])), N * N);
  const zf = psnr(magnitude(reconstructMultiCoil(acq, maps, { method: 'zero-filled' }).image, N * N), t, false);
  for (const rule of ['cv', 'sure', 'gcv', 'discrepancy', 'lcurve'] as const) {
    it(`${rule}: the path over the SENSE reconstruction, the choice in the result, the image well above zero-filled`, () => {
      const r = reconstructMultiCoil(acq, maps, { method: 'l1-wavelet', autoLambda: { rule, noiseStd: sim.noiseStd, noiseSource: 'given (test)' } });
      const c = r.lambdaChoice;
      assert.ok(c);
      assert.equal(c.rule, rule);
      assert.equal(r.lambda, c.lambda);
      assert.equal(c.noiseSource, 'given (test)');
      const twoChains = rule === 'cv' || rule === 'sure' || rule === 'gcv';
      assert.equal(c.path.length, twoChains ? 10 : 12);
      assert.equal(c.solves, twoChains ? 20 : 12);
      if (rule === 'cv') assert.equal(c.holdout?.units, acq.m);
      const got = psnr(magnitude(r.image, N * N), t, false);
      assert.ok(got > zf + 3, `${rule}: ${got} dB vs zero-filled ${zf} dB`);
    });
  }
  it('estimates the noise from the coils when not given (a 24 x 24 centre: the calibration matrix, within 35% of the simulated level), and says how', () => {
    const withCentre = poissonDiscMask(N, N, { acceleration: 4, seed: 1, calib: 24 }).mask;
    const acqC = multiCoilAcquisition(simulateMultiCoil(truth, maps, { mask: withCentre, snrDb: 25, seed: 2 }).kspace, withCentre);
    const r = reconstructMultiCoil(acqC, maps, { method: 'tv', autoLambda: { rule: 'gcv', count: 4 } });
    assert.equal(
      r.lambdaChoice?.noiseSource,
      'estimated from the coils: the lower 72 of 144 singular values of the 24x24 calibration matrix (6x6 windows, 4 coils) against those of white noise',
    );
    const s = r.lambdaChoice?.noiseStd as number;
    assert.ok(Math.abs(s / sim.noiseStd - 1) < 0.35, `${s} vs ${sim.noiseStd}`);
    // a centre too small for the noise spectrum (here: this test's default Poisson disc), or none: the outer k-space of each coil
    assert.match(multiCoilNoiseStd(acq).source, /^estimated: median over the 4 coils/);
    const sparse = new Uint8Array(N * N);
    for (let i = 0; i < N * N; i += 3) sparse[i] = 1;
    const a2 = multiCoilAcquisition(simulateMultiCoil(truth, maps, { mask: sparse, snrDb: 25, seed: 2 }).kspace, sparse);
    assert.match(multiCoilNoiseStd(a2).source, /^estimated: median over the 4 coils of the MAD of each coil's \d+ outermost acquired k-space samples/);
  });
  it('says when the noise is below the calibration Gram matrix\'s rounding (noiseless low-rank data, 1e6 dynamic range): an upper bound, not zero', () => {
    // every coil a scaled copy of one smooth k-space (rank 1 across coils), ~1e6 at the centre
    const n = 24;
    const nc = 4;
    const data = new Float64Array(2 * n * n * nc);
    for (let c = 0; c < nc; c++) {
      for (let y = 0; y < n; y++) {
        for (let x = 0; x < n; x++) {
          const amp = 1e6 * Math.exp(-55 * (((y - n / 2) / n) ** 2 + ((x - n / 2) / n) ** 2)) * (1 + 0.3 * c);
          const o = 2 * ((c * n + y) * n + x);
          data[o] = amp * Math.cos(0.3 * c + 0.1 * x);
          data[o + 1] = amp * Math.sin(0.3 * c + 0.1 * x);
        }
      }
    }
    const got = calibrationNoiseStd({ ny: n, nx: n, nc, data });
    assert.equal(
      got.source,
      "estimated from the coils, an upper bound: the lower 72 of 144 singular values of the 24x24 calibration matrix (6x6 windows, 4 coils) are at the rounding level of its largest (noise below the Gram matrix's resolution)",
    );
    // positive (not a silent zero) and far below the data: under 1e-5 of the peak amplitude
    let peak = 0;
    for (let i = 0; i < data.length; i += 2) peak = Math.max(peak, Math.hypot(data[i], data[i + 1]));
    assert.ok(got.std > 0 && got.std < 1e-5 * peak, `${got.std} against peak ${peak}`);
  });
  it('refuses a method without a weight, the constrained form and a trajectory', () => {
    assert.throws(
      () => reconstructMultiCoil(acq, maps, { method: 'cg-sense', autoLambda: {} }),
      (e: unknown) => e instanceof CandorError && e.message === 'reconstructMultiCoil: autoLambda: expected a method with a weight (l1-wavelet, tv, wavelet-tv), got "cg-sense"',
    );
    assert.throws(
      () => reconstructMultiCoil(acq, maps, { constrained: true, noiseStd: 1, autoLambda: {} }),
      (e: unknown) =>
        e instanceof CandorError &&
        e.message === 'reconstructMultiCoil: autoLambda: expected the penalised form (the constrained form sets its data term from the noise level: no weight to choose), got constrained: true',
    );
    const coords = Float64Array.from({ length: 2 * 64 }, (_, i) => ((i * 7) % 13) / 13 - 0.5);
    const traj = nonCartesianAcquisition(N, N, coords, new Float64Array(2 * 64 * 4).fill(1), 4);
    assert.throws(
      () => reconstructMultiCoil(traj, maps, { autoLambda: {} }),
      (e: unknown) =>
        e instanceof CandorError &&
        e.message === 'reconstructMultiCoil: autoLambda: expected Cartesian k-space (a trajectory weighs its data term by the density: coloured noise the rules do not model), got a trajectory',
    );
  });
});
