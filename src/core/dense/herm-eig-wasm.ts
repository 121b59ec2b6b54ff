/**
 * The O(m^2) passes of the Householder reduction of ./herm-eig.ts and its back-transform in
 * WebAssembly SIMD, one complex entry per f64x2 vector, with the JavaScript loops' operations in
 * their order, so both paths give identical results (no fused multiply-add; a - b is a + (-b) and x (-y) is -(x y)
 * exactly in IEEE arithmetic):
 *
 * - `tmatvec(a, v, vs, w, n, k, m)`: w <- B v for the trailing block B = a[k+1.., k+1..] from
 *   its lower triangle (`trailingMatvec`): per row i, acc + ((b_r, b_r) v_j + (b_i, b_i) (-v_j,i, v_j,r))
 *   over j < i, w_j + ((b_r, b_r) v_i + (b_i, b_i) (v_i,i, -v_i,r)) beside it, then
 *   w_i + (acc + (d, d) v_i) with d the real diagonal; vs is scratch (m complex);
 * - `reflect(vec, refl, taus, n)`: vec <- H_0 ... H_{n-3} vec (`applyReflectors`), reflector k at
 *   refl + 16 n k, taus as doubles: s = tau (acc + ((h_r, h_r) x + (h_i, h_i) (x_i, -x_r))) over
 *   the reflector, then x - ((h_r, h_r) s + (h_i, h_i) (-s_i, s_r)); a tau of 0 is skipped;
 * - `tupdate(a, v, w, n, k, m)`: B <- B - v w^H - w v^H on the lower triangle and diagonal
 *   (`trailingUpdate`): b - (((v_i (q_r, q_r) + (v_i,i, -v_i,r) (q_i, q_i)) + w_i (v_r, v_r))
 *   + (w_i,i, -w_i,r) (v_i', v_i')) with q = w_j and v_j = (v_r, v_i').
 *
 * Addresses are bytes into the instance's memory; a is the n x n matrix, row-major, complex
 * interleaved. Measured: see ./herm-eig.ts.
 *
 * Reference for the opcodes: WebAssembly core specification 2.0 and the SIMD proposal
 * (BinarySIMD.md).
 *
 * @example
 * import { reductionKernel } from './herm-eig-wasm.ts';
 * const r = reductionKernel(288); // views a, v, w of an instance for n = 288, or null
 */
import {
  BLOCK,
  BR_IF,
  bumpLocal,
  END,
  emitter,
  F64_LOAD,
  F64_NE,
  F64X2_ADD as ADD,
  F64X2_MUL as MUL,
  F64X2_SPLAT as SPLAT,
  F64X2_SUB as SUB,
  F64X2_SWAP as SWAP,
  f64c,
  GET,
  I32_ADD,
  I32_EQZ,
  I32_GE_S,
  I32_LT_S,
  I32_LT_U,
  I32_MUL,
  I32_SHL,
  I32_SUB,
  I32C,
  IF,
  LOOP,
  MINUS_PLUS,
  PLUS_MINUS,
  load64Splat as splatLoad,
  SET,
  TEE,
  typedModule,
  uleb,
  V128_ZERO as ZERO,
  VOID,
  vload,
  vstore,
} from '../wasm/asm.ts';
import { compileWasm, instantiateWithMemory } from '../wasm/instance.ts';

type Emit = ReturnType<typeof emitter>;

/** local rowp <- a + 16 ((k + 1) n + k + 1): the trailing block's first entry (row k + 1, column k + 1). */
function trailingStart(e: Emit, a: number, k: number, n: number, rowp: number): void {
  e(
    GET,
    a,
    GET,
    k,
    I32C,
    1,
    I32_ADD,
    GET,
    n,
    I32_MUL,
    GET,
    k,
    I32_ADD,
    I32C,
    1,
    I32_ADD,
    I32C,
    4,
    I32_SHL,
    I32_ADD,
    SET,
    rowp,
  );
}

