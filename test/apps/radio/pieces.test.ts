import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ANGLE_UNITS,
  averageVisibilities,
  checkCell,
  coverageStats,
  dftDirtyImage,
  dftPredict,
  formatAngle,
  hermitianPoints,
  imagingWeights,
  parseAngle,
  visibilitiesFromEhtText,
  visibilitiesFromUvfits,
} from '../../../src/apps/radio/index.ts';
import { readEhtText, readUvfits, type Uvfits, writeUvfits } from '../../../src/io/index.ts';
import { smallUvfits } from '../../../scripts/fixtures/fits_written.ts';

const MAS = Math.PI / 180 / 3600 / 1000;

describe('parseAngle and formatAngle', () => {
  it('reads every unit: 2uas, 0.1mas, 1arcsec, 5arcmin, 0.01deg, 1e-9rad, µas and " aliases', () => {
    assert.equal(parseAngle('2uas'), 2 * ANGLE_UNITS.uas);
    assert.equal(parseAngle('0.1mas'), 0.1 * MAS);
    assert.equal(parseAngle('1arcsec'), Math.PI / 180 / 3600);
    assert.equal(parseAngle('5arcmin'), (5 * Math.PI) / 180 / 60);
    assert.equal(parseAngle('0.01deg'), (0.01 * Math.PI) / 180);
    assert.equal(parseAngle('1e-9rad'), 1e-9);
    assert.equal(parseAngle('3 µas'), parseAngle('3uas'));
    assert.equal(parseAngle('1.5"'), parseAngle('1.5arcsec'));
    // 1 uas is 4.848e-12 rad (independent: 1 / 206264.806 arcsec per radian / 1e6)
    assert.ok(Math.abs(parseAngle('1uas') / (1 / 206264.80624709636 / 1e6) - 1) < 1e-15);
  });
  it('refuses a bare number, an unknown unit, zero and negatives, naming the option', () => {
    const expected = 'a positive number with a unit: uas, mas, arcsec, arcmin, deg or rad (e.g. 2uas, 0.1mas, 1arcsec)';
    for (const bad of ['2', '2 parsecs', '0mas', '-1mas', 'mas']) {
      assert.throws(() => parseAngle(bad, 'option --cell'), { message: `parseAngle: option --cell: expected ${expected}, got ${JSON.stringify(bad)}` });
    }
  });
  it('formatAngle picks the unit and parseAngle reads it back (property, seeded)', () => {
    fc.assert(
      fc.property(fc.double({ min: 5e-12, max: 1e-2, noNaN: true }), (x) => {
        const t = formatAngle(x, 6).replace(' ', '');
        return Math.abs(parseAngle(t) / x - 1) < 1e-5;
      }),
      { seed: 16, numRuns: 200 },
    );
    assert.equal(formatAngle(parseAngle('25uas'), 1), '25.0 uas');
    assert.equal(formatAngle(parseAngle('1.2mas'), 1), '1.2 mas');
  });
});

describe('the cell check names the file, the baseline and the right cell', () => {
  it('a cell above 1/(2 u_max) warns; at or below it does not', () => {
    const c = coverageStats({ n: 2, u: Float64Array.of(1e9, 2e8), v: Float64Array.of(0, 1e8), ant1: Int32Array.of(1, 1), ant2: Int32Array.of(2, 3) });
    assert.equal(checkCell(c.nyquistCell, c, 'obs.uvfits'), null);
    assert.equal(
      checkCell(parseAngle('0.2mas'), c, 'obs.uvfits'),
      'obs.uvfits: cell 200.00 uas undersamples the longest baseline (1.00 Glambda): use a cell <= 103.13 uas (1/(2 u_max)); suggested 51.57 uas (1/(4 u_max))',
    );
    // 1/(2e9) rad = 103.13 uas: independent arithmetic
    assert.ok(Math.abs(1 / 2e9 / ANGLE_UNITS.uas - 103.1324031235482) < 1e-9);
  });
});

