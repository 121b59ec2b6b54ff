/**
 * The WebAssembly SIMD stage functions of the mixed-radix FFT, assembled at load time with one
 * complex number per f64x2 vector. Each performs the operations of its JavaScript twin in
 * ./stages.ts in the same order, so both paths give identical results:
 *
 *     complex product  w t = (wr, wr) t + (-wi, wi) swap(t)     (twiddles stored pre-split, 32 bytes)
 *     -i t             = swap(t) (1, -1)
 *
 * Functions (all of type (i32 x 12) -> ()): for r = 2, 3, 4, 5, 7, 11 (unrolled butterflies)
 * `s<r>` with twiddles, `s<r>n` without (the last stage) and `s<r>f` with twiddles, flat (s = 1,
 * one sequence: no inner loops); `sg` and `sgf`, the generic odd radix, driven by a table in
 * memory. Parameters:
 *
 *     src dst tw l sB d1 dstep tab midN midS inB inS
 *
 * byte addresses of input, output and the stage's twiddles (0: none; `sg` tests it); l = m / r;
 * sB = 16 s (stride in bytes); leg i (i >= 1) of a butterfly at src + d1 + (i - 1) dstep (so the
 * inverse passes d1 = (r - 1) l sB, dstep = -l sB: legs in reverse order); tab: the generic
 * radix's table; then the two loops inside the loop over p, which apply the same offset to input
 * and output: a middle loop of midN steps of midS bytes and an inner one of inS-byte steps over
 * inB bytes. The caller puts the loop over q < s (16 bytes) and the loop over the sequences of a
 * 2-D pass (rowBytes) in either order, the longer one inside.
 *
 * The generic table at `tab`: i32 h (r = 2h + 1) in a 16-byte header, then the rows j of the
 * pairs (cos, cos) and (sin, -sin) of 2 pi jk/r (32 bytes each), interleaved for j, j + 1 (see
 * genericTable), then 32 h bytes of scratch for t_k and v_k.
 *
 * Reference for the opcodes: WebAssembly SIMD proposal, BinarySIMD.md.
 */
import {
  BLOCK,
  BR,
  BR_IF,
  ELSE,
  END,
  F64X2_ADD as ADD,
  F64X2_MUL as MUL,
  F64X2_SUB as SUB,
  funcBody,
  GET,
  I32_ADD,
  I32_EQZ,
  I32_GE_U,
  I32_LE_U,
  I32_LT_U,
  I32_LOAD,
  I32_MUL,
  I32_SHL,
  I32_SUB,
  IF,
  i32c,
  LOOP,
  SET,
  VOID,
  type WasmFunction,
} from '../wasm/asm.ts';
import { oddConstants } from './stages.ts';
import { type Emit, localEmitter, PARAMS, PLUS_MINUS, pair, SWAP, vload, vstore } from './wasm-common.ts';

// parameters
const SRC0 = 0;
const DST0 = 1;
const TW0 = 2;
const L = 3;
const SB = 4;
const D1 = 5;
const DSTEP = 6;
const TAB = 7;
const MIDN = 8;
const MIDS = 9;
const INB = 10;
const INS = 11;
// i32 locals shared by every stage function
const I = 12;
const O = 13;
const IEND = 14;
const SRC = 15;
const DST = 16;
const TW = 17;
const P = 18;
const MS = 19;
const MD = 20;
const M = 21;
const ROUT = 22;
/** First free i32 local after the shared ones. */
const FREE = 23;

/**
 * The loops around a butterfly (all do-while: every count is >= 1). Nested: p < l (twiddles,
 * then src += sB, dst += r sB), a middle loop (midN times, both pointers += midS) and an inner
 * loop (pointers += inS until inB bytes are done): the caller puts the q < s loop (stride 16)
 * and the loop over reps (stride rowBytes) in either order, the longer one inside. Flat: only
 * the p loop (s = 1, one sequence: the butterfly at src, dst).
 */
