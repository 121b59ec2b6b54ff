import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import {
  crpwBound,
  l1J,
  l1Psi,
  l1PsiDirect,
  l1Sigma,
  l1Stationarity,
  l1TauStar,
  statdim,
} from '../../src/predict/statdim.ts';
import { l1StatdimMonteCarlo } from '../../src/predict/statdim-mc.ts';

const REF = JSON.parse(readFileSync('../shared/theory-reference-values.json', 'utf8'));

function close(a: number, b: number, rel: number, what: string): void {
  const err = Math.abs(a - b);
  assert.ok(err <= rel * Math.abs(b), `${what}: got ${a}, want ${b} (rel err ${err / Math.abs(b)} > ${rel})`);
}

describe('theory/statdim: psi(rho) against the reference table', () => {
  it('psi, tau* (signed and nonneg) match to 1e-12 relative; the direct minimisation agrees to 1e-12', () => {
    for (const r of REF.l1_statistical_dimension) {
      const rho = r.rho_k_over_n;
      close(l1Psi(rho), r.psi_signed, 1e-12, `psi(${rho})`);
      close(l1TauStar(rho), r.tau_star, 1e-12, `tau*(${rho})`);
      close(l1PsiDirect(rho).psi, r.psi_signed_direct_min, 1e-12, `psi direct(${rho})`);
      close(l1PsiDirect(rho).psi, l1Psi(rho), 1e-13, `psi direct vs root (${rho})`);
      close(l1Psi(rho, 'nonneg'), r.psi_nonneg, 1e-12, `psi+(${rho})`);
      close(l1TauStar(rho, 'nonneg'), r.tau_star_nonneg, 1e-12, `tau*+(${rho})`);
      close(l1PsiDirect(rho, 'nonneg').psi, r.psi_nonneg, 1e-12, `psi+ direct(${rho})`);
    }
  });

  it('gives the DT coordinates, the CRPW bound and the n = 1000 lower bound of the table', () => {
    for (const r of REF.l1_statistical_dimension) {
      const rho = r.rho_k_over_n;
      const psi = l1Psi(rho);
      close(psi, r.dt_delta_m_over_n, 1e-12, `DT delta(${rho})`);
      close(rho / psi, r.dt_rho_k_over_m, 1e-12, `DT rho(${rho})`);
      close(rho / l1Psi(rho, 'nonneg'), r.dt_rho_k_over_m_nonneg, 1e-12, `DT rho+(${rho})`);
      const k = Math.round(rho * 1000);
      close(crpwBound(1000, k) / 1000, r.crpw_bound_normalised, 1e-12, `CRPW(${rho})`);
      assert.ok(r.crpw_bound_normalised >= psi);
      const s = statdim({ n: 1000, k });
      close(s.lower / 1000, r.lower_bound_n1000, 1e-12, `lower bound n = 1000 (${rho})`);
      close(s.upper / 1000, psi, 1e-12, `upper bound n = 1000 (${rho})`);
      close(s.crpw, crpwBound(1000, k), 1e-15, 'statdim().crpw');
    }
  });

  it('J(tau) reproduces the unit values and is minimised at tau*, where the stationarity residual vanishes', () => {
    close(l1J(1, 0.1), REF.unit_values['J_l1_signed_tau1_rho0.1'], 1e-14, 'J signed');
    close(l1J(1, 0.1, 'nonneg'), REF.unit_values['J_l1_nonneg_tau1_rho0.1'], 1e-14, 'J nonneg');
    for (const rho of [0.01, 0.3, 0.8]) {
      for (const sig of ['signed', 'nonneg'] as const) {
        const t = l1TauStar(rho, sig);
        assert.ok(Math.abs(l1Stationarity(t, rho, sig)) < 1e-15);
        const j = l1J(t, rho, sig);
        assert.ok(l1J(t * 1.001, rho, sig) > j && l1J(t * 0.999, rho, sig) > j);
      }
    }
  });
});

