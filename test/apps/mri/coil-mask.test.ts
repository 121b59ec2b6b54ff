/**
 * maskCoilKspace (src/apps/mri/coils/types.ts), the one masking of coil k-space that the
 * simulation, the multi-coil scan, coil compression and the lab's workers share: zeros in every
 * coil where the mask is 0, the input left unchanged, a mask of another size a named error; and
 * simulateMultiCoil with a mask equals the full simulation masked by it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulatedCoilMaps, simulateMultiCoil } from '../../../src/apps/mri/coils/simulate.ts';
import { maskCoilKspace } from '../../../src/apps/mri/coils/types.ts';
import { makeMask } from '../../../src/apps/mri/masks/index.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';

describe('maskCoilKspace', () => {
  it('zeroes every coil where the mask is 0, keeps the rest, leaves the input unchanged', () => {
    // 2 coils of 2x2: entry i of coil c holds (10 c + i, -(10 c + i) - 0.5)
    const data = new Float64Array(16);
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < 4; i++) {
        data[2 * (4 * c + i)] = 10 * c + i;
        data[2 * (4 * c + i) + 1] = -(10 * c + i) - 0.5;
      }
    }
    const k = { ny: 2, nx: 2, nc: 2, data };
    const before = data.slice();
    const m = maskCoilKspace(k, Uint8Array.from([1, 0, 0, 1]));
    assert.deepEqual([m.ny, m.nx, m.nc], [2, 2, 2]);
    assert.deepEqual(Array.from(m.data), [0, -0.5, 0, 0, 0, 0, 3, -3.5, 10, -10.5, 0, 0, 0, 0, 13, -13.5]);
    assert.deepEqual(data, before);
    assert.notEqual(m.data, data);
  });

  it('a mask of another size is a named error', () => {
    const k = { ny: 2, nx: 3, nc: 1, data: new Float64Array(12) };
    assert.throws(() => maskCoilKspace(k, new Uint8Array(5)), {
      message: "maskCoilKspace: mask: expected 6 entries (2x3, the k-space's grid), got 5",
    });
  });

  it('simulateMultiCoil with a mask is the full simulation masked', () => {
    const ny = 24;
    const nx = 20;
    const maps = simulatedCoilMaps(ny, nx, 3);
    const img = sheppLogan(24).slice(0, ny * nx);
    const mask = makeMask('poisson-disc', ny, nx, { acceleration: 3, seed: 4 }).mask;
    const full = simulateMultiCoil(img, maps).kspace;
    const masked = simulateMultiCoil(img, maps, { mask }).kspace;
    assert.deepEqual(masked, maskCoilKspace(full, mask));
    let zeros = 0;
    for (let i = 0; i < ny * nx; i++) if (!mask[i]) zeros++;
    assert.ok(zeros > 0);
  });
});
