/**
 * What the MRI layer tells its user beyond the numbers: a size that admits no wavelet level
 * (reconstruct's warning and the report's note), a transform point-spread above its peak (the
 * report's wording), and a plan target so loose that zero filling meets it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acquisition } from '../../../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../../../src/apps/mri/kspace.ts';
import { makeMask } from '../../../src/apps/mri/masks/index.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { planAcceleration } from '../../../src/apps/mri/plan-acceleration.ts';
import { reconstruct } from '../../../src/apps/mri/recon/reconstruct.ts';
import { theoryReport } from '../../../src/apps/mri/report.ts';

function acq(image: Float64Array, ny: number, nx: number, R: number) {
  const m = makeMask('poisson-disc', ny, nx, { acceleration: R, seed: 1 });
  return acquisition(simulateKspace(image, ny, nx, { mask: m.mask }).kspace, m.mask, ny, nx);
}

describe('MRI warnings', () => {
  it('an odd image size admits no level of the periodized wavelet (primal-dual): reconstruct warns, the report carries the note; the FISTA haar of any size has levels', () => {
    const ny = 21;
    const nx = 16;
    const img = new Float64Array(ny * nx);
    for (let i = 5; i < 15; i++) for (let j = 4; j < 12; j++) img[i * nx + j] = 1;
    const a = acq(img, ny, nx, 2);
    // FISTA (the default) thresholds the haar transform of any size: 21 -> 1 level (an 11-row band), 16 -> 1
    const fistaRun = reconstruct(a, { maxIter: 20 });
    assert.equal(fistaRun.waveletLevels, 1);
    assert.deepEqual(fistaRun.warnings, []);
    const r = reconstruct(a, { maxIter: 20, solver: 'primal-dual' });
    assert.equal(r.waveletLevels, 0);
    assert.deepEqual(r.warnings, [
      'the image size 21x16 admits no wavelet level (the periodized haar transform halves both sides, so both must be even): the wavelet penalty acts on the pixels themselves; crop or pad to even sizes (e.g. 22x16) or use the TV method',
    ]);
    assert.ok(theoryReport(a, r, { truth: img }).paragraph.endsWith(`Note: ${r.warnings[0]}.`));
    const even = reconstruct(acq(sheppLogan(32), 32, 32, 2), { maxIter: 5 });
    assert.ok(even.waveletLevels !== null && even.waveletLevels > 0);
    assert.deepEqual(even.warnings, []);
    assert.equal(reconstruct(a, { method: 'tv', maxIter: 5 }).waveletLevels, null);
  });

  it('a weight so large that the image is zero is said as such (FISTA and primal-dual), not written as a blank image in silence', () => {
    const a = acq(sheppLogan(32), 32, 32, 3);
    for (const solver of ['fista', 'primal-dual'] as const) {
      const r = reconstruct(a, { maxIter: 20, lambda: 1e300, solver });
      let peak = 0;
      for (const v of r.image) peak = Math.max(peak, Math.abs(v));
      assert.ok(peak <= 1e-100, `${solver}: peak ${peak}`);
      assert.equal(r.warnings.length, 1, solver);
      assert.match(
        r.warnings[0],
        /^the image is zero \(peak \d\.\d\de[-+]\d+ against \d\.\d\de[-+]\d+ in the zero-filled image\): the penalty at lambda 1e\+300 \(absolute \d\.\d\de\+\d+\) outweighs the data everywhere; lower the weight \(a tenth of it, or less\) or choose it from the data with --lambda auto$/,
      );
      assert.deepEqual(reconstruct(a, { maxIter: 20, solver }).warnings, []);
    }
  });

  it('a transform point-spread above its peak is said as such, not as a percentage over 100', () => {
    const N = 64;
    const a = acq(sheppLogan(N), N, N, 100);
    const rep = theoryReport(a, reconstruct(a, { maxIter: 10 }), { truth: sheppLogan(N) });
    assert.ok((rep.mask.tpsfSideLobe ?? 0) > 1, `TPSF side lobe ${rep.mask.tpsfSideLobe}`);
    assert.match(rep.paragraph, /wavelet exceeds the peak \(\d+\.\d\d times it\): some wavelet atoms are sampled so sparsely/);
    assert.doesNotMatch(rep.paragraph, /\d{3,}(\.\d)?% of the peak/);
  });

  it('a plan target that zero filling already meets is called too loose', () => {
    const p = planAcceleration(sheppLogan(32), 32, 32, { accelerations: [2], repeats: 1, metric: 'nrmse', target: 0.95 });
    assert.ok(p.rows[0].zeroFilledNrmse <= 0.95);
    assert.match(p.paragraph, /Zero filling alone meets this target at R = 2 \(scaled NRMSE 0\.\d{4}\): the target is too loose to judge the reconstruction\./);
    const tight = planAcceleration(sheppLogan(32), 32, 32, { accelerations: [2], repeats: 1, metric: 'nrmse', target: 0.2 });
    assert.ok(tight.recommended === 2 && tight.rows[0].zeroFilledNrmse > 0.2);
    assert.doesNotMatch(tight.paragraph, /too loose/);
  });
});
