/**
 * The data scale of `pics` (src/apps/mri/scaling.ts) against BART 0.8's own printed values:
 * k-spaces made by BART alone (phantom, centred FFT, Poisson-disc mask) and the calibration
 * region, maximum, 90th percentile, median and scale `pics -d4` printed for them
 * (scripts/fixtures/mri_bart_scaling.py -> test/fixtures/mri/bart_scaling.json).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acquisition } from '../../../src/apps/mri/acquisition.ts';
import { calibrationBox, calibrationScale } from '../../../src/apps/mri/scaling.ts';
import { fixtureCfl, fixtureJson } from './helpers.ts';

interface Case {
  file: string;
  ny: number;
  nx: number;
  box: [number, number];
  pos: [number, number];
  scale: number;
  rule: 'p90' | 'max';
  max: number;
  p90: number;
  median: number;
}

const ref = fixtureJson<{ bart: string; cases: Case[] }>('bart_scaling.json');

/**
 * BART prints six decimals of values it computed in single precision (its CFL files are complex64):
 * agreement to 1e-5 absolute on values of order 0.1-1 is agreement to its printed digits.
 */
const PRINTED = 1e-5;

function close(ours: number, bart: number, what: string): void {
  assert.ok(Math.abs(ours - bart) <= PRINTED, `${what}: ours ${ours}, BART ${bart}`);
}

describe(`calibrationScale against BART ${ref.bart} pics -d4`, () => {
  assert.equal(ref.cases.length, 4);
  for (const c of ref.cases) {
    it(`${c.ny}x${c.nx}: box ${c.box.join('x')} at ${c.pos.join(',')}, scale ${c.scale} (${c.rule})`, () => {
      const k = fixtureCfl(c.file);
      assert.deepEqual(k.shape, [c.ny, c.nx]);
      const acq = acquisition(k.data as Float64Array, undefined, c.ny, c.nx);
      const box = calibrationBox(acq.mask, c.ny, c.nx);
      assert.deepEqual([box.cy, box.cx], c.box);
      const s = calibrationScale(acq);
      assert.equal(s.source, 'calibration');
      assert.deepEqual(s.box, c.box);
      assert.deepEqual(s.origin, c.pos);
      assert.equal(s.rule, c.rule);
      close(s.max, c.max, 'max');
      close(s.p90, c.p90, 'p90');
      close(s.median, c.median, 'median');
      close(s.scale, c.scale, 'scale');
    });
  }
  it('the cases cover both rules, a box capped at 32 and non-square odd sides (fixture sanity)', () => {
    assert.deepEqual([...new Set(ref.cases.map((c) => c.rule))].sort(), ['max', 'p90']);
    assert.ok(ref.cases.some((c) => c.box[0] === 32 && c.box[1] === 32));
    assert.ok(ref.cases.some((c) => c.ny % 2 === 1 && c.nx % 2 === 1 && c.ny !== c.nx));
  });
});

describe('calibrationScale without a sampled centre', () => {
  it('falls back to the zero-filled image (BART would use 1)', () => {
    const ny = 8;
    const nx = 8;
    const mask = new Uint8Array(ny * nx);
    // sample only the outer ring: the k-space centre (4, 4) is not sampled
    for (let i = 0; i < ny; i++) for (let j = 0; j < nx; j++) if (i === 0 || j === 0) mask[i * nx + j] = 1;
    const k = new Float64Array(2 * ny * nx);
    for (let i = 0; i < ny * nx; i++) if (mask[i]) k[2 * i] = 1 + (i % 3);
    const s = calibrationScale(acquisition(k, mask, ny, nx));
    assert.equal(s.source, 'zero-filled');
    assert.equal(s.box, null);
    assert.ok(s.scale > 0);
  });
});
