// The `candor` command's start-up cache (plain JavaScript: it runs before anything can load
// TypeScript). Compiling the TypeScript sources with tsx at every start cost about 0.8 s of a
// quiet machine (1.5 s of CPU on a loaded one); so the first start after a change bundles
// src/cli/main.ts and everything it imports with esbuild (tsx's own compiler, packages left
// external) into node_modules/.cache/candor/cli-<hash>/, split at dynamic imports so a command
// loads only its own modules, and every later start imports that bundle.
//
// Staleness: the bundle's manifest lists every source file that went into it (esbuild's
// metafile) and the hash of their contents. Each start reads those files and hashes them
// (~300 files, about 20 ms), unless their stat fingerprint (size, mtime, ctime, inode: ~2 ms, as
// git's index does) equals the one recorded the last time the contents matched; any difference, a
// missing file or another esbuild version rebuilds. The fingerprint is recorded only when every
// file is older than 2 s (a file changed within the clock's resolution of the record is hashed
// again). A file newly imported by a changed one changes that one, so it is seen too.
// `import.meta.url` is replaced in every bundled module by its own source file's URL, so URLs
// resolved against it (worker entries, the repository root) stay what they are under tsx.
//
// Returns the URL of the bundled main module, or null when bundling is impossible (no esbuild,
// a read-only node_modules) or CANDOR_CLI_BUNDLE=0: the caller then runs the sources with tsx,
// with identical behaviour.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ENTRY = join(ROOT, 'src/cli/main.ts');
// the reconstruction team's worker thread, bundled beside the command (sharing its chunks):
// bin/candor.mjs tells the library where it is (src/experiments/node/team-threads.ts)
const TEAM_WORKER = join(ROOT, 'src/experiments/node/team-worker.ts');
const CACHE = join(ROOT, 'node_modules/.cache/candor');
// node_modules may be shared by several checkouts: one manifest per checkout, and the checkout's
// path in every hash (the bundles embed its absolute source URLs)
const MANIFEST = join(CACHE, `cli-manifest-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.json`);
/** Bump when the build options below change. */
const FORMAT = 2;

function hashInputs(inputs, salt) {
  const h = createHash('sha256');
  h.update(`${FORMAT}\0${salt}\0${ROOT}\0`);
  for (const rel of inputs) {
    h.update(rel);
    h.update('\0');
    h.update(readFileSync(join(ROOT, rel)));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 20);
}

function esbuildVersion() {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules/esbuild/package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** The inputs' stat fingerprint and the newest of their times (see the file comment). */
function statInputs(inputs) {
  const h = createHash('sha256');
  let newest = 0;
  for (const rel of inputs) {
    const st = statSync(join(ROOT, rel));
    h.update(`${rel}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0${st.ino}\0`);
    newest = Math.max(newest, st.mtimeMs, st.ctimeMs);
  }
  return { stamp: h.digest('hex').slice(0, 20), newest };
}

function writeManifest(m) {
  const tmp = `${MANIFEST}.${randomUUID()}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(m)}\n`);
  renameSync(tmp, MANIFEST);
}

/** The cached bundle when it is current, else null. */
function current(version) {
  try {
    const m = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    if (m.format !== FORMAT || m.esbuild !== version) return null;
    const main = join(CACHE, m.dir, 'main.mjs');
    if (!existsSync(main) || !existsSync(join(CACHE, m.dir, 'team-worker.mjs'))) return null;
    const { stamp, newest } = statInputs(m.inputs);
    if (m.stamp === stamp) return main;
    if (hashInputs(m.inputs, version) !== m.hash) return null;
    if (newest < Date.now() - 2000) {
      try {
        writeManifest({ ...m, stamp });
      } catch {
        /* a read-only cache: hash again next time */
      }
    }
    return main;
  } catch {
    return null;
  }
}

async function build(version) {
  const esbuild = await import('esbuild');
  /** import.meta.url -> the module's own source URL (see the file comment). */
  const metaUrl = {
    name: 'candor-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const contents = text.includes('import.meta.url') ? text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)) : text;
        return { contents, loader: 'ts' };
      });
    },
  };
  mkdirSync(CACHE, { recursive: true });
  const tmp = join(CACHE, `cli-tmp-${randomUUID()}`);
  const out = await esbuild.build({
    entryPoints: { main: ENTRY, 'team-worker': TEAM_WORKER },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [metaUrl],
  });
  const inputs = Object.keys(out.metafile.inputs)
    .map((p) => relative(ROOT, resolve(p)))
    .filter((p) => !p.startsWith('..'))
    .sort();
  const hash = hashInputs(inputs, version);
  const dir = `cli-${hash}`;
  try {
    renameSync(tmp, join(CACHE, dir)); // atomic: a concurrent start sees the whole directory or none
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process built the same sources first
  }
  writeManifest({ format: FORMAT, esbuild: version, hash, dir, inputs });
  prune(dir);
  return join(CACHE, dir, 'main.mjs');
}

/**
 * Removes other bundles and left-over temporary directories (other code versions; a checkout
 * whose bundle went is rebuilt at its next start): any older than a day, and beyond the 16 newest
 * any older than an hour (a day of edits made ~140 bundles, 0.9 GB, before the count bound). A
 * bundle younger than an hour stays: a process started from it may still load its chunks.
 */
export function pruneBundles(cache, keep, now = Date.now()) {
  const entries = [];
  for (const name of readdirSync(cache)) {
    if (name === keep || !name.startsWith('cli-') || name.startsWith('cli-manifest-')) continue;
    try {
      entries.push({ name, mtime: statSync(join(cache, name)).mtimeMs });
    } catch {
      /* another process pruned it first */
    }
  }
  entries.sort((a, b) => b.mtime - a.mtime);
  entries.forEach(({ name, mtime }, i) => {
    if (mtime < now - 86_400_000 || (i >= KEEP_NEWEST && mtime < now - 3_600_000)) rmSync(join(cache, name), { recursive: true, force: true });
  });
}

/** Bundles of other code versions kept within the hour (besides the current one). */
const KEEP_NEWEST = 16;

function prune(keep) {
  try {
    pruneBundles(CACHE, keep);
  } catch {
    /* an unreadable cache: nothing to prune */
  }
}

export async function cliBundle() {
  if (process.env.CANDOR_CLI_BUNDLE === '0') return null;
  const version = esbuildVersion();
  if (version === null || !existsSync(join(ROOT, 'node_modules'))) return null;
  try {
    return pathToFileURL(current(version) ?? (await build(version)));
  } catch {
    return null;
  }
}
