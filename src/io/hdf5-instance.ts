/**
 * A private h5wasm (HDF5 compiled to WebAssembly) instance that can be put back into the state it
 * had right after start-up, synchronously, after a read failed inside HDF5.
 *
 * Why: h5wasm reports HDF5 errors by throwing JavaScript exceptions through HDF5's C frames
 * (its throwing error handler). The unwinding skips HDF5's cleanup and never pops the C stack
 * pointer, so every failed read leaves stack, heap and library state behind; after a few thousand
 * hostile files (issue 19, fuzz seed 19) valid files failed with "memory access out of bounds".
 *
 * How: `loadHdf5()` imports a private copy of h5wasm's high-level module (its URL with a query,
 * so it has its own emscripten instance, loaded once: ~20 MB, never per file) while capturing
 * the WebAssembly instance it creates. It then records the state HDF5 runs on, right after
 * start-up: the linear memory up to the heap's end (static data, the C stack, the heap: ~2.8 MB;
 * the rest of the 19 MB is zero), the only mutable global the module exports, `__stack_pointer`
 * (checked at load), and the open file descriptors of emscripten's in-memory file system.
 * `reset()` writes those bytes back, zeroes the heap up to wherever the failed read moved the
 * allocator's break, restores the stack pointer and closes descriptors opened since. Memory below
 * the break is then byte for byte that of a freshly started instance; above it lies memory the
 * allocator hands out only after clearing or writing it. Why not a new instance: h5wasm's
 * emscripten factory can only make one asynchronously (it awaits its WebAssembly
 * instantiation), ~23 ms each even with the compiled module reused, so `readIsmrmrdSync` could
 * not stay synchronous; a reset is synchronous and costs well under a millisecond.
 * No HDF5 object may be open across a reset: callers reset only once their file is closed or
 * abandoned. `limitGrowth(bytes)` caps how far HDF5's heap may grow (its memory can grow but
 * never shrink, so one hostile file declaring a huge allocation would otherwise keep the process
 * that large). Not reset: JavaScript-side leftovers of an interrupted call (embind value handles
 * it held), small: over 100,000 hostile files (issue 19 fuzz, seed 19) the process's RSS grew at
 * most 186 MB, as over the first 10,000.
 *
 * @example
 * import { loadHdf5 } from './hdf5-instance.ts';
 * // const h5 = await loadHdf5(); const f = new h5.api.File('/x.h5', 'r'); ...; h5.reset();
 */
import type * as H5 from 'h5wasm';
import { CandorError } from '../core/errors.ts';

export type H5Api = typeof H5;
type H5Module = Awaited<typeof H5.ready>;

export interface Hdf5Instance {
  /** The private copy of h5wasm's high-level API (File, Group, Dataset) bound to this instance. */
  api: H5Api;
  module: H5Module;
  /** Puts HDF5 back into its state right after start-up (see the file comment). */
  reset(): void;
  /**
   * Lets HDF5's heap grow by at most `bytes` past its current end (Infinity: no limit but
   * WebAssembly's 2 GiB); beyond it, allocations fail inside HDF5 (an HDF5 error, then a reset).
   */
  limitGrowth(bytes: number): void;
  /** How many times `reset()` ran. */
  resets: number;
  /** The C stack pointer now and right after start-up (a failed read that is not reset leaves them apart). */
  stackPointer(): { now: number; start: number };
}

let loading: Promise<Hdf5Instance> | null = null;

/** Loads the private instance once (later calls share it). */
export function loadHdf5(): Promise<Hdf5Instance> {
  loading ??= load();
  return loading;
}

