import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { partialDft1 } from '../../src/linops/fourier.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { l1 } from '../../src/prox/l1.ts';
import { bpLP } from '../../src/solvers/bp-lp.ts';
import { fista } from '../../src/solvers/fista.ts';
import { initHighs } from '../../src/solvers/highs-runtime.ts';
import { certifyBP } from '../../src/theory/certify-bp.ts';
import { explain, formatNumber, formatPercent } from '../../src/theory/explain.ts';
import { plan } from '../../src/predict/plan.ts';
import { successProbability } from '../../src/predict/probability.ts';
import { fourierCoherence } from '../../src/predict/psf.ts';
import { statdim } from '../../src/predict/statdim.ts';
import { matvec, relErr } from './certify-helpers.ts';

before(async () => {
  await initHighs();
});

const n = 200;
const k = 20;

function trial(m: number, seed: number) {
  const rng = createRng(seed, m);
  const A = gaussianMatrix(m, n, rng);
  const x0 = rng.sparseVector(n, k, 'signed', new Float64Array(n));
  const y = matvec(A, x0);
  return { A, x0, y, r: bpLP(A, y) };
}

function residual(
  A: { rows: number; cols: number; data: Float64Array },
  x: Float64Array,
  y: Float64Array,
): number {
  const r = matvec(A, x);
  let d = 0;
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    d += (r[i] - y[i]) ** 2;
    s += y[i] ** 2;
  }
  return Math.sqrt(d / s);
}

function has(paragraph: string, piece: string): void {
  assert.ok(paragraph.includes(piece), `paragraph lacks ${JSON.stringify(piece)}:\n${paragraph}`);
}

/** The numbers every BP explanation claims, computed independently of explain(). */
function checkCommon(m: number, t: ReturnType<typeof trial>, e: ReturnType<typeof explain>): number {
  const paragraph = e.paragraph;
  const sd = statdim({ n, k });
  const p = successProbability({ n, k, m }).probability;
  has(paragraph, `With m = ${m} measurements of a k = ${k}-sparse signal in n = ${n} unknowns`);
  has(paragraph, `statistical dimension ${sd.value.toFixed(1)}, width ${sd.sigma.toFixed(1)}`);
  has(paragraph, `widths ${m + 0.5 < sd.value ? 'below' : 'above'} it`);
  has(paragraph, `the predicted success probability of basis pursuit is ${formatPercent(p)}`);
  // the residual sits at rounding level, where the summation order shows: compare the stated
  // value with the finding's number, and that number with an independent one to 1e-14
  const res = e.findings.find((f) => f.topic === 'residual')!.data.relativeResidual as number;
  assert.ok(Math.abs(res - residual(t.A, t.r.x, t.y)) <= 1e-14);
  has(paragraph, `||Ax - y||/||y|| is ${formatNumber(res, 2)}`);
  has(paragraph, `relative error is ${formatNumber(relErr(t.r.x, t.x0), 2)}`);
  const c = certifyBP(t.A, t.y, t.r.x, { ensemble: 'gaussian' });
  if (c.certified)
    has(paragraph, `theta = max off-support |A^T v| = ${formatNumber(c.certificate!.theta, 3)}`);
  return p;
}

