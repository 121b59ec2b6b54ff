/**
 * Sparsity in levels (src/predict/levels.ts, local-coherence.ts, threshold-risk.ts, levels-se.ts)
 * against independent references: test/fixtures/predict_levels.json (scripts/fixtures/
 * predict_levels.py: brute-force U = F W^T with PyWavelets and numpy, scipy quadrature for the
 * complex l1 transition) and the Donoho-Tanner weak threshold of ../shared/theory-reference-values.json.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bandSampling, dyadicBands, levelSparsity, radialBands, waveletLevels } from '../../src/predict/levels.ts';
import { aliasingMatrix, fourierCoupling, levelsTransition } from '../../src/predict/levels-se.ts';
import { fourierWaveletSpectra, levelCoherence, multilevelBound } from '../../src/predict/local-coherence.ts';
import { bestThreshold, transitionSparsity, zeroThresholdStats } from '../../src/predict/threshold-risk.ts';

const REF = JSON.parse(readFileSync('../shared/theory-reference-values.json', 'utf8'));
const FIX = JSON.parse(readFileSync(new URL('../fixtures/predict_levels.json', import.meta.url), 'utf8'));

function close(a: number, b: number, tol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: got ${a}, want ${b}`);
}

describe('predict/threshold-risk: the soft threshold in message passing', () => {
  it('real: min_alpha g(eps) = delta/(1 - delta) lands on the Donoho-Tanner weak threshold eps = rho_W delta (reference table, 1e-9)', () => {
    for (const r of REF.dt_plane_weak_threshold) {
      close(transitionSparsity(r.delta_m_over_n, 'real'), r.eps_k_over_n, 1e-9, `eps(${r.delta_m_over_n})`);
    }
  });

  it('complex: the transition is the statistical dimension of the complex l1 descent cone (scipy quadrature, 1e-9)', () => {
    for (const r of FIX.complexTransition) close(transitionSparsity(r.delta, 'complex'), r.eps, 1e-9, `complex eps(${r.delta})`);
  });

  it('complex: risk and divergence of the threshold on zeros match quadrature (1e-12)', () => {
    for (const r of FIX.complexZeroStats) {
      const z = zeroThresholdStats(r.alpha, 'complex');
      close(z.risk, r.risk, 1e-12, `risk(${r.alpha})`);
      close(z.divergence, r.divergence, 1e-12, `divergence(${r.alpha})`);
    }
  });

  it('g is infinite on dense signals and the field is checked', () => {
    assert.equal(bestThreshold(1, 'real').g, Infinity);
    assert.throws(() => bestThreshold(0.1, 'quaternion' as never), { message: "bestThreshold: field: expected 'real' or 'complex', got \"quaternion\"" });
  });
});

describe('predict/levels: partitions and per-level counts', () => {
  it('wavelet levels of 8 x 8 with 2 scales have 4, 12 and 48 coefficients; subbands split them by orientation', () => {
    assert.deepEqual(Array.from(waveletLevels(8, 8, 2).sizes), [4, 12, 48]);
    assert.deepEqual(Array.from(waveletLevels(8, 8, 2, { subbands: true }).sizes), [4, 4, 4, 4, 16, 16, 16]);
  });

  it('levels and dyadic bands match the brute-force fixture labels', () => {
    const c = FIX.coherence;
    assert.deepEqual(Array.from(waveletLevels(c.ny, c.nx, c.levels).labels), c.levelLabels);
    assert.deepEqual(Array.from(dyadicBands(c.ny, c.nx, c.levels, { centered: true }).labels), c.bands);
  });

  it('levelSparsity counts the best s-term approximation per level as numpy does', () => {
    const f = FIX.levelSparsity;
    const r = levelSparsity(Float64Array.from(f.coeffs), waveletLevels(f.ny, f.nx, f.levels), { energy: f.energy });
    assert.equal(r.total, f.total);
    assert.deepEqual(
      r.levels.map((l) => l.sparsity),
      f.sparsity,
    );
    close(r.threshold, f.threshold, 1e-15, 'threshold');
  });

  it('bandSampling counts a mask per band; bad input gets one clear error', () => {
    const bands = radialBands(4, 4, 2, { centered: true });
    const mask = new Uint8Array(16).fill(1);
    const rows = bandSampling(mask, bands);
    assert.equal(
      rows.reduce((a, r) => a + r.sampled, 0),
      16,
    );
    assert.ok(rows.every((r) => r.fraction === 1));
    assert.throws(() => bandSampling(new Uint8Array(15), bands), { message: 'bandSampling: mask: expected 16 entries (one per index of the bands), got Uint8Array of length 15' });
    mask[3] = 2;
    assert.throws(() => bandSampling(mask, bands), { message: 'bandSampling: mask value at entry 3: expected 0 or 1, got 2' });
    assert.throws(() => levelSparsity(new Float64Array(3), waveletLevels(8, 8, 2)), { message: 'levelSparsity: coefficients: expected a Float64Array of 64 values (64 coefficients), got Float64Array of length 3' });
  });
});

describe('predict/local-coherence: local coherences from the atom spectra', () => {
  const c = FIX.coherence;
  const sp = fourierWaveletSpectra(c.ny, c.nx, { wavelet: c.wavelet, levels: c.levels, centered: true });
  const coh = levelCoherence(sp, dyadicBands(c.ny, c.nx, c.levels, { centered: true }), waveletLevels(c.ny, c.nx, c.levels));

  it('block coherences, local coherences and energy shares equal those of the formed matrix U = F W^T (1e-12)', () => {
    for (let b = 0; b <= c.levels; b++) {
      for (let l = 0; l <= c.levels; l++) {
        close(coh.block[b][l], c.block[b][l], 1e-12, `block(${b}, ${l})`);
        close(coh.local[b][l], c.local[b][l], 1e-12, `local(${b}, ${l})`);
        close(coh.energy[b][l], c.energy[b][l], 1e-12, `energy(${b}, ${l})`);
      }
    }
  });

  it('the multilevel bound is labelled sufficient with C = 1 and is met by full sampling', () => {
    const bands = dyadicBands(c.ny, c.nx, c.levels, { centered: true });
    const b = multilevelBound(coh, Array.from(bands.sizes), [1, 2, 3], { sampled: Array.from(bands.sizes) });
    assert.equal(b.satisfied, true);
    assert.match(b.provenance, /C not given, taken as 1/);
    assert.throws(() => multilevelBound(coh, [1, 2], [1, 2, 3]), { message: 'multilevelBound: band sizes: expected 3 sizes (one per band), got array of length 2' });
  });
});

describe('predict/levels-se: the state evolution in levels', () => {
  const c = FIX.coherence;
  const sp = fourierWaveletSpectra(c.ny, c.nx, { wavelet: c.wavelet, levels: c.levels, centered: true });
  const bands = dyadicBands(c.ny, c.nx, c.levels, { centered: true });
  const coupling = fourierCoupling(sp, bands);

  it('the sampled energy share of every subband equals sum_k p_k |U_kj|^2 of the formed matrix (1e-12)', () => {
    const eff = aliasingMatrix(coupling, FIX.effective.fractions).effective;
    FIX.effective.pbar.forEach((v: number, s: number) => {
      close(eff[s], v, 1e-12, `pbar(${s})`);
    });
  });

  it('one level, uniform sampling: rho(K) = 1 exactly at the complex l1 transition (both linear models)', () => {
    const one = fourierCoupling(sp, radialBands(c.ny, c.nx, 1, { centered: true }));
    for (const r of FIX.complexTransition.filter((x: { delta: number }) => x.delta >= 0.2)) {
      const eps = new Array(coupling.S).fill(r.eps);
      for (const model of ['subband', 'compensated'] as const) {
        close(levelsTransition(one, [r.delta], eps, 'complex', model).radius, 1, 1e-6, `radius at delta ${r.delta} (${model})`);
        assert.equal(levelsTransition(one, [r.delta], eps.map((e) => 0.8 * e), 'complex', model).stable, true);
        assert.equal(levelsTransition(one, [r.delta], eps.map((e) => Math.min(1, 1.2 * e)), 'complex', model).stable, false);
      }
    }
  });

  it('rejects a fraction list of the wrong length', () => {
    assert.throws(() => aliasingMatrix(coupling, [0.5]), { message: 'aliasingMatrix: sampling fractions: expected 3 numbers in [0, 1] (one per band), got array of length 1' });
  });
});