async function load(): Promise<Hdf5Instance> {
  const url = new URL(import.meta.resolve('h5wasm'));
  url.search = '?candor-private-instance';
  const wasm = WebAssembly as unknown as { instantiate: (src: unknown, imports?: unknown) => Promise<unknown> };
  const original = wasm.instantiate;
  let instance: WebAssembly.Instance | null = null;
  let heapLimit = Number.POSITIVE_INFINITY;
  wasm.instantiate = async (src: unknown, imports?: unknown) => {
    // HDF5's heap grows through this import: refused past the limit, malloc returns NULL and HDF5
    // reports "memory allocation failed" (wrapped for every instance made meanwhile; only HDF5's
    // has an import of this name from h5wasm's glue, others are passed through untouched)
    const env = (imports as { env?: Record<string, unknown> } | undefined)?.env;
    const grow = env?.emscripten_resize_heap;
    if (env && typeof grow === 'function' && 'throw_error' in env) {
      env.emscripten_resize_heap = (requested: number) => ((requested >>> 0) > heapLimit ? false : grow(requested));
    }
    const r = await original.call(WebAssembly, src, imports);
    const inst = (r as { instance?: WebAssembly.Instance }).instance ?? (r instanceof WebAssembly.Instance ? r : null);
    // only HDF5's (other WebAssembly may be instantiated meanwhile, e.g. HiGHS or our kernels)
    if (inst && 'H5Fopen' in inst.exports) instance ??= inst;
    return r;
  };
  let api: H5Api;
  let module: H5Module;
  try {
    api = (await import(/* @vite-ignore */ url.href)) as H5Api;
    module = await api.ready;
  } finally {
    wasm.instantiate = original;
  }
  const found = instance as WebAssembly.Instance | null;
  if (!found) throw new CandorError('loadHdf5', 'h5wasm instance', 'one created by WebAssembly.instantiate while h5wasm loaded', 'none');
  const exports = found.exports as Record<string, unknown>;
  const memory = exports.memory as WebAssembly.Memory;
  const sp = exports.__stack_pointer as WebAssembly.Global;
  if (module.HEAPU8.buffer !== memory.buffer) throw new CandorError('loadHdf5', 'h5wasm instance', "the module's own memory", "another instance's");
  for (const [k, v] of Object.entries(exports)) {
    if (!(v instanceof WebAssembly.Global) || k === '__stack_pointer') continue;
    let mutable = true;
    const value = v.value;
    try {
      v.value = value; // throws for an immutable global
    } catch {
      mutable = false;
    }
    if (mutable) throw new CandorError('loadHdf5', 'h5wasm globals', '__stack_pointer the only mutable one', `${k} too`);
  }
  // the address of the allocator's break (the heap's end) in linear memory: memory above it is
  // unallocated, and at start-up it is all zero, so the start-up state is the bytes below
  // `keep` and zeros above (one ~2.8 MB copy kept, not the whole 19 MB memory)
  const sbrkPtr = (exports.emscripten_get_sbrk_ptr as () => number)();
  const heapEnd = () => new DataView(memory.buffer).getUint32(sbrkPtr, true);
  const start = new Uint8Array(memory.buffer);
  let keep = start.length;
  while (keep > 0 && start[keep - 1] === 0) keep--;
  keep = Math.max(keep, heapEnd());
  const snapshot = start.slice(0, keep);
  const sp0 = sp.value as number;
  const FS = module.FS as unknown as { streams: unknown[]; close(s: unknown): void };
  const fds0 = new Set(FS.streams.flatMap((s, i) => (s ? [i] : [])));
  const inst: Hdf5Instance = {
    api,
    module,
    resets: 0,
    stackPointer: () => ({ now: sp.value as number, start: sp0 }),
    limitGrowth(bytes: number) {
      heapLimit = heapEnd() + bytes;
    },
    reset() {
      const mem = new Uint8Array(memory.buffer);
      // static data, the C stack (below __heap_base) and the heap up to the break (or to where
      // this read moved it) as at start-up; above, unallocated memory the allocator never reads
      const end = Math.min(mem.length, Math.max(keep, heapEnd()));
      mem.set(snapshot);
      mem.fill(0, keep, end);
      sp.value = sp0;
      FS.streams.forEach((s, i) => {
        if (s && !fds0.has(i)) {
          try {
            FS.close(s);
          } catch {
            /* already closed */
          }
        }
      });
      inst.resets++;
    },
  };
  return inst;
}
