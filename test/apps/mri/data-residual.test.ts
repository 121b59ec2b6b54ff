/**
 * The multi-coil reconstruction's dataResidual ||A x - y|| / ||y|| against a forward pass of the
 * SENSE operator: l1-wavelet takes it from FISTA's last iterate (x^H A^H A x - 2 Re x^H A^H y +
 * ||y||^2, no extra coil FFTs) while it is large, and from a forward pass when it is small (the
 * identity cancels there: a review found 1.4e-7 reported for 3.0e-8).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulatedCoilMaps, simulateMultiCoil } from '../../../src/apps/mri/coils/simulate.ts';
import { poissonDiscMask } from '../../../src/apps/mri/masks/poisson-disc.ts';
import { multiCoilAcquisition } from '../../../src/apps/mri/multicoil.ts';
import { sheppLogan } from '../../../src/apps/mri/phantom.ts';
import { reconstructMultiCoil } from '../../../src/apps/mri/recon/multicoil.ts';
import { senseCartesian } from '../../../src/apps/mri/sense.ts';

describe('multi-coil l1-wavelet dataResidual', () => {
  const n = 48;
  const maps = simulatedCoilMaps(n, n, 6);
  const mask = poissonDiscMask(n, n, { acceleration: 2, calib: 12, seed: 3 }).mask as Uint8Array;
  const { kspace } = simulateMultiCoil(sheppLogan(n), maps, { mask });
  const acq = multiCoilAcquisition(kspace, mask);
  const A = senseCartesian(maps, mask);
  const direct = (x: Float64Array) => {
    const r = A.apply(x, new Float64Array(acq.y.length));
    let e = 0;
    let yy = 0;
    for (let i = 0; i < r.length; i++) {
      e += (r[i] - acq.y[i]) ** 2;
      yy += acq.y[i] ** 2;
    }
    return Math.sqrt(e / yy);
  };
  for (const [label, lambda, iters] of [
    ['large (few iterations)', 0.005, 5],
    ['small (tiny weight, many iterations)', 1e-10, 400],
  ] as const) {
    it(`equals a forward pass when the residual is ${label}`, () => {
      const r = reconstructMultiCoil(acq, maps, { method: 'l1-wavelet', lambda, maxIter: iters, tol: 0, spin: false });
      const want = direct(r.image);
      assert.ok(Math.abs(r.dataResidual - want) <= 1e-6 * want, `reported ${r.dataResidual}, forward pass ${want}`);
      if (lambda < 1e-6) assert.ok(want < 1e-3, `the small case reaches a small residual (${want})`);
    });
  }
});
