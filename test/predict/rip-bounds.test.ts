import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { candes2008Constants, gaussianRipBound, RIP_THRESHOLDS, ripCertifiedSparsity } from '../../src/predict/rip-bounds.ts';
import { weakThreshold } from '../../src/predict/transition.ts';

const REF = JSON.parse(readFileSync('../shared/theory-reference-values.json', 'utf8'));

function close(a: number, b: number, rel: number, what: string): void {
  const err = Math.abs(a - b);
  assert.ok(err <= rel * Math.abs(b), `${what}: got ${a}, want ${b} (rel err ${err / Math.abs(b)} > ${rel})`);
}

describe('theory/rip-bounds: thresholds and Candes constants', () => {
  it('the threshold constants match rip.thresholds and the Foucart values', () => {
    const t = REF.rip.thresholds;
    close(RIP_THRESHOLDS.candes2008, t.candes_sqrt2_minus_1, 1e-15, 'sqrt2 - 1');
    close(RIP_THRESHOLDS.foucart2010, t.foucart_3_over_4_plus_sqrt6, 1e-15, '3/(4 + sqrt6)');
    close(RIP_THRESHOLDS.caiZhang2014, t.cai_zhang_1_over_sqrt2, 1e-15, '1/sqrt2');
    close(RIP_THRESHOLDS.foucartLai2009, REF.rip.foucart_lai_2009, 1e-15, '2(3 - sqrt2)/7');
    close(RIP_THRESHOLDS.foucartRauhut2013, REF.rip.foucart_rauhut_thm, 1e-15, '4/sqrt41');
    assert.ok(Object.isFrozen(RIP_THRESHOLDS));
  });

  it('C0, C1 match rip.candes2008_constants (THEORY.md: 4.19 and 8.47 at 0.2)', () => {
    for (const r of REF.rip.candes2008_constants) {
      const c = candes2008Constants(r.delta_2k);
      close(c.C0, r.C0, 1e-13, `C0(${r.delta_2k})`);
      close(c.C1, r.C1, 1e-13, `C1(${r.delta_2k})`);
    }
    assert.throws(() => candes2008Constants(0.5), {
      message: 'candes2008Constants: delta2k: expected a number in [0, sqrt2 - 1 = 0.41421356), got 0.5',
    });
  });
});

describe('theory/rip-bounds: Gaussian union bound', () => {
  it('reproduces rip.union_bound_examples: the delta_2 bound at k = 1 and k_max for each threshold', () => {
    for (const r of REF.rip.union_bound_examples) {
      close(gaussianRipBound({ n: r.n, m: r.m, s: 2, eta: r.eta }), r.delta_2k_bound_at_k1, 1e-13, `bound n=${r.n} m=${r.m}`);
      const kmax = (threshold: number) => ripCertifiedSparsity({ n: r.n, m: r.m, eta: r.eta, threshold });
      assert.equal(kmax(RIP_THRESHOLDS.candes2008), r.k_max_certified_candes_sqrt2_minus_1);
      assert.equal(kmax(RIP_THRESHOLDS.foucart2010), r.k_max_certified_foucart_3_over_4_plus_sqrt6);
      assert.equal(kmax(RIP_THRESHOLDS.caiZhang2014), r.k_max_certified_cai_zhang_1_over_sqrt2);
      close(r.n * weakThreshold(r.m / r.n).eps, r.weak_transition_k, 1e-12, 'weak transition k');
    }
  });

  it('k_max is the last k whose delta_2k bound is below the threshold', () => {
    const n = 10000;
    const m = 2500;
    const k = ripCertifiedSparsity({ n, m, eta: 0.01, threshold: Math.SQRT1_2 });
    assert.ok(gaussianRipBound({ n, m, s: 2 * k, eta: 0.01 }) < Math.SQRT1_2);
    assert.ok(gaussianRipBound({ n, m, s: 2 * k + 2, eta: 0.01 }) >= Math.SQRT1_2);
    // the bound grows with s and shrinks with m
    assert.ok(gaussianRipBound({ n, m, s: 3 }) > gaussianRipBound({ n, m, s: 2 }));
    assert.ok(gaussianRipBound({ n, m: 5000, s: 2 }) < gaussianRipBound({ n, m, s: 2 }));
  });

  it('rejects bad sizes and probabilities with exact messages', () => {
    assert.throws(() => gaussianRipBound({ n: 100, m: 20, s: 101 }), {
      message: 'gaussianRipBound: s: expected an integer in [1, n = 100], got 101',
    });
    assert.throws(() => gaussianRipBound({ n: 100, m: 0, s: 2 }), {
      message: 'gaussianRipBound: m: expected an integer >= 1, got 0',
    });
    assert.throws(() => ripCertifiedSparsity({ n: 100, m: 20, eta: 1, threshold: 0.4 }), {
      message: 'ripCertifiedSparsity: eta: expected a probability in (0, 1), got 1',
    });
  });
});
