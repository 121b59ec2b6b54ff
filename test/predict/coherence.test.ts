import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { svdValues } from '../../src/core/dense/svd.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { adjoint, compose } from '../../src/linops/combinators.ts';
import { partialDct1, partialDct2 } from '../../src/linops/dct.ts';
import { dft2, partialDft1, partialDft2 } from '../../src/linops/fourier.ts';
import { wavelet1, wavelet2 } from '../../src/linops/wavelet.ts';
import {
  babel,
  coherenceGuarantees,
  coherenceReport,
  mutualCoherence,
  sparkLowerBounds,
  welchBound,
} from '../../src/predict/coherence.ts';
import { dctCoherence } from '../../src/predict/dct-coherence.ts';
import { fourierBabel, fourierCoherence, maskPsf, psfSideLobe } from '../../src/predict/psf.ts';
import { fourierWaveletCoherence, fourierWaveletLocalCoherence } from '../../src/predict/tpsf.ts';
import { CE, close, identityHadamard, partialDct16x64 } from '../theory/certify-helpers.ts';

function randomMask(n: number, m: number, seed: number): Uint8Array {
  const u = new Uint8Array(n);
  for (const i of createRng(seed).sampleWithoutReplacement(n, m, new Int32Array(m))) u[i] = 1;
  return u;
}

describe('theory/coherence: the reference matrices of coherence_examples', () => {
  it('[I_16, H_16/4]: coherence, Welch bound, Babel function, spark bounds and guarantees', () => {
    const ref = CE.identity_plus_hadamard_16x32;
    const r = coherenceReport(identityHadamard(), { pMax: 6 });
    close(r.coherence, ref.coherence, 1e-15, 'mu');
    close(r.welch, ref.welch_bound, 1e-15, 'Welch');
    ref.babel_mu1_p1_to_6.forEach((b: number, i: number) => {
      close(r.babel[i], b, 1e-14, `mu_1(${i + 1})`);
    });
    assert.equal(r.guarantees.kCoherence, ref['k_max_coherence_guarantee_k_lt_(1+1/mu)/2']);
    assert.equal(r.guarantees.kBabel, ref['k_max_babel_guarantee_mu1(k-1)+mu1(k)<1']);
    close(r.spark.coherence, ref.spark_lower_bound_1_plus_1_over_mu, 1e-14, '1 + 1/mu');
    assert.equal(r.spark.babel, ref.spark_lower_bound_babel);
    assert.equal(r.twoOrthobases, true);
    close(r.spark.twoOrthobases!, ref.spark_two_orthobases_bound_2_over_mu, 1e-14, '2/mu');
    close(
      r.guarantees.twoOrthobasesBound!,
      ref['elad_bruckstein_bp_bound_(sqrt2-0.5)/mu'],
      1e-14,
      '(sqrt2 - 1/2)/mu',
    );
    assert.equal(r.guarantees.kTwoOrthobases, 3);
    // the spark lower bound is attained: the witness columns are dependent, so spark = 8
    assert.equal(r.spark.lower, ref.spark_true);
    const A = identityHadamard();
    const W: number[] = ref.spark_witness_null_vector_support;
    const sub = new Float64Array(16 * W.length);
    for (let i = 0; i < 16; i++) {
      W.forEach((j, t) => {
        sub[i * W.length + t] = A.data[i * 32 + j];
      });
    }
    const sv = svdValues({ rows: 16, cols: W.length, data: sub });
    assert.ok(sv[sv.length - 1] < 1e-14, `witness columns independent? sigma_min = ${sv[sv.length - 1]}`);
  });

  it('the 16 x 64 partial DCT: coherence, Welch bound, Babel function and spark bound, dense and fast routes', () => {
    const ref = CE.partial_dct_16x64;
    const r = coherenceReport(partialDct16x64(), { pMax: 6 });
    close(r.coherence, ref.coherence, 1e-14, 'mu');
    close(r.welch, ref.welch_bound, 1e-15, 'Welch');
    ref.babel_mu1_p1_to_6.forEach((b: number, i: number) => {
      close(r.babel[i], b, 1e-14, `mu_1(${i + 1})`);
    });
    assert.equal(r.spark.babel, ref.spark_lower_bound_babel);
    assert.equal(r.twoOrthobases, false);
    assert.equal(r.guarantees.kCoherence, 1);
    close(dctCoherence([64], ref.rows_R).coherence, ref.coherence, 1e-14, 'mu (fast DCT route)');
    close(
      mutualCoherence(partialDct1(64, ref.rows_R)).coherence,
      ref.coherence,
      1e-14,
      'mu (partialDct1 operator)',
    );
  });

  it('the guarantee helpers treat exact integer bounds as strict inequalities', () => {
    assert.equal(coherenceGuarantees(1 / 3).kCoherence, 1); // (1 + 3)/2 = 2 is not < 2
    assert.equal(coherenceGuarantees(0.2).kStable, 1); // (1 + 5)/4 = 1.5
    assert.equal(coherenceGuarantees(0.5, [0.5, 0.9]).kBabel, 1); // mu_1(1) + mu_1(2) = 1.4
    assert.equal(sparkLowerBounds(0.25, 3).lower, 4); // capped at m + 1
    assert.equal(welchBound(16, 16), 0);
  });
});

