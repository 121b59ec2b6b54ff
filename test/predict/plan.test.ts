import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type EmpiricalCurve, plan } from '../../src/predict/plan.ts';
import { almtTailConstant, kinematicBound, successProbability } from '../../src/predict/probability.ts';
import { normCdf } from '../../src/core/special/normal.ts';
import { statdim } from '../../src/predict/statdim.ts';
import { weakThreshold } from '../../src/predict/transition.ts';

const REF = JSON.parse(readFileSync('../shared/theory-reference-values.json', 'utf8'));

function close(a: number, b: number, rel: number, what: string): void {
  const err = Math.abs(a - b);
  assert.ok(err <= rel * Math.abs(b), `${what}: got ${a}, want ${b} (rel err ${err / Math.abs(b)} > ${rel})`);
}

const SIGNALS = ['signed', 'nonneg'] as const;

describe('theory/probability: finite-n success probability', () => {
  it("reproduces the empirical table's predicted_closed_form column (n psi and closed-form sigma) to 1e-12", () => {
    const E = REF.empirical_l1_n200;
    for (const sig of SIGNALS) {
      let sumAbs = 0;
      for (const row of E[sig]) {
        const p = successProbability({ n: E.n, k: row.k, m: row.m, signal: sig });
        assert.equal(p.provenance, 'approximation');
        close(p.probability, row.predicted_closed_form, 1e-12, `P(${sig}, k=${row.k}, m=${row.m})`);
        sumAbs += Math.abs(row.empirical_rate - p.probability);
        // with the Monte Carlo delta and sigma passed in: the predicted_normal_approx column
        const q = successProbability({ n: E.n, k: row.k, m: row.m, signal: sig, delta: row.statdim_exact_mc, sigma: row.sd_intrinsic_volumes });
        close(q.probability, row.predicted_normal_approx, 1e-12, 'MC-based prediction');
      }
      const summary = sig === 'signed' ? E.summary_signed : E.summary_nonneg;
      close(sumAbs / E[sig].length, summary.closed_form_mean_abs_diff, 1e-12, 'mean |empirical - predicted|');
    }
  });

  it('the approximation increases in m and crosses 1/2 at m = n psi - 1/2', () => {
    let prev = 0;
    for (let m = 40; m <= 100; m++) {
      const p = successProbability({ n: 200, k: 20, m }).probability;
      assert.ok(p > prev);
      prev = p;
    }
    const s = statdim({ n: 200, k: 20 });
    for (let m = 60; m <= 70; m++) {
      const p = successProbability({ n: 200, k: 20, m }).probability;
      assert.equal(p >= 0.5, m + 0.5 >= s.value, `m = ${m}: P = ${p}, n psi = ${s.value}`);
    }
  });

  it('ALMT tail constants a_eta match almt_tail_constants', () => {
    for (const r of REF.almt_tail_constants) close(almtTailConstant(r.eta), r.a_eta, 1e-14, `a_${r.eta}`);
    assert.throws(() => almtTailConstant(0), { message: 'almtTailConstant: eta: expected a probability in (0, 1), got 0' });
  });

  it('the rigorous kinematic bound brackets the transition within a_eta sqrt(n) (77 at n = 200, eta = 0.1)', () => {
    const n = 200;
    const k = 20;
    const s = statdim({ n, k });
    const w = almtTailConstant(0.1) * Math.sqrt(n);
    close(w, 76.8, 1e-3, 'a_0.1 sqrt(200)');
    const hi = kinematicBound({ n, k, m: Math.ceil(s.upper + w) });
    assert.equal(hi.provenance, 'rigorous');
    assert.equal(hi.ensemble, 'gaussian');
    assert.ok(hi.lower >= 0.9 && hi.upper === 1);
    const lo = kinematicBound({ n: 1000, k: 100, m: Math.floor(statdim({ n: 1000, k: 100 }).lower - almtTailConstant(0.1) * Math.sqrt(1000)) });
    assert.ok(lo.upper <= 0.1 && lo.lower === 0);
    // honest: near the transition the bound says nothing
    const mid = kinematicBound({ n, k, m: Math.round(s.value) });
    assert.equal(mid.lower, 0);
    assert.equal(mid.upper, 1);
    // and it is consistent with the observed rates of the empirical table
    for (const row of REF.empirical_l1_n200.signed) {
      const b = kinematicBound({ n, k: row.k, m: row.m });
      assert.ok(b.lower <= row.empirical_rate && row.empirical_rate <= b.upper);
    }
    assert.equal(kinematicBound({ n, k, m: n }).lower, 1);
  });

  it('rejects m > n, k > n and bad sizes with exact messages', () => {
    assert.throws(() => successProbability({ n: 200, k: 20, m: 250 }), {
      message: 'successProbability: m: expected an integer in [1, n = 200], got 250',
    });
    assert.throws(() => successProbability({ n: 200, k: 20, m: 0 }), {
      message: 'successProbability: m: expected an integer in [1, n = 200], got 0',
    });
    assert.throws(() => kinematicBound({ n: 200, k: 201, m: 50 }), {
      message: 'kinematicBound: k: expected an integer in [1, n = 200], got 201',
    });
    assert.throws(() => successProbability({ n: 200, k: 20, m: 50, sigma: -1 }), {
      message: 'successProbability: sigma: expected a finite number >= 0, got -1',
    });
  });
});

