import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acquisition } from '../../../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../../../src/apps/mri/kspace.ts';
import { poissonDiscMask } from '../../../src/apps/mri/masks/index.ts';
import { nrmseScaled } from '../../../src/core/imaging/metrics.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { reconstruct } from '../../../src/apps/mri/recon/reconstruct.ts';
import { theoryReport } from '../../../src/apps/mri/report.ts';
import { dataScaleDetail } from '../../../src/core/imaging/scaling.ts';
import { createRng } from '../../../src/core/rng/index.ts';

const N = 128;
const truth = sheppLogan(N);
const { mask } = poissonDiscMask(N, N, { acceleration: 4, calib: 12, seed: 1 });
const { kspace } = simulateKspace(truth, N, N, { mask });
const acq = acquisition(kspace, mask, N, N);

describe('reconstruct: Shepp-Logan 128x128, Poisson disc R = 4, noiseless', () => {
  const zf = reconstruct(acq, { method: 'zero-filled' });
  it('zero-filled is A^H y (data residual 0, NRMSE > 0.3)', () => {
    assert.ok(zf.dataResidual < 1e-14);
    assert.ok(nrmseScaled(zf.image, truth) > 0.3);
  });
  it('l1-wavelet (FISTA, haar, cycle spinning) reaches NRMSE <= 0.05 with data residual < 2%', () => {
    const r = reconstruct(acq, { method: 'l1-wavelet' });
    const e = nrmseScaled(r.image, truth);
    assert.ok(e <= 0.05, `NRMSE ${e}`);
    assert.ok(r.dataResidual < 0.02);
    assert.equal(r.lambdaAbs, 0.005 * r.scale);
    // seeded: the same run twice is bit-identical
    assert.deepEqual(reconstruct(acq, { method: 'l1-wavelet', maxIter: 5 }).image, reconstruct(acq, { method: 'l1-wavelet', maxIter: 5 }).image);
  });
  it('TV (primal-dual) reaches NRMSE <= 0.05', () => {
    const e = nrmseScaled(reconstruct(acq, { method: 'tv' }).image, truth);
    assert.ok(e <= 0.05, `NRMSE ${e}`);
  });
  it('wavelet + TV reaches NRMSE <= 0.03', () => {
    const e = nrmseScaled(reconstruct(acq, { method: 'wavelet-tv' }).image, truth);
    assert.ok(e <= 0.03, `NRMSE ${e}`);
  });
  it('the constrained form meets ||Ax - y|| <= noiseStd sqrt(m) on noisy data and beats zero filling', () => {
    const noisy = simulateKspace(truth, N, N, { mask, snrDb: 30, seed: 2 });
    const a = acquisition(noisy.kspace, mask, N, N, { noiseStd: noisy.noiseStd });
    const r = reconstruct(a, { method: 'tv', constrained: true });
    const m = a.y.length / 2;
    let yy = 0;
    for (const v of a.y) yy += v * v;
    assert.ok(r.epsilon !== null && Math.abs(r.epsilon - noisy.noiseStd * Math.sqrt(m)) < 1e-12);
    assert.ok(r.dataResidual * Math.sqrt(yy) <= (r.epsilon as number) * (1 + 1e-9));
    const e = nrmseScaled(r.image, truth);
    assert.ok(e < 0.5 * nrmseScaled(reconstruct(a, { method: 'zero-filled' }).image, truth), `NRMSE ${e}`);
  });
  it('bad options get exact messages', () => {
    // @ts-expect-error bad method on purpose
    assert.throws(() => reconstruct(acq, { method: 'cs' }), { message: 'reconstruct: method: expected one of zero-filled, l1-wavelet, tv, wavelet-tv, got "cs"' });
    assert.throws(() => reconstruct(acq, { method: 'tv', constrained: true }), {
      message: 'reconstruct: noiseStd: expected a noise level > 0 for the constrained form (the acquisition noise, or --noise-std at the command line), got undefined',
    });
    assert.throws(() => reconstruct(acq, { lambda: -1 }), { message: 'reconstruct: lambda: expected a finite number >= 0, got -1' });
  });
  it('theoryReport gives the mask, sparsity, prediction with provenance and a paragraph with the numbers', () => {
    const r = reconstruct(acq, { method: 'l1-wavelet', maxIter: 20 });
    const rep = theoryReport(acq, r, { truth });
    assert.equal(rep.m, acq.y.length / 2);
    assert.ok(Math.abs(rep.mask.acceleration - (N * N) / rep.m) < 1e-12);
    assert.ok(rep.sparsity.k999 > rep.sparsity.k99 && rep.sparsity.of === 'truth');
    assert.equal(rep.prediction?.provenance, 'asymptotic');
    assert.ok(rep.prediction?.notes.some((t) => t.includes('no empirical phase-transition data')));
    assert.ok(rep.paragraph.includes(`acceleration ${rep.mask.acceleration.toFixed(2)}`));
    assert.ok(rep.paragraph.includes(rep.metrics?.recon.nrmseScaled.toFixed(4) as string));
  });
});

