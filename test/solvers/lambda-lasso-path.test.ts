import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { lambdaChoiceSvg } from '../../src/apps/report/lambda-figure.ts';
import { gemv } from '../../src/core/dense/gemv.ts';
import { CandorError } from '../../src/core/errors.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { chooseLassoLambda } from '../../src/solvers/lambda-lasso.ts';
import { knotCriterion, LassoGridCursor, lassoGridPath, walkLassoPath } from '../../src/solvers/lambda-lasso-path.ts';

// scikit-learn lars_path + SURE / GCV in numpy, written by scripts/fixtures/lambda_lars_path.py
const F = JSON.parse(readFileSync(new URL('../fixtures/lambda_lars_path.json', import.meta.url), 'utf8'));
const A = { rows: F.m, cols: F.n, data: Float64Array.from(F.A) };
const y = Float64Array.from(F.y);

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / Math.max(floor, Math.abs(b[i])));
  return d;
}

describe('the exact LASSO path for the weight choice, against scikit-learn lars_path (m = 100, n = 250)', () => {
  const grid = Float64Array.from(F.grid.lambda);
  const g = lassoGridPath(A, y, grid);
  it('every knot: the same weights, residual norms and support sizes', () => {
    assert.ok(g.complete);
    assert.equal(g.knots.length, F.knots.lambda.length);
    assert.ok(maxRel(g.knots.map((k) => k.lambda), F.knots.lambda) < 1e-8);
    assert.deepEqual(
      g.knots.map((k) => k.df),
      F.knots.df,
    );
    assert.ok(maxRel(g.knots.map((k) => k.residualNorm), F.knots.residual_norm) < 1e-8);
  });
  it('the criterion curve at the knots: SURE and GCV to 1e-8 relative, the same minimum and support', () => {
    for (const rule of ['sure', 'gcv'] as const) {
      const c = knotCriterion(g.knots, rule, F.m, F.sigma);
      const ref = F.knots[rule] as (number | null)[];
      // GCV is infinite where df = m (the last knot; null in the fixture): equal there, relative elsewhere
      const fin = ref.map((v, i) => (v !== null ? i : -1)).filter((i) => i >= 0);
      assert.ok(maxRel(fin.map((i) => c.values[i]), fin.map((i) => ref[i] as number)) < 1e-8, rule);
      for (let i = 0; i < ref.length; i++) if (ref[i] === null) assert.equal(c.values[i], Infinity);
      assert.equal(c.index, F[rule].knot_index, rule);
      assert.ok(Math.abs(g.knots[c.index].lambda / F[rule].knot_lambda - 1) < 1e-8, rule);
      assert.deepEqual(Array.from(g.knots[c.index].index), F[rule].knot_support, rule);
    }
  });
  it('the grid by interpolation between knots: residuals, df and the criteria', () => {
    const rn = g.xs.map((x) => {
      let s = 0;
      for (let i = 0; i < F.m; i++) {
        let f = 0;
        for (let j = 0; j < F.n; j++) f += A.data[i * F.n + j] * x[j];
        s += (y[i] - f) ** 2;
      }
      return Math.sqrt(s);
    });
    assert.ok(maxRel(rn, F.grid.residual_norm) < 1e-8);
    assert.deepEqual(
      g.xs.map((x) => x.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0)),
      F.grid.df,
    );
  });
});

