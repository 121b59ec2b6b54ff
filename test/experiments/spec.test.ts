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
    ['unknown ensemble', { ensemble: 'fourier', delta: [0.5], rho: [0.1] }, "sweep spec: field ensemble: expected one of gaussian, rademacher, partial-dct, partial-fourier, hadamard, got \"fourier\""],
    ['empty grid', { delta: [], rho: [0.1] }, 'sweep spec: field delta: expected a non-empty grid, got an empty list'],
    ['rho outside (0, 1]', { delta: [0.5], rho: [0.1, 1.5] }, 'sweep spec: field rho[1]: expected a number in (0, 1], got 1.5'],
    ['rho = 0', { delta: [0.5], rho: { from: 0, to: 1, count: 5 } }, 'sweep spec: field rho[0]: expected a number in (0, 1], got 0'],
    ['trials < 1', { delta: [0.5], rho: [0.1], trials: 0 }, 'sweep spec: field trials: expected an integer in [1, 1000000], got 0'],
    ['grid of the wrong type', { delta: 0.5, rho: [0.1] }, 'sweep spec: field delta: expected a list of numbers in (0, 1] or { from, to, count }, got 0.5'],
    ['unknown field', { delta: [0.5], rho: [0.1], trails: 3 }, 'sweep spec: field trails: expected one of the known fields (name, ensemble, signal, solver, n, delta, rho, trials, success, seed), got an unknown field'],
    ['bad success', { delta: [0.5], rho: [0.1], success: { kind: 'exact' } }, "sweep spec: field success: expected { kind: 'relative-error', threshold } or { kind: 'support' }, got object"],
    ['bad YAML', 'n: [1, 2\n', 'sweep spec: text: expected valid JSON or YAML, got '],
  ];
  for (const [label, input, message] of bad) {
    it(`a malformed spec (${label}) gets an error naming the field`, () => {
      assert.throws(
        () => parseSpec(input),
        (e: unknown) => (e as Error).message === message || (message.endsWith('got ') && (e as Error).message.startsWith(message)),
      );
    });
  }
});
