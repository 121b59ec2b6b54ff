import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  it('--version and -V print the package version and, in a checkout, its commit (exit 0)', () => {
    const root = new URL('../../', import.meta.url);
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).version as string;
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root }).toString().trim();
    const expected = `${pkg}+${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no', 'src') ? '-dirty' : ''}\n`;
    assert.match(expected, /^\d+\.\d+\.\d+\+[0-9a-f]{7,}(-dirty)?\n$/);
    for (const flag of ['--version', '-V']) {
      const r = candor([flag]);
      assert.deepEqual({ code: r.code, stdout: r.stdout, stderr: r.stderr }, { code: 0, stdout: expected, stderr: '' }, flag);
    }
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
