/**
 * The `candor` command's store of assembled WebAssembly modules (../../core/wasm/bytes-cache.ts):
 * files `<name>.wasm` in the command's bundle directory (node_modules/.cache/candor/cli-<hash>/,
 * named by the hash of the sources that went into it, so a changed assembler gets a new
 * directory). Installed by the command's main thread (../../cli/main.ts) and by its team thread
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

/** The bundle directory of a bundled team-worker entry URL (`.../cli-<hash>/team-worker.mjs`), or null (the sources under tsx). */
export function bundleDir(entry: string | undefined): URL | null {
  if (!entry || !/\/cli-[0-9a-f]+\/team-worker\.mjs$/.test(entry)) return null;
  return new URL('.', entry);
}
