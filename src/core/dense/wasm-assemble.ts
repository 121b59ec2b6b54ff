/**
 * The WebAssembly SIMD module of ./wasm-kernels.ts, assembled byte by byte (0.5 KB, no toolchain):
 * `panelDots` and `panelAxpys` (A x and A^T r over a packed copy, PANEL rows interleaved by column
 * pairs) and their four-stream forms `panelDots4` and `panelAxpys4`, `axpys` (A^T r as a blocked axpy over row-major rows, for matrices that grow by rows), and
 * the float32 screening kernels `axpys32` and `sqnorms32` used by OMP.
 *
 * The encoders, opcodes and module layout come from ../wasm/asm.ts (shared with the FFT stages).
 * Reference for the opcodes: the WebAssembly SIMD proposal, BinarySIMD.md
 * (https://github.com/WebAssembly/simd/blob/main/proposals/simd/BinarySIMD.md).
 */

import {
  BLOCK,
  BR,
  BR_IF,
  END,
  emitter,
  F64_ADD,
  F64_LOAD,
  F64_STORE,
  F64X2_ADD,
  F64X2_MUL,
  F64X2_PROMOTE_LOW_F32X4,
  F64X2_SPLAT,
  f64x2Extract,
  funcBody,
  GET,
  I32_ADD,
  I32_EQZ,
  I32_GE_U,
  I32_LT_U,
  I32_MUL,
  I32_SHL,
  I32_SUB,
  i32c,
  load64Zero,
  LOOP,
  SET,
  uleb,
  V128_ZERO,
  VOID,
  v128Load,
  v128Store,
  wasmModule,
} from '../wasm/asm.ts';

/** Rows per kernel block; rows are padded to a multiple of PAD doubles (two f64x2 vectors). */
export const ROWS = 4;
export const PAD = 4;
/**
 * Rows per panel of the packed layout of `panelDots` / `panelAxpys` (a prepared matrix). A panel
 * holds PANEL rows interleaved by column pairs,
 *
 *     [r0 c0 c1 | r1 c0 c1 | r2 c0 c1 | r3 c0 c1 | r0 c2 c3 | r1 c2 c3 | ...],
 *
 * so both products read the matrix as one sequential stream (the hardware prefetcher follows one
 * stream better than PANEL row streams: about 25% faster A x and 10% faster A^T y than row-major
 * on 1024 x 4096, where the matrix just fits the last-level cache).
 */
export const PANEL = 4;

/** v128.load / v128.store with a 16-byte alignment hint (rows are padded to 32 bytes). */
const vload = (off: number) => v128Load(off, 4);
const vstore = (off: number) => v128Store(off, 4);

/**
 * panelDots(a, x, out, rowBytes, panels): for each panel of PANEL rows in the packed layout at
 * byte address a (rowBytes = 8 x padded row length, a multiple of 16), out[c] = sum_j row_c[j] x[j];
 * one f64x2 accumulator per row, one load of x per column pair shared by the PANEL rows.
 */
function panelDotsBody(): number[] {
  // params: a=0 x=1 out=2 rowBytes=3 panels=4; i32 local: j=5; v128: acc 6..6+PANEL-1, xv
  const ACC = 6;
  const XV = ACC + PANEL;
  const c: number[] = [];
  const e = emitter(c);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, 4, I32_EQZ, BR_IF, 1);
  for (let k = 0; k < PANEL; k++) e(V128_ZERO, SET, ACC + k);
  e(i32c(0), SET, 5);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, 5, GET, 3, I32_GE_U, BR_IF, 1);
  e(GET, 1, GET, 5, I32_ADD, vload(0), SET, XV);
  for (let k = 0; k < PANEL; k++)
    e(GET, ACC + k, GET, 0, vload(16 * k), GET, XV, F64X2_MUL, F64X2_ADD, SET, ACC + k);
  e(GET, 0, i32c(16 * PANEL), I32_ADD, SET, 0);
  e(GET, 5, i32c(16), I32_ADD, SET, 5, BR, 0);
  e(END, END);
  for (let k = 0; k < PANEL; k++) {
    const a0 = ACC + k;
    e(GET, 2, GET, a0, f64x2Extract(0), GET, a0, f64x2Extract(1), F64_ADD, F64_STORE, 3, ...uleb(8 * k));
  }
  e(GET, 2, i32c(8 * PANEL), I32_ADD, SET, 2);
  e(GET, 4, i32c(1), I32_SUB, SET, 4);
  e(BR, 0);
  e(END, END, END);
  return funcBody(1, PANEL + 1, c);
}

