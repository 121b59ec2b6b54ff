// npm run build: the package's compiled library and command (dist/: ES modules, .d.ts, source
// maps, via tsconfig.build.json), the browser bundle (dist/browser/) and the web lab (web-dist/).
// `npm pack` runs it (prepack). Development needs none of it: the sources run directly.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildBrowser } from './build-browser.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const t0 = Date.now();
rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
console.log(`dist/: compiled (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
// the assembled WebAssembly modules beside the code they come from (src/core/wasm/bytes-cache.ts):
// the installed command reads them instead of assembling at every start
mkdirSync(join(ROOT, 'dist/wasm'), { recursive: true });
const { moduleFile } = await import(pathToFileURL(join(ROOT, 'dist/experiments/node/wasm-cache.js')).href);
for (const [name, file, fn] of [
  ['fft', 'core/fft/wasm.js', 'assemble'],
  ['dense', 'core/dense/wasm-assemble.js', 'assemble'],
  ['starlet', 'linops/starlet-wasm.js', 'assembleStarlet'],
]) {
  const mod = await import(pathToFileURL(join(ROOT, 'dist', file)).href);
  writeFileSync(join(ROOT, 'dist/wasm', `${name}.wasm`), moduleFile(mod[fn]()));
}
console.log('dist/wasm/: fft, dense, starlet');
await buildBrowser();
console.log('dist/browser/: bundle, highs.wasm, example.html');
const { register } = await import('tsx/esm/api');
register();
const { buildWeb } = await import('../src/server/build-web.ts');
await buildWeb({ force: true });
console.log('web-dist/: the web lab');
