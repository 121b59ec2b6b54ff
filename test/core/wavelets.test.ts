/**
 * Periodized wavelet transforms against PyWavelets (test/fixtures/core_wavelets.json, written by
 * scripts/fixtures/core_wavelets.py with mode='periodization'), at 1e-12 relative.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  defaultLevels,
  dwt,
  dwtStep,
  dwtStepComplex,
  idwt,
  idwtStep,
  idwtStepComplex,
  maxLevels,
  planWavelet1,
  planWavelet2,
  WAVELET_NAMES,
  wavedec,
  wavedec2,
  waveletFilters,
  waverec,
  waverec2,
} from '../../src/core/wavelets/index.ts';

interface Fixture {
  pywt: string;
  filters: Record<string, { dec_lo: number[]; dec_hi: number[]; rec_lo: number[]; rec_hi: number[] }>;
  dwt: { wavelet: string; x: number[]; a: number[]; d: number[] }[];
  wavedec: { wavelet: string; level: number; x: number[]; coeffs: number[] }[];
  wavedec2: {
    wavelet: string;
    level: number;
    ny: number;
    nx: number;
    complex: boolean;
    x: number[];
    coeffs: number[];
  }[];
  dwt_max_level: { n: number; wavelet: string; level: number }[];
}
const fx = JSON.parse(
  readFileSync(new URL('../fixtures/core_wavelets.json', import.meta.url), 'utf8'),
) as Fixture;

/** max |got - want| / max |want| */
function rel(got: ArrayLike<number>, want: ArrayLike<number>): number {
  assert.equal(got.length, want.length, 'lengths');
  let d = 0;
  let s = 0;
  for (let i = 0; i < want.length; i++) {
    d = Math.max(d, Math.abs(got[i] - want[i]));
    s = Math.max(s, Math.abs(want[i]));
  }
  return d / s;
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, label: string, tol = 1e-12): void {
  const r = rel(got, want);
  assert.ok(r <= tol, `${label}: relative error ${r} > ${tol}`);
}

const f64 = (a: number[]) => Float64Array.from(a);

describe('wavelet filters', () => {
  it('the table holds exactly the PyWavelets filters of every wavelet (dec_lo, dec_hi, rec_lo, rec_hi)', () => {
    assert.deepEqual([...WAVELET_NAMES].sort(), Object.keys(fx.filters).sort());
    for (const name of WAVELET_NAMES) {
      const f = waveletFilters(name);
      const ref = fx.filters[name];
      assert.deepEqual([...f.decLo], ref.dec_lo, `${name} dec_lo`);
      assert.deepEqual([...f.decHi], ref.dec_hi, `${name} dec_hi`);
      assert.deepEqual([...f.recLo], ref.rec_lo, `${name} rec_lo`);
      assert.deepEqual([...f.recHi], ref.rec_hi, `${name} rec_hi`);
    }
  });
  it('every low-pass filter has unit norm, sum sqrt 2 and is orthogonal to its even shifts', () => {
    for (const name of WAVELET_NAMES) {
      const h = waveletFilters(name).decLo;
      let sum = 0;
      for (const v of h) sum += v;
      assert.ok(Math.abs(sum - Math.SQRT2) < 1e-14, `${name} sum ${sum}`);
      for (let shift = 0; shift < h.length; shift += 2) {
        let c = 0;
        for (let i = 0; i + shift < h.length; i++) c += h[i] * h[i + shift];
        assert.ok(Math.abs(c - (shift === 0 ? 1 : 0)) < 1e-14, `${name} shift ${shift}: ${c}`);
      }
    }
  });
});

describe('single-level dwt/idwt = pywt.dwt/idwt (periodization)', () => {
  it('matches pywt for every wavelet on lengths 2, 6 and 16 (shorter than the filter included)', () => {
    for (const c of fx.dwt) {
      const { a, d } = dwt(f64(c.x), c.wavelet);
      close(a, c.a, `${c.wavelet} n=${c.x.length} a`);
      close(d, c.d, `${c.wavelet} n=${c.x.length} d`);
      close(idwt(f64(c.a), f64(c.d), c.wavelet), c.x, `${c.wavelet} n=${c.x.length} idwt`);
    }
  });
  it('Haar follows the pywt phase: a[k] = (x[2k] + x[2k+1]) / sqrt 2, d[k] = (x[2k] - x[2k+1]) / sqrt 2', () => {
    const { a, d } = dwt(Float64Array.of(1, 3, 2, 2, -1, 5), 'haar');
    close(a, [4 / Math.SQRT2, 4 / Math.SQRT2, 4 / Math.SQRT2], 'a', 1e-15);
    close(d, [-2 / Math.SQRT2, 0, -6 / Math.SQRT2], 'd', 1e-15);
  });
  it('strided kernels transform a column of an image and the parts of complex data without copies', () => {
    const ny = 16;
    const nx = 5;
    const img = Float64Array.from({ length: ny * nx }, (_, i) => Math.sin(1.7 * i) + 0.1 * i);
    const f = waveletFilters('db3');
    const out = new Float64Array(ny * nx);
    const col = 3;
    // column 3 of img -> approximation in rows 0..7, detail in rows 8..15 of column 3 of out
    dwtStep(ny, f, img, col, nx, out, col, nx, out, col + (ny / 2) * nx, nx);
    const column = Float64Array.from({ length: ny }, (_, i) => img[i * nx + col]);
    const ref = dwt(column, 'db3');
    for (let k = 0; k < ny / 2; k++) {
      assert.equal(out[k * nx + col], ref.a[k]);
      assert.equal(out[(k + ny / 2) * nx + col], ref.d[k]);
    }
    const back = new Float64Array(ny * nx);
    idwtStep(ny, f, out, col, nx, out, col + (ny / 2) * nx, nx, back, col, nx);
    for (let i = 0; i < ny; i++) assert.ok(Math.abs(back[i * nx + col] - column[i]) < 1e-14);
    // complex interleaved: stride 2 with offsets 0 and 1 transforms the real and imaginary parts
    const z = Float64Array.from({ length: 2 * ny }, (_, i) => Math.cos(0.3 * i * i));
    const ca = new Float64Array(ny);
    const cd = new Float64Array(ny);
    dwtStepComplex(ny, f, z, 0, 2, ca, 0, 2, cd, 0, 2);
    const sa = new Float64Array(ny);
    const sd = new Float64Array(ny);
    dwtStep(ny, f, z, 0, 2, sa, 0, 2, sd, 0, 2);
    dwtStep(ny, f, z, 1, 2, sa, 1, 2, sd, 1, 2);
    assert.deepEqual(ca, sa);
    assert.deepEqual(cd, sd);
    const zb = new Float64Array(2 * ny);
    idwtStepComplex(ny, f, ca, 0, 2, cd, 0, 2, zb, 0, 2);
    close(zb, z, 'complex idwt');
  });
});

