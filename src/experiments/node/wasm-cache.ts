/**
 * The `candor` command's store of assembled WebAssembly modules (../../core/wasm/bytes-cache.ts):
 * files `<name>.wasm` in the command's bundle directory (node_modules/.cache/candor/cli-<hash>/,
 * named by the hash of the sources that went into it, so a changed assembler gets a new
 * directory), or for the installed package in dist/wasm/ (written by scripts/build.mjs with the
 * compiled code it belongs to). Each file carries its bytes' SHA-256 and is read only when it is a
 * regular file of at most 1 MiB whose digest matches. Installed by the command's main thread (../../cli/main.ts) and by its team thread
 * (./team-worker.ts); written atomically (temporary file, rename), so two processes starting at
 * once each write whole files.
 *
 * @example
 * import { installWasmCache } from './wasm-cache.ts';
 * // installWasmCache(new URL('.', bundleUrl));   // then fftWasm() reads fft.wasm when present
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WasmBytesCache } from '../../core/wasm/bytes-cache.ts';

/** Largest module file read back (the largest module is ~21 KB): anything else is not ours. */
const MAX_FILE = 1 << 20;

/**
 * A module's file: the SHA-256 of its bytes (32 bytes), then the bytes. A file whose digest does
 * not match (a flipped bit, a truncation, another module copied over it) is not used: a module
 * that still validates but computes something else would otherwise wreck every result silently.
 */
export function moduleFile(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(32 + bytes.length);
  out.set(createHash('sha256').update(bytes).digest(), 0);
  out.set(bytes, 32);
  return out;
}

/** The module bytes of a file written by {@link moduleFile}, or null (wrong size, type or digest). */
function readModuleFile(path: string): Uint8Array<ArrayBuffer> | null {
  const st = statSync(path);
  // a regular file of a sane size only: not a FIFO, a device or a sparse giant
  if (!st.isFile() || st.size <= 32 || st.size > MAX_FILE) return null;
  const raw = readFileSync(path);
  if (raw.length !== st.size) return null;
  const bytes = new Uint8Array(raw.subarray(32));
  const digest = createHash('sha256').update(bytes).digest();
  return digest.equals(raw.subarray(0, 32)) ? bytes : null;
}

/** Sets `globalThis.__candorWasmCache` to files in `dir` (a directory URL). */
export function installWasmCache(dir: URL): void {
  const path = (name: string) => fileURLToPath(new URL(`${name}.wasm`, dir));
  const cache: WasmBytesCache = {
    get(name) {
      try {
        return readModuleFile(path(name));
      } catch {
        return null;
      }
    },
    set(name, bytes) {
      const to = path(name);
      const tmp = `${to}.${randomUUID()}.tmp`;
      try {
        writeFileSync(tmp, moduleFile(bytes));
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