function skeleton(e: Emit, flat: boolean, loadTw: () => void, body: () => void, nextTw: () => void): void {
  e(GET, SRC0, SET, SRC, GET, DST0, SET, DST, GET, TW0, SET, TW, GET, L, SET, P);
  e(LOOP, VOID);
  loadTw();
  if (flat) {
    e(GET, SRC, SET, I, GET, DST, SET, O);
    body();
  } else {
    e(GET, SRC, SET, MS, GET, DST, SET, MD, GET, MIDN, SET, M);
    e(LOOP, VOID);
    e(GET, MS, SET, I, GET, MD, SET, O, GET, MS, GET, INB, I32_ADD, SET, IEND);
    e(LOOP, VOID);
    body();
    e(GET, I, GET, INS, I32_ADD, SET, I, GET, O, GET, INS, I32_ADD, SET, O);
    e(GET, I, GET, IEND, I32_LT_U, BR_IF, 0);
    e(END);
    e(GET, MS, GET, MIDS, I32_ADD, SET, MS, GET, MD, GET, MIDS, I32_ADD, SET, MD);
    e(GET, M, i32c(1), I32_SUB, SET, M, GET, M, BR_IF, 0);
    e(END);
  }
  e(GET, SRC, GET, SB, I32_ADD, SET, SRC, GET, DST, GET, ROUT, I32_ADD, SET, DST);
  nextTw();
  e(GET, P, i32c(1), I32_SUB, SET, P, GET, P, BR_IF, 0);
  e(END);
}

/**
 * A butterfly: given the leg vectors' locals, emits code that leaves each output j either on a
 * local (then `out(j, local)` stores it, with its twiddle) or directly stored for j = 0.
 */
type Butterfly = (
  e: (...xs: (number | number[])[]) => void,
  a: number[],
  tmp: number,
  out: (j: number, local: number) => void,
  store0: (emitValue: () => void) => void,
) => void;

/** Temporary v128 locals each butterfly needs (after the legs). */
function tempCount(r: number): number {
  if (r === 2) return 1;
  if (r === 4) return 5;
  return 2 * ((r - 1) >> 1) + 3;
}

const bf2: Butterfly = (e, a, tmp, out, store0) => {
  store0(() => e(GET, a[0], GET, a[1], ADD));
  e(GET, a[0], GET, a[1], SUB, SET, tmp);
  out(1, tmp);
};

const bf4: Butterfly = (e, a, tmp, out, store0) => {
  const [A, B, C, D] = a;
  const [APC, AMC, BPD, J, T] = [tmp, tmp + 1, tmp + 2, tmp + 3, tmp + 4];
  e(GET, A, GET, C, ADD, SET, APC);
  e(GET, A, GET, C, SUB, SET, AMC);
  e(GET, B, GET, D, ADD, SET, BPD);
  e(GET, B, GET, D, SUB, SET, J);
  e(GET, J, GET, J, SWAP, PLUS_MINUS, MUL, SET, J);
  store0(() => e(GET, APC, GET, BPD, ADD));
  e(GET, AMC, GET, J, ADD, SET, T);
  out(1, T);
  e(GET, APC, GET, BPD, SUB, SET, T);
  out(2, T);
  e(GET, AMC, GET, J, SUB, SET, T);
  out(3, T);
};

/** Unrolled odd butterfly of radix r with its constants inline (./stages.ts radixOdd). */
function bfOdd(r: number): Butterfly {
  const h = (r - 1) >> 1;
  const cs = oddConstants(r);
  const hh = h * h;
  return (e, a, tmp, out, store0) => {
    const T = tmp;
    const V = tmp + h;
    const Bv = tmp + 2 * h;
    const F = Bv + 1;
    const Y = Bv + 2;
    for (let k = 1; k <= h; k++) {
      e(GET, a[k], GET, a[r - k], ADD, SET, T + k - 1);
      e(GET, a[k], GET, a[r - k], SUB, SET, V + k - 1);
      e(GET, V + k - 1, GET, V + k - 1, SWAP, SET, V + k - 1);
    }
    store0(() => {
      e(GET, a[0]);
      for (let k = 0; k < h; k++) e(GET, T + k, ADD);
    });
    for (let j = 1; j <= h; j++) {
      const cb = (j - 1) * h;
      e(GET, a[0]);
      for (let k = 0; k < h; k++) e(pair(cs[cb + k], cs[cb + k]), GET, T + k, MUL, ADD);
      e(SET, Bv);
      for (let k = 0; k < h; k++) {
        e(pair(cs[hh + cb + k], cs[2 * hh + cb + k]), GET, V + k, MUL);
        if (k > 0) e(ADD);
      }
      e(SET, F);
      e(GET, Bv, GET, F, ADD, SET, Y);
      out(j, Y);
      e(GET, Bv, GET, F, SUB, SET, Y);
      out(r - j, Y);
    }
  };
}

