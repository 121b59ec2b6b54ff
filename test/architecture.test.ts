/**
 * The layers of DEVELOPERS.md, enforced: core -> linops -> prox -> predict -> solvers -> theory
 * -> experiments -> apps, each importing only from those below; io (file formats) beside them,
 * importing only core; server and web on top (the server may reference the web lab it builds and
 * serves, never the reverse), the cli above all (`candor serve` starts the server), and bench/
 * above everything (it may import any layer; no layer imports it). The package's entry files
 * (src/index.ts, src/node.ts, src/browser.ts: layer 'entry') sit above the applications.
 *
 * Every way one module reaches another counts: static `import`/`export ... from`, dynamic
 * `import('...')` and `new URL('...', import.meta.url)` (how worker threads and workers name
 * their modules). Node built-ins (`node:...`) stay out of the numerical core and the browser:
 * only folders named `node/` below the apps, and server, cli and bench, may use them; so io/ is
 * browser-safe (its Node helpers live in io/node/).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';

const RANK: Record<string, number> = { core: 0, io: 0.5, linops: 1, prox: 2, predict: 2.5, solvers: 3, theory: 4, experiments: 5, apps: 6, entry: 8, server: 9, web: 9, cli: 10, bench: 11 };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') || p.endsWith('.mjs') ? [p] : [];
  });
}

/** The layer of a file: src/<layer>/..., 'entry' for the package entries directly in src/, or 'bench'. */
function layerOf(p: string): string {
  if (p.startsWith('bench/')) return 'bench';
  const parts = relative('src', p).split('/');
  return parts.length === 1 ? 'entry' : parts[0];
}

/** Every module specifier a file names: static, dynamic and URL references (comments stripped). */
export function specifiers(text: string): string[] {
  const src = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of src.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of src.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  for (const m of src.matchAll(/\bnew URL\(\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g)) out.push(m[1]);
  return out;
}

function ok(from: string, to: string): boolean {
  if (to === from) return true;
  if (from === 'io') return to === 'core';
  if (from === 'server' && to === 'web') return true; // the server builds and serves the web lab
  return RANK[to] < RANK[from] || (to === 'io' && RANK[from] >= RANK.experiments);
}

/** May a file use node: modules? */
function nodeAllowed(file: string): boolean {
  const layer = layerOf(file);
  return layer === 'bench' || layer === 'server' || layer === 'cli' || file.split('/').includes('node') || file === 'src/web/vite.config.ts';
}

const files = [...walk('src'), ...walk('bench')];

describe('architecture', () => {
  it('every module imports only from its own layer or the layers below it (static, dynamic and URL imports; bench/ included)', () => {
    const bad: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.') || spec.endsWith('/')) continue; // a folder URL is a path, not a module
        const target = normalize(join(dirname(file), spec));
        if (target.startsWith('bench/') && from !== 'bench') {
          bad.push(`${file} imports ${target} (src never imports bench/)`);
          continue;
        }
        if (!target.startsWith('src/') && !target.startsWith('bench/')) continue;
        const to = layerOf(target);
        if (!(to in RANK)) bad.push(`${file} imports ${target} (unknown layer ${to})`);
        else if (!ok(from, to)) bad.push(`${file} imports ${target} (${from} -> ${to})`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('node: built-ins only in node/ folders, the server, the cli and bench (io/ and the numerical core run in a browser)', () => {
    const bad: string[] = [];
    for (const file of files) {
      if (nodeAllowed(file)) continue;
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'zlib', 'url'].includes(spec)) bad.push(`${file} imports ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it("the package's browser-safe entries reach no node: module and no node/ folder (candor, its layer subpaths, the browser bundle)", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, string | { default: string }> };
    const entries = Object.entries(pkg.exports)
      .filter(([key]) => key !== './node' && key !== './package.json' && key !== './browser')
      .map(([, v]) => (typeof v === 'string' ? v : v.default).replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
    entries.push('src/browser.ts');
    const bad: string[] = [];
    const seen = new Set<string>();
    const stack = [...entries];
    while (stack.length) {
      const file = stack.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      if (file.split('/').includes('node')) bad.push(`${file} (a node/ folder)`);
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('node:')) bad.push(`${file} imports ${spec}`);
        else if (spec.startsWith('.')) stack.push(normalize(join(dirname(file), spec)));
      }
    }
    assert.ok(seen.size > 100, `the walk reached the library (${seen.size} files)`);
    assert.deepEqual(bad, []);
  });

  it('the checks see every form of import (they would catch a violation)', () => {
    const text = `import a from './a.ts';\nexport { b } from "../b.ts";\nconst c = await import('./c.ts');\nnew URL('./w.ts', import.meta.url);\nimport './side.ts';\n// import x from './commented.ts';`;
    assert.deepEqual(specifiers(text).sort(), ['../b.ts', './a.ts', './c.ts', './side.ts', './w.ts']);
    assert.equal(ok('core', 'linops'), false);
    assert.equal(ok('io', 'linops'), false);
    assert.equal(ok('predict', 'solvers'), false);
    assert.equal(ok('solvers', 'predict'), true);
    assert.equal(ok('bench', 'cli'), true);
    assert.equal(nodeAllowed('src/io/png.ts'), false);
    assert.equal(nodeAllowed('src/io/node/files.ts'), true);
  });
});
