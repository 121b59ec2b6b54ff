import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { candor } from './helpers.ts';

// the groups as bench/run.ts finds them: bench/groups/<name>.ts, core, solvers, theory, experiments, mri first
const ORDER = ['core', 'solvers', 'theory', 'experiments', 'mri'];
const groups = readdirSync(new URL('../../bench/groups/', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort()
  .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));

describe('candor bench (real binary; no group is run)', () => {
  it('--list prints every group of bench/groups, in the order npm run bench runs them', () => {
    const r = candor(['bench', '--list']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(/\s+/)[0]),
      groups,
    );
    for (const l of lines) assert.match(l, /^\S+ +bench\/groups\/\S+\.ts( \([\w, -]+\))?$/);
    assert.ok(groups.includes('core'));
  });

  it('an unknown group is a usage error naming the known ones (exit 2), before anything runs', () => {
    const r = candor(['bench', 'core', 'nope']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `candor bench: group: expected one of ${groups.join(', ')}, got "nope"\n`);
    assert.equal(r.stdout, '');
  });

  it('--help shows the examples; candor --help lists recover, certify, explain and bench', () => {
    const h = candor(['bench', '--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Usage: candor bench \[options\] \[group\.\.\.\]/);
    assert.match(h.stdout, /candor bench --list\n/);
    const top = candor(['--help']);
    for (const c of ['recover', 'certify', 'explain', 'bench']) assert.match(top.stdout, new RegExp(`\\n {2}${c} `));
  });
});