/** tmatvec(a 0, v 1, vs 2, w 3, n 4, k 5, m 6) */
function matvecBody(): number[] {
  const c: number[] = [];
  const e = emitter(c);
  const [A, V, VS, W, N, K, M] = [0, 1, 2, 3, 4, 5, 6];
  // i32: rowp 7, i 8, p 9, jv 10, jvs 11, jw 12, cnt 13, rowStep 14; v128: vi 15, vis 16, acc 17, br 18, bi 19, t 20
  const [ROWP, I, P, JV, JVS, JW, CNT, STEP] = [7, 8, 9, 10, 11, 12, 13, 14];
  const [VI, VIS, ACC, BR, BI, T] = [15, 16, 17, 18, 19, 20];
  const bump = (l: number, by: number) => bumpLocal(e, l, by);
  // w_j = 0 and vs_j = (-v_j,i, v_j,r) for j < m
  e(GET, V, SET, JV, GET, VS, SET, JVS, GET, W, SET, JW, GET, M, SET, CNT);
  e(BLOCK, VOID, GET, CNT, I32_EQZ, BR_IF, 0, LOOP, VOID);
  e(GET, JW, ZERO, vstore(0));
  e(GET, JV, vload(0), SET, T, GET, JVS, GET, T, GET, T, SWAP, MINUS_PLUS, MUL, vstore(0));
  bump(JV, 16);
  bump(JVS, 16);
  bump(JW, 16);
  e(GET, CNT, I32C, 1, I32_SUB, TEE, CNT, BR_IF, 0, END, END);
  // rowp = a + 16 ((k + 1) n + k + 1); rowStep = 16 n
  e(GET, N, I32C, 4, I32_SHL, SET, STEP);
  trailingStart(e, A, K, N, ROWP);
  e(I32C, 0, SET, I);
  e(BLOCK, VOID, GET, M, I32_EQZ, BR_IF, 0, LOOP, VOID); // rows i = 0 .. m - 1
  e(GET, V, GET, I, I32C, 4, I32_SHL, I32_ADD, vload(0), SET, VI);
  e(GET, VI, GET, VI, SWAP, PLUS_MINUS, MUL, SET, VIS); // (v_i,i, -v_i,r)
  e(ZERO, SET, ACC, GET, ROWP, SET, P, GET, V, SET, JV, GET, VS, SET, JVS, GET, W, SET, JW, GET, I, SET, CNT);
  e(BLOCK, VOID, GET, CNT, I32_EQZ, BR_IF, 0, LOOP, VOID); // j < i
  e(GET, P, splatLoad(0), SET, BR, GET, P, splatLoad(8), SET, BI);
  e(GET, ACC, GET, BR, GET, JV, vload(0), MUL, GET, BI, GET, JVS, vload(0), MUL, ADD, ADD, SET, ACC);
  e(GET, JW, GET, JW, vload(0), GET, BR, GET, VI, MUL, GET, BI, GET, VIS, MUL, ADD, ADD, vstore(0));
  bump(P, 16);
  bump(JV, 16);
  bump(JVS, 16);
  bump(JW, 16);
  e(GET, CNT, I32C, 1, I32_SUB, TEE, CNT, BR_IF, 0, END, END);
  // w_i + (acc + (d, d) v_i): JW is w_i, P the diagonal
  e(GET, JW, GET, JW, vload(0), GET, ACC, GET, P, splatLoad(0), GET, VI, MUL, ADD, ADD, vstore(0));
  e(GET, ROWP, GET, STEP, I32_ADD, SET, ROWP);
  e(GET, I, I32C, 1, I32_ADD, TEE, I, GET, M, I32_LT_U, BR_IF, 0, END, END);
  e(END);
  return [2, 8, 0x7f, 6, 0x7b, ...c];
}

/** tupdate(a 0, v 1, w 2, n 3, k 4, m 5) */
function updateBody(): number[] {
  const c: number[] = [];
  const e = emitter(c);
  const [A, V, W, N, K, M] = [0, 1, 2, 3, 4, 5];
  // i32: rowp 6, i 7, p 8, jv 9, jq 10, cnt 11, step 12; v128: vi 13, vis 14, qi 15, qis 16, s 17
  const [ROWP, I, P, JV, JQ, CNT, STEP] = [6, 7, 8, 9, 10, 11, 12];
  const [VI, VIS, QI, QIS, S] = [13, 14, 15, 16, 17];
  const bump = (l: number, by: number) => bumpLocal(e, l, by);
  e(GET, N, I32C, 4, I32_SHL, SET, STEP);
  trailingStart(e, A, K, N, ROWP);
  e(I32C, 0, SET, I);
  e(BLOCK, VOID, GET, M, I32_EQZ, BR_IF, 0, LOOP, VOID); // rows
  e(GET, V, GET, I, I32C, 4, I32_SHL, I32_ADD, vload(0), SET, VI);
  e(GET, VI, GET, VI, SWAP, PLUS_MINUS, MUL, SET, VIS); // (v_i,i, -v_i,r)
  e(GET, W, GET, I, I32C, 4, I32_SHL, I32_ADD, vload(0), SET, QI);
  e(GET, QI, GET, QI, SWAP, PLUS_MINUS, MUL, SET, QIS); // (q_i,i, -q_i,r)
  e(GET, ROWP, SET, P, GET, V, SET, JV, GET, W, SET, JQ, GET, I, I32C, 1, I32_ADD, SET, CNT);
  e(LOOP, VOID); // j <= i
  e(GET, VI, GET, JQ, splatLoad(0), MUL, GET, VIS, GET, JQ, splatLoad(8), MUL, ADD);
  e(GET, QI, GET, JV, splatLoad(0), MUL, ADD);
  e(GET, QIS, GET, JV, splatLoad(8), MUL, ADD, SET, S);
  e(GET, P, GET, P, vload(0), GET, S, SUB, vstore(0));
  bump(P, 16);
  bump(JV, 16);
  bump(JQ, 16);
  e(GET, CNT, I32C, 1, I32_SUB, TEE, CNT, BR_IF, 0, END);
  e(GET, ROWP, GET, STEP, I32_ADD, SET, ROWP);
  e(GET, I, I32C, 1, I32_ADD, TEE, I, GET, M, I32_LT_U, BR_IF, 0, END, END);
  e(END);
  return [2, 7, 0x7f, 5, 0x7b, ...c];
}

