/**
 * The a-trous smoothing passes of the starlet (./starlet.ts `smooth`) in WebAssembly SIMD: two
 * neighbouring pixels per f64x2 register, the last one of an odd run in scalar code. The row pass
 * reads the runs of ./starlet.ts `rowRuns` (four straight neighbour streams per run), the column
 * pass the wrapped neighbour rows of `columnTable`, and fuses the operator's post step:
 *
 *     row pass:  t[c] = h0 x[c] + h1 (x[c - s] + x[c + s]) + h2 (x[c - 2s] + x[c + 2s])
 *     column pass (v the same sum down the columns of t):
 *       detail:    out = v, band = x - v          (analysis)
 *       add-diff:  out = (v + ya) - yb            (the adjoint's Horner step)
 *       add:       out = v + ya                   (its last step)
 *
 * Every value is computed by the operations of the JavaScript loops in the same order (no fused
 * multiply-add in WebAssembly), so both paths give the same numbers to the last bit (tested).
 * Each starlet operator owns one instance whose memory holds its two scale buffers, the row-pass
 * scratch, a copy of the bands (so (bands + 3) n doubles, where the JavaScript passes keep 3 n
 * and write the caller's array) and the tables (all addresses in bytes); null where WebAssembly SIMD is
 * missing, the memory would exceed 1 GiB, or `setStarletWasm(false)` was called first.
 *
 * Reference: J.-L. Starck, J. Fadili & F. Murtagh, IEEE TIP 16 (2007) 297 (the algorithm);
 * WebAssembly SIMD proposal, BinarySIMD.md (the opcodes).
 *
 * @example
 * import { starletKernels } from './starlet-wasm.ts';
 * // runs[j], cols[j]: the tables of ./starlet.ts (rowRuns, columnTable) for scales j = 0 .. 3
 * // const k = starletKernels(64, 64, 4, 5, runs, cols);   // null without SIMD
 * // k.c.set(x); k.rowPass(k.cAt, 0); k.colPass('detail', k.c2At, k.cAt, k.bandsAt, 0);
 * // k.bands.subarray(0, 4096): the first detail band, k.c2: the first smoothed image
 */
import {
  BLOCK,
  BR,
  BR_IF,
  END,
  emitter,
  F64_ADD,
  F64_LOAD,
  F64_MUL,
  F64_STORE,
  F64_SUB,
  f64c,
  F64X2_ADD as ADD,
  F64X2_MUL as MUL,
  F64X2_SUB as SUB,
  funcBody,
  GET,
  I32_ADD,
  I32_GE_U,
  I32_GT_U,
  I32_LE_S,
  I32_LOAD,
  I32_LT_U,
  I32_MUL,
  I32_SUB,
  IF,
  i32c,
  LOOP,
  SET,
  uleb,
  VOID,
  wasmModule,
} from '../core/wasm/asm.ts';
import { pair, vload, vstore } from '../core/fft/wasm-common.ts';
import { compileWasm, instantiateWithMemory } from '../core/wasm/instance.ts';

/** The B3 taps h0 (centre), h1, h2 (as in ./starlet.ts). */
const H0 = 6 / 16;
const H1 = 4 / 16;
const H2 = 1 / 16;

const PARAMS = 8;
const fload = (off = 0) => [F64_LOAD, 3, ...uleb(off)];
const fstore = (off = 0) => [F64_STORE, 3, ...uleb(off)];
const iload = (off: number) => [I32_LOAD, 2, ...uleb(off)];

type E = ReturnType<typeof emitter>;
type Ops = { add: number | number[]; sub: number | number[]; mul: number | number[]; load: number[]; store: number[]; h: (v: number) => number[] };
const VEC: Ops = { add: ADD, sub: SUB, mul: MUL, load: vload(0), store: vstore(0), h: (v) => pair(v, v) };
const SCALAR: Ops = { add: F64_ADD, sub: F64_SUB, mul: F64_MUL, load: fload(), store: fstore(), h: f64c };

/**
 * Pushes h0 x[p] + h1 (x[p + d1] + x[p + d3]) + h2 (x[p + d0] + x[p + d4]) for pointer local P
 * and offset locals D = [d0 (-2s), d1 (-s), d3 (+s), d4 (+2s)], in the JavaScript order:
 * ((h0 x) + h1 (m1 + p1)) + h2 (m2 + p2).
 */
function sum5(e: E, o: Ops, P: number, D: readonly number[]): void {
  const at = (d: number) => e(GET, P, GET, d, I32_ADD, o.load);
  e(o.h(H0), GET, P, o.load, o.mul);
  e(o.h(H1));
  at(D[1]);
  at(D[2]);
  e(o.add, o.mul, o.add);
  e(o.h(H2));
  at(D[0]);
  at(D[3]);
  e(o.add, o.mul, o.add);
}

