import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gemv } from '../../src/core/dense/gemv.ts';
import { checkFinite, firstNonFinite } from '../../src/core/errors.ts';
import { parseSpec } from '../../src/experiments/spec.ts';
import { generateTrial } from '../../src/experiments/trial.ts';

describe('trial generation', () => {
  it('y = A x0 over the support is bit-identical to the dense gemv (every m mod 4, every signal model)', () => {
    // m = 100, 37, 51, 10 cover the four row remainders of gemv's four-row blocks
    const cases = [
      [200, 0.5, 0.2, 'signed'],
      [101, 0.37, 0.3, 'gaussian'],
      [57, 0.9, 0.5, 'gaussian'],
      [33, 0.3, 0.9, 'nonneg'],
    ] as const;
    for (const [n, delta, rho, signal] of cases) {
      const s = parseSpec({ n, delta: [delta], rho: [rho], trials: 20, seed: 3, solver: 'bp-homotopy', signal });
      for (let t = 0; t < 20; t++) {
        const T = generateTrial(s, s.cells[0], t);
        assert.ok(T.matrix);
        const ref = gemv(T.matrix, T.x0, new Float64Array(T.y.length));
        for (let i = 0; i < ref.length; i++) assert.ok(Object.is(ref[i], T.y[i]), `n=${n} trial ${t} row ${i}: ${T.y[i]} vs gemv ${ref[i]}`);
      }
    }
  });
});

describe('firstNonFinite', () => {
  it('finds the first NaN or Infinity of a Float64Array at any position (past the four-way sum), and -1 when all are finite', () => {
    for (const len of [1, 3, 4, 5, 8, 1001]) {
      const x = new Float64Array(len).map((_, i) => (i % 2 ? -1.5e308 : 1e-300 * i));
      assert.equal(firstNonFinite(x), -1);
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        for (const at of [0, len >> 1, len - 1]) {
          const y = x.slice();
          y[at] = bad;
          if (at + 1 < len) y[len - 1] = Number.NaN; // a later bad entry must not be reported first
          assert.equal(firstNonFinite(y), at, `len ${len}, ${bad} at ${at}`);
        }
      }
    }
    assert.equal(firstNonFinite([1, Number.NaN]), 1);
    assert.throws(() => checkFinite('f', 'x', Float64Array.of(0, 1, Number.POSITIVE_INFINITY)), {
      message: 'f: x: expected finite values, got Infinity at index 2',
    });
  });
});
