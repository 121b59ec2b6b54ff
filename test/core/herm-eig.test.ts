/**
 * hermEigTop (src/core/dense/herm-eig.ts) against numpy.linalg.eigh (fixture written by
 * scripts/fixtures/core_herm_eig.py): every eigenvalue, the projector onto the top-k eigenvectors
 * (basis-free, so repeated eigenvalues inside the top k do not matter), unit norm, orthogonality,
 * and the residual ||A v - lambda v||; errors for a non-Hermitian matrix.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { hermEigTop } from '../../src/core/dense/herm-eig.ts';
import { setReductionWasm } from '../../src/core/dense/herm-eig-wasm.ts';
import { createRng } from '../../src/core/rng/index.ts';

interface Case {
  name: string;
  n: number;
  k: number;
  A: number[];
  values: number[];
  projector: number[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/core_herm_eig.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('hermEigTop', () => {
  for (const c of fx.cases) {
    it(`${c.name} ${c.n}x${c.n}: eigenvalues and the top-${c.k} projector equal numpy eigh's to 1e-10 relative`, () => {
      const A = Float64Array.from(c.A);
      const r = hermEigTop(A, c.n, { count: c.k });
      const scale = Math.max(...c.values.map(Math.abs));
      for (let i = 0; i < c.n; i++) assert.ok(Math.abs(r.values[i] - c.values[i]) <= 1e-10 * scale, `value ${i}: ${r.values[i]} vs ${c.values[i]}`);
      const n = c.n;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let pr = 0;
          let pi = 0;
          for (const v of r.vectors) {
            pr += v[2 * i] * v[2 * j] + v[2 * i + 1] * v[2 * j + 1];
            pi += v[2 * i + 1] * v[2 * j] - v[2 * i] * v[2 * j + 1];
          }
          const t = 2 * (i * n + j);
          assert.ok(Math.abs(pr - c.projector[t]) <= 1e-9 && Math.abs(pi - c.projector[t + 1]) <= 1e-9, `P[${i}][${j}] = ${pr}+${pi}i vs ${c.projector[t]}+${c.projector[t + 1]}i`);
        }
      }
      for (const [q, v] of r.vectors.entries()) {
        let e = 0;
        for (let i = 0; i < n; i++) {
          let sr = 0;
          let si = 0;
          for (let j = 0; j < n; j++) {
            const ar = A[2 * (i * n + j)];
            const ai = A[2 * (i * n + j) + 1];
            sr += ar * v[2 * j] - ai * v[2 * j + 1];
            si += ar * v[2 * j + 1] + ai * v[2 * j];
          }
          e += (sr - r.values[q] * v[2 * i]) ** 2 + (si - r.values[q] * v[2 * i + 1]) ** 2;
        }
        assert.ok(Math.sqrt(e) <= 1e-10 * scale, `residual of vector ${q}: ${Math.sqrt(e)}`);
      }
    });
  }
  it('the WebAssembly passes of the reduction (n >= 32) give exactly the JavaScript loops: values and vectors bit for bit (n = 32, 97, 288, 40, 288)', () => {
    // sizes interleaved: each call's instance is its own or the one kept for its n
    for (const n of [32, 97, 288, 40, 288]) {
      const rng = createRng(n);
      const A = new Float64Array(2 * n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          const re = rng.normal();
          const im = i === j ? 0 : rng.normal();
          A[2 * (i * n + j)] = re;
          A[2 * (i * n + j) + 1] = im;
          A[2 * (j * n + i)] = re;
          A[2 * (j * n + i) + 1] = -im;
        }
      }
      const withWasm = hermEigTop(A, n, { count: 12 });
      setReductionWasm(false);
      try {
        const withJs = hermEigTop(A, n, { count: 12 });
        assert.deepEqual(withWasm.values, withJs.values, `n ${n}: values`);
        assert.deepEqual(withWasm.vectors, withJs.vectors, `n ${n}: vectors`);
      } finally {
        setReductionWasm(true);
      }
    }
  });

  it('relative: keeps the eigenvectors of lambda_i > t lambda_max (ESPIRiT threshold rule)', () => {
    const c = fx.cases[1];
    const r = hermEigTop(Float64Array.from(c.A), c.n, { relative: 1e-3 });
    const expected = c.values.filter((v) => v > 1e-3 * c.values[0]).length;
    assert.equal(r.vectors.length, expected);
  });
  it('a non-Hermitian matrix is an error naming the entries', () => {
    const A = Float64Array.of(1, 0, 2, 1, 2, 1, 3, 0);
    assert.throws(() => hermEigTop(A, 2), { message: 'hermEigTop: A: expected a Hermitian matrix (A[i][j] = conj(A[j][i])), got A[1][0] = 2+1i, A[0][1] = 2+1i' });
  });
});
