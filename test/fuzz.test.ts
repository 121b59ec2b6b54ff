/**
 * The seeded short run of the fuzz targets (scripts/fuzz; the full run is `npm run fuzz`, 100,000
 * inputs per target): 2,000 inputs each with seed 19, in process. Every exception must be the
 * target's documented error type and no input may leave more than 256 MB of ArrayBuffers alive.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runRange } from '../scripts/fuzz/engine.ts';
import { loadTargets } from '../scripts/fuzz/targets.ts';

const targets = await loadTargets();

describe('fuzz: 2,000 seeded inputs per parser', () => {
  it('covers every parser of issue 19', () => {
    const names = targets.map((t) => t.name);
    for (const n of ['npy', 'cfl', 'dicom', 'nifti', 'png', 'segy', 'su', 'fits', 'uvfits', 'eht-text', 'sweep-spec', 'operator-spec', 'api', 'receipt']) assert.ok(names.includes(n), n);
  });
  for (const t of targets) {
    it(`${t.name}: no crash, no allocation over 256 MB`, () => {
      const r = runRange(t, t.seeds(), { seed: 19, from: 0, to: 2000, memoryLimit: 256 * 2 ** 20 });
      assert.deepEqual(r.findings, []);
    });
  }
});
