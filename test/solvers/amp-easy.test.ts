/**
 * AMP in the easy regime of issue 3 (Gaussian N(0, 1/m), n = 256, m = 128, k = 10, Gaussian
 * amplitudes, ten seeded instances): what it achieves with each threshold policy.
 * Measured: with the minimax threshold for the known sparsity, 10/10 to <= 2e-12; with the
 * default policy (the threshold at the phase transition, no sparsity given), 9/10 to <= 7e-13 and
 * one instance that does not converge at n = 256, which AMP reports (converged: false).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { gemv } from '../../src/core/dense/gemv.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { relError } from '../../src/core/vec.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { amp } from '../../src/solvers/amp.ts';

function instances() {
  return Array.from({ length: 10 }, (_, i) => {
    const rng = createRng(2026, i + 1);
    const A = gaussianMatrix(128, 256, rng);
    const x0 = rng.sparseVector(256, 10, 'gaussian', new Float64Array(256));
    return { A, x0, y: gemv(A, x0, new Float64Array(128)) };
  });
}

it('AMP with the minimax threshold for the known sparsity recovers 10 of 10 to 1e-11', () => {
  for (const [i, { A, x0, y }] of instances().entries()) {
    const r = amp(A, y, { tol: 1e-12, maxIter: 2000, sparsity: 10 });
    assert.ok(r.converged && relError(r.x, x0) <= 1e-11, `instance ${i + 1}: ${r.stopReason}, error ${relError(r.x, x0)}`);
  }
});

it('AMP with the default (transition) threshold recovers at least 9 of 10 and reports the others as not converged', () => {
  let ok = 0;
  for (const { A, x0, y } of instances()) {
    const r = amp(A, y, { tol: 1e-12, maxIter: 2000 });
    if (relError(r.x, x0) <= 1e-11) {
      assert.ok(r.converged);
      ok++;
    } else {
      assert.equal(r.converged, false, 'a failed recovery is never reported as converged');
      assert.ok(r.stopReason === 'max-iterations' || r.stopReason === 'diverged', r.stopReason);
    }
  }
  assert.ok(ok >= 9, `${ok}/10`);
});
