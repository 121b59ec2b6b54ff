// The browser bundle (issue 20): built as `npm run build` builds it, served as static files, its
// example page runs the README's library example in Chromium with no build step and prints the
// numbers Node prints for the same example.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildBrowser } from '../../scripts/build-browser.mjs';
import { gemv } from '../../src/core/dense/index.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { gaussianMatrix } from '../../src/linops/index.ts';
import { initHighs } from '../../src/solvers/index.ts';
import { plan, recover } from '../../src/theory/index.ts';
import { launch } from './browser.ts';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.map': 'application/json' };
let dir = '';
let server: ReturnType<typeof createServer>;
let base = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'candor-bundle-'));
  await buildBrowser(dir);
  server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0].replace(/^\/+/, '');
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("the browser bundle's example page runs the library example in Chromium and prints Node's numbers", async () => {
  // the same example in Node, from the sources
  await initHighs();
  const p = plan({ n: 256, k: 20, target: 0.95 });
  const rng = createRng(1, 0, 0);
  const A = gaussianMatrix(p.m, 256, rng);
  const x0 = rng.sparseVector(256, 20, 'signed', new Float64Array(256));
  const r = recover(A, gemv(A, x0, new Float64Array(p.m)));
  let err = 0;
  let norm = 0;
  for (let i = 0; i < 256; i++) {
    err += (r.x[i] - x0[i]) ** 2;
    norm += x0[i] ** 2;
  }
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/example.html`);
    await page.waitForSelector('#out[data-done]', { timeout: 60_000 });
    const text = await page.textContent('#out');
    assert.equal(await page.getAttribute('#out', 'data-done'), 'yes', text ?? '');
    assert.deepEqual(errors, []);
    const lines = (text ?? '').split('\n');
    assert.equal(lines[0], `m = ${p.m}`);
    assert.equal(p.m, 83);
    assert.equal(lines[1], `solver = ${r.solver}`);
    assert.equal(lines[2], `relative error = ${Math.sqrt(err / norm).toExponential(2)}`);
    assert.ok(Math.sqrt(err / norm) < 1e-9, 'the example recovers x0');
    assert.equal(lines[3], 'certificate = certified unique l1 minimiser');
    assert.match(lines.slice(4).join('\n'), /m = 83/);
  } finally {
    await browser.close();
  }
});
