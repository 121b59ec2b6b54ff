/**
 * Bad input to the greedy solvers gets a CandorError with an exact message:
 * y length, k > rows, k > cols, missing k, NaN in A or y, complex data, bad options.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partialDft1 } from '../../src/linops/fourier.ts';
import { cosamp } from '../../src/solvers/cosamp.ts';
import { htp } from '../../src/solvers/htp.ts';
import { iht, niht } from '../../src/solvers/iht.ts';
import { omp } from '../../src/solvers/omp.ts';
import type { DenseLike } from '../../src/solvers/problem.ts';
import { subspacePursuit } from '../../src/solvers/subspace-pursuit.ts';
import type { SolverResult } from '../../src/solvers/types.ts';

type Solve = (A: Parameters<typeof omp>[0], y: Float64Array, opts: Record<string, unknown>) => SolverResult;
const solvers: [string, Solve][] = [
  ['omp', omp as Solve],
  ['cosamp', cosamp as unknown as Solve],
  ['subspacePursuit', subspacePursuit as unknown as Solve],
  ['iht', iht as unknown as Solve],
  ['niht', niht as unknown as Solve],
  ['htp', htp as unknown as Solve],
];

function mat(m: number, n: number): DenseLike {
  const data = new Float64Array(m * n);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(1 + i * 0.7);
  return { rows: m, cols: n, data };
}

function throwsExactly(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: Error) => {
    assert.equal(e.name, 'CandorError');
    assert.equal(e.message, message);
    return true;
  });
}

describe('greedy solvers reject bad input with exact messages', () => {
  const A = mat(6, 10);
  for (const [name, solve] of solvers) {
    it(`${name}: y length, k > rows, k > cols, NaN in A and y, complex data`, () => {
      throwsExactly(
        () => solve(A, new Float64Array(5), { k: 2 }),
        `${name}: y length: expected 6 (rows of A), got 5`,
      );
      throwsExactly(
        () => solve(A, new Float64Array(6), { k: 7 }),
        `${name}: k: expected an integer <= rows of A (6), got 7`,
      );
      throwsExactly(
        () => solve(mat(10, 4), new Float64Array(10), { k: 5 }),
        `${name}: k: expected an integer <= cols of A (4), got 5`,
      );
      throwsExactly(
        () => solve(A, new Float64Array(6), { k: 0 }),
        `${name}: k: expected an integer >= 1, got 0`,
      );
      throwsExactly(
        () => solve(A, new Float64Array(6), { k: 1.5 }),
        `${name}: k: expected an integer >= 1, got 1.5`,
      );
      const bad = mat(6, 10);
      bad.data[13] = Number.NaN;
      throwsExactly(
        () => solve(bad, new Float64Array(6), { k: 2 }),
        `${name}: A: expected finite values, got NaN at index 13`,
      );
      const y = new Float64Array(6);
      y[4] = Number.POSITIVE_INFINITY;
      throwsExactly(
        () => solve(A, y, { k: 2 }),
        `${name}: y: expected finite values, got Infinity at index 4`,
      );
      const F = partialDft1(16, [0, 3, 5, 9]);
      throwsExactly(
        () => solve(F, new Float64Array(8), { k: 2 }),
        `${name}: data: expected real A and y (this solver is real-only), got complex operator ${F.name}`,
      );
      throwsExactly(
        () => solve(A, new Float64Array(6), { k: 2, maxIter: -1 }),
        `${name}: maxIter: expected an integer >= 0, got -1`,
      );
      throwsExactly(
        () => solve(A, new Float64Array(6), { k: 2, residualTol: -1 }),
        `${name}: residualTol: expected a finite number >= 0, got -1`,
      );
    });
  }
  it('k is required by the k-sparse solvers (optional for omp)', () => {
    for (const [name, solve] of solvers.slice(1)) {
      throwsExactly(
        () => solve(A, new Float64Array(6), {}),
        `${name}: k: expected an integer >= 1, got undefined`,
      );
    }
    assert.doesNotThrow(() => omp(A, new Float64Array(6)));
  });
  it('solver-specific options', () => {
    const y = new Float64Array(6);
    throwsExactly(
      () => omp(A, y, { x0: new Float64Array(10) }),
      'omp: x0: expected undefined (OMP starts from x = 0), got Float64Array of length 10',
    );
    throwsExactly(
      () => omp(A, y, { tol: 1e-6 }),
      'omp: tol: expected undefined (OMP stops on k, residualTol or zeroTol), got 0.000001',
    );
    throwsExactly(
      () => htp(A, y, { k: 2, step: 0 }),
      "htp: step: expected a positive finite number or 'normalized', got 0",
    );
    throwsExactly(
      () => htp(A, y, { k: 2, step: 'big' as unknown as number }),
      'htp: step: expected a positive finite number or \'normalized\', got "big"',
    );
    throwsExactly(
      () => iht(A, y, { k: 2, step: Number.NaN }),
      'iht: step: expected a positive finite number, got NaN',
    );
    throwsExactly(() => iht(A, y, { k: 2, seed: -1 }), 'iht: seed: expected an integer >= 0, got -1');
    throwsExactly(() => niht(A, y, { k: 2, c: 1 }), 'niht: c: expected a number in (0, 1), got 1');
    throwsExactly(
      () => niht(A, y, { k: 2, kappa: 1 }),
      'niht: kappa: expected a finite number > 1/(1 - c) = 1.0101010101010102, got 1',
    );
    throwsExactly(
      () => cosamp(A, y, { k: 2, x0: new Float64Array(3) }),
      'cosamp: x0: expected a Float64Array of length 10 (columns of A), got Float64Array of length 3',
    );
  });
});
