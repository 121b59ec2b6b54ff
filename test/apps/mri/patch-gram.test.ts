/**
 * ESPIRiT's calibration Gram matrix by lags (src/apps/mri/coils/patch-gram.ts) against its
 * definition: the calibration matrix built explicitly (one row per k x k window, all coils; BART's
 * `calmat` layout, coil-major then window row-major) and A^T conj(A) summed entry by entry, on
 * seeded complex data with a k-space-like dynamic range (a bright centre), square and rectangular
 * regions, odd and even kernels; plus the degenerate case of a region smaller than the kernel.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { patchGram } from '../../../src/apps/mri/coils/patch-gram.ts';
import { createRng } from '../../../src/core/rng/index.ts';

function region(sy: number, sx: number, nc: number, seed: number) {
  const rng = createRng(seed);
  const data = new Float64Array(2 * sy * sx * nc);
  for (let c = 0; c < nc; c++) {
    for (let y = 0; y < sy; y++) {
      for (let x = 0; x < sx; x++) {
        // about 1e3 at the centre falling to 1 at the edge, as calibration k-space does
        const r2 = ((y - sy / 2) / sy) ** 2 + ((x - sx / 2) / sx) ** 2;
        const amp = 1 + 1e3 * Math.exp(-40 * r2);
        const o = 2 * ((c * sy + y) * sx + x);
        data[o] = amp * rng.normal();
        data[o + 1] = amp * rng.normal();
      }
    }
  }
  return { sy, sx, nc, data };
}

/** sum over windows q of a_q conj(a_q)^T, from the explicit patches. */
function gramByDefinition(cal: { sy: number; sx: number; nc: number; data: Float64Array }, k: number): Float64Array {
  const { sy, sx, nc, data } = cal;
  const N = nc * k * k;
  const G = new Float64Array(2 * N * N);
  const a = new Float64Array(2 * N);
  for (let qy = 0; qy + k <= sy; qy++) {
    for (let qx = 0; qx + k <= sx; qx++) {
      for (let c = 0; c < nc; c++) {
        for (let py = 0; py < k; py++) {
          for (let px = 0; px < k; px++) {
            const t = c * k * k + py * k + px;
            const s = 2 * ((c * sy + qy + py) * sx + qx + px);
            a[2 * t] = data[s];
            a[2 * t + 1] = data[s + 1];
          }
        }
      }
      for (let i = 0; i < N; i++) {
        for (let j = 0; j < N; j++) {
          G[2 * (i * N + j)] += a[2 * i] * a[2 * j] + a[2 * i + 1] * a[2 * j + 1];
          G[2 * (i * N + j) + 1] += a[2 * i + 1] * a[2 * j] - a[2 * i] * a[2 * j + 1];
        }
      }
    }
  }
  return G;
}

describe('patchGram: the calibration Gram matrix by lags', () => {
  for (const [sy, sx, nc, k] of [
    [12, 12, 3, 6],
    [9, 14, 2, 3],
    [11, 7, 4, 4],
    [5, 5, 1, 5],
  ] as const) {
    it(`equals sum_q a_q a_q^H on a ${sy}x${sx} region, ${nc} coils, kernel ${k}, to 1e-13 of its largest entry`, () => {
      const cal = region(sy, sx, nc, 100 * sy + sx);
      const got = patchGram(cal, k);
      const want = gramByDefinition(cal, k);
      assert.equal(got.length, want.length);
      let peak = 0;
      for (const v of want) peak = Math.max(peak, Math.abs(v));
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      assert.ok(worst <= 1e-13 * peak, `largest difference ${worst} against ${peak}`);
      // Hermitian with a real diagonal, as a Gram matrix is
      const N = nc * k * k;
      for (let i = 0; i < N; i++) assert.equal(got[2 * (i * N + i) + 1], 0);
    });
  }

  it('is zero when the region is smaller than the kernel (no window fits)', () => {
    const G = patchGram(region(4, 9, 2, 7), 5);
    assert.equal(G.length, 2 * (2 * 25) ** 2);
    assert.ok(G.every((v) => v === 0));
  });
});
