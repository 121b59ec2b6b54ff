import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { svdValues } from '../../src/core/dense/svd.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { partialDft2 } from '../../src/linops/fourier.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { ripLowerBound } from '../../src/theory/rip-lower.ts';
import { close, type Dense, identityHadamard, REF } from './certify-helpers.ts';

/** Extreme eigenvalues of A_S^T A_S from the singular values of A_S (independent of symEig). */
function witnessEigs(A: Dense, S: ArrayLike<number>): { lmin: number; lmax: number } {
  const k = S.length;
  const sub = new Float64Array(A.rows * k);
  for (let i = 0; i < A.rows; i++) for (let t = 0; t < k; t++) sub[i * k + t] = A.data[i * A.cols + S[t]];
  const sv = svdValues({ rows: A.rows, cols: k, data: sub });
  return { lmin: sv[k - 1] ** 2, lmax: sv[0] ** 2 };
}

describe('theory/rip-lower: an honest lower bound on delta_k', () => {
  it('Gaussian 64 x 256, k = 8: the bound is certified by its witness, local search improves on sampling, below the union bound', () => {
    const A = gaussianMatrix(64, 256, createRng(21));
    const r = ripLowerBound(A, 8, { seed: 1, ensemble: 'gaussian', eta: 0.01 });
    const e = witnessEigs(A, r.witness.support);
    close(r.lower, Math.max(e.lmax - 1, 1 - e.lmin), 1e-12, 'lower bound from the witness');
    close(r.witness.lambdaMax, e.lmax, 1e-12, 'lambda_max');
    close(r.witness.lambdaMin, e.lmin, 1e-12, 'lambda_min');
    const sampled = ripLowerBound(A, 8, { seed: 1, iterations: 0 });
    assert.ok(r.lower > sampled.lower, `search ${r.lower} vs sampling ${sampled.lower}`);
    assert.ok(
      r.gaussianUpper !== null && r.lower < r.gaussianUpper.value,
      'lower bound below the union bound',
    );
    assert.match(r.statement, /^delta_8 >= \d\.\d{3}: a lower bound certified by the witness support/);
    assert.equal(r.deterministicUpper, null); // N(0, 1/m) columns are not unit norm
  });

  it('the Gaussian upper bound is the union bound of the rip reference values', () => {
    for (const u of REF.rip.union_bound_examples.slice(0, 1)) {
      const A = gaussianMatrix(u.m, u.n, createRng(22));
      const r = ripLowerBound(A, 2, { ensemble: 'gaussian', eta: u.eta, samples: 4, iterations: 2 });
      close(r.gaussianUpper!.value, u.delta_2k_bound_at_k1, 1e-13, 'delta_2 union bound');
    }
  });

  it('[I, H/4]: delta_2 = mu = 0.25 exactly; the search attains the deterministic bound mu_1(1)', () => {
    const A = identityHadamard();
    const r = ripLowerBound(A, 2, { seed: 3, samples: 8 });
    close(r.lower, 0.25, 1e-14, 'delta_2');
    close(r.deterministicUpper!, 0.25, 1e-14, 'mu_1(1)');
    const r4 = ripLowerBound(A, 4, { seed: 3 });
    assert.ok(r4.lower <= r4.deterministicUpper! + 1e-14, 'lower <= mu_1(3)');
  });

  it('complex partial Fourier (scaled by sqrt(n/m)): witness eigenvalues match the dense Hermitian Gram', () => {
    const n = 256;
    const m = 100;
    const mask = new Uint8Array(n);
    for (const i of createRng(23).sampleWithoutReplacement(n, m, new Int32Array(m))) mask[i] = 1;
    const F = partialDft2(16, 16, mask);
    const sc = Math.sqrt(n / m);
    const r = ripLowerBound(F, 5, { scale: sc, seed: 2 });
    // dense Hermitian Gram of the witness, through its real embedding's singular values
    const S = r.witness.support;
    const cols: Float64Array[] = [];
    for (const j of S) {
      const e = new Float64Array(2 * n);
      e[2 * j] = 1;
      cols.push(F.apply(e, new Float64Array(2 * m)).map((v) => v * sc));
    }
    const k = S.length;
    const emb = new Float64Array(2 * m * 2 * k);
    for (let t = 0; t < k; t++) {
      for (let i = 0; i < m; i++) {
        const re = cols[t][2 * i];
        const im = cols[t][2 * i + 1];
        emb[i * 2 * k + t] = re;
        emb[i * 2 * k + k + t] = -im;
        emb[(m + i) * 2 * k + t] = im;
        emb[(m + i) * 2 * k + k + t] = re;
      }
    }
    const sv = svdValues({ rows: 2 * m, cols: 2 * k, data: emb });
    close(r.witness.lambdaMax, sv[0] ** 2, 1e-12, 'lambda_max');
    close(r.witness.lambdaMin, sv[2 * k - 1] ** 2, 1e-12, 'lambda_min');
    assert.ok(r.deterministicUpper !== null && r.lower <= r.deterministicUpper + 1e-12);
  });

  it('bad input', () => {
    const A = identityHadamard();
    assert.throws(() => ripLowerBound(A, 33), {
      message: 'ripLowerBound: k: expected an integer in [1, n = 32], got 33',
    });
    assert.throws(() => ripLowerBound(A, 2, { samples: 0 }), {
      message: 'ripLowerBound: samples: expected an integer >= 1, got 0',
    });
    assert.throws(() => ripLowerBound(A, 2, { ensemble: 'gaussian', eta: 1 }), {
      message: 'ripLowerBound: eta: expected a probability in (0, 1), got 1',
    });
  });
});
