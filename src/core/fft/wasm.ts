/**
 * The WebAssembly SIMD runtime of the FFT: one module instance per process holding the stage
 * functions of ./wasm-stages.ts (radix 2, 3, 4, 5, 7 unrolled, with and without twiddles, and the
 * generic odd radix), every registered twiddle table (bump-allocated, kept for the life of the
 * cached plans) and, after them, a data region of two ping-pong buffers that grows on demand.
 * Callers (./stockham.ts) copy their data in, run stages and copy the result out. Calls are
 * synchronous, so sharing the instance is safe.
 *
 * The stages perform the operations of the JavaScript stages (./stages.ts) in the same order
 * (WebAssembly has no fused multiply-add), so both paths give identical results: a result never
 * depends on whether the runtime has SIMD (tested). Where WebAssembly SIMD is missing (older
 * browsers), `fftWasm()` is null and the plans use the JavaScript stages; `setFftWasm(false)`
 * forces that path (tests, benchmarks).
 *
 * Reference for the opcodes: WebAssembly SIMD proposal, BinarySIMD.md.
 *
 * @example
 * import { fftSimd, setFftWasm } from './wasm.ts';
 * fftSimd();          // true on Node 20 and current browsers
 * setFftWasm(false);  // every plan now runs its JavaScript stages
 * fftSimd();          // false
 */

import { wasmModule } from '../wasm/asm.ts';
import { moduleBytes } from '../wasm/bytes-cache.ts';
import { auxFunctions } from './wasm-aux.ts';
import { PARAMS } from './wasm-common.ts';
import { genericTable, stageFunctions, UNROLLED } from './wasm-stages.ts';

/**
 * The module: the stage functions of ./wasm-stages.ts and the auxiliary ones of ./wasm-aux.ts,
 * all of type (i32 x 12) -> (), and one memory.
 */
export function assemble(): Uint8Array<ArrayBuffer> {
  return wasmModule(PARAMS, [...stageFunctions(), ...auxFunctions()]);
}

// ------------------------------------------------------------------ runtime
/** A stage function: (src, dst, tw, l, sB, d1, dstep, tab, midN, midS, inB, inS), see ./wasm-stages.ts. */
export type Stage = (
  src: number,
  dst: number,
  tw: number,
  l: number,
  sB: number,
  d1: number,
  dstep: number,
  tab: number,
  midN: number,
  midS: number,
  inB: number,
  inS: number,
) => void;

export interface FftWasm {
  /**
   * The stage function of radix r (unrolled for 2, 3, 4, 5, 7; else the generic odd radix): with
   * or without twiddles, nested loops or flat (s = 1, one sequence, twiddles).
   */
  stage(r: number, twiddled: boolean, flat: boolean, generic?: boolean): Stage;
  /** Copies `rows` rows of `bytes` bytes (a multiple of 16) from src to dst, strides in bytes. */
  copy2d(src: number, dst: number, rows: number, srcStride: number, dstStride: number, bytes: number): void;
  /**
   * dst_j = conj?(w_j conj?(src_j)) for j < count (w_j pre-split, 32 bytes each, at tab):
   * conjugates the input when `conjIn`, the product when `conjOut`. dst may be src.
   */
  cmul(src: number, dst: number, tab: number, count: number, conjIn: boolean, conjOut: boolean): void;
  /** Makhoul's permutation of n = 2m reals (v_j = x_2j, v_{n-1-j} = x_{2j+1}), src to dst. */
  dctPack(src: number, dst: number, m: number): void;
  /** Its inverse, src to dst. */
  dctUnpack(src: number, dst: number, m: number): void;
  /** The forward DCT pass for k = 1..count (./wasm-aux.ts), from Z at z to the n reals at y. */
  dctPost(z: number, tab: number, y: number, count: number, m: number): void;
  /** The inverse DCT pass for k = 1..count, from the n reals at x to 2Z at z. */
  dctPreInv(x: number, tab: number, z: number, count: number, m: number): void;
  /**
   * Hard threshold and scale in place of `count` >= 1 complex values at src: c <- scale c where
   * |c|^2 >= lam2, else 0, with (lam2, lam2, scale, scale) as doubles at byte address par.
   */
  cthresh(src: number, count: number, par: number): void;
  /** dst_j = s_j x_j for `count` >= 1 complex values (s interleaved; dst may be x). */
  cweight(s: number, x: number, dst: number, count: number): void;
  /** acc_j += conj(s_j) u_j for `count` >= 1 complex values (s interleaved). */
  caccum(s: number, u: number, acc: number, count: number): void;
  /** src_j <- src_j AND mask_j for `count` >= 1 complex values (i32 masks at `mask`: -1 keeps, 0 zeroes). */
  cand(src: number, mask: number, count: number): void;
  /** The complex value at dst + offsets_j <- src_j for `count` >= 1 values (offsets: i32 byte offsets at `offsets`). */
  cscatter(src: number, offsets: number, dst: number, count: number): void;
  /**
   * How many region and addTwiddles calls the instance has answered: a caller that keeps data in
   * its region between calls (../../linops/coil-normal-resident.ts) knows it intact when the
   * count moved by its own call only.
   */
  regionCount(): number;
  /** Byte address of the generic table of odd radix r (registered on first use), or -1 when memory runs out. */
  table(r: number): number;
  /** Copies doubles (pre-split twiddles, tables) into the instance; returns their byte address (never 0), or -1 when memory runs out. */
  addTwiddles(t: Float64Array): number;
  /** Byte address of a data region of at least `bytes` bytes (valid until the next addTwiddles or region call), or -1 when memory runs out (callers then use the JavaScript stages). */
  region(bytes: number): number;
  /** The whole memory as doubles (re-read after region/addTwiddles: growth replaces it). */
  heap(): Float64Array;
  /** heap().subarray(start, start + len) without allocating for repeated (start, len) pairs. */
  view(start: number, len: number): Float64Array;
}

