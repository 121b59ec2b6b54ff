/**
 * The haar of any size (src/core/wavelets/haar-any.ts): equal to PyWavelets' periodized Haar
 * (wavedec2, mode 'periodization') when 2^L divides both sides, shift included
 * (test/fixtures/core_haar_any.json, scripts/fixtures/core_haar_any.py), at 1e-12 relative; on
 * every other size (odd sides) orthonormal (dense Gram matrix), its own inverse through
 * `synthesis`, and exact on constants (one coefficient sqrt(n) times the value, no detail: the
 * unbalanced Haar basis of Girardi & Sweldens 1997, an analytic reference).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Haar2AnyPlan, haarLevels, haarMaxLevels } from '../../src/core/wavelets/haar-any.ts';
import { createRng } from '../../src/core/rng/index.ts';

interface Case {
  ny: number;
  nx: number;
  levels: number;
  sy: number;
  sx: number;
  x: number[];
  c: number[];
}
const ref = JSON.parse(readFileSync(new URL('../fixtures/core_haar_any.json', import.meta.url), 'utf8')) as { pywt: string; cases: Case[] };

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / m;
}

function randomImage(n: number, seed: number): Float64Array {
  const r = createRng(seed);
  const x = new Float64Array(2 * n);
  for (let i = 0; i < x.length; i++) x[i] = r.normal();
  return x;
}

describe(`Haar2AnyPlan against PyWavelets ${ref.pywt} (periodization)`, () => {
  assert.equal(ref.cases.length, 5);
  for (const c of ref.cases) {
    it(`${c.ny}x${c.nx}, ${c.levels} levels, shift (${c.sy}, ${c.sx})`, () => {
      const p = new Haar2AnyPlan(c.ny, c.nx, c.levels);
      const x = Float64Array.from(c.x);
      const coef = p.analysis(x, new Float64Array(x.length), c.sy, c.sx);
      assert.ok(relErr(coef, c.c) <= 1e-12, `analysis: ${relErr(coef, c.c)}`);
      const back = p.synthesis(Float64Array.from(c.c), new Float64Array(x.length), c.sy, c.sx);
      assert.ok(relErr(back, c.x) <= 1e-12, `synthesis: ${relErr(back, c.x)}`);
    });
  }
});

describe('Haar2AnyPlan on any size', () => {
  const sizes: [number, number, number | undefined, number, number][] = [
    [5, 7, undefined, 0, 0],
    [5, 7, 3, 2, 6],
    [7, 12, undefined, 3, 11],
    [1, 9, undefined, 0, 4],
    [9, 1, 4, 5, 0],
    [11, 6, 2, -4, 1],
  ];
  for (const [ny, nx, levels, sy, sx] of sizes) {
    it(`${ny}x${nx} (levels ${levels ?? 'default'}, shift ${sy}, ${sx}): orthonormal (dense Gram = I) and synthesis inverts analysis`, () => {
      const p = new Haar2AnyPlan(ny, nx, levels);
      const n = ny * nx;
      const cols: Float64Array[] = [];
      for (let k = 0; k < n; k++) {
        const e = new Float64Array(2 * n);
        e[2 * k] = 1;
        cols.push(p.analysis(e, new Float64Array(2 * n), sy, sx));
      }
      let worst = 0;
      for (let a = 0; a < n; a++) {
        for (let b = a; b < n; b++) {
          let d = 0;
          for (let i = 0; i < 2 * n; i++) d += cols[a][i] * cols[b][i];
          worst = Math.max(worst, Math.abs(d - (a === b ? 1 : 0)));
        }
      }
      assert.ok(worst <= 1e-13, `Gram: ${worst}`);
      const x = randomImage(n, 7 + ny * nx);
      const c = p.analysis(x, new Float64Array(2 * n), sy, sx);
      const back = p.synthesis(c, new Float64Array(2 * n), sy, sx);
      assert.ok(relErr(back, x) <= 1e-13, `inverse: ${relErr(back, x)}`);
    });
  }

  for (const [ny, nx] of [
    [23, 18],
    [230, 180],
    [45, 37],
  ] as const) {
    it(`${ny}x${nx} at full depth: a constant image has one coefficient, sqrt(n) times the value, and no detail`, () => {
      const n = ny * nx;
      const p = new Haar2AnyPlan(ny, nx, Math.max(haarMaxLevels(ny), haarMaxLevels(nx)));
      const x = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        x[2 * i] = 1.5;
        x[2 * i + 1] = -0.25;
      }
      const c = p.analysis(x, new Float64Array(2 * n), 3, 5);
      assert.ok(Math.abs(c[0] - 1.5 * Math.sqrt(n)) <= 1e-12 * Math.sqrt(n));
      assert.ok(Math.abs(c[1] + 0.25 * Math.sqrt(n)) <= 1e-12 * Math.sqrt(n));
      let rest = 0;
      for (let i = 2; i < 2 * n; i++) rest = Math.max(rest, Math.abs(c[i]));
      assert.ok(rest <= 1e-12 * Math.sqrt(n), `detail: ${rest}`);
    });
  }

  it("levels: BART's minimum band of 16 (optreg.c minsize; regression pin of the rule's values)", () => {
    assert.deepEqual(
      [1, 2, 31, 32, 96, 180, 230, 256, 320].map((n) => haarLevels(n)),
      [0, 1, 2, 2, 3, 4, 4, 5, 5],
    );
    assert.deepEqual(
      [1, 2, 3, 5, 8, 9].map((n) => haarMaxLevels(n)),
      [0, 1, 2, 3, 3, 4],
    );
  });

  it('bad input: one CandorError naming what and where', () => {
    assert.throws(() => new Haar2AnyPlan(0, 4), { message: 'haar2Any: rows ny: expected an integer >= 1, got 0' });
    assert.throws(() => new Haar2AnyPlan(4, 4, 3), { message: 'haar2Any: levels: expected an integer in [0, 2] (the most a 4x4 image admits), got 3' });
    assert.throws(() => new Haar2AnyPlan(4, 8, [1, 4]), { message: 'haar2Any: levels (columns): expected an integer in [0, 3], got 4' });
    const p = new Haar2AnyPlan(2, 3);
    assert.throws(() => p.analysis(new Float64Array(10), new Float64Array(12)), {
      message: 'haar2Any(2x3): input: expected a Float64Array of 12 (complex 2x3), got length 10',
    });
    const x = new Float64Array(12);
    assert.throws(() => p.analysis(x, x), { message: 'haar2Any(2x3): out: expected a buffer distinct from the input, got the input itself' });
  });
});
