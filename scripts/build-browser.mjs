// The browser bundle (issue 20): src/browser.ts and everything it imports as one ES module with
// the WebAssembly kernels inside, HiGHS's highs.wasm beside it, and an example page that loads it
// with no build step. Used by `npm run build` (into dist/browser/) and by the bundle's e2e test.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The example page: the README's library example, in a browser, numbers written into the page. */
export const EXAMPLE_HTML = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Candor in the browser</title>
<h1>Candor in the browser</h1>
<p>The README's library example, run by <code>candor.js</code> loaded with no build step.</p>
<pre id="out">running...</pre>
<script type="module">
  import { createRng, explain, gaussianMatrix, gemv, initHighs, plan, recover } from './candor.js';
  const out = document.getElementById('out');
  try {
    await initHighs();
    const p = plan({ n: 256, k: 20, target: 0.95 });
    const rng = createRng(1, 0, 0);
    const A = gaussianMatrix(p.m, 256, rng);
    const x0 = rng.sparseVector(256, 20, 'signed', new Float64Array(256));
    const y = gemv(A, x0, new Float64Array(p.m));
    const r = recover(A, y);
    let err = 0, norm = 0;
    for (let i = 0; i < 256; i++) { err += (r.x[i] - x0[i]) ** 2; norm += x0[i] ** 2; }
    const e = explain({ A, y, xTrue: x0, ensemble: 'gaussian' }, r.result);
    out.textContent = [
      'm = ' + p.m,
      'solver = ' + r.solver,
      'relative error = ' + Math.sqrt(err / norm).toExponential(2),
      'certificate = ' + r.certificate.verdict,
      e.paragraph,
    ].join('\\n');
    out.dataset.done = 'yes';
  } catch (e) {
    out.textContent = 'error: ' + (e && e.message ? e.message : String(e));
    out.dataset.done = 'error';
  }
</script>
</html>
`;

/** Builds the bundle into `outdir` (default dist/browser); returns the bundle's path. */
export async function buildBrowser(outdir = join(ROOT, 'dist/browser')) {
  const esbuild = await import('esbuild');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'candor.js');
  await esbuild.build({
    entryPoints: [join(ROOT, 'src/browser.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    outfile,
    logLevel: 'warning',
    // HiGHS's loader imports node:module only when it runs under Node
    alias: { 'node:module': join(ROOT, 'src/web/stubs/node-module.ts') },
  });
  copyFileSync(join(ROOT, 'node_modules/highs/build/highs.wasm'), join(outdir, 'highs.wasm'));
  writeFileSync(join(outdir, 'example.html'), EXAMPLE_HTML);
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = await buildBrowser(process.argv[2]);
  console.log(`browser bundle: ${file}`);
}
