/**
 * NufftPlan.forwardReal / adjointReal (src/linops/nufft-plan.ts), the radio operator's path: the
 * numbers of `forward` on the real image with zero imaginary parts times a factor per sample, and
 * of the real part of `adjoint` on the scaled samples, to the last bit; refused on a 1-D plan.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import { nufftPlan } from '../../src/linops/index.ts';
import { randomCoords, randomData } from './nufft-helpers.ts';

describe('NufftPlan real-image path', () => {
  for (const [ny, nx, oversampling] of [
    [32, 32, 2],
    [24, 18, 1.25],
  ] as const) {
    it(`${ny}x${nx}, oversampling ${oversampling}: forwardReal and adjointReal equal forward and adjoint with the scaling done outside`, () => {
      const M = 500;
      const plan = nufftPlan([ny, nx], randomCoords(M, 2, 9), { oversampling });
      const n = ny * nx;
      const x = randomData(n, 1);
      const s = randomData(M, 2).map((v) => 1 + Math.abs(v));
      const xc = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) xc[2 * i] = x[i];
      const ref = plan.forward(xc, new Float64Array(2 * M));
      for (let j = 0; j < M; j++) {
        ref[2 * j] *= s[j];
        ref[2 * j + 1] *= s[j];
      }
      const got = plan.forwardReal(x, new Float64Array(2 * M), s);
      assert.ok(got.every((v, i) => Object.is(v, ref[i])), 'forwardReal');
      assert.ok(got.some((v) => v !== 0));
      const unit = plan.forwardReal(x, new Float64Array(2 * M), null);
      const plain = plan.forward(xc, new Float64Array(2 * M));
      assert.ok(unit.every((v, i) => Object.is(v, plain[i])), 'forwardReal without factors');
      const y = randomData(2 * M, 3);
      const ys = new Float64Array(2 * M);
      for (let j = 0; j < M; j++) {
        ys[2 * j] = s[j] * y[2 * j];
        ys[2 * j + 1] = s[j] * y[2 * j + 1];
      }
      const full = plan.adjoint(ys, new Float64Array(2 * n));
      const re = plan.adjointReal(y, new Float64Array(n), s);
      assert.ok(re.every((v, i) => Object.is(v, full[2 * i])), 'adjointReal');
    });
  }

  it('refused on plans that are not 2-D', () => {
    const p = nufftPlan([8], Float64Array.of(0.1));
    assert.throws(
      () => p.forwardReal(new Float64Array(8), new Float64Array(2), null),
      (e: unknown) => e instanceof CandorError && e.message === 'NufftPlan.forwardReal: plan: expected a 2-D plan, got 1-D',
    );
    assert.throws(
      () => p.adjointReal(new Float64Array(2), new Float64Array(8), null),
      (e: unknown) => e instanceof CandorError && e.message === 'NufftPlan.adjointReal: plan: expected a 2-D plan, got 1-D',
    );
  });
});
