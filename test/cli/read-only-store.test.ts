import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { candor } from './helpers.ts';

describe('read-only commands never create a store', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'candor-ro-store-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, (f: string) => string[]][] = [
    ['sweep report', (f) => ['sweep', 'report', '1', '--store', f]],
    ['sweep report --out', (f) => ['sweep', 'report', '1', '--store', f, '--out', join(dir, 'out')]],
    ['sweep list', (f) => ['sweep', 'list', '--store', f]],
    ['trial reproduce', (f) => ['trial', 'reproduce', '--sweep', '1', '--cell', '0', '--trial', '0', '--store', f]],
    ['plan --store', (f) => ['plan', '--n', '100', '--k', '10', '--store', f]],
  ];
  for (const [label, args] of cases) {
    it(`${label} on a missing store: one line naming the file, exit 1, nothing written`, () => {
      const f = join(dir, 'nope.db');
      const r = candor(args(f));
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `candor: store ${f}: file: expected an existing store (sweeps are stored by \`candor sweep run\`), got no such file\n`);
      assert.deepEqual(readdirSync(dir), []);
      assert.equal(existsSync(f), false);
    });
  }
});
