/**
 * The image size a trajectory implies (2 ceil(max |k|) per axis) and the refusal of one set by a
 * few stray points: radial, spiral and variable-density trajectories fill their extent, a radial
 * trajectory with one mis-scaled point does not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trajectoryReconBytes } from '../../../src/apps/mri/recon/memory.ts';
import { strayExtent, strayLimit, trajectoryAxisExtent } from '../../../src/apps/mri/trajectory-extent.ts';

/** |k_x| of a radial trajectory: spokes of `samples` points through the centre, k in [-samples/2, samples/2). */
function radialAbsX(spokes: number, samples: number): Float64Array {
  const a = new Float64Array(spokes * samples);
  for (let s = 0; s < spokes; s++)
    for (let j = 0; j < samples; j++)
      a[s * samples + j] = Math.abs((j - samples / 2) * Math.cos((Math.PI * s) / spokes));
  return a;
}

describe('trajectory extent', () => {
  it('radial: 2 ceil(max |k|), about a quarter of the points beyond half of it, not stray', () => {
    const abs = radialAbsX(64, 256);
    const e = trajectoryAxisExtent(abs);
    assert.equal(e.size, 256);
    // P(|u cos t| > 1/2) for u, t uniform: 0.248
    assert.ok(Math.abs(e.beyond / abs.length - 0.248) < 0.005, `${e.beyond}`);
    assert.equal(strayExtent(e, abs.length), false);
  });

  it('variable density (|k| ~ r^3 of uniform r): few points far out, still more than 1 in 1000', () => {
    const n = 20000;
    const abs = new Float64Array(n);
    for (let j = 0; j < n; j++) abs[j] = 128 * ((j + 0.5) / n) ** 3;
    const e = trajectoryAxisExtent(abs);
    assert.equal(e.size, 256);
    // r^3 > 1/2 for r > 0.794: about a fifth of the points
    assert.ok(Math.abs(e.beyond - 0.2063 * n) < 10, `${e.beyond}`);
    assert.equal(strayExtent(e, n), false);
  });

  it('one mis-scaled point sets the size alone: stray, with the size the rest give', () => {
    const abs = radialAbsX(64, 256);
    abs[5] = 2000;
    const e = trajectoryAxisExtent(abs);
    assert.deepEqual(e, { size: 4000, bulk: 256, beyond: 1 });
    assert.equal(strayExtent(e, abs.length), true);
    // up to floor(points / 1000) strays count as such; one more is a real extent
    assert.equal(strayLimit(abs.length), 16);
    for (let j = 0; j < 16; j++) abs[100 + j] = 1500;
    assert.equal(strayExtent(trajectoryAxisExtent(abs), abs.length), false);
  });

  it('small images are never refused, and an axis without extent is 1', () => {
    const abs = new Float64Array(100).fill(3);
    abs[0] = 31.5;
    assert.equal(strayExtent(trajectoryAxisExtent(abs), 100), false);
    assert.deepEqual(trajectoryAxisExtent(new Float64Array(10)), { size: 1, bulk: 1, beyond: 0 });
  });

  it('the memory estimate grows with pixels and coils', () => {
    assert.equal(trajectoryReconBytes(256, 256, 8, 1000), 256 * 256 * (600 + 384) + 1000 * (288 + 384) + 64 * 2 ** 20);
    assert.ok(trajectoryReconBytes(4096, 4096, 8, 0) > 16e9);
    // 2 million samples of 4 coils on a 128 x 128 image: measured 0.88 GB peak
    assert.ok(trajectoryReconBytes(128, 128, 4, 2e6) > 0.884e9);
  });
});
