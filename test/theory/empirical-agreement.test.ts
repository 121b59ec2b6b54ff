import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { bpLP } from '../../src/solvers/bp-lp.ts';
import { initHighs } from '../../src/solvers/highs-runtime.ts';
import { successProbability } from '../../src/predict/probability.ts';
import { statdim } from '../../src/predict/statdim.ts';

/** 95% Wilson score interval for s successes in t trials. */
function wilson(s: number, t: number): [number, number] {
  const z = 1.959963984540054;
  const p = s / t;
  const den = 1 + (z * z) / t;
  const mid = (p + (z * z) / (2 * t)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / t + (z * z) / (4 * t * t))) / den;
  return [mid - half, mid + half];
}

describe('theory: predicted success probability against basis pursuit on Gaussian matrices', () => {
  before(async () => {
    await initHighs();
  });

  it('n = 200, k = 20: at m = round(n psi + c sigma), c = -2..2, 50 seeded trials each, the predictions lie in the 95% Wilson intervals', () => {
    const n = 200;
    const k = 20;
    const s = statdim({ n, k });
    const seen: string[] = [];
    for (const c of [-2, -1, 0, 1, 2]) {
      const m = Math.round(s.value + c * s.sigma);
      const predicted = successProbability({ n, k, m }).probability;
      let successes = 0;
      for (let t = 0; t < 50; t++) {
        const rng = createRng(2024, m, t);
        const A = gaussianMatrix(m, n, rng);
        const x0 = rng.sparseVector(n, k, 'signed', new Float64Array(n));
        const y = new Float64Array(m);
        for (let r = 0; r < m; r++) {
          let acc = 0;
          for (let j = 0; j < n; j++) acc += A.data[r * n + j] * x0[j];
          y[r] = acc;
        }
        const x = bpLP(A, y).x;
        let e = 0;
        for (let j = 0; j < n; j++) e += (x[j] - x0[j]) ** 2;
        if (Math.sqrt(e / k) <= 1e-5) successes++; // ||x0||_2 = sqrt(k)
      }
      const [lo, hi] = wilson(successes, 50);
      seen.push(`m=${m}: ${successes}/50, predicted ${predicted.toFixed(3)}, interval [${lo.toFixed(3)}, ${hi.toFixed(3)}]`);
      assert.ok(predicted >= lo && predicted <= hi, seen.join('; '));
    }
  });
});