describe('theory/psf: fast coherence of Fourier masks equals the dense Gram route', () => {
  it('1-D masks: coherence and Babel function agree to 1e-12 (fast-check over sizes and densities)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 96 }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        fc.nat(1000),
        (n, frac, seed) => {
          const m = Math.max(1, Math.min(n - 1, Math.round(frac * n)));
          const mask = randomMask(n, m, seed);
          const dense = mutualCoherence(partialDft1(n, mask)).coherence;
          const fast = fourierCoherence([n], mask).coherence;
          assert.ok(Math.abs(fast - dense) <= 1e-12, `n=${n} m=${m}: ${fast} vs ${dense}`);
          const p = Math.min(4, n - 1);
          const bd = babel(partialDft1(n, mask), p);
          const bf = fourierBabel([n], mask, p);
          for (let i = 0; i < p; i++) assert.ok(Math.abs(bd[i] - bf[i]) <= 1e-12, `babel(${i + 1})`);
        },
      ),
      { numRuns: 25, seed: 4 },
    );
  });

  it('2-D masks (centred or not, even and odd sizes) agree to 1e-12', () => {
    const shapes: [number, number][] = [
      [16, 16],
      [8, 12],
      [15, 9],
      [7, 7],
    ];
    let seed = 1;
    for (const [ny, nx] of shapes) {
      for (const centered of [false, true]) {
        const n = ny * nx;
        const mask = randomMask(n, Math.round(0.3 * n), seed++);
        const dense = mutualCoherence(partialDft2(ny, nx, mask, { centered })).coherence;
        const fast = fourierCoherence([ny, nx], mask, { centered });
        assert.ok(
          Math.abs(fast.coherence - dense) <= 1e-12,
          `${ny}x${nx} centred=${centered}: ${fast.coherence} vs ${dense}`,
        );
        close(fast.welch, welchBound(fast.m, n), 1e-15, 'Welch');
      }
    }
  });

  it('the PSF is normalised, its side lobe is the coherence, and masks given as index lists work', () => {
    const mask = randomMask(64, 20, 9);
    const idx = Array.from(mask.keys()).filter((i) => mask[i]);
    const p = maskPsf([8, 8], idx);
    assert.equal(p.psf[0], 1);
    assert.equal(p.psf[1], 0);
    assert.equal(psfSideLobe([8, 8], mask), p.sideLobe);
    // a diagonal mask aliases exactly along the shift (1, -1)
    const d = maskPsf([4, 4], [0, 5, 10, 15]);
    close(d.sideLobe, 1, 1e-15, 'diagonal mask side lobe');
    // rows 0, 1 of the 8-point DFT: cos(pi/8)
    close(fourierCoherence([8], [0, 1]).coherence, Math.cos(Math.PI / 8), 1e-15, 'two adjacent rows');
  });

  it('the partial DCT by its Toeplitz + Hankel Gram equals the dense route (1-D and 2-D)', () => {
    let seed = 30;
    for (const n of [5, 17, 64, 100]) {
      const mask = randomMask(n, Math.max(2, Math.round(0.4 * n)), seed++);
      const dense = mutualCoherence(partialDct1(n, mask)).coherence;
      assert.ok(Math.abs(dctCoherence([n], mask).coherence - dense) <= 1e-12, `n=${n}`);
    }
    for (const [ny, nx] of [
      [8, 8],
      [6, 10],
      [9, 7],
    ]) {
      const mask = randomMask(ny * nx, Math.round(0.35 * ny * nx), seed++);
      const dense = mutualCoherence(partialDct2(ny, nx, mask)).coherence;
      assert.ok(Math.abs(dctCoherence([ny, nx], mask).coherence - dense) <= 1e-12, `${ny}x${nx}`);
    }
  });
});