/**
 * rowPass(src, dst, rows, rowBytes, runs, nRuns): per row and per run [start, end, d(-2s),
 * d(-s), d(+s), d(+2s)] (bytes, six i32 per run), dst = the row sum of src.
 */
function rowPassBody(): number[] {
  const [SRC, DST, ROWS, RB, RUNS, NR] = [0, 1, 2, 3, 4, 5];
  // locals: row base, run pointer, run end, p, end, delta dst-src, d0..d3
  const [BASE, RP, REND, P, PE, DELTA, D0] = [8, 9, 10, 11, 12, 13, 14];
  const D = [D0, D0 + 1, D0 + 2, D0 + 3];
  const c: number[] = [];
  const e = emitter(c);
  e(GET, DST, GET, SRC, I32_SUB, SET, DELTA);
  e(GET, SRC, SET, BASE);
  e(GET, RUNS, GET, NR, i32c(24), I32_MUL, I32_ADD, SET, REND);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, ROWS, i32c(0), I32_LE_S, BR_IF, 1);
  e(GET, RUNS, SET, RP);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, RP, GET, REND, I32_GE_U, BR_IF, 1);
  e(GET, BASE, GET, RP, iload(0), I32_ADD, SET, P);
  e(GET, BASE, GET, RP, iload(4), I32_ADD, SET, PE);
  for (let k = 0; k < 4; k++) e(GET, RP, iload(8 + 4 * k), SET, D[k]);
  // pairs
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, P, i32c(16), I32_ADD, GET, PE, I32_GT_U, BR_IF, 1);
  e(GET, P, GET, DELTA, I32_ADD);
  sum5(e, VEC, P, D);
  e(vstore(0));
  e(GET, P, i32c(16), I32_ADD, SET, P, BR, 0);
  e(END, END);
  // an odd last pixel
  e(GET, P, GET, PE, I32_LT_U, IF, VOID);
  e(GET, P, GET, DELTA, I32_ADD);
  sum5(e, SCALAR, P, D);
  e(fstore(), END);
  e(GET, RP, i32c(24), I32_ADD, SET, RP, BR, 0);
  e(END, END);
  e(GET, BASE, GET, RB, I32_ADD, SET, BASE);
  e(GET, ROWS, i32c(1), I32_SUB, SET, ROWS, BR, 0);
  e(END, END, END);
  return funcBody(10, 0, c);
}

type Post = 'detail' | 'addDiff' | 'add';

/**
 * colPass(tmp, out, a, b, rows, rowBytes, cols): v = the column sum of tmp (neighbour rows from
 * `cols`: four byte offsets per row), then per `post`: detail out = v, b = a - v (a = x, b = the
 * band); addDiff out = (v + a) - b; add out = v + a. a and b are addresses aligned with tmp's rows.
 */
function colPassBody(post: Post): number[] {
  const [TMP, OUT, A, B, ROWS, RB, COLS] = [0, 1, 2, 3, 4, 5, 6];
  // locals: row offset o, row end, p (pointer into tmp), dOut, dA, dB, d0..d3, table pointer
  const [O, PE, P, DOUT, DA, DB, D0, TP] = [8, 9, 10, 11, 12, 13, 14, 18];
  const D = [D0, D0 + 1, D0 + 2, D0 + 3];
  const c: number[] = [];
  const e = emitter(c);
  e(GET, OUT, GET, TMP, I32_SUB, SET, DOUT);
  e(GET, A, GET, TMP, I32_SUB, SET, DA);
  e(GET, B, GET, TMP, I32_SUB, SET, DB);
  e(i32c(0), SET, O, GET, COLS, SET, TP);
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, ROWS, i32c(0), I32_LE_S, BR_IF, 1);
  e(GET, TMP, GET, O, I32_ADD, SET, P);
  e(GET, P, GET, RB, I32_ADD, SET, PE);
  // neighbour rows as offsets from this row
  for (let k = 0; k < 4; k++) e(GET, TP, iload(4 * k), GET, O, I32_SUB, SET, D[k]);
  const body = (o: Ops) => {
    if (post === 'detail') {
      // out = v; b = a - v (v kept on the stack via a local-free recomputation is avoided: store out, reload)
      e(GET, P, GET, DOUT, I32_ADD);
      sum5(e, o, P, D);
      e(o.store);
      e(GET, P, GET, DB, I32_ADD);
      e(GET, P, GET, DA, I32_ADD, o.load);
      e(GET, P, GET, DOUT, I32_ADD, o.load);
      e(o.sub, o.store);
    } else {
      e(GET, P, GET, DOUT, I32_ADD);
      sum5(e, o, P, D);
      e(GET, P, GET, DA, I32_ADD, o.load, o.add);
      if (post === 'addDiff') e(GET, P, GET, DB, I32_ADD, o.load, o.sub);
      e(o.store);
    }
  };
  e(BLOCK, VOID, LOOP, VOID);
  e(GET, P, i32c(16), I32_ADD, GET, PE, I32_GT_U, BR_IF, 1);
  body(VEC);
  e(GET, P, i32c(16), I32_ADD, SET, P, BR, 0);
  e(END, END);
  e(GET, P, GET, PE, I32_LT_U, IF, VOID);
  body(SCALAR);
  e(END);
  e(GET, O, GET, RB, I32_ADD, SET, O);
  e(GET, TP, i32c(16), I32_ADD, SET, TP);
  e(GET, ROWS, i32c(1), I32_SUB, SET, ROWS, BR, 0);
  e(END, END, END);
  return funcBody(11, 0, c);
}

