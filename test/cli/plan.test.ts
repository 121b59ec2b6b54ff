import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { candor } from './helpers.ts';

describe('candor plan', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'candor-plan-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the asymptotic and rigorous m with their provenance (THEORY.md values)', () => {
    // no --store and no candor.db in the working folder: no empirical data, nothing created
    const r = candor(['plan', '--n', '200', '--k', '20', '--json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout);
    assert.equal(p.provenance, 'asymptotic');
    // n psi(20/200) from THEORY.md section 8: 65.76
    assert.ok(Math.abs(p.delta - 65.76) < 0.01, `delta ${p.delta}`);
    assert.equal(p.rigorous.provenance, 'rigorous');
    assert.equal(p.rigorous.certified, true);
    assert.ok(p.m > p.delta && p.m < p.rigorous.m);
    assert.deepEqual(p.empiricalSkipped, []);
    assert.equal(existsSync(join(dir, 'candor.db')), false);
  });
  it('says plainly when ALMT certifies no m < n, in text and JSON', () => {
    const t = candor(['plan', '--n', '100', '--k', '20'], { cwd: dir });
    assert.equal(t.code, 0, t.stderr);
    const lines = t.stdout.split('\n');
    assert.equal(lines[3], '  rigorous    no m < n reaches 95% by ALMT Theorem II (its bound at m = n is 0.80); m = n = 100 works trivially');
    assert.doesNotMatch(t.stdout, /P >= 1\.000/);
    const j = JSON.parse(candor(['plan', '--n', '100', '--k', '20', '--json', '--target', '0.9'], { cwd: dir }).stdout);
    assert.equal(j.rigorous.certified, false);
    assert.equal(j.rigorous.m, 100);
    assert.ok(j.rigorous.almtBound > 0.79 && j.rigorous.almtBound < 0.9, `bound ${j.rigorous.almtBound}`);
  });
  it('an explicit --store that does not exist is an error naming it, and is not created', () => {
    const f = join(dir, 'nope.db');
    const r = candor(['plan', '--n', '200', '--k', '20', '--store', f]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `candor: store ${f}: file: expected an existing store (sweeps are stored by \`candor sweep run\`), got no such file\n`);
    assert.equal(existsSync(f), false);
  });
  it('uses a stored sweep only at its own n (within 10%), flags few trials, and says why not otherwise', () => {
    const f = join(dir, 's.db');
    const run = candor(['sweep', 'run', '--n', '100', '--delta', '0.1:0.9:9', '--rho', '0.05:0.95:10', '--trials', '10', '--workers', '0', '--quiet', '--json', '--store', f]);
    assert.equal(run.code, 0, run.stderr);
    const far = JSON.parse(candor(['plan', '--n', '200', '--k', '20', '--json', '--store', f]).stdout);
    assert.equal(far.provenance, 'asymptotic');
    assert.equal(far.m, far.asymptotic.m);
    assert.equal(far.empirical, null);
    assert.deepEqual(far.empiricalSkipped, [{ source: `sweep 1 (bp-homotopy, n=100) in ${f}`, reason: 'n = 100, not within 10% of n = 200' }]);
    const text = candor(['plan', '--n', '200', '--k', '20', '--store', f]).stdout;
    assert.match(text, /recommended m = \d+ {2}\(asymptotic\)/);
    assert.ok(text.includes(`note: no stored sweep applies to gaussian, signed, n = 200 (a curve needs the same ensemble and signal model, a basis-pursuit solver and n within 10%), so m is the asymptotic answer; not used: sweep 1 (bp-homotopy, n=100) in ${f}: n = 100, not within 10% of n = 200`));
    const same = JSON.parse(candor(['plan', '--n', '100', '--k', '20', '--json', '--store', f]).stdout);
    assert.equal(same.provenance, 'empirical');
    assert.match(same.warnings.join('\n'), /rests on only 10 trials per cell \(fewer than 50\)/);
    // another ensemble's sweep is listed, not used
    const dct = JSON.parse(candor(['plan', '--n', '100', '--k', '20', '--json', '--ensemble', 'partial-dct', '--store', f]).stdout);
    assert.equal(dct.provenance, 'asymptotic');
    assert.deepEqual(dct.empiricalSkipped, [{ source: `sweep 1 (bp-homotopy, n=100) in ${f}`, reason: 'ensemble gaussian, not partial-dct' }]);
  });
  it('k > n is a usage error: one line, exit 2', () => {
    const r = candor(['plan', '--n', '200', '--k', '300']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: plan: k: expected an integer in [1, n = 200], got 300\n');
  });
  it('a target outside (0, 1) is a usage error naming the target', () => {
    const r = candor(['plan', '--n', '200', '--k', '3', '--target', '1']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: plan: target: expected a probability in (0, 1), got 1\n');
  });
});
