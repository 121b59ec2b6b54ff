import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

it('library code never calls Math.random (everything random takes a seed)', () => {
  const bad = walk('src').filter((p) => /\.(ts|mjs|js)$/.test(p) && readFileSync(p, 'utf8').includes('Math.random'));
  assert.deepEqual(bad, []);
});

it('the numerical core imports no Node built-in module (it must run in a browser)', () => {
  const layers = ['src/core', 'src/linops', 'src/prox', 'src/solvers', 'src/theory'];
  const bad = layers
    .flatMap((d) => walk(d))
    .filter((p) => p.endsWith('.ts') && /from ['"]node:|require\(/.test(readFileSync(p, 'utf8')));
  assert.deepEqual(bad, []);
});
