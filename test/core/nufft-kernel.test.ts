/**
 * The NUFFT's kernel maths against scipy (test/fixtures/nufft.json, scripts/fixtures/nufft.py):
 * I0 against scipy.special.i0, the Kaiser-Bessel transform against quadrature of the kernel, the
 * piecewise-polynomial taps against the exact kernel at every width, Beatty's beta, and the
 * 2^a 3^b 5^c grid sizes against a brute-force enumeration.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import { isSmooth, oversampledSize, smoothSize } from '../../src/core/nufft/grid-size.ts';
import { deapodization, KB_MAX_WIDTH, KB_MIN_WIDTH, KbKernel, kbBeta, kbKernel, kbTransform } from '../../src/core/nufft/kaiser-bessel.ts';
import { besselI0 } from '../../src/core/special/bessel.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/nufft.json', import.meta.url), 'utf8')) as {
  i0: { x: number[]; i0: number[] };
  kb_ft: { width: number; oversampling: number; beta: number; xi: number; ft: number }[];
};

const throwsMsg = (f: () => unknown, msg: string) => assert.throws(f, (e: unknown) => e instanceof CandorError && e.message === msg);

describe('besselI0', () => {
  it('matches scipy.special.i0 to 2e-15 relative on [0, 700] (series and asymptotic branches)', () => {
    fx.i0.x.forEach((x, i) => {
      const r = Math.abs(besselI0(x) - fx.i0.i0[i]) / fx.i0.i0[i];
      assert.ok(r <= 2e-15, `I0(${x}): relative error ${r}`);
    });
  });
  it('is even, overflows to Infinity past 714, and rejects NaN', () => {
    assert.equal(besselI0(-7.5), besselI0(7.5));
    assert.equal(besselI0(714), Infinity);
    assert.ok(Number.isFinite(besselI0(713)));
    throwsMsg(() => besselI0(Number.NaN), 'besselI0: x: expected a number, got NaN');
  });
});

describe('Kaiser-Bessel kernel', () => {
  it("kbBeta is Beatty et al.'s pi sqrt((W/sigma)^2 (sigma - 1/2)^2 - 0.8) (values written by the fixture script)", () => {
    for (const c of fx.kb_ft) assert.ok(Math.abs(kbBeta(c.width, c.oversampling) - c.beta) <= 1e-14 * c.beta);
  });
  it('kbTransform equals the quadrature of the kernel to 1e-12 of the peak (main lobe and the sin branch)', () => {
    for (const c of fx.kb_ft) {
      const peak = kbTransform(0, c.width, c.beta);
      const got = kbTransform(c.xi, c.width, c.beta);
      assert.ok(Math.abs(got - c.ft) <= 1e-12 * peak, `W ${c.width} xi ${c.xi}: ${got} vs ${c.ft}`);
    }
  });
  it('the polynomial taps match the exact kernel within max(10^-(W+2), 3e-14) of the peak at every width, and start at floor(t - W/2) + 1', () => {
    for (const sigma of [2, 1.25]) {
      for (let W = KB_MIN_WIDTH; W <= KB_MAX_WIDTH; W++) {
        const beta = kbBeta(W, sigma);
        const k = new KbKernel(W, beta);
        const peak = kbKernel(0, W, beta);
        const out = new Float64Array(W);
        let err = 0;
        for (let i = 0; i <= 997; i++) {
          const t = -3.2 + (i / 997) * 2.71;
          const i0 = k.taps(t, out, 0);
          assert.equal(i0, Math.floor(t - W / 2) + 1);
          for (let a = 0; a < W; a++) err = Math.max(err, Math.abs(out[a] - kbKernel(t - i0 - a, W, beta)));
        }
        const bound = Math.max(10 ** -(W + 2), 3e-14);
        assert.ok(err / peak <= bound, `sigma ${sigma} W ${W}: fit error ${(err / peak).toExponential(2)} > ${bound}`);
      }
    }
  });
  it('deapodization is 1/phihat((j - floor(n/2))/m)', () => {
    const beta = kbBeta(7, 2);
    const d = deapodization(5, 10, 7, beta);
    for (let j = 0; j < 5; j++) assert.equal(d[j], 1 / kbTransform((j - 2) / 10, 7, beta));
  });
  it('rejects widths outside [2, 24], and oversampling outside [1.25, 4]', () => {
    throwsMsg(() => kbBeta(25, 2), 'kbBeta: width: expected an integer in [2, 24], got 25');
    throwsMsg(() => kbBeta(7, 1.1), 'kbBeta: oversampling: expected a finite number in [1.25, 4], got 1.1');
  });
});

describe('grid sizes', () => {
  it('smoothSize(n) is the smallest integer >= n with no prime factor above 5 (brute force to 2000)', () => {
    const smooth: number[] = [];
    for (let a = 1; a <= 4000; a *= 2) for (let b = a; b <= 4000; b *= 3) for (let c = b; c <= 4000; c *= 5) smooth.push(c);
    smooth.sort((x, y) => x - y);
    for (let n = 1; n <= 2000; n++) {
      const want = smooth.find((s) => s >= n);
      assert.equal(smoothSize(n), want, `n = ${n}`);
      assert.equal(isSmooth(n), smooth.includes(n));
    }
  });
  it('oversampledSize: 256 -> 512 at sigma 2, 320 at 1.25; 100 -> 125 at 1.25', () => {
    assert.equal(oversampledSize(256, 2), 512);
    assert.equal(oversampledSize(256, 1.25), 320);
    assert.equal(oversampledSize(100, 1.25), 125);
    assert.equal(oversampledSize(33, 2), 72);
  });
});
