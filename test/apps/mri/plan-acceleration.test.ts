/**
 * planAcceleration: retrospective undersampling of a reference image. Outcomes on the 64x64
 * phantom (quality falls with R, the reconstruction beats zero filling, the TPSF side lobe grows),
 * the recommendation rule re-derived from the rows, the documented seeding (mask s uses seed + s)
 * reproduced independently, determinism, progress/abort, and every bad input with its message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acquisition } from '../../../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../../../src/apps/mri/kspace.ts';
import { makeMask } from '../../../src/apps/mri/masks/index.ts';
import { ssim } from '../../../src/core/imaging/metrics.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { type AccelerationPlan, planAcceleration } from '../../../src/apps/mri/plan-acceleration.ts';
import { reconstruct } from '../../../src/apps/mri/recon/reconstruct.ts';

const N = 64;
const ref = sheppLogan(N);

/** The rule of the file comment, from the rows alone. */
function recommendedFrom(p: AccelerationPlan): number | null {
  let best: number | null = null;
  for (const r of p.rows) {
    const ok = r.quality.every((q) => (p.metric === 'ssim' ? q >= p.target : q <= p.target));
    if (!ok) break;
    best = r.target;
  }
  return best;
}

const strip = (p: AccelerationPlan) => p.rows.map(({ seconds: _s, ...r }) => r);

