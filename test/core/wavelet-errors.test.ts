/** Bad input to the wavelet transforms gets a CandorError with an exact message. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import {
  dwt,
  idwt,
  maxLevels,
  planWavelet1,
  planWavelet2,
  wavedec,
  wavedec2,
  waveletFilters,
  waverec,
  waverec2,
} from '../../src/core/wavelets/index.ts';

function throwsExactly(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CandorError, `expected a CandorError, got ${e}`);
    assert.equal(e.message, message);
    return true;
  });
}

const NAMES = 'one of haar, db1, db2, db3, db4, db5, db6, db7, db8';

describe('wavelet bad input', () => {
  it('levels beyond the largest valid level name the size, the levels and the largest valid level', () => {
    throwsExactly(
      () => planWavelet1(12, { wavelet: 'db2', levels: 3 }),
      'planWavelet1: levels: expected an integer in [0, 2] (2^levels must divide the size 12), got 3',
    );
    throwsExactly(
      () => planWavelet2(96, 64, { levels: 6 }),
      'planWavelet2: levels: expected an integer in [0, 5] (2^levels must divide the size 96x64), got 6',
    );
    throwsExactly(
      () => wavedec2(new Float64Array(30 * 16), 30, 16, { wavelet: 'haar', levels: 2 }),
      'wavedec2: levels: expected an integer in [0, 1] (2^levels must divide the size 30x16), got 2',
    );
    throwsExactly(
      () => wavedec(new Float64Array(7), { levels: 1 }),
      'wavedec: levels: expected an integer in [0, 0] (2^levels must divide the size 7), got 1',
    );
  });
  it('negative and fractional levels are rejected', () => {
    throwsExactly(
      () => planWavelet1(16, { levels: -1 }),
      'planWavelet1: levels: expected an integer in [0, 4] (2^levels must divide the size 16), got -1',
    );
    throwsExactly(
      () => waverec(new Float64Array(16), { levels: 1.5 }),
      'waverec: levels: expected an integer in [0, 4] (2^levels must divide the size 16), got 1.5',
    );
  });
  it('levels up to the largest power of two dividing the size are allowed (beyond pywt.dwt_max_level)', () => {
    assert.equal(maxLevels([96, 64]), 5);
    assert.equal(planWavelet2(96, 64, { wavelet: 'db8', levels: 5 }).levels, 5);
    assert.equal(planWavelet1(7, { levels: 0 }).levels, 0);
  });
  it('unknown wavelet names list the valid ones', () => {
    throwsExactly(() => waveletFilters('db9'), `waveletFilters: wavelet: expected ${NAMES}, got "db9"`);
    throwsExactly(
      () => wavedec(new Float64Array(8), { wavelet: 'sym4' }),
      `wavedec: wavelet: expected ${NAMES}, got "sym4"`,
    );
    throwsExactly(
      () => planWavelet2(8, 8, { wavelet: 'DB4' }),
      `planWavelet2: wavelet: expected ${NAMES}, got "DB4"`,
    );
    throwsExactly(() => dwt(new Float64Array(4), 'coif1'), `dwt: wavelet: expected ${NAMES}, got "coif1"`);
  });
  it('sizes must be positive integers', () => {
    throwsExactly(() => planWavelet1(0), 'planWavelet1: n: expected an integer >= 1, got 0');
    throwsExactly(() => planWavelet2(8, 2.5), 'planWavelet2: nx: expected an integer >= 1, got 2.5');
    throwsExactly(
      () => wavedec2(new Float64Array(8), -2, -4),
      'wavedec2: ny: expected an integer >= 1, got -2',
    );
  });
  it('wrong buffer lengths name the expected length', () => {
    const p1 = planWavelet1(8, { levels: 2 });
    throwsExactly(
      () => p1.forward(new Float64Array(7), new Float64Array(8)),
      'Wavelet1Plan.forward: input length: expected 8 (n = 8), got 7',
    );
    throwsExactly(
      () => p1.inverseComplex(new Float64Array(16), new Float64Array(8)),
      'Wavelet1Plan.inverseComplex: out length: expected 16 (2*n = 16, complex interleaved), got 8',
    );
    const p2 = planWavelet2(4, 8, { levels: 1 });
    throwsExactly(
      () => p2.inverse(new Float64Array(32), new Float64Array(31)),
      'Wavelet2Plan.inverse: out length: expected 32 (ny*nx = 4x8), got 31',
    );
    throwsExactly(
      () => p2.forwardComplex(new Float64Array(32), new Float64Array(64)),
      'Wavelet2Plan.forwardComplex: input length: expected 64 (2*ny*nx for 4x8, complex interleaved), got 32',
    );
    const x = new Float64Array(32);
    throwsExactly(
      () => p2.forward(x, x),
      'Wavelet2Plan.forward: out: expected a buffer distinct from the input, got the input itself',
    );
    throwsExactly(
      () => wavedec2(new Float64Array(63), 8, 8),
      'wavedec2: x length: expected 64 (ny*nx = 8x8), got 63',
    );
    throwsExactly(
      () => waverec2(new Float64Array(64), 8, 8, { complex: true }),
      'waverec2: coeffs length: expected 128 (2*ny*nx for 8x8, complex interleaved), got 64',
    );
    throwsExactly(
      () => wavedec(new Float64Array(8), { out: new Float64Array(4) }),
      'wavedec: out length: expected 8 (the length of x), got 4',
    );
    throwsExactly(
      () => wavedec(new Float64Array(7), { complex: true }),
      'wavedec: x length: expected an even length (complex interleaved), got 7',
    );
    throwsExactly(
      () => dwt(new Float64Array(5), 'haar'),
      'dwt: signal length: expected an even length >= 2, got 5',
    );
    throwsExactly(
      () => idwt(new Float64Array(3), new Float64Array(2), 'haar'),
      'idwt: d length: expected 3 (the length of a), got 2',
    );
  });
  it('NaN and Infinity in the inputs of the convenience functions are rejected with their index', () => {
    throwsExactly(
      () => wavedec(Float64Array.of(1, 2, Number.NaN, 4)),
      'wavedec: x: expected finite values, got NaN at index 2',
    );
    throwsExactly(
      () => waverec(Float64Array.of(1, Infinity), { wavelet: 'haar' }),
      'waverec: coeffs: expected finite values, got Infinity at index 1',
    );
    const img = new Float64Array(16);
    img[9] = -Infinity;
    throwsExactly(() => wavedec2(img, 4, 4), 'wavedec2: x: expected finite values, got -Infinity at index 9');
    throwsExactly(
      () => waverec2(img, 4, 4),
      'waverec2: coeffs: expected finite values, got -Infinity at index 9',
    );
    throwsExactly(
      () => dwt(Float64Array.of(0, Number.NaN), 'db2'),
      'dwt: x: expected finite values, got NaN at index 1',
    );
    throwsExactly(
      () => idwt(Float64Array.of(Number.NaN), Float64Array.of(0), 'db2'),
      'idwt: a: expected finite values, got NaN at index 0',
    );
  });
});
