/**
 * The calling convention, checked on every solver at once: a callback stop and an abort report
 * their stop reason with the last iterate's objective and residual; xTrue fills history.error; bad
 * common options are refused.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { gemv } from '../../src/core/dense/gemv.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { l1 } from '../../src/prox/l1.ts';
import * as S from '../../src/solvers/index.ts';
import type { CommonOptions, SolverResult } from '../../src/solvers/types.ts';

const rng = createRng(77);
const A = gaussianMatrix(32, 64, rng);
const x0 = rng.sparseVector(64, 4, 'signed', new Float64Array(64));
const y = gemv(A, x0, new Float64Array(32));

const solvers: [string, (o: CommonOptions) => SolverResult][] = [
  ['omp', (o) => S.omp(A, y, { k: 4, ...o })],
  ['cosamp', (o) => S.cosamp(A, y, { k: 4, ...o })],
  ['subspacePursuit', (o) => S.subspacePursuit(A, y, { k: 4, ...o })],
  ['iht', (o) => S.iht(A, y, { k: 4, ...o })],
  ['niht', (o) => S.niht(A, y, { k: 4, ...o })],
  ['htp', (o) => S.htp(A, y, { k: 4, ...o })],
  ['amp', (o) => S.amp(A, y, o)],
  ['fista', (o) => S.fista(A, y, l1(), { lambda: 1e-3, ...o })],
  ['ista', (o) => S.ista(A, y, l1(), { lambda: 1e-3, ...o })],
  ['lassoCD', (o) => S.lassoCD(A, y, { lambda: 1e-3, ...o })],
  ['bpdn', (o) => S.bpdn(A, y, { sigma: 0, ...o })],
  ['admm', (o) => S.admm(A, y, o)],
  ['chambollePock', (o) => S.chambollePock(A, y, { lambda: 1e-3, ...o })],
  ['bpLP', (o) => S.bpLP(A, y, o)],
  ['bpHomotopy', (o) => S.bpHomotopy(A, y, o)],
  ['lassoHomotopy', (o) => S.lassoHomotopy(A, y, { lambda: 1e-3, ...o })],
];

before(async () => {
  await S.initHighs();
});

describe('every solver follows the calling convention', () => {
  for (const [name, run] of solvers) {
    it(`${name}: a callback stop reports 'callback' with the last iterate's objective and residual`, () => {
      const r = run({ onIterate: () => false });
      assert.equal(r.stopReason, 'callback');
      assert.equal(r.converged, false);
      assert.equal(r.objective, r.history.objective.at(-1));
      assert.equal(r.residualNorm, r.history.residualNorm.at(-1));
    });
    it(`${name}: an AbortSignal stops it with 'aborted'; xTrue fills history.error`, () => {
      const ac = new AbortController();
      const r = run({ signal: ac.signal, xTrue: x0, onIterate: () => ac.abort() });
      assert.equal(r.stopReason, 'aborted');
      assert.equal(r.history.error.length, r.history.objective.length);
      assert.ok(r.history.error.every(Number.isFinite));
      const pre = new AbortController();
      pre.abort();
      assert.equal(run({ signal: pre.signal }).stopReason, 'aborted');
    });
    it(`${name}: bad common options are refused with the option named`, () => {
      assert.throws(() => run({ historyEvery: -1 }), (e: unknown) => (e as Error).message.endsWith(': historyEvery: expected an integer >= 0, got -1'));
      assert.throws(() => run({ onIterate: 'x' as never }), (e: unknown) => (e as Error).message.endsWith(': onIterate: expected a function (iterate) => boolean | void, got "x"'));
    });
  }
});
