/**
 * The structured sweep's pieces (src/experiments/levels-kind.ts, levels-families.ts,
 * levels-analysis.ts): patterns reach their fraction, signals have the asked sparsities in levels,
 * bad specs get one clear error, and the surface fit finds a known 50% point.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENERIC_FAMILIES } from '../../src/experiments/levels-families.ts';
import { levelsCell, levelsSignal, levelsSweepSpec } from '../../src/experiments/levels-kind.ts';
import { levelsSurface } from '../../src/experiments/levels-analysis.ts';
import { waveletLevels } from '../../src/predict/levels.ts';

const sum = (m: Uint8Array) => m.reduce((a, v) => a + v, 0);

describe('experiments/levels-families: gridded trajectories and uv tracks', () => {
  it('spiral and radial patterns reach the fraction and are reproducible from the seed', () => {
    for (const name of ['spiral', 'radial-trajectory']) {
      const f = GENERIC_FAMILIES[name];
      const m = f.draw(32, 32, 0.3, 7, null);
      assert.ok(sum(m) >= Math.ceil(0.3 * 1024), `${name}: ${sum(m)} cells`);
      assert.deepEqual(f.draw(32, 32, 0.3, 7, null), m);
      assert.notDeepEqual(f.draw(32, 32, 0.3, 8, null), m);
    }
  });

  it('uv tracks are symmetric under (u, v) -> (-u, -v) (conjugates added) and bad tracks are refused', () => {
    const uv: number[] = [];
    for (let t = 0; t < 200; t++) uv.push(Math.cos(t / 20) * (1 + t / 50), 0.5 * Math.sin(t / 20) * (1 + t / 50));
    const m = GENERIC_FAMILIES['uv-tracks'].draw(33, 33, 0.1, 3, { uv });
    for (let i = 0; i < 33; i++) for (let j = 0; j < 33; j++) assert.equal(m[i * 33 + j], m[(32 - i) * 33 + (32 - j)]);
    assert.throws(() => GENERIC_FAMILIES['uv-tracks'].draw(16, 16, 0.1, 0, { uv: [1, 2, 3] }), { message: 'uv-tracks: familyData.uv length: expected an even number >= 2, got 3' });
    assert.throws(() => GENERIC_FAMILIES['uv-tracks'].draw(16, 16, 0.1, 0, null), { message: 'uv-tracks: familyData.uv: expected an interleaved list of (u, v) points, got undefined' });
  });
});

describe('experiments/levels-kind: the sweep spec and its signals', () => {
  const spec = levelsSweepSpec({ family: 'spiral', ny: 16, nx: 16, levels: 2, fractions: [0.5], profiles: [[1, 0.5, 0.1]], rho: [0.2, 0.5], trials: 2 }, GENERIC_FAMILIES);

  it('the signal of a cell has s_l = round(rho profile_l N_l) nonzeros in level l', () => {
    const cell = levelsCell(spec, 1);
    assert.deepEqual(cell.sparsity, [8, 12, 10]); // N_l = 16, 48, 192 at rho 0.5
    const w = levelsSignal(spec, cell, 11);
    const lev = waveletLevels(16, 16, 2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 256; i++) if (w[2 * i] !== 0 || w[2 * i + 1] !== 0) counts[lev.labels[i]]++;
    assert.deepEqual(counts, cell.sparsity);
  });

  it('bad specs get one clear error naming the field', () => {
    assert.throws(() => levelsSweepSpec({ ...spec, family: 'zigzag' }, GENERIC_FAMILIES), { message: 'levelsSweepSpec: family: expected one of spiral, radial-trajectory, uv-tracks, got "zigzag"' });
    assert.throws(() => levelsSweepSpec({ ...spec, fractions: [0.5, 1] }, GENERIC_FAMILIES), { message: 'levelsSweepSpec: fractions[1]: expected a number in (0, 1), got 1' });
    assert.throws(() => levelsSweepSpec({ ...spec, solver: { name: 'omp' } }, GENERIC_FAMILIES), { message: 'levelsSweepSpec: solver: expected a registry solver of complex basis pursuit on an operator (admm, spgl1), got "omp"' });
  });
});

describe('experiments/levels-analysis: the empirical 50% surface', () => {
  it('a logistic column centred on rho = 0.3 gives rho50 near 0.3 with an interval around it; a column that never fails says so', () => {
    const spec = levelsSweepSpec({ family: 'spiral', ny: 16, nx: 16, levels: 1, fractions: [0.4], profiles: [[1, 1]], rho: [0.1, 0.2, 0.3, 0.4, 0.5], trials: 40 }, GENERIC_FAMILIES);
    // success counts of P = 1 / (1 + exp(20 (rho - 0.3))), 40 trials each: 39.9, 35.2, 20, 4.8, 0.7
    const succ = [40, 35, 20, 5, 1];
    const stats = spec.rho.map((rho, i) => ({ index: i, fraction: 0.4, profile: 0, rho, sparsity: [], trials: 40, successes: succ[i], rate: succ[i] / 40, lo: 0, hi: 1 }));
    const [p] = levelsSurface(spec, stats);
    assert.ok(p.rho50 !== null && Math.abs(p.rho50 - 0.3) < 0.01, `rho50 ${p.rho50}`);
    assert.ok((p.lo ?? 1) < 0.3 && (p.hi ?? 0) > 0.3);
    const all = stats.map((s) => ({ ...s, successes: 40 }));
    assert.equal(levelsSurface(spec, all)[0].note, 'all succeeded: above the rho grid');
  });
});
