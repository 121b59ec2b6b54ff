/**
 * A tiny WebAssembly byte-code assembler, shared by the hand-written SIMD kernels
 * (../dense/wasm-assemble.ts, ../fft/wasm.ts): LEB128 encoders, the opcodes those kernels use
 * (scalar and SIMD), an emitter that appends instructions to a body, and `wasmModule`, which wraps
 * function bodies into a module of one function type, one memory and an export of each.
 *
 *     uleb(n): unsigned LEB128, 7 bits a byte, low first, high bit = "more follows"
 *     sleb(n): signed LEB128, stops once the rest is the sign extension of bit 6 of the last byte
 *
 * No toolchain and no dependency: the kernels build their bytes at load time (a few hundred bytes,
 * well under a millisecond), and `WebAssembly.validate` decides whether the runtime can run them.
 *
 * References: the WebAssembly core specification, binary format (section 5,
 * https://webassembly.github.io/spec/core/binary/), and the SIMD proposal's opcode table,
 * BinarySIMD.md (https://github.com/WebAssembly/simd/blob/main/proposals/simd/BinarySIMD.md).
 *
 * @example
 * import { END, emitter, funcBody, GET, I32_ADD, SET, wasmModule } from './asm.ts';
 * const c: number[] = [];
 * emitter(c)(GET, 0, GET, 1, I32_ADD, SET, 0, END);  // p0 = p0 + p1
 * const bytes = wasmModule(2, [{ name: 'f', body: funcBody(0, 0, c) }]);
 * WebAssembly.validate(bytes);                        // true
 */

/** Unsigned LEB128 encoding of a non-negative 32-bit integer. */
export function uleb(n: number): number[] {
  const o: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    o.push(b);
  } while (n);
  return o;
}

/** Signed LEB128 encoding of a 32-bit integer. */
export function sleb(n: number): number[] {
  const o: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      o.push(b);
      return o;
    }
    o.push(b | 0x80);
  }
}

// ------------------------------------------------------------------ scalar opcodes
/** local.get, local.set (followed by the local's index). */
export const GET = 0x20;
export const SET = 0x21;
/** local.tee: sets the local and keeps the value on the stack. */
export const TEE = 0x22;
export const RETURN = 0x0f;
/** i32.const (followed by the sleb value; see i32c). */
export const I32C = 0x41;
export const I32_DIV_U = 0x6e;
export const I32_REM_U = 0x70;
export const I32_LT_S = 0x48;
export const I32_GE_S = 0x4e;
export const I32_ADD = 0x6a;
export const I32_SUB = 0x6b;
export const I32_MUL = 0x6c;
export const I32_SHL = 0x74;
export const I32_GE_U = 0x4f;
export const I32_LE_U = 0x4d;
export const I32_LT_U = 0x49;
export const I32_EQZ = 0x45;
export const I32_NE = 0x47;
export const I32_GT_U = 0x4b;
export const I32_LE_S = 0x4c;
/** i32.load (followed by a memarg: alignment exponent, then uleb offset). */
export const I32_LOAD = 0x28;
export const F64_ADD = 0xa0;
export const F64_SUB = 0xa1;
export const F64_MUL = 0xa2;
/** f64.const v (followed by the 8 little-endian bytes of the double). */
export const f64c = (v: number): number[] => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)];
export const F64_NEG = 0x9a;
export const F64_SQRT = 0x9f;
export const F64_NE = 0x62;
export const F64_GT = 0x64;
export const F64_LE = 0x65;
/** f64.load / f64.store (followed by a memarg: alignment exponent, then uleb offset). */
export const F64_LOAD = 0x2b;
export const F64_STORE = 0x39;
export const BLOCK = 0x02;
export const LOOP = 0x03;
/** if (followed by a block type) ... else ... end. */
export const IF = 0x04;
export const ELSE = 0x05;
export const BR = 0x0c;
export const BR_IF = 0x0d;
export const END = 0x0b;
/** The empty block type. */
export const VOID = 0x40;
/** i32.const v. */
export const i32c = (v: number): number[] => [0x41, ...sleb(v)];

