/**
 * The non-butterfly WebAssembly SIMD functions of the FFT module (same function type as the
 * stages of ./wasm-stages.ts; unused parameters ignored):
 *
 * - `copy2d(src, dst, rows, srcStride, dstStride, bytes)`: rows of `bytes` bytes (a multiple of
 *   16) from src to dst (the column blocks of the 2-D transform);
 * - `cmul(src, dst, tab, count, sin, sout)`: dst_j = ((src_j sin) w_j) sout, w_j pre-split at tab
 *   (32 bytes each), sin/sout the address of a sign vector (1, 1) or (1, -1): Bluestein's chirps;
 * - `dctPack(src, dst, m)` / `dctUnpack(src, dst, m)`: Makhoul's permutation of n = 2m reals,
 *   v_j = x_{2j}, v_{n-1-j} = x_{2j+1}, and its inverse;
 * - `dctPost(z, tab, y, count, m)`: the forward split-and-twiddle pass of ./dct-even.ts for the
 *   pairs k = 1 .. count, from Z (m complex) to the n reals y;
 * - `dctPreInv(x, tab, z, count, m)`: the inverse pass, from the n reals x to 2Z;
 * - `cthresh(src, count, par)`: hard threshold and scale in place of `count` complex values, with
 *   (lam2, lam2) at par and (scale, scale) at par + 16: c_j <- scale c_j when |c_j|^2 >= lam2, else
 *   0 (|c|^2 = re re + im im, as the JavaScript loop computes it; the f-k threshold of POCS);
 * - `cweight(s, x, dst, count)`: dst_j = s_j x_j, s interleaved (not pre-split): a coil map times
 *   the image (SENSE);
 * - `caccum(s, u, acc, count)`: acc_j += conj(s_j) u_j, s interleaved: a coil's term of the sum
 *   of the SENSE normal operator;
 * - `cand(src, mask, count)`: src_j <- src_j AND mask_j, mask_j an i32 (-1 or 0) spread over the
 *   16 bytes: the sampling mask, zeroing an entry to +0 exactly as an assignment of 0 does;
 * - `cscatter(src, offsets, dst, count)`: the complex value at dst + offsets_j <- src_j, offsets
 *   i32 byte offsets: samples placed on their grid.
 *
 * `cweight` and `caccum` perform the operations of the JavaScript loops of
 * ../../linops/coil-normal-kernels.ts (weightCoil, accumulateCoil) in the same order, so both
 * paths give identical results: (sr a + (-(si b)), sr b + si a) and
 * acc + (sr a + si b, sr b + (-(si a))), where x - y is x + (-y) in IEEE arithmetic.
 *
 * The DCT passes perform the operations of the JavaScript loops of ./dct-even.ts in the same
 * order (conjugation and the factor -i as exact sign flips and lane swaps), so both paths give
 * identical results. Their tables hold, per k, three pre-split complex factors (96 bytes):
 * forward w_k, (f/2) c_k, (f/2) c_{m-k}; inverse conj w_k, g conj c_k, g conj c_{m-k}.
 *
 * Reference for the opcodes: WebAssembly SIMD proposal, BinarySIMD.md.
 */
import {
  END,
  F64_LOAD,
  F64_NEG,
  F64_STORE,
  F64X2_ADD as ADD,
  F64X2_GE as GE,
  F64X2_MUL as MUL,
  F64X2_SPLAT,
  F64X2_SUB as SUB,
  f64x2Extract,
  f64x2Replace,
  funcBody,
  i8x16Shuffle,
  load32Splat,
  I32_ADD,
  I32_LOAD,
  I32_LT_U,
  I32_SHL,
  I32_SUB,
  i32c,
  LOOP,
  VOID,
  BR_IF,
  type WasmFunction,
  uleb,
  V128_AND,
} from '../wasm/asm.ts';
import { type Emit, GET, localEmitter, PARAMS, PLUS_MINUS, pair, SET, SWAP, vload, vstore } from './wasm-common.ts';

const MINUS_PLUS = pair(-1, 1);
/** (re, re) and (im, im) of a complex vector on the stack twice. */
const LOW = i8x16Shuffle([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7]);
const HIGH = i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]);
/** f64.load / f64.store at a byte offset (8-byte alignment hint). */
const fload = (off: number) => [F64_LOAD, 3, ...uleb(off)];
const fstore = (off: number) => [F64_STORE, 3, ...uleb(off)];
/** Locals after the parameters. */
const L0 = PARAMS;