/** Concurrent streams of panelDots4. */
export const STREAMS = 4;

/**
 * panelDots4(a, x, out, rowBytes, q): panelDots over STREAMS consecutive runs of q panels at
 * once (stream s starts at panel s q and writes out from row s q PANEL), one x load per column
 * pair shared by the STREAMS panels. Each row's sum runs in the order of panelDots (identical
 * results); reading STREAMS distant parts of the matrix at once keeps the hardware prefetchers
 * busy across 4 KB page boundaries, where one stream stalls (measured 0.8-0.9x the time of
 * panelDots on 1024 x 4096).
 */
function panelDotsStreamsBody(): number[] {
  // params: a=0 x=1 out=2 rowBytes=3 q=4; i32: j=5 jEnd=6 p_s=7.. o_s=7+S..; v128: acc (PANEL S), xv
  const S = STREAMS;
  const [J, JEND, P0, O0] = [5, 6, 7, 7 + S];
  const ACC = 7 + 2 * S;
  const XV = ACC + PANEL * S;
  const c: number[] = [];
  const e = emitter(c);
  e(GET, 0, SET, P0);
  for (let t = 1; t < S; t++) e(GET, P0 + t - 1, GET, 4, GET, 3, I32_MUL, i32c(PANEL), I32_MUL, I32_ADD, SET, P0 + t);
  e(GET, 2, SET, O0);
  for (let t = 1; t < S; t++) e(GET, O0 + t - 1, GET, 4, i32c(8 * PANEL), I32_MUL, I32_ADD, SET, O0 + t);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, 4, I32_EQZ, BR_IF, 1);
  for (let k = 0; k < PANEL * S; k++) e(V128_ZERO, SET, ACC + k);
  e(GET, 1, SET, J, GET, 1, GET, 3, I32_ADD, SET, JEND);
  e(LOOP, VOID);
  e(GET, J, vload(0), SET, XV);
  for (let t = 0; t < S; t++)
    for (let k = 0; k < PANEL; k++)
      e(GET, ACC + t * PANEL + k, GET, P0 + t, vload(16 * k), GET, XV, F64X2_MUL, F64X2_ADD, SET, ACC + t * PANEL + k);
  for (let t = 0; t < S; t++) e(GET, P0 + t, i32c(16 * PANEL), I32_ADD, SET, P0 + t);
  e(GET, J, i32c(16), I32_ADD, SET, J, GET, J, GET, JEND, I32_LT_U, BR_IF, 0);
  e(END);
  for (let t = 0; t < S; t++) {
    for (let k = 0; k < PANEL; k++) {
      const a0 = ACC + t * PANEL + k;
      e(GET, O0 + t, GET, a0, f64x2Extract(0), GET, a0, f64x2Extract(1), F64_ADD, F64_STORE, 3, ...uleb(8 * k));
    }
    e(GET, O0 + t, i32c(8 * PANEL), I32_ADD, SET, O0 + t);
  }
  e(GET, 4, i32c(1), I32_SUB, SET, 4, BR, 0);
  e(END, END, END);
  return funcBody(2 + 2 * S, PANEL * S + 1, c);
}

/**
 * panelAxpys4(a, r, out, rowBytes, q): panelAxpys over STREAMS runs of q panels at once (stream s
 * from panel s q, with r from entry s q PANEL): out += the STREAMS PANEL rows' terms per column
 * pair, reading and writing out once per step of the STREAMS panels (out must be zeroed first).
 */
function panelAxpysStreamsBody(): number[] {
  // params: a=0 r=1 out=2 rowBytes=3 q=4; i32: j=5 p_s=6.. r_s=6+S..; v128: rs (PANEL S)
  const S = STREAMS;
  const [J, P0, R0] = [5, 6, 6 + S];
  const RS = 6 + 2 * S;
  const c: number[] = [];
  const e = emitter(c);
  e(GET, 0, SET, P0, GET, 1, SET, R0);
  for (let t = 1; t < S; t++) {
    e(GET, P0 + t - 1, GET, 4, GET, 3, I32_MUL, i32c(PANEL), I32_MUL, I32_ADD, SET, P0 + t);
    e(GET, R0 + t - 1, GET, 4, i32c(8 * PANEL), I32_MUL, I32_ADD, SET, R0 + t);
  }
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, 4, I32_EQZ, BR_IF, 1);
  for (let t = 0; t < S; t++)
    for (let k = 0; k < PANEL; k++) e(GET, R0 + t, F64_LOAD, 3, ...uleb(8 * k), F64X2_SPLAT, SET, RS + t * PANEL + k);
  e(i32c(0), SET, J);
  e(LOOP, VOID);
  e(GET, 2, GET, J, I32_ADD); // store address
  e(GET, 2, GET, J, I32_ADD, vload(0));
  for (let t = 0; t < S; t++)
    for (let k = 0; k < PANEL; k++) e(GET, P0 + t, vload(16 * k), GET, RS + t * PANEL + k, F64X2_MUL, F64X2_ADD);
  e(vstore(0));
  for (let t = 0; t < S; t++) e(GET, P0 + t, i32c(16 * PANEL), I32_ADD, SET, P0 + t);
  e(GET, J, i32c(16), I32_ADD, SET, J, GET, J, GET, 3, I32_LT_U, BR_IF, 0);
  e(END);
  for (let t = 0; t < S; t++) e(GET, R0 + t, i32c(8 * PANEL), I32_ADD, SET, R0 + t);
  e(GET, 4, i32c(1), I32_SUB, SET, 4, BR, 0);
  e(END, END, END);
  return funcBody(1 + 2 * S, PANEL * S, c);
}

