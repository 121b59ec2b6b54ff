import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSpec } from '../../src/experiments/spec.ts';

describe('sweep specs', () => {
  it('expands grids into cells with m = round(delta n), k = max(1, round(rho m))', () => {
    const s = parseSpec({ n: 200, delta: { from: 0.1, to: 0.9, count: 3 }, rho: [0.05, 0.5], trials: 2 });
    assert.deepEqual(s.delta, [0.1, 0.5, 0.9]);
    assert.equal(s.cells.length, 6);
    assert.deepEqual(
      s.cells.map((c) => [c.index, c.m, c.k]),
      [
        [0, 20, 1],
        [1, 20, 10],
        [2, 100, 5],
        [3, 100, 50],
        [4, 180, 9],
        [5, 180, 90],
      ],
    );
    assert.equal(s.ensemble, 'gaussian');
    assert.equal(s.solver.name, 'bp-homotopy');
  });
  it('without delta or rho a sweep gets the documented 15 x 15 grid over [0.05, 0.95]', () => {
    const s = parseSpec({});
    const want = Array.from({ length: 15 }, (_, t) => Math.round((0.05 + (0.9 * t) / 14) * 1e12) / 1e12);
    assert.deepEqual(s.delta, want);
    assert.deepEqual(s.rho, want);
    assert.equal(s.delta[0], 0.05);
    assert.equal(s.delta[14], 0.95);
    assert.equal(s.cells.length, 225);
    // n = 200, trials = 20: the docs/cli.md example runs 4500 trials
    assert.equal(s.n, 200);
    assert.equal(s.trials, 20);
    // one grid given, the other defaulted
    const d = parseSpec({ n: 100, delta: [0.5] });
    assert.deepEqual(d.delta, [0.5]);
    assert.deepEqual(d.rho, want);
    assert.deepEqual(
      d.cells.slice(0, 3).map((c) => [c.m, c.k]),
      [
        [50, 3],
        [50, 6],
        [50, 9],
      ],
    );
  });
  it('reads YAML and JSON text, and flags override fields', () => {
    const y = parseSpec('ensemble: partial-dct\nn: 64\ndelta: [0.5]\nrho: [0.2]\ntrials: 3\n', { trials: 7 });
    assert.equal(y.ensemble, 'partial-dct');
    assert.equal(y.trials, 7);
    const j = parseSpec('{"n": 32, "delta": [0.5], "rho": [0.25], "signal": "nonneg"}');
    assert.equal(j.signal, 'nonneg');
  });
  const bad: [string, unknown, string][] = [
    ['unknown ensemble', { ensemble: 'fourier', delta: [0.5], rho: [0.1] }, 'sweep spec: field ensemble: expected one of gaussian, rademacher, partial-dct, partial-real-fourier, partial-fourier, partial-hadamard, got "fourier"'],
    ['a name of an earlier release (new specs)', { ensemble: 'hadamard', n: 64, delta: [0.5], rho: [0.1] }, 'sweep spec: field ensemble: expected one of gaussian, rademacher, partial-dct, partial-real-fourier, partial-fourier, partial-hadamard, got "hadamard"'],
    ['a complex ensemble for a real-only solver', { ensemble: 'partial-fourier', delta: [0.5], rho: [0.1] }, 'sweep spec: field solver.name: expected a solver for complex measurements with ensemble partial-fourier (or ensemble partial-real-fourier for real ones), got "bp-homotopy" (real data only)'],
    ['n not a power of two for Hadamard rows', { ensemble: 'partial-hadamard', n: 100, delta: [0.5], rho: [0.1] }, 'sweep spec: field n: expected a power of two for partial-hadamard (for example 64 or 128), got 100'],
    ['unknown solver', { solver: 'lars', delta: [0.5], rho: [0.1] }, 'sweep spec: field solver.name: expected one of bp-homotopy, bp-lp, spgl1, admm, chambolle-pock, fista, ista, lasso-cd, omp, cosamp, subspace-pursuit, iht, niht, htp, amp, got "lars"'],
    ['unknown solver option', { solver: { name: 'omp', options: { iters: 5 } }, delta: [0.5], rho: [0.1] }, 'sweep spec: field solver.options.iters: expected one of maxIter, tol, lambda, sigma, nonneg, got an unknown option'],
    ['a bad option value', { solver: { name: 'bp-lp', options: { maxIter: 1e12 + 0.5 } }, delta: [0.5], rho: [0.1] }, 'sweep spec: field solver.options.maxIter: expected an integer >= 1, got 1000000000000.5'],
    ['a LASSO solver without lambda', { solver: 'ista', delta: [0.5], rho: [0.1] }, 'sweep spec: field solver.options: expected a lambda (it solves the LASSO) for ista, got neither'],
    ['nonneg for a solver without the variant', { solver: { name: 'omp', options: { nonneg: true } }, delta: [0.5], rho: [0.1] }, 'sweep spec: field solver.options.nonneg: expected a solver with a nonnegative variant (bp-homotopy, bp-lp, amp), got omp'],
    ['a grid count of 1e9', { delta: { from: 0.1, to: 0.9, count: 1e9 }, rho: [0.1] }, 'sweep spec: field delta.count: expected an integer in [1, 10000], got 1000000000'],
    ['a negative grid count', { delta: { from: 0.9, to: 0.1, count: -3 }, rho: [0.1] }, 'sweep spec: field delta.count: expected an integer in [1, 10000], got -3'],
    ['too many cells', { delta: { from: 0.01, to: 1, count: 200 }, rho: { from: 0.01, to: 1, count: 200 } }, 'sweep spec: field delta and rho: expected grids of at most 10000 cells in all, got 200 x 200 = 40000 cells'],
    ['too many trials', { delta: { from: 0.1, to: 0.9, count: 100 }, rho: { from: 0.1, to: 0.9, count: 100 }, trials: 1001 }, 'sweep spec: field trials: expected at most 10000000 trials in all, got 10000 cells x 1001 = 10010000'],
    ['a solver name of an earlier release (new specs)', { solver: 'fista-lasso', delta: [0.5], rho: [0.1] }, 'sweep spec: field solver.name: expected one of bp-homotopy, bp-lp, spgl1, admm, chambolle-pock, fista, ista, lasso-cd, omp, cosamp, subspace-pursuit, iht, niht, htp, amp, got "fista-lasso"'],
    ['a matrix too large for a dense solver', { n: 100000, delta: [0.5], rho: [0.01] }, 'sweep spec: field n: expected at most 33554432 matrix entries per trial for bp-homotopy on gaussian (it needs an explicit matrix; a matrix-free solver such as spgl1 or amp runs row-subset ensembles at any n), got m x n = 50000 x 100000 = 5000000000'],
    ['empty grid', { delta: [], rho: [0.1] }, 'sweep spec: field delta: expected a non-empty grid, got an empty list'],
    ['rho outside (0, 1]', { delta: [0.5], rho: [0.1, 1.5] }, 'sweep spec: field rho[1]: expected a number in (0, 1], got 1.5'],
    ['rho = 0', { delta: [0.5], rho: { from: 0, to: 1, count: 5 } }, 'sweep spec: field rho[0]: expected a number in (0, 1], got 0'],
    ['trials < 1', { delta: [0.5], rho: [0.1], trials: 0 }, 'sweep spec: field trials: expected an integer in [1, 1000000], got 0'],
    ['grid of the wrong type', { delta: 0.5, rho: [0.1] }, 'sweep spec: field delta: expected a list of numbers in (0, 1] or { from, to, count }, got 0.5'],
    ['unknown field', { delta: [0.5], rho: [0.1], trails: 3 }, 'sweep spec: field trails: expected one of the known fields (name, ensemble, signal, solver, n, delta, rho, trials, success, seed), got an unknown field'],
    ['bad success', { delta: [0.5], rho: [0.1], success: { kind: 'exact' } }, "sweep spec: field success: expected { kind: 'relative-error', threshold } or { kind: 'support' }, got object"],
    ['bad YAML', 'n: [1, 2\n', 'sweep spec: text: expected valid JSON or YAML, got '],
  ];
  it('reads the names of earlier releases in stored sweeps (legacy: true) as their names now', () => {
    const old = parseSpec({ ensemble: 'partial-fourier', solver: 'bp-lp-nonneg', signal: 'nonneg', n: 64, delta: [0.5], rho: [0.1] }, {}, { legacy: true });
    assert.equal(old.ensemble, 'partial-real-fourier');
    assert.deepEqual(old.solver, { name: 'bp-lp', options: { nonneg: true } });
    assert.equal(parseSpec({ ensemble: 'hadamard', solver: 'fista-lasso', n: 64, delta: [0.5], rho: [0.1] }, {}, { legacy: true }).ensemble, 'partial-hadamard');
    assert.deepEqual(parseSpec({ solver: 'fista-lasso', n: 64, delta: [0.5], rho: [0.1] }, {}, { legacy: true }).solver, { name: 'fista', options: {} });
  });
  for (const [label, input, message] of bad) {
    it(`a malformed spec (${label}) gets an error naming the field`, () => {
      assert.throws(
        () => parseSpec(input),
        (e: unknown) => (e as Error).message === message || (message.endsWith('got ') && (e as Error).message.startsWith(message)),
      );
    });
  }
});
