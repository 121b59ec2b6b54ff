import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gradient2 } from '../../src/linops/gradient.ts';
import { condatTV1d, tv1d, tv2d } from '../../src/prox/tv.ts';
import { randomVec, relDiff } from '../linops/kit.ts';

/** Exact 1-D TV prox by brute force: the dual QP min ||b - lam D^T p||^2, |p| <= 1, by many projected-gradient steps. */
function tv1dReference(b: Float64Array, lam: number): Float64Array {
  const n = b.length;
  const p = new Float64Array(n - 1);
  const z = new Float64Array(n);
  for (let it = 0; it < 200000; it++) {
    // z = b - lam D^T p, with (D^T p)_i = p_{i-1} - p_i
    for (let i = 0; i < n; i++) z[i] = b[i] - lam * ((i > 0 ? p[i - 1] : 0) - (i < n - 1 ? p[i] : 0));
    let moved = 0;
    for (let i = 0; i < n - 1; i++) {
      const np = Math.max(-1, Math.min(1, p[i] + (1 / (4 * lam)) * (z[i + 1] - z[i])));
      moved = Math.max(moved, Math.abs(np - p[i]));
      p[i] = np;
    }
    if (moved < 1e-15) break;
  }
  for (let i = 0; i < n; i++) z[i] = b[i] - lam * ((i > 0 ? p[i - 1] : 0) - (i < n - 1 ? p[i] : 0));
  return z;
}

describe('total variation proxes', () => {
  it("Condat's direct 1-D algorithm matches an independent dual projected-gradient solution to 1e-10", () => {
    for (const [n, lam, seed] of [
      [8, 0.1, 1],
      [20, 0.5, 2],
      [33, 0.05, 3],
      [5, 3, 4],
    ] as const) {
      const b = randomVec(n, seed).map((v, i) => v + (i > n / 2 ? 1 : 0));
      const ref = tv1dReference(b, lam);
      const got = condatTV1d(b, lam, new Float64Array(n));
      assert.ok(relDiff(got, ref) < 1e-10, `n=${n} lam=${lam}: ${relDiff(got, ref)}`);
    }
  });

  it('tv1d on a step shrinks the jump by lambda/segment length', () => {
    const z = tv1d(4).prox(Float64Array.of(0, 0, 1, 1), 0.25, new Float64Array(4));
    assert.ok(relDiff(z, Float64Array.of(0.125, 0.125, 0.875, 0.875)) < 1e-15);
  });

  it('complex 1-D TV (FGP) agrees with Condat on real-valued complex input', () => {
    const b = randomVec(16, 7);
    const ref = condatTV1d(b, 0.2, new Float64Array(16));
    const bc = new Float64Array(32);
    for (let i = 0; i < 16; i++) bc[2 * i] = b[i];
    const z = tv1d(16, { complex: true, maxIter: 20000, tol: 1e-14 }).prox(bc, 0.2, new Float64Array(32));
    const zr = z.filter((_, i) => i % 2 === 0);
    assert.ok(relDiff(zr, ref) < 1e-7, `${relDiff(zr, ref)}`);
  });

  for (const isotropic of [true, false]) {
    it(`2-D ${isotropic ? 'isotropic' : 'anisotropic'} TV prox has a duality gap below 1e-8 relative`, () => {
      const ny = 6;
      const nx = 7;
      const b = randomVec(ny * nx, 9).map((v, i) => v + ((i % nx) > 3 ? 1 : 0));
      const tau = 0.15;
      const P = tv2d(ny, nx, { isotropic, maxIter: 20000, tol: 1e-15 });
      const z = P.prox(b, tau, new Float64Array(ny * nx));
      const primal = 0.5 * z.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) + tau * P.value(z);
      // dual value: with w = (b - z)/tau = D^T p feasible, D(w) ... use the bound
      // primal >= dual = 1/2||b||^2 - 1/2||z||^2 when z = b - tau D^T p, p feasible.
      const dual = 0.5 * b.reduce((s, v) => s + v * v, 0) - 0.5 * z.reduce((s, v) => s + v * v, 0);
      assert.ok(primal - dual >= -1e-10, 'weak duality');
      assert.ok((primal - dual) / primal < 1e-8, `gap ${(primal - dual) / primal}`);
      // TV value from the gradient operator directly
      const g = gradient2(ny, nx).apply(z, new Float64Array(2 * ny * nx));
      let tvv = 0;
      for (let i = 0; i < ny * nx; i++) tvv += isotropic ? Math.hypot(g[i], g[ny * nx + i]) : Math.abs(g[i]) + Math.abs(g[ny * nx + i]);
      assert.ok(Math.abs(tvv - P.value(z)) < 1e-12 * tvv);
    });
  }

  it('bad input: anisotropic 1-D TV and non-positive tau are refused', () => {
    assert.throws(() => tv1d(4, { isotropic: false }), { message: 'tv1d: isotropic: expected true or unset (1-D TV has one component), got false' });
    assert.throws(() => tv2d(2, 2).prox(new Float64Array(4), -1, new Float64Array(4)), { message: 'tv2d(2x2, isotropic).prox: tau: expected a finite number > 0, got -1' });
  });
});

describe("TV's conjugate prox is the projection onto {D^T p : |p| <= 1} (checked without the prox's own dual)", () => {
  for (const isotropic of [true, false]) {
    it(`${isotropic ? 'isotropic' : 'anisotropic'} 2-D: the variational inequality of a projection and the support-function bound hold`, () => {
      const ny = 5;
      const nx = 6;
      const n = ny * nx;
      const D = gradient2(ny, nx);
      const P = tv2d(ny, nx, { isotropic, maxIter: 20000, tol: 1e-15 });
      const v = randomVec(n, 31).map((t) => 4 * t);
      const w = P.proxConj(v, 0.7, new Float64Array(n));
      // any u = D^T q with q in the unit ball: <v - w, u - w> <= 0
      for (let s = 0; s < 40; s++) {
        const q = randomVec(2 * n, 100 + s);
        for (let i = 0; i < n; i++) {
          if (isotropic) {
            const r = Math.hypot(q[i], q[n + i]);
            if (r > 1) {
              q[i] /= r;
              q[n + i] /= r;
            }
          } else {
            q[i] = Math.max(-1, Math.min(1, 2 * q[i]));
            q[n + i] = Math.max(-1, Math.min(1, 2 * q[n + i]));
          }
        }
        const u = D.adjoint(q, new Float64Array(n));
        let ip = 0;
        for (let i = 0; i < n; i++) ip += (v[i] - w[i]) * (u[i] - w[i]);
        assert.ok(ip <= 1e-8, `sample ${s}: ${ip}`);
      }
      // w lies in K: <x, w> <= TV(x) for every x (TV is K's support function)
      for (let s = 0; s < 40; s++) {
        const x = randomVec(n, 500 + s);
        let ip = 0;
        for (let i = 0; i < n; i++) ip += x[i] * w[i];
        assert.ok(ip <= P.value(x) + 1e-9, `sample ${s}`);
      }
    });
  }
});
