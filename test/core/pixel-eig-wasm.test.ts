/**
 * ESPIRiT's per-pixel work in WebAssembly SIMD (src/core/dense/pixel-eig-wasm.ts): the top
 * eigenpair of small Hermitian matrices, kernel-image rows and maps bit for bit those of the
 * JavaScript loops.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  calibrationKspace,
  espirit,
  multiCoilAcquisition,
  poissonDiscMask,
  sheppLogan,
  simulatedCoilMaps,
  simulateMultiCoil,
} from '../../src/apps/mri/index.ts';
import { hermEigTop } from '../../src/core/dense/herm-eig.ts';
import { kernelImageRowPair, twiddles } from '../../src/core/dense/kernel-images.ts';
import { pixelEigKernel, setPixelEigWasm } from '../../src/core/dense/pixel-eig-wasm.ts';
import { createRng } from '../../src/core/rng/index.ts';

describe('the WebAssembly power iteration', () => {
  after(() => setPixelEigWasm(true));

  it('finds the top eigenpair: 3 and (1, -i)/sqrt(2) for [[2, i], [-i, 2]]; 0 for the zero matrix; maxIter 0 does nothing', () => {
    const k = pixelEigKernel(2, 1, 1);
    assert.ok(k, 'WebAssembly SIMD is available in Node 20');
    k.M.set([2, 0, 0, 1, 0, -1, 2, 0]);
    k.v.set([1, 0, 0, 0]);
    const lambda = k.power(60);
    assert.ok(Math.abs(lambda - 3) < 1e-10, String(lambda));
    // v = (1, -i)/sqrt(2) up to the phase of the start (real first entry here)
    assert.ok(
      Math.abs(k.v[0] - Math.SQRT1_2) < 1e-6 && Math.abs(k.v[3] + Math.SQRT1_2) < 1e-6,
      String([...k.v]),
    );
    k.M.fill(0);
    k.v.set([1, 0, 0, 0]);
    assert.equal(k.power(10), 0);
    assert.deepEqual([...k.v], [1, 0, 0, 0]);
    k.M.set([2, 0, 0, 1, 0, -1, 2, 0]);
    assert.equal(k.power(0), 0);
    assert.deepEqual([...k.v], [1, 0, 0, 0]);
  });

  it('random 8x8 Hermitian positive semidefinite matrices: lambda = the largest eigenvalue of hermEigTop to 1e-9', () => {
    const rng = createRng(11);
    const n = 8;
    const k = pixelEigKernel(n, 1, 1);
    assert.ok(k);
    for (let trial = 0; trial < 20; trial++) {
      // A = B B^H with B 8 x 3 complex: rank 3, a clear gap
      const B = Float64Array.from({ length: 2 * n * 3 }, () => rng.normal());
      const A = new Float64Array(2 * n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let sr = 0;
          let si = 0;
          for (let t = 0; t < 3; t++) {
            const [ar, ai] = [B[2 * (i * 3 + t)], B[2 * (i * 3 + t) + 1]];
            const [br, bi] = [B[2 * (j * 3 + t)], B[2 * (j * 3 + t) + 1]];
            sr += ar * br + ai * bi;
            si += ai * br - ar * bi;
          }
          A[2 * (i * n + j)] = sr;
          A[2 * (i * n + j) + 1] = si;
        }
      }
      const top = hermEigTop(A, n, { count: 1 }).values[0];
      k.M.set(A);
      k.v.fill(0);
      k.v[0] = 1;
      const lambda = k.power(2000);
      assert.ok(Math.abs(lambda - top) <= 1e-9 * top, `trial ${trial}: ${lambda} vs ${top}`);
    }
  });

  it('kernel-image rows: bit for bit kernelImageRowPair (random spectra, 3 coils, k 3, 37 columns, every row of 29)', () => {
    const [nc, k, nx, ny] = [3, 3, 37, 29];
    const npairs = (nc * (nc + 1)) / 2;
    const rng = createRng(5);
    const H = Float64Array.from({ length: 2 * npairs * (2 * k - 1) * nx }, () => rng.normal());
    const ey = twiddles(k, ny);
    const kern = pixelEigKernel(nc, k, nx);
    assert.ok(kern);
    kern.H.set(H);
    const row = new Float64Array(2 * nx * npairs);
    const row2 = new Float64Array(2 * nx * npairs);
    for (let y = 0; y < ny; y++) {
      kernelImageRowPair(H, ey, npairs, k, ny, nx, y, row, row2);
      kern.rows(ey, y, ny);
      assert.deepEqual(kern.row, row, `row ${y}`);
      assert.deepEqual(kern.row2, row2, `mirror of row ${y}`);
    }
  });

  it('ESPIRiT maps and eigenvalues are bit for bit those of the JavaScript loop (1, 3, 5 and 8 coils, odd sides)', () => {
    for (const [ny, nx, nc] of [
      [64, 64, 1],
      [61, 47, 3],
      [96, 80, 5],
      [128, 112, 8],
    ]) {
      const maps = simulatedCoilMaps(ny, nx, nc);
      const m = poissonDiscMask(ny, nx, { acceleration: 3, calib: 20, seed: 2 });
      const acq = multiCoilAcquisition(
        simulateMultiCoil(sheppLogan(ny, nx), maps, { mask: m.mask, snrDb: 30, seed: 1 }).kspace,
        m.mask,
      );
      const cal = calibrationKspace(acq);
      setPixelEigWasm(true);
      const a = espirit(cal, { calib: 20 });
      setPixelEigWasm(false);
      const b = espirit(cal, { calib: 20 });
      setPixelEigWasm(true);
      assert.deepEqual(a.maps.data, b.maps.data, `${ny}x${nx}, ${nc} coils: maps`);
      assert.deepEqual(a.eigenvalues, b.eigenvalues, `${ny}x${nx}, ${nc} coils: eigenvalues`);
    }
  });
});
