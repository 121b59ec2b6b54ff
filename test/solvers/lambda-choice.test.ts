import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { chooseLambda, geometricLambdas, lambdaChoiceJson, type PenalisedFamily } from '../../src/solvers/lambda-choice.ts';
import {
  discrepancyOnGrid,
  gcvValues,
  lcurveCurvature,
  lcurveOnGrid,
  minimumOnGrid,
  sureValues,
} from '../../src/solvers/lambda-criteria.ts';
import { lassoInformationCriterion } from '../../src/solvers/lambda-ic.ts';
import { chooseLassoLambda } from '../../src/solvers/lambda-lasso.ts';

// scikit-learn references written by scripts/fixtures/lambda_ic.py
const FIX = JSON.parse(readFileSync(new URL('../fixtures/lambda_ic.json', import.meta.url), 'utf8'));

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / Math.max(floor, Math.abs(b[i])));
  return d;
}

describe('lassoInformationCriterion: AIC / BIC against scikit-learn LassoLarsIC (diabetes + 14 random features)', () => {
  const X = { rows: FIX.rows, cols: FIX.cols, data: Float64Array.from(FIX.X) };
  const y = Float64Array.from(FIX.y);
  for (const c of ['aic', 'bic'] as const) {
    it(`${c}: alpha within 1e-6 relative, same support, same knots and criterion curve`, () => {
      const ref = FIX[c];
      const r = lassoInformationCriterion(X, y, { criterion: c });
      assert.ok(Math.abs(r.alpha - ref.alpha) / ref.alpha < 1e-6, `alpha ${r.alpha} vs ${ref.alpha}`);
      assert.deepEqual(r.support, ref.support);
      // every knot of the LARS path (a column that leaves and rejoins with the other sign included)
      assert.equal(r.alphas.length, ref.alphas.length);
      assert.ok(maxRel(r.alphas.subarray(0, -1), ref.alphas.slice(0, -1)) < 1e-9);
      assert.ok(Math.abs(r.noiseVariance - ref.noise_variance) / ref.noise_variance < 1e-10);
      assert.ok(maxRel(r.values, ref.criterion) < 1e-9);
      assert.ok(maxRel(r.x, ref.coef, 1e-8) < 1e-6);
      assert.ok(Math.abs(r.intercept - ref.intercept) < 1e-8 * Math.abs(ref.intercept));
    });
  }
  it('refuses an unknown criterion and an estimate with m <= n + 1', () => {
    assert.throws(
      () => lassoInformationCriterion(X, y, { criterion: 'cp' as 'aic' }),
      (e: unknown) => e instanceof CandorError && e.message === "lassoInformationCriterion: criterion: expected 'aic' or 'bic', got \"cp\"",
    );
    const small = { rows: 4, cols: 3, data: Float64Array.from({ length: 12 }, (_, i) => Math.sin(i + 1)) };
    assert.throws(
      () => lassoInformationCriterion(small, Float64Array.of(1, 2, 3, 4), { criterion: 'aic' }),
      (e: unknown) =>
        e instanceof CandorError &&
        e.message ===
          'lassoInformationCriterion: noise variance: expected given, when m = 4 <= n = 3 + 1 (the least-squares estimate needs more rows than columns), got none',
    );
  });
});

