/**
 * The WebAssembly SIMD passes of the starlet (src/linops/starlet-wasm.ts) give the numbers of the
 * JavaScript passes to the last bit: analysis and adjoint of an operator made with the SIMD passes
 * against one made with them disabled, for even and odd sizes (an odd last pixel in every row
 * run), images narrower than the filter (every neighbour wraps), 1 to 6 scales, with and without
 * the coarse band. The operator's own maths (exact adjoint, ||W||^2, the image as the sum of the
 * bands) is tested in ./radio-operators.test.ts, which now runs these passes.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setStarletWasm } from '../../src/linops/starlet-wasm.ts';
import { starlet2 } from '../../src/linops/starlet.ts';

/** Index of the first entry that differs in any bit (Object.is), or -1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('SIMD passes of the starlet', () => {
  after(() => setStarletWasm(true));

  it('sizes 64x64, 17x23, 40x31, 9x9, 5x8, 1x7, 6x1; 1 to 6 scales; with and without the coarse band: analysis and adjoint identical to the JavaScript passes', () => {
    let cases = 0;
    for (const [ny, nx] of [
      [64, 64],
      [17, 23],
      [40, 31],
      [9, 9],
      [5, 8],
      [1, 7],
      [6, 1],
    ]) {
      for (const coarse of [true, false]) {
        for (let J = 1; J <= 6; J++) {
          setStarletWasm(false);
          const js = starlet2(ny, nx, { scales: J, coarse });
          setStarletWasm(true);
          const simd = starlet2(ny, nx, { scales: J, coarse });
          const n = ny * nx;
          const bands = coarse ? J + 1 : J;
          const x = new Float64Array(n).map((_, i) => Math.sin(0.37 * i) * 3 + Math.cos(i * i));
          const wj = js.apply(x, new Float64Array(bands * n));
          const ws = simd.apply(x, new Float64Array(bands * n));
          assert.ok(ws.every(Number.isFinite) && ws.some((v) => v !== 0));
          assert.equal(firstDifference(wj, ws), -1, `analysis ${ny}x${nx}, ${J} scales, coarse ${coarse}`);
          const y = new Float64Array(bands * n).map((_, i) => Math.sin(1.7 * i));
          const aj = js.adjoint(y, new Float64Array(n));
          const as = simd.adjoint(y, new Float64Array(n));
          assert.ok(as.every(Number.isFinite) && as.some((v) => v !== 0));
          assert.equal(firstDifference(aj, as), -1, `adjoint ${ny}x${nx}, ${J} scales, coarse ${coarse}`);
          // repeated calls reuse the instance memory: same numbers again
          assert.equal(firstDifference(simd.apply(x, new Float64Array(bands * n)), ws), -1);
          cases++;
        }
      }
    }
    assert.equal(cases, 84);
  });
});
