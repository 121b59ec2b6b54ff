/**
 * The layers of DEVELOPERS.md, enforced: core -> linops -> prox -> predict -> solvers -> theory ->
 * experiments -> apps, each importing only from those below; io (file formats) beside them,
 * importing only core; server and web on top, and the cli above all (`candor serve` starts the server). Node built-ins stay out of the numerical core.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { it } from 'node:test';

const RANK: Record<string, number> = { core: 0, io: 0.5, linops: 1, prox: 2, predict: 2.5, solvers: 3, theory: 4, experiments: 5, apps: 6, server: 9, web: 9, cli: 10 };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const layerOf = (p: string) => relative('src', p).split('/')[0];

it('every module imports only from its own layer or the layers below it', () => {
  const bad: string[] = [];
  for (const file of walk('src')) {
    const from = layerOf(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+['"](\.[^'"]+)['"]/gm)) {
      const target = normalize(join(dirname(file), m[1]));
      if (!target.startsWith('src/')) continue;
      const to = layerOf(target);
      if (to === from) continue;
      const ok = from === 'io' ? to === 'core' : RANK[to] < RANK[from] || (to === 'io' && RANK[from] >= RANK.experiments);
      if (!ok) bad.push(`${file} imports ${target} (${from} -> ${to})`);
    }
  }
  assert.deepEqual(bad, []);
});
