/**
 * The 2-D gridding kernels of the non-uniform FFT (./nufft-grid.ts `interp2` and `spread2`) in
 * WebAssembly SIMD: one complex value (re, im) per f64x2 lane pair, so each kernel tap is one
 * vector load, one multiply and one add where the JavaScript loop does two of each. For sample p
 * with window starts (y0, x0) and kernel values v_a (axis 0) and w_b (axis 1),
 *
 *     interpolate:  y_p = sum_a v_a (sum_b w_b G[y0 + a, x0 + b])      (indices modulo the grid)
 *     spread:       G[y0 + a, x0 + b] += w_b (v_a y_p)
 *
 * Every sum and every update runs in the order of the JavaScript loops (WebAssembly has no fused
 * multiply-add, and the lanes only carry the real and imaginary parts side by side), so both
 * paths give the same numbers to the last bit (tested); the window width W is a constant of the
 * assembled module (one module per width, its tap loops unrolled, the W weights of axis 1 held in
 * registers for the whole window).
 *
 * Each plan owns one instance whose memory holds its grid, its samples, its kernel values and
 * window starts, and two offset tables (row y -> byte offset of row y mod m_0, column x -> byte
 * offset of column x mod m_1, for x up to m + W), laid out once and never grown, so the plan's
 * Float64Array views stay valid. Where WebAssembly SIMD is missing, the memory would exceed
 * 2 GiB, or `setNufftGridWasm(false)` was called before the plan was made, plans keep the
 * JavaScript kernels.
 *
 * Reference for the opcodes: WebAssembly SIMD proposal, BinarySIMD.md.
 *
 * @example
 * import { nufftGridWasm2 } from './nufft-grid-wasm.ts';
 * const k = nufftGridWasm2([16, 16], 1, 7);   // one sample, width 7 (null without SIMD)
 * // fill k.start, k.weights, k.grid (and k.setTables(wrap)), then k.interpolate(): k.ys[0..1]
 */
import {
  BLOCK,
  BR_IF,
  ELSE,
  END,
  emitter,
  F64_LOAD,
  F64X2_ADD as ADD,
  F64X2_MUL as MUL,
  F64X2_SPLAT as SPLAT,
  funcBody,
  GET,
  I32_ADD,
  I32_EQZ,
  I32_LE_U,
  I32_LOAD,
  I32_LT_U,
  I32_SHL,
  IF,
  i32c,
  LOOP,
  SET,
  uleb,
  V128_ZERO,
  VOID,
  wasmModule,
} from '../core/wasm/asm.ts';
import { vload, vstore } from '../core/fft/wasm-common.ts';
import { compileWasm, instantiateWithMemory } from '../core/wasm/instance.ts';

/** Parameters of both functions: grid, ys, weights, start, rowTab, colTab, samples, mx. */
const PARAMS = 8;
const [GRID, YS, WTS, START, ROWTAB, COLTAB, SAMPLES, MX] = [0, 1, 2, 3, 4, 5, 6, 7];
/** i32 locals. */
const [END_, SP, WP, YP, BASE, TY, TX, X0] = [8, 9, 10, 11, 12, 13, 14, 15];
const I32_LOCALS = 8;
/** v128 locals: the W weights of axis 1, then ACC / AV and VEC. */
const WX = PARAMS + I32_LOCALS;

const iload = (off: number) => [I32_LOAD, 2, ...uleb(off)];
const fload = (off: number) => [F64_LOAD, 3, ...uleb(off)];

type E = ReturnType<typeof emitter>;

/** The per-sample loop around `body` (sp, wp, yp advance by one sample; nothing for 0 samples). */
function sampleLoop(e: E, W: number, body: () => void): void {
  e(GET, START, SET, SP, GET, START, GET, SAMPLES, i32c(3), I32_SHL, I32_ADD, SET, END_);
  e(GET, WTS, SET, WP, GET, YS, SET, YP);
  e(BLOCK, VOID, GET, SAMPLES, I32_EQZ, BR_IF, 0, LOOP, VOID);
  // ty = rowTab + 4 y0; x0; the W weights of axis 1, splatted
  e(GET, ROWTAB, GET, SP, iload(0), i32c(2), I32_SHL, I32_ADD, SET, TY);
  e(GET, SP, iload(4), SET, X0);
  for (let b = 0; b < W; b++) e(GET, WP, fload(8 * (W + b)), SPLAT, SET, WX + b);
  body();
  e(GET, SP, i32c(8), I32_ADD, SET, SP);
  e(GET, WP, i32c(16 * W), I32_ADD, SET, WP);
  e(GET, YP, i32c(16), I32_ADD, SET, YP);
  e(GET, SP, GET, END_, I32_LT_U, BR_IF, 0, END, END);
}

