/**
 * The analytic SENSE g-factor (src/apps/mri/gfactor.ts) against numpy's (scripts/fixtures/mri_gfactor.py:
 * the same formula with numpy.linalg.inv, on numpy's own loop-coil maps cut to an elliptical
 * support): row and row-and-column reductions, 4 to 8 coils, an odd image side.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gFactorCartesian } from '../../../src/apps/mri/gfactor.ts';

interface Case {
  ny: number;
  nx: number;
  nc: number;
  ry: number;
  rx: number;
  maps: number[];
  g: number[];
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/mri/gfactor.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('analytic SENSE g-factor vs numpy', () => {
  for (const c of fx.cases) {
    it(`${c.ny}x${c.nx}, ${c.nc} coils, R = ${c.ry} x ${c.rx}: the numpy map to 1e-9, g >= 1 in the support, 0 outside`, () => {
      const maps = { ny: c.ny, nx: c.nx, nc: c.nc, data: Float64Array.from(c.maps) };
      const g = gFactorCartesian(maps, c.ry, c.rx);
      for (let i = 0; i < g.length; i++) {
        assert.ok(Math.abs(g[i] - c.g[i]) <= 1e-9 * Math.max(1, c.g[i]), `pixel ${i}: ${g[i]} vs numpy ${c.g[i]}`);
        if (c.g[i] !== 0) assert.ok(g[i] >= 1 - 1e-12, `pixel ${i}: g ${g[i]} < 1`);
      }
      // no reduction: g = 1 wherever the maps are non-zero
      const g1 = gFactorCartesian(maps, 1, 1);
      for (let i = 0; i < g1.length; i++) assert.equal(g1[i], c.g[i] === 0 ? 0 : 1);
    });
  }

  it('bad input: a reduction that does not divide the image, maps of the wrong length', () => {
    const c = fx.cases[0];
    const maps = { ny: c.ny, nx: c.nx, nc: c.nc, data: Float64Array.from(c.maps) };
    assert.throws(() => gFactorCartesian(maps, 3), { message: 'gFactorCartesian: reduction: expected factors that divide the image (16 rows, 12 columns), got ry 3, rx 1' });
    assert.throws(() => gFactorCartesian(maps, 17), { message: 'gFactorCartesian: rows reduction ry: expected an integer in [1, 16], got 17' });
    assert.throws(() => gFactorCartesian({ ...maps, nc: 5 }, 2), { message: 'gFactorCartesian: coil maps: expected 1920 values (5 complex 16x12 maps), got 1536 values' });
  });
});
