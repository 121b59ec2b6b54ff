import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  dmmWeakThreshold,
  minimaxThreshold,
  noiseSensitivity,
  positiveSoftThresholdRisk,
  softThresholdRisk,
  stateEvolution,
} from '../../src/predict/amp.ts';
import { gaussI } from '../../src/core/special/normal.ts';
import { l1Psi, l1TauStar } from '../../src/predict/statdim.ts';

const REF = JSON.parse(readFileSync('../shared/theory-reference-values.json', 'utf8'));
const FIX = JSON.parse(readFileSync('test/fixtures/theory_special.json', 'utf8'));

function close(a: number, b: number, rel: number, what: string): void {
  const err = Math.abs(a - b);
  assert.ok(err <= rel * Math.abs(b), `${what}: got ${a}, want ${b} (rel err ${err / Math.abs(b)} > ${rel})`);
}

describe('theory/amp: soft-threshold risk', () => {
  it('matches quadrature of its definition E(eta(mu + Z; lambda) - mu)^2 (mpmath) to 1e-13', () => {
    for (const r of FIX.soft_threshold_risk) {
      close(softThresholdRisk(r.mu, r.lambda), r.risk, 1e-13, `r(${r.mu}, ${r.lambda})`);
      close(positiveSoftThresholdRisk(Math.abs(r.mu), r.lambda), r.positive_risk, 1e-13, `r+(${r.mu}, ${r.lambda})`);
    }
  });

  it('reproduces the unit values and the limits r(0, l) = 2 I_2(l), r(inf, l) = 1 + l^2', () => {
    close(softThresholdRisk(0, 1), REF.unit_values.soft_threshold_risk_mu0_lambda1, 1e-14, 'r(0,1)');
    close(softThresholdRisk(2, 1), REF.unit_values.soft_threshold_risk_mu2_lambda1, 1e-14, 'r(2,1)');
    for (const l of [0.3, 1, 2.5]) {
      close(softThresholdRisk(0, l), 2 * gaussI(2, l), 1e-14, 'r(0, l)');
      close(positiveSoftThresholdRisk(0, l), gaussI(2, l), 1e-14, 'r+(0, l)');
      close(softThresholdRisk(1e8, l), 1 + l * l, 1e-14, 'r(1e8, l)');
      close(softThresholdRisk(Infinity, l), 1 + l * l, 0, 'r(inf, l)');
      close(positiveSoftThresholdRisk(1e8, l), 1 + l * l, 1e-12, 'r+(1e8, l)');
    }
  });

  it('is even in mu and increasing in |mu| (strictly while the increments exceed rounding)', () => {
    for (const l of [0.5, 1.4]) {
      let prev = -1;
      for (let m = 0; m <= 40; m += 0.25) {
        const r = softThresholdRisk(m, l);
        assert.equal(softThresholdRisk(-m, l), r);
        assert.ok(m <= 6 ? r > prev : r >= prev, `r(${m}, ${l}) not increasing`);
        assert.ok(r <= 1 + l * l, 'r <= r(inf)');
        prev = r;
        const rp = positiveSoftThresholdRisk(m, l);
        assert.ok(rp <= r && rp <= 1 + l * l, 'r+ <= r');
      }
    }
  });
});

describe('theory/amp: minimax threshold, contraction and noise sensitivity', () => {
  it('reproduces amp.points: minimax alpha, M(eps) = psi(eps), M/delta and the formal noise sensitivity', () => {
    for (const p of REF.amp.points) {
      const mm = minimaxThreshold(p.eps);
      close(mm.alpha, p.minimax_alpha, 1e-12, `alpha(${p.eps})`);
      close(mm.risk, p.M_eps, 1e-12, `M(${p.eps})`);
      close(mm.risk, l1Psi(p.eps), 1e-14, 'M = psi');
      close(mm.risk / p.delta, p.contraction_factor_M_over_delta, 1e-12, 'M/delta');
      close(noiseSensitivity(p.delta, p.rho_k_over_m), p.formal_noise_sensitivity_mse_over_sigma2, 1e-12, 'noise sens.');
    }
  });

  it('the minimax risk is the minimum over alpha; noise sensitivity is infinite above the weak threshold', () => {
    for (const eps of [0.02, 0.2]) {
      for (const sig of ['signed', 'nonneg'] as const) {
        const { alpha, risk } = minimaxThreshold(eps, sig);
        const r0 = sig === 'signed' ? softThresholdRisk : positiveSoftThresholdRisk;
        const f = (a: number) => eps * (1 + a * a) + (1 - eps) * r0(0, a);
        assert.ok(f(alpha * 1.01) > risk && f(alpha * 0.99) > risk);
        close(alpha, l1TauStar(eps, sig), 0, 'alpha = tau*');
      }
    }
    const rw = dmmWeakThreshold(0.5).rho;
    assert.equal(noiseSensitivity(0.5, rw * 1.001), Infinity);
    assert.ok(Number.isFinite(noiseSensitivity(0.5, rw * 0.999)));
    assert.ok(noiseSensitivity(0.5, rw * 0.999) > 100, 'blows up at the transition');
  });
});

