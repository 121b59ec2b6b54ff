import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kernelImageRowPair, kernelSpectra, mirrorSlots, slotRows, twiddles } from '../../src/core/dense/kernel-images.ts';
import { pixelTopEigen } from '../../src/core/dense/pixel-eig.ts';
import { setPixelEigWasm } from '../../src/core/dense/pixel-eig-wasm.ts';
import { centeredFft2Plan } from '../../src/core/fft/centered.ts';

// The kernel images made row by row from their spectra against their definition: the kernel
// K_cc'(d) placed at the image centre + d, times sqrt(ny nx), through the centred unitary inverse
// 2-D FFT (what ESPIRiT's step 2 computed before, one FFT per coil pair), on even and odd sizes.
function seeded(len: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 4294967296 - 0.5;
  }
  return out;
}

function byFft(U: Float64Array, r: number, nc: number, k: number, ny: number, nx: number): Float64Array[] {
  const N = nc * k * k;
  const n = ny * nx;
  const fft = centeredFft2Plan(ny, nx);
  const out: Float64Array[] = [];
  for (let c = 0; c < nc; c++) {
    for (let c2 = 0; c2 <= c; c2++) {
      const z = new Float64Array(2 * n);
      for (let p = 0; p < k * k; p++) {
        for (let q = 0; q < k * k; q++) {
          let sr = 0;
          let si = 0;
          for (let t = 0; t < r; t++) {
            const a = 2 * (N * t + c * k * k + p);
            const b = 2 * (N * t + c2 * k * k + q);
            sr += U[a] * U[b] + U[a + 1] * U[b + 1];
            si += U[a + 1] * U[b] - U[a] * U[b + 1];
          }
          const dy = Math.floor(p / k) - Math.floor(q / k);
          const dx = (p % k) - (q % k);
          const o = 2 * (((ny >> 1) + dy) * nx + (nx >> 1) + dx);
          z[o] += (sr / (k * k)) * Math.sqrt(n);
          z[o + 1] += (si / (k * k)) * Math.sqrt(n);
        }
      }
      const img = new Float64Array(2 * n);
      fft.exec(z, img, true);
      out.push(img);
    }
  }
  return out;
}

describe('ESPIRiT kernel images row by row (and a row with its mirror)', () => {
  for (const [ny, nx, nc, k, r] of [
    [16, 12, 3, 3, 4],
    [15, 13, 2, 4, 3],
    [9, 20, 4, 2, 5],
  ]) {
    it(`equal the centred inverse FFT of the placed kernels (${ny}x${nx}, ${nc} coils, k ${k})`, () => {
      const U = seeded(2 * nc * k * k * r, ny * 31 + nx);
      const npairs = (nc * (nc + 1)) / 2;
      const H = new Float64Array(2 * npairs * (2 * k - 1) * nx);
      // two halves of the pairs, as two parts of a team compute them
      const half = npairs >> 1;
      kernelSpectra(U, r, nc, k, nx, H, 0, half);
      kernelSpectra(U, r, nc, k, nx, H, half, npairs);
      const ey = twiddles(k, ny);
      const ref = byFft(U, r, nc, k, ny, nx);
      const row = new Float64Array(2 * npairs * nx);
      const row2 = new Float64Array(2 * npairs * nx);
      // two rows at a time: every row in exactly one slot, a row and its mirror
      const seen = new Array(ny).fill(0);
      let worst = 0;
      let peak = 0;
      for (let s = 0; s < mirrorSlots(ny); s++) {
        const [y, y2] = slotRows(s, ny);
        kernelImageRowPair(H, ey, npairs, k, ny, nx, y, row, row2);
        for (const [yy, got] of y2 === y ? ([[y, row]] as const) : ([[y, row], [y2, row2]] as const)) {
          seen[yy]++;
          for (let q = 0; q < npairs; q++) {
            for (let x = 0; x < 2 * nx; x++) {
              const want = ref[q][2 * yy * nx + x];
              worst = Math.max(worst, Math.abs(got[2 * q * nx + x] - want));
              peak = Math.max(peak, Math.abs(want));
            }
          }
        }
      }
      assert.ok(peak > 0.01, `the reference is not trivial (peak ${peak})`);
      assert.ok(worst <= 1e-13 * peak, `largest difference ${worst} against peak ${peak}`);
      assert.deepEqual(seen, new Array(ny).fill(1));
    });
  }

  it('pixelTopEigen takes row slots, and refuses a range of rows (or any range outside [0, mirrorSlots(ny)])', () => {
    const ny = 16;
    const nx = 4;
    const nc = 2;
    const k = 2;
    const H = new Float64Array(2 * 3 * (2 * k - 1) * nx);
    const args = [H, twiddles(k, ny), new Float64Array(2 * nc), new Float64Array(2 * ny * nx * nc), new Float64Array(ny * nx), ny, nx, nc, k, 0.8, 30] as const;
    assert.equal(pixelTopEigen(...args, 0, mirrorSlots(ny)), 0); // all-zero kernels: nothing above the crop
    assert.throws(
      () => pixelTopEigen(...args, 0, ny),
      (e: unknown) => e instanceof Error && e.message === 'pixelTopEigen: row slots [s0, s1): expected integers with 0 <= s0 <= s1 <= 9 (mirrorSlots(16)), got [0, 16)',
    );
    // spectra shorter than the sizes say, and empty sizes, are refused on both paths (the
    // WebAssembly one would read the previous call's spectra, or run off its memory)
    for (const wasm of [true, false]) {
      setPixelEigWasm(wasm);
      try {
        const [, ey, rot, maps, ev] = args;
        assert.throws(() => pixelTopEigen(H.subarray(2), ey, rot, maps, ev, ny, nx, nc, k, 0.8, 30, 0, 1), /^CandorError: pixelTopEigen: spectra H: expected 72 values \(3 coil pairs x 3 x 4 complex\), got 70$/);
        assert.throws(() => pixelTopEigen(H, ey, rot, maps, ev, ny, nx, 0, k, 0.8, 30, 0, 1), /pixelTopEigen: coils nc: expected an integer >= 1, got 0/);
        assert.throws(() => pixelTopEigen(H, ey, rot, maps, ev, ny, 0, nc, k, 0.8, 30, 0, 1), /pixelTopEigen: nx: expected an integer >= 1, got 0/);
      } finally {
        setPixelEigWasm(true);
      }
    }
  });

  it('twiddles are the unit roots e^{2 pi i d (j - floor(n/2)) / n}', () => {
    const t = twiddles(3, 7);
    // d = -2 (row 0), j = 0: angle 2 pi (-2)(-3)/7 = 12 pi / 7
    assert.ok(Math.abs(t[0] - Math.cos((12 * Math.PI) / 7)) < 1e-15);
    assert.ok(Math.abs(t[1] - Math.sin((12 * Math.PI) / 7)) < 1e-15);
    // d = 0 (row 2) is 1 everywhere
    for (let j = 0; j < 7; j++) assert.deepEqual([t[2 * (14 + j)], t[2 * (14 + j) + 1]], [1, 0]);
  });
});