describe('the exact DFT reference', () => {
  const u = Float64Array.of(1.3e9, -4.1e8, 2.2e9, 7e8);
  const v = Float64Array.of(-5e8, 9.1e8, 3.3e8, -1.9e9);
  const cell = 4 * ANGLE_UNITS.uas;
  it('a point at pixel (r, c) has V = exp(+2 pi i (u l_c + v m_r)) with l_c = -(c - N/2) cell, m_r = (r - N/2) cell', () => {
    const n = 16;
    const sky = new Float64Array(n * n);
    sky[3 * n + 11] = 2;
    const vis = dftPredict(sky, n, cell, u, v);
    for (let k = 0; k < u.length; k++) {
      const p = 2 * Math.PI * (u[k] * -(11 - 8) * cell + v[k] * (3 - 8) * cell);
      assert.ok(Math.abs(vis[2 * k] - 2 * Math.cos(p)) < 1e-13 && Math.abs(vis[2 * k + 1] - 2 * Math.sin(p)) < 1e-13);
    }
  });
  it('the dirty image of a point is the PSF shifted to the point (I_D = PSF * I)', () => {
    const n = 16;
    const sky = new Float64Array(n * n);
    sky[8 * n + 8] = 1;
    const vis = dftPredict(sky, n, cell, u, v);
    const w = Float64Array.of(1, 2, 0.5, 3);
    const { image, psf } = dftDirtyImage({ n: 4, u, v, vis }, w, n, cell);
    for (let i = 0; i < n * n; i++) assert.ok(Math.abs(image[i] - psf[i]) < 1e-14);
    assert.ok(Math.abs(psf[8 * n + 8] - 1) < 1e-15);
  });
  it('dirty image = Re(A^H W V)/sum w where A is dftPredict: <A x, W y> = <x, A^H W y> (seeded)', () => {
    const n = 12;
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n + 8, maxLength: n * n + 8 }), (r) => {
        const x = Float64Array.from(r.slice(0, n * n));
        const y = Float64Array.from(r.slice(n * n));
        const w = Float64Array.of(1, 2, 0.5, 3);
        const ax = dftPredict(x, n, cell, u, v);
        let lhs = 0;
        for (let k = 0; k < 4; k++) lhs += w[k] * (ax[2 * k] * y[2 * k] + ax[2 * k + 1] * y[2 * k + 1]);
        const { image, sumWeights } = dftDirtyImage({ n: 4, u, v, vis: y }, w, n, cell);
        let rhs = 0;
        for (let i = 0; i < n * n; i++) rhs += x[i] * image[i] * sumWeights;
        return Math.abs(lhs - rhs) <= 1e-12 * (1 + Math.abs(lhs));
      }),
      { seed: 13, numRuns: 30 },
    );
  });
});

describe('hermitianPoints', () => {
  it('doubles the samples with (-u, -v, -w, V*) and the same weights; the DFT dirty image of both halves equals that of one', () => {
    const vs = { n: 2, u: Float64Array.of(1e9, -2e8), v: Float64Array.of(3e8, 4e8), w: Float64Array.of(1, 2), vis: Float64Array.of(1, 2, -0.5, 0.25), weight: Float64Array.of(2, 3) };
    const h = hermitianPoints(vs);
    assert.deepEqual(Array.from(h.u), [1e9, -2e8, -1e9, 2e8]);
    assert.deepEqual(Array.from(h.w), [1, 2, -1, -2]);
    assert.deepEqual(Array.from(h.vis), [1, 2, -0.5, 0.25, 1, -2, -0.5, -0.25]);
    assert.deepEqual(Array.from(h.weight), [2, 3, 2, 3]);
    const a = dftDirtyImage(vs, vs.weight, 8, 1e-10).image;
    const b = dftDirtyImage(h, h.weight, 8, 1e-10).image;
    for (let i = 0; i < 64; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-15);
  });
});

