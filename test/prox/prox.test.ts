import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CandorError } from '../../src/core/errors.ts';
import { diagonal, identity, select } from '../../src/linops/basic.ts';
import { box, l1, l1Transform, l21, l2Ball, nonneg, weightedL1, zero, type Prox } from '../../src/prox/index.ts';
import { randomVec, relDiff } from '../linops/kit.ts';

/** prox_{tau R}(x) + tau prox_{(1/tau) R^*}(x / tau) = x, with proxConj computed independently. */
function moreau(p: Prox, x: Float64Array, tau: number): number {
  const a = p.prox(x, tau, new Float64Array(x.length));
  const xs = x.map((v) => v / tau);
  const b = p.proxConj(xs, 1 / tau, new Float64Array(x.length));
  const sum = a.map((v, i) => v + tau * b[i]);
  return relDiff(sum, x);
}

/** The prox output beats random nearby points on 1/2||z - x||^2 + tau R(z). */
function isMinimiser(p: Prox, x: Float64Array, tau: number, seed: number): boolean {
  const z = p.prox(x, tau, new Float64Array(x.length));
  const f = (v: Float64Array) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += 0.5 * (v[i] - x[i]) ** 2;
    return s + tau * p.value(v);
  };
  const fz = f(z);
  for (let t = 0; t < 30; t++) {
    const d = randomVec(x.length, seed * 31 + t);
    const eps = 10 ** -(1 + (t % 4));
    const w = z.map((v, i) => v + eps * d[i]);
    const fw = f(w);
    if (Number.isFinite(fw) && fw < fz - 1e-12 * (1 + Math.abs(fz))) return false;
  }
  return true;
}

const proxes: { label: string; make: () => Prox; n: number }[] = [
  { label: 'l1 real', make: () => l1(), n: 9 },
  { label: 'l1 complex', make: () => l1({ complex: true }), n: 10 },
  { label: 'weightedL1 real', make: () => weightedL1(Float64Array.of(0, 0.5, 1, 2, 3)), n: 5 },
  { label: 'weightedL1 complex', make: () => weightedL1(Float64Array.of(0, 0.5, 1, 2), { complex: true }), n: 8 },
  { label: 'l1Transform(identity)', make: () => l1Transform(identity([6])), n: 6 },
  { label: 'l1Transform(permutation) complex', make: () => l1Transform(select([5], [4, 2, 0, 1, 3]), { complex: true }), n: 10 },
  { label: 'nonneg', make: () => nonneg(), n: 7 },
  { label: 'box', make: () => box(-0.2, 0.3), n: 7 },
  { label: 'l2Ball centred', make: () => l2Ball(0.4, Float64Array.of(0.1, -0.2, 0.3)), n: 3 },
  { label: 'l2Ball at 0', make: () => l2Ball(0.05), n: 4 },
  { label: 'l21 real', make: () => l21({ groups: 3, components: 2 }), n: 6 },
  { label: 'l21 complex', make: () => l21({ groups: 2, components: 2, complex: true }), n: 8 },
  { label: 'zero', make: () => zero(), n: 4 },
];

describe('prox operators', () => {
  for (const { label, make, n } of proxes) {
    it(`${label} satisfies Moreau's identity with an independently computed conjugate prox`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.01, max: 5, noNaN: true }), (seed, tau) => {
          const x = randomVec(n, seed).map((v) => 3 * v);
          return moreau(make(), x, tau) < 1e-13;
        }),
        { numRuns: 50, seed: 42 },
      );
    });
    it(`${label} prox minimises 1/2||z - x||^2 + tau R(z)`, () => {
      for (let s = 1; s <= 5; s++) assert.ok(isMinimiser(make(), randomVec(n, s).map((v) => 2 * v), 0.3 * s, s), `seed ${s}`);
    });
  }

  it('soft thresholding gives the textbook values, complex on the modulus', () => {
    assert.deepEqual([...l1().prox(Float64Array.of(3, -0.5, -2), 1, new Float64Array(3))], [2, 0, -1]);
    const z = l1({ complex: true }).prox(Float64Array.of(3, 4, 0.3, 0.4), 1, new Float64Array(4));
    assert.ok(relDiff(z, Float64Array.of(2.4, 3.2, 0, 0)) < 1e-15);
    assert.equal(l1({ complex: true }).value(Float64Array.of(3, 4, 0, -1)), 6);
  });

  it('withField switches a real prox to complex data and back', () => {
    const c = l1().withField(true);
    assert.equal(c.complex, true);
    assert.equal(c.value(Float64Array.of(3, 4)), 5);
    assert.throws(() => nonneg().withField(true), {
      message: 'nonneg: data: expected real vectors (nonnegativity is undefined for complex data), got complex data',
    });
  });

  it('indicators return 0 inside and Infinity outside', () => {
    assert.equal(nonneg().value(Float64Array.of(0, 1)), 0);
    assert.equal(nonneg().value(Float64Array.of(0, -1)), Infinity);
    assert.equal(l2Ball(5).value(Float64Array.of(3, 4)), 0);
    assert.equal(l2Ball(4.9).value(Float64Array.of(3, 4)), Infinity);
    assert.equal(box(0, 1).value(Float64Array.of(0.5, 1.5)), Infinity);
  });

  it('bad input gets errors naming the argument', () => {
    assert.throws(() => l1().prox(Float64Array.of(1), 0, new Float64Array(1)), { message: 'l1.prox: tau: expected a finite number > 0, got 0' });
    assert.throws(() => l1().prox(Float64Array.of(1), Number.NaN, new Float64Array(1)), { message: 'l1.prox: tau: expected a finite number > 0, got NaN' });
    assert.throws(() => l1().prox(Float64Array.of(1, 2), 1, new Float64Array(3)), { message: 'l1.prox: out length: expected 2 (the input length), got 3' });
    assert.throws(() => weightedL1(Float64Array.of(1, -1)), { message: 'weightedL1: weights[1]: expected a weight >= 0, got -1' });
    assert.throws(() => box(1, 0), { message: 'box: bounds: expected lo <= hi, got lo = 1, hi = 0' });
    assert.throws(() => l2Ball(-1), { message: 'l2Ball: radius: expected a finite number >= 0, got -1' });
    assert.throws(() => l1Transform(diagonal(Float64Array.of(1, 2))), (e: unknown) => e instanceof CandorError && e.message.startsWith("l1Transform: operator Diagonal(2): expected a unitary operator"));
  });
});