const PAGE = 65536;
const MAX_BYTES = 2 ** 31 - PAGE;
let state: FftWasm | null | undefined;
let enabled = true;

/** The shared SIMD FFT instance, or null (no WebAssembly SIMD, or disabled by setFftWasm). */
export function fftWasm(): FftWasm | null {
  if (!enabled) return null;
  if (state !== undefined) return state;
  state = null;
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = moduleBytes('fft', assemble);
    if (!WebAssembly.validate(bytes)) return null;
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Record<
      string,
      Stage
    > & { mem: WebAssembly.Memory };
    state = makeState(ex, ex.mem);
  } catch {
    state = null;
  }
  return state;
}

/** Whether FFT plans currently use the WebAssembly SIMD stages. */
export function fftSimd(): boolean {
  return fftWasm() !== null;
}

/** Enables (default) or disables the SIMD stages for every FFT plan (for tests and benchmarks). */
export function setFftWasm(on: boolean): void {
  enabled = on;
}

function makeState(ex: Record<string, Stage>, mem: WebAssembly.Memory): FftWasm {
  let heap = new Float64Array(mem.buffer);
  // bytes used by twiddles and tables (16-aligned); address 0 means "no twiddles"; at 16 and 32
  // the sign vectors (1, 1) and (1, -1) of cmul
  let top = 48;
  heap.set([1, 1, 1, -1], 2);
  const cacheStart = new Float64Array(8);
  const cacheLen = new Float64Array(8);
  let cacheViews: (Float64Array | null)[] = new Array(8).fill(null);
  let next = 0;
  let calls = 0;
  const stages = new Map<number, Stage>();
  for (const r of UNROLLED) {
    stages.set(4 * r + 1, ex[`s${r}`]);
    stages.set(4 * r, ex[`s${r}n`]);
    stages.set(4 * r + 3, ex[`s${r}f`]);
  }
  const generic = ex.sg;
  const genericFlat = ex.sgf;
  const copy = ex.copy2d;
  const cmul = ex.cmul;
  const aux = (f: Stage) => (a: number, b: number, c: number, d = 0, e = 0) => f(a, b, c, d, e, 0, 0, 0, 0, 0, 0, 0);
  const tables = new Map<number, number>();
  /** Grows the memory to at least `bytes`; false when that is impossible (limit or engine refusal). */
  const ensure = (bytes: number): boolean => {
    if (bytes > MAX_BYTES) return false;
    const have = mem.buffer.byteLength;
    if (bytes > have) {
      try {
        mem.grow(Math.ceil((bytes - have) / PAGE));
      } catch {
        return false;
      }
      heap = new Float64Array(mem.buffer);
      cacheViews = new Array(8).fill(null);
    }
    return true;
  };
  const self: FftWasm = {
    stage: (r, twiddled, flat, gen = false) =>
      (gen ? undefined : stages.get(4 * r + (flat ? 3 : twiddled ? 1 : 0))) ?? (flat ? genericFlat : generic),
    copy2d: (src, dst, rows, ss, ds, bytes) => copy(src, dst, rows, ss, ds, bytes, 0, 0, 0, 0, 0, 0),
    cmul: (src, dst, tab, count, conjIn, conjOut) =>
      cmul(src, dst, tab, count, conjIn ? 32 : 16, conjOut ? 32 : 16, 0, 0, 0, 0, 0, 0),
    dctPack: aux(ex.dctPack),
    dctUnpack: aux(ex.dctUnpack),
    dctPost: aux(ex.dctPost),
    dctPreInv: aux(ex.dctPreInv),
    cthresh: aux(ex.cthresh),
    cweight: aux(ex.cweight),
    caccum: aux(ex.caccum),
    cand: aux(ex.cand),
    cscatter: aux(ex.cscatter),
    regionCount: () => calls,
    table(r) {
      let at = tables.get(r);
      if (at === undefined) {
        at = self.addTwiddles(genericTable(r));
        if (at < 0) return -1;
        tables.set(r, at);
      }
      return at;
    },
    addTwiddles(t) {
      calls++;
      const at = top;
      if (!ensure(at + 8 * t.length)) return -1;
      heap.set(t, (at >> 3));
      top = at + 16 * Math.ceil((8 * t.length) / 16);
      return at;
    },
    region(bytes) {
      calls++;
      return ensure(top + bytes) ? top : -1;
    },
    heap: () => heap,
    view(start, len) {
      for (let i = 0; i < 8; i++) {
        const v = cacheViews[i];
        if (v !== null && cacheStart[i] === start && cacheLen[i] === len) return v;
      }
      const v = heap.subarray(start, start + len);
      cacheStart[next] = start;
      cacheLen[next] = len;
      cacheViews[next] = v;
      next = (next + 1) & 7;
      return v;
    },
  };
  return self;
}