/** p += step for an i32 local. */
function bump(e: Emit, p: number, step: number): void {
  e(GET, p, i32c(step), I32_ADD, SET, p);
}

/** Counts local `n` down to zero around `body` (do-while: n >= 1). */
function countDown(e: Emit, n: number, body: () => void): void {
  e(LOOP, VOID);
  body();
  e(GET, n, i32c(1), I32_SUB, SET, n, GET, n, BR_IF, 0);
  e(END);
}

/** complex product w t of the vector on local t with the pre-split factor at address local `at` + off. */
function cprod(e: Emit, at: number, off: number, t: number): void {
  e(GET, at, vload(off), GET, t, MUL, GET, at, vload(off + 16), GET, t, GET, t, SWAP, MUL, ADD);
}

function copyBody(): number[] {
  // params: src 0, dst 1, rows 2, srcStride 3, dstStride 4, bytes 5; i32: i, o, iEnd
  const [I, O, IEND] = [L0, L0 + 1, L0 + 2];
  const c: number[] = [];
  const e = localEmitter(c);
  countDown(e, 2, () => {
    e(GET, 0, SET, I, GET, 1, SET, O, GET, 0, GET, 5, I32_ADD, SET, IEND);
    e(LOOP, VOID);
    e(GET, O, GET, I, vload(0), vstore(0));
    bump(e, I, 16);
    bump(e, O, 16);
    e(GET, I, GET, IEND, I32_LT_U, BR_IF, 0);
    e(END);
    e(GET, 0, GET, 3, I32_ADD, SET, 0, GET, 1, GET, 4, I32_ADD, SET, 1);
  });
  e(END);
  return funcBody(3, 0, c);
}

function cmulBody(): number[] {
  // params: src 0, dst 1, tab 2, count 3, sin 4, sout 5; v128: sin, sout, t
  const [VIN, VOUT, VT] = [L0, L0 + 1, L0 + 2];
  const c: number[] = [];
  const e = localEmitter(c);
  e(GET, 4, vload(0), SET, VIN, GET, 5, vload(0), SET, VOUT);
  countDown(e, 3, () => {
    e(GET, 0, vload(0), GET, VIN, MUL, SET, VT);
    e(GET, 1);
    cprod(e, 2, 0, VT);
    e(GET, VOUT, MUL, vstore(0));
    bump(e, 0, 16);
    bump(e, 1, 16);
    bump(e, 2, 32);
  });
  e(END);
  return funcBody(0, 3, c);
}

function packBody(): number[] {
  // params: src 0, dst 1, m 2; i32: d2 (dst + 8 (n - 1 - j)); v128: t
  const [D2, T] = [L0, L0 + 1];
  const c: number[] = [];
  const e = localEmitter(c);
  e(GET, 1, GET, 2, i32c(4), I32_SHL, I32_ADD, i32c(8), I32_SUB, SET, D2);
  countDown(e, 2, () => {
    e(GET, 0, vload(0), SET, T);
    e(GET, 1, GET, T, f64x2Extract(0), fstore(0));
    e(GET, D2, GET, T, f64x2Extract(1), fstore(0));
    bump(e, 0, 16);
    bump(e, 1, 8);
    bump(e, D2, -8);
  });
  e(END);
  return funcBody(1, 1, c);
}

function unpackBody(): number[] {
  // params: src 0 (v, n doubles), dst 1, m 2; i32: s2 (src + 8 (n - 1 - j))
  const S2 = L0;
  const c: number[] = [];
  const e = localEmitter(c);
  e(GET, 0, GET, 2, i32c(4), I32_SHL, I32_ADD, i32c(8), I32_SUB, SET, S2);
  countDown(e, 2, () => {
    e(GET, 1, GET, 0, fload(0), F64X2_SPLAT, GET, S2, fload(0), f64x2Replace(1), vstore(0));
    bump(e, 0, 8);
    bump(e, S2, -8);
    bump(e, 1, 16);
  });
  e(END);
  return funcBody(1, 0, c);
}