describe('theory/explain: the paragraph states the numbers it claims', () => {
  it('a success far above the transition (m = 90)', () => {
    const t = trial(90, 7);
    const e = explain({ A: t.A, y: t.y, xTrue: t.x0, ensemble: 'gaussian' }, t.r);
    assert.equal(e.outcome, 'success');
    assert.equal(e.kSource, 'truth');
    checkCommon(90, t, e);
    has(e.paragraph, 'sits far above the predicted phase transition');
    has(e.paragraph, 'The dual certificate proves the reconstruction is the unique l1 minimiser');
    has(e.paragraph, 'x^ equals any k0-sparse x0 with A x0 = y when k0 <= 70');
    has(e.paragraph, 'the recovery succeeded');
    assert.ok(!e.paragraph.includes('To change the outcome'));
    // the coherence route: a dense Gaussian matrix, no guarantee at k = 20
    const coh = e.findings.find((f) => f.topic === 'coherence')!;
    has(e.paragraph, `coherence is ${formatNumber(coh.data.coherence as number, 2)} (dense Gram`);
    has(e.paragraph, 'too high for any guarantee at k = 20');
  });

  it('a failure near the transition (m = 62): the remedies give the m and the k that reach 95%', () => {
    const t = trial(62, 7);
    const e = explain({ A: t.A, y: t.y, xTrue: t.x0, ensemble: 'gaussian' }, t.r);
    assert.equal(e.outcome, 'failure');
    const p = checkCommon(62, t, e);
    assert.ok(p > 0.2 && p < 0.5);
    has(e.paragraph, 'sits near the predicted phase transition');
    has(e.paragraph, 'the recovery failed');
    const pl = plan({ n, k, target: 0.95 });
    has(
      e.paragraph,
      `with m >= ${pl.m} the predicted success rate is ${formatPercent(pl.asymptotic.probability)}`,
    );
    let kf = 0;
    for (let kk = 1; kk <= k; kk++) if (successProbability({ n, k: kk, m: 62 }).probability >= 0.95) kf = kk;
    const pk = successProbability({ n, k: kf, m: 62 }).probability;
    has(e.paragraph, `reduce k to ${kf} (predicted success ${formatPercent(pk)} at m = 62)`);
    // BP's answer is a unique l1 minimiser with |S| = m > k: it cannot be the k-sparse truth, and the text says so
    has(
      e.paragraph,
      'but it has |S| = 62 = m nonzeros while the signal is k = 20-sparse: the l1 minimiser is not the sparse signal, so basis pursuit failed.',
    );
    const cert = e.findings.find((q) => q.topic === 'certificate')!;
    assert.equal(cert.severity, 'bad');
    assert.equal(cert.data.kSparse, false);
  });

  it('a failure far below the transition (m = 30)', () => {
    const t = trial(30, 7);
    const e = explain({ A: t.A, y: t.y, xTrue: t.x0, ensemble: 'gaussian' }, t.r);
    assert.equal(e.outcome, 'failure');
    const p = checkCommon(30, t, e);
    assert.ok(p < 0.001);
    has(e.paragraph, 'sits far below the predicted phase transition');
    const sd = statdim({ n, k });
    has(e.paragraph, `${((sd.value - 30.5) / sd.sigma).toFixed(1)} widths below it`);
    has(e.paragraph, 'is <0.1%');
    has(e.paragraph, `with m >= ${plan({ n, k }).m} the predicted success rate`);
  });

  it('without the truth, k comes from the reconstruction and the outcome from the certificate', () => {
    const t = trial(90, 8);
    const e = explain({ A: t.A, y: t.y }, t.r);
    assert.equal(e.kSource, 'reconstruction');
    assert.equal(e.k, 20);
    assert.equal(e.outcome, 'certified');
    has(e.paragraph, '(The ensemble was not stated, so the Gaussian prediction is only a baseline.)');
    has(
      e.paragraph,
      '(k = 20 is the support size of the reconstruction; if the recovery failed it overstates the true k.)',
    );
  });

  it('a LASSO result gets the KKT certificate; a partial Fourier mask gets the PSF coherence and its remedy', () => {
    const t = trial(90, 9);
    const lam = 1e-3;
    const f = fista(t.A, t.y, l1(), { lambda: lam, maxIter: 20000, tol: 1e-14 });
    const e = explain({ A: t.A, y: t.y, ensemble: 'gaussian', k }, f);
    const cert = e.findings.find((q) => q.topic === 'certificate')!;
    assert.equal(cert.data.kind, 'lasso');
    has(
      e.paragraph,
      `The LASSO optimality conditions hold (KKT residual ${formatNumber(cert.data.kktRelative as number, 2)} lambda`,
    );

    const N = 128;
    const m = 24;
    const rng = createRng(10);
    const mask = new Uint8Array(N);
    for (const i of rng.sampleWithoutReplacement(N, m, new Int32Array(m))) mask[i] = 1;
    const F = partialDft1(N, mask);
    const x0 = new Float64Array(2 * N);
    for (const j of rng.sampleWithoutReplacement(N, 10, new Int32Array(10))) x0[2 * j] = 1;
    const y = F.apply(x0, new Float64Array(2 * m));
    const g = fista(F, y, l1({ complex: true }), { lambda: 1e-4, maxIter: 5000, tol: 1e-13 });
    const ef = explain(
      { A: F, y, xTrue: x0, ensemble: 'partial-fourier', fourierMask: { shape: [N], mask } },
      g,
      { successTol: 1e-2 },
    );
    const mu = fourierCoherence([N], mask).coherence;
    has(ef.paragraph, `The sampling pattern's coherence is ${formatNumber(mu, 2)} (mask PSF side lobe`);
    has(ef.paragraph, 'too high for any guarantee at k = 10');
    has(
      ef.paragraph,
      '(Gaussian baseline: the transition is universal for random supports and signs, not a guarantee for this ensemble)',
    );
    has(ef.paragraph, '(Complex data: the prediction is for real signals and serves as a baseline.)');
    // below the transition: the remedies name the measurements and the pattern's coherence
    assert.ok((ef.findings[0].data.probability as number) < 0.5);
    has(
      ef.paragraph,
      `with m >= ${plan({ n: N, k: 10, ensemble: 'partial-fourier' }).m} the predicted success rate`,
    );
    has(
      ef.paragraph,
      `a less coherent sampling pattern would be needed for a worst-case guarantee (coherence ${formatNumber(mu, 2)}`,
    );
  });

  it('bad input gets exact messages', () => {
    const t = trial(60, 11);
    const P = { A: t.A, y: t.y };
    assert.throws(() => explain({ ...P, k: 201 }, t.r), {
      message: 'explain: k: expected an integer in [1, n = 200], got 201',
    });
    assert.throws(() => explain({ ...P, k: 2.5 }, t.r), {
      message: 'explain: k: expected an integer in [1, n = 200], got 2.5',
    });
    const tall = { rows: 3, cols: 2, data: new Float64Array(6).fill(1) };
    assert.throws(() => explain({ A: tall, y: new Float64Array(3) }, { x: new Float64Array(2) }), {
      message: 'explain: A shape: expected rows <= columns (m <= n: an underdetermined system), got 3 x 2',
    });
    assert.throws(() => explain(P, { x: new Float64Array(199) }), {
      message:
        'explain: result.x: expected a Float64Array of length 200 (columns of A), got Float64Array of length 199',
    });
    const bad = Float64Array.from(t.y);
    bad[4] = Number.NaN;
    assert.throws(() => explain({ A: t.A, y: bad }, t.r), {
      message: 'explain: y: expected finite values, got NaN at index 4',
    });
    const xn = Float64Array.from(t.r.x);
    xn[7] = Number.POSITIVE_INFINITY;
    assert.throws(() => explain(P, { x: xn }), {
      message: 'explain: result.x: expected finite values, got Infinity at index 7',
    });
    assert.throws(() => explain({ ...P, target: 1.5 }, t.r), {
      message: 'explain: target: expected a probability in (0, 1), got 1.5',
    });
    assert.throws(() => explain({ ...P, signal: 'positive' as 'nonneg' }, t.r), {
      message: "explain: signal: expected 'signed' or 'nonneg', got \"positive\"",
    });
    assert.throws(() => explain(null as unknown as typeof P, t.r), {
      message: 'explain: problem: expected an object { A, y, ... }, got null',
    });
  });
});