describe('multi-level 1-D wavedec/waverec = concatenated pywt.wavedec (periodization)', () => {
  it('matches pywt for every wavelet at level 3 on lengths 32 and 24', () => {
    for (const c of fx.wavedec) {
      const o = { wavelet: c.wavelet, levels: c.level };
      const coeffs = wavedec(f64(c.x), o);
      close(coeffs, c.coeffs, `${c.wavelet} n=${c.x.length} wavedec`);
      close(waverec(f64(c.coeffs), o), c.x, `${c.wavelet} n=${c.x.length} waverec`);
    }
  });
  it('a plan reused many times gives the same answer, for real and complex data', () => {
    const c = fx.wavedec.find((e) => e.wavelet === 'db5' && e.x.length === 32)!;
    const p = planWavelet1(32, { wavelet: 'db5', levels: 3 });
    const out = new Float64Array(32);
    for (let r = 0; r < 3; r++) close(p.forward(f64(c.x), out), c.coeffs, `repeat ${r}`);
    const z = new Float64Array(64);
    for (let i = 0; i < 32; i++) z[2 * i + 1] = c.x[i];
    const zc = p.forwardComplex(z, new Float64Array(64));
    const re = zc.filter((_, i) => i % 2 === 0);
    const im = zc.filter((_, i) => i % 2 === 1);
    assert.deepEqual(re, new Float64Array(32));
    close(im, c.coeffs, 'imaginary part of the complex transform of i x');
  });
});

describe('multi-level 2-D wavedec2/waverec2 = pywt.coeffs_to_array(pywt.wavedec2(...)) (periodization)', () => {
  for (const c of fx.wavedec2) {
    const label = `${c.wavelet} level ${c.level} ${c.ny}x${c.nx}${c.complex ? ' complex' : ''}`;
    it(`matches pywt: ${label}`, () => {
      const o = { wavelet: c.wavelet, levels: c.level, complex: c.complex };
      close(wavedec2(f64(c.x), c.ny, c.nx, o), c.coeffs, `${label} wavedec2`);
      close(waverec2(f64(c.coeffs), c.ny, c.nx, o), c.x, `${label} waverec2`);
    });
  }
  it('db4 level 3 on 32x32 through a plan: approximation top-left, details per level in quadrants', () => {
    const c = fx.wavedec2.find((e) => e.wavelet === 'db4' && e.ny === 32)!;
    const p = planWavelet2(32, 32, { wavelet: 'db4', levels: 3 });
    const out = p.forward(f64(c.x), new Float64Array(1024));
    close(out, c.coeffs, 'plan forward');
    close(p.inverse(out, new Float64Array(1024)), c.x, 'plan inverse');
    // the top-left 4x4 block is the level-3 approximation: a 2-D db4 of the 8x8 level-2 block
    const lvl2 = planWavelet2(32, 32, { wavelet: 'db4', levels: 2 }).forward(
      f64(c.x),
      new Float64Array(1024),
    );
    const block = new Float64Array(64);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) block[i * 8 + j] = lvl2[i * 32 + j];
    const one = planWavelet2(8, 8, { wavelet: 'db4', levels: 1 }).forward(block, new Float64Array(64));
    for (let i = 0; i < 8; i++)
      for (let j = 0; j < 8; j++) assert.ok(Math.abs(out[i * 32 + j] - one[i * 8 + j]) < 1e-13);
  });
});

describe('default levels', () => {
  it('are pywt.dwt_max_level of the smallest size, capped so that 2^levels divides every size', () => {
    for (const c of fx.dwt_max_level) {
      const F = waveletFilters(c.wavelet).length;
      assert.equal(defaultLevels([c.n], F), Math.min(c.level, maxLevels([c.n])), `${c.wavelet} n=${c.n}`);
    }
    assert.equal(planWavelet2(256, 256).levels, 5); // db4 by default: floor(log2(256 / 7))
    assert.equal(planWavelet2(256, 256).wavelet, 'db4');
    assert.equal(planWavelet2(256, 96, { wavelet: 'haar' }).levels, 5); // 96 = 3 * 2^5 caps log2(96) = 6
    assert.equal(planWavelet1(1000, { wavelet: 'haar' }).levels, 3); // 1000 = 125 * 2^3
  });
});