/**
 * A stage function of radix r (2, 3, 4, 5, 7) with its butterfly unrolled, loading the p's
 * 2 (r - 1) twiddle vectors when `twiddled`.
 */
function stageBody(r: number, twiddled: boolean, flat: boolean): number[] {
  const bf = r === 2 ? bf2 : r === 4 ? bf4 : bfOdd(r);
  const OFF = FREE; // OFF + i - 1 = offset of leg i, i = 1..r-1
  const E = OFF + r - 1; // E + j - 1 = j sB, j = 1..r-1
  const nI32 = E + r - 1 - PARAMS;
  // v128 locals
  const W = E + r - 1; // 2 (r - 1) when twiddled
  const A = W + (twiddled ? 2 * (r - 1) : 0);
  const TMP = A + r;
  const nV = TMP + tempCount(r) - W;
  const c: number[] = [];
  const e = localEmitter(c);
  const legs = Array.from({ length: r }, (_, i) => A + i);
  // prologue: leg and output offsets
  e(GET, D1, SET, OFF);
  for (let i = 2; i < r; i++) e(GET, OFF + i - 2, GET, DSTEP, I32_ADD, SET, OFF + i - 1);
  e(GET, SB, SET, E);
  for (let j = 2; j < r; j++) e(GET, E + j - 2, GET, SB, I32_ADD, SET, E + j - 1);
  e(GET, E + r - 2, GET, SB, I32_ADD, SET, ROUT);
  const out = (j: number, loc: number) => {
    e(GET, O, GET, E + j - 1, I32_ADD);
    if (twiddled) {
      const wr = W + 2 * (j - 1);
      e(GET, wr, GET, loc, MUL, GET, wr + 1, GET, loc, GET, loc, SWAP, MUL, ADD);
    } else e(GET, loc);
    e(vstore(0));
  };
  const store0 = (emitValue: () => void) => {
    e(GET, O);
    emitValue();
    e(vstore(0));
  };
  skeleton(
    e,
    flat,
    () => {
      if (twiddled) for (let k = 0; k < 2 * (r - 1); k++) e(GET, TW, vload(16 * k), SET, W + k);
    },
    () => {
      e(GET, I, vload(0), SET, A);
      for (let i = 1; i < r; i++) e(GET, I, GET, OFF + i - 1, I32_ADD, vload(0), SET, A + i);
      bf(e, legs, TMP, out, store0);
    },
    () => {
      if (twiddled) e(GET, TW, i32c(32 * (r - 1)), I32_ADD, SET, TW);
    },
  );
  e(END);
  return funcBody(nI32, nV, c);
}