describe('theory/statdim: monotonicity and limits', () => {
  it('psi increases from 0 to 1, nonneg below signed, psi ~ 2 rho log(1/rho) as rho -> 0', () => {
    for (const sig of ['signed', 'nonneg'] as const) {
      let prev = 0;
      for (let i = 1; i <= 400; i++) {
        const rho = i / 400;
        const p = l1Psi(rho, sig);
        assert.ok(p > prev && p <= 1, `psi(${rho}) = ${p} not increasing in (0, 1]`);
        assert.ok(p >= rho, 'psi(rho) >= rho');
        prev = p;
      }
      assert.equal(l1Psi(1, sig), 1);
      assert.ok(l1Psi(1e-12, sig) < 1e-10);
    }
    for (const rho of [0.001, 0.05, 0.5]) assert.ok(l1Psi(rho, 'nonneg') < l1Psi(rho));
    // ratio to the leading asymptote tends to 1 (slowly)
    const r1 = l1Psi(1e-6) / (2e-6 * Math.log(1e6));
    const r2 = l1Psi(1e-12) / (2e-12 * Math.log(1e12));
    const r3 = l1Psi(1e-100) / (2e-100 * Math.log(1e100));
    assert.ok(r1 < r2 && r2 < r3 && r3 < 1 && r3 > 0.95, `asymptote ratios ${r1}, ${r2}, ${r3}`);
  });

  it('sigma is positive in the interior and vanishes at k = n', () => {
    assert.equal(statdim({ n: 50, k: 50 }).sigma, 0);
    assert.equal(statdim({ n: 50, k: 50 }).value, 50);
    for (const k of [1, 10, 100, 900]) assert.ok(l1Sigma(1000, k) > 0);
  });
});

describe('theory/statdim: transition width (closed form)', () => {
  it('matches l1_transition_width_closed_form to 1e-12 relative (signed and nonneg)', () => {
    for (const r of REF.l1_transition_width_closed_form) {
      close(l1Sigma(r.n, r.k), r.sd_closed_form_signed, 1e-12, `sigma(${r.n}, ${r.k})`);
      close(l1Sigma(r.n, r.k, 'nonneg'), r.sd_closed_form_nonneg, 1e-12, `sigma+(${r.n}, ${r.k})`);
      close(statdim({ n: r.n, k: r.k }).sigma, r.sd_closed_form_signed, 1e-12, 'statdim().sigma');
    }
  });

  it('reproduces the empirical table columns n psi, ALMT gap and closed-form sigma', () => {
    const E = REF.empirical_l1_n200;
    for (const sig of ['signed', 'nonneg'] as const) {
      for (const row of E[sig]) {
        const s = statdim({ n: E.n, k: row.k, signal: sig });
        close(s.value, row.statdim_asymptotic_n_psi, 1e-12, `n psi (${sig}, k = ${row.k})`);
        close(s.sigma, row.sd_intrinsic_volumes_closed_form, 1e-12, `sigma_cf (${sig}, k = ${row.k})`);
        close(s.upper - s.lower, row.almt_gap_bound_2sqrt_n_over_k, 1e-12, 'gap 2 sqrt(n/k)');
      }
    }
  });
});