/** reflect(vec 0, refl 1, taus 2, n 3): vec <- H_0 ... H_{n-3} vec (`applyReflectors`). */
function reflectBody(): number[] {
  const c: number[] = [];
  const e = emitter(c);
  const [VEC, REFL, TAUS, N] = [0, 1, 2, 3];
  // i32: k 4, h 5, o 6, p 7, q 8, cnt 9, m 10; f64: tau 11; v128: acc 12, v 13, s 14, ss 15
  const [KK, H, O, P, Q, CNT, MM] = [4, 5, 6, 7, 8, 9, 10];
  const TAU = 11;
  const [ACC, VV, S, SS] = [12, 13, 14, 15];
  const bump = (l: number, by: number) => bumpLocal(e, l, by);
  const fload = (off: number) => [F64_LOAD, 3, ...uleb(off)];
  e(GET, N, I32C, 3, I32_SUB, SET, KK);
  e(BLOCK, VOID, GET, KK, I32C, 0, I32_LT_S, BR_IF, 0, LOOP, VOID); // k = n - 3 .. 0
  e(GET, TAUS, GET, KK, I32C, 3, I32_SHL, I32_ADD, fload(0), TEE, TAU, f64c(0), F64_NE, IF, VOID);
  // h = refl + 16 n k; o = vec + 16 (k + 1); m = n - k - 1
  e(GET, REFL, GET, N, GET, KK, I32_MUL, I32C, 4, I32_SHL, I32_ADD, SET, H);
  e(GET, VEC, GET, KK, I32C, 1, I32_ADD, I32C, 4, I32_SHL, I32_ADD, SET, O);
  e(GET, N, GET, KK, I32_SUB, I32C, 1, I32_SUB, SET, MM);
  e(ZERO, SET, ACC, GET, H, SET, P, GET, O, SET, Q, GET, MM, SET, CNT);
  e(LOOP, VOID); // acc += conj(h_i) v_i
  e(GET, Q, vload(0), SET, VV);
  e(
    GET,
    ACC,
    GET,
    P,
    splatLoad(0),
    GET,
    VV,
    MUL,
    GET,
    P,
    splatLoad(8),
    GET,
    VV,
    GET,
    VV,
    SWAP,
    PLUS_MINUS,
    MUL,
    MUL,
    ADD,
    ADD,
    SET,
    ACC,
  );
  bump(P, 16);
  bump(Q, 16);
  e(GET, CNT, I32C, 1, I32_SUB, TEE, CNT, BR_IF, 0, END);
  e(GET, ACC, GET, TAU, SPLAT, MUL, SET, S);
  e(GET, S, GET, S, SWAP, MINUS_PLUS, MUL, SET, SS); // (-s_i, s_r)
  e(GET, H, SET, P, GET, O, SET, Q, GET, MM, SET, CNT);
  e(LOOP, VOID); // v_i -= h_i s
  e(
    GET,
    Q,
    GET,
    Q,
    vload(0),
    GET,
    P,
    splatLoad(0),
    GET,
    S,
    MUL,
    GET,
    P,
    splatLoad(8),
    GET,
    SS,
    MUL,
    ADD,
    SUB,
    vstore(0),
  );
  bump(P, 16);
  bump(Q, 16);
  e(GET, CNT, I32C, 1, I32_SUB, TEE, CNT, BR_IF, 0, END);
  e(END); // if tau != 0
  e(GET, KK, I32C, 1, I32_SUB, TEE, KK, I32C, 0, I32_GE_S, BR_IF, 0, END, END);
  e(END);
  return [3, 7, 0x7f, 1, 0x7c, 4, 0x7b, ...c];
}

