import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { gaussianMatrix, matrixOperator, rademacherMatrix } from '../../src/linops/matrix.ts';
import { matrix } from '../../src/core/dense/matrix.ts';

describe('random ensembles', () => {
  it('gaussianMatrix has entries of variance 1/m (within 5 standard errors)', () => {
    const m = 100;
    const n = 400;
    const A = gaussianMatrix(m, n, createRng(11));
    let s = 0;
    let s2 = 0;
    for (const v of A.data) {
      s += v;
      s2 += v * v;
    }
    const N = m * n;
    const varHat = s2 / N;
    // Var of the sample second moment of N(0, 1/m): 2/m^2/N
    assert.ok(Math.abs(varHat - 1 / m) < 5 * Math.sqrt(2 / N) / m, `variance ${varHat}`);
    assert.ok(Math.abs(s / N) < 5 / Math.sqrt(m * N));
  });
  it('unit-column variants have columns of norm 1 to 1e-15', () => {
    const A = gaussianMatrix(30, 50, createRng(2), { columns: 'unit' });
    for (let j = 0; j < 50; j++) {
      let q = 0;
      for (let i = 0; i < 30; i++) q += A.data[i * 50 + j] ** 2;
      assert.ok(Math.abs(q - 1) < 1e-14);
    }
    const R = rademacherMatrix(16, 8, createRng(3));
    for (const v of R.data) assert.equal(Math.abs(v), 0.25);
  });
  it('the same seed gives the same matrix, another stream a different one', () => {
    assert.deepEqual(gaussianMatrix(4, 5, createRng(9, 1)).data, gaussianMatrix(4, 5, createRng(9, 1)).data);
    assert.notDeepEqual(gaussianMatrix(4, 5, createRng(9, 1)).data, gaussianMatrix(4, 5, createRng(9, 2)).data);
  });
  it('bad input is refused with the argument named', () => {
    assert.throws(() => gaussianMatrix(0, 5, createRng(1)), { message: 'gaussianMatrix: m: expected an integer >= 1, got 0' });
    assert.throws(() => matrixOperator(matrix(1, 2, Float64Array.of(1, Number.NaN))), {
      message: 'Matrix(1x2): entries: expected finite values, got NaN at index 1',
    });
  });
});

import { opNorm, toDense } from '../../src/linops/tools.ts';
import { gradient2 } from '../../src/linops/gradient.ts';
import { dft2 } from '../../src/linops/fourier.ts';
import { svdValues } from '../../src/core/dense/svd.ts';

describe('operator norm', () => {
  it('opNorm equals the largest singular value of the dense matrix', () => {
    const A = gradient2(5, 6);
    const D = toDense(A);
    const s = svdValues({ rows: D.rows, cols: D.cols, data: D.data });
    const r = opNorm(A);
    assert.ok(r.converged);
    assert.ok(Math.abs(r.norm - s[0]) < 1e-8 * s[0], `${r.norm} vs ${s[0]}`);
  });
  it('a unitary operator has norm 1 (complex field)', () => {
    assert.ok(Math.abs(opNorm(dft2(8, 4)).norm - 1) < 1e-12);
  });
});
