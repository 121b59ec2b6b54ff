/**
 * The sweep worker's entry file. Worker threads cannot start from TypeScript, and registering tsx
 * in every worker (./worker-entry.mjs) costs each of them a few hundred milliseconds of compiling
 * and module resolution. So the first sweep of a process bundles ./worker.ts and the library code
 * it imports into one ES module with esbuild (tsx's own compiler, ~50 ms), writes it once under
 * `node_modules/.cache/candor/` named by the hash of its contents (packages stay external and
 * resolve from there), and starts the workers from it: about 2.5x faster worker start.
 *
 * The bundle is rebuilt from the current sources in every process, and its file name is its
 * content hash, so a stale bundle can never run. Where esbuild is missing, the cache directory is
 * not writable, or CANDOR_WORKER_BUNDLE=0, the workers start from ./worker-entry.mjs (tsx), with
 * identical results.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TSX_ENTRY = new URL('./worker-entry.mjs', import.meta.url);
let cached: Promise<URL> | undefined;

/** The URL to start sweep workers from (the bundle when it can be built, else the tsx bootstrap). */
export function sweepWorkerEntry(): Promise<URL> {
  if (process.env.CANDOR_WORKER_BUNDLE === '0') return Promise.resolve(TSX_ENTRY);
  cached ??= bundle().catch(() => TSX_ENTRY);
  return cached;
}

async function bundle(): Promise<URL> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = fileURLToPath(new URL('../../../node_modules/.cache/candor/', import.meta.url));
  const file = join(dir, `sweep-worker-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file); // atomic: a concurrent process sees the whole file or none
  }
  return pathToFileURL(file);
}