/** Pushes the address of tap b of the row whose base is in BASE (contiguous: an offset; wrapped: the column table). */
function tapAddress(e: E, b: number, wrapped: boolean): number[] {
  if (!wrapped) {
    e(GET, BASE);
    return vload(16 * b);
  }
  e(GET, BASE, GET, TX, iload(4 * b), I32_ADD);
  return vload(0);
}

/** interp(grid, ys, weights, start, rowTab, colTab, samples, mx) for width W. */
function interpBody(W: number): number[] {
  const ACC = WX + W;
  const c: number[] = [];
  const e = emitter(c);
  const rows = (wrapped: boolean) => {
    for (let a = 0; a < W; a++) {
      // BASE = grid + row offset (+ 16 x0 when contiguous)
      e(GET, wrapped ? GRID : TX, GET, TY, iload(4 * a), I32_ADD, SET, BASE);
      e(GET, ACC, V128_ZERO);
      for (let b = 0; b < W; b++) {
        const ld = tapAddress(e, b, wrapped);
        e(ld, GET, WX + b, MUL, ADD); // rr += w_b g  (the weight times the value, as in JS)
      }
      e(GET, WP, fload(8 * a), SPLAT, MUL, ADD, SET, ACC); // acc += v_a rr
    }
  };
  sampleLoop(e, W, () => {
    e(V128_ZERO, SET, ACC);
    e(GET, X0, i32c(W), I32_ADD, GET, MX, I32_LE_U, IF, VOID);
    e(GET, GRID, GET, X0, i32c(4), I32_SHL, I32_ADD, SET, TX); // TX = grid + 16 x0 in this branch
    rows(false);
    e(ELSE);
    e(GET, COLTAB, GET, X0, i32c(2), I32_SHL, I32_ADD, SET, TX); // TX = colTab + 4 x0
    rows(true);
    e(END);
    e(GET, YP, GET, ACC, vstore(0));
  });
  e(END);
  return funcBody(I32_LOCALS, W + 2, c);
}

/** spread(grid, ys, weights, start, rowTab, colTab, samples, mx) for width W. */
function spreadBody(W: number): number[] {
  const AV = WX + W;
  const VEC = AV + 1;
  const c: number[] = [];
  const e = emitter(c);
  const rows = (wrapped: boolean) => {
    for (let a = 0; a < W; a++) {
      e(GET, WP, fload(8 * a), SPLAT, GET, VEC, MUL, SET, AV); // (v_a vr, v_a vi)
      e(GET, wrapped ? GRID : TX, GET, TY, iload(4 * a), I32_ADD, SET, BASE);
      for (let b = 0; b < W; b++) {
        if (wrapped) {
          // address twice: once for the store, once for the load
          e(GET, BASE, GET, TX, iload(4 * b), I32_ADD);
          e(GET, BASE, GET, TX, iload(4 * b), I32_ADD, vload(0));
          e(GET, WX + b, GET, AV, MUL, ADD, vstore(0));
        } else {
          e(GET, BASE, GET, BASE, vload(16 * b), GET, WX + b, GET, AV, MUL, ADD, vstore(16 * b));
        }
      }
    }
  };
  sampleLoop(e, W, () => {
    e(GET, YP, vload(0), SET, VEC);
    e(GET, X0, i32c(W), I32_ADD, GET, MX, I32_LE_U, IF, VOID);
    e(GET, GRID, GET, X0, i32c(4), I32_SHL, I32_ADD, SET, TX);
    rows(false);
    e(ELSE);
    e(GET, COLTAB, GET, X0, i32c(2), I32_SHL, I32_ADD, SET, TX);
    rows(true);
    e(END);
  });
  e(END);
  return funcBody(I32_LOCALS, W + 2, c);
}

