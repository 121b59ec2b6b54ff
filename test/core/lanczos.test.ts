/**
 * lanczosMaxEig (src/core/dense/lanczos.ts) and opNormLanczos (src/linops/tools.ts) against
 * operators whose spectrum is known by construction: Q diag(lambda) Q^T with Q orthogonal (real)
 * and F^H diag(lambda) F with F the unitary DFT (complex Hermitian), a clustered top of the
 * spectrum where the power method is slow; the squared largest singular value of random matrices
 * (svdValues); the closed form of the 1-D difference operator's norm; exact error messages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CandorError } from '../../src/core/errors.ts';
import { lanczosMaxEig } from '../../src/core/dense/lanczos.ts';
import { gemv, matrix, powerIteration, qr, svdValues } from '../../src/core/dense/index.ts';
import { fft, ifft } from '../../src/core/fft/plan.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { gradient1 } from '../../src/linops/gradient.ts';
import { opNormLanczos } from '../../src/linops/tools.ts';

const throwsMsg = (f: () => unknown, msg: string) => assert.throws(f, (e: unknown) => e instanceof CandorError && e.message === msg);

/** lambda_i = 100 (1 - 0.001 i) for i < 20 (a cluster at the top), then 50 / (i - 18). */
function spectrum(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i < 20 ? 100 * (1 - 0.001 * i) : 50 / (i - 18)));
}

describe('lanczosMaxEig', () => {
  it('Q diag(lambda) Q^T (n = 200, top eigenvalues 100, 99.9, 99.8, ...): 100 to 1e-9 within 120 steps, inside its residual bound; 120 power steps are 1e-4 off', () => {
    const n = 200;
    const lam = spectrum(n);
    const { Q } = qr(matrix(n, n, createRng(3).fillNormal(new Float64Array(n * n))));
    const t = new Float64Array(n);
    const N = (x: Float64Array, out: Float64Array) => {
      gemv(Q, x, t, { trans: true });
      for (let i = 0; i < n; i++) t[i] *= lam[i];
      gemv(Q, t, out);
    };
    const r = lanczosMaxEig(N, n, { tol: 1e-12, maxIter: 120, seed: 1 });
    assert.ok(Math.abs(r.value - 100) <= 1e-9 * 100, `lanczos ${r.value}`);
    assert.ok(r.value <= 100 * (1 + 1e-13), 'a Ritz value never exceeds lambda_max');
    assert.ok(Math.abs(r.value - 100) <= r.residual + 1e-11);
    assert.ok(r.iterations <= 120);
    const p = powerIteration(N, n, { tol: 0, maxIter: 120, seed: 1 });
    assert.ok(100 - p.norm ** 2 > 1e-4 * 100, `power after 120 steps: ${p.norm ** 2}`);
    // without the basis (basisBytes 0: the three-term recurrence, O(n) memory): the same value, more slowly
    const t3 = lanczosMaxEig(N, n, { tol: 1e-12, maxIter: 200, seed: 1, basisBytes: 0 });
    assert.ok(Math.abs(t3.value - 100) <= 1e-9 * 100, `three-term ${t3.value}`);
    assert.ok(t3.value <= 100 * (1 + 1e-13));
  });

  it('tiny and huge operators (spectrum 1..50 times 1e-170 and 1e153): 50 x scale, no underflow to an invariant space, no overflow to NaN', () => {
    const n = 50;
    for (const sc of [1e-170, 1e153]) {
      const N = (x: Float64Array, out: Float64Array) => {
        for (let i = 0; i < n; i++) out[i] = (i + 1) * sc * x[i];
      };
      const r = lanczosMaxEig(N, n, { tol: 1e-12, maxIter: 50 });
      assert.ok(Math.abs(r.value / sc - 50) <= 1e-9 * 50, `scale ${sc}: ${r.value / sc}`);
    }
  });

  it('F^H diag(lambda) F (complex Hermitian, n = 128, unitary DFT): 100 to 1e-10', () => {
    const n = 128;
    const lam = spectrum(n);
    const t = new Float64Array(2 * n);
    const N = (x: Float64Array, out: Float64Array) => {
      fft(x, t, 'ortho');
      for (let i = 0; i < n; i++) {
        t[2 * i] *= lam[i];
        t[2 * i + 1] *= lam[i];
      }
      ifft(t, out, 'ortho');
    };
    const r = lanczosMaxEig(N, n, { complex: true, tol: 1e-13, maxIter: 200 });
    assert.ok(r.converged);
    assert.ok(Math.abs(r.value - 100) <= 1e-10 * 100, `lanczos ${r.value}`);
  });

  it('A^T A of random Gaussian matrices: sigma_max(A)^2 (svdValues) to 1e-10', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.nat(1e6), (m, n, seed) => {
        const A = matrix(m, n, createRng(seed, m, n).fillNormal(new Float64Array(m * n)));
        const t = new Float64Array(m);
        const N = (x: Float64Array, out: Float64Array) => {
          gemv(A, x, t);
          gemv(A, t, out, { trans: true });
        };
        const s1 = svdValues(A)[0];
        const r = lanczosMaxEig(N, n, { tol: 1e-13, seed });
        assert.ok(Math.abs(r.value - s1 * s1) <= 1e-10 * s1 * s1, `lanczos ${r.value} vs sigma_max^2 ${s1 * s1}`);
      }),
      { numRuns: 40, seed: 20261206 },
    );
  });

  it('the zero operator: 0, converged at once', () => {
    assert.deepEqual(lanczosMaxEig(() => {}, 5), { value: 0, residual: 0, iterations: 1, converged: true });
  });

  it('bad input: exact messages', () => {
    throwsMsg(() => lanczosMaxEig(3 as never, 3), 'lanczosMaxEig: normal: expected a function (x, out) => void, got 3');
    throwsMsg(() => lanczosMaxEig(() => {}, 0), 'lanczosMaxEig: n: expected an integer >= 1, got 0');
    throwsMsg(
      () =>
        lanczosMaxEig((_x, o) => {
          o[0] = Number.NaN;
        }, 3),
      'lanczosMaxEig: normal(x): expected finite values, got NaN at index 0 (iteration 1)',
    );
    throwsMsg(
      () =>
        lanczosMaxEig((x, o) => {
          for (let i = 0; i < 3; i++) o[i] = -x[i];
        }, 3),
      'lanczosMaxEig: normal: expected a positive semidefinite operator (A^H A), got a Ritz value -1.0000000000000002 < 0',
    );
  });
});

describe('opNormLanczos', () => {
  it('the 1-D forward difference (n = 64): 2 cos(pi / 128) to 1e-12, through A.normal and directly', () => {
    const D = gradient1(64);
    const exact = 2 * Math.cos(Math.PI / 128);
    for (const direct of [false, true]) {
      const r = opNormLanczos(D, { tol: 1e-14, direct });
      assert.ok(Math.abs(r.norm - exact) <= 1e-12, `${direct}: ${r.norm} vs ${exact}`);
      assert.ok(r.upper >= r.norm);
    }
    // not converged: no upper bound is claimed
    const short = opNormLanczos(D, { tol: 1e-14, maxIter: 2 });
    assert.equal(short.converged, false);
    assert.equal(short.upper, Number.POSITIVE_INFINITY);
  });
});
