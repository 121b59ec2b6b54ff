/**
 * Compiling and instantiating the hand-assembled kernel modules (./asm.ts) where an instance
 * owns its memory: `compileWasm` validates and compiles once (null where WebAssembly or its SIMD
 * is missing), `instantiateWithMemory` makes an instance whose exported memory `mem` already holds
 * the bytes its owner lays out, so the owner's typed-array views over it stay valid (the memory is
 * never grown again). Both return null rather than throw, and the callers keep their JavaScript
 * kernels then.
 *
 * @example
 * import { compileWasm, instantiateWithMemory } from './instance.ts';
 * import { END, funcBody, wasmModule } from './asm.ts';
 * const mod = compileWasm(() => wasmModule(0, [{ name: 'noop', body: funcBody(0, 0, [END]) }]));
 * const ex = mod && instantiateWithMemory<{ noop: () => void }>(mod, 1 << 20);
 * ex?.mem.buffer.byteLength; // >= 1 MiB
 */
import { moduleBytes } from './bytes-cache.ts';

/**
 * The compiled module of `bytes()`, or null when the runtime cannot validate or compile it. With
 * a `name`, the bytes come from the host's module cache when it has them (./bytes-cache.ts).
 */
export function compileWasm(bytes: () => Uint8Array<ArrayBuffer>, name?: string): WebAssembly.Module | null {
  try {
    if (typeof WebAssembly !== 'object') return null;
    const b = name === undefined ? bytes() : moduleBytes(name, bytes);
    return WebAssembly.validate(b) ? new WebAssembly.Module(b) : null;
  } catch {
    return null;
  }
}

const PAGE = 65536;
/**
 * After a refused instance (each memory reserves address space, ~10 GiB on 64-bit V8; about 13 000
 * live instances exhaust it), this many further requests get null at once: each refusal costs V8
 * seconds of garbage collection, so retrying every time would stall a process that keeps many
 * plans alive, while the JavaScript kernels give the same numbers.
 */
const SKIP_AFTER_REFUSAL = 256;
let skip = 0;

/** A new instance of `mod` with its exported memory `mem` grown to at least `bytes`, or null (instantiation or growth refused). */
export function instantiateWithMemory<T extends object>(mod: WebAssembly.Module, bytes: number): (T & { mem: WebAssembly.Memory }) | null {
  if (skip > 0) {
    skip--;
    return null;
  }
  try {
    const ex = new WebAssembly.Instance(mod, {}).exports as unknown as T & { mem: WebAssembly.Memory };
    const have = ex.mem.buffer.byteLength;
    if (bytes > have) ex.mem.grow(Math.ceil((bytes - have) / PAGE));
    return ex;
  } catch {
    skip = SKIP_AFTER_REFUSAL;
    return null;
  }
}
