/**
 * Fft2Plan.execPruned (src/core/fft/fft2.ts), the NUFFT's transform of its zero-padded grid:
 * against exec on arrays that are zero outside two runs of rows and columns (the padded image's
 * corners, as nufft-plan.ts places it), on a small array (whole-array SIMD stages: rows first on
 * the input side) and a large one (blocked stages: zero columns skipped), forward and inverse.
 * Output side: the wanted rows equal exec's to the last bit and the other rows are not written;
 * input side: equal to exec's to rounding (small) or exactly (large, up to the sign of zeros).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fft2Plan } from '../../src/core/fft/fft2.ts';
import { createRng } from '../../src/core/rng/index.ts';

/** An m0 x m1 complex array, random inside the runs (the image of n0 x n1 placed at the corners), zero elsewhere. */
function padded(m0: number, m1: number, n0: number, n1: number, seed: number) {
  const runs = (n: number, m: number) => [0, n - Math.floor(n / 2), m - Math.floor(n / 2), Math.floor(n / 2)];
  const rows = runs(n0, m0);
  const cols = runs(n1, m1);
  const inRuns = (r: number[], i: number) => (i >= r[0] && i < r[0] + r[1]) || (i >= r[2] && i < r[2] + r[3]);
  const x = new Float64Array(2 * m0 * m1);
  const rng = createRng(seed);
  for (let i = 0; i < m0; i++) {
    for (let j = 0; j < m1; j++) {
      if (!inRuns(rows, i) || !inRuns(cols, j)) continue;
      x[2 * (i * m1 + j)] = rng.normal();
      x[2 * (i * m1 + j) + 1] = rng.normal();
    }
  }
  return { x, rows, cols, inRows: (i: number) => inRuns(rows, i) };
}

describe('Fft2Plan.execPruned', () => {
  for (const [m0, m1, n0, n1, label] of [
    [64, 48, 32, 24, 'small (whole-array stages)'],
    [512, 512, 256, 256, 'large (blocked stages)'],
  ] as const) {
    it(`${m0}x${m1} ${label}: input side equals exec, output side equals exec on the wanted rows and leaves the others`, () => {
      const plan = fft2Plan(m0, m1);
      for (const inverse of [false, true]) {
        const { x, rows, cols, inRows } = padded(m0, m1, n0, n1, m0 + (inverse ? 1 : 0));
        const full = new Float64Array(x.length);
        plan.exec(x, 0, full, 0, inverse);
        let scale = 0;
        for (const v of full) scale = Math.max(scale, Math.abs(v));
        const pin = new Float64Array(x.length);
        plan.execPruned(x, 0, pin, 0, inverse, rows, cols, 'input');
        let err = 0;
        let exact = true;
        for (let i = 0; i < x.length; i++) {
          err = Math.max(err, Math.abs(pin[i] - full[i]));
          if (pin[i] !== full[i]) exact = false;
        }
        assert.ok(err <= 1e-13 * scale, `input side, inverse ${inverse}: max error ${err} of ${scale}`);
        if (m0 > 64) assert.ok(exact, 'blocked stages: the same numbers as exec');
        // output side: a full array in, only the run rows out (the rest keeps its sentinel)
        const y = new Float64Array(x.length).fill(7);
        const dense = createRng(5).fillNormal(new Float64Array(x.length));
        const ref = new Float64Array(x.length);
        plan.exec(dense, 0, ref, 0, inverse);
        plan.execPruned(dense, 0, y, 0, inverse, rows, cols, 'output');
        for (let r = 0; r < m0; r++) {
          for (let j = 0; j < 2 * m1; j++) {
            const i = 2 * m1 * r + j;
            if (inRows(r)) assert.ok(Object.is(y[i], ref[i]), `output side row ${r}: ${y[i]} vs ${ref[i]}`);
            else assert.equal(y[i], 7, `row ${r} is not wanted and must not be written`);
          }
        }
      }
    });
  }
});