// ------------------------------------------------------------------ SIMD opcodes (prefix 0xfd)
/** v128.load / v128.store at byte offset `off`, with alignment hint 2^align bytes. */
export const v128Load = (off: number, align: number): number[] => [0xfd, 0x00, align, ...uleb(off)];
export const v128Store = (off: number, align: number): number[] => [0xfd, 0x0b, align, ...uleb(off)];
/** v128.load64_zero: one double into lane 0, lane 1 zeroed (alignment hint 8 bytes). */
export const load64Zero = (off: number): number[] => [0xfd, 0x5d, 3, ...uleb(off)];
/** v128.const with the given 16 bytes. */
export const v128Const = (bytes: ArrayLike<number>): number[] => [0xfd, 0x0c, ...Array.from(bytes)];
export const V128_ZERO = v128Const(new Array<number>(16).fill(0));
/** i8x16.shuffle of the two operands by the 16 given lane indices. */
export const i8x16Shuffle = (lanes: readonly number[]): number[] => [0xfd, 0x0d, ...lanes];
export const F64X2_SPLAT = [0xfd, 0x14];
/** v128.load32_splat at a byte offset (4-byte alignment hint): one i32 in every lane. */
export const load32Splat = (off: number): number[] => [0xfd, 0x09, 2, ...uleb(off)];
/** f64x2.extract_lane. */
export const f64x2Extract = (lane: number): number[] => [0xfd, 0x21, lane];
/** f64x2.replace_lane (vector, f64) -> vector. */
export const f64x2Replace = (lane: number): number[] => [0xfd, 0x22, lane];
export const F64X2_PROMOTE_LOW_F32X4 = [0xfd, 0x5f];
export const F64X2_ADD = [0xfd, 0xf0, 0x01];
export const F64X2_SUB = [0xfd, 0xf1, 0x01];
export const F64X2_MUL = [0xfd, 0xf2, 0x01];
export const F64X2_DIV = [0xfd, 0xf3, 0x01];
/** v128.load64_splat at a byte offset (8-byte alignment hint): one double in both lanes. */
export const load64Splat = (off: number): number[] => [0xfd, 0x0a, 3, ...uleb(off)];
/** The two doubles of a vector exchanged, (a, b) -> (b, a): a shuffle of the vector with itself (push it twice). */
export const F64X2_SWAP = i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]);
/** v128.const of the doubles (a, b). */
export const f64x2Const = (a: number, b: number): number[] => v128Const(new Uint8Array(new Float64Array([a, b]).buffer));
/** v128.load / v128.store with an 8-byte alignment hint (complex doubles, 16 bytes each). */
export const vload = (off: number): number[] => v128Load(off, 3);
export const vstore = (off: number): number[] => v128Store(off, 3);
/** Sign vectors (1, -1) and (-1, 1): a conjugate, or with F64X2_SWAP a product by -i or i. */
export const PLUS_MINUS = f64x2Const(1, -1);
export const MINUS_PLUS = f64x2Const(-1, 1);
/** f64x2.ge: lane-wise a >= b as all-ones / all-zeros lanes (false for NaN). */
export const F64X2_GE = [0xfd, 0x4c];
/** v128.and: bitwise and of two vectors. */
export const V128_AND = [0xfd, 0x4e];

// ------------------------------------------------------------------ bodies and modules
/** Instructions as opcodes and immediates, flat or in groups (the groups are spliced in). */
export type Code = (number | number[])[];

/** Returns `e(...code)`, which appends the instructions to `c`. */
export function emitter(c: number[]): (...xs: Code) => void {
  return (...xs: Code) => {
    for (const x of xs) {
      if (Array.isArray(x)) c.push(...x);
      else c.push(x);
    }
  };
}

/** local += by for an i32 local. */
export function bumpLocal(e: (...xs: Code) => void, local: number, by: number): void {
  e(GET, local, I32C, ...sleb(by), I32_ADD, SET, local);
}

/** local -= 1, and branch back to the enclosing loop while it is not zero (a do-while countdown's end). */
export function countDownEnd(e: (...xs: Code) => void, local: number): void {
  e(GET, local, I32C, 1, I32_SUB, TEE, local, BR_IF, 0);
}

/**
 * A module of functions with their own signatures: `types` as [i32 parameter count, result
 * (0x7c f64, or null)], each function naming its type; one memory of one page (growable),
 * exported as `mem`, each function under its name. Bodies carry their own local declarations.
 */
export function typedModule(types: readonly [number, number | null][], functions: readonly { name: string; type: number; body: number[] }[]): Uint8Array<ArrayBuffer> {
  const sec = (id: number, s: number[]) => [id, ...uleb(s.length), ...s];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
  const typeBytes = types.flatMap(([n, r]) => [0x60, ...uleb(n), ...new Array<number>(n).fill(0x7f), ...(r === null ? [0] : [1, r])]);
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...sec(1, [...uleb(types.length), ...typeBytes]),
    ...sec(3, [...uleb(functions.length), ...functions.flatMap((f) => uleb(f.type))]),
    ...sec(5, [1, 0, 1]),
    ...sec(7, [...uleb(functions.length + 1), ...functions.flatMap((f, i) => [...name(f.name), 0, ...uleb(i)]), ...name('mem'), 2, 0]),
    ...sec(10, [...uleb(functions.length), ...functions.flatMap((f) => [...uleb(f.body.length), ...f.body])]),
  ]);
}

/** A function body: local declarations (`i32Locals` i32s, then `v128Locals` v128s) and the code. */
export function funcBody(i32Locals: number, v128Locals: number, code: number[]): number[] {
  return [2, ...uleb(i32Locals), 0x7f, ...uleb(v128Locals), 0x7b, ...code];
}

/** One exported function of a module: its export name and its body (see funcBody). */
export interface WasmFunction {
  name: string;
  body: number[];
}

/**
 * The module: every function of type (i32 x i32Params) -> (), one memory of one page (growable),
 * each function exported under its name (indices in order), the memory exported as `mem`.
 */
export function wasmModule(i32Params: number, functions: readonly WasmFunction[]): Uint8Array<ArrayBuffer> {
  const sec = (id: number, s: number[]) => [id, ...uleb(s.length), ...s];
  const name = (s: string) => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
  const n = functions.length;
  const exports = functions.flatMap((f, i) => [...name(f.name), 0, ...uleb(i)]);
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...sec(1, [1, 0x60, ...uleb(i32Params), ...new Array<number>(i32Params).fill(0x7f), 0]),
    ...sec(3, [...uleb(n), ...functions.map(() => 0)]),
    ...sec(5, [1, 0, 1]),
    ...sec(7, [...uleb(n + 1), ...exports, ...name('mem'), 2, 0]),
    ...sec(10, [...uleb(n), ...functions.flatMap((f) => [...uleb(f.body.length), ...f.body])]),
  ]);
}