/** The generic odd radix (any r = 2h + 1 >= 3), table-driven; twiddles when tw != 0. */
function genericBody(flat: boolean): number[] {
  const [H, PA, PB, K, J, CT, SCR, SBASE, LASTOFF, OJ, OM, TWJ] = Array.from({ length: 12 }, (_, i) => FREE + i);
  const nI32 = FREE + 12 - PARAMS;
  const [A0, Y0, LA, LB, B, F, Y, T, B2, F2] = Array.from({ length: 10 }, (_, i) => FREE + 12 + i);
  const nV = 10;
  const c: number[] = [];
  const e = localEmitter(c);
  /** store Y at address local `at`, times the twiddle at TWJ when tw != 0 */
  const put = (at: number) => {
    e(GET, TW0, I32_EQZ, IF, VOID);
    e(GET, at, GET, Y, vstore(0));
    e(ELSE);
    e(GET, at, GET, TWJ, vload(0), GET, Y, MUL, GET, TWJ, vload(16), GET, Y, GET, Y, SWAP, MUL, ADD, vstore(0));
    e(END);
  };
  /** outputs j = J (b + f) and r - j (b - f), twiddled; then OJ += sB, OM -= sB */
  const outputs = (b: number, f: number) => {
    // twiddle of output j: TW + 32 (j - 1); of output r - j: TW + 32 (2h - j)
    e(GET, b, GET, f, ADD, SET, Y);
    e(GET, TW, GET, J, i32c(1), I32_SUB, i32c(32), I32_MUL, I32_ADD, SET, TWJ);
    put(OJ);
    e(GET, b, GET, f, SUB, SET, Y);
    e(GET, TW, GET, H, i32c(1), I32_SHL, GET, J, I32_SUB, i32c(32), I32_MUL, I32_ADD, SET, TWJ);
    put(OM);
    e(GET, OJ, GET, SB, I32_ADD, SET, OJ, GET, OM, GET, SB, I32_SUB, SET, OM);
  };
  e(GET, TAB, I32_LOAD, 2, 0, SET, H);
  e(GET, TAB, i32c(16), I32_ADD, GET, H, GET, H, I32_MUL, i32c(32), I32_MUL, I32_ADD, SET, SBASE);
  e(GET, H, i32c(1), I32_SHL, GET, SB, I32_MUL, GET, SB, I32_ADD, SET, ROUT); // (2h + 1) sB
  e(GET, D1, GET, H, i32c(1), I32_SHL, i32c(1), I32_SUB, GET, DSTEP, I32_MUL, I32_ADD, SET, LASTOFF);
  const body = () => {
    // pass 1: t_k, v_k to scratch; y_0
    e(GET, I, vload(0), SET, A0, GET, A0, SET, Y0);
    e(GET, I, GET, D1, I32_ADD, SET, PA, GET, I, GET, LASTOFF, I32_ADD, SET, PB);
    e(GET, SBASE, SET, SCR, GET, H, SET, K);
    e(LOOP, VOID);
    e(GET, PA, vload(0), SET, LA, GET, PB, vload(0), SET, LB);
    e(GET, LA, GET, LB, ADD, SET, T);
    e(GET, SCR, GET, T, vstore(0));
    e(GET, Y0, GET, T, ADD, SET, Y0);
    e(GET, LA, GET, LB, SUB, SET, Y);
    e(GET, SCR, GET, Y, GET, Y, SWAP, vstore(16));
    e(GET, PA, GET, DSTEP, I32_ADD, SET, PA, GET, PB, GET, DSTEP, I32_SUB, SET, PB);
    e(GET, SCR, i32c(32), I32_ADD, SET, SCR);
    e(GET, K, i32c(1), I32_SUB, SET, K, GET, K, BR_IF, 0);
    e(END);
    e(GET, O, GET, Y0, vstore(0));
    // pass 2: outputs j, r - j (and j + 1, r - j - 1 for a pair), table rows in pairs of j
    e(GET, TAB, i32c(16), I32_ADD, SET, CT, i32c(1), SET, J);
    e(GET, O, GET, SB, I32_ADD, SET, OJ, GET, O, GET, ROUT, I32_ADD, GET, SB, I32_SUB, SET, OM);
    e(BLOCK, VOID, LOOP, VOID);
    e(GET, J, GET, H, I32_GE_U, BR_IF, 1); // fewer than two j left
    e(GET, SBASE, SET, SCR);
    e(GET, SCR, vload(0), SET, T, GET, SCR, vload(16), SET, LA);
    e(GET, A0, GET, CT, vload(0), GET, T, MUL, ADD, SET, B);
    e(GET, CT, vload(16), GET, LA, MUL, SET, F);
    e(GET, A0, GET, CT, vload(32), GET, T, MUL, ADD, SET, B2);
    e(GET, CT, vload(48), GET, LA, MUL, SET, F2);
    e(GET, CT, i32c(64), I32_ADD, SET, CT, GET, SCR, i32c(32), I32_ADD, SET, SCR);
    e(GET, H, i32c(1), I32_SUB, SET, K);
    e(BLOCK, VOID, LOOP, VOID);
    e(GET, K, I32_EQZ, BR_IF, 1);
    e(GET, SCR, vload(0), SET, T, GET, SCR, vload(16), SET, LA);
    e(GET, B, GET, CT, vload(0), GET, T, MUL, ADD, SET, B);
    e(GET, F, GET, CT, vload(16), GET, LA, MUL, ADD, SET, F);
    e(GET, B2, GET, CT, vload(32), GET, T, MUL, ADD, SET, B2);
    e(GET, F2, GET, CT, vload(48), GET, LA, MUL, ADD, SET, F2);
    e(GET, CT, i32c(64), I32_ADD, SET, CT, GET, SCR, i32c(32), I32_ADD, SET, SCR);
    e(GET, K, i32c(1), I32_SUB, SET, K, BR, 0);
    e(END, END);
    outputs(B, F);
    e(GET, J, i32c(1), I32_ADD, SET, J);
    outputs(B2, F2);
    e(GET, J, i32c(1), I32_ADD, SET, J, BR, 0);
    e(END, END);
    // h odd: the last j alone
    e(GET, J, GET, H, I32_LE_U, IF, VOID);
    e(GET, SBASE, SET, SCR);
    e(GET, A0, GET, CT, vload(0), GET, SCR, vload(0), MUL, ADD, SET, B);
    e(GET, CT, vload(16), GET, SCR, vload(16), MUL, SET, F);
    e(GET, CT, i32c(32), I32_ADD, SET, CT, GET, SCR, i32c(32), I32_ADD, SET, SCR);
    e(GET, H, i32c(1), I32_SUB, SET, K);
    e(BLOCK, VOID, LOOP, VOID);
    e(GET, K, I32_EQZ, BR_IF, 1);
    e(GET, B, GET, CT, vload(0), GET, SCR, vload(0), MUL, ADD, SET, B);
    e(GET, F, GET, CT, vload(16), GET, SCR, vload(16), MUL, ADD, SET, F);
    e(GET, CT, i32c(32), I32_ADD, SET, CT, GET, SCR, i32c(32), I32_ADD, SET, SCR);
    e(GET, K, i32c(1), I32_SUB, SET, K, BR, 0);
    e(END, END);
    outputs(B, F);
    e(END);
  };
  skeleton(
    e,
    flat,
    () => {},
    body,
    () => e(GET, TW0, I32_EQZ, IF, VOID, ELSE, GET, TW, GET, H, i32c(6), I32_SHL, I32_ADD, SET, TW, END),
  );
  e(END);
  return funcBody(nI32, nV, c);
}

