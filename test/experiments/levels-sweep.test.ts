/**
 * The structured phase-transition sweep (src/experiments/levels-kind.ts) at n = 64 x 64, Poisson
 * disc, 3 sparsity levels, on the sweep engine: killed with SIGKILL mid-run (a real child process
 * running `candor mri transition`), resumed, and compared record by record with an uninterrupted
 * run on two workers; the in-process run gives the same records.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MRI_FAMILIES } from '../../src/apps/mri/levels-families.ts';
import { runLevelsSweep } from '../../src/apps/mri/node/levels-sweep.ts';
import { levelsCellStats, levelsSurface } from '../../src/experiments/levels-analysis.ts';
import { levelsSweepSpec, levelsTransitionKind } from '../../src/experiments/levels-kind.ts';
import { Store } from '../../src/experiments/node/store.ts';
import { candor } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-levels-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ARGS = ['--family', 'poisson-disc', '--size', '64', '--levels', '2', '--fractions', '0.25,0.45', '--profiles', '1,0.5,0.2', '--rho', '0.08,0.3', '--trials', '4', '--seed', '5'];
const SPEC = levelsSweepSpec({ family: 'poisson-disc', ny: 64, nx: 64, levels: 2, fractions: [0.25, 0.45], profiles: [[1, 0.5, 0.2]], rho: [0.08, 0.3], trials: 4, seed: 5 }, MRI_FAMILIES);
const TOTAL = 16;

function records(path: string) {
  const s = Store.open(path, { readonly: true });
  try {
    const sweep = s.sweeps('levels-transition')[0];
    return s.results(sweep.id).map((r) => ({ cell: r.cell, trial: r.trial, record: r.record }));
  } finally {
    s.close();
  }
}

function stored(path: string): number {
  try {
    const s = Store.open(path, { readonly: true });
    try {
      return s.sweeps('levels-transition')[0]?.done ?? 0;
    } finally {
      s.close();
    }
  } catch {
    return 0;
  }
}

describe('the structured phase-transition sweep (64 x 64, Poisson disc, 3 sparsity levels)', () => {
  it('a run killed with SIGKILL resumes with no task lost or counted twice, and equals an uninterrupted run on two workers', { timeout: 900000 }, async () => {
    const path = join(dir, 'killed.db');
    const child = spawn(process.execPath, [new URL('../../bin/candor.mjs', import.meta.url).pathname, 'mri', 'transition', ...ARGS, '--store', path, '--workers', '1', '--quiet'], { stdio: 'ignore' });
    let done = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < 600000) {
      await new Promise((r) => setTimeout(r, 50));
      done = stored(path);
      if (done >= 3) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = records(path).length;
    assert.ok(before >= 3 && before < TOTAL, `killed with ${before} of ${TOTAL} tasks stored`);
    const resumed = await runLevelsSweep(SPEC, { store: path, workers: 2 });
    assert.equal(resumed.resumed, true);
    assert.equal(resumed.ran, TOTAL - before);
    const after = records(path);
    assert.equal(after.length, TOTAL);
    assert.equal(new Set(after.map((r) => `${r.cell}/${r.trial}`)).size, TOTAL);
    const clean = join(dir, 'clean.db');
    const c = await runLevelsSweep(SPEC, { store: clean, workers: 2 });
    assert.equal(c.complete, true);
    assert.deepEqual(after, records(clean));
    // the same records in this thread, without the store
    const kind = levelsTransitionKind(MRI_FAMILIES);
    const first = after[0];
    const { cell: _c, trial: _t, seconds: _s, ...again } = kind.run(SPEC, first.cell, first.trial);
    assert.deepEqual(again, first.record);
    // recovery is easy at rho 0.08 with 45% of k-space and hard at rho 0.3 with 25%
    const stats = levelsCellStats(SPEC, c.results ?? []);
    assert.equal(stats.find((s) => s.fraction === 0.45 && s.rho === 0.08)?.successes, 4);
    assert.equal(stats.find((s) => s.fraction === 0.25 && s.rho === 0.3)?.successes, 0);
    assert.equal(levelsSurface(SPEC, stats).length, 2);
  });

  it('candor mri transition rejects a profile of the wrong length with one clear line', () => {
    const r = candor(['mri', 'transition', '--profiles', '1,0.5', '--store', join(dir, 'bad.db'), '--quiet']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: levelsSweepSpec: profiles[0]: expected 3 weights (one per level: approximation, then coarse to fine), got array of length 2\n');
  });

  it('the stored spec names the family, the grid and the seed', () => {
    const s = Store.open(join(dir, 'clean.db'), { readonly: true });
    try {
      const sweep = s.sweeps('levels-transition')[0];
      const spec = sweep.spec as unknown as { family: string; ny: number; seed: number };
      assert.equal(spec.family, 'poisson-disc');
      assert.equal(spec.ny, 64);
      assert.equal(spec.seed, 5);
      assert.equal(sweep.totalTrials, TOTAL);
    } finally {
      s.close();
    }
    assert.ok(readFileSync(join(dir, 'clean.db')).length > 0);
  });
});

describe('candor mri transition --out', () => {
  it('draws the empirical 50% surface beside the predicted one (SVG and PNG) and writes the cells as JSON', () => {
    const out = join(dir, 'fig');
    const r = candor(['mri', 'transition', '--family', 'variable-density', '--size', '16', '--levels', '1', '--fractions', '0.3,0.6', '--profiles', '1,0.5', '--rho', '0.05,0.2,0.6', '--trials', '3', '--store', join(dir, 'fig.db'), '--workers', '0', '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const svg = readFileSync(join(out, 'surface.svg'), 'utf8');
    assert.match(svg, /^<svg/);
    assert.match(svg, /state evolution in levels, rho\(K\) = 1/);
    const png = readFileSync(join(out, 'surface.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const j = JSON.parse(readFileSync(join(out, 'transition.json'), 'utf8'));
    assert.equal(j.cells.length, 6);
    assert.equal(j.surface.length, 2);
    assert.ok(j.surface.every((p: { theory: number | null }) => p.theory === null || (p.theory > 0 && p.theory <= 1)));
    assert.match(j.prediction, /not calibrated/);
  });
});