/** The module: rowPass, colDetail, colAddDiff, colAdd (one function type of PARAMS i32), one memory. */
export function assembleStarlet(): Uint8Array<ArrayBuffer> {
  return wasmModule(PARAMS, [
    { name: 'rowPass', body: rowPassBody() },
    { name: 'colDetail', body: colPassBody('detail') },
    { name: 'colAddDiff', body: colPassBody('addDiff') },
    { name: 'colAdd', body: colPassBody('add') },
  ]);
}

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;

function starletModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileWasm(assembleStarlet, 'starlet');
  return compiled;
}

/** Enables (default) or disables the SIMD starlet passes for operators made afterwards (tests, benchmarks). */
export function setStarletWasm(on: boolean): void {
  enabled = on;
}

const MAX_BYTES = 2 ** 30;
/** An exported function (its i32 arguments padded to PARAMS). */
type Fn = (...a: number[]) => void;

/** One starlet operator's SIMD passes and memory (addresses in bytes, views as doubles). */
export interface StarletKernels {
  /** The two scale buffers and the bands (bands x n doubles), as views of the instance memory. */
  readonly c: Float64Array;
  readonly c2: Float64Array;
  readonly bands: Float64Array;
  /** Byte addresses of c, c2 and the bands. */
  readonly cAt: number;
  readonly c2At: number;
  readonly bandsAt: number;
  /** tmp <- row pass of src (byte address) at scale j. */
  rowPass(src: number, j: number): void;
  /** Column pass of tmp at scale j into out with the post step and its two arrays a, b (byte addresses). */
  colPass(post: Post, out: number, a: number, b: number, j: number): void;
}

/**
 * The SIMD passes of a ny x nx starlet with J scales and `bands` output bands, or null (no
 * WebAssembly SIMD, disabled, or over 1 GiB). `runs[j]` and `cols[j]` are ./starlet.ts's tables
 * (element units), copied in as byte offsets.
 */
export function starletKernels(ny: number, nx: number, J: number, bands: number, runs: readonly Int32Array[], cols: readonly Int32Array[]): StarletKernels | null {
  if (!enabled) return null;
  const n = ny * nx;
  const al = (b: number) => 16 * Math.ceil(b / 16);
  const cAt = 0;
  const c2At = al(8 * n);
  const tmpAt = al(c2At + 8 * n);
  const bandsAt = al(tmpAt + 8 * n);
  const runsAt = al(bandsAt + 8 * bands * n);
  const runAt: number[] = [];
  let top = runsAt;
  for (const r of runs) {
    runAt.push(top);
    top = al(top + 4 * r.length);
  }
  const colAt: number[] = [];
  for (const t of cols) {
    colAt.push(top);
    top = al(top + 4 * t.length);
  }
  if (top > MAX_BYTES) return null;
  const mod = starletModule();
  if (mod === null) return null;
  const ex = instantiateWithMemory<{ rowPass: Fn; colDetail: Fn; colAddDiff: Fn; colAdd: Fn }>(mod, top);
  if (ex === null) return null;
  const buf = ex.mem.buffer;
  for (let j = 0; j < J; j++) {
    const r = new Int32Array(buf, runAt[j], runs[j].length);
    // [start, end] in bytes from the row start; the four neighbour shifts in bytes
    for (let k = 0; k < runs[j].length; k++) r[k] = 8 * runs[j][k];
    const t = new Int32Array(buf, colAt[j], cols[j].length);
    for (let k = 0; k < cols[j].length; k++) t[k] = 8 * cols[j][k];
  }
  const nRuns = runs.map((r) => r.length / 6);
  const rb = 8 * nx;
  const col = { detail: ex.colDetail, addDiff: ex.colAddDiff, add: ex.colAdd };
  return {
    c: new Float64Array(buf, cAt, n),
    c2: new Float64Array(buf, c2At, n),
    bands: new Float64Array(buf, bandsAt, bands * n),
    cAt,
    c2At,
    bandsAt,
    rowPass: (src, j) => ex.rowPass(src, tmpAt, ny, rb, runAt[j], nRuns[j], 0, 0),
    colPass: (post, out, a, b, j) => col[post](tmpAt, out, a, b, ny, rb, colAt[j], 0),
  };
}
