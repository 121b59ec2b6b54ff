/**
 * ESPIRiT's per-pixel work (./pixel-eig.ts) in WebAssembly SIMD, one complex entry per f64x2
 * vector, with the same operations in the same order as the JavaScript loops, so both paths give
 * identical results (WebAssembly has no fused multiply-add; a - b is a + (-b), m (-v) is -(m v)
 * and a + b is b + a exactly in IEEE arithmetic):
 *
 * - `power(m, v, w, vs, nc, maxIter) -> f64`, the power iteration of `powerTop`:
 *
 *       w_c = sum_c' M_cc' v_c'   as acc + ((m_r, m_r) (v_r, v_i) + (m_i, m_i) (-v_i, v_r))
 *       lambda = sum_c (v_c,r w_c,r + v_c,i w_c,i),   nn = sum_c (w_c,r^2 + w_c,i^2)
 *       res2 = nn - lambda^2;  v <- w / sqrt(nn);  stop when res2 <= 1e-12 ((1 + lambda)(1 + lambda))
 *
 *   (byte addresses of M (nc x nc row-major, complex interleaved), v (updated in place), w and
 *   vs (scratch)); returns lambda, 0 when G v vanishes (v then unchanged);
 * - `kimg(h, tw, row, row2, npairs, dk, nx)`, the two kernel-image rows of
 *   ./kernel-images.ts `kernelImageRowPair`: per pair and column, (ac, bc) and (as, bs) summed
 *   over the dk spectra rows as acc + (a, b) (c, c) and acc + (a, b) (s, s), with the twiddles
 *   (c, c), (s, s) pre-splatted at tw (32 bytes per row); then row = (ac - bs, as + bc) and
 *   row2 = (ac + bs, bc - as).
 *
 * Measured (Dec 2026, one thread, ESPIRiT of 8 coils at 256 x 256): 245 ms warm in JavaScript,
 * 175 ms with the power iteration here, 142 ms with the kernel-image rows too (a fresh process:
 * 323 -> 249 -> 220 ms).
 *
 * Reference for the opcodes: WebAssembly core specification 2.0 and the SIMD proposal
 * (BinarySIMD.md).
 *
 * @example
 * import { pixelEigKernel } from './pixel-eig-wasm.ts';
 * const k = pixelEigKernel(2, 1, 1); // 2 coils, kernel 1, 1 column (null without WebAssembly SIMD)
 * // k.M.set([2, 0, 0, 1, 0, -1, 2, 0]); k.v.set([1, 0, 0, 0]); k.power(20) -> 3
 */
import {
  BLOCK,
  BR,
  BR_IF,
  bumpLocal,
  countDownEnd,
  END,
  emitter,
  F64_ADD,
  F64_GT,
  F64_LE,
  F64_MUL,
  F64_SQRT,
  F64_SUB,
  F64X2_ADD as ADD,
  F64X2_DIV as DIV,
  F64X2_MUL as MUL,
  F64X2_SPLAT as SPLAT,
  F64X2_SWAP as SWAP,
  f64c,
  f64x2Extract as lane,
  GET,
  I32_ADD,
  I32_EQZ,
  I32_GE_S,
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
  RETURN,
  SET,
  TEE,
  typedModule,
  V128_ZERO as ZERO,
  VOID,
  vload,
  vstore,
} from '../wasm/asm.ts';
import { compileWasm, instantiateWithMemory } from '../wasm/instance.ts';

// parameters (i32): m 0, v 1, w 2, vs 3, nc 4, maxIter 5
const [PM, PV, PW, PVS, NC, MAXIT] = [0, 1, 2, 3, 4, 5];
// locals: i32 it 6, row 7, c 8, k 9, p 10, q 11, r 12; f64 lr 13, nn 14, lambda 15, norm 16; v128 acc 17, t 18
const [IT, ROW, C, K, P, Q, R] = [6, 7, 8, 9, 10, 11, 12];
const [LR, NN, LAMBDA, NORM] = [13, 14, 15, 16];
const [ACC, T] = [17, 18];