/** The module of width W: `interp` and `spread`, one memory. */
export function assembleGrid2(W: number): Uint8Array<ArrayBuffer> {
  return wasmModule(PARAMS, [
    { name: 'interp', body: interpBody(W) },
    { name: 'spread', body: spreadBody(W) },
  ]);
}

const modules = new Map<number, WebAssembly.Module | null>();
let enabled = true;

function moduleFor(W: number): WebAssembly.Module | null {
  let m = modules.get(W);
  if (m === undefined) {
    m = compileWasm(() => assembleGrid2(W), `nufft-grid2-w${W}`);
    modules.set(W, m);
  }
  return m;
}

/** Enables (default) or disables the SIMD gridding kernels for plans made afterwards (tests, benchmarks). */
export function setNufftGridWasm(on: boolean): void {
  enabled = on;
}

/** Whether plans made now get the SIMD gridding kernels (WebAssembly SIMD available and not disabled). */
export function nufftGridSimd(width = 7): boolean {
  return enabled && moduleFor(width) !== null;
}

/** Largest instance memory (bytes) a plan may take; larger plans keep the JavaScript kernels. */
const MAX_BYTES = 2 ** 31;

/** The SIMD gridding kernels of one 2-D plan and the views of their memory. */
export interface GridWasm2 {
  /** The oversampled grid (2 m_0 m_1 doubles), the sorted samples (2 M), kernel values (2 W M), window starts (2 M). */
  readonly grid: Float64Array;
  readonly ys: Float64Array;
  readonly weights: Float64Array;
  readonly start: Int32Array;
  /** Writes the row and column offset tables from the plan's wrap tables (k -> k mod m). */
  setTables(wrap: readonly Int32Array[]): void;
  /** ys <- interpolation of the grid (as ./nufft-grid.ts `interpolate`). */
  interpolate(): void;
  /** grid += spread of ys (as ./nufft-grid.ts `spread`; the grid is not cleared). */
  spread(): void;
}

/**
 * The kernels and memory of a 2-D plan with grid [m0, m1], M samples and width W, or null (no
 * WebAssembly SIMD, disabled, or more than 2 GiB).
 */
export function nufftGridWasm2(grid: readonly number[], M: number, W: number): GridWasm2 | null {
  if (!enabled || grid.length !== 2) return null;
  const [m0, m1] = grid;
  const al = (b: number) => 16 * Math.ceil(b / 16);
  const oGrid = 0;
  const oYs = al(oGrid + 16 * m0 * m1);
  const oW = al(oYs + 16 * M);
  const oStart = al(oW + 16 * W * M);
  const oRow = al(oStart + 8 * M);
  const oCol = al(oRow + 4 * (m0 + W));
  const bytes = al(oCol + 4 * (m1 + W));
  if (bytes > MAX_BYTES) return null;
  const mod = moduleFor(W);
  if (mod === null) return null;
  type F8 = (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number) => void;
  const ex = instantiateWithMemory<{ interp: F8; spread: F8 }>(mod, bytes);
  if (ex === null) return null;
  const buf = ex.mem.buffer;
  const rowTab = new Int32Array(buf, oRow, m0 + W);
  const colTab = new Int32Array(buf, oCol, m1 + W);
  const { interp, spread } = ex;
  return {
    grid: new Float64Array(buf, oGrid, 2 * m0 * m1),
    ys: new Float64Array(buf, oYs, 2 * M),
    weights: new Float64Array(buf, oW, 2 * W * M),
    start: new Int32Array(buf, oStart, 2 * M),
    setTables(wrap) {
      for (let k = 0; k < rowTab.length; k++) rowTab[k] = 16 * m1 * wrap[0][k];
      for (let k = 0; k < colTab.length; k++) colTab[k] = 16 * wrap[1][k];
    },
    // explicit arguments: a spread call would go through V8's generic JS-to-WebAssembly wrapper
    interpolate: () => interp(oGrid, oYs, oW, oStart, oRow, oCol, M, m1),
    spread: () => spread(oGrid, oYs, oW, oStart, oRow, oCol, M, m1),
  };
}