describe('theory/plan: minimum m for a target success probability', () => {
  it('the asymptotic m is the smallest m whose predicted probability reaches the target', () => {
    for (const sig of SIGNALS) {
      for (const [n, k, target] of [
        [200, 20, 0.95],
        [1000, 50, 0.5],
        [1000, 300, 0.99],
        [5000, 10, 0.9],
      ] as const) {
        const p = plan({ n, k, target, signal: sig });
        assert.equal(p.provenance, 'asymptotic');
        assert.equal(p.asymptotic.provenance, 'asymptotic');
        const P = (m: number) => successProbability({ n, k, m, signal: sig }).probability;
        assert.ok(P(p.m) >= target && P(p.m - 1) < target, `${sig} n=${n} k=${k}: m=${p.m}`);
        close(p.asymptotic.probability, P(p.m), 0, 'probability at m');
        assert.equal(p.delta, statdim({ n, k, signal: sig }).value);
      }
    }
  });

  it('the rigorous m is ceil(n psi + a_eta sqrt n), eta = 1 - target, for Gaussian matrices only', () => {
    const p = plan({ n: 1000, k: 50, target: 0.9 });
    const s = statdim({ n: 1000, k: 50 });
    assert.ok(p.rigorous !== null);
    assert.equal(p.rigorous.provenance, 'rigorous');
    assert.equal(p.rigorous.m, Math.ceil(s.value + almtTailConstant(0.1) * Math.sqrt(1000)));
    assert.ok(p.rigorous.probability >= 0.9);
    assert.ok(p.rigorous.m > p.asymptotic.m, 'the rigorous bound is the looser one');
    assert.equal(plan({ n: 200, k: 20, ensemble: 'rademacher' }).rigorous, null);
    assert.equal(p.rigorous.certified, true);
    assert.equal(p.rigorous.almtBound, p.rigorous.probability);
    // capped at n: a square Gaussian matrix is invertible
    const small = plan({ n: 50, k: 20, target: 0.99 });
    assert.equal(small.rigorous?.m, 50);
    assert.equal(small.rigorous?.probability, 1);
    assert.equal(small.rigorous?.certified, false);
  });

  it('when ALMT certifies no m < n it says so (n = 100, k = 20: its bound at m = n is 0.80)', () => {
    const p = plan({ n: 100, k: 20 });
    const r = p.rigorous!;
    const upper = statdim({ n: 100, k: 20 }).upper;
    const need = Math.ceil(upper + almtTailConstant(0.05) * 10);
    assert.ok(need > 100, `ALMT needs ${need}`);
    assert.equal(r.certified, false);
    assert.equal(r.m, 100);
    assert.equal(r.probability, 1);
    close(r.almtBound, 1 - 4 * Math.exp(-((100 - upper) ** 2) / 800), 1e-12, 'ALMT bound at m = n');
    assert.equal(r.almtBound.toFixed(2), '0.80');
    assert.equal(
      r.method,
      `ALMT Theorem II certifies no m < n at target 0.95: it would need m = ${need}, and its bound at m = n is 0.798; m = n works trivially (a square Gaussian A is invertible almost surely)`,
    );
    // the bound itself is below the target at m = n, and the asymptotic answer is unaffected
    assert.ok(r.almtBound < 0.95);
    assert.equal(p.provenance, 'asymptotic');
    assert.ok(p.m < 100);
  });

  it('without empirical data a structured ensemble gets the Gaussian baseline, marked as such', () => {
    for (const ensemble of ['partial-fourier', 'partial-real-fourier', 'partial-dct', 'partial-hadamard', 'rademacher', 'variable-density']) {
      const p = plan({ n: 256, k: 10, ensemble, empirical: () => null });
      const g = plan({ n: 256, k: 10 });
      assert.equal(p.m, g.m);
      assert.equal(p.provenance, 'asymptotic');
      assert.equal(p.empirical, null);
      assert.equal(p.rigorous, null);
      assert.equal(
        p.notes[0],
        `no empirical phase-transition data exists for ensemble '${ensemble}' (n = 256, signed): m is the Gaussian baseline (universality, THEORY.md section 7)`,
      );
    }
    assert.match(plan({ n: 256, k: 10, ensemble: 'variable-density' }).notes.join(' '), /exception to universality/);
    // every catalogue ensemble but the Gaussian one carries its universality note
    assert.match(plan({ n: 256, k: 10, ensemble: 'partial-hadamard' }).notes[1], /^random Hadamard rows match the Gaussian transition/);
    assert.match(plan({ n: 256, k: 10, ensemble: 'partial-fourier', signal: 'nonneg' }).notes.join(' '), /positivity alone/);
    assert.deepEqual(plan({ n: 256, k: 10 }).notes, []);
  });

  it('uses a stored empirical curve when the provider has one (with and without widths)', () => {
    const calls: unknown[] = [];
    const curve = (width?: number): EmpiricalCurve => ({
      ensemble: 'partial-dct',
      n: 200,
      signal: 'signed',
      source: 'experiment 7',
      // shifted 5% above the Gaussian curve: partial DCT doing slightly better in this fake data
      points: [0.2, 0.3, 0.4, 0.5].map((d) => ({
        delta: d,
        rho50: 1.05 * weakThreshold(d).rho,
        ...(width === undefined ? {} : { width }),
      })),
    });
    const provider = (ensemble: string, n: number, signal: string) => {
      calls.push([ensemble, n, signal]);
      return curve(0.02);
    };
    const p = plan({ n: 200, k: 20, ensemble: 'partial-dct', empirical: provider, target: 0.9 });
    assert.deepEqual(calls, [['partial-dct', 200, 'signed']]);
    assert.equal(p.provenance, 'empirical');
    assert.ok(p.empirical !== null);
    assert.match(p.empirical.method, /\[source: experiment 7\]$/);
    const P = (m: number) => normCdf((interpRho(curve(0.02), m / 200) - 20 / m) / 0.02);
    assert.ok(P(p.m) >= 0.9 && P(p.m - 1) < 0.9);
    assert.ok(p.m < p.asymptotic.m, 'the better empirical curve needs fewer measurements');
    // without widths: the empirical 50% point with the Gaussian width
    const q = plan({ n: 200, k: 20, ensemble: 'partial-dct', empirical: () => curve(), target: 0.9 });
    assert.equal(q.provenance, 'empirical');
    assert.match(q.empirical!.method, /Gaussian closed-form width/);
    // a curve that does not cover the answer is not extrapolated
    const narrow: EmpiricalCurve = { ensemble: 'rademacher', n: 200, signal: 'signed', points: [{ delta: 0.8, rho50: 0.6 }, { delta: 0.9, rho50: 0.7 }] };
    const r = plan({ n: 200, k: 20, ensemble: 'rademacher', empirical: () => narrow });
    assert.equal(r.provenance, 'asymptotic');
    assert.equal(r.empiricalSkipped.length, 1);
    assert.deepEqual(r.empiricalSkipped, [{ source: 'curve rademacher, signed, n = 200', reason: 'the stored empirical curve (delta in [0.8, 0.9]) does not contain the 50% point for k = 20' }]);
    assert.match(r.notes[0], /^no stored sweep applies to rademacher, signed, n = 200 .*so m is the Gaussian baseline/);
  });

  it('uses a stored curve only when it applies: same ensemble and signal, basis pursuit, n within 10%', () => {
    const pts = [0.2, 0.3, 0.4, 0.5].map((d) => ({ delta: d, rho50: 1.05 * weakThreshold(d).rho, width: 0.02 }));
    const c = (n: number, extra: Partial<EmpiricalCurve> = {}): EmpiricalCurve => ({ ensemble: 'partial-dct', n, signal: 'signed', points: pts, solver: 'bp-homotopy', trialsPerCell: 100, source: `sweep n${n}`, ...extra });
    const reference = plan({ n: 200, k: 20, ensemble: 'partial-dct', target: 0.9, empirical: () => c(200) });
    assert.equal(reference.provenance, 'empirical');
    assert.deepEqual(reference.warnings, []);
    assert.deepEqual(reference.notes.filter((t) => t.startsWith('the empirical curve')), []);
    // the practitioner's case: only an n = 100 sweep with 10-20 trials per cell
    const far = plan({ n: 200, k: 20, ensemble: 'partial-dct', target: 0.9, empirical: () => [c(100, { trialsPerCell: 10 })] });
    assert.equal(far.provenance, 'asymptotic');
    assert.equal(far.m, far.asymptotic.m);
    assert.equal(far.empirical, null);
    assert.deepEqual(far.empiricalSkipped, [{ source: 'sweep n100', reason: 'n = 100, not within 10% of n = 200' }]);
    assert.equal(
      far.notes[0],
      "no stored sweep applies to partial-dct, signed, n = 200 (a curve needs the same ensemble and signal model, a basis-pursuit solver and n within 10%), so m is the Gaussian baseline (universality, THEORY.md section 7); not used: sweep n100: n = 100, not within 10% of n = 200",
    );
    // every other mismatch is named
    const mixed = plan({
      n: 200,
      k: 20,
      ensemble: 'partial-dct',
      target: 0.9,
      empirical: () => [c(200, { ensemble: 'gaussian', source: 'a' }), c(200, { signal: 'nonneg', source: 'b' }), c(200, { solver: 'omp', basisPursuit: false, source: 'c' }), c(200, { unusable: 'only 1 delta column', source: 'd' })],
    });
    assert.equal(mixed.provenance, 'asymptotic');
    assert.deepEqual(mixed.empiricalSkipped, [
      { source: 'a', reason: 'ensemble gaussian, not partial-dct' },
      { source: 'b', reason: 'signal model nonneg, not signed' },
      { source: 'c', reason: 'solver omp does not solve basis pursuit' },
      { source: 'd', reason: 'only 1 delta column' },
    ]);
    const nonneg = plan({ n: 200, k: 20, ensemble: 'partial-dct', signal: 'nonneg', empirical: () => c(200, { signal: 'nonneg', basisPursuit: false }) });
    assert.deepEqual(nonneg.empiricalSkipped, [{ source: 'sweep n200', reason: 'solver bp-homotopy does not solve nonnegative basis pursuit' }]);
    // n within 10%: used, with a note; the same curve gives the same m as at its own n scaled by n
    const near = plan({ n: 210, k: 21, ensemble: 'partial-dct', target: 0.9, empirical: () => [c(100), c(190, { trialsPerCell: 20 })] });
    assert.equal(near.provenance, 'empirical');
    assert.match(near.empirical!.method, /\[source: sweep n190\]$/);
    assert.ok(near.notes.includes('the empirical curve was measured at n = 190, not 210: used because it is within 10% of n (delta = m/n, rho = k/m coordinates; its finite-n width is not rescaled)'));
    assert.deepEqual(near.warnings, [
      "the empirical curve rests on only 20 trials per cell (fewer than 50): a cell's success rate has a standard error up to 0.11, so the empirical m is uncertain; compare with the asymptotic m or run a sweep with more trials",
    ]);
    assert.deepEqual(near.empiricalSkipped, [{ source: 'sweep n100', reason: 'n = 100, not within 10% of n = 210' }]);
    const P = (m: number) => normCdf((interpRho(c(190), m / 210) - 21 / m) / 0.02);
    assert.ok(P(near.m) >= 0.9 && P(near.m - 1) < 0.9, `m = ${near.m}`);
    // the closest n wins over the provider's order; the other applicable curve is listed
    const two = plan({ n: 200, k: 20, ensemble: 'partial-dct', target: 0.9, empirical: () => [c(185), c(200)] });
    assert.equal(two.m, reference.m);
    assert.deepEqual(two.empiricalSkipped, [{ source: 'sweep n185', reason: 'another applicable curve was preferred (sweep n200)' }]);
  });

  it('rejects bad input with exact messages', () => {
    assert.throws(() => plan({ n: 100, k: 101 }), { message: 'plan: k: expected an integer in [1, n = 100], got 101' });
    assert.throws(() => plan({ n: -5, k: 1 }), { message: 'plan: n: expected an integer in [1, 1000000000], got -5' });
    assert.throws(() => plan({ n: 100.5, k: 1 }), { message: 'plan: n: expected an integer in [1, 1000000000], got 100.5' });
    for (const t of [0, 1, 1.5, -0.1, Number.NaN]) {
      assert.throws(() => plan({ n: 100, k: 5, target: t }), {
        message: `plan: target: expected a probability in (0, 1), got ${Number.isNaN(t) ? 'NaN' : t}`,
      });
    }
    assert.throws(() => plan({ n: 100, k: 5, ensemble: '' }), {
      message: 'plan: ensemble: expected one of gaussian, rademacher, partial-dct, partial-real-fourier, partial-fourier, partial-hadamard, variable-density, got ""',
    });
    // names of earlier releases are not guessed: 'hadamard' is 'partial-hadamard' now
    assert.throws(() => plan({ n: 100, k: 5, ensemble: 'hadamard' }), /plan: ensemble: expected one of .*, got "hadamard"/);
    assert.throws(() => plan({ n: 100, k: 5, empirical: 7 as never }), {
      message: 'plan: empirical: expected a function (ensemble, n, signal) => EmpiricalCurve | null, got 7',
    });
    const bad: EmpiricalCurve = { ensemble: 'rademacher', n: 100, signal: 'signed', points: [{ delta: 0.2, rho50: 0.3 }, { delta: 0.2, rho50: 0.4 }] };
    assert.throws(() => plan({ n: 100, k: 5, ensemble: 'rademacher', empirical: () => bad }), {
      message: 'plan: empirical curve point: expected distinct delta in (0, 1], rho50 > 0, width > 0 on all points or none, got delta 0.2, rho50 0.4, width undefined at index 1',
    });
  });

  it('caps n at 1e9 and says so (n = 2^32 used to hang: a bisection midpoint (a + b) >> 1 wrapped past 2^31)', () => {
    for (const n of [2 ** 32, 1e12, 1e9 + 1]) {
      assert.throws(() => plan({ n, k: 50 }), { message: `plan: n: expected an integer in [1, 1000000000], got ${n}` });
    }
  });

  it('at the largest n (1e9) the asymptotic m is still the smallest m reaching the target', () => {
    const n = 1e9;
    const p = plan({ n, k: 50 });
    const P = (m: number) => successProbability({ n, k: 50, m, signal: 'signed' }).probability;
    assert.ok(p.m > 50 && p.m < 10000, `m = ${p.m}`);
    assert.ok(P(p.m) >= 0.95 && P(p.m - 1) < 0.95, `m = ${p.m}`);
  });

  it('carries the statdim warnings at tiny n', () => {
    const p = plan({ n: 10, k: 2 });
    assert.ok(p.warnings.length >= 1);
    assert.match(p.warnings[0], /^n = 10 is tiny/);
  });
});

function interpRho(c: EmpiricalCurve, d: number): number {
  const p = c.points;
  let i = 1;
  while (i < p.length - 1 && p[i].delta < d) i++;
  const t = (d - p[i - 1].delta) / (p[i].delta - p[i - 1].delta);
  return p[i - 1].rho50 + t * (p[i].rho50 - p[i - 1].rho50);
}