function body(): number[] {
  const c: number[] = [];
  const e = emitter(c);
  /** do { body } while (--n) for an i32 local n >= 1 */
  const countDown = (n: number, inner: () => void) => {
    e(LOOP, VOID);
    inner();
    countDownEnd(e, n);
    e(END);
  };
  e(BLOCK, VOID); // $done
  e(LOOP, VOID); // $iter
  e(GET, IT, GET, MAXIT, I32_GE_S, BR_IF, 1);
  // vs_j = (-v_j,i, v_j,r)
  e(GET, PV, SET, P, GET, PVS, SET, Q, GET, NC, SET, K);
  countDown(K, () => {
    e(GET, P, vload(0), SET, T, GET, Q, GET, T, GET, T, SWAP, MINUS_PLUS, MUL, vstore(0));
    e(GET, P, I32C, 16, I32_ADD, SET, P, GET, Q, I32C, 16, I32_ADD, SET, Q);
  });
  e(f64c(0), SET, LR, f64c(0), SET, NN);
  e(GET, PM, SET, ROW, GET, PW, SET, R, GET, PV, SET, C); // C walks v_c (as an address) beside w_c at R
  e(GET, NC, SET, K);
  // rows: K counts them down; the row's columns with a second counter in IT's place is not free, so reuse Q/P walkers
  e(LOOP, VOID); // $rows
  e(ZERO, SET, ACC);
  e(GET, ROW, SET, P); // P walks M's row
  e(GET, PV, SET, Q); // Q walks v; vs is at Q + (vs - v)
  e(GET, NC, I32C, 16, I32_MUL, GET, ROW, I32_ADD, SET, ROW); // next row's address, ROW now the end of this one
  e(LOOP, VOID); // $cols: until P reaches ROW
  e(GET, ACC);
  e(GET, P, splatLoad(0), GET, Q, vload(0), MUL);
  e(GET, P, splatLoad(8), GET, Q, GET, PVS, I32_ADD, GET, PV, I32_SUB, vload(0), MUL, ADD);
  e(ADD, SET, ACC);
  e(GET, P, I32C, 16, I32_ADD, SET, P, GET, Q, I32C, 16, I32_ADD, SET, Q);
  e(GET, P, GET, ROW, I32_LT_U, BR_IF, 0, END);
  e(GET, R, GET, ACC, vstore(0));
  e(GET, C, vload(0), GET, ACC, MUL, TEE, T, lane(0), GET, T, lane(1), F64_ADD, GET, LR, F64_ADD, SET, LR);
  e(GET, ACC, GET, ACC, MUL, TEE, T, lane(0), GET, T, lane(1), F64_ADD, GET, NN, F64_ADD, SET, NN);
  e(GET, R, I32C, 16, I32_ADD, SET, R, GET, C, I32C, 16, I32_ADD, SET, C);
  e(GET, K, I32C, 1, I32_SUB, TEE, K, BR_IF, 0, END); // $rows
  e(GET, LR, SET, LAMBDA);
  e(GET, NN, F64_SQRT, SET, NORM);
  // !(norm > 0): return 0 (v unchanged)
  e(GET, NORM, f64c(0), F64_GT, I32_EQZ, IF, VOID, f64c(0), RETURN, END);
  // v <- w / norm
  e(GET, PV, SET, P, GET, PW, SET, Q, GET, NC, SET, K);
  countDown(K, () => {
    e(GET, P, GET, Q, vload(0), GET, NORM, SPLAT, DIV, vstore(0));
    e(GET, P, I32C, 16, I32_ADD, SET, P, GET, Q, I32C, 16, I32_ADD, SET, Q);
  });
  // res2 <= 1e-12 ((1 + lambda)(1 + lambda)): done
  e(GET, NN, GET, LAMBDA, GET, LAMBDA, F64_MUL, F64_SUB);
  e(f64c(1e-12), f64c(1), GET, LAMBDA, F64_ADD, f64c(1), GET, LAMBDA, F64_ADD, F64_MUL, F64_MUL);
  e(F64_LE, BR_IF, 1);
  e(GET, IT, I32C, 1, I32_ADD, SET, IT, BR, 0, END); // $iter
  e(END); // $done
  e(GET, LAMBDA, END);
  // locals: 7 i32, 4 f64, 2 v128
  return [3, 7, 0x7f, 4, 0x7c, 2, 0x7b, ...c];
}