/** Radices with unrolled stage functions. */
export const UNROLLED = [2, 3, 4, 5, 7, 11] as const;

/**
 * Every stage function of the module, in export order: for each unrolled radix r, `s<r>`
 * (twiddles), `s<r>n` (none: the last stage) and `s<r>f` (twiddles, flat: s = 1, one sequence);
 * then `sg` and `sgf`, the generic odd radix nested and flat.
 */
export function stageFunctions(): WasmFunction[] {
  const fns: WasmFunction[] = [];
  for (const r of UNROLLED) {
    fns.push({ name: `s${r}`, body: stageBody(r, true, false) });
    fns.push({ name: `s${r}n`, body: stageBody(r, false, false) });
    fns.push({ name: `s${r}f`, body: stageBody(r, true, true) });
  }
  fns.push({ name: 'sg', body: genericBody(false) });
  fns.push({ name: 'sgf', body: genericBody(true) });
  return fns;
}

/**
 * The generic table of odd radix r = 2h + 1 (see the header), as doubles: the rows j of the
 * constants in pairs (j, j + 1) interleaved per k, [(c, c), (s, -s)] of j then of j + 1, and a
 * last row alone when h is odd; then the scratch.
 */
export function genericTable(r: number): Float64Array {
  const h = (r - 1) >> 1;
  const hh = h * h;
  const cs = oddConstants(r);
  const t = new Float64Array(2 + 4 * hh + 4 * h);
  new Int32Array(t.buffer, 0, 1)[0] = h;
  let o = 2;
  const put = (j: number, k: number) => {
    const i = (j - 1) * h + (k - 1);
    t[o++] = cs[i];
    t[o++] = cs[i];
    t[o++] = cs[hh + i];
    t[o++] = cs[2 * hh + i];
  };
  let j = 1;
  for (; j + 1 <= h; j += 2) {
    for (let k = 1; k <= h; k++) {
      put(j, k);
      put(j + 1, k);
    }
  }
  if (j <= h) for (let k = 1; k <= h; k++) put(j, k);
  return t;
}
