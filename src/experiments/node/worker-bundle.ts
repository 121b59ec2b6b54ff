/**
 * A sweep worker's entry file. Worker threads cannot start from TypeScript, and registering tsx
 * in every worker (./worker-entry.mjs) costs each of them a few hundred milliseconds of compiling
 * and module resolution. So the first sweep of a kind in a process bundles its worker module
 * (./worker.ts for phase transitions, an application's scan worker for its scans) and the library
 * code it imports into one ES module with esbuild (tsx's own compiler, ~50 ms), writes it once
 * under `node_modules/.cache/candor/` named by the hash of its contents (packages stay external
 * and resolve from there), and starts the workers from it: about 2.5x faster worker start.
 *
 * The bundle is rebuilt from the current sources in every process, and its file name is its
 * content hash, so a stale bundle can never run. Where esbuild is missing, the cache directory is
 * not writable, or CANDOR_WORKER_BUNDLE=0, the workers start from ./worker-entry.mjs (tsx), with
 * identical results.
 *
 * From the compiled package (`dist/`, this module is JavaScript) there is nothing to compile:
 * the worker starts from the compiled sibling of `entry` (`worker.ts` -> `worker.js`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The tsx bootstrap, which loads the TypeScript module named in workerData.entry. */
export const TSX_ENTRY = new URL('./worker-entry.mjs', import.meta.url);
/** True when this module runs compiled (the package's dist/), false from the TypeScript sources. */
export const COMPILED = import.meta.url.endsWith('.js');
const cached = new Map<string, Promise<URL>>();

/**
 * The URL to start workers of the TypeScript module `entry` from: its bundle when it can be
 * built, else the tsx bootstrap (then workerData.entry must name `entry`).
 */
export function workerEntryFor(entry: URL): Promise<URL> {
  if (COMPILED) return Promise.resolve(compiledSibling(entry));
  if (process.env.CANDOR_WORKER_BUNDLE === '0') return Promise.resolve(TSX_ENTRY);
  let p = cached.get(entry.href);
  if (!p) {
    p = bundle(entry).catch(() => TSX_ENTRY);
    cached.set(entry.href, p);
  }
  return p;
}

/** The compiled JavaScript module of a TypeScript source URL (`a/b.ts` -> `a/b.js`). */
export function compiledSibling(entry: URL): URL {
  return new URL(entry.href.replace(/\.ts$/, '.js'));
}

/** The phase-transition worker's entry (./worker.ts). */
export function sweepWorkerEntry(): Promise<URL> {
  return workerEntryFor(new URL('./worker.ts', import.meta.url));
}

async function bundle(entry: URL): Promise<URL> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [fileURLToPath(entry)],
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
    const tmp = `${file}.${randomUUID()}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file); // atomic: a concurrent process sees the whole file or none
    prune(dir, file);
  }
  return pathToFileURL(file);
}

/** Removes other bundles and left-over temporary files older than a day (older code versions). */
function prune(dir: string, keep: string): void {
  const old = Date.now() - 86_400_000;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === keep || !name.startsWith('sweep-worker-')) continue;
    try {
      if (statSync(path).mtimeMs < old) rmSync(path, { force: true });
    } catch {
      /* another process pruned it first */
    }
  }
}

/**
 * The parent's Node flags for the workers, without the ones that load tsx (`--import tsx` and
 * the like, present when the parent runs under `node --import tsx`): the bundle needs no loader
 * and the tsx bootstrap registers its own, while a loader inherited by every worker would cost
 * each of them the start-up the bundle saves.
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const loaders = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (loaders.has(a) && /\btsx\b/.test(argv[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (/^--(import|loader|experimental-loader|require)=.*\btsx\b/.test(a)) continue;
    out.push(a);
  }
  return out;
}
