/**
 * The simplex prox {x >= 0, sum x = t}: projections equal scipy's SLSQP solutions
 * (scripts/fixtures/radio_imaging.py), satisfy the KKT conditions (x_i = max(v_i - theta, 0)),
 * and Moreau's identity ties prox and proxConj.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { projectSimplex, simplex } from '../../src/prox/simplex.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/radio_imaging.json', import.meta.url), 'utf8')) as {
  simplex: { v: number[]; t: number; projection: number[] }[];
};

describe('simplex(t)', () => {
  it("projects like scipy's constrained least squares (SLSQP, three seeded vectors)", () => {
    for (const c of fx.simplex) {
      const p = simplex(c.t).prox(Float64Array.from(c.v), 0.5, new Float64Array(c.v.length));
      for (let i = 0; i < p.length; i++) assert.ok(Math.abs(p[i] - c.projection[i]) < 1e-8, `t ${c.t}, entry ${i}: ${p[i]} vs ${c.projection[i]}`);
    }
  });
  it('is the KKT point: x = max(v - theta, 0), sum x = t, for random vectors (seeded)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.double({ min: 0.01, max: 20, noNaN: true }), (arr, t) => {
        const v = Float64Array.from(arr);
        const x = projectSimplex(v, t, new Float64Array(v.length));
        let s = 0;
        let theta = Number.NaN;
        for (let i = 0; i < x.length; i++) {
          assert.ok(x[i] >= 0);
          s += x[i];
          if (x[i] > 0) theta = v[i] - x[i];
        }
        assert.ok(Math.abs(s - t) <= 1e-10 * (t + 1));
        for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i] - Math.max(v[i] - theta, 0)) <= 1e-10 * (1 + Math.abs(v[i])));
      }),
      { seed: 1616, numRuns: 300 },
    );
  });
  it("Moreau's identity: prox_{tau R}(x) + tau prox_{R*/tau}(x / tau) = x", () => {
    const R = simplex(2);
    const x = Float64Array.of(0.3, -1.2, 2.5, 0.7, 0.1);
    const tau = 0.7;
    const a = R.prox(x, tau, new Float64Array(5));
    const b = R.proxConj(Float64Array.from(x, (v) => v / tau), 1 / tau, new Float64Array(5));
    for (let i = 0; i < 5; i++) assert.ok(Math.abs(a[i] + tau * b[i] - x[i]) < 1e-12);
    assert.equal(R.value(a), 0);
    assert.equal(R.value(x), Infinity);
  });
  it('refuses a non-positive total and complex data', () => {
    assert.throws(() => simplex(0), { message: 'simplex: total: expected a positive finite total (the sum of x), got 0' });
    assert.throws(() => simplex(1).withField(true), { message: 'simplex: data: expected real vectors (the simplex is a set of real vectors), got complex data' });
  });
});
