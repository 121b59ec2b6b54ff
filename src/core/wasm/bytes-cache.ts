/**
 * Assembled WebAssembly modules kept between processes. The hand-assembled modules (./asm.ts) are
 * built by JavaScript at run time: the FFT's takes 15-25 ms of a cold process, against 0.2 ms
 * to compile its 21 KB. A host that can store files (the `candor` command, which sets
 * `globalThis.__candorWasmCache` to files beside its bundle: ../../experiments/node/wasm-cache.ts)
 * gives the bytes back on the next start; without one (the browser, tsx) every process assembles
 * them, as before. The cache is keyed by a name only, so a host must keep one cache per version of
 * the sources (the command's bundle directory is named by the hash of its sources). Bytes that do
 * not validate are assembled again and replaced; a cache that fails is ignored.
 *
 * @example
 * import { moduleBytes } from './bytes-cache.ts';
 * // const bytes = moduleBytes('fft', assemble);   // cached bytes, or assemble() (then stored)
 */

/** A store of module bytes by name (see the file comment). */
export interface WasmBytesCache {
  get(name: string): Uint8Array<ArrayBuffer> | null;
  set(name: string, bytes: Uint8Array<ArrayBuffer>): void;
}

/** The bytes of module `name`: from the host's cache when it has valid ones, else `make()` (stored in the cache). */
export function moduleBytes(name: string, make: () => Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const cache = (globalThis as { __candorWasmCache?: WasmBytesCache }).__candorWasmCache;
  if (cache) {
    try {
      const b = cache.get(name);
      if (b !== null && WebAssembly.validate(b)) return b;
    } catch {
      // an unreadable cache: assemble
    }
  }
  const bytes = make();
  try {
    cache?.set(name, bytes);
  } catch {
    // a read-only cache: assemble again next time
  }
  return bytes;
}