// kimg parameters (i32): h 0, tw 1, row 2, row2 3, npairs 4, dk 5, nx 6
function kimgBody(): number[] {
  const c: number[] = [];
  const e = emitter(c);
  const [H, TW, ROW1, ROW2, NP, DK, NX] = [0, 1, 2, 3, 4, 5, 6];
  // locals: i32 q 7, x 8, d 9, p 10, t 11, hq 12, stride 13, hx 14; v128 acc1 15, acc2 16, hv 17, s 18
  const [Q, X, D, P, TT, HQ, STRIDE, HX] = [7, 8, 9, 10, 11, 12, 13, 14];
  const [A1, A2, HV, S] = [15, 16, 17, 18];
  const bump = (l: number, by: number) => bumpLocal(e, l, by);
  const down = (l: number) => countDownEnd(e, l);
  e(GET, NX, I32C, 4, I32_SHL, SET, STRIDE); // 16 nx bytes from one spectra row to the next
  e(GET, H, SET, HQ, GET, NP, SET, Q);
  e(LOOP, VOID); // pairs
  e(GET, HQ, SET, HX, GET, NX, SET, X);
  e(LOOP, VOID); // columns
  e(ZERO, SET, A1, ZERO, SET, A2, GET, HX, SET, P, GET, TW, SET, TT, GET, DK, SET, D);
  e(LOOP, VOID); // spectra rows dy
  e(GET, P, vload(0), SET, HV);
  e(GET, A1, GET, HV, GET, TT, vload(0), MUL, ADD, SET, A1);
  e(GET, A2, GET, HV, GET, TT, vload(16), MUL, ADD, SET, A2);
  e(GET, P, GET, STRIDE, I32_ADD, SET, P);
  bump(TT, 32);
  down(D);
  e(END);
  e(GET, A2, GET, A2, SWAP, SET, S); // (bs, as)
  e(GET, ROW1, GET, A1, GET, S, MINUS_PLUS, MUL, ADD, vstore(0)); // (ac - bs, bc + as)
  e(GET, ROW2, GET, A1, GET, S, PLUS_MINUS, MUL, ADD, vstore(0)); // (ac + bs, bc - as)
  bump(ROW1, 16);
  bump(ROW2, 16);
  bump(HX, 16);
  down(X);
  e(END);
  e(GET, HQ, GET, DK, GET, STRIDE, I32_MUL, I32_ADD, SET, HQ);
  down(Q);
  e(END);
  e(END);
  // locals: 8 i32, 4 v128
  return [2, 8, 0x7f, 4, 0x7b, ...c];
}

/** The module's bytes: power (i32 x 6) -> f64, kimg (i32 x 7) -> () and the memory `mem`. */
export function pixelEigModuleBytes(): Uint8Array<ArrayBuffer> {
  return typedModule(
    [
      [6, 0x7c],
      [7, null],
    ],
    [
      { name: 'power', type: 0, body: body() },
      { name: 'kimg', type: 1, body: kimgBody() },
    ],
  );
}

/**
 * An instance for nc coils, kernel size k and nx columns: M, v, w, the spectra H and a slot's two
 * kernel-image rows as views of its memory, `power(maxIter)` -> lambda on M and v, and
 * `rows(ey, y, ny)`: rows y and its mirror of every pair's kernel image from H into row and row2
 * (as kernelImageRowPair(H, ey, npairs, k, ny, nx, y, row, row2)).
 */
