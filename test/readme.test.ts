/** The README tells the truth: its quick start names real scripts and its library example runs. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

const readme = readFileSync('README.md', 'utf8');

it('the quick start is exactly two commands, and both scripts exist', () => {
  const block = /## Quick start\s+```sh\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'a Quick start sh block');
  assert.deepEqual(block[1].trim().split('\n'), ['npm install && npm run demo', 'npm test']);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.ok(pkg.scripts.demo && pkg.scripts.test);
});

it('the library example runs and certifies its recovery', () => {
  const code = /## As a library\s+```ts\n([\s\S]*?)```/.exec(readme)![1];
  const dir = mkdtempSync(join(process.cwd(), '.readme-'));
  try {
    const file = join(dir, 'example.ts');
    // the README imports the package ('candor', built by npm run build); here its sources
    writeFileSync(file, code.replaceAll("from 'candor'", "from '../src/index.ts'"));
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^83 bp-homotopy certified unique l1 minimiser\n/);
    assert.match(r.stdout, /The dual certificate proves the reconstruction is the unique l1 minimiser/);
    assert.match(r.stdout, /the recovery succeeded/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