/**
 * panelAxpys(a, r, out, rowBytes, panels): out += sum_c r[c] row_c over the panels of the packed
 * layout (out must be zeroed first), reading and writing each pair of out once per panel.
 */
function panelAxpysBody(): number[] {
  // params: a=0 r=1 out=2 rowBytes=3 panels=4; i32 local: j=5; v128: rs 6..6+PANEL-1
  const RS = 6;
  const c: number[] = [];
  const e = emitter(c);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, 4, I32_EQZ, BR_IF, 1);
  for (let k = 0; k < PANEL; k++) e(GET, 1, F64_LOAD, 3, ...uleb(8 * k), F64X2_SPLAT, SET, RS + k);
  e(i32c(0), SET, 5);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, 5, GET, 3, I32_GE_U, BR_IF, 1);
  e(GET, 2, GET, 5, I32_ADD); // store address
  e(GET, 2, GET, 5, I32_ADD, vload(0));
  for (let k = 0; k < PANEL; k++) e(GET, 0, vload(16 * k), GET, RS + k, F64X2_MUL, F64X2_ADD);
  e(vstore(0));
  e(GET, 0, i32c(16 * PANEL), I32_ADD, SET, 0);
  e(GET, 5, i32c(16), I32_ADD, SET, 5, BR, 0);
  e(END, END);
  e(GET, 1, i32c(8 * PANEL), I32_ADD, SET, 1);
  e(GET, 4, i32c(1), I32_SUB, SET, 4);
  e(BR, 0);
  e(END, END, END);
  return funcBody(1, PANEL, c);
}

/**
 * The loop over blocks of ROWS rows shared by `axpys` and `axpys32` (params a=0 r=1 out=2
 * rowBytes=3 blocks=4, column counter j=5): row pointers p_k = a + k rowBytes in locals P..,
 * r's block splatted into RS.., j = 0, then `columns` (the loop over the columns), then a and r
 * advance by one block; the function's final `end` is included.
 */
function rowBlocks(e: ReturnType<typeof emitter>, P: number, RS: number, columns: () => void): void {
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, 4, I32_EQZ, BR_IF, 1);
  e(GET, 0, SET, P);
  for (let k = 1; k < ROWS; k++) e(GET, P + k - 1, GET, 3, I32_ADD, SET, P + k);
  for (let k = 0; k < ROWS; k++) e(GET, 1, F64_LOAD, 3, ...uleb(8 * k), F64X2_SPLAT, SET, RS + k);
  e(i32c(0), SET, 5);
  columns();
  e(GET, P + ROWS - 1, GET, 3, I32_ADD, SET, 0);
  e(GET, 1, i32c(8 * ROWS), I32_ADD, SET, 1);
  e(GET, 4, i32c(1), I32_SUB, SET, 4);
  e(BR, 0);
  e(END, END, END);
}

/**
 * axpys(a, r, out, rowBytes, blocks): out += sum_c r[c] row_c over blocks of 4 rows (out must be
 * zeroed first), reading and writing out once per block; r and a advance by one block.
 */
