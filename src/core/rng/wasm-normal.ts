/**
 * The common path of `Rng.fillNormal` in WebAssembly: xoshiro256** on native 64-bit integers and
 * the ziggurat's rectangle test, bit-identical to the JavaScript path of ./rng.ts (which emulates
 * each 64-bit operation with two 32-bit halves, about twice the instructions).
 *
 * One call `fill(start, count, mean, std)` continues the stream from the state held in the
 * instance's memory and writes out[i] = mean + std * x_i for i = start, start + 1, ... into its
 * output area, until either `count` samples are written or a draw leaves the rectangles (u >= K[i],
 * about 0.7% of draws). It returns the index it stopped at, with the state *after* that draw and
 * the draw's 64 output bits stored; the caller finishes that one sample through the wedge / tail
 * test in JavaScript (`Rng.slow`, which draws further uniforms from the same state), writes it at
 * that index, and calls again from the next index. So the sequence of samples, and the state after
 * them, equal the JavaScript path's exactly (tested, rare draws included).
 *
 *     step:  o = rotl(s1 * 5, 7) * 9;  t = s1 << 17;  s2 ^= s0;  s3 ^= s1;  s1 ^= s2;  s0 ^= s3;
 *            s2 ^= t;  s3 = rotl(s3, 45)
 *     draw:  i = o & 255,  u = o >>> 12 (52 bits, exact in a double),  x = u W[i],
 *            accept when u < K[i], negative when bit 8 of o is set
 *
 * Memory layout (one 64 KiB page): state (4 x i64) at 0, the pending draw (i64) at 32, K at 64,
 * W at 64 + 2048, then the output area of {@link NORMAL_CHUNK} doubles.
 *
 * References: Blackman & Vigna, ACM TOMS 47(4), 2021 (xoshiro256**); Marsaglia & Tsang, J. Stat.
 * Softw. 5(8), 2000 (ziggurat); the WebAssembly core specification, binary format.
 *
 * @example
 * const k = normalKernel();           // null where WebAssembly is unavailable or disabled
 * // used by Rng.fillNormal for arrays of at least NORMAL_WASM_MIN values
 */
import { emitter, sleb, uleb } from '../wasm/asm.ts';
import { ZIG_K, ZIG_W } from './ziggurat.ts';

const STATE = 0;
const PENDING = 32;
const KOFF = 64;
const WOFF = KOFF + 2048;
const OUT = WOFF + 2048;
/** Samples written per call at most: the output area fills the rest of the one 64 KiB page. */
export const NORMAL_CHUNK = Math.floor((65536 - OUT) / 8);
/** Below this many values the JavaScript path is used (a call and a state copy cost more). */
export const NORMAL_WASM_MIN = 64;

/** The instance: `fill` and views of its memory. */
export interface NormalKernel {
  fill(start: number, count: number, mean: number, std: number): number;
  /** The state as little-endian i32 halves: [s0.lo, s0.hi, s1.lo, ...], then the pending draw at [8], [9]. */
  i32: Int32Array;
  /** The output area. */
  out: Float64Array;
}

// opcodes (WebAssembly core, binary format section 5.4)
const LGET = 0x20;
const LSET = 0x21;
const I64C = 0x42;
const I32C = 0x41;
const I32_AND = 0x71;
const I32_SHL = 0x74;
const I32_ADD = 0x6a;
const I32_GE_U = 0x4f;
const I32_WRAP = 0xa7;
const I64_LOAD = 0x29;
const I64_STORE = 0x37;
const I64_MUL = 0x7e;
const I64_SHL = 0x86;
const I64_SHR_U = 0x88;
const I64_XOR = 0x85;
const I64_ROTL = 0x89;
const F64_LOAD = 0x2b;
const F64_STORE = 0x39;
const F64_MUL = 0xa2;
const F64_ADD = 0xa0;
const F64_NEG = 0x9a;
const F64_GE = 0x66;
const F64_FROM_U64 = 0xba;
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const mem = (align: number, off: number) => [align, ...uleb(off)];

