/**
 * WebAssembly SIMD stages for the power-of-two FFT (./pow2.ts): the same radix-4 / radix-2
 * Stockham stages as the JavaScript kernel, with one complex number per f64x2 vector:
 *
 *     a, b, c, d = x[q + s(p + k m/4)];  j = -i (b - d) = swap(b - d) * (1, -1)
 *     y0 = (a + c) + (b + d),  y1 = w1 ((a - c) + j),  y2 = w2 ((a + c) - (b + d)),  y3 = w3 ((a - c) - j)
 *     w t = (wr, wr) * t + (-wi, wi) * swap(t)        (twiddles stored pre-split, 32 bytes each)
 *
 * The inverse exchanges the b and d addresses (as the JS kernel). A stage function also repeats
 * over `reps` sequences `rowBytes` apart, so all rows of a 2-D array run in one call. The
 * operations and their order are those of the JavaScript stages (WebAssembly has no fused
 * multiply-add), so both paths give identical results: a result never depends on whether the
 * runtime has SIMD (tested).
 *
 * One module instance per process holds every registered twiddle table (bump-allocated, kept for
 * the life of the cached plans) and, after them, a data region of two ping-pong buffers that grows
 * on demand. Callers copy their data in, run stages and copy the result out. Calls are
 * synchronous, so sharing the instance is safe. Where WebAssembly SIMD is missing (older
 * browsers), `fftWasm()` is null and ./pow2.ts uses its JavaScript stages; `setFftWasm(false)`
 * forces that path (tests, benchmarks).
 *
 * Reference for the opcodes: WebAssembly SIMD proposal, BinarySIMD.md; the algorithm as ./pow2.ts.
 *
 * @example
 * import { fftSimd, setFftWasm } from './wasm.ts';
 * fftSimd();          // true on Node 20 and current browsers
 * setFftWasm(false);  // every plan now runs its JavaScript stages
 * fftSimd();          // false
 */

import {
  BLOCK,
  BR,
  BR_IF,
  END,
  emitter,
  F64X2_ADD as ADD,
  F64X2_MUL as MUL,
  F64X2_SUB as SUB,
  funcBody,
  GET,
  I32_ADD,
  I32_EQZ,
  I32_GE_U,
  I32_SHL,
  I32_SUB,
  i8x16Shuffle,
  i32c,
  LOOP,
  SET,
  VOID,
  v128Const,
  v128Load,
  v128Store,
  wasmModule,
} from '../wasm/asm.ts';

// ------------------------------------------------------------------ assembly (helpers: ../wasm/asm.ts)
/** v128.load / v128.store with an 8-byte alignment hint (complex doubles, 16 bytes each). */
const vload = (off: number) => v128Load(off, 3);
const vstore = (off: number) => v128Store(off, 3);
/** Exchanges the two doubles of a vector: (re, im) -> (im, re). */
const SWAP = i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]);
const PLUS_MINUS = v128Const(new Uint8Array(new Float64Array([1, -1]).buffer));

// parameters of both functions (i32): src dst tw q4 sB d1 d2 d3 reps rowBytes
const SRC0 = 0;
const DST0 = 1;
const TW0 = 2;
const Q4 = 3;
const SB = 4;
const D1 = 5;
const D2 = 6;
const D3 = 7;
const REPS = 8;
const ROWB = 9;

