/**
 * The hold-out weight rule 'cv' (src/solvers/lambda-holdout.ts): its estimate against a numpy
 * computation of the same formula for a fixed linear reconstruction (scripts/fixtures/
 * lambda_holdout.py), the mask density against numpy's box average, the held-out draw, and the
 * exact errors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { maskDensity } from '../../src/apps/mri/recon/weight-choice.ts';
import { CandorError } from '../../src/core/errors.ts';
import { chooseLambda, geometricLambdas } from '../../src/solvers/lambda-choice.ts';
import { holdoutRisk, holdoutUnits, holdoutWeights } from '../../src/solvers/lambda-holdout.ts';

const F = JSON.parse(readFileSync(new URL('../fixtures/lambda_holdout.json', import.meta.url), 'utf8'));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe('holdoutRisk: SURE on the kept samples + the density-weighted held-out error (numpy reference)', () => {
  const hold = Uint8Array.from(F.hold);
  const unitOf = Uint32Array.from({ length: F.m }, (_, j) => j);
  it('the mask density of the 9 x 9 box (clipped at the edges) at every acquired location', () => {
    const d = maskDensity(Uint8Array.from(F.mask), F.ny, F.nx, 4);
    assert.equal(d.length, F.m);
    for (let j = 0; j < F.m; j++) assert.ok(rel(d[j], F.density[j]) < 1e-14, `${j}: ${d[j]} vs ${F.density[j]}`);
  });
  it('the weights 1 + (1 - p) / (f p) on the held-out units, 0 elsewhere', () => {
    const w = holdoutWeights(hold, F.fraction, Float64Array.from(F.density));
    for (let j = 0; j < F.m; j++) assert.ok(Math.abs(w[j] - F.weights[j]) <= 1e-13 * Math.max(1, F.weights[j]), `${j}: ${w[j]} vs ${F.weights[j]}`);
  });
  it('total, parts, df of the kept part and the kept residual to 1e-12', () => {
    const r = holdoutRisk({
      y: Float64Array.from(F.y),
      fit: Float64Array.from(F.fit),
      fitProbe: Float64Array.from(F.fitProbe),
      probe: Float64Array.from(F.probe),
      eps: F.eps,
      complex: true,
      tau: F.tau,
      hold,
      unitOf,
      weights: Float64Array.from(F.weights),
    });
    assert.ok(rel(r.total, F.total) < 1e-12, `${r.total} vs ${F.total}`);
    assert.ok(rel(r.sureKept, F.sureKept) < 1e-12, `${r.sureKept} vs ${F.sureKept}`);
    assert.ok(rel(r.heldOut, F.heldOut) < 1e-12, `${r.heldOut} vs ${F.heldOut}`);
    assert.ok(rel(r.heldOutSe, F.heldOutSe) < 1e-12, `${r.heldOutSe} vs ${F.heldOutSe}`);
    assert.ok(rel(r.dfKept, F.dfKept) < 1e-9, `${r.dfKept} vs ${F.dfKept}`);
    assert.ok(rel(r.residualKept, F.residualKept) < 1e-12);
    // the finite difference estimates the exact trace c N_K of the linear map (within 4 sd, sqrt(2 c^2 N_K))
    assert.ok(Math.abs(r.dfKept - F.dfExact) < 4 * Math.sqrt(2 * 0.8 * F.dfExact), `${r.dfKept} vs ${F.dfExact}`);
  });
  it('refuses inputs of the wrong size', () => {
    assert.throws(
      () => holdoutRisk({ y: new Float64Array(4), fit: new Float64Array(4), fitProbe: new Float64Array(2), probe: new Float64Array(4), eps: 1, complex: true, tau: 1, hold, unitOf, weights: new Float64Array(F.m) }),
      (e: unknown) => e instanceof CandorError && e.message === 'holdoutRisk: fitProbe: expected 4 values (like y), got Float64Array of length 2',
    );
  });
});

describe('holdoutUnits: the seeded held-out draw', () => {
  it('round(f units) units, the same for a seed, another for another seed', () => {
    const a = holdoutUnits(1000, 0.15, 0);
    assert.equal(a.reduce((s, v) => s + v, 0), 150);
    assert.deepEqual(holdoutUnits(1000, 0.15, 0), a);
    assert.notDeepEqual(holdoutUnits(1000, 0.15, 1), a);
  });
  it('refuses a fraction that holds nothing out or more than half', () => {
    assert.throws(() => holdoutUnits(10, 0.01, 0), (e: unknown) => e instanceof CandorError && e.message === 'holdoutUnits: fraction: expected at least one held-out unit of 10, got 0.01 (0 units)');
    assert.throws(() => holdoutUnits(10, 0.6, 0), (e: unknown) => e instanceof CandorError && /^holdoutUnits: fraction: expected .*, got 0\.6$/.test(e.message));
  });
});

describe("chooseLambda rule 'cv'", () => {
  const y = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i));
  const family = { y, complex: true, solve: (_l: number, d: Float64Array) => ({ x: d, fit: d, penalty: 0 }) };
  it('needs a family with hold-out support and a noise level', () => {
    assert.throws(
      () => chooseLambda(family, { rule: 'cv', lambdas: geometricLambdas(1, 0.01, 5), noise: { std: 0.1, source: 'given' } }),
      (e: unknown) => e instanceof CandorError && e.message === "chooseLambda: family.holdout: expected hold-out support { units, unitOf, solve(lambda, data, keep, x0) } for the rule 'cv', got undefined",
    );
    assert.throws(
      () => chooseLambda(family, { rule: 'cv', lambdas: geometricLambdas(1, 0.01, 5) }),
      (e: unknown) => e instanceof CandorError && e.message === 'chooseLambda: noise level: expected a noise std > 0 for the rule cv (given or estimated), got none',
    );
  });
  it('a shrinkage family x = d / (1 + lambda): the path on the kept data, the criterion of holdoutRisk at every weight', () => {
    const m = 20;
    const unitOf = Uint32Array.from({ length: m }, (_, j) => j);
    const lambdas = geometricLambdas(10, 0.01, 7);
    const fam = {
      ...family,
      holdout: {
        units: m,
        unitOf,
        // kept samples shrunk, held-out ones predicted as 0.5 y (a fixed guess)
        solve: (l: number, d: Float64Array, keep: Uint8Array) => {
          const fit = new Float64Array(2 * m);
          for (let j = 0; j < m; j++) for (let c = 0; c < 2; c++) fit[2 * j + c] = keep[j] ? d[2 * j + c] / (1 + l) : 0.5 * y[2 * j + c];
          return { x: fit, fit, penalty: 0 };
        },
      },
    };
    const c = chooseLambda(fam, { rule: 'cv', lambdas, noise: { std: 0.3, source: 'given' }, holdoutFraction: 0.2 });
    assert.equal(c.solves, 14);
    assert.deepEqual({ ...c.holdout, minimumSe: 0 }, { units: 20, heldOut: 4, fraction: 0.2, seed: 0, shift: 1, rule: 'min', minimumSe: 0 });
    assert.equal(c.dfMethod, 'monte-carlo');
    // the kept part is Stein's estimate for the linear shrinkage: df = N_K / (1 + lambda) up to the probe's noise
    for (const p of c.path) assert.ok(Math.abs((p.df as number) - 32 / (1 + p.lambda)) < 4 * Math.sqrt(2 * 32), `${p.lambda}: df ${p.df}`);
    const crit = c.path.map((p) => p.criterion as number);
    const i = crit.indexOf(Math.min(...crit));
    assert.equal(c.gridLambda, lambdas[i]);
    // one-standard-error: the largest weight within the minimum's SE
    const o = chooseLambda(fam, { rule: 'cv', lambdas, noise: { std: 0.3, source: 'given' }, holdoutFraction: 0.2, holdoutRule: 'one-se' });
    assert.deepEqual(o.path, c.path);
    const se = o.holdout?.minimumSe as number;
    assert.ok(se > 0);
    assert.equal(o.gridLambda, lambdas[crit.findIndex((v) => v <= crit[i] + se)]);
    assert.equal(o.lambda, o.position.index < i ? o.gridLambda : c.lambda);
    assert.throws(
      () => chooseLambda(fam, { rule: 'cv', lambdas, noise: { std: 0.3, source: 'given' }, holdoutRule: 'max' as 'min' }),
      (e: unknown) => e instanceof CandorError && e.message === `chooseLambda: holdoutRule: expected 'min' or 'one-se', got "max"`,
    );
  });
});
