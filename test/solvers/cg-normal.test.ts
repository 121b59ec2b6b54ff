/**
 * The normal-equation solvers: CG on (A^H A + lambda I) x = A^H y against the QR least-squares
 * solution (src/core/dense/qr.ts lstsq, an independent route) and the Tikhonov normal equations
 * solved by Cholesky; FISTA on the normal operator against FISTA on A (the same iterates: both
 * are exact FISTA with step 1/L, no backtracking); the smooth-data primal-dual (Condat-Vu) against
 * the primal-dual solver with an exact data prox on a coisometric problem (same minimiser).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cholesky, choleskySolve } from '../../src/core/dense/cholesky.ts';
import { matrix } from '../../src/core/dense/matrix.ts';
import { lstsq } from '../../src/core/dense/qr.ts';
import { partialDft2 } from '../../src/linops/fourier.ts';
import { tvTerm } from '../../src/prox/dual-terms.ts';
import { l1 } from '../../src/prox/l1.ts';
import { cgNormal } from '../../src/solvers/cg.ts';
import { fista } from '../../src/solvers/fista.ts';
import { fistaNormal } from '../../src/solvers/fista-normal.ts';
import { primalDual } from '../../src/solvers/primal-dual.ts';
import { primalDualSmooth } from '../../src/solvers/primal-dual-smooth.ts';

function rand(n: number, seed: number): Float64Array {
  let s = seed;
  return new Float64Array(n).map(() => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296 - 0.5;
  });
}
const rel = (a: Float64Array, b: Float64Array) => {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return Math.sqrt(d / s);
};

describe('normal-equation solvers', () => {
  const m = 30;
  const n = 12;
  const A = matrix(m, n, rand(m * n, 7));
  const y = rand(m, 8);

  it('cgNormal: least squares equals QR lstsq to 1e-10; Tikhonov equals Cholesky of A^T A + lambda I', () => {
    const ls = lstsq(A, y, new Float64Array(n));
    const r = cgNormal(A, y, { tol: 1e-14, maxIter: 100 });
    assert.equal(r.converged, true);
    assert.ok(rel(r.x, ls) <= 1e-10, `${rel(r.x, ls)}`);
    const lambda = 0.7;
    const G = matrix(n, n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += A.data[k * n + i] * A.data[k * n + j];
        G.data[i * n + j] = s + (i === j ? lambda : 0);
      }
      for (let k = 0; k < m; k++) b[i] += A.data[k * n + i] * y[k];
    }
    const ref = choleskySolve(cholesky(G), b, new Float64Array(n));
    const t = cgNormal(A, y, { tol: 1e-14, maxIter: 100, lambda });
    assert.ok(rel(t.x, ref) <= 1e-10, `${rel(t.x, ref)}`);
    // the objective is 1/2 ||Ax - y||^2 + lambda/2 ||x||^2
    const Ax = new Float64Array(m);
    for (let k = 0; k < m; k++) for (let j = 0; j < n; j++) Ax[k] += A.data[k * n + j] * t.x[j];
    let f = 0;
    for (let k = 0; k < m; k++) f += 0.5 * (Ax[k] - y[k]) ** 2;
    for (let j = 0; j < n; j++) f += 0.5 * lambda * t.x[j] ** 2;
    assert.ok(Math.abs(t.objective - f) <= 1e-10 * f, `${t.objective} vs ${f}`);
  });

  it('fistaNormal reproduces fista (no backtracking, same L) iterate for iterate, objective included', () => {
    const L = 40;
    const a = fista(A, y, l1(), { lambda: 0.05, lipschitz: L, backtracking: false, maxIter: 50, tol: 0 });
    const b = fistaNormal(A, y, l1(), { lambda: 0.05, lipschitz: L, maxIter: 50, tol: 0 });
    assert.ok(rel(b.x, a.x) <= 1e-10, `${rel(b.x, a.x)}`);
    assert.ok(Math.abs(a.objective - b.objective) <= 1e-9 * a.objective, `${a.objective} vs ${b.objective}`);
  });

  it('primalDualSmooth reaches the TV minimiser of primalDual (exact data prox) on a Cartesian problem: iterates within 1e-5, objectives within 1e-6', () => {
    const ny = 16;
    const nx = 16;
    const mask = new Uint8Array(ny * nx).map((_, i) => (i % 3 === 0 || (i >> 4) % 8 === 4 ? 1 : 0));
    const F = partialDft2(ny, nx, mask, { centered: true });
    const x0 = new Float64Array(2 * ny * nx);
    for (let i = 4; i < 12; i++) for (let j = 5; j < 11; j++) x0[2 * (i * nx + j)] = 1;
    const yy = F.apply(x0, new Float64Array(2 * F.rows));
    const ref = primalDual(F, yy, { terms: [tvTerm(ny, nx, 0.02)], data: 'prox', maxIter: 3000, tol: 1e-12 });
    const r = primalDualSmooth(F, yy, { terms: [tvTerm(ny, nx, 0.02)], lipschitz: 1, maxIter: 3000, tol: 1e-12 });
    assert.ok(rel(r.x, ref.x) <= 1e-5, `${rel(r.x, ref.x)}`);
    assert.ok(Math.abs(r.objective - ref.objective) <= 1e-6 * ref.objective, `${r.objective} vs ${ref.objective}`);
  });

  it('bad options are errors naming the solver', () => {
    assert.throws(() => cgNormal(A, y, { lambda: -1 }), { message: 'cgNormal: lambda: expected a finite number >= 0, got -1' });
    assert.throws(() => fistaNormal(A, y, l1(), { lambda: 0.1, lipschitz: 0 }), { message: /^fistaNormal: lipschitz: expected/ });
  });
});