describe('planAcceleration on the 64x64 phantom', () => {
  const plan = planAcceleration(ref, N, N, { accelerations: [4, 2, 8, 2], repeats: 2, seed: 3, metric: 'nrmse', target: 0.2 });

  it('scans the sorted, de-duplicated accelerations; quality falls with R and beats zero filling', () => {
    assert.deepEqual(
      plan.rows.map((r) => r.target),
      [2, 4, 8],
    );
    for (const r of plan.rows) {
      assert.ok(Math.abs(r.acceleration - r.target) / r.target < 0.05, `actual ${r.acceleration} for ${r.target}`);
      assert.equal(r.quality.length, 2);
      assert.ok(Math.abs((r.quality[0] + r.quality[1]) / 2 - r.nrmse) <= 1e-15, 'metric nrmse: quality is the per-mask NRMSE');
      assert.ok(r.ssim > r.zeroFilledSsim + 0.1, `R=${r.target}: SSIM ${r.ssim} vs zero-filled ${r.zeroFilledSsim}`);
      assert.ok(r.nrmse < 0.7 * r.zeroFilledNrmse, `R=${r.target}: NRMSE ${r.nrmse} vs zero-filled ${r.zeroFilledNrmse}`);
    }
    for (let i = 1; i < plan.rows.length; i++) {
      assert.ok(plan.rows[i].ssim < plan.rows[i - 1].ssim, 'SSIM falls with R');
      assert.ok(plan.rows[i].nrmse > plan.rows[i - 1].nrmse, 'NRMSE grows with R');
      assert.ok((plan.rows[i].tpsfSideLobe ?? 0) > (plan.rows[i - 1].tpsfSideLobe ?? Infinity), 'TPSF side lobe grows with R');
    }
  });

  it('recommends the largest R met by every mask there and below (NRMSE <= 0.2: R = 4)', () => {
    assert.equal(plan.recommended, recommendedFrom(plan));
    assert.equal(plan.recommended, 4);
    assert.equal(plan.atEdge, false);
    assert.equal(plan.rows[2].passed, 0);
    assert.match(plan.paragraph, /every reconstruction met scaled NRMSE <= 0\.2 up to R = 4 \(actual (3\.9\d|4\.0\d)/);
    assert.match(plan.paragraph, /At R = 8, 0 of 2 masks met it/);
    assert.match(plan.paragraph, /Plan for R <= 4 \(actual (3\.9\d|4\.0\d)\) on images like this one\./);
    assert.ok(plan.rows.every((r) => r.reached));
  });

  it('mask s uses seed + s: one cell recomputed from its parts gives the same SSIM and NRMSE', () => {
    const m = makeMask('poisson-disc', N, N, { acceleration: 4, seed: 4 });
    const { kspace } = simulateKspace(ref, N, N, { mask: m.mask });
    const r = reconstruct(acquisition(kspace, m.mask, N, N));
    const truth = new Float64Array(2 * N * N);
    for (let i = 0; i < N * N; i++) truth[2 * i] = ref[i];
    const s = ssim(r.image, truth, N, N);
    const s0 = planAcceleration(ref, N, N, { accelerations: [4], repeats: 2, seed: 3 }).rows[0].quality[1];
    assert.equal(s0, s);
  });

  it('is deterministic; a target every R meets is at the edge; an unreachable one recommends nothing', () => {
    const again = planAcceleration(ref, N, N, { accelerations: [2, 4, 8], repeats: 2, seed: 3, metric: 'nrmse', target: 0.2 });
    assert.deepEqual(strip(again), strip(plan));
    const loose = planAcceleration(ref, N, N, { accelerations: [2, 4], repeats: 1, metric: 'nrmse', target: 1, recon: { maxIter: 30 } });
    assert.equal(loose.recommended, 4);
    assert.equal(loose.maxIter, 30);
    assert.ok(loose.rows.every((r) => r.iterations <= 30 && r.converged <= 1));
    assert.match(loose.paragraph, /\(k-space simulated from the image; l1-wavelet, at most 30 iterations, 1 poisson-disc mask per acceleration, noiseless\)/);
    assert.match(loose.paragraph, /The iteration budget is below the default 100/);
    assert.doesNotMatch(plan.paragraph, /iteration budget/);
    assert.equal(loose.atEdge, true);
    assert.match(loose.paragraph, /the limit lies beyond R = 4; extend the scan/);
    const strict = planAcceleration(ref, N, N, { accelerations: [2, 4], repeats: 1, target: 0.9999 });
    assert.equal(strict.metric, 'ssim');
    assert.equal(strict.recommended, null);
    assert.equal(strict.recommendedActual, null);
    assert.match(strict.paragraph, /the smallest scanned acceleration, R = 2, already missed SSIM >= 0\.9999: 0 of 1 mask met it/);
    assert.match(strict.paragraph, /Remedies: a lower acceleration/);
  });

  it('says so when the masks cannot reach the asked R, and is then not "at the edge"', () => {
    const p = planAcceleration(sheppLogan(32), 32, 32, { accelerations: [2, 4], repeats: 1, calib: 30, metric: 'nrmse', target: 10 });
    assert.ok(p.rows.every((r) => !r.reached && r.acceleration < 1.3), JSON.stringify(p.rows.map((r) => r.acceleration)));
    assert.equal(p.recommended, 4);
    assert.ok(p.recommendedActual !== null && p.recommendedActual < 1.3);
    assert.equal(p.atEdge, false);
    assert.match(p.paragraph, /The poisson-disc masks did not reach R = 2 \(actual 1\.\d\d\), R = 4 \(actual 1\.\d\d\): the calibration region or the grid size caps/);
    assert.doesNotMatch(p.paragraph, /extend the scan/);
  });

  it('when a larger R passes after a smaller one failed, the paragraph says so instead of "none passed"', () => {
    const opts = { accelerations: [3, 3.5, 4], repeats: 1, seed: 175, metric: 'nrmse' as const, recon: { maxIter: 30 } };
    const loose = planAcceleration(sheppLogan(32), 32, 32, { ...opts, target: 10 });
    const [q0, q1] = [loose.rows[0].quality[0], loose.rows[1].quality[0]];
    assert.ok(q1 < q0, `precondition: NRMSE at R = 3.5 (${q1}) below R = 3 (${q0})`);
    const p = planAcceleration(sheppLogan(32), 32, 32, { ...opts, target: (q0 + q1) / 2 });
    assert.deepEqual(
      p.rows.slice(0, 2).map((r) => r.passed),
      [0, 1],
    );
    assert.equal(p.recommended, null);
    assert.match(p.paragraph, /the smallest scanned acceleration, R = 3, already missed/);
    assert.match(p.paragraph, /R = 3\.5(, 4)? passed again, but the rule asks every smaller R to pass too/);
  });

  it('bad mask options fail before any reconstruction; a mask too sparse for the coherence still gets its row', () => {
    let calls = 0;
    assert.throws(
      () => planAcceleration(sheppLogan(32), 32, 32, { accelerations: [2, 4], calib: 100, onProgress: () => calls++ }),
      /^CandorError: poissonDiscMask: calib/,
    );
    assert.equal(calls, 0);
    const p = planAcceleration(sheppLogan(32), 32, 32, { mask: 'radial', accelerations: [2, 500], repeats: 1 });
    assert.ok(p.rows[0].tpsfSideLobe !== null && p.rows[0].tpsfSideLobe > 0);
    assert.equal(p.rows[1].tpsfSideLobe, null);
    assert.equal(p.rows[1].passed, 0);
  });

  it('a weight grid keeps, per R, the weight whose reconstructions score best (checked cell by cell)', () => {
    const calls: number[] = [];
    const p = planAcceleration(ref, N, N, { accelerations: [2, 4], repeats: 1, seed: 2, lambdas: [0.02, 0.001, 0.005], onProgress: (d) => calls.push(d) });
    assert.deepEqual(p.lambdas, [0.001, 0.005, 0.02]);
    assert.deepEqual(calls, [1, 2, 3, 4, 5, 6]);
    const truth = new Float64Array(2 * N * N);
    for (let i = 0; i < N * N; i++) truth[2 * i] = ref[i];
    for (const row of p.rows) {
      const m = makeMask('poisson-disc', N, N, { acceleration: row.target, seed: 2 });
      const a = acquisition(simulateKspace(ref, N, N, { mask: m.mask }).kspace, m.mask, N, N);
      const scores = [0.001, 0.005, 0.02].map((lambda) => ssim(reconstruct(a, { lambda }).image, truth, N, N));
      const best = Math.max(...scores);
      assert.equal(row.quality[0], best);
      assert.equal(row.lambda, [0.001, 0.005, 0.02][scores.indexOf(best)]);
    }
    const plain = planAcceleration(ref, N, N, { accelerations: [2, 4], repeats: 1, seed: 2 });
    for (let i = 0; i < 2; i++) assert.ok(p.rows[i].ssim >= plain.rows[i].ssim, 'the grid holds the default weight, so tuning never loses');
    assert.equal(plain.rows[0].lambda, null);
    assert.match(p.paragraph, /weight tuned per R over 0\.001, 0\.005, 0\.02/);
  });

  it('noise at 20 dB lowers the quality; progress counts every reconstruction; an abort stops the scan', () => {
    const done: number[] = [];
    const noisy = planAcceleration(ref, N, N, { accelerations: [2, 3], repeats: 2, snrDb: 20, onProgress: (d, t) => done.push(d * 10 + t) });
    assert.deepEqual(done, [14, 24, 34, 44]);
    assert.equal(noisy.snrDb, 20);
    assert.ok(noisy.rows[0].nrmse > plan.rows[0].nrmse, `noisy ${noisy.rows[0].nrmse} vs ${plan.rows[0].nrmse}`);
    const ac = new AbortController();
    let calls = 0;
    assert.throws(
      () =>
        planAcceleration(ref, N, N, {
          accelerations: [2, 3],
          repeats: 2,
          signal: ac.signal,
          onProgress: () => {
            if (++calls === 1) ac.abort(new Error('stop here'));
          },
        }),
      /stop here/,
    );
    assert.equal(calls, 1);
  });
});

describe('planAcceleration: bad input', () => {
  const err = (f: () => unknown, message: string) => assert.throws(f, (e: Error) => e.message === message || assert.equal(e.message, message));
  it('names the option, what was expected and what was given', () => {
    err(() => planAcceleration(ref, N, N, { accelerations: [] }), 'planAcceleration: accelerations: expected a non-empty list of numbers > 1, got an empty list');
    err(() => planAcceleration(ref, N, N, { accelerations: [2, 1] }), 'planAcceleration: accelerations: expected numbers in (1, 4096] (the image has 4096 k-space samples), got 1');
    err(() => planAcceleration(ref, N, N, { accelerations: [2, Number.NaN] }), 'planAcceleration: accelerations: expected numbers in (1, 4096] (the image has 4096 k-space samples), got NaN');
    err(() => planAcceleration(ref, N, N, { lambdas: [0.01, 0] }), 'planAcceleration: lambdas: expected a non-empty list of weights > 0, got array of length 2');
    err(() => planAcceleration(ref, N, N, { lambdas: [0.01], recon: { method: 'zero-filled' } }), 'planAcceleration: lambdas: expected no weight grid for zero-filled (it has no weight), got array of length 1');
    err(() => planAcceleration(ref, N, N, { repeats: 0 }), 'planAcceleration: repeats: expected an integer in [1, 1000], got 0');
    err(() => planAcceleration(ref, N, N, { metric: 'psnr' as never }), "planAcceleration: metric: expected 'ssim' or 'nrmse', got \"psnr\"");
    err(() => planAcceleration(ref, N, N, { target: 1.5 }), 'planAcceleration: target (SSIM): expected a finite number in [0, 1], got 1.5');
    err(() => planAcceleration(ref, N, N, { mask: 'spiral' as never }), 'planAcceleration: mask: expected one of poisson-disc, variable-density, lines, radial, got "spiral"');
    err(() => planAcceleration(ref, N, N, { recon: { method: 'cg' as never } }), 'planAcceleration: recon.method: expected one of zero-filled, l1-wavelet, tv, wavelet-tv, got "cg"');
    err(() => planAcceleration(sheppLogan(8), 8, 8), 'planAcceleration: image size: expected at least 11x11 for the SSIM target (its 11x11 window); use metric nrmse, got 8x8');
    const bad = Float64Array.from(ref);
    bad[70] = Number.NaN;
    err(() => planAcceleration(bad, N, N), 'planAcceleration: image: expected finite values, got NaN at index 70');
  });
});