function postBody(): number[] {
  // params: z 0, tab 1, y 2, count 3, m 4
  // i32: pb, y2 (n-k), y3 (m-k), y4 (m+k); v128: a b e o t v u p
  const [PB, Y2, Y3, Y4] = [L0, L0 + 1, L0 + 2, L0 + 3];
  const [A, B, E, O, T, V, U, P] = Array.from({ length: 8 }, (_, i) => L0 + 4 + i);
  const c: number[] = [];
  const e = localEmitter(c);
  // pb = z + 16 (m - 1); y2 = y + 8 (2m - 1); y3 = y + 8 (m - 1); y4 = y + 8 (m + 1); pa = z + 16
  e(GET, 0, GET, 4, i32c(4), I32_SHL, I32_ADD, i32c(16), I32_SUB, SET, PB);
  e(GET, 2, GET, 4, i32c(4), I32_SHL, I32_ADD, i32c(8), I32_SUB, SET, Y2);
  e(GET, 2, GET, 4, i32c(3), I32_SHL, I32_ADD, i32c(8), I32_SUB, SET, Y3);
  e(GET, 2, GET, 4, i32c(3), I32_SHL, I32_ADD, i32c(8), I32_ADD, SET, Y4);
  bump(e, 0, 16);
  bump(e, 2, 8);
  countDown(e, 3, () => {
    e(GET, 0, vload(0), SET, A, GET, PB, vload(0), SET, B);
    e(GET, A, GET, B, PLUS_MINUS, MUL, ADD, SET, E); // E = A + conj B
    e(GET, A, GET, A, SWAP, PLUS_MINUS, MUL, GET, B, GET, B, SWAP, ADD, SET, O); // (ai + bi, br - ar)
    cprod(e, 1, 0, O);
    e(SET, T);
    e(GET, E, GET, T, ADD, SET, V);
    e(GET, E, GET, T, SUB, PLUS_MINUS, MUL, SET, U); // conj(E - T)
    cprod(e, 1, 32, V);
    e(SET, P);
    e(GET, 2, GET, P, f64x2Extract(0), fstore(0));
    e(GET, Y2, GET, P, f64x2Extract(1), F64_NEG, fstore(0));
    cprod(e, 1, 64, U);
    e(SET, P);
    e(GET, Y3, GET, P, f64x2Extract(0), fstore(0));
    e(GET, Y4, GET, P, f64x2Extract(1), F64_NEG, fstore(0));
    bump(e, 0, 16);
    bump(e, PB, -16);
    bump(e, 1, 96);
    bump(e, 2, 8);
    bump(e, Y2, -8);
    bump(e, Y3, -8);
    bump(e, Y4, 8);
  });
  e(END);
  return funcBody(4, 8, c);
}

function preInvBody(): number[] {
  // params: x 0, tab 1, z 2, count 3, m 4
  // i32: x2 (n-k), x3 (m-k), x4 (m+k), zb (z + 16 (m-k)); v128: p q v u s d g
  const [X2, X3, X4, ZB] = [L0, L0 + 1, L0 + 2, L0 + 3];
  const [Pv, Q, V, U, S, D, G] = Array.from({ length: 7 }, (_, i) => L0 + 4 + i);
  const c: number[] = [];
  const e = localEmitter(c);
  e(GET, 0, GET, 4, i32c(4), I32_SHL, I32_ADD, i32c(8), I32_SUB, SET, X2);
  e(GET, 0, GET, 4, i32c(3), I32_SHL, I32_ADD, i32c(8), I32_SUB, SET, X3);
  e(GET, 0, GET, 4, i32c(3), I32_SHL, I32_ADD, i32c(8), I32_ADD, SET, X4);
  e(GET, 2, GET, 4, i32c(4), I32_SHL, I32_ADD, i32c(16), I32_SUB, SET, ZB);
  bump(e, 0, 8);
  bump(e, 2, 16);
  countDown(e, 3, () => {
    e(GET, 0, fload(0), F64X2_SPLAT, GET, X2, fload(0), F64_NEG, f64x2Replace(1), SET, Pv); // (x_k, -x_{n-k})
    e(GET, X3, fload(0), F64X2_SPLAT, GET, X4, fload(0), F64_NEG, f64x2Replace(1), SET, Q);
    cprod(e, 1, 32, Pv);
    e(SET, V);
    cprod(e, 1, 64, Q);
    e(SET, U);
    e(GET, V, GET, U, PLUS_MINUS, MUL, ADD, SET, S); // V + conj U
    e(GET, V, GET, U, PLUS_MINUS, MUL, SUB, SET, D); // V - conj U
    cprod(e, 1, 0, D);
    e(SET, G);
    e(GET, 2, GET, S, GET, G, GET, G, SWAP, MINUS_PLUS, MUL, ADD, vstore(0)); // S + iG
    e(GET, ZB, GET, S, PLUS_MINUS, MUL, GET, G, GET, G, SWAP, ADD, vstore(0)); // conj S + i conj G
    bump(e, 0, 8);
    bump(e, X2, -8);
    bump(e, X3, -8);
    bump(e, X4, 8);
    bump(e, 1, 96);
    bump(e, 2, 16);
    bump(e, ZB, -16);
  });
  e(END);
  return funcBody(4, 7, c);
}