export interface PixelEigKernel {
  readonly M: Float64Array;
  readonly v: Float64Array;
  readonly w: Float64Array;
  readonly H: Float64Array;
  readonly row: Float64Array;
  readonly row2: Float64Array;
  power(maxIter: number): number;
  rows(ey: Float64Array, y: number, ny: number): void;
}

let mod: WebAssembly.Module | null | undefined;
let current: { key: string; kernel: PixelEigKernel } | null = null;
/** Largest instance kept between calls (64 MiB; 8 coils, k = 6 at 256 columns take 3.3 MB); larger ones are made per call. */
const KEEP_BYTES = 2 ** 26;
let enabled = true;

/**
 * This thread's kernel for (nc, k, nx) (a new instance when they change or it is large; an
 * earlier instance's views stay valid), or null without WebAssembly SIMD, when disabled ({@link setPixelEigWasm}) or when its
 * memory would pass 1 GiB.
 */
export function pixelEigKernel(nc: number, k: number, nx: number): PixelEigKernel | null {
  if (!enabled || !(nc >= 1 && k >= 1 && nx >= 1)) return null;
  const key = `${nc}:${k}:${nx}`;
  if (current !== null && current.key === key) return current.kernel;
  const npairs = (nc * (nc + 1)) / 2;
  const dk = 2 * k - 1;
  const bytesM = 16 * nc * nc;
  const bytesV = 16 * nc;
  const bytesTw = 32 * dk;
  const bytesRow = 16 * nx * npairs;
  const bytesH = bytesRow * dk;
  const oV = bytesM;
  const oW = oV + bytesV;
  const oS = oW + bytesV;
  const oTw = oS + bytesV;
  const oRow = oTw + bytesTw;
  const oRow2 = oRow + bytesRow;
  const oH = oRow2 + bytesRow;
  const total = oH + bytesH;
  if (total > 2 ** 30) return null;
  if (mod === undefined) mod = compileWasm(pixelEigModuleBytes);
  if (mod === null) return null;
  type Exports = {
    power: (m: number, v: number, w: number, vs: number, nc: number, maxIter: number) => number;
    kimg: (h: number, tw: number, row: number, row2: number, npairs: number, dk: number, nx: number) => void;
  };
  const ex = instantiateWithMemory<Exports>(mod, total);
  if (ex === null) return null;
  const buf = ex.mem.buffer;
  const tw = new Float64Array(buf, oTw, 4 * dk);
  const { power, kimg } = ex;
  const kernel: PixelEigKernel = {
    M: new Float64Array(buf, 0, 2 * nc * nc),
    v: new Float64Array(buf, oV, 2 * nc),
    w: new Float64Array(buf, oW, 2 * nc),
    H: new Float64Array(buf, oH, bytesH / 8),
    row: new Float64Array(buf, oRow, bytesRow / 8),
    row2: new Float64Array(buf, oRow2, bytesRow / 8),
    power: (maxIter) => power(0, oV, oW, oS, nc, maxIter),
    rows(ey, y, ny) {
      for (let dy = 0; dy < dk; dy++) {
        const c = ey[2 * (dy * ny + y)];
        const s = ey[2 * (dy * ny + y) + 1];
        tw[4 * dy] = c;
        tw[4 * dy + 1] = c;
        tw[4 * dy + 2] = s;
        tw[4 * dy + 3] = s;
      }
      kimg(oH, oTw, oRow, oRow2, npairs, dk, nx);
    },
  };
  // kept for the next call of the same sizes unless large (its memory would stay with this thread)
  current = total <= KEEP_BYTES ? { key, kernel } : null;
  return kernel;
}

/** Turns the WebAssembly path of ESPIRiT's per-pixel work on or off (tests: both give identical maps). */
export function setPixelEigWasm(on: boolean): void {
  enabled = on;
  current = null;
}