describe('weights: conjugate-symmetric gridding, uniform flattens, Briggs goes from uniform to natural', () => {
  const vs = { n: 3, u: Float64Array.of(1e9, 1.0001e9, -3e8), v: Float64Array.of(2e8, 2e8, 5e8), weight: Float64Array.of(1, 3, 2) };
  const cell = 10 * ANGLE_UNITS.uas;
  it('the grid of natural weights is point-symmetric: W(u, v) = W(-u, -v)', () => {
    const { grid } = imagingWeights(vs, { scheme: 'natural', size: 32, cell });
    for (let iv = 1; iv < 32; iv++) for (let iu = 1; iu < 32; iu++) assert.equal(grid[iv * 32 + iu], grid[(32 - iv) * 32 + (32 - iu)]);
    assert.equal(grid.reduce((a, b) => a + b, 0), 12);
  });
  it('uniform: two samples sharing a cell split it by weight (1/4 and 3/4), a lone sample gets 1', () => {
    const { weights } = imagingWeights(vs, { scheme: 'uniform', size: 32, cell });
    assert.deepEqual(Array.from(weights), [0.25, 0.75, 1]);
  });
  it('Briggs R = 5 is within 1e-4 of natural and R = -5 within 1e-4 of uniform (up to a common factor)', () => {
    const nat = imagingWeights(vs, { scheme: 'natural', size: 32, cell }).weights;
    const uni = imagingWeights(vs, { scheme: 'uniform', size: 32, cell }).weights;
    const b5 = imagingWeights(vs, { scheme: 'briggs', robust: 5, size: 32, cell }).weights;
    const bm5 = imagingWeights(vs, { scheme: 'briggs', robust: -5, size: 32, cell }).weights;
    for (let k = 0; k < 3; k++) {
      assert.ok(Math.abs(b5[k] / nat[k] - 1) < 1e-4);
      assert.ok(Math.abs(bm5[k] / bm5[2] / (uni[k] / uni[2]) - 1) < 1e-4);
    }
  });
  it('a sample beyond the grid gets weight 0 and is counted', () => {
    const w = imagingWeights({ n: 1, u: Float64Array.of(1e10), v: Float64Array.of(0), weight: Float64Array.of(1) }, { scheme: 'natural', size: 32, cell });
    assert.deepEqual([w.outside, w.weights[0]], [1, 0]);
  });
});

describe('several IFs and channels', () => {
  it('u, v in wavelengths = light seconds x (CRVAL + (c + 1 - CRPIX) CDELT + IF FREQ), samples in group, IF, channel order', () => {
    const src = smallUvfits();
    const uv = readUvfits(writeUvfits(src));
    const vs = visibilitiesFromUvfits(uv);
    // group 0 is unflagged: its four (IF, channel) samples come first, at 8.4 GHz + {0, 4 MHz} + IF {0, 8 MHz}
    const uu0 = src.params[0].raw[0] / 8.4e9;
    const freqs = [8.4e9, 8.404e9, 8.408e9, 8.412e9];
    freqs.forEach((f, k) => {
      assert.equal(vs.freq[k], f);
      assert.ok(Math.abs(vs.u[k] - uu0 * f) <= 1e-15 * Math.abs(uu0 * f));
    });
    assert.equal(vs.n, 6 * 4 - 2);
  });
});

describe('frequency averaging', () => {
  it("frequency 'all' merges the VLBA file's two IFs: one sample per baseline and time, weights added", () => {
    const f = '../shared/data/astro/pyuvdata_vlba_mojave.uvfits';
    const vs = visibilitiesFromUvfits(readUvfits(new Uint8Array(readFileSync(f))), { name: f });
    const a = averageVisibilities(vs, { frequency: 'all' });
    const times = new Set<string>();
    for (let k = 0; k < vs.n; k++) times.add(`${vs.ant1[k]}-${vs.ant2[k]}-${vs.time[k]}`);
    assert.equal(a.n, times.size);
    let s0 = 0;
    let s1 = 0;
    for (const w of vs.weight) s0 += w;
    for (const w of a.weight) s1 += w;
    assert.ok(Math.abs(s1 / s0 - 1) < 1e-12);
    assert.ok(a.n < vs.n);
  });
});

describe('EHT text exports as visibilities', () => {
  it('weights 1/sigma^2, stations numbered in order of appearance, same u, v as the UVFITS', () => {
    const e = readEhtText(new Uint8Array(readFileSync(new URL('../../fixtures/io/fits/eht_release.csv', import.meta.url))));
    const vs = visibilitiesFromEhtText(e, 'eht.csv');
    assert.equal(vs.n, 40);
    assert.equal(vs.weight[0], 1 / 0.00471922 ** 2);
    assert.equal(vs.stations.get(1), 'AA');
    assert.equal(vs.stations.get(vs.ant2[0]), 'PV');
    const f = '../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits';
    const uv = visibilitiesFromUvfits(readUvfits(new Uint8Array(readFileSync(f))));
    // the text prints u to 4 decimals of a wavelength: equal to that precision
    for (let k = 0; k < 40; k++) assert.ok(Math.abs(vs.u[k] - uv.u[k]) <= 5e-5 + 1e-16 * Math.abs(uv.u[k]) * 8);
  });
});