/** The module's bytes: one function fill(i32 start, i32 count, f64 mean, f64 std) -> i32. */
export function normalModuleBytes(): Uint8Array<ArrayBuffer> {
  // params 0 start(i), 1 count, 2 mean, 3 std; locals 4..9 i64 s0 s1 s2 s3 o t; 10 idx (i32); 11 u, 12 x (f64)
  const [i, count, mean, std, s0, s1, s2, s3, o, t, idx, u, x] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const c: number[] = [];
  const e = emitter(c);
  for (const [k, s] of [s0, s1, s2, s3].entries()) e(I32C, 0, I64_LOAD, mem(3, STATE + 8 * k), LSET, s);
  const xorInto = (a: number, b: number) => e(LGET, a, LGET, b, I64_XOR, LSET, a);
  e(BLOCK, VOID, LOOP, VOID);
  e(LGET, i, LGET, count, I32_GE_U, BR_IF, 1);
  // o = rotl(s1 * 5, 7) * 9;  t = s1 << 17
  e(LGET, s1, I64C, ...sleb(5), I64_MUL, I64C, ...sleb(7), I64_ROTL, I64C, ...sleb(9), I64_MUL, LSET, o);
  e(LGET, s1, I64C, ...sleb(17), I64_SHL, LSET, t);
  xorInto(s2, s0);
  xorInto(s3, s1);
  xorInto(s1, s2);
  xorInto(s0, s3);
  xorInto(s2, t);
  e(LGET, s3, I64C, ...sleb(45), I64_ROTL, LSET, s3);
  // idx = (o & 255) * 8;  u = o >>> 12
  e(LGET, o, I32_WRAP, I32C, ...sleb(255), I32_AND, I32C, 3, I32_SHL, LSET, idx);
  e(LGET, o, I64C, 12, I64_SHR_U, F64_FROM_U64, LSET, u);
  // outside the rectangle: keep the draw, stop here
  e(LGET, u, LGET, idx, F64_LOAD, mem(3, KOFF), F64_GE, IF, VOID);
  e(I32C, 0, LGET, o, I64_STORE, mem(3, PENDING), BR, 2, END);
  // x = u W[idx], negated when bit 8 is set; out[i] = mean + std x
  e(LGET, u, LGET, idx, F64_LOAD, mem(3, WOFF), F64_MUL, LSET, x);
  e(LGET, o, I32_WRAP, I32C, ...sleb(256), I32_AND, IF, VOID, LGET, x, F64_NEG, LSET, x, END);
  e(LGET, i, I32C, 3, I32_SHL, LGET, mean, LGET, std, LGET, x, F64_MUL, F64_ADD, F64_STORE, mem(3, OUT));
  e(LGET, i, I32C, 1, I32_ADD, LSET, i, BR, 0, END, END);
  for (const [k, s] of [s0, s1, s2, s3].entries()) e(I32C, 0, LGET, s, I64_STORE, mem(3, STATE + 8 * k));
  e(LGET, i, END);
  // locals: 6 i64, 1 i32, 2 f64
  const body = [3, 6, 0x7e, 1, 0x7f, 2, 0x7c, ...c];
  const sec = (id: number, s: number[]) => [id, ...uleb(s.length), ...s];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...sec(1, [1, 0x60, 4, 0x7f, 0x7f, 0x7c, 0x7c, 1, 0x7f]),
    ...sec(3, [1, 0]),
    ...sec(5, [1, 0, 1]),
    ...sec(7, [2, ...name('fill'), 0, 0, ...name('mem'), 2, 0]),
    ...sec(10, [1, ...uleb(body.length), ...body]),
  ]);
}

let kernel: NormalKernel | null | undefined;
let enabled = true;

/** The shared instance, or null (no WebAssembly, or disabled by {@link setNormalWasm}). */
export function normalKernel(): NormalKernel | null {
  if (!enabled) return null;
  if (kernel === undefined) {
    kernel = null;
    try {
      if (typeof WebAssembly === 'object') {
        const bytes = normalModuleBytes();
        if (WebAssembly.validate(bytes)) {
          const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as {
            fill: NormalKernel['fill'];
            mem: WebAssembly.Memory;
          };
          const buf = ex.mem.buffer;
          new Float64Array(buf, KOFF, 256).set(ZIG_K);
          new Float64Array(buf, WOFF, 256).set(ZIG_W);
          kernel = { fill: ex.fill, i32: new Int32Array(buf, 0, 10), out: new Float64Array(buf, OUT, NORMAL_CHUNK) };
        }
      }
    } catch {
      kernel = null;
    }
  }
  return kernel;
}

/** Turns the WebAssembly path of fillNormal on or off (for tests; both give identical samples). */
export function setNormalWasm(on: boolean): void {
  enabled = on;
}

/** Whether fillNormal currently uses the WebAssembly path. */
export function normalWasmEnabled(): boolean {
  return normalKernel() !== null;
}
