/**
 * certifyResult, the library's certificate for a reconstruction (what the CLI and the server call):
 * the certificate fits the problem kind, and its verdict and premises follow the stated rules.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { gemv } from '../../src/core/dense/gemv.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { partialDft1 } from '../../src/linops/fourier.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { bpHomotopy, lassoHomotopy } from '../../src/solvers/homotopy.ts';
import { initHighs } from '../../src/solvers/highs-runtime.ts';
import { bpdn } from '../../src/solvers/spgl1.ts';
import { certifyResult } from '../../src/theory/certify-result.ts';

describe('certifyResult', () => {
  before(async () => {
    await initHighs();
  });
  const rng = createRng(3);
  const A = gaussianMatrix(60, 128, rng);
  const x0 = rng.sparseVector(128, 6, 'signed', new Float64Array(128));
  const y = gemv(A, x0, new Float64Array(60));
  it('basis pursuit: the exact minimiser is certified unique and k-sparse', () => {
    const c = certifyResult(A, y, bpHomotopy(A, y).x, { mode: 'bp', nonneg: false, k: 6 });
    assert.equal(c.kind, 'bp');
    assert.equal(c.verdict, 'certified unique l1 minimiser');
    assert.equal(c.kind === 'bp' && c.kSparse, true);
  });
  it('the LASSO: the homotopy solution is certified unique; a perturbed x is not certified', () => {
    const x = lassoHomotopy(A, y, { lambda: 0.01 }).x;
    assert.equal(certifyResult(A, y, x, { mode: 'lasso', lambda: 0.01, nonneg: false }).verdict, 'certified unique LASSO solution');
    const bad = x.slice();
    bad[0] += 0.3;
    assert.equal(certifyResult(A, y, bad, { mode: 'lasso', lambda: 0.01, nonneg: false }).verdict, 'not certified');
  });
  it('BPDN: a feasible solution gets its conditional bound; a support larger than k fails the premise', () => {
    const sigma = 0.01;
    const x = bpdn(A, y, { sigma }).x;
    const c = certifyResult(A, y, x, { mode: 'bpdn', sigma, nonneg: false });
    assert.equal(c.kind === 'bpdn' && c.premise, 'unchecked');
    assert.equal(c.verdict, 'certified error bound (conditional on the support)');
    const f = certifyResult(A, y, x, { mode: 'bpdn', sigma, nonneg: false, k: 2 });
    assert.equal(f.kind === 'bpdn' && f.premise, 'fails');
    assert.equal(f.verdict, "feasible, no error bound certified (the bound's support premise fails)");
  });
  it('complex data: not computed, with the reason', () => {
    const F = partialDft1(16, [0, 2, 5, 7, 9, 11]);
    const yc = F.apply(new Float64Array(32).fill(0.1), new Float64Array(12));
    const c = certifyResult(F, yc, new Float64Array(32), { mode: 'bp', nonneg: false });
    assert.deepEqual(c, { kind: 'none', verdict: 'not computed', certified: false, reason: 'no BP certificate: the certificates are implemented for real A (this operator is complex)' });
  });
});
