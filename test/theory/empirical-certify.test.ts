import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { wilson } from '../../src/experiments/analysis.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { bpLP } from '../../src/solvers/bp-lp.ts';
import { initHighs } from '../../src/solvers/highs-runtime.ts';
import { certifyBP } from '../../src/theory/certify-bp.ts';
import { successProbability } from '../../src/predict/probability.ts';
import { statdim } from '../../src/predict/statdim.ts';
import { matvec, REF, relErr } from './certify-helpers.ts';

before(async () => {
  await initHighs();
});

const n = 200;
const k = 20;
const TRIALS = 50;

describe('theory: empirical agreement at n = 200, k = 20, with certificates on every trial', () => {
  it('the closed-form predictions equal predicted_closed_form of empirical_l1_n200 (k = 20 rows)', () => {
    const rows = REF.empirical_l1_n200.signed.filter((r: { k: number }) => r.k === k);
    assert.equal(rows.length, 5);
    for (const r of rows) {
      const p = successProbability({ n, k, m: r.m }).probability;
      assert.ok(
        Math.abs(p - r.predicted_closed_form) <= 1e-9,
        `m = ${r.m}: ${p} vs ${r.predicted_closed_form}`,
      );
    }
  });

  it('five m around the transition, 50 seeded trials each (Gaussian A, +-1 signal, bpLP): rates inside the 95% Wilson intervals; certified-and-covered exactly when successful', () => {
    const sd = statdim({ n, k });
    const report: string[] = [];
    let inside = 0;
    for (const c of [-2, -1, 0, 1, 2]) {
      const m = Math.round(sd.value + c * sd.sigma);
      const predicted = successProbability({ n, k, m }).probability;
      let successes = 0;
      let vouched = 0;
      for (let t = 0; t < TRIALS; t++) {
        const rng = createRng(4, m, t); // seed 4 = the issue number, fixed before any run
        const A = gaussianMatrix(m, n, rng);
        const x0 = rng.sparseVector(n, k, 'signed', new Float64Array(n));
        const y = matvec(A, x0);
        const x = bpLP(A, y).x;
        const ok = relErr(x, x0) <= REF.empirical_l1_n200.success_rel_l2_tol;
        if (ok) successes++;
        const cert = certifyBP(A, y, x, { ensemble: 'gaussian', xTrue: x0 });
        const covers = cert.certified && cert.truth.truth!.covered;
        if (covers) vouched++;
        // the certificate never vouches for a wrong answer, and vouches for every right one
        assert.equal(covers, ok, `m = ${m}, trial ${t}: success ${ok}, certificate ${cert.summary}`);
      }
      const [lo, hi] = wilson(successes, TRIALS);
      const inWilson = predicted >= lo && predicted <= hi;
      if (inWilson) inside++;
      report.push(
        `m = ${m}: ${successes}/${TRIALS} (certified ${vouched}), predicted ${predicted.toFixed(3)}, Wilson [${lo.toFixed(3)}, ${hi.toFixed(3)}]`,
      );
    }
    assert.equal(inside, 5, report.join('\n'));
  });
});
