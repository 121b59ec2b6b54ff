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

import { drawOperator, sampleMatrix } from '../../src/linops/draw.ts';
import { partialRealFourier, realFourier } from '../../src/linops/fourier-real.ts';

describe('drawn ensembles (the catalogue, as sweeps draw them)', () => {
  it('the real Fourier basis by FFT equals its definition entry by entry (DC, cos, sin, Nyquist) to 1e-14', () => {
    for (const n of [1, 2, 7, 16]) {
      const U = toDense(realFourier(n));
      const h = Math.floor((n - 1) / 2);
      for (let r = 0; r < n; r++) {
        for (let t = 0; t < n; t++) {
          let want: number;
          if (r === 0) want = 1 / Math.sqrt(n);
          else if (r <= h) want = Math.sqrt(2 / n) * Math.cos((2 * Math.PI * r * t) / n);
          else if (r <= 2 * h) want = Math.sqrt(2 / n) * Math.sin((2 * Math.PI * (r - h) * t) / n);
          else want = (t % 2 === 0 ? 1 : -1) / Math.sqrt(n);
          assert.ok(Math.abs(U.data[r * n + t] - want) < 1e-14, `n=${n} (${r}, ${t}): ${U.data[r * n + t]} vs ${want}`);
        }
      }
    }
  });
  it('the operator form is the dense form with its rows sorted (same draws, same scale), for every real row subset', () => {
    for (const ens of ['partial-dct', 'partial-real-fourier', 'partial-hadamard']) {
      const m = 9;
      const n = 32;
      const D = sampleMatrix(ens, m, n, createRng(21, 3, 1));
      const O = drawOperator(ens, m, n, createRng(21, 3, 1), 'operator');
      const rows = createRng(21, 3, 1).sampleWithoutReplacement(n, m, new Int32Array(m));
      const order = [...rows.keys()].sort((a, b) => rows[a] - rows[b]);
      const x = new Float64Array(n).map((_, i) => Math.cos(i * 0.37) + 0.1 * i);
      const y = O.apply(x, new Float64Array(m));
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let t = 0; t < n; t++) s += D.data[order[i] * n + t] * x[t];
        assert.ok(Math.abs(y[i] - s) < 1e-12 * (1 + Math.abs(s)), `${ens} row ${i}: ${y[i]} vs ${s}`);
      }
    }
  });
  it('partial-fourier is complex: the operator form only, with unit-norm columns on average', () => {
    const O = drawOperator('partial-fourier', 8, 32, createRng(2), 'operator');
    assert.equal(O.field, 'complex');
    assert.throws(() => sampleMatrix('partial-fourier', 8, 32, createRng(2)), {
      message: 'sampleMatrix: ensemble: expected a real ensemble for a dense matrix (partial-fourier is complex: draw it with drawOperator), got "partial-fourier"',
    });
    const e = new Float64Array(64);
    e[6] = 1; // column 3, complex
    const col = O.apply(e, new Float64Array(16));
    let q = 0;
    for (const v of col) q += v * v;
    assert.ok(Math.abs(q - 1) < 1e-12, `||a_3||^2 = ${q}`); // DFT columns: exactly m/n before the sqrt(n/m) scale
  });
  it('a sampling family cannot be drawn, and Hadamard rows need a power of two', () => {
    assert.throws(() => drawOperator('variable-density', 4, 16, createRng(1), 'operator'), {
      message: 'drawOperator: ensemble: expected one of gaussian, rademacher, partial-dct, partial-real-fourier, partial-fourier, partial-hadamard, got "variable-density"',
    });
    assert.throws(() => drawOperator('partial-hadamard', 4, 24, createRng(1), 'operator'), {
      message: 'partial-hadamard ensemble: n: expected a power of two (for example 16 or 32), got 24',
    });
  });
  it('partialRealFourier rows are rows of realFourier', () => {
    const P = toDense(partialRealFourier(10, [1, 4, 9]));
    const U = toDense(realFourier(10));
    [1, 4, 9].forEach((r, i) => {
      for (let t = 0; t < 10; t++) assert.ok(Math.abs(P.data[i * 10 + t] - U.data[r * 10 + t]) < 1e-15);
    });
  });
});
