// recover(): the library form of `candor recover` (choose, solve, certify). The recovered vector is
// checked against the truth, the LASSO result against scikit-learn's lasso_path fixture where the
// CLI tests already pin it; here: the choice, the certificate and the messages.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { gemv } from '../../src/core/dense/index.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../src/linops/index.ts';
import { initHighs } from '../../src/solvers/index.ts';
import { certifyBP, type RecoverOptions } from '../../src/theory/index.ts';
import { certifyResult, lassoKkt, recover } from '../../src/theory/index.ts';

before(() => initHighs());

function instance(m: number, n: number, k: number, seed: number) {
  const rng = createRng(seed, 0, 0);
  const A = gaussianMatrix(m, n, rng);
  const x0 = rng.sparseVector(n, k, 'signed', new Float64Array(n));
  return { A, x0, y: gemv(A, x0, new Float64Array(m)) };
}

test('basis pursuit above the transition: bp-homotopy, x0 recovered, certified unique', () => {
  const { A, x0, y } = instance(80, 200, 10, 3);
  const r = recover(A, y);
  assert.equal(r.solver, 'bp-homotopy');
  assert.equal(r.mode, 'bp');
  let e = 0;
  for (let i = 0; i < 200; i++) e = Math.max(e, Math.abs(r.x[i] - x0[i]));
  assert.ok(e < 1e-9, `max error ${e}`);
  assert.equal(r.certificate?.verdict, 'certified unique l1 minimiser');
});

test('lambda makes it the LASSO: lasso-cd on a matrix, its KKT residual small and the certificate of that kind', () => {
  const { A, y } = instance(60, 120, 8, 5);
  const r = recover(A, y, { lambda: 0.05, tol: 1e-12, maxIter: 100000 });
  assert.equal(r.solver, 'lasso-cd');
  assert.equal(r.certificate?.kind, 'lasso');
  const k = lassoKkt(A, y, r.x, 0.05);
  assert.ok((k.kktRelative as number) <= 1e-6, `KKT ${k.kktRelative}`);
  assert.equal(recover(A, y, { lambda: 0.05, certify: false }).certificate, null);
});

test('bad options name the option in the library terms', () => {
  const { A, y } = instance(20, 40, 2, 1);
  assert.throws(() => recover(A, y, { lambda: 0.1, sigma: 0.1 }), {
    message: 'recover: options.lambda and options.sigma: expected at most one of them (options.lambda: the LASSO, options.sigma: BPDN), got both',
  });
  assert.throws(() => recover(A, y, { lambda: -1 }), { message: 'recover: options.lambda: expected a finite number >= 0, got -1' });
  assert.throws(() => recover(A, y, { solver: 'cosamp', k: 0 }), { message: 'recover: options.k: expected an integer >= 1, got 0' });
  assert.throws(() => recover(A, y, { tol: Number.NaN }), { message: 'recover: options.tol: expected a finite number >= 0, got NaN' });
  assert.throws(() => recover(A, y, null), { message: 'recover: options: expected an object (or nothing), got null' });
  assert.throws(() => recover(A, y, { solver: 'cosamp' }), { message: 'recover: options.k: expected the sparsity k (cosamp keeps k entries), got none' });
  // @ts-expect-error a name outside the registry is a type error (RecoverOptions.solver is SolverName | 'auto')
  assert.throws(() => recover(A, y, { solver: 'nope' }), /^CandorError: recover: options\.solver: expected one of bp-homotopy, .*, got "nope"$|recover: options\.solver: expected one of bp-homotopy, [a-z, -]+, got "nope"$/);
});

test('a misspelled or unknown option key is refused, naming it and the options there are', () => {
  const { A, y } = instance(20, 40, 2, 1);
  const known = 'solver, lambda, sigma, k, nonneg, maxIter, tol, certify, lp';
  assert.throws(() => recover(A, y, { lamda: 0.1 } as RecoverOptions), {
    name: 'CandorError',
    message: `recover: options.lamda: expected one of the options ${known}, got an unknown option (did you mean options.lambda?)`,
  });
  assert.throws(() => recover(A, y, { maxiter: 10 } as RecoverOptions), {
    message: `recover: options.maxiter: expected one of the options ${known}, got an unknown option (did you mean options.maxIter?)`,
  });
  assert.throws(() => recover(A, y, { verbose: true } as RecoverOptions), { message: `recover: options.verbose: expected one of the options ${known}, got an unknown option` });
});

test('y = 0: x = 0, certified as the unique basis-pursuit solution (every other x has ||x||_1 > 0)', () => {
  const { A } = instance(20, 40, 2, 1);
  const zero = new Float64Array(20);
  for (const solver of ['auto', 'bp-lp', 'omp'] as const) {
    const r = recover(A, zero, { solver });
    assert.deepEqual(r.x, new Float64Array(40), solver);
    assert.equal(r.certificate?.kind, 'bp');
    assert.equal(r.certificate?.verdict, 'certified unique l1 minimiser', solver);
    if (r.certificate?.kind !== 'bp') continue;
    assert.equal(r.certificate.bp.summary, 'certified unique l1 minimiser: x^ = 0 and y = 0 (x = 0 is the only x with ||x||_1 = 0, and v = 0 certifies it: theta = 0)');
    // the certificate v = 0 is a dual certificate: A^T v = 0, strictly below 1 off the empty support
    assert.deepEqual(r.certificate.bp.certificate?.v, new Float64Array(20));
    assert.equal(r.certificate.bp.certificate?.theta, 0);
  }
});

test('x = 0 for y != 0 is not a solution of A x = y, and the certificate says so', () => {
  const { A, y } = instance(20, 40, 2, 1);
  const c = certifyBP(A, y, new Float64Array(40));
  assert.equal(c.certified, false);
  assert.equal(c.summary, 'not certified: support check failed (x^ = 0: no support, and A x^ = 0 does not fit y != 0 (relative residual 1): x^ is not a solution of A x = y)');
});

test('BPDN with ||y|| <= sigma: x = 0 is the unique solution (feasible, ||x||_1 = 0, any other x has ||x||_1 > 0) and certified; with ||y|| > sigma x = 0 is not', () => {
  const { A } = instance(20, 40, 2, 1);
  const small = new Float64Array(20);
  small[3] = 0.05;
  for (const y of [new Float64Array(20), small]) {
    const r = recover(A, y, { sigma: 0.1 });
    assert.deepEqual(r.x, new Float64Array(40));
    assert.equal(r.certificate?.kind, 'bpdn');
    assert.equal(r.certificate?.verdict, 'certified unique BPDN solution (x = 0, ||y|| <= sigma)');
    assert.equal(r.certificate?.certified, true);
    if (r.certificate?.kind !== 'bpdn') continue;
    assert.equal(r.certificate.bpdn?.feasible, true);
    assert.equal(r.certificate.bpdn?.dualityGap, 0);
    assert.equal(r.certificate.bpdn?.residualNorm, y[3]);
  }
  // x = 0 against ||y|| = 0.5 > sigma = 0.1: infeasible, so not a solution
  const big = new Float64Array(20);
  big[3] = 0.5;
  const c = certifyResult(A, big, new Float64Array(40), { mode: 'bpdn', sigma: 0.1, nonneg: false });
  assert.equal(c.verdict, 'not certified');
  assert.equal(c.certified, false);
  if (c.kind === 'bpdn') assert.equal(c.reason, 'x = 0 is not feasible: ||y|| > sigma');
  assert.equal(c.kind, 'bpdn');
});