describe('chooseLassoLambda on the exact path: the choice against scikit-learn and against the coordinate-descent path', () => {
  for (const rule of ['sure', 'gcv'] as const) {
    it(`${rule}: the grid choice and its refinement to 1e-8, the knot minimum reported with its support`, () => {
      const c = chooseLassoLambda(A, y, { rule, noiseStd: F.sigma, stopAfter: Infinity });
      const ref = F[rule];
      assert.equal(c.position.index, ref.grid_index);
      assert.equal(c.refined, ref.refined);
      assert.ok(Math.abs(c.lambda / ref.lambda - 1) < 1e-8, `${c.lambda} vs ${ref.lambda}`);
      const gref = F.grid[rule] as (number | null)[];
      assert.deepEqual(
        c.path.map((p) => p.criterion === null),
        gref.map((v) => v === null),
      );
      const fin = gref.map((v, i) => (v !== null ? i : -1)).filter((i) => i >= 0);
      assert.ok(maxRel(fin.map((i) => c.path[i].criterion as number), fin.map((i) => gref[i] as number)) < 1e-8);
      const e = c.exactPath;
      assert.ok(e);
      assert.equal(e.knots.length, F.knots.lambda.length);
      assert.ok(e.minimum);
      assert.equal(e.minimum.index, ref.knot_index);
      assert.ok(Math.abs(e.minimum.lambda / ref.knot_lambda - 1) < 1e-8);
      assert.deepEqual(e.minimum.support, ref.knot_support);
      assert.match(e.method, /^l1 homotopy/);
      assert.equal(e.events, F.knots.lambda.length - 1);
      // stopped 3 grid points past the minimum (SURE's default is 8): the same choice and knot
      // minimum, the path followed only down to the last grid weight solved
      const s = chooseLassoLambda(A, y, { rule, noiseStd: F.sigma, stopAfter: 3 });
      assert.equal(s.lambda, c.lambda);
      assert.equal(s.path.length, ref.grid_index + 4);
      assert.deepEqual(s.position, c.position);
      assert.ok(s.exactPath?.minimum);
      const last = s.path[s.path.length - 1].lambda;
      // SURE's knot minimum is near its grid minimum; GCV's falls again near df = m (above), past the stop
      if (rule === 'sure') assert.deepEqual(s.exactPath.minimum, e.minimum);
      else assert.ok(s.exactPath.minimum.lambda > last && e.minimum.lambda < last);
      assert.ok(s.exactPath.knots.length < e.knots.length);
      assert.ok(s.exactPath.knots.at(-2)!.lambda > last && s.exactPath.knots.at(-1)!.lambda <= last);
      // the warm-started coordinate-descent path (tolerance 1e-12) chooses the same weight; on a
      // grid down to 1e-2 lambda_max (30 weights): its tail near df = m takes CD minutes
      const short = { rule, noiseStd: F.sigma, count: 30, ratio: 1e-2 };
      const ex = chooseLassoLambda(A, y, short);
      const cd = chooseLassoLambda(A, y, { ...short, solver: 'cd', tol: 1e-12 });
      assert.equal(cd.exactPath, undefined);
      assert.equal(cd.position.index, ex.position.index);
      assert.ok(Math.abs(cd.lambda / ex.lambda - 1) < 1e-9, `${cd.lambda} vs ${ex.lambda}`);
      assert.ok(maxRel(cd.path.map((p) => p.residualNorm), ex.path.map((p) => p.residualNorm)) < 1e-8);
    });
  }
});

