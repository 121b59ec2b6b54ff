import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { bpLP } from '../../src/solvers/bp-lp.ts';
import { initHighs } from '../../src/solvers/highs-runtime.ts';
import { bpCertificate } from '../../src/theory/certificate.ts';
import { certifyBP } from '../../src/theory/certify-bp.ts';
import { babel } from '../../src/predict/coherence.ts';
import { exactRecoveryCondition } from '../../src/theory/erc.ts';
import {
  CE,
  close,
  type Dense,
  identityHadamard,
  matvec,
  partialDct16x64,
  relErr,
} from './certify-helpers.ts';

before(async () => {
  await initHighs();
});

function gaussianInstance(seed: number, m: number, n: number, k: number) {
  const rng = createRng(seed);
  const A = gaussianMatrix(m, n, rng);
  const x0 = rng.sparseVector(n, k, 'signed', new Float64Array(n));
  return { A, x0, y: matvec(A, x0) };
}

describe('theory/certificate: the partial DCT of coherence_examples', () => {
  const ref = CE.partial_dct_16x64;
  const A = partialDct16x64();

  it('S = {3, 20, 45}: ERC, least-norm certificate (theta, ||v||), LP certificate and sigma_min(A_S)', () => {
    const e = exactRecoveryCondition(A, ref.support_S);
    close(e.erc, ref.erc_value_max_j_norm1_pinv_AS_aj, 1e-12, 'ERC(S)');
    assert.equal(e.holds, false);
    close(e.sigmaMin, ref.sigma_min_AS, 1e-12, 'sigma_min(A_S)');
    const c = bpCertificate(A, ref.support_S, ref.signs);
    close(c.thetaLeastNorm!, ref.least_norm_certificate_offsupport_max, 1e-12, 'theta_LN');
    close(c.thetaLP!, ref.lp_certificate_offsupport_max, 1e-12, 'theta*');
    close(c.sigmaMin, ref.sigma_min_AS, 1e-12, 'sigma_min');
    assert.equal(c.verdict, 'certified unique l1 minimiser');
    assert.equal(c.method, 'lp');
    close(c.margin, 1 - ref.lp_certificate_offsupport_max, 1e-12, 'margin');
    assert.ok(c.equalityResidual! < 1e-13);
    // the certificate is a real one: A_S^T v = s and max off-support |a_j^T v| = theta
    const AtV = new Float64Array(64);
    for (let j = 0; j < 64; j++) for (let i = 0; i < 16; i++) AtV[j] += A.data[i * 64 + j] * c.v![i];
    ref.support_S.forEach((j: number, t: number) => {
      close(AtV[j], ref.signs[t], 1e-13, `a_${j}^T v`);
    });
    let th = 0;
    for (let j = 0; j < 64; j++) if (!ref.support_S.includes(j)) th = Math.max(th, Math.abs(AtV[j]));
    close(th, c.theta, 1e-15, 'theta from v');
    // least-norm alone: ||v||_2 of the reference, and it refuses (theta_LN = ERC = 1.29 > 1)
    const ln = bpCertificate(A, ref.support_S, ref.signs, { lp: false });
    close(ln.vNorm2!, ref.least_norm_certificate_v_norm2, 1e-12, '||v_LN||');
    assert.equal(ln.verdict, 'not certified');
    assert.deepEqual(ln.notes, [
      'the least-norm certificate has theta = 1.29147 >= 1 - margin (the LP test was not run)',
    ]);
  });

  it('BP recovers x0 = (1, -2, 0.5) on S, and certifyBP certifies the reconstruction', () => {
    assert.equal(ref['bp_recovers_x0_with_values_[1,-2,0.5]'], true);
    const x0 = new Float64Array(64);
    [1, -2, 0.5].forEach((v, t) => {
      x0[ref.support_S[t]] = v;
    });
    const y = matvec(A, x0);
    const r = bpLP(A, y);
    assert.ok(relErr(r.x, x0) < 1e-9, `BP error ${relErr(r.x, x0)}`);
    const c = certifyBP(A, y, r.x, { xTrue: x0 });
    assert.equal(c.verdict, 'certified unique l1 minimiser');
    assert.deepEqual(Array.from(c.support), ref.support_S);
    close(c.certificate!.theta, ref.lp_certificate_offsupport_max, 1e-12, 'theta*');
    assert.ok(relErr(c.x, x0) < 1e-14, 'polished x');
  });

  it('S2: the counter-example where BP fails; both certificates refuse', () => {
    const e = exactRecoveryCondition(A, ref.support_S2);
    close(e.erc, ref.erc_value_S2, 1e-12, 'ERC(S2)');
    const c = bpCertificate(A, ref.support_S2, ref.signs2);
    close(c.thetaLeastNorm!, ref.least_norm_certificate_offsupport_max_S2, 1e-12, 'theta_LN(S2)');
    close(c.thetaLP!, ref.lp_certificate_offsupport_max_S2, 1e-12, 'theta*(S2)');
    assert.equal(c.verdict, 'not certified');
    const x0 = new Float64Array(64);
    ref.support_S2.forEach((j: number, t: number) => {
      x0[j] = ref.signs2[t];
    });
    const y = matvec(A, x0);
    // BP really fails: its solution has smaller l1 norm than x0
    const r = bpLP(A, y);
    assert.equal(ref.bp_recovers_x0_S2_unit_signs, false);
    let d = 0;
    for (let j = 0; j < 64; j++) d += (r.x[j] - x0[j]) ** 2;
    close(Math.sqrt(d), ref.bp_error_S2, 1e-9, 'BP error on S2');
    assert.ok(r.objective < 6 - 1e-6);
    // handed the truth as a "reconstruction", certifyBP passes support, rank and polish, and refuses at the certificate
    const c2 = certifyBP(A, y, x0);
    assert.deepEqual(
      c2.checks.map((q) => [q.step, q.passed]),
      [
        ['support', true],
        ['rank', true],
        ['polish', true],
        ['certificate', false],
      ],
    );
    assert.equal(c2.verdict, 'not certified');
    assert.equal(c2.truth.statement, 'not certified: nothing is concluded about the truth');
  });

  it('ERC is the largest least-norm theta over all sign patterns on S, and obeys the Babel bound', () => {
    const S = [5, 17, 40];
    const erc = exactRecoveryCondition(A, S).erc;
    let best = 0;
    for (let p = 0; p < 8; p++) {
      const s = [0, 1, 2].map((b) => ((p >> b) & 1 ? -1 : 1));
      best = Math.max(best, bpCertificate(A, S, s, { lp: false }).thetaLeastNorm!);
    }
    close(best, erc, 1e-12, 'max_s theta_LN(s)');
    const IH = identityHadamard();
    const b = babel(IH, 3);
    for (const T of [
      [0, 16],
      [1, 2, 20],
    ]) {
      const r = exactRecoveryCondition(IH, T, { babelValues: b });
      assert.ok(
        r.babelBound !== null && r.erc <= r.babelBound + 1e-14,
        `ERC ${r.erc} > bound ${r.babelBound}`,
      );
      assert.ok(r.holds);
    }
  });
});

