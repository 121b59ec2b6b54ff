import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { faceCountExponents, faceCountPeak } from '../../src/predict/facecount.ts';
import { l1Psi } from '../../src/predict/statdim.ts';
import { almtCurve, dtCurve, weakThreshold } from '../../src/predict/transition.ts';

const REF = JSON.parse(readFileSync('../shared/theory-reference-values.json', 'utf8'));

function close(a: number, b: number, rel: number, what: string): void {
  const err = Math.abs(a - b);
  assert.ok(err <= rel * Math.abs(b), `${what}: got ${a}, want ${b} (rel err ${err / Math.abs(b)} > ${rel})`);
}

const SIGNALS = ['signed', 'nonneg'] as const;

describe('theory/transition: weak threshold rho_W(delta) by three routes', () => {
  it('psi inversion, DMM minimax and face counting each match the reference table to 1e-12', () => {
    for (const r of REF.dt_plane_weak_threshold) {
      const d = r.delta_m_over_n;
      const want = { signed: r.rho_W_statdim, nonneg: r.rho_W_nonneg_statdim };
      for (const sig of SIGNALS) {
        close(weakThreshold(d, { signal: sig }).rho, want[sig], 1e-12, `statdim route ${sig} delta=${d}`);
        close(weakThreshold(d, { signal: sig, method: 'dmm' }).rho, want[sig], 1e-12, `dmm route ${sig} delta=${d}`);
        close(weakThreshold(d, { signal: sig, method: 'facecount' }).rho, want[sig], 1e-12, `facecount ${sig} delta=${d}`);
      }
      close(weakThreshold(d).eps, r.eps_k_over_n, 1e-12, `eps(${d})`);
      close(weakThreshold(d, { method: 'dmm' }).rho, r.rho_W_dmm_minimax, 1e-12, 'dmm column');
      close(weakThreshold(d, { method: 'facecount' }).rho, r.rho_W_facecount, 1e-12, 'facecount column');
      close(weakThreshold(d, { signal: 'nonneg', method: 'dmm' }).rho, r.rho_W_nonneg_dmm_minimax, 1e-12, 'dmm+ column');
      close(weakThreshold(d, { signal: 'nonneg', method: 'facecount' }).rho, r.rho_W_nonneg_facecount, 1e-12, 'fc+');
    }
  });

  it('the three routes agree to 1e-9 (in fact ~1e-14) on a fine delta grid, signed and nonneg', () => {
    let worst = 0;
    for (const sig of SIGNALS) {
      for (let i = 1; i < 100; i++) {
        const d = i / 100;
        const a = weakThreshold(d, { signal: sig }).rho;
        const b = weakThreshold(d, { signal: sig, method: 'dmm' }).rho;
        const c = weakThreshold(d, { signal: sig, method: 'facecount' }).rho;
        worst = Math.max(worst, Math.abs(a - b), Math.abs(a - c), Math.abs(b - c));
      }
      for (const d of [1e-6, 1e-3, 0.999]) {
        const a = weakThreshold(d, { signal: sig }).rho;
        close(weakThreshold(d, { signal: sig, method: 'dmm' }).rho, a, 1e-9, `dmm at ${d}`);
        close(weakThreshold(d, { signal: sig, method: 'facecount' }).rho, a, 1e-9, `facecount at ${d}`);
      }
    }
    assert.ok(worst < 1e-13, `max disagreement ${worst}`);
  });

  it('eps = rho_W delta inverts psi: psi(eps) = delta', () => {
    for (const sig of SIGNALS) {
      for (const d of [0.02, 0.37, 0.81]) {
        const p = weakThreshold(d, { signal: sig });
        close(l1Psi(p.eps, sig), d, 1e-14, `psi(eps(${d}))`);
        close(p.eps, p.rho * d, 1e-15, 'eps = rho delta');
      }
    }
  });

  it('the minimax AMP threshold alpha is the same from the psi and DMM routes and matches the reference', () => {
    for (const r of REF.dt_plane_weak_threshold) {
      const d = r.delta_m_over_n;
      for (const sig of SIGNALS) {
        const a = weakThreshold(d, { signal: sig }).alpha;
        const b = weakThreshold(d, { signal: sig, method: 'dmm' }).alpha;
        close(b, a, 1e-12, `alpha routes ${sig} ${d}`);
        // The reference z is the argmax of a smooth maximisation, located only to ~sqrt(eps):
        // it carries ~1e-8 relative error, hence 1e-7 here (our alpha solves the stationarity
        // equation to 1e-15, asserted by the routes' 1e-12 agreement above).
        const want = sig === 'signed' ? r.amp_minimax_threshold_z : r.amp_minimax_threshold_z_nonneg;
        close(a, want, 1e-7, `alpha ${sig} ${d}`);
      }
    }
  });
});