describe('chooseLassoLambda: where the path stops by default', () => {
  // m = 160 >= 150: SURE stops 8 grid points past its running minimum while the support there is
  // at most m / 2 = 80; the discrepancy principle at its first crossing
  function problemWith(k: number) {
    const m = 160;
    const n = 400;
    const rng = createRng(5, 0);
    const G = gaussianMatrix(m, n, rng);
    const x0 = rng.sparseVector(n, k, 'signed', new Float64Array(n));
    const b = gemv(G, x0, new Float64Array(m));
    const e = rng.fillNormal(new Float64Array(m), 0, 0.05);
    for (let i = 0; i < m; i++) b[i] += e[i];
    return { G, b };
  }
  it('SURE, a sparse signal (k = 10): stopped 8 past the minimum, the whole grid choice, grid and note say where', () => {
    const { G, b } = problemWith(10);
    const c = chooseLassoLambda(G, b, { rule: 'sure', noiseStd: 0.05 });
    const all = chooseLassoLambda(G, b, { rule: 'sure', noiseStd: 0.05, stopAfter: Infinity });
    assert.deepEqual(c.position, all.position);
    assert.equal(c.lambda, all.lambda);
    assert.ok((c.path[c.position.index].df as number) <= 80);
    assert.equal(c.path.length, c.position.index + 9);
    assert.deepEqual(c.grid, { points: 50, solved: c.path.length, stoppedAt: c.path.at(-1)!.lambda, stopAfter: 8 });
    assert.deepEqual(all.grid, { points: 50, solved: 50, stoppedAt: null, stopAfter: null });
    assert.match(c.notes[0], /^the path stopped at lambda = \S+, 8 grid points past the criterion's running minimum \(stopAfter 8\)/);
    // the figure says so too: every note in full (wrapped, not cut), the grid's size and the points solved
    const svg = lambdaChoiceSvg(c);
    const text = [...svg.matchAll(/<text x="10" y="[\d.]+" font-size="10">([^<]*)<\/text>/g)].map((t) => t[1]).join('\n').replaceAll('\n  ', ' ').replaceAll('&#39;', "'");
    assert.ok(text.includes(c.notes[0]), text);
    assert.ok(text.includes(`grid: 50 points (${c.path.length} solved: the path stopped early)`), text);
    for (const t of svg.matchAll(/<text x="10" y="[\d.]+" font-size="10">([^<]*)<\/text>/g)) assert.ok(t[1].replaceAll('&#39;', "'").length <= 120, t[1]);
    const height = Number(/^<svg [^>]* height="(\d+)"/.exec(svg)?.[1]);
    const lastY = Math.max(...[...svg.matchAll(/<text x="10" y="([\d.]+)"/g)].map((t) => Number(t[1])));
    assert.ok(lastY < height, `${lastY} vs ${height}`);
  });
  it('SURE, a dense signal (k = 60): the minimum has df > m / 2, so the whole grid is walked, and a note says why', () => {
    const { G, b } = problemWith(60);
    const c = chooseLassoLambda(G, b, { rule: 'sure', noiseStd: 0.05 });
    const i = c.position.index;
    assert.ok((c.path[i].df as number) > 80);
    assert.equal(c.path.length, 50);
    assert.equal(c.grid.stoppedAt, null);
    assert.ok(
      c.notes.includes(
        `the path walked the whole grid: at its running minimum (lambda = ${c.path[i].lambda.toPrecision(3)}) the df, ${c.path[i].df}, is above 80 (stopMaxDf), where the criterion can fall again far down the path (a later minimum with df at most 80 would stop it 8 grid points past)`,
      ),
      c.notes.join('; '),
    );
    // a stop given applies without the support condition
    const s = chooseLassoLambda(G, b, { rule: 'sure', noiseStd: 0.05, stopAfter: 8 });
    assert.ok(s.path.length < 50);
  });
  it('the discrepancy principle with a noise level above the data: the largest weight, and a note that says so (not: extend the grid)', () => {
    const { G, b } = problemWith(10);
    const c = chooseLassoLambda(G, b, { rule: 'discrepancy', noiseStd: 100 });
    assert.equal(c.position.index, 0);
    assert.equal(c.path.length, 1);
    assert.ok(
      c.notes.includes(`the residual is already at or below sigma sqrt(m) at the grid's largest lambda (${c.path[0].lambda.toPrecision(3)}): the data are within the noise level given of the most regularised fit (check the noise level)`),
      c.notes.join('; '),
    );
    assert.ok(!c.notes.some((t) => t.includes('extend the grid')));
  });
  it('the noise estimate with very few measurements: fewer folds from m = 4, a clear refusal below', () => {
    const A3 = { rows: 3, cols: 10, data: Float64Array.from({ length: 30 }, (_, i) => Math.sin(i + 1)) };
    assert.throws(
      () => chooseLassoLambda(A3, Float64Array.of(1, 2, 3), { rule: 'sure' }),
      (e: unknown) => e instanceof CandorError && e.message === 'lassoNoiseStd: measurements m: expected at least 4 to estimate the noise by cross-validation (or give the noise level), got 3',
    );
    const A8 = { rows: 8, cols: 20, data: Float64Array.from({ length: 160 }, (_, i) => Math.sin(i + 1)) };
    const c = chooseLassoLambda(A8, Float64Array.from({ length: 8 }, (_, i) => Math.cos(i)), { rule: 'sure' });
    assert.match(c.noiseSource as string, /^estimated: 4-fold cross-validated LASSO/);
  });
  it('the discrepancy principle: the first grid weight with ||r|| <= sigma sqrt(m) ends the path, the same choice', () => {
    for (const k of [10, 60]) {
      const { G, b } = problemWith(k);
      const c = chooseLassoLambda(G, b, { rule: 'discrepancy', noiseStd: 0.05 });
      const all = chooseLassoLambda(G, b, { rule: 'discrepancy', noiseStd: 0.05, stopAfter: Infinity });
      assert.equal(c.lambda, all.lambda);
      const first = all.path.findIndex((p) => p.residualNorm <= 0.05 * Math.sqrt(160));
      assert.ok(first > 0 && first < 49);
      assert.equal(c.path.length, first + 1);
      assert.equal(c.grid.stopAfter, 0);
    }
  });
});

describe('the exact path: its event limit', () => {
  it('past maxEvents the weights are solved by coordinate descent, with a note, and the choice is the CD choice', () => {
    const short = { rule: 'gcv' as const, count: 30, ratio: 1e-2 };
    const c = chooseLassoLambda(A, y, { ...short, maxEvents: 5 });
    assert.equal(c.exactPath, undefined);
    assert.deepEqual(c.notes, ["the exact path reached its event limit (5 events) above a grid weight the rule needed: the grid's weights were solved by coordinate descent instead"]);
    const cd = chooseLassoLambda(A, y, { ...short, solver: 'cd' });
    assert.equal(c.lambda, cd.lambda);
    assert.throws(
      () => chooseLassoLambda(A, y, { ...short, maxEvents: 0 }),
      (e: unknown) => e instanceof CandorError && e.message === 'chooseLassoLambda: maxEvents: expected an integer >= 1, got 0',
    );
  });
});

describe('the exact path: bad input', () => {
  it('refuses a bad solver name, a path to a non-positive weight, no knots, SURE without a noise level', () => {
    const op = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) };
    assert.throws(
      () => chooseLassoLambda(op, Float64Array.of(1, 2), { rule: 'gcv', solver: 'lars' as 'cd' }),
      (e: unknown) => e instanceof CandorError && e.message === "chooseLassoLambda: solver: expected 'homotopy', 'cd' or 'fista', got lars",
    );
    assert.throws(
      () => walkLassoPath(op, Float64Array.of(1, 2), 0, () => true),
      (e: unknown) => e instanceof CandorError && e.message === 'walkLassoPath: smallest: expected a finite number > 0, got 0',
    );
    assert.throws(
      () => knotCriterion([], 'sure', 2, 0.1),
      (e: unknown) => e instanceof CandorError && e.message === 'knotCriterion: knots: expected at least one knot, got 0',
    );
    assert.throws(
      () => knotCriterion(lassoGridPath(op, Float64Array.of(1, 2), Float64Array.of(2, 1, 0.5)).knots, 'sure', 2, null),
      (e: unknown) => e instanceof CandorError && e.message === 'knotCriterion: noise level: expected a noise std > 0 for SURE, got null',
    );
  });
  it('the grid cursor: the grid path one weight at a time; a bad grid, an index out of order and a closed cursor are refused', () => {
    const op = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) };
    const y2 = Float64Array.of(1, 2);
    const grid = Float64Array.from(F.grid.lambda);
    const whole = lassoGridPath(A, y, grid);
    const c = new LassoGridCursor(A, y, grid);
    for (const i of [0, 1, 2, 3]) assert.deepEqual(Array.from(c.at(i) as Float64Array), Array.from(whole.xs[i]));
    assert.throws(
      () => c.at(5),
      (e: unknown) => e instanceof CandorError && e.message === 'LassoGridCursor.at: grid index: expected the next one, 4, got 5',
    );
    c.close();
    assert.throws(
      () => c.at(4),
      (e: unknown) => e instanceof CandorError && e.message === 'LassoGridCursor.at: cursor: expected an open cursor (close() released its workspace), got closed before grid index 4',
    );
    const d = new LassoGridCursor(op, y2, Float64Array.of(2, 1));
    d.at(0);
    d.at(1);
    assert.throws(
      () => d.at(2),
      (e: unknown) => e instanceof CandorError && e.message === 'LassoGridCursor.at: grid index: expected none: all 2 were visited, got 2',
    );
    const bad: [Float64Array, string][] = [
      [Float64Array.of(1, 2, 0.5), 'lambdas: expected a strictly decreasing grid, got lambdas[0] = 1, lambdas[1] = 2'],
      [Float64Array.of(1, 1, 0.5), 'lambdas: expected a strictly decreasing grid, got lambdas[0] = 1, lambdas[1] = 1'],
      [Float64Array.of(2, Number.NaN, 0.5), 'lambdas[1]: expected a finite number > 0, got NaN'],
      [Float64Array.of(2, 1, 0), 'lambdas[2]: expected a finite number > 0, got 0'],
      [new Float64Array(0), 'lambdas: expected a non-empty Float64Array, got Float64Array of length 0'],
    ];
    for (const [g, msg] of bad) {
      assert.throws(
        () => new LassoGridCursor(op, y2, g),
        (e: unknown) => e instanceof CandorError && e.message === `LassoGridCursor: ${msg}`,
      );
    }
  });
  it('an early stop releases the path: the walk ends at the knot that asks', () => {
    let seen = 0;
    const r = walkLassoPath(A, y, 1e-3 * F.knots.lambda[0], () => ++seen < 5);
    assert.equal(seen, 5);
    assert.equal(r.complete, true);
    // and the next path (same workspace size) is whole
    assert.equal(lassoGridPath(A, y, Float64Array.from(F.grid.lambda)).knots.length, F.knots.lambda.length);
  });
});