describe('bad visibility input: one clear error naming the file', () => {
  const withWeights = (f: (k: number) => number): Uvfits => {
    const uv = smallUvfits();
    const data = uv.data.slice();
    for (let k = 2; k < data.length; k += 3) data[k] = f(k);
    return readUvfits(writeUvfits({ ...uv, data }));
  };
  it('all visibilities flagged (negative weights)', () => {
    assert.throws(() => visibilitiesFromUvfits(withWeights(() => -1), { name: 'flagged.uvfits' }), {
      message:
        'visibilities(flagged.uvfits): visibilities: expected at least one unflagged Stokes I sample with a positive weight, got none of 24 (24 flagged, 0 with weight 0, 0 non-finite, 0 autocorrelations)',
    });
  });
  it('zero weights everywhere', () => {
    assert.throws(() => visibilitiesFromUvfits(withWeights(() => 0), { name: 'zero.uvfits' }), {
      message: 'visibilities(zero.uvfits): weights: expected positive weights on some visibilities, got all 24 cross-correlation samples have weight 0 (no usable data)',
    });
  });
  it('no Stokes I can be formed (only RL and LR)', () => {
    const uv = readUvfits(writeUvfits(smallUvfits()));
    const only = { ...uv, stokes: [-3, -4, -3, -4] };
    assert.throws(() => visibilitiesFromUvfits(only, { name: 'cross.uvfits' }), {
      message: 'visibilities(cross.uvfits): Stokes axis: expected I, or RR and LL, or XX and YY (to form Stokes I), got RL, LR, RL, LR',
    });
  });
  it('a group whose u or v is NaN is left out and counted as non-finite, not placed at NaN on the uv plane', () => {
    const src = smallUvfits();
    const params = src.params.map((p, i) => (i === 0 ? { ...p, raw: p.raw.map((x, g) => (g === 0 ? Number.NaN : x)) } : p));
    const uv = readUvfits(writeUvfits({ ...src, params } as Uvfits));
    const ok = visibilitiesFromUvfits(readUvfits(writeUvfits(src)));
    const vs = visibilitiesFromUvfits(uv);
    // group 0 holds four (IF, channel) samples, all usable before
    assert.equal(vs.n, ok.n - 4);
    assert.equal(vs.counts.nonFinite, 4);
    assert.equal(vs.counts.flagged, ok.counts.flagged + 4);
    for (let k = 0; k < vs.n; k++) assert.ok(Number.isFinite(vs.u[k]) && Number.isFinite(vs.v[k]));
    assert.ok(vs.notes.some((n) => n === '4 samples with non-finite u, v, w, weights or values were left out'));
  });
  it('a frequency that is not positive (CRVAL + channel offsets below 0 Hz) is refused by name', () => {
    const src = smallUvfits();
    const axes = src.axes.map((a) => (a.ctype === 'FREQ' ? { ...a, crval: -8.4e9 } : a));
    assert.throws(() => readUvfits(writeUvfits({ ...src, axes } as Uvfits), { name: 'neg.uvfits' }), {
      name: 'CandorError',
      message:
        'readUvfits(neg.uvfits): frequency of IF 1 channel 1: expected a positive frequency in Hz (FREQ axis CRVAL + (channel - CRPIX) x CDELT + the AIPS FQ IF FREQ offset), got -8400000000 (CRVAL -8400000000, CRPIX 1, CDELT 4000000, IF offset 0)',
    });
  });
  it('a single flagged hand flags the sample unless allowSingleHand, which keeps the other hand with its weight', () => {
    const uv = readUvfits(writeUvfits(smallUvfits()));
    const strict = visibilitiesFromUvfits(uv);
    const single = visibilitiesFromUvfits(uv, { allowSingleHand: true });
    // group 1 RR of IF 0 channel 0 is flagged (weight -2), group 2 LL of IF 0 channel 0 has weight 0
    assert.equal(strict.counts.flagged, 2);
    assert.equal(single.n, strict.n + 2);
  });
});