describe('theory/statdim: Monte Carlo exact delta and sigma (seeded)', () => {
  it('matches statdim_exact_mc within 4 combined standard errors and lies below n psi', () => {
    const E = REF.empirical_l1_n200;
    const cases: [number, 'signed' | 'nonneg'][] = [
      [5, 'signed'],
      [20, 'signed'],
      [60, 'signed'],
      [10, 'nonneg'],
    ];
    for (const [k, sig] of cases) {
      const row = E[sig].find((r: { k: number }) => r.k === k);
      const mc = l1StatdimMonteCarlo({ n: 200, k, signal: sig, samples: 8000, normal: createRng(4, k) });
      const se = Math.hypot(mc.se, row.statdim_exact_mc_se);
      assert.ok(
        Math.abs(mc.delta - row.statdim_exact_mc) < 4 * se,
        `k = ${k} ${sig}: MC ${mc.delta} +- ${mc.se} vs reference ${row.statdim_exact_mc} +- ${row.statdim_exact_mc_se}`,
      );
      const s = statdim({ n: 200, k, signal: sig });
      assert.ok(mc.delta < s.upper && mc.delta > s.lower, 'ALMT bounds hold');
      // the reference's Monte Carlo sigma: within 4 standard errors of ours
      assert.ok(
        Math.abs(mc.sigma - row.sd_intrinsic_volumes) < 4 * mc.sigmaSe,
        `k = ${k} ${sig}: sigma ${mc.sigma} +- ${mc.sigmaSe} vs ${row.sd_intrinsic_volumes}`,
      );
    }
  });

  it('is reproducible from the seed and accepts normal(), fillNormal() and a bare callback', () => {
    const a = l1StatdimMonteCarlo({ n: 60, k: 6, samples: 300, normal: createRng(11) });
    const b = l1StatdimMonteCarlo({ n: 60, k: 6, samples: 300, normal: createRng(11) });
    assert.deepEqual(a, b);
    const r = createRng(11);
    const c = l1StatdimMonteCarlo({ n: 60, k: 6, samples: 300, normal: { normal: () => r.normal() } });
    assert.deepEqual(c, a);
    const r2 = createRng(11);
    const d = l1StatdimMonteCarlo({ n: 60, k: 6, samples: 300, normal: () => r2.normal() });
    assert.deepEqual(d, a);
    assert.throws(() => l1StatdimMonteCarlo({ n: 60, k: 6, normal: 3 as never }), {
      message: 'l1StatdimMonteCarlo: normal: expected a generator with normal() or fillNormal(out), or a function, got 3',
    });
  });
});

describe('theory/statdim: bad input and validity warnings', () => {
  it('rejects k > n, non-integer and negative sizes with exact messages', () => {
    assert.throws(() => statdim({ n: 100, k: 101 }), { message: 'statdim: k: expected an integer in [1, n = 100], got 101' });
    assert.throws(() => statdim({ n: 100, k: 2.5 }), { message: 'statdim: k: expected an integer in [1, n = 100], got 2.5' });
    assert.throws(() => statdim({ n: -3, k: 1 }), { message: 'statdim: n: expected an integer in [1, 1000000000], got -3' });
    assert.throws(() => statdim({ n: 10.5, k: 1 }), { message: 'statdim: n: expected an integer in [1, 1000000000], got 10.5' });
    assert.throws(() => statdim({ n: 10, k: 0 }), { message: 'statdim: k: expected an integer in [1, n = 10], got 0' });
    assert.throws(() => statdim({ n: 10, k: 2, signal: 'abs' as never }), {
      message: `statdim: signal: expected 'signed' or 'nonneg', got "abs"`,
    });
    assert.throws(() => l1Psi(0), { message: 'l1TauStar: rho: expected a number in (0, 1], got 0' });
    assert.throws(() => l1Psi(1.2), { message: 'l1TauStar: rho: expected a number in (0, 1], got 1.2' });
    assert.throws(() => l1Sigma(20, 30), { message: 'l1Sigma: k: expected an integer in [1, n = 20], got 30' });
  });

  it('warns (and does not silently return) at tiny n or k; no warning in the valid range', () => {
    const tiny = statdim({ n: 12, k: 3 });
    assert.equal(tiny.warnings.length, 1);
    assert.match(tiny.warnings[0], /^n = 12 is tiny \(< 20\): n psi\(k\/n\) is an asymptotic formula/);
    const k1 = statdim({ n: 200, k: 1 });
    assert.equal(k1.warnings.length, 1);
    assert.match(k1.warnings[0], /^k = 1 is tiny \(< 3\): the intrinsic-volume law is skewed/);
    assert.deepEqual(statdim({ n: 200, k: 20 }).warnings, []);
  });
});