describe('theory/certify-bp: easy Gaussian instances are certified, constructed failures refused', () => {
  it('n = 256, m = 128, k = 10 (five seeds): bpLP solution certified, the truth covered and recovered', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { A, x0, y } = gaussianInstance(seed, 128, 256, 10);
      const r = bpLP(A, y);
      const c = certifyBP(A, y, r.x, { ensemble: 'gaussian', xTrue: x0 });
      assert.equal(c.verdict, 'certified unique l1 minimiser', `seed ${seed}: ${c.summary}`);
      assert.equal(c.support.length, 10);
      assert.ok(c.certificate!.margin > 0.01, `seed ${seed}: margin ${c.certificate!.margin}`);
      assert.equal(c.truth.maxTruthSparsity, 118);
      assert.equal(c.truth.truth!.covered, true);
      assert.ok(c.truth.truth!.relError < 1e-12);
      assert.ok(c.residualAfter! < 1e-14);
    }
  });

  it('a column that is twice another makes BP fail; the certificate refuses with theta = 2', () => {
    const { A } = gaussianInstance(7, 20, 40, 1);
    for (let i = 0; i < 20; i++) A.data[i * 40 + 1] = 2 * A.data[i * 40];
    const c = bpCertificate(A, [0], [1]);
    assert.equal(c.verdict, 'not certified');
    close(c.theta, 2, 1e-12, 'theta');
    // indeed x = e_1 / 2 is feasible with half the l1 norm
    const x0 = new Float64Array(40);
    x0[0] = 1;
    const r = bpLP(A, matvec(A, x0));
    close(r.objective, 0.5, 1e-9, 'BP objective');
  });

  it('a rank-deficient support and noisy data are refused with the reason', () => {
    const { A, x0, y } = gaussianInstance(8, 30, 60, 3);
    for (let i = 0; i < 30; i++) A.data[i * 60 + 59] = A.data[i * 60 + 58];
    const c = bpCertificate(A, [58, 59], [1, 1]);
    assert.equal(c.verdict, 'not certified');
    assert.equal(c.fullRank, false);
    assert.match(c.notes[0], /^A_S is rank deficient/);
    const yn = Float64Array.from(y, (v, i) => v + 1e-3 * Math.sin(i));
    const d = certifyBP(A, yn, x0);
    assert.equal(d.verdict, 'not certified');
    assert.equal(d.checks[2].step, 'polish');
    assert.equal(d.checks[2].passed, false);
    assert.match(
      d.checks[2].detail,
      /the data are not fit exactly on S \(noisy data\? use certifyBPDN or lassoKkt\)/,
    );
  });

  it('nonnegative BP: one-sided certificate', () => {
    const { A } = gaussianInstance(9, 40, 80, 1);
    const x0 = new Float64Array(80);
    x0[3] = 1;
    x0[50] = 2;
    const y = matvec(A, x0);
    const r = bpLP(A, y, { nonneg: true });
    const c = certifyBP(A, y, r.x, { signal: 'nonneg', ensemble: 'gaussian' });
    assert.equal(c.verdict, 'certified unique l1 minimiser');
    const cs = bpCertificate(A, [3, 50], [1, 1], { signal: 'nonneg' });
    assert.ok(
      cs.theta <= bpCertificate(A, [3, 50], [1, 1]).theta + 1e-12,
      'one-sided theta <= two-sided theta',
    );
  });
});

