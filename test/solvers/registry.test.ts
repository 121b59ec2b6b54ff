/**
 * The solver registry is the one list of solver names: every entry runs in each of its modes and
 * recovers a sparse signal in the easy regime; the CLI (`sweep solvers --json`, `recover --help`)
 * lists exactly its names; and no other list of solver (or ensemble) names exists in src/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { gemv } from '../../src/core/dense/gemv.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { ENSEMBLE_NAMES } from '../../src/linops/catalogue.ts';
import { gaussianMatrix } from '../../src/linops/matrix.ts';
import { chooseSolver } from '../../src/solvers/choose.ts';
import { initHighs } from '../../src/solvers/highs-runtime.ts';
import { SOLVER_NAMES, SOLVER_REGISTRY, solverEntry, sweepSettings } from '../../src/solvers/registry.ts';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * Innermost array and object literals of a source text (comments stripped): [...] groups, and
 * {...} groups that hold no statements (a block with `;`, `=` or `case` is code, not a list).
 */
function groups(text: string): string[] {
  // comments, and literal type unions ('a' | 'b': a type, not a list of values)
  const src = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/(['"][a-z0-9-]+['"]\s*\|\s*)+['"][a-z0-9-]+['"]/g, '');
  return [...src.matchAll(/\[[^[\]{}]*\]|\{[^{}[\]]*\}/g)].map((m) => m[0]).filter((g) => g[0] === '[' || !/;|[^=!<>]=[^=>]|\bcase\b/.test(g));
}

/** Names of `names` that appear quoted (or as bare object keys) in a group. */
function namesIn(group: string, names: readonly string[]): string[] {
  return names.filter((n) => new RegExp(`(['"\`])${n}\\1|(^|[{,\\s])${n.replace(/-/g, '\\-')}\\s*:`).test(group));
}

describe('the solver registry', () => {
  before(async () => {
    await initHighs();
  });
  it('has unique names, and every entry recovers a 4-sparse x from 60 Gaussian measurements (n = 100) in each of its modes (error: BP < 1e-4, BPDN at sigma = 1e-5 ||y|| < 1e-3, LASSO at lambda = 1e-3 < 1e-2)', () => {
    assert.equal(new Set(SOLVER_NAMES).size, SOLVER_NAMES.length);
    const rng = createRng(7);
    const A = gaussianMatrix(60, 100, rng);
    const x0 = rng.sparseVector(100, 4, 'signed', new Float64Array(100));
    const y = gemv(A, x0, new Float64Array(60));
    const sigma = 1e-5 * Math.hypot(...y);
    for (const e of SOLVER_REGISTRY) {
      for (const mode of e.modes) {
        const s = { mode, nonneg: false, k: e.k === 'none' ? undefined : 4, lambda: mode === 'lasso' ? 1e-3 : undefined, sigma: mode === 'bpdn' ? sigma : undefined, maxIter: 200000, ...(e.family === 'convex' ? { tol: 1e-12 } : {}) };
        const r = e.run(A, y, s);
        let d = 0;
        for (let i = 0; i < 100; i++) d += (r.x[i] - x0[i]) ** 2;
        const err = Math.sqrt(d / 4);
        // the LASSO at lambda = 1e-3 is biased by about lambda, BPDN by about sigma; BP solves A x = y
        assert.ok(err < (mode === 'lasso' ? 1e-2 : mode === 'bpdn' ? 1e-3 : 1e-4), `${e.name} (${mode}): relative error ${err}`);
        assert.equal(r.x.length, 100);
      }
    }
  });
  it('sweeps run LASSO-only solvers with their default lambda, and greedy ones with the true k', () => {
    assert.deepEqual(sweepSettings(solverEntry('fista'), {}, 5), { mode: 'lasso', lambda: 1e-6, sigma: undefined, nonneg: false, maxIter: 20000, tol: 1e-12 });
    assert.equal(sweepSettings(solverEntry('cosamp'), {}, 5).k, 5);
    assert.equal(sweepSettings(solverEntry('amp'), {}, 5).k, undefined);
    assert.equal(sweepSettings(solverEntry('bp-lp'), { nonneg: true }, 5).nonneg, true);
  });
  it('the library choice names the parameters and the solvers that would do', () => {
    assert.equal(chooseSolver('t', { solver: 'auto', nonneg: false, sigma: 0.1 }, { m: 4, n: 8, complex: false, dense: true }).name, 'spgl1');
    assert.throws(() => chooseSolver('t', { solver: 'lasso-cd', nonneg: false, lambda: 1 }, { m: 4, n: 8, complex: false, dense: false }), {
      message: 't: option --solver: expected a solver for an operator without an explicit matrix: bp-homotopy, admm, chambolle-pock, fista, ista, got "lasso-cd"',
    });
    assert.throws(() => solverEntry('bpdn'), /solverEntry: solver: expected one of bp-homotopy, bp-lp, spgl1, .*, got "bpdn"/);
  });
});

describe('one list of names', () => {
  const files = walk('src').filter((f) => !f.endsWith('src/solvers/registry.ts') && !f.endsWith('src/linops/catalogue.ts'));
  it('no file in src/ holds a second list of solver names (an array or object naming two or more)', () => {
    const bad: string[] = [];
    for (const f of files) for (const g of groups(readFileSync(f, 'utf8'))) {
      const hit = namesIn(g, SOLVER_NAMES);
      if (hit.length >= 2) bad.push(`${f}: ${hit.join(', ')}`);
    }
    assert.deepEqual(bad, []);
  });
  it('no file in src/ holds a second list of ensemble names', () => {
    const bad: string[] = [];
    for (const f of files) for (const g of groups(readFileSync(f, 'utf8'))) {
      const hit = namesIn(g, ENSEMBLE_NAMES);
      if (hit.length >= 3) bad.push(`${f}: ${hit.join(', ')}`);
    }
    assert.deepEqual(bad, []);
  });
  it('the check itself finds a list when one is there', () => {
    assert.deepEqual(namesIn("const L = ['omp', 'cosamp', 'x'];", SOLVER_NAMES), ['omp', 'cosamp']);
    assert.deepEqual(namesIn("{ 'bp-lp': 1, omp: 2 }", SOLVER_NAMES), ['bp-lp', 'omp']);
    assert.equal(groups("const T = { omp: 1, htp: 2 };").length, 1);
    assert.equal(groups("if (a) { x = 'omp'; y = 'htp'; }").length, 0);
    assert.deepEqual(groups("interface O { solver?: 'fista' | 'spgl1' }").flatMap((g) => namesIn(g, SOLVER_NAMES)), []);
  });
  it('`candor sweep solvers --json` and `candor recover --help` list exactly the registry', () => {
    const json = JSON.parse(execFileSync(process.execPath, ['bin/candor.mjs', 'sweep', 'solvers', '--json'], { encoding: 'utf8' }));
    assert.deepEqual(json.map((s: { name: string }) => s.name), SOLVER_NAMES);
    const help = execFileSync(process.execPath, ['bin/candor.mjs', 'recover', '--help'], { encoding: 'utf8' });
    const listed = [...help.matchAll(/^ {2}([a-z][a-z0-9-]+) {2,}\S/gm)].map((m) => m[1]).filter((n) => SOLVER_NAMES.includes(n));
    assert.deepEqual(listed, SOLVER_NAMES);
  });
});