describe('theory/amp: state evolution', () => {
  it('reproduces the noiseless least-favourable iterates (delta 0.5, eps 0.1, ratio M/delta)', () => {
    const want = REF.amp['state_evolution_delta0.5_eps0.1_sigma2_first_iters'] as number[];
    const prior = [1e6, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // eps = 0.1, amplitude 1e6
    const alpha = minimaxThreshold(0.1).alpha;
    const s = stateEvolution({ delta: 0.5, alpha, prior, sigma2Start: 1, iterations: want.length - 1 });
    assert.equal(s.length, want.length);
    for (let t = 0; t < want.length; t++) close(s[t], want[t], 1e-12, `sigma_${t}^2`);
  });

  it('contracts to 0 below the transition, stalls above it, and converges to a positive fixed point with noise', () => {
    const prior = Array.from({ length: 100 }, (_, i) => (i < 10 ? (i % 2 ? 1 : -1) * (1 + i) : 0));
    const a = minimaxThreshold(0.1).alpha;
    const below = stateEvolution({ delta: 0.5, alpha: a, prior, iterations: 200 });
    assert.ok(below[200] < 1e-20 * below[0]);
    // default start sigma_0^2 = sigma_w^2 + mean(x^2)/delta (x^0 = 0)
    const ms = prior.reduce((s, v) => s + v * v, 0) / prior.length;
    close(below[0], ms / 0.5, 1e-15, 'sigma_0^2');
    const dense = Array.from({ length: 100 }, (_, i) => (i < 40 ? 1 : 0)); // eps = 0.4 > psi^{-1}(0.5)
    const above = stateEvolution({ delta: 0.5, alpha: minimaxThreshold(0.4).alpha, prior: dense, iterations: 200 });
    assert.ok(above[200] > 1e-3 * above[0], 'no contraction above the transition');
    const noisy = stateEvolution({ delta: 0.5, alpha: a, prior, sigma2w: 0.01, iterations: 300 });
    assert.ok(noisy[300] > 0.01 && Math.abs(noisy[300] - noisy[299]) < 1e-14);
    // formal noise sensitivity bounds the least-favourable MSE: sigma_inf^2 <= sigma_w^2 (1 + NS/delta)
    const ns = noiseSensitivity(0.5, 0.2);
    assert.ok(noisy[300] <= 0.01 * (1 + ns / 0.5) + 1e-12);
  });

  it('rejects a bad prior or parameters with exact messages', () => {
    assert.throws(() => stateEvolution({ delta: 0.5, alpha: 1, prior: [] }), {
      message: 'stateEvolution: prior: expected a non-empty array of values, got array of length 0',
    });
    assert.throws(() => stateEvolution({ delta: 0.5, alpha: 1, prior: [1, Number.NaN] }), {
      message: 'stateEvolution: prior: expected finite values, got NaN at index 1',
    });
    assert.throws(() => stateEvolution({ delta: 0.5, alpha: 1, prior: [1, -1], signal: 'nonneg' }), {
      message: 'stateEvolution: prior: expected finite nonnegative values, got -1 at index 1',
    });
    assert.throws(() => stateEvolution({ delta: 2, alpha: 1, prior: [1] }), {
      message: 'stateEvolution: delta: expected a number in (0, 1], got 2',
    });
    assert.throws(() => stateEvolution({ delta: 0.5, alpha: -1, prior: [1] }), {
      message: 'stateEvolution: alpha: expected a finite number >= 0, got -1',
    });
    assert.throws(() => minimaxThreshold(0), { message: 'minimaxThreshold: eps: expected a number in (0, 1], got 0' });
  });
});
