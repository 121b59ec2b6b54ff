import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cToFortran, fortranToC } from '../../src/io/ndarray.ts';

/** The C-order flat index of the sample whose Fortran-order flat index is f (by division, as the definition reads). */
function cIndexOfFortran(f: number, shape: readonly number[]): number {
  let c = 0;
  let rest = f;
  const idx = shape.map((side) => {
    const i = rest % side;
    rest = Math.floor(rest / side);
    return i;
  });
  for (let j = 0; j < shape.length; j++) c = c * shape[j] + idx[j];
  return c;
}

describe('fortranToC / cToFortran against the index definition', () => {
  it('moves every sample (real and complex) where the two orders put it, and back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 5 }), fc.boolean(), (shape, complex) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const w = complex ? 2 : 1;
        const src = Float64Array.from({ length: w * n }, (_, i) => i + 0.5);
        const c = fortranToC(src, shape, complex);
        for (let f = 0; f < n; f++) {
          const ci = cIndexOfFortran(f, shape);
          for (let k = 0; k < w; k++) assert.equal(c[w * ci + k], src[w * f + k]);
        }
        assert.deepEqual(cToFortran(c, shape, complex), src);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
  it('moves only the shape\'s samples when the source is longer (the rest of out stays 0), whatever the number of axes', () => {
    assert.deepEqual(fortranToC(Float64Array.of(1, 2, 3, 9, 9), [3], false), Float64Array.of(1, 2, 3, 0, 0));
    assert.deepEqual(cToFortran(Float64Array.of(1, 2, 9, 9), [], true), Float64Array.of(1, 2, 0, 0));
    assert.deepEqual(fortranToC(Float64Array.of(1, 2, 3, 4, 9), [2, 2], false), Float64Array.of(1, 3, 2, 4, 0));
  });
  it('keeps a 1-D array as it is and handles an empty shape product', () => {
    assert.deepEqual(fortranToC(Float64Array.of(1, 2, 3), [3], false), Float64Array.of(1, 2, 3));
    assert.deepEqual(fortranToC(new Float64Array(0), [0, 3], true), new Float64Array(0));
  });
});