function axpysBody(): number[] {
  // params: a=0 r=1 out=2 rowBytes=3 blocks=4; i32 locals: j=5 p0..p3=6..9; v128: rs 10..13, o 14..15
  const P = 6;
  const RS = P + ROWS;
  const O = RS + ROWS;
  const c: number[] = [];
  const e = emitter(c);
  rowBlocks(e, P, RS, () => {
    e(BLOCK, VOID, LOOP, VOID);
    e(GET, 5, GET, 3, I32_GE_U, BR_IF, 1);
    for (let u = 0; u < 2; u++) {
      e(GET, 2, GET, 5, I32_ADD, vload(16 * u));
      for (let k = 0; k < ROWS; k++)
        e(GET, P + k, GET, 5, I32_ADD, vload(16 * u), GET, RS + k, F64X2_MUL, F64X2_ADD);
      e(SET, O + u);
    }
    for (let u = 0; u < 2; u++) e(GET, 2, GET, 5, I32_ADD, GET, O + u, vstore(16 * u));
    e(GET, 5, i32c(32), I32_ADD, SET, 5, BR, 0);
    e(END, END);
  });
  return funcBody(1 + ROWS, ROWS + 2, c);
}

/**
 * axpys32(a, r, out, rowBytes, blocks): as axpys for a float32 matrix (rowBytes = 4 x padded row
 * length, a multiple of 16): each pair of float32 entries is widened to f64x2
 * (v128.load64_zero + f64x2.promote_low_f32x4) and accumulated in double precision. Half the
 * memory traffic of axpys, for screening (./greedy-screen.ts).
 */
function axpys32Body(): number[] {
  // params: a=0 r=1 out=2 rowBytes=3 blocks=4; i32: j=5 p0..p3=6..9 jd=10; v128: rs 11..14, o 15..16
  const P = 6;
  const JD = P + ROWS;
  const RS = JD + 1;
  const O = RS + ROWS;
  const c: number[] = [];
  const e = emitter(c);
  rowBlocks(e, P, RS, () => {
    e(BLOCK, VOID, LOOP, VOID);
    e(GET, 5, GET, 3, I32_GE_U, BR_IF, 1);
    e(GET, 5, i32c(1), I32_SHL, GET, 2, I32_ADD, SET, JD); // out address: 8 bytes per 4-byte entry
    for (let u = 0; u < 2; u++) {
      e(GET, JD, vload(16 * u));
      for (let k = 0; k < ROWS; k++) {
        e(
          GET,
          P + k,
          GET,
          5,
          I32_ADD,
          load64Zero(8 * u),
          F64X2_PROMOTE_LOW_F32X4,
          GET,
          RS + k,
          F64X2_MUL,
          F64X2_ADD,
        );
      }
      e(SET, O + u);
    }
    for (let u = 0; u < 2; u++) e(GET, JD, GET, O + u, vstore(16 * u));
    e(GET, 5, i32c(16), I32_ADD, SET, 5, BR, 0);
    e(END, END);
  });
  return funcBody(2 + ROWS, ROWS + 2, c);
}

/**
 * sqnorms32(a, unused, out, rowBytes, rows): out += row_i * row_i (entrywise, widened to double)
 * for each of `rows` float32 rows: the squared column norms.
 */
function sqnorms32Body(): number[] {
  // params: a=0 unused=1 out=2 rowBytes=3 rows=4; i32: j=5 jd=6; v128: v=7
  const c: number[] = [];
  const e = emitter(c);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, 4, I32_EQZ, BR_IF, 1);
  e(i32c(0), SET, 5);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, 5, GET, 3, I32_GE_U, BR_IF, 1);
  e(GET, 5, i32c(1), I32_SHL, GET, 2, I32_ADD, SET, 6);
  e(GET, 0, GET, 5, I32_ADD, load64Zero(0), F64X2_PROMOTE_LOW_F32X4, SET, 7);
  e(GET, 6, GET, 6, vload(0), GET, 7, GET, 7, F64X2_MUL, F64X2_ADD, vstore(0));
  e(GET, 5, i32c(8), I32_ADD, SET, 5, BR, 0);
  e(END, END);
  e(GET, 0, GET, 3, I32_ADD, SET, 0);
  e(GET, 4, i32c(1), I32_SUB, SET, 4);
  e(BR, 0);
  e(END, END, END);
  return funcBody(2, 1, c);
}

/** The module: seven functions of type (i32 x 5) -> (), one memory, all exported. */
export function assemble(): Uint8Array<ArrayBuffer> {
  return wasmModule(5, [
    { name: 'panelDots', body: panelDotsBody() },
    { name: 'panelDots4', body: panelDotsStreamsBody() },
    { name: 'panelAxpys', body: panelAxpysBody() },
    { name: 'panelAxpys4', body: panelAxpysStreamsBody() },
    { name: 'axpys', body: axpysBody() },
    { name: 'axpys32', body: axpys32Body() },
    { name: 'sqnorms32', body: sqnorms32Body() },
  ]);
}