describe('theory/transition: curves and limits', () => {
  it('dtCurve is increasing in delta, from 0 to rho_W(1) = 1, and stays below 1', () => {
    const grid = Float64Array.from({ length: 200 }, (_, i) => (i + 1) / 200);
    for (const sig of SIGNALS) {
      const c = dtCurve(grid, { signal: sig });
      for (let i = 1; i < grid.length; i++) assert.ok(c.rho[i] > c.rho[i - 1], `not increasing at ${grid[i]}`);
      assert.equal(c.rho[grid.length - 1], 1);
      assert.ok(c.rho[0] > 0 && c.rho[grid.length - 2] < 1);
    }
    // nonneg recovers more: rho_W+ > rho_W
    const s = dtCurve([0.1, 0.5, 0.9]);
    const n = dtCurve([0.1, 0.5, 0.9], { signal: 'nonneg' });
    for (let i = 0; i < 3; i++) assert.ok(n.rho[i] > s.rho[i]);
  });

  it('approaches 1/(2 log(1/delta)) slowly as delta -> 0 (Donoho & Tanner 2009a)', () => {
    const ratio = (d: number) => weakThreshold(d).rho * 2 * Math.log(1 / d);
    for (const r of REF.dt_plane_weak_threshold) {
      close(1 / (2 * Math.log(1 / r.delta_m_over_n)), r.small_delta_asymptote_1_over_2log_1_over_delta, 1e-14, 'asy');
    }
    // THEORY.md: delta = 0.05 gives 0.154 against 0.167; the ratio overshoots 1 and then decays to 1
    close(weakThreshold(0.05).rho, 0.154361, 1e-5, 'rho_W(0.05)');
    const r = [1e-12, 1e-40, 1e-100, 1e-300].map(ratio);
    for (let i = 1; i < r.length; i++) assert.ok(Math.abs(r[i] - 1) < Math.abs(r[i - 1] - 1), `ratios ${r}`);
    assert.ok(Math.abs(r[3] - 1) < 0.005, `ratio at 1e-300: ${r[3]}`);
  });

  it('almtCurve gives delta = psi(rho) and the DT coordinates of the reference table', () => {
    const rhos = REF.l1_statistical_dimension.map((r: { rho_k_over_n: number }) => r.rho_k_over_n);
    const c = almtCurve(rhos);
    const cn = almtCurve(rhos, { signal: 'nonneg' });
    REF.l1_statistical_dimension.forEach((r: Record<string, number>, i: number) => {
      close(c.delta[i], r.dt_delta_m_over_n, 1e-12, 'almt delta');
      close(c.rhoDT[i], r.dt_rho_k_over_m, 1e-12, 'almt rhoDT');
      close(cn.rhoDT[i], r.dt_rho_k_over_m_nonneg, 1e-12, 'almt rhoDT+');
    });
    // the two coordinate systems describe one curve
    const p = weakThreshold(c.delta[3]);
    close(p.rho, c.rhoDT[3], 1e-13, 'DT and ALMT curves coincide');
  });

  it('rejects bad grids and methods with exact messages', () => {
    assert.throws(() => weakThreshold(0), { message: 'weakThreshold: delta: expected a number in (0, 1], got 0' });
    assert.throws(() => weakThreshold(1.5), { message: 'weakThreshold: delta: expected a number in (0, 1], got 1.5' });
    assert.throws(() => weakThreshold(0.5, { method: 'lp' as never }), {
      message: `weakThreshold: method: expected 'statdim', 'dmm' or 'facecount', got "lp"`,
    });
    assert.throws(() => dtCurve([0.5, Number.NaN]), { message: 'dtCurve: delta: expected numbers in (0, 1], got NaN at index 1' });
    assert.throws(() => almtCurve([0.2, -1]), { message: 'almtCurve: rho: expected numbers in (0, 1], got -1 at index 1' });
  });
});

describe('theory/facecount: the net exponent peaks at nu = psi(eps) with value 0', () => {
  it('matches facecount_peak_equals_statdim (peak to 1e-12, exponent ~0 to 1e-14)', () => {
    for (const r of REF.facecount_peak_equals_statdim) {
      const eps = r.eps_k_over_n;
      const s = faceCountPeak(eps);
      const n = faceCountPeak(eps, 'nonneg');
      close(s.nu, r.psi_signed, 1e-12, `peak signed eps=${eps}`);
      close(n.nu, r.psi_nonneg, 1e-12, `peak nonneg eps=${eps}`);
      close(s.nu, r.peak_nu_signed, 1e-12, 'reference peak');
      assert.ok(Math.abs(s.net) < 1e-14 && Math.abs(n.net) < 1e-14, `net at peak ${s.net}, ${n.net}`);
    }
  });

  it('is negative away from the peak and its slope changes sign there', () => {
    const eps = 0.1;
    const peak = l1Psi(eps);
    for (const nu of [0.15, 0.25, 0.4, 0.6, 0.9]) {
      const e = faceCountExponents(nu, eps);
      assert.ok(e.net < 0, `psi_net(${nu}) = ${e.net}`);
      assert.equal(Math.sign(e.slope), nu < peak ? 1 : -1);
    }
    assert.throws(() => faceCountExponents(0.05, 0.1), {
      message: 'faceCountExponents: nu: expected a number in (eps, 1) = (0.1, 1), got 0.05',
    });
  });
});
