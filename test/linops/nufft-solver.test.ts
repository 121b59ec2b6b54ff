/**
 * The NUFFT is an honest LinearOperator: an unchanged solver (FISTA with complex l1) recovers a
 * sparse image from undersampled random k-space samples through it, with the Toeplitz normal in play
 * (the power method for the step size uses A.normal) and with the direct one, to the same answer.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { nufft } from '../../src/linops/index.ts';
import { l1 } from '../../src/prox/l1.ts';
import { fista } from '../../src/solvers/fista.ts';
import { randomCoords, rel } from './nufft-helpers.ts';

it('FISTA-l1 recovers a 12-sparse 32x32 complex image from 300 random k-space samples (< 1024 unknowns) to 1e-3', () => {
  const n = 32;
  const x = new Float64Array(2 * n * n);
  const pix = [17, 100, 211, 300, 333, 480, 512, 600, 777, 850, 901, 1000];
  pix.forEach((p, i) => {
    x[2 * p] = 1 + 0.1 * i;
    x[2 * p + 1] = i % 3 === 0 ? -0.5 : 0.25;
  });
  const coords = randomCoords(300, 2, 41);
  const results = (['toeplitz', 'direct'] as const).map((normal) => {
    const A = nufft([n, n], coords, { normal });
    const y = A.apply(x, new Float64Array(2 * A.rows));
    return fista(A, y, l1({ complex: true }), { lambda: 1e-5, maxIter: 3000, tol: 1e-10 }).x;
  });
  for (const r of results) assert.ok(rel(r, x) < 1e-3, `relative error ${rel(r, x)}`);
  assert.ok(rel(results[0], results[1]) < 1e-4);
});
