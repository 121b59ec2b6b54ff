/**
 * The LP dual certificate by interior point (with crossover, used above m n = 2e5) against the
 * dual simplex on the same support and signs: the same optimal theta, and a valid certificate
 * (A_S^T v = s to rounding, theta recomputed from v).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { initHighs } from '../../src/solvers/highs-runtime.ts';
import { lpCertificate } from '../../src/theory/certificate-lp.ts';
import { gatherColumns } from '../../src/predict/columns.ts';
import { factorSupport } from '../../src/theory/support-factor.ts';

before(async () => {
  await initHighs();
});

describe('lpCertificate: interior point and simplex agree', () => {
  it('a 120 x 400 Gaussian matrix, k = 30 random signs: theta equal to 1e-9, both certificates valid', () => {
    const m = 120;
    const n = 400;
    const k = 30;
    const rng = createRng(77);
    const data = rng.fillNormal(new Float64Array(m * n), 0, 1 / Math.sqrt(m));
    const C = gatherColumns('test', { rows: m, cols: n, data });
    const S = new Int32Array(k);
    for (let i = 0; i < k; i++) S[i] = 13 * i + 5;
    const s = Float64Array.from({ length: k }, (_, i) => (i % 3 === 0 ? -1 : 1));
    const f = factorSupport(C, S);
    const simplex = lpCertificate('test', C, f, s, false, 'simplex');
    const ipm = lpCertificate('test', C, f, s, false, 'ipm');
    assert.ok(Math.abs(ipm.theta - simplex.theta) <= 1e-9, `theta ipm ${ipm.theta} vs simplex ${simplex.theta}`);
    for (const c of [simplex, ipm]) assert.ok(c.equalityResidual <= 1e-12, `residual ${c.equalityResidual}`);
    assert.ok(simplex.theta > 0.3 && simplex.theta < 2, `a non-trivial LP (theta ${simplex.theta})`);
  });
});
