/**
 * The PSF of a non-Cartesian trajectory (src/theory/psf-nonuniform.ts) against numpy's direct sums
 * K(d) = (1/N) sum_j e^{2 pi i <w_j, d>} over every pixel difference (test/fixtures/nufft.json,
 * scripts/fixtures/nufft.py), against the Cartesian PSF of ./psf.ts on grid samples, and against a
 * direct evaluation with weights and an excluded main lobe.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import { radialTrajectory } from '../../src/linops/trajectories.ts';
import { maskPsf, trajectoryPsf } from '../../src/theory/index.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/nufft.json', import.meta.url), 'utf8')) as {
  psf: { shape: number[]; coords: number[]; peak: number; coherence: number; coherenceShift: number[]; sideLobe: number; sideLobeShift: number[] }[];
};

describe('trajectoryPsf', () => {
  for (const c of fx.psf) {
    it(`${c.shape.join('x')}, ${c.coords.length / c.shape.length} random samples: peak, PSF side lobe and coherence equal numpy's direct sums (width 16: 1e-12)`, () => {
      const p = trajectoryPsf(c.shape, c.coords, { width: 16 });
      assert.ok(Math.abs(p.peak - c.peak) <= 1e-12 * c.peak);
      assert.ok(Math.abs(p.coherence - c.coherence) <= 1e-12, `${p.coherence} vs ${c.coherence}`);
      assert.ok(Math.abs(p.sideLobe - c.sideLobe) <= 1e-12, `${p.sideLobe} vs ${c.sideLobe}`);
      // the maximiser, up to the Hermitian symmetry |K(d)| = |K(-d)| (a tie that rounding decides)
      const same = (a: number[], b: number[]) => a.every((v, i) => v === b[i]) || a.every((v, i) => v === -b[i]);
      assert.ok(same(p.coherenceShift, c.coherenceShift));
      assert.ok(same(p.sideLobeShift, c.sideLobeShift));
      assert.ok(p.coherence >= p.sideLobe - 1e-15);
    });
  }
  it('samples on the Cartesian grid give the PSF of the same centred mask (./psf.ts maskPsf)', () => {
    const n = 12;
    const mask = new Uint8Array(n * n);
    const coords: number[] = [];
    for (let i = 0; i < n * n; i++) {
      if ((i * 7919) % 5 === 0 || i === 78) {
        mask[i] = 1;
        coords.push((Math.floor(i / n) - n / 2) / n, ((i % n) - n / 2) / n);
      }
    }
    const p = trajectoryPsf([n, n], coords, { width: 16 });
    const m = maskPsf([n, n], mask, { centered: true });
    assert.ok(Math.abs(p.sideLobe - m.sideLobe) <= 1e-12);
    assert.ok(Math.abs(p.coherence - m.sideLobe) <= 1e-12);
    // the PSF itself: maskPsf stores shift d at index d mod n, ours at c + d
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const i = 2 * (a * n + b);
        const j = 2 * (((a - 6 + n) % n) * n + ((b - 6 + n) % n));
        assert.ok(Math.abs(p.psf[i] - m.psf[j]) <= 1e-12 && Math.abs(p.psf[i + 1] - m.psf[j + 1]) <= 1e-12);
      }
    }
  });
  it('weights and excludeRadius: the maximum of |sum_j w_j e^{2 pi i <w_j, d>}| / sum_j w_j over |d| > r, by direct sums', () => {
    const shape = [20, 16];
    const coords = radialTrajectory(6, 20);
    const M = 120;
    const w = new Float64Array(M).map((_, j) => 0.2 + Math.abs((j % 20) - 9.5));
    const p = trajectoryPsf(shape, coords, { weights: w, excludeRadius: 2.5, width: 16 });
    let best = 0;
    let sw = 0;
    for (const v of w) sw += v;
    for (let dy = -19; dy <= 19; dy++) {
      for (let dx = -15; dx <= 15; dx++) {
        if (dy * dy + dx * dx <= 6.25) continue;
        let re = 0;
        let im = 0;
        for (let j = 0; j < M; j++) {
          const a = 2 * Math.PI * (coords[2 * j] * dy + coords[2 * j + 1] * dx);
          re += w[j] * Math.cos(a);
          im += w[j] * Math.sin(a);
        }
        best = Math.max(best, Math.hypot(re, im) / sw);
      }
    }
    assert.ok(Math.abs(p.coherence - best) <= 1e-12, `${p.coherence} vs ${best}`);
    assert.ok(Math.abs(p.peak - sw / 320) <= 1e-12 * p.peak);
    assert.ok(Math.hypot(...p.coherenceShift) > 2.5 && Math.hypot(...p.sideLobeShift) > 2.5);
  });
  it('bad input names the argument', () => {
    const is = (f: () => unknown, msg: string) => assert.throws(f, (e: unknown) => e instanceof CandorError && e.message === msg);
    is(() => trajectoryPsf([8, 8], [0.1, 0.9]), 'nufftPlan: coordinate of sample 0 on axis 1: expected a finite number in [-0.5, 0.5] (cycles per sample), got 0.9');
    is(() => trajectoryPsf([8, 8], [0.1, 0.2], { excludeRadius: -1 }), 'trajectoryPsf: options.excludeRadius: expected a finite number >= 0, got -1');
    is(() => trajectoryPsf([8, 8], [0.1, 0.2], { weights: [1, 2] }), 'trajectoryPsf: weights length: expected 1 (one per sample), got 2');
    is(() => trajectoryPsf([8, 8], [0.1, 0.2], { weights: [-1] }), 'trajectoryPsf: PSF peak sum_j w_j / N: expected a positive number (positive weights), got -0.015625');
  });
});
