/**
 * Scale of the coil maps and of the k-space: sensitivities scaled by c give the image scaled by
 * 1/c (A = c A0), k-space scaled by a gives the image scaled by a, for every penalised method and
 * the noise-constrained form; the primal-dual steps are taken in image units (s / L) so the
 * iterates are the same up to that scale. A review found `--method tv` with maps x10 diverged
 * (data residual 18, NRMSE 0.81) and the constrained form with k-space x0.001 stopped at NRMSE 0.55
 * "converged", both silently; and ESPIRiT's maps are the same for k-space of any scale (their
 * phase reference, an eigenvector, is fixed to a real positive leading component: before, k-space
 * x1e3 negated every map and so the image).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { espirit, realPositiveLead } from '../../../src/apps/mri/coils/espirit.ts';
import { simulatedCoilMaps, simulateMultiCoil } from '../../../src/apps/mri/coils/simulate.ts';
import { poissonDiscMask } from '../../../src/apps/mri/masks/poisson-disc.ts';
import { multiCoilAcquisition } from '../../../src/apps/mri/multicoil.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { type MultiCoilMethod, reconstructMultiCoil } from '../../../src/apps/mri/recon/multicoil.ts';
import { nrmse } from '../../../src/core/imaging/metrics.ts';

describe('multi-coil reconstruction under scaled maps and k-space', () => {
  const n = 48;
  const maps = simulatedCoilMaps(n, n, 6);
  const mask = poissonDiscMask(n, n, { acceleration: 2.5, calib: 12, seed: 3 }).mask as Uint8Array;
  const phantom = sheppLogan(n);
  const { kspace, noiseStd } = simulateMultiCoil(phantom, maps, { mask, snrDb: 30, seed: 2 });
  const acq = multiCoilAcquisition(kspace, mask, { noiseStd });
  const truth = new Float64Array(2 * n * n);
  for (let i = 0; i < n * n; i++) truth[2 * i] = phantom[i];
  const cases: [MultiCoilMethod, boolean, number][] = [
    // [method, constrained, NRMSE bound against the phantom at unit scale]
    ['tv', false, 0.03],
    ['wavelet-tv', false, 0.025],
    ['l1-wavelet', false, 0.03],
    ['tv', true, 0.025],
    ['l1-wavelet', true, 0.03],
  ];
  for (const [method, constrained, bound] of cases) {
    const label = `${method}${constrained ? ' (constrained)' : ''}`;
    it(`${label}: maps x10, x0.1, x1e30 and k-space x1e3, x1e-3 give the unit-scale image scaled, to 1e-9`, () => {
      const opts = { method, constrained, maxIter: 100, spin: false };
      const ref = reconstructMultiCoil(acq, maps, opts);
      const e = nrmse(ref.image, truth);
      assert.ok(e <= bound, `unit scale NRMSE ${e} > ${bound}`);
      assert.deepEqual(ref.warnings, []);
      for (const c of [10, 0.1, 1e30]) {
        const r = reconstructMultiCoil(acq, { ...maps, data: maps.data.map((v) => v * c) }, opts);
        const d = nrmse(r.image.map((v) => v * c), ref.image);
        assert.ok(d <= 1e-9, `maps x${c}: c x differs from the unit-scale image by ${d}`);
        assert.ok(Math.abs(r.dataResidual - ref.dataResidual) <= 1e-9 * ref.dataResidual, `maps x${c}: residual ${r.dataResidual} vs ${ref.dataResidual}`);
        assert.deepEqual(r.warnings, [], `maps x${c}`);
      }
      for (const a of [1e3, 1e-3]) {
        const scaled = multiCoilAcquisition({ ...kspace, data: kspace.data.map((v) => v * a) }, mask, { noiseStd: noiseStd * a });
        const r = reconstructMultiCoil(scaled, maps, opts);
        const d = nrmse(r.image.map((v) => v / a), ref.image);
        assert.ok(d <= 1e-9, `k-space x${a}: x / ${a} differs from the unit-scale image by ${d}`);
      }
    });
  }

  it('--lambda auto (SURE): maps x10 and x0.01 choose the same relative weight and give the image scaled', () => {
    const opts = { method: 'l1-wavelet' as const, spin: false, autoLambda: { rule: 'sure' as const } };
    const ref = reconstructMultiCoil(acq, maps, opts);
    for (const c of [10, 0.01]) {
      const r = reconstructMultiCoil(acq, { ...maps, data: maps.data.map((v) => v * c) }, opts);
      assert.ok(Math.abs(r.lambda - ref.lambda) <= 1e-9 * ref.lambda, `maps x${c}: lambda ${r.lambda} vs ${ref.lambda}`);
      const d = nrmse(r.image.map((v) => v * c), ref.image);
      assert.ok(d <= 1e-9, `maps x${c}: c x differs from the unit-scale image by ${d}`);
    }
  });

  it('maps or k-space too large or small for the sums of squares: one error naming the sizes allowed', () => {
    assert.throws(
      () => reconstructMultiCoil(acq, { ...maps, data: maps.data.map((v) => v * 1e80) }, { method: 'cg-sense' }),
      { message: 'reconstructMultiCoil: coil sensitivities: expected a peak power max_r sum_c |S_c(r)|^2 within 1e-100 .. 1e100 (sensitivities are relative gains, 1 where a coil sees best: rescale the maps), got 1.00e+160' },
    );
    assert.throws(() => reconstructMultiCoil(acq, { ...maps, data: maps.data.map((v) => v * 1e-170) }, { method: 'tv' }), /coil sensitivities: expected a peak power .* got 0\.00e\+0$/);
    assert.throws(
      () => multiCoilAcquisition({ ...kspace, data: kspace.data.map((v) => v * 1e120) }, mask),
      /multiCoilAcquisition: k-space: expected samples within 1e-100 \.\. 1e100 in size \(the solvers sum their squares, which overflow or underflow beyond: rescale the data\), got largest \d\.\d\de\+1\d\d$/,
    );
    assert.throws(() => multiCoilAcquisition({ ...kspace, data: kspace.data.map((v) => v * 1e-120) }, mask), /k-space: expected samples within 1e-100 \.\. 1e100 in size .* got largest \d\.\d\de-1\d\d$/);
  });
});

describe('ESPIRiT under scaled k-space', () => {
  it('k-space x1e3, x1e6, x1e-3, x7.3: the same maps (NRMSE <= 1e-6), not negated', () => {
    const n = 64;
    const { kspace } = simulateMultiCoil(sheppLogan(n), simulatedCoilMaps(n, n, 8), {});
    const ref = espirit(kspace).maps.data;
    for (const a of [1e3, 1e6, 1e-3, 7.3]) {
      const e = espirit({ ...kspace, data: kspace.data.map((v) => v * a) }).maps.data;
      const d = nrmse(e, ref);
      assert.ok(d <= 1e-6, `k-space x${a}: maps differ by NRMSE ${d}`);
    }
  });

  it('realPositiveLead: the first largest component becomes real positive, magnitudes and relative phases kept', () => {
    const v = Float64Array.of(0.1, 0.2, 0, -0.6, 0.3, 0.4);
    realPositiveLead(v);
    assert.deepEqual([v[2], v[3]], [0.6, 0]);
    assert.ok(Math.abs(Math.hypot(v[0], v[1]) - Math.hypot(0.1, 0.2)) <= 1e-15);
    // the rotation is i (it takes -0.6i to 0.6): 0.3 + 0.4i becomes -0.4 + 0.3i
    assert.ok(Math.abs(v[4] - 0.4 * -1) <= 1e-15 && Math.abs(v[5] - 0.3) <= 1e-15, `got ${v[4]}, ${v[5]}`);
    const z = new Float64Array(4);
    assert.deepEqual(Array.from(realPositiveLead(z)), [0, 0, 0, 0]);
  });
});
