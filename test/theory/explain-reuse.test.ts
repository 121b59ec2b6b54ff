import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { bpLP } from '../../src/solvers/bp-lp.ts';
import { initHighs } from '../../src/solvers/highs-runtime.ts';
import { certifyBP } from '../../src/theory/certify-bp.ts';
import { cliWording, countNonzeros, explain } from '../../src/theory/explain.ts';
import { matvec } from './certify-helpers.ts';

before(async () => {
  await initHighs();
});

describe('explain: reuse of a computed certificate, nonzero counting, CLI wording', () => {
  it('a certificate passed in options is used as given, not recomputed', () => {
    const rng = createRng(41);
    const A = gaussianMatrix(60, 150, rng);
    const x0 = rng.sparseVector(150, 10, 'signed', new Float64Array(150));
    const y = matvec(A, x0);
    const x = bpLP(A, y).x;
    const c = certifyBP(A, y, x);
    const fresh = explain({ A, y }, { x });
    const reused = explain({ A, y }, { x }, { certificate: { bp: c } });
    assert.equal(reused.paragraph, fresh.paragraph);
    // a marked copy shows which one explain() read: its theta appears in the text
    const marked = { ...c, certificate: { ...c.certificate!, theta: 0.123456, margin: 0.876544 } };
    const e = explain({ A, y }, { x }, { certificate: { bp: marked } });
    assert.ok(e.paragraph.includes('theta = max off-support |A^T v| = 0.123, margin 0.877'), e.paragraph);
  });

  it('countNonzeros counts entries above 1e-9 max|x| (moduli for complex)', () => {
    assert.equal(countNonzeros(Float64Array.of(1, 1e-17, -2, 0, 4e-16, 3e-9)), 3);
    assert.equal(countNonzeros(Float64Array.of(1, 1e-17, -2, 0), false, 0), 3);
    assert.equal(countNonzeros(Float64Array.of(3, 4, 1e-12, 0, 0, 1), true), 2);
    assert.equal(countNonzeros(new Float64Array(4)), 0);
  });

  it("cliWording replaces certifyBP's library advice by the command line's options", () => {
    const t = 'relative residual 2e-1 > 1e-9: the data are not fit exactly on S (noisy data? use certifyBPDN or lassoKkt)';
    assert.equal(cliWording(t, 'library'), t);
    assert.equal(cliWording(t, 'cli'), 'relative residual 2e-1 > 1e-9: the data are not fit exactly on S (noisy data? give --sigma (the noise level ||e||) or --lambda)');
  });

  it('bad audience and oracleFactor get exact messages', () => {
    const A = gaussianMatrix(4, 8, createRng(1));
    const y = new Float64Array(4).fill(1);
    const x = new Float64Array(8);
    x[0] = 1;
    assert.throws(() => explain({ A, y }, { x }, { audience: 'web' as never }), { message: "explain: audience: expected 'library' or 'cli', got \"web\"" });
    assert.throws(() => explain({ A, y }, { x }, { oracleFactor: 0.5 }), { message: 'explain: oracleFactor: expected a finite number >= 1, got 0.5' });
  });
});