describe('reconstruct: complex image (phantom with a smooth phase), 128x128, R = 4', () => {
  it('l1-wavelet <= 0.08, TV and wavelet+TV <= 0.05 (zero-filled > 0.7)', () => {
    const truthC = new Float64Array(2 * N * N);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        const k = i * N + j;
        const ph = 0.8 * Math.sin((2 * Math.PI * i) / N) + (0.5 * j) / N;
        truthC[2 * k] = truth[k] * Math.cos(ph);
        truthC[2 * k + 1] = truth[k] * Math.sin(ph);
      }
    }
    const a = acquisition(simulateKspace(truthC, N, N, { mask }).kspace, mask, N, N);
    assert.ok(nrmseScaled(reconstruct(a, { method: 'zero-filled' }).image, truthC) > 0.7);
    const bounds = { 'l1-wavelet': 0.08, tv: 0.05, 'wavelet-tv': 0.05 } as const;
    for (const [method, bound] of Object.entries(bounds)) {
      const e = nrmseScaled(reconstruct(a, { method: method as keyof typeof bounds }).image, truthC);
      assert.ok(e <= bound, `${method}: NRMSE ${e}`);
    }
  });
});

describe('acquisition and scaling', () => {
  it('rejects mismatched sizes, zero k-space and non-finite samples with exact messages', () => {
    assert.throws(() => acquisition(new Float64Array(10), mask, N, N, { where: 'k.cfl' }), {
      message: `k.cfl: k-space size: expected ${N * N} complex entries (${N}x${N}), got 5 complex entries`,
    });
    assert.throws(() => acquisition(new Float64Array(2 * N * N), mask, N, N), {
      message: 'acquisition: k-space: expected non-zero samples on the mask, got all sampled entries zero',
    });
    const bad = kspace.slice();
    bad[2 * (3 * N + 4)] = Number.NaN;
    assert.throws(() => acquisition(bad, mask, N, N), { message: 'acquisition: k-space: expected finite samples, got NaN at entry (3, 4)' });
    assert.throws(() => acquisition(kspace, new Uint8Array(N * N - 1), N, N), {
      message: `acquisition: mask size: expected ${N * N} entries (${N}x${N}, the k-space size), got ${N * N - 1}`,
    });
  });
  it("dataScale follows BART's rule (p90 unless the maximum is an outlier)", () => {
    const img = new Float64Array(2 * 100);
    for (let i = 0; i < 100; i++) img[2 * i] = i + 1;
    assert.equal(dataScaleDetail(img).scale, 91);
    img[2 * 99] = 1000; // max - p90 >= 2 (p90 - median)
    assert.equal(dataScaleDetail(img).rule, 'max');
  });
  it('dataScale: median, 90th percentile and maximum by selection equal those of a sorted copy (ties, runs, sizes 1 .. 200 000)', () => {
    const rng = createRng(3);
    for (const n of [1, 2, 3, 4, 5, 10, 11, 1001, 65_536, 200_000]) {
      for (const kind of ['normal', 'ties', 'ascending', 'descending', 'constant', 'mostly zero']) {
        const img = new Float64Array(2 * n);
        for (let i = 0; i < n; i++) {
          const v = { normal: rng.normal(), ties: Math.floor(4 * rng.uniform()), ascending: i, descending: n - i, constant: 2.5, 'mostly zero': rng.uniform() < 0.05 ? 1 + rng.uniform() : 0 }[kind] as number;
          img[2 * i] = v;
          img[2 * i + 1] = kind === 'normal' ? rng.normal() : 0;
        }
        const mag = Float64Array.from({ length: n }, (_, i) => Math.hypot(img[2 * i], img[2 * i + 1])).sort();
        const want = { median: mag[n >> 1], p90: mag[Math.min(n - 1, Math.trunc(0.9 * n))], max: mag[n - 1] };
        if (!(want.max > 0)) {
          assert.throws(() => dataScaleDetail(img), /expected a non-zero finite image/);
          continue;
        }
        const got = dataScaleDetail(img);
        assert.deepEqual({ median: got.median, p90: got.p90, max: got.max }, want, `${kind}, n = ${n}`);
      }
    }
    // non-finite magnitudes keep the sorted path: an Infinity is the maximum, and refused
    const inf = Float64Array.of(1, 0, 2, 0, Number.POSITIVE_INFINITY, 0, 3, 0, 4, 0);
    assert.throws(() => dataScaleDetail(inf), /got scale Infinity/);
  });
});

