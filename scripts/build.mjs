// npm run build: the package's compiled library and command (dist/: ES modules, .d.ts, source
// maps, via tsconfig.build.json), the browser bundle (dist/browser/) and the web lab (web-dist/).
// `npm pack` runs it (prepack). Development needs none of it: the sources run directly.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBrowser } from './build-browser.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const t0 = Date.now();
rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
console.log(`dist/: compiled (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
await buildBrowser();
console.log('dist/browser/: bundle, highs.wasm, example.html');
const { register } = await import('tsx/esm/api');
register();
const { buildWeb } = await import('../src/server/build-web.ts');
await buildWeb({ force: true });
console.log('web-dist/: the web lab');
