import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candor } from './helpers.ts';

describe('candor CLI', () => {
  it('--help lists the commands and the exit codes', () => {
    const r = candor(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Commands:/);
    assert.match(r.stdout, /demo/);
    assert.match(r.stdout, /Exit codes: 0 success, 1 failure, 2 usage error/);
  });
  it('an unknown command is a usage error: one line, exit 2', () => {
    const r = candor(['frobnicate']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "candor: unknown command 'frobnicate'\n");
  });
  it('an out-of-range option value names the flag, expected and given; exit 2, no stack', () => {
    const r = candor(['demo', '--seed', '-3']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --seed: expected an integer >= 0, got "-3"\n');
  });
});
