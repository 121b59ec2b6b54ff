import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import { MAD_NORMAL, madStd, waveletNoiseStd } from '../../src/core/imaging/noise.ts';
import { createRng } from '../../src/core/rng/index.ts';

describe('madStd and waveletNoiseStd: noise level from the data', () => {
  it('madStd is median(|v|) / Phi^-1(3/4) (0.674489750196082, the normal quartile) and ignores a minority of outliers', () => {
    assert.ok(Math.abs(MAD_NORMAL - 0.674489750196082) < 1e-15);
    assert.ok(Math.abs(madStd(Float64Array.of(-1, 1, -1, 1, 100)) - 1 / 0.674489750196082) < 1e-14);
    assert.ok(Math.abs(madStd([3, -1, 2, -4]) - 2.5 / 0.674489750196082) < 1e-14);
  });
  it('waveletNoiseStd on white noise: within 3% of sigma (real and complex; std error of the MAD about 1%)', () => {
    const rng = createRng(5, 2);
    const ny = 256;
    const nx = 256;
    const sigma = 0.3;
    const real = rng.fillNormal(new Float64Array(ny * nx), 0, sigma);
    // a smooth ramp barely moves the finest diagonal band
    for (let i = 0; i < ny; i++) for (let j = 0; j < nx; j++) real[i * nx + j] += 0.01 * (i + 2 * j);
    const r = waveletNoiseStd(real, ny, nx);
    assert.ok(Math.abs(r / sigma - 1) < 0.03, `${r}`);
    // complex: E|e|^2 = sigma^2, sigma / sqrt 2 per part
    const cplx = rng.fillNormal(new Float64Array(2 * ny * nx), 0, sigma / Math.SQRT2);
    const c = waveletNoiseStd(cplx, ny, nx);
    assert.ok(Math.abs(c / sigma - 1) < 0.03, `${c}`);
  });
  it('refuses a size that does not match and non-finite values', () => {
    assert.throws(
      () => waveletNoiseStd(new Float64Array(10), 4, 4),
      (e: unknown) => e instanceof CandorError && e.message === 'waveletNoiseStd: image: expected 16 real or 32 complex interleaved values (4x4), got 10 values',
    );
    assert.throws(
      () => madStd([1, Number.NaN]),
      (e: unknown) => e instanceof CandorError && e.message === 'madStd: values: expected finite numbers, got NaN at index 1',
    );
  });
});
