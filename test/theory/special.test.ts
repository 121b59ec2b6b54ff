import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { brentMinimize, brentRoot } from '../../src/core/special/roots.ts';
import {
  erf,
  erfc,
  gaussI,
  gaussIntegrals,
  logNormCdf,
  normCdf,
  normPdf,
  normPdfOverCdf,
  normSf,
} from '../../src/core/special/normal.ts';

const FIX = JSON.parse(readFileSync('test/fixtures/theory_special.json', 'utf8'));
const REF = JSON.parse(readFileSync('../shared/theory-reference-values.json', 'utf8'));

/** |a - b| <= rel |b| (or both zero). */
function close(a: number, b: number, rel: number, what: string): void {
  const err = Math.abs(a - b);
  assert.ok(err <= rel * Math.abs(b), `${what}: got ${a}, want ${b} (rel err ${err / Math.abs(b)} > ${rel})`);
}

// Values below this are subnormal doubles: they carry fewer than 53 significant bits.
const NORMAL_MIN = 2.2250738585072014e-308;

describe('theory/special: normal-law functions against mpmath (50 digits)', () => {
  it('erf and erfc are accurate to 1e-15 relative on the whole line (Cody 1969)', () => {
    for (const [x, e, ec] of FIX.erf as [number, number, number][]) {
      if (e === 0) assert.equal(erf(x), 0);
      else close(erf(x), e, 1e-15, `erf(${x})`);
      if (ec >= NORMAL_MIN) close(erfc(x), ec, 1e-15, `erfc(${x})`);
    }
  });

  it('phi, Phi, Q, log Phi and phi/Phi are accurate to 2e-15 relative, tails included', () => {
    for (const r of FIX.normal as Record<string, number>[]) {
      const x = r.x;
      for (const [name, got, want] of [
        ['pdf', normPdf(x), r.pdf],
        ['cdf', normCdf(x), r.cdf],
        ['sf', normSf(x), r.sf],
      ] as const) {
        if (want >= NORMAL_MIN) close(got, want, 2e-15, `${name}(${x})`);
        else assert.ok(got < 1e-300, `${name}(${x}) underflows`);
      }
      close(logNormCdf(x), r.logcdf, 2e-15, `logNormCdf(${x})`);
      close(normPdfOverCdf(x), r.pdf_over_cdf, 2e-15, `normPdfOverCdf(${x})`);
    }
  });

  it('Q is computed from erfc (symmetry Q(-x) = Phi(x) holds exactly, and Q(x) + Phi(x) = 1)', () => {
    for (const x of [-7.5, -2, -0.3, 0, 0.4, 1.7, 6]) {
      assert.equal(normSf(-x), normCdf(x));
      assert.ok(Math.abs(normSf(x) + normCdf(x) - 1) <= 2.3e-16);
    }
    assert.ok(Number.isNaN(erfc(Number.NaN)));
    assert.equal(erfc(Infinity), 0);
    assert.equal(erfc(-Infinity), 2);
    assert.equal(logNormCdf(-Infinity), -Infinity);
  });
});

describe('theory/special: Gaussian integrals I_p(tau)', () => {
  it('I_0..I_4 by the recursion (forward, or backward for tau >= 1.5) match quadrature of the definition to 1e-14', () => {
    const out = new Float64Array(5);
    for (const row of FIX.gauss_integrals as { tau: number; I: number[] }[]) {
      gaussIntegrals(row.tau, out);
      for (let p = 0; p <= 4; p++) {
        close(out[p], row.I[p], 1e-14, `I_${p}(${row.tau})`);
        close(gaussI(p as 0 | 1 | 2 | 3 | 4, row.tau), row.I[p], 1e-14, `gaussI(${p}, ${row.tau})`);
      }
    }
  });

  it('reproduces the unit values of THEORY.md: I_1(1) = g1(1), I_2(1) = g2(1)', () => {
    close(gaussI(1, 1), REF.unit_values.g1_at_1, 1e-14, 'I_1(1)');
    close(gaussI(2, 1), REF.unit_values.g2_at_1, 1e-14, 'I_2(1)');
    close(gaussI(1, 1), 0.0833154706, 1e-9, 'I_1(1) (THEORY.md)');
    close(gaussI(2, 1), 0.0753397833, 1e-9, 'I_2(1) (THEORY.md)');
  });
});

describe('theory/roots: Brent root finding and minimisation', () => {
  it('brentRoot finds roots to full precision', () => {
    close(brentRoot((x) => x * x - 2, 0, 2), Math.SQRT2, 4.5e-16, 'sqrt 2');
    close(brentRoot(Math.cos, 0, 3), Math.PI / 2, 4.5e-16, 'pi/2');
    assert.equal(brentRoot((x) => x - 1, 1, 3), 1);
    // a root of multiplicity 3 still converges (by bisection steps)
    assert.ok(Math.abs(brentRoot((x) => (x - 0.3) ** 3, 0, 1) - 0.3) < 1e-5);
  });

  it('brentRoot refuses a missing sign change and reports non-convergence clearly', () => {
    assert.throws(() => brentRoot((x) => x * x + 1, -1, 1, { where: 'l1TauStar' }), {
      message: 'l1TauStar: root bracket: expected f(a) and f(b) of opposite signs, got f(-1) = 2, f(1) = 2',
    });
    assert.throws(() => brentRoot((x) => Math.atan(x - 0.123456789), -1e6, 1e6, { maxIter: 3 }), {
      message: /^brentRoot: root convergence: expected convergence within 3 iterations, got bracket \[/,
    });
    assert.throws(() => brentRoot(() => Number.NaN, 0, 1), {
      message: 'brentRoot: root bracket: expected finite function values at the ends, got f(0) = NaN, f(1) = NaN',
    });
  });

  it('brentMinimize finds the minimum value to ~eps and the minimiser to ~sqrt(eps)', () => {
    const r = brentMinimize((x) => (x - 1.25) ** 2 + 3, -5, 5);
    assert.ok(Math.abs(r.x - 1.25) < 1e-8);
    assert.ok(Math.abs(r.fx - 3) <= 4.5e-16);
    const c = brentMinimize((x) => Math.cosh(x - 0.5), -3, 3);
    assert.ok(Math.abs(c.fx - 1) <= 4.5e-16);
    assert.throws(() => brentMinimize((x) => x, 2, 1), {
      message: 'brentMinimize: interval: expected a < b, got [2, 1]',
    });
    assert.throws(() => brentMinimize((x) => Math.sin(20 * x) + x * x, -3, 3, { maxIter: 4 }), {
      message: /^brentMinimize: minimisation convergence: expected convergence within 4 evaluations, got interval/,
    });
  });
});
