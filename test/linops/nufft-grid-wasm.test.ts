/**
 * The WebAssembly SIMD gridding kernels of 2-D NUFFT plans (src/linops/nufft-grid-wasm.ts) give
 * the numbers of the JavaScript kernels to the last bit: forward (interpolation) and adjoint
 * (spreading) of a SIMD plan against a plan made with the kernels disabled, for every width,
 * both oversampling factors, odd and even shapes, and samples at +-1/2 and near the grid edge
 * (windows that wrap around on either axis). Accuracy against the exact NDFT is tested in
 * ./nufft.test.ts, which now runs these kernels for every 2-D case.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { KB_MIN_WIDTH } from '../../src/core/nufft/kaiser-bessel.ts';
import { setNufftGridWasm } from '../../src/linops/nufft-grid-wasm.ts';
import { NUFFT_MAX_WIDTH, nufftPlan } from '../../src/linops/index.ts';
import type { NufftPlan } from '../../src/linops/nufft-plan.ts';
import { randomCoords, randomData } from './nufft-helpers.ts';

function plans(shape: number[], coords: Float64Array, width: number, oversampling: number): [NufftPlan, NufftPlan] {
  setNufftGridWasm(false);
  const js = nufftPlan(shape, coords, { width, oversampling });
  setNufftGridWasm(true);
  const simd = nufftPlan(shape, coords, { width, oversampling });
  return [js, simd];
}

/** Index of the first entry that differs in any bit (Object.is: -0 and +0 differ), or -1. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** Random samples plus the edge cases: corners at +-1/2, one axis at the edge, the origin. */
function edgeCoords(M: number, seed: number): Float64Array {
  const edges = [0.5, 0.5, -0.5, -0.5, 0.5, -0.5, -0.5, 0.5, 0, 0.5, 0.5, 0, 0, 0, -0.4999, 0.4999, 0.49, -0.49];
  const c = new Float64Array(2 * M + edges.length);
  c.set(randomCoords(M, 2, seed));
  c.set(edges, 2 * M);
  return c;
}

describe('SIMD gridding of 2-D NUFFT plans', () => {
  after(() => setNufftGridWasm(true));

  it('2-D plans use the SIMD kernels on this runtime (Node 20 has WebAssembly SIMD); 1-D and 3-D plans do not', () => {
    assert.equal(nufftPlan([8, 8], Float64Array.of(0.1, 0.2)).simdGridding, true);
    assert.equal(nufftPlan([8], Float64Array.of(0.1)).simdGridding, false);
    assert.equal(nufftPlan([4, 4, 4], Float64Array.of(0.1, 0.2, 0.3)).simdGridding, false);
  });

  for (const oversampling of [2, 1.25]) {
    it(`oversampling ${oversampling}, widths ${KB_MIN_WIDTH} to ${NUFFT_MAX_WIDTH}, 20 x 17 and 16 x 16: forward and adjoint identical to the JavaScript kernels`, () => {
      for (let width = KB_MIN_WIDTH; width <= NUFFT_MAX_WIDTH; width++) {
        for (const shape of [
          [20, 17],
          [16, 16],
        ]) {
          const coords = edgeCoords(300, width);
          const M = coords.length / 2;
          const [js, simd] = plans(shape, coords, width, oversampling);
          assert.equal(js.simdGridding, false);
          assert.equal(simd.simdGridding, true);
          const x = randomData(2 * shape[0] * shape[1], 7 + width);
          const fj = js.forward(x, new Float64Array(2 * M));
          const fs = simd.forward(x, new Float64Array(2 * M));
          assert.equal(firstDifference(fj, fs), -1, `forward, width ${width}, ${shape.join('x')}`);
          const y = randomData(2 * M, 11 + width);
          const aj = js.adjoint(y, new Float64Array(x.length));
          const as = simd.adjoint(y, new Float64Array(x.length));
          assert.ok(fs.every(Number.isFinite) && as.every(Number.isFinite));
          assert.equal(firstDifference(aj, as), -1, `adjoint, width ${width}, ${shape.join('x')}`);
          // the plan's scratch is reused: a second call gives the same numbers
          assert.equal(firstDifference(simd.adjoint(y, new Float64Array(x.length)), as), -1);
        }
      }
    });
  }

  it('thousands of samples on a 256 x 256 image (the MRI and radio sizes): identical, and a non-trivial result', () => {
    const coords = randomCoords(20000, 2, 5);
    const [js, simd] = plans([256, 256], coords, 7, 2);
    const x = randomData(2 * 256 * 256, 3);
    const fj = js.forward(x, new Float64Array(40000));
    const fs = simd.forward(x, new Float64Array(40000));
    assert.equal(firstDifference(fj, fs), -1);
    assert.ok(fs.every(Number.isFinite) && fs.some((v) => v !== 0));
    const aj = js.adjoint(fj, new Float64Array(2 * 256 * 256));
    const as = simd.adjoint(fj, new Float64Array(2 * 256 * 256));
    assert.equal(firstDifference(aj, as), -1);
  });
});