describe('theory/certificate: bad input', () => {
  const A: Dense = partialDct16x64();
  it('gives exact messages', () => {
    assert.throws(() => bpCertificate(A, [3, 64], [1, 1]), {
      message: 'bpCertificate: support[1]: expected an integer index in [0, 63], got 64',
    });
    assert.throws(() => bpCertificate(A, [3, 5, 3], [1, 1, 1]), {
      message: 'bpCertificate: support: expected distinct indices, got index 3 twice',
    });
    assert.throws(() => bpCertificate(A, [3, 20, 45], [1, -1]), {
      message: 'bpCertificate: signs length: expected 3 (one per support index), got 2',
    });
    assert.throws(() => bpCertificate(A, [3, 20], [1, 0.5]), {
      message: 'bpCertificate: signs[1]: expected +1 or -1, got 0.5',
    });
    assert.throws(() => bpCertificate(A, [3, 20], [1, Number.NaN]), {
      message: 'bpCertificate: signs[1]: expected +1 or -1, got NaN',
    });
    assert.throws(() => bpCertificate(A, [], []), {
      message: 'bpCertificate: support: expected at least one index, got an empty list',
    });
    assert.throws(() => bpCertificate(A, [1], [1], { lp: 'yes' as unknown as boolean }), {
      message: 'bpCertificate: lp: expected true, false or \'auto\', got "yes"',
    });
    const y = new Float64Array(16);
    y[2] = Number.NaN;
    assert.throws(() => certifyBP(A, y, new Float64Array(64)), {
      message: 'certifyBP: y: expected finite values, got NaN at index 2',
    });
    assert.throws(() => certifyBP(A, new Float64Array(15), new Float64Array(64)), {
      message: 'certifyBP: y length: expected 16 (rows of A), got 15',
    });
    assert.throws(() => certifyBP(A, new Float64Array(16), new Float64Array(63)), {
      message: 'certifyBP: x length: expected 64 (columns of A), got 63',
    });
    assert.throws(
      () =>
        exactRecoveryCondition(
          A,
          Array.from({ length: 17 }, (_, i) => i),
        ),
      {
        message: 'exactRecoveryCondition: support size: expected at most m = 16 (A_S injective), got 17',
      },
    );
  });
});

describe('certifyBP refuses an x with an entry that is not in the BP support', () => {
  it('a spurious off-support entry vanishes when polished: not certified, polish check failed', async () => {
    const { initHighs } = await import('../../src/solvers/highs-runtime.ts');
    const { bpLP } = await import('../../src/solvers/bp-lp.ts');
    const { gaussianMatrix } = await import('../../src/linops/matrix.ts');
    const { createRng } = await import('../../src/core/rng/index.ts');
    const { gemv } = await import('../../src/core/dense/gemv.ts');
    const { certifyBP } = await import('../../src/theory/certify-bp.ts');
    await initHighs();
    const rng = createRng(404);
    const A = gaussianMatrix(60, 128, rng);
    const x0 = rng.sparseVector(128, 6, 'signed', new Float64Array(128));
    const y = gemv(A, x0, new Float64Array(60));
    const x = bpLP(A, y).x;
    assert.equal(certifyBP(A, y, x).verdict, 'certified unique l1 minimiser');
    const j = x0.indexOf(0);
    const bad = x.slice();
    bad[j] = 0.5;
    const c = certifyBP(A, y, bad);
    assert.equal(c.verdict, 'not certified');
    const polish = c.checks.find((k) => k.step === 'polish')!;
    assert.equal(polish.passed, false);
    assert.match(polish.detail, /changed sign or vanished when polishing/);
  });
});
