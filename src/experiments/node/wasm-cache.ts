/**
 * The `candor` command's store of assembled WebAssembly modules (../../core/wasm/bytes-cache.ts):
 * files `<name>.wasm` in the command's bundle directory (node_modules/.cache/candor/cli-<hash>/,
 * named by the hash of the sources that went into it, so a changed assembler gets a new
 * directory), or for the installed package in dist/wasm/ (written by scripts/build.mjs with the
 * compiled code it belongs to). Installed by the command's main thread (../../cli/main.ts) and by its team thread
 * (./team-worker.ts); written atomically (temporary file, rename), so two processes starting at
 * once each write whole files.
 *
 * @example
 * import { installWasmCache } from './wasm-cache.ts';
 * // installWasmCache(new URL('.', bundleUrl));   // then fftWasm() reads fft.wasm when present
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WasmBytesCache } from '../../core/wasm/bytes-cache.ts';

/** Sets `globalThis.__candorWasmCache` to files in `dir` (a directory URL). */
export function installWasmCache(dir: URL): void {
  const path = (name: string) => fileURLToPath(new URL(`${name}.wasm`, dir));
  const cache: WasmBytesCache = {
    get(name) {
      try {
        return new Uint8Array(readFileSync(path(name)));
      } catch {
        return null;
      }
    },
    set(name, bytes) {
      const to = path(name);
      const tmp = `${to}.${randomUUID()}.tmp`;
      try {
        writeFileSync(tmp, bytes);
        renameSync(tmp, to);
      } catch {
        rmSync(tmp, { force: true });
      }
    },
  };
  (globalThis as { __candorWasmCache?: WasmBytesCache }).__candorWasmCache = cache;
}

/**
 * The module directory for a team-worker entry URL: the bundle's (`.../cli-<hash>/team-worker.mjs`),
 * or the installed package's `dist/wasm/` (`.../dist/experiments/node/team-worker.js`, written by
 * `npm run build` from the same sources as dist/), or null (the sources under tsx).
 */
export function bundleDir(entry: string | undefined): URL | null {
  if (entry && /\/cli-[0-9a-f]+\/team-worker\.mjs$/.test(entry)) return new URL('.', entry);
  if (entry && /\/dist\/experiments\/node\/team-worker\.js$/.test(entry)) return new URL('../../wasm/', entry);
  return null;
}

/** The installed package's `dist/wasm/` for the compiled command's own URL (`.../dist/cli/main.js`), else null. */
export function distWasmDir(mainUrl: string): URL | null {
  return /\/dist\/cli\/main\.js$/.test(mainUrl) ? new URL('../wasm/', mainUrl) : null;
}
