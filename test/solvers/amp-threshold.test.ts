import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ampMinimaxAlpha, ampTransitionAlpha } from '../../src/solvers/amp-threshold.ts';
import { dmmWeakThreshold, minimaxThreshold } from '../../src/theory/amp.ts';

const ref = JSON.parse(readFileSync('../shared/theory-reference-values.json', 'utf8'));

describe("AMP's threshold policy in the solver layer", () => {
  it('agrees with the theory layer (a different route) to 1e-12, signed and nonneg', () => {
    for (const nonneg of [false, true]) {
      for (const eps of [0.001, 0.01, 0.05, 0.1, 0.3, 0.7, 0.99]) {
        const a = ampMinimaxAlpha(eps, nonneg);
        const b = minimaxThreshold(eps, nonneg ? 'nonneg' : 'signed').alpha;
        assert.ok(Math.abs(a - b) <= 1e-12 * b, `eps ${eps}: ${a} vs ${b}`);
      }
      for (const delta of [0.05, 0.1, 0.25, 0.5, 0.75, 0.95]) {
        const a = ampTransitionAlpha(delta, nonneg);
        const b = dmmWeakThreshold(delta, nonneg ? 'nonneg' : 'signed').alpha;
        assert.ok(Math.abs(a - b) <= 1e-9 * b, `delta ${delta}: ${a} vs ${b}`);
      }
    }
  });
  it('matches the reference minimax thresholds of THEORY.md section 8', () => {
    for (const row of ref.dt_plane_weak_threshold) {
      assert.ok(Math.abs(ampTransitionAlpha(row.delta_m_over_n) - row.amp_minimax_threshold_z) < 1e-7, `delta ${row.delta_m_over_n}`);
    }
  });
  it('refuses fractions outside (0, 1]', () => {
    assert.throws(() => ampMinimaxAlpha(0), { message: 'ampMinimaxAlpha: eps: expected a number in (0, 1], got 0' });
    assert.throws(() => ampTransitionAlpha(1.5), { message: 'ampTransitionAlpha: delta: expected a number in (0, 1], got 1.5' });
  });
});