/** The module's bytes: tmatvec (i32 x 7) -> (), tupdate (i32 x 6) -> (), reflect (i32 x 4) -> () and the memory `mem`. */
export function reductionModuleBytes(): Uint8Array<ArrayBuffer> {
  return typedModule(
    [
      [7, null],
      [6, null],
      [4, null],
    ],
    [
      { name: 'tmatvec', type: 0, body: matvecBody() },
      { name: 'tupdate', type: 1, body: updateBody() },
      { name: 'reflect', type: 2, body: reflectBody() },
    ],
  );
}

/** An instance for n: the matrix a, the reflector v and w as views of its memory, and the two passes. */
export interface ReductionKernel {
  readonly n: number;
  readonly a: Float64Array;
  readonly v: Float64Array;
  readonly w: Float64Array;
  /** w[0 .. 2m) <- B v[0 .. 2m) (B the trailing block after column k, m = n - k - 1). */
  matvec(k: number, m: number): void;
  /** B <- B - v w^H - w v^H (lower triangle and diagonal). */
  update(k: number, m: number): void;
  /** Reflector k's vector (its first n - k - 1 complex entries are used) and the taus, kept for `reflect`. */
  reflector(k: number): Float64Array;
  readonly taus: Float64Array;
  /** x (2n) <- H_0 ... H_{n-3} x with the reflectors and taus stored (taus 0 skipped). */
  reflect(x: Float64Array): void;
}

let mod: WebAssembly.Module | null | undefined;
let current: ReductionKernel | null = null;
/** Largest instance kept between calls (64 MiB: n up to ~1400); larger ones are made per call. */
const KEEP_BYTES = 2 ** 26;
let enabled = true;

/** This thread's kernel for n (a new instance when n changes or it is large), or null without WebAssembly SIMD, when disabled or past 1 GiB. */
export function reductionKernel(n: number): ReductionKernel | null {
  if (!enabled) return null;
  if (current !== null && current.n === n) return current;
  const bytesA = 16 * n * n;
  const bytesV = 16 * n;
  // a, v, w, vs, the reflectors (n rows of n complex), the taus, a vector to reflect
  const total = 2 * bytesA + 5 * bytesV;
  if (total > 2 ** 30) return null;
  if (mod === undefined) mod = compileWasm(reductionModuleBytes);
  if (mod === null) return null;
  type Exports = {
    tmatvec: (a: number, v: number, vs: number, w: number, n: number, k: number, m: number) => void;
    tupdate: (a: number, v: number, w: number, n: number, k: number, m: number) => void;
    reflect: (vec: number, refl: number, taus: number, n: number) => void;
  };
  const ex = instantiateWithMemory<Exports>(mod, total);
  if (ex === null) return null;
  const buf = ex.mem.buffer;
  const [oV, oW, oS] = [bytesA, bytesA + bytesV, bytesA + 2 * bytesV];
  const oR = bytesA + 3 * bytesV;
  const oT = oR + bytesA;
  const oX = oT + bytesV;
  const { tmatvec, tupdate, reflect } = ex;
  const refl = new Float64Array(buf, oR, 2 * n * n);
  const x2 = new Float64Array(buf, oX, 2 * n);
  const kernel: ReductionKernel = {
    n,
    a: new Float64Array(buf, 0, 2 * n * n),
    v: new Float64Array(buf, oV, 2 * n),
    w: new Float64Array(buf, oW, 2 * n),
    matvec: (k, m) => tmatvec(0, oV, oS, oW, n, k, m),
    update: (k, m) => tupdate(0, oV, oW, n, k, m),
    reflector: (k) => refl.subarray(2 * n * k, 2 * n * (k + 1)),
    taus: new Float64Array(buf, oT, n),
    reflect(x) {
      x2.set(x);
      reflect(oX, oR, oT, n);
      x.set(x2);
    },
  };
  // kept for the next call of the same n unless large (its memory would stay with this thread)
  current = total <= KEEP_BYTES ? kernel : null;
  return kernel;
}

/** Turns the WebAssembly passes of the reduction on or off (tests: both give identical results). */
export function setReductionWasm(on: boolean): void {
  enabled = on;
  current = null;
}