describe('chooseLassoLambda: SURE and GCV with df = support size, against scikit-learn lasso_path', () => {
  const F = FIX.sure_gcv;
  const A = { rows: F.m, cols: F.n, data: Float64Array.from(F.A) };
  const y = Float64Array.from(F.y);
  for (const rule of ['sure', 'gcv'] as const) {
    it(`${rule}: the same path, df and criterion, the same grid choice`, () => {
      // the whole grid (SURE stops past its minimum by default when m >= 150: checked below)
      const c = chooseLassoLambda(A, y, { rule, noiseStd: F.sigma, count: 50, ratio: 1e-3, tol: 1e-12, refine: false, stopAfter: Infinity });
      assert.ok(maxRel(c.path.map((p) => p.lambda), F.lambdas) < 1e-12);
      // at lambda_max itself x = 0 is optimal (df 0); scikit-learn's coordinate descent keeps one
      // coefficient of rounding size there, so the comparison starts at the second point
      assert.equal(c.path[0].df, 0);
      assert.deepEqual(
        c.path.slice(1).map((p) => p.df),
        F.df.slice(1),
      );
      assert.ok(maxRel(c.path.slice(1).map((p) => p.residualNorm), F.residual_norm.slice(1)) < 1e-6);
      assert.ok(maxRel(c.path.slice(1).map((p) => p.criterion as number), F[rule].slice(1)) < 1e-5);
      assert.equal(c.position.index, F[`${rule}_index`]);
      assert.equal(c.dfMethod, 'exact');
      assert.equal(c.noiseSource, 'given');
      if (rule === 'gcv') {
        // GCV's minimum is the grid's smallest lambda here: stated, not hidden
        assert.equal(c.position.atEdge, 'smallest');
        assert.match(c.notes[0], /^the criterion's minimum is at the end of the grid: the choice is the smallest lambda/);
      } else {
        assert.equal(c.position.atEdge, null);
      }
      const j = lambdaChoiceJson(c);
      assert.deepEqual(Object.keys(j).slice(0, 4), ['rule', 'lambda', 'noiseStd', 'noiseSource']);
      assert.equal((j.path as unknown[]).length, 50);
      // the default at m = 60 (< 150): both rules walk the whole grid
      const d = chooseLassoLambda(A, y, { rule, noiseStd: F.sigma, count: 50, ratio: 1e-3, refine: false });
      assert.deepEqual(d.position, c.position);
      assert.equal(d.path.length, 50);
      assert.ok(!d.notes.some((t) => t.startsWith('the path stopped')));
      if (rule === 'sure') {
        assert.ok(
          d.notes.includes(
            "the path walked the whole grid: with m = 60 < 150 measurements SURE's curve can fall again far past its running minimum, so it is not stopped early (docs/lambda.md)",
          ),
          d.notes.join('; '),
        );
      }
      if (rule === 'sure') {
        // stopped 8 grid points past the running minimum: the same choice from the first 8 + 1 past it
        const e = chooseLassoLambda(A, y, { rule, noiseStd: F.sigma, count: 50, ratio: 1e-3, refine: false, stopAfter: 8 });
        assert.deepEqual(e.position, c.position);
        const w = F.sure_index + 9;
        assert.ok(w < 50);
        assert.equal(e.path.length, w);
        assert.deepEqual(
          e.path.map((p) => p.df),
          c.path.slice(0, w).map((p) => p.df),
        );
        assert.equal(
          e.notes[0],
          `the path stopped at lambda = ${F.lambdas[w - 1].toPrecision(3)}, 8 grid points past the criterion's running minimum (stopAfter 8); the remaining ${50 - w} of 50 weights, down to ${F.lambdas[49].toPrecision(3)}, were not solved`,
        );
      }
    });
  }
});

describe('chooseLassoLambda: the noise level when not given, stated with its source', () => {
  it("m > n + 1: the least-squares residual, scikit-learn's noise_variance_ with one degree fewer (no intercept)", () => {
    const X = { rows: FIX.rows, cols: FIX.cols, data: Float64Array.from(FIX.X) };
    // the columns are standardised (centred) already: centring y makes the fit intercept-free
    const y = Float64Array.from(FIX.y);
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    for (let i = 0; i < y.length; i++) y[i] -= mean;
    const c = chooseLassoLambda(X, y, { rule: 'discrepancy' });
    const m = FIX.rows;
    const n = FIX.cols;
    // scikit-learn divides by m - n - 1 (its intercept), we by m - n
    const ref = (FIX.aic.noise_variance * (m - n - 1)) / (m - n);
    assert.ok(Math.abs((c.noiseStd as number) ** 2 / ref - 1) < 1e-10, `${c.noiseStd}`);
    assert.equal(c.noiseSource, 'estimated: least-squares residual, ||y - A x_ls|| / sqrt(m - n) (m = 442 > n = 24)');
  });
  it('m < n: the cross-validated LASSO (Reid, Tibshirani & Friedman 2016), within 30% of the true sigma (m = 60)', () => {
    const F = FIX.sure_gcv;
    const c = chooseLassoLambda({ rows: F.m, cols: F.n, data: Float64Array.from(F.A) }, Float64Array.from(F.y), { rule: 'sure' });
    assert.ok(Math.abs((c.noiseStd as number) / F.sigma - 1) < 0.3, `${c.noiseStd}`);
    assert.match(c.noiseSource ?? '', /^estimated: 10-fold cross-validated LASSO \(Reid, Tibshirani & Friedman 2016\)/);
    // GCV needs no noise level: none is estimated
    const g = chooseLassoLambda({ rows: F.m, cols: F.n, data: Float64Array.from(F.A) }, Float64Array.from(F.y), { rule: 'gcv' });
    assert.equal(g.noiseStd, null);
  });
});

describe('lambda criteria: analytic references', () => {
  it('SURE and GCV follow their formulas', () => {
    const s = sureValues([3, 2], [0, 4], 100, 0.1);
    assert.ok(Math.abs(s[0] - (9 - 1)) < 1e-12 && Math.abs(s[1] - (4 - 1 + 0.08)) < 1e-12);
    const g = gcvValues([3, 1], [50, 100], 100);
    assert.ok(Math.abs(g[0] - 9 / 100 / 0.25) < 1e-12);
    assert.equal(g[1], Infinity);
  });
  it('minimumOnGrid: the parabolic refinement finds the vertex of a parabola in log lambda exactly', () => {
    const lambdas = geometricLambdas(1, 1e-3, 13);
    const t0 = Math.log(0.0371);
    const v = Array.from(lambdas, (l) => 2 * (Math.log(l) - t0) ** 2 + 5);
    const c = minimumOnGrid(lambdas, v);
    assert.ok(c.refined);
    assert.ok(Math.abs(Math.log(c.lambda) - t0) < 1e-12);
    assert.equal(c.atEdge, null);
    assert.equal(c.fromLargest + c.fromSmallest, 12);
    // a monotone criterion: its minimum is at an end, not refined
    const e = minimumOnGrid(lambdas, Array.from(lambdas, (l) => l));
    assert.equal(e.atEdge, 'smallest');
    assert.equal(e.refined, false);
    assert.equal(e.lambda, lambdas[12]);
  });
  it('discrepancyOnGrid: exact for a residual that is a power of lambda; at the ends when it never crosses', () => {
    const lambdas = geometricLambdas(10, 0.01, 9);
    const res = Array.from(lambdas, (l) => 3 * l ** 0.7);
    const target = 3 * 0.2 ** 0.7;
    const c = discrepancyOnGrid(lambdas, res, target);
    assert.ok(Math.abs(c.lambda - 0.2) < 1e-12);
    assert.equal(c.atEdge, null);
    assert.equal(discrepancyOnGrid(lambdas, res, 1e6).atEdge, 'largest');
    assert.equal(discrepancyOnGrid(lambdas, res, 1e-6).atEdge, 'smallest');
  });
  it('lcurveCurvature: a circle of radius R traced in (log ||r||, log R) has curvature 1/R', () => {
    // rho = R cos(t), eta = R sin(t) with t = log lambda: counter-clockwise, curvature +1/R
    const R = 2.5;
    const lambdas = geometricLambdas(1, 0.9, 41); // t in [log 0.9, 0]: a short arc, fine spacing
    const res = Array.from(lambdas, (l) => Math.exp(R * Math.cos(Math.log(l))));
    const pen = Array.from(lambdas, (l) => Math.exp(R * Math.sin(Math.log(l))));
    const k = lcurveCurvature(lambdas, res, pen);
    assert.ok(Number.isNaN(k[0]) && Number.isNaN(k[40]));
    for (let i = 1; i < 40; i++) assert.ok(Math.abs(k[i] - 1 / R) < 1e-4, `${k[i]}`);
  });
  it('lcurveOnGrid: finds the corner of an L and flags a corner outside the grid', () => {
    // log ||r|| and log R(x) of an L: the residual flat at large lambda... the corner at lambda = 1e-2
    const lambdas = geometricLambdas(10, 1e-5, 31);
    const soft = (u: number) => Math.log1p(Math.exp(u));
    const res = Array.from(lambdas, (l) => Math.exp(soft(4 * Math.log(l / 1e-2))));
    const pen = Array.from(lambdas, (l) => Math.exp(soft(-4 * Math.log(l / 1e-2))));
    const c = lcurveOnGrid(lambdas, res, pen);
    assert.equal(c.atEdge, null);
    assert.ok(Math.abs(Math.log10(c.lambda) + 2) <= 0.1 + 1e-12, `${c.lambda}`);
    const half = lcurveOnGrid(lambdas.subarray(0, 10), res.slice(0, 10), pen.slice(0, 10));
    assert.notEqual(half.atEdge, null);
  });
});

describe('chooseLambda: Monte-Carlo SURE (one probe) on soft-thresholding, where df is known exactly', () => {
  // denoising y = x + e with x sparse: the LASSO with A = I is soft-thresholding, df = support size
  const N = 20000;
  const rng = createRng(11, 1);
  const sigma = 0.5;
  const x = rng.sparseVector(N, 1000, 'signed', new Float64Array(N));
  for (let i = 0; i < N; i++) x[i] *= 4;
  const y = Float64Array.from(x);
  const e = rng.fillNormal(new Float64Array(N), 0, sigma);
  for (let i = 0; i < N; i++) y[i] += e[i];
  const soft = (lambda: number, data: Float64Array) => {
    const out = new Float64Array(N);
    let pen = 0;
    let df = 0;
    for (let i = 0; i < N; i++) {
      const a = Math.abs(data[i]) - lambda;
      if (a > 0) {
        out[i] = Math.sign(data[i]) * a;
        pen += a;
        df++;
      }
    }
    return { x: out, fit: out, penalty: pen, df };
  };
  const lambdas = geometricLambdas(4, 0.2, 15);
  const mc: PenalisedFamily = { y, complex: false, solve: (l, d) => ({ ...soft(l, d), df: undefined }) };
  const ex: PenalisedFamily = { y, complex: false, solve: (l, d) => soft(l, d) };
  it('the probe df is within 4 standard deviations (sqrt(2 df), one probe) of the support size; both pick the same grid point', () => {
    const a = chooseLambda(mc, { rule: 'sure', lambdas, noise: { std: sigma, source: 'given' } });
    const b = chooseLambda(ex, { rule: 'sure', lambdas, noise: { std: sigma, source: 'given' } });
    assert.equal(a.dfMethod, 'monte-carlo');
    assert.equal(a.solves, 30);
    assert.equal(b.dfMethod, 'exact');
    for (let i = 0; i < lambdas.length; i++) {
      const d0 = b.path[i].df as number;
      // one probe: b^T diag(1{|y_i| > lambda}) b, a chi-square with d0 degrees: std sqrt(2 d0)
      assert.ok(Math.abs((a.path[i].df as number) - d0) <= 4 * Math.sqrt(2 * d0) + 1, `${a.path[i].df} vs ${d0}`);
    }
    assert.equal(a.position.index, b.position.index);
    // the risk-optimal threshold of a 5%-sparse signal at this SNR is about 1.6-2 sigma
    assert.ok(b.lambda > 0.6 && b.lambda < 1.2, `${b.lambda}`);
  });
  it('stopAfter: the path stops that many points past the best so far, with the same choice and a note; a bad value is refused', () => {
    const noise = { std: sigma, source: 'given' };
    const fine = geometricLambdas(4, 0.05, 40);
    const full = chooseLambda(ex, { rule: 'sure', lambdas: fine, noise });
    let solved = 0;
    const counted: PenalisedFamily = {
      y,
      complex: false,
      solve: (l, d) => {
        solved++;
        return soft(l, d);
      },
    };
    const c = chooseLambda(counted, { rule: 'sure', lambdas: fine, noise, stopAfter: 3 });
    const i0 = full.position.index;
    assert.ok(i0 + 4 < 40);
    assert.equal(solved, i0 + 4);
    assert.equal(c.path.length, i0 + 4);
    assert.equal(c.lambda, full.lambda);
    assert.deepEqual(c.position, full.position);
    assert.equal(c.notes[0], `the path stopped at lambda = ${fine[i0 + 3].toPrecision(3)}, 3 grid points past the criterion's running minimum (stopAfter 3); the remaining ${40 - i0 - 4} of 40 weights, down to ${fine[39].toPrecision(3)}, were not solved`);
    // the discrepancy principle: 0 points past the first residual at or below sigma sqrt(m)
    const dFull = chooseLambda(ex, { rule: 'discrepancy', lambdas: fine, noise });
    const d = chooseLambda(ex, { rule: 'discrepancy', lambdas: fine, noise, stopAfter: 0 });
    assert.equal(d.lambda, dFull.lambda);
    const first = dFull.path.findIndex((p) => p.residualNorm <= sigma * Math.sqrt(N));
    assert.equal(d.path.length, first + 1);
    assert.match(d.notes[0], /^the path stopped at lambda = \S+, 0 grid points past the first weight whose residual is at or below sigma sqrt\(m\)/);
    for (const bad of [-1, 2.5, Number.NaN]) {
      assert.throws(
        () => chooseLambda(ex, { rule: 'discrepancy', lambdas: fine, noise, stopAfter: bad }),
        (e: unknown) => e instanceof CandorError && e.message === `chooseLambda: stopAfter: expected a whole number of grid points >= 0, or Infinity (the whole grid), got ${bad}`,
      );
    }
    // a running minimum is confirmed only by a later point: 0 would stop at lambda_max
    for (const rule of ['sure', 'gcv'] as const) {
      assert.throws(
        () => chooseLambda(ex, { rule, lambdas: fine, noise, stopAfter: 0 }),
        (e: unknown) =>
          e instanceof CandorError &&
          e.message === `chooseLambda: stopAfter: expected a whole number of grid points >= 1 for the rule ${rule} (a running minimum needs a later point above it), or Infinity (the whole grid), got 0`,
      );
    }
  });
  it('refuses SURE without a noise level, a rising grid and a family without solve', () => {
    assert.throws(
      () => chooseLambda(ex, { rule: 'sure', lambdas }),
      (e: unknown) => e instanceof CandorError && e.message === 'chooseLambda: noise level: expected a noise std > 0 for the rule sure (given or estimated), got none',
    );
    assert.throws(
      () => chooseLambda(ex, { rule: 'gcv', lambdas: [1, 2, 0.5] }),
      (e: unknown) => e instanceof CandorError && e.message === 'chooseLambda: lambdas: expected a strictly decreasing sequence, got lambdas[0] = 1, lambdas[1] = 2',
    );
    assert.throws(
      () => chooseLambda({ y } as unknown as PenalisedFamily, { rule: 'gcv', lambdas }),
      (e: unknown) => e instanceof CandorError && e.message.startsWith('chooseLambda: family: expected an object { y: Float64Array, complex, solve(lambda, data, x0) }, got'),
    );
  });
});
