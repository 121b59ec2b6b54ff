/**
 * The theory report says what the figure shows: radial spokes alias as coherent streaks (never
 * "like noise"), lines along one axis, only random masks like noise; radial and line masks are
 * not called variable density; a TV reconstruction is reported with the PSF and its gradient
 * sparsity, never with a wavelet TPSF (issue 19).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acquisition } from '../../../src/apps/mri/acquisition.ts';
import { simulateKspace } from '../../../src/apps/mri/kspace.ts';
import { type MaskKind, makeMask } from '../../../src/apps/mri/masks/index.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { planAcceleration } from '../../../src/apps/mri/plan-acceleration.ts';
import { reconstruct } from '../../../src/apps/mri/recon/reconstruct.ts';
import { gradientSparsity, theoryReport } from '../../../src/apps/mri/report.ts';
import { detectPattern } from '../../../src/apps/mri/report-pattern.ts';
import { fixtureJson } from './helpers.ts';

const N = 128;
const truth = sheppLogan(N);

function reportFor(kind: MaskKind, method: 'l1-wavelet' | 'tv', pattern?: MaskKind) {
  const mk = makeMask(kind, N, N, { acceleration: 4, seed: 1 });
  const { kspace } = simulateKspace(truth, N, N, { mask: mk.mask });
  const acq = acquisition(kspace, mk.mask, N, N);
  return theoryReport(acq, reconstruct(acq, { method, maxIter: 5 }), { truth, pattern });
}

describe('theoryReport: the aliasing is described as the pattern makes it', () => {
  it('radial spokes: coherent streaks, not noise, and not variable density (Gaussian baseline)', () => {
    const rep = reportFor('radial', 'l1-wavelet', 'radial');
    assert.equal(rep.pattern, 'radial');
    // the radial TPSF side lobe is low (this is why the old wording called it noise-like)
    assert.ok((rep.mask.tpsfSideLobe as number) < 0.35, `TPSF ${rep.mask.tpsfSideLobe}`);
    assert.match(rep.paragraph, /Radial spokes alias as coherent streaks, not as noise: the point-spread function is a star of lines through its peak/);
    assert.doesNotMatch(rep.paragraph, /spread like noise/);
    assert.doesNotMatch(rep.paragraph, /variable.density/i);
    assert.match(rep.paragraph, /no empirical phase-transition data exists for radial Fourier sampling/);
    assert.equal(rep.prediction?.ensemble, 'gaussian');
  });

  it('a radial mask of unknown kind is not called noise-like without a condition', () => {
    const rep = reportFor('radial', 'l1-wavelet');
    assert.equal(rep.pattern, null);
    assert.doesNotMatch(rep.paragraph, /so undersampling aliases spread like noise/);
    assert.match(rep.paragraph, /for a random pattern this means the aliases spread like noise \(Lustig, Donoho & Pauly 2007\), but a structured pattern \(radial spokes\) aliases as streaks even at a low level\./);
    assert.match(rep.paragraph, /no empirical phase-transition data exists for this Fourier sampling pattern/);
  });

  it('lines are recognised from the mask: aliasing along the phase-encode direction, not variable density', () => {
    const rep = reportFor('lines', 'l1-wavelet');
    assert.equal(rep.pattern, 'lines');
    assert.match(rep.paragraph, /Whole phase-encode lines are kept or dropped, so the aliasing stays along the phase-encode direction/);
    assert.doesNotMatch(rep.paragraph, /spread like noise|variable.density/i);
    assert.match(rep.paragraph, /no empirical phase-transition data exists for random phase-encode line sampling/);
  });

  it('a Poisson-disc mask with a low TPSF aliases like noise (the wording random masks keep)', () => {
    const rep = reportFor('poisson-disc', 'l1-wavelet', 'poisson-disc');
    assert.ok((rep.mask.tpsfSideLobe as number) < 0.35);
    assert.match(rep.paragraph, /reaches \d+\.\d% of the peak, so undersampling aliases spread like noise rather than as coherent copies \(Lustig, Donoho & Pauly 2007\)\./);
    assert.match(rep.paragraph, /variable-density Poisson-disc Fourier sampling/);
    assert.equal(rep.prediction?.ensemble, 'variable-density');
  });
});

describe('theoryReport: TV is reported with the PSF and the gradient, never a wavelet TPSF', () => {
  it('TPSF fields are null, the sparsity is the gradient\'s, the paragraph names no wavelet transform point-spread', () => {
    const rep = reportFor('poisson-disc', 'tv', 'poisson-disc');
    assert.equal(rep.mask.tpsfSideLobe, null);
    assert.equal(rep.mask.coherence, null);
    assert.equal(rep.mask.wavelet, null);
    assert.ok(rep.mask.psfSideLobe > 0 && rep.mask.psfSideLobe < 1);
    assert.equal(rep.sparsity.transform, 'gradient');
    assert.equal(rep.sparsity.wavelet, null);
    assert.doesNotMatch(rep.paragraph, /transform point-spread with|compressible in the \w+ wavelet|wavelet coefficients live/);
    assert.match(rep.paragraph, /the TV penalty acts on image gradients, not on wavelet coefficients, so no transform point-spread is reported\. The random pattern spreads its aliasing like noise/);
    assert.match(rep.paragraph, new RegExp(`The true image has a sparse gradient, which is what TV penalises: .* needs k = ${rep.sparsity.k999.toLocaleString('en-US')} pixels`));
    assert.equal(rep.prediction?.k, rep.sparsity.k999);
  });

  it('gradientSparsity equals numpy on a complex image (scripts/fixtures/mri_gradient_sparsity.py)', () => {
    const f = fixtureJson<{ ny: number; nx: number; image: number[]; energyInLargest: { fraction: number; k: number; energy: number }[]; k99: number; k999: number }>('gradient_sparsity.json');
    const g = gradientSparsity(Float64Array.from(f.image), f.ny, f.nx);
    assert.equal(g.k99, f.k99);
    assert.equal(g.k999, f.k999);
    assert.equal(g.energyInLargest.length, f.energyInLargest.length);
    for (let i = 0; i < f.energyInLargest.length; i++) {
      assert.equal(g.energyInLargest[i].k, f.energyInLargest[i].k);
      assert.ok(Math.abs(g.energyInLargest[i].energy - f.energyInLargest[i].energy) < 1e-12, `${g.energyInLargest[i].energy} vs ${f.energyInLargest[i].energy}`);
    }
    assert.throws(() => gradientSparsity(new Float64Array(64).fill(2), 8, 8), { message: 'gradientSparsity: image: expected an image with some variation, got a constant image' });
  });

  it('planAcceleration with TV: PSF side lobes, no TPSF in the rows or the paragraph', () => {
    const p = planAcceleration(sheppLogan(32), 32, 32, { accelerations: [2, 6], repeats: 1, recon: { method: 'tv', maxIter: 5 } });
    for (const r of p.rows) {
      assert.equal(r.tpsfSideLobe, null);
      assert.ok(typeof r.psfSideLobe === 'number' && r.psfSideLobe > 0);
    }
    assert.doesNotMatch(p.paragraph, /TPSF/);
  });
});

describe('detectPattern', () => {
  it('whole rows or whole columns are lines; a full mask, a random mask and a single point are not', () => {
    const rows = new Uint8Array(6 * 5);
    rows.fill(1, 5, 10);
    rows.fill(1, 20, 25);
    assert.equal(detectPattern(rows, 6, 5), 'lines');
    const cols = new Uint8Array(6 * 5);
    for (let i = 0; i < 6; i++) cols[i * 5 + 2] = 1;
    assert.equal(detectPattern(cols, 6, 5), 'lines');
    assert.equal(detectPattern(new Uint8Array(30).fill(1), 6, 5), null);
    const point = new Uint8Array(30);
    point[7] = 1;
    assert.equal(detectPattern(point, 6, 5), null);
    assert.equal(detectPattern(makeMask('poisson-disc', 32, 32, { acceleration: 3, seed: 2 }).mask, 32, 32), null);
  });
});