/** r4: one radix-4 stage (see the header), repeated over `reps` sequences. */
function r4Body(): number[] {
  // i32 locals 10..18: i o iEnd e2 e3 p src dst tw; v128 locals 19..33
  const [I, O, IEND, E2, E3, P, SRC, DST, TW] = [10, 11, 12, 13, 14, 15, 16, 17, 18];
  const W = 19; // WR1 WI1 WR2 WI2 WR3 WI3 = 19..24
  const [A, B, C, D, APC, AMC, BPD, J, T] = [25, 26, 27, 28, 29, 30, 31, 32, 33];
  const c: number[] = [];
  const e = emitter(c);
  /** store(o + off, W_r t + W_i swap(t)) for the t on local T */
  const twStore = (offLocal: number | null, w: number) => {
    e(GET, O);
    if (offLocal !== null) e(GET, offLocal, I32_ADD);
    e(GET, W + 2 * w, GET, T, MUL, GET, W + 2 * w + 1, GET, T, GET, T, SWAP, MUL, ADD, vstore(0));
  };
  e(GET, SB, i32c(1), I32_SHL, SET, E2);
  e(GET, E2, GET, SB, I32_ADD, SET, E3);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, REPS, I32_EQZ, BR_IF, 1);
  e(GET, SRC0, SET, SRC, GET, DST0, SET, DST, GET, TW0, SET, TW, GET, Q4, SET, P);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, P, I32_EQZ, BR_IF, 1);
  for (let k = 0; k < 6; k++) e(GET, TW, vload(16 * k), SET, W + k);
  e(GET, SRC, SET, I, GET, DST, SET, O, GET, SRC, GET, SB, I32_ADD, SET, IEND);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, I, GET, IEND, I32_GE_U, BR_IF, 1);
  e(GET, I, vload(0), SET, A);
  e(GET, I, GET, D1, I32_ADD, vload(0), SET, B);
  e(GET, I, GET, D2, I32_ADD, vload(0), SET, C);
  e(GET, I, GET, D3, I32_ADD, vload(0), SET, D);
  e(GET, A, GET, C, ADD, SET, APC);
  e(GET, A, GET, C, SUB, SET, AMC);
  e(GET, B, GET, D, ADD, SET, BPD);
  e(GET, B, GET, D, SUB, SET, J);
  e(GET, J, GET, J, SWAP, PLUS_MINUS, MUL, SET, J);
  e(GET, O, GET, APC, GET, BPD, ADD, vstore(0));
  e(GET, AMC, GET, J, ADD, SET, T);
  twStore(SB, 0);
  e(GET, APC, GET, BPD, SUB, SET, T);
  twStore(E2, 1);
  e(GET, AMC, GET, J, SUB, SET, T);
  twStore(E3, 2);
  e(GET, I, i32c(16), I32_ADD, SET, I, GET, O, i32c(16), I32_ADD, SET, O, BR, 0);
  e(END, END);
  e(GET, SRC, GET, SB, I32_ADD, SET, SRC);
  e(GET, DST, GET, E3, I32_ADD, GET, SB, I32_ADD, SET, DST);
  e(GET, TW, i32c(96), I32_ADD, SET, TW);
  e(GET, P, i32c(1), I32_SUB, SET, P, BR, 0);
  e(END, END);
  e(GET, SRC0, GET, ROWB, I32_ADD, SET, SRC0, GET, DST0, GET, ROWB, I32_ADD, SET, DST0);
  e(GET, REPS, i32c(1), I32_SUB, SET, REPS, BR, 0);
  e(END, END, END);
  return funcBody(9, 15, c);
}

/** r2: the final radix-2 stage (m = 2, no twiddles), repeated over `reps` sequences. */
function r2Body(): number[] {
  const [I, O, IEND, A, B] = [10, 11, 12, 13, 14];
  const c: number[] = [];
  const e = emitter(c);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, REPS, I32_EQZ, BR_IF, 1);
  e(GET, SRC0, SET, I, GET, DST0, SET, O, GET, SRC0, GET, SB, I32_ADD, SET, IEND);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, I, GET, IEND, I32_GE_U, BR_IF, 1);
  e(GET, I, vload(0), SET, A, GET, I, GET, SB, I32_ADD, vload(0), SET, B);
  e(GET, O, GET, A, GET, B, ADD, vstore(0));
  e(GET, O, GET, SB, I32_ADD, GET, A, GET, B, SUB, vstore(0));
  e(GET, I, i32c(16), I32_ADD, SET, I, GET, O, i32c(16), I32_ADD, SET, O, BR, 0);
  e(END, END);
  e(GET, SRC0, GET, ROWB, I32_ADD, SET, SRC0, GET, DST0, GET, ROWB, I32_ADD, SET, DST0);
  e(GET, REPS, i32c(1), I32_SUB, SET, REPS, BR, 0);
  e(END, END, END);
  return funcBody(3, 2, c);
}

/** The module: r4 and r2, both of type (i32 x 10) -> (), and one memory, all exported. */
export function assemble(): Uint8Array<ArrayBuffer> {
  return wasmModule(10, [
    { name: 'r4', body: r4Body() },
    { name: 'r2', body: r2Body() },
  ]);
}

// ------------------------------------------------------------------ runtime
type Stage = (
  src: number,
  dst: number,
  tw: number,
  q4: number,
  sB: number,
  d1: number,
  d2: number,
  d3: number,
  reps: number,
  rowBytes: number,
) => void;

export interface FftWasm {
  r4: Stage;
  r2: Stage;
  /** Copies pre-split twiddles (Float64Array of 12 doubles per p) into the instance; returns its byte address, or -1 when memory runs out. */
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
    const bytes = assemble();
    if (!WebAssembly.validate(bytes)) return null;
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as {
      r4: Stage;
      r2: Stage;
      mem: WebAssembly.Memory;
    };
    state = makeState(ex.r4, ex.r2, ex.mem);
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

function makeState(r4: Stage, r2: Stage, mem: WebAssembly.Memory): FftWasm {
  let heap = new Float64Array(mem.buffer);
  let top = 0; // bytes used by twiddles (16-aligned)
  const cacheStart = new Float64Array(8);
  const cacheLen = new Float64Array(8);
  let cacheViews: (Float64Array | null)[] = new Array(8).fill(null);
  let next = 0;
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
  return {
    r4,
    r2,
    addTwiddles(t) {
      const at = top;
      if (!ensure(at + 8 * t.length)) return -1;
      heap.set(t, at / 8);
      top = at + 16 * Math.ceil((8 * t.length) / 16);
      return at;
    },
    region(bytes) {
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
}