describe('theory/tpsf: Fourier-wavelet coherence without n x n matrices', () => {
  it('equals the dense coherence of S F W^T (2-D: haar, db2, db4; centred or not; 1-D: db3)', () => {
    const mask = randomMask(256, 70, 11);
    for (const centered of [false, true]) {
      for (const wavelet of ['haar', 'db2', 'db4']) {
        const A = compose(
          partialDft2(16, 16, mask, { centered }),
          adjoint(wavelet2(16, 16, { wavelet, levels: 2 })),
        );
        const fast = fourierWaveletCoherence([16, 16], mask, { centered, wavelet, levels: 2 });
        const dense = mutualCoherence(A).coherence;
        assert.ok(
          Math.abs(fast.coherence - dense) <= 1e-12,
          `${wavelet} centred=${centered}: ${fast.coherence} vs ${dense}`,
        );
        assert.ok(fast.sidelobeToPeak >= fast.coherence * 0.2 && fast.sidelobeToPeak > 0);
      }
    }
    const m1 = randomMask(64, 24, 12);
    const A1 = compose(partialDft1(64, m1), adjoint(wavelet1(64, { wavelet: 'db3', levels: 3 })));
    assert.ok(
      Math.abs(
        fourierWaveletCoherence([64], m1, { wavelet: 'db3', levels: 3 }).coherence -
          mutualCoherence(A1).coherence,
      ) <= 1e-12,
    );
  });

  it('the side-lobe-to-peak ratio equals max |G_ij|/G_jj of the dense Gram', () => {
    const mask = randomMask(64, 20, 13);
    const A = compose(partialDft2(8, 8, mask), adjoint(wavelet2(8, 8, { wavelet: 'haar', levels: 2 })));
    const e = new Float64Array(128);
    const cols: Float64Array[] = [];
    for (let j = 0; j < 64; j++) {
      e.fill(0);
      e[2 * j] = 1;
      cols.push(A.apply(e, new Float64Array(2 * A.rows)));
    }
    const dot = (a: Float64Array, b: Float64Array) => {
      let re = 0;
      let im = 0;
      for (let i = 0; i < a.length; i += 2) {
        re += a[i] * b[i] + a[i + 1] * b[i + 1];
        im += a[i] * b[i + 1] - a[i + 1] * b[i];
      }
      return Math.hypot(re, im);
    };
    let want = 0;
    for (let j = 0; j < 64; j++) {
      const gjj = dot(cols[j], cols[j]);
      for (let i = 0; i < 64; i++) if (i !== j) want = Math.max(want, dot(cols[i], cols[j]) / gjj);
    }
    close(
      fourierWaveletCoherence([8, 8], mask, { wavelet: 'haar', levels: 2 }).sidelobeToPeak,
      want,
      1e-12,
      'side lobe to peak',
    );
  });

  it('full sampling gives an orthonormal system (coherence 0); a band the mask misses is an error', () => {
    const full = fourierWaveletCoherence([8, 8], new Uint8Array(64).fill(1), { wavelet: 'haar', levels: 2 });
    assert.ok(full.coherence < 1e-14, `coherence ${full.coherence}`);
    assert.throws(() => fourierWaveletCoherence([8, 8], [0], { wavelet: 'haar', levels: 2 }), {
      message:
        'fourierWaveletCoherence: wavelet band (detail-x, level 2): expected a nonzero column: the mask must sample part of every band spectrum, got zero norm',
    });
  });

  it('local coherence mu_k = max_i |<f_k, psi_i>| matches the dense computation; 1/sqrt(n) for the identity', () => {
    const n = 64;
    const W = wavelet2(8, 8, { wavelet: 'db2', levels: 2 });
    const F = dft2(8, 8);
    const lc = fourierWaveletLocalCoherence([8, 8], { wavelet: 'db2', levels: 2 });
    const want = new Float64Array(n);
    const e = new Float64Array(2 * n);
    const atom = new Float64Array(2 * n);
    const spec = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      e.fill(0);
      e[2 * i] = 1;
      W.adjoint(e, atom);
      F.apply(atom, spec);
      for (let k = 0; k < n; k++) want[k] = Math.max(want[k], Math.hypot(spec[2 * k], spec[2 * k + 1]));
    }
    for (let k = 0; k < n; k++) close(lc.mu[k], want[k], 1e-13, `mu_${k}`);
    const id = fourierWaveletLocalCoherence([64], { levels: 0 });
    for (let k = 0; k < 64; k++) close(id.mu[k], 1 / 8, 1e-14, `identity mu_${k}`);
    close(id.sumSquares, 1, 1e-13, 'sum mu^2');
    // centred layout puts DC (the largest value for wavelets) at the centre
    const c = fourierWaveletLocalCoherence([8, 8], { wavelet: 'db2', levels: 2, centered: true });
    close(c.mu[4 * 8 + 4], lc.mu[0], 1e-15, 'DC at the centre');
  });
});