function threshBody(): number[] {
  // params: src 0, count 1, par 2; v128: lam2, scale, v, p
  const [VL, VS, V, P] = [L0, L0 + 1, L0 + 2, L0 + 3];
  const c: number[] = [];
  const e = localEmitter(c);
  e(GET, 2, vload(0), SET, VL, GET, 2, vload(16), SET, VS);
  countDown(e, 1, () => {
    e(GET, 0, vload(0), SET, V);
    e(GET, 0, GET, V, GET, VS, MUL); // address, scale v
    e(GET, V, GET, V, MUL, SET, P); // (re^2, im^2)
    e(GET, P, GET, P, GET, P, SWAP, ADD, GET, VL, GE, V128_AND, vstore(0)); // keep where |v|^2 >= lam2
    bump(e, 0, 16);
  });
  e(END);
  return funcBody(0, 4, c);
}

/**
 * A loop over `count` (param 3) complex values of the interleaved vectors at params 0 and 1 (on
 * locals V and T) and a third at param 2, all advanced 16 bytes per value.
 */
function pairLoop(body: (e: Emit, V: number, T: number) => void): number[] {
  const [V, T] = [L0, L0 + 1];
  const c: number[] = [];
  const e = localEmitter(c);
  countDown(e, 3, () => {
    e(GET, 0, vload(0), SET, V, GET, 1, vload(0), SET, T);
    body(e, V, T);
    bump(e, 0, 16);
    bump(e, 1, 16);
    bump(e, 2, 16);
  });
  e(END);
  return funcBody(0, 2, c);
}

/**
 * Pushes V T, or conj(V) T, for interleaved (not pre-split) V = (sr, si), T = (a, b):
 * (sr a, sr b) + (si b, si a) (-1, 1) or (1, -1), the JavaScript loops' operations in their order.
 */
function interleavedProduct(e: Emit, V: number, T: number, conjugate: boolean): void {
  e(GET, V, GET, V, LOW, GET, T, MUL); // (sr a, sr b)
  e(GET, V, GET, V, HIGH, GET, T, GET, T, SWAP, MUL, conjugate ? PLUS_MINUS : MINUS_PLUS, MUL, ADD);
}

function weightBody(): number[] {
  // params: s 0, x 1, dst 2, count 3: dst = s x
  return pairLoop((e, V, T) => {
    e(GET, 2);
    interleavedProduct(e, V, T, false);
    e(vstore(0));
  });
}

function accumBody(): number[] {
  // params: s 0, u 1, acc 2, count 3: acc += conj(s) u
  return pairLoop((e, V, T) => {
    e(GET, 2, GET, 2, vload(0)); // address, acc
    interleavedProduct(e, V, T, true);
    e(ADD, vstore(0));
  });
}

function andBody(): number[] {
  // params: src 0, mask 1, count 2
  const c: number[] = [];
  const e = localEmitter(c);
  countDown(e, 2, () => {
    e(GET, 0, GET, 0, vload(0), GET, 1, load32Splat(0), V128_AND, vstore(0));
    bump(e, 0, 16);
    bump(e, 1, 4);
  });
  e(END);
  return funcBody(0, 0, c);
}

function scatterBody(): number[] {
  // params: src 0, offsets 1, dst 2, count 3
  const c: number[] = [];
  const e = localEmitter(c);
  countDown(e, 3, () => {
    e(GET, 2, GET, 1, I32_LOAD, 2, 0, I32_ADD, GET, 0, vload(0), vstore(0));
    bump(e, 0, 16);
    bump(e, 1, 4);
  });
  e(END);
  return funcBody(0, 0, c);
}

/** The auxiliary functions, in export order. */
export function auxFunctions(): WasmFunction[] {
  return [
    { name: 'copy2d', body: copyBody() },
    { name: 'cmul', body: cmulBody() },
    { name: 'dctPack', body: packBody() },
    { name: 'dctUnpack', body: unpackBody() },
    { name: 'dctPost', body: postBody() },
    { name: 'dctPreInv', body: preInvBody() },
    { name: 'cthresh', body: threshBody() },
    { name: 'cweight', body: weightBody() },
    { name: 'caccum', body: accumBody() },
    { name: 'cand', body: andBody() },
    { name: 'cscatter', body: scatterBody() },
  ];
}