describe('theory/coherence: bad input', () => {
  it('gives exact messages', () => {
    assert.throws(() => mutualCoherence({ rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 0) }), {
      message:
        'mutualCoherence: column 1: expected a nonzero column (coherence needs unit-normalisable columns), got a zero column',
    });
    assert.throws(() => mutualCoherence({ rows: 1, cols: 2, data: Float64Array.of(1, Number.NaN) }), {
      message: 'mutualCoherence: A: expected finite values, got NaN at index 1',
    });
    assert.throws(() => fourierCoherence([8], [3, 8]), {
      message: 'fourierCoherence: mask[1]: expected an integer index in [0, 7], got 8',
    });
    assert.throws(() => fourierCoherence([8], [3, 3]), {
      message: 'fourierCoherence: mask: expected distinct indices, got index 3 twice',
    });
    assert.throws(() => maskPsf([4, 0] as unknown as [number, number], [0]), {
      message: 'maskPsf: shape: expected [n] or [ny, nx] with positive integer sizes, got [4,0]',
    });
    assert.throws(() => babel(identityHadamard(), 40), {
      message: 'babel: pMax: expected an integer in [1, 31], got 40',
    });
    assert.throws(() => welchBound(0, 4), { message: 'welchBound: m: expected an integer >= 1, got 0' });
    assert.throws(() => fourierWaveletCoherence([12, 12], [0, 1], { levels: 3 }), {
      message:
        'fourierWaveletCoherence: levels: expected an integer in [0, 2] (2^levels must divide the size 12x12), got 3',
    });
  });
});
