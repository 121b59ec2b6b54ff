/**
 * WebAssembly SIMD kernels of the complex 2-D wavelet transform (./simd2.ts): the interior of the
 * row passes of ./rows.ts (one complex pixel per f64x2 vector) and the column passes of
 * ./columns.ts (two doubles of a row per vector), assembled at load time for one filter length F
 * (one module per F, cached). Each output is the sum of the JavaScript kernels, with the same
 * grouping of the terms,
 *
 *     forward:  ((c0 v0 + c1 v1) + (c2 v2 + c3 v3)) + ((c4 v4 + c5 v5) + (c6 v6 + c7 v7)) + ...
 *               (a first group of two taps when F = 2 mod 4)
 *     inverse:  ((l v_a0 + g v_d0) + (l' v_a1 + g' v_d1)) + ...  (a first group of one pair
 *               when F/2 is odd)
 *
 * so both paths give identical results (WebAssembly has no fused multiply-add). The taps sit
 * in memory as splatted vectors: rec_lo[0..F) then rec_hi[0..F), 16 bytes each.
 *
 * Functions (i32 x 8 -> ()):
 *
 *     colFwd(dst, wBytes, h2, tab, taps, dStride): output row k: F source row addresses at
 *       tab + 4 F k; approximation row at dst + k dStride, detail at dst + (h2 + k) dStride
 *     colInv(tab, wBytes, h2, taps): per q, F + 2 addresses at tab: the rows (a_j, d_j), j < F/2,
 *       then the two output rows
 *     rowFwd(src, dst, dOffD, count, h, sStride, dStride, taps): per row, count outputs k from
 *       the pixel at src (then src += 32, dst += 16); detail at dst + dOffD
 *     rowInv(pa, pd, px, count, h, sStride, dStride, taps): per row, count pairs of outputs at
 *       px (then px += 32) from a at pa and d at pd (then += 16); sStride applies to pa and pd
 *
 * Reference for the opcodes: WebAssembly SIMD proposal, BinarySIMD.md.
 */
import {
  BR_IF,
  END,
  emitter,
  F64X2_ADD as ADD,
  F64X2_MUL as MUL,
  funcBody,
  GET,
  I32_ADD,
  I32_LOAD,
  I32_LT_U,
  I32_MUL,
  I32_SUB,
  i32c,
  LOOP,
  SET,
  uleb,
  VOID,
  v128Load,
  v128Store,
  wasmModule,
} from '../wasm/asm.ts';

type Emit = (...xs: (number | number[])[]) => void;
const vload = (off: number) => v128Load(off, 3);
const vstore = (off: number) => v128Store(off, 3);
const PARAMS = 8;

/** Counts local `n` down to zero around `body` (do-while: n >= 1). */
function countDown(e: Emit, n: number, body: () => void): void {
  e(LOOP, VOID);
  body();
  e(GET, n, i32c(1), I32_SUB, SET, n, GET, n, BR_IF, 0);
  e(END);
}

/** Pushes tap[t] * value-local on the stack (tap vectors at the address in local `taps`). */
function term(e: Emit, taps: number, t: number, v: number): void {
  e(GET, taps, v128Load(16 * t, 4), GET, v, MUL);
}

/** Pushes the forward sum for filter length F: tap index base + m on value v[m]. */
function forwardSum(e: Emit, F: number, taps: number, base: number, v: number[]): void {
  let m = 0;
  const pairOf = (i: number) => {
    term(e, taps, base + i, v[i]);
    term(e, taps, base + i + 1, v[i + 1]);
    e(ADD);
  };
  if (F % 4 === 2) {
    pairOf(0);
    m = 2;
  } else {
    pairOf(0);
    pairOf(2);
    e(ADD);
    m = 4;
  }
  for (; m < F; m += 4) {
    pairOf(m);
    pairOf(m + 2);
    e(ADD, ADD);
  }
}

/**
 * Pushes the inverse sum for filter length F and output parity `odd` (0 or 1): pairs j of
 * a (va[j]) and d (vd[j]) with taps lo[F - 2 - 2j + odd] and hi[same].
 */
function inverseSum(e: Emit, F: number, taps: number, odd: number, va: number[], vd: number[]): void {
  const F2 = F / 2;
  const pairOf = (j: number) => {
    const m = F - 2 - 2 * j + odd;
    term(e, taps, m, va[j]);
    term(e, taps, F + m, vd[j]);
    e(ADD);
  };
  let j = 0;
  if (F2 % 2 === 1) {
    pairOf(0);
    j = 1;
  } else {
    pairOf(0);
    pairOf(1);
    e(ADD);
    j = 2;
  }
  for (; j < F2; j += 2) {
    pairOf(j);
    pairOf(j + 1);
    e(ADD, ADD);
  }
}

/** An emitter whose local indices after local.get/local.set are LEB128 (up to 40 locals here: one byte, but keep it safe). */
function localEmitter(c: number[]): Emit {
  const raw = emitter(c);
  let index = false;
  return (...xs) => {
    for (const x of xs) {
      if (Array.isArray(x)) raw(x);
      else if (index) {
        raw(uleb(x));
        index = false;
      } else {
        raw(x);
        index = x === GET || x === SET;
      }
    }
  };
}

function colFwdBody(F: number): number[] {
  // params: dst 0, wBytes 1, h2 2, tab 3, taps 4, dStride 5
  const [J, PA, PD] = [PARAMS, PARAMS + 1, PARAMS + 2];
  const R = PARAMS + 3; // F row addresses
  const V = R + F; // F v128 values
  const c: number[] = [];
  const e = localEmitter(c);
  const v = Array.from({ length: F }, (_, m) => V + m);
  e(GET, 0, SET, PA, GET, 0, GET, 2, GET, 5, I32_MUL, I32_ADD, SET, PD);
  countDown(e, 2, () => {
    for (let m = 0; m < F; m++) e(GET, 3, I32_LOAD, 2, ...uleb(4 * m), SET, R + m);
    e(i32c(0), SET, J);
    e(LOOP, VOID);
    for (let m = 0; m < F; m++) e(GET, R + m, GET, J, I32_ADD, vload(0), SET, V + m);
    e(GET, PA, GET, J, I32_ADD);
    forwardSum(e, F, 4, 0, v);
    e(vstore(0));
    e(GET, PD, GET, J, I32_ADD);
    forwardSum(e, F, 4, F, v);
    e(vstore(0));
    e(GET, J, i32c(16), I32_ADD, SET, J, GET, J, GET, 1, I32_LT_U, BR_IF, 0);
    e(END);
    e(GET, 3, i32c(4 * F), I32_ADD, SET, 3);
    e(GET, PA, GET, 5, I32_ADD, SET, PA, GET, PD, GET, 5, I32_ADD, SET, PD);
  });
  e(END);
  return funcBody(3 + F, F, c);
}

function colInvBody(F: number): number[] {
  // params: tab 0, wBytes 1, h2 2, taps 3
  const F2 = F / 2;
  const J = PARAMS;
  const R = PARAMS + 1; // a_0 d_0 a_1 d_1 ... then p0 p1
  const V = R + F + 2;
  const c: number[] = [];
  const e = localEmitter(c);
  const va = Array.from({ length: F2 }, (_, j) => V + 2 * j);
  const vd = Array.from({ length: F2 }, (_, j) => V + 2 * j + 1);
  countDown(e, 2, () => {
    for (let m = 0; m < F + 2; m++) e(GET, 0, I32_LOAD, 2, ...uleb(4 * m), SET, R + m);
    e(i32c(0), SET, J);
    e(LOOP, VOID);
    for (let m = 0; m < F; m++) e(GET, R + m, GET, J, I32_ADD, vload(0), SET, V + m);
    for (let odd = 0; odd < 2; odd++) {
      e(GET, R + F + odd, GET, J, I32_ADD);
      inverseSum(e, F, 3, odd, va, vd);
      e(vstore(0));
    }
    e(GET, J, i32c(16), I32_ADD, SET, J, GET, J, GET, 1, I32_LT_U, BR_IF, 0);
    e(END);
    e(GET, 0, i32c(4 * (F + 2)), I32_ADD, SET, 0);
  });
  e(END);
  return funcBody(1 + F + 2, F, c);
}

function rowFwdBody(F: number): number[] {
  // params: src 0, dst 1, dOffD 2, count 3, h 4, sStride 5, dStride 6, taps 7
  const [Q, A, K] = [PARAMS, PARAMS + 1, PARAMS + 2];
  const V = PARAMS + 3;
  const c: number[] = [];
  const e = localEmitter(c);
  const v = Array.from({ length: F }, (_, m) => V + m);
  countDown(e, 4, () => {
    e(GET, 0, SET, Q, GET, 1, SET, A, GET, 3, SET, K);
    countDown(e, K, () => {
      for (let m = 0; m < F; m++) e(GET, Q, vload(16 * m), SET, V + m);
      e(GET, A);
      forwardSum(e, F, 7, 0, v);
      e(vstore(0));
      e(GET, A, GET, 2, I32_ADD);
      forwardSum(e, F, 7, F, v);
      e(vstore(0));
      e(GET, Q, i32c(32), I32_ADD, SET, Q, GET, A, i32c(16), I32_ADD, SET, A);
    });
    e(GET, 0, GET, 5, I32_ADD, SET, 0, GET, 1, GET, 6, I32_ADD, SET, 1);
  });
  e(END);
  return funcBody(3, F, c);
}

function rowInvBody(F: number): number[] {
  // params: pa 0, pd 1, px 2, count 3, h 4, sStride 5, dStride 6, taps 7
  const F2 = F / 2;
  const [QA, QD, X, K] = [PARAMS, PARAMS + 1, PARAMS + 2, PARAMS + 3];
  const V = PARAMS + 4;
  const c: number[] = [];
  const e = localEmitter(c);
  const va = Array.from({ length: F2 }, (_, j) => V + 2 * j);
  const vd = Array.from({ length: F2 }, (_, j) => V + 2 * j + 1);
  countDown(e, 4, () => {
    e(GET, 0, SET, QA, GET, 1, SET, QD, GET, 2, SET, X, GET, 3, SET, K);
    countDown(e, K, () => {
      for (let j = 0; j < F2; j++) e(GET, QA, vload(16 * j), SET, va[j], GET, QD, vload(16 * j), SET, vd[j]);
      for (let odd = 0; odd < 2; odd++) {
        e(GET, X);
        inverseSum(e, F, 7, odd, va, vd);
        e(vstore(16 * odd));
      }
      e(GET, QA, i32c(16), I32_ADD, SET, QA, GET, QD, i32c(16), I32_ADD, SET, QD);
      e(GET, X, i32c(32), I32_ADD, SET, X);
    });
    e(GET, 0, GET, 5, I32_ADD, SET, 0, GET, 1, GET, 5, I32_ADD, SET, 1, GET, 2, GET, 6, I32_ADD, SET, 2);
  });
  e(END);
  return funcBody(4, F, c);
}

/** The module for filter length F: colFwd, colInv, rowFwd, rowInv and one memory. */
export function assembleWavelet(F: number): Uint8Array<ArrayBuffer> {
  return wasmModule(PARAMS, [
    { name: 'colFwd', body: colFwdBody(F) },
    { name: 'colInv', body: colInvBody(F) },
    { name: 'rowFwd', body: rowFwdBody(F) },
    { name: 'rowInv', body: rowInvBody(F) },
  ]);
}

type Fn = (a: number, b: number, c: number, d: number, e?: number, f?: number, g?: number, h?: number) => void;

/** One instance: the four kernels and its memory. */
export interface WaveletKernels {
  colFwd: Fn;
  colInv: Fn;
  rowFwd: Fn;
  rowInv: Fn;
  mem: WebAssembly.Memory;
}

const modules = new Map<number, WebAssembly.Module | null>();
let enabled = true;

/** Enables (default) or disables the SIMD wavelet kernels (tests: the JavaScript path). */
export function setWaveletWasm(on: boolean): void {
  enabled = on;
}

/** Whether the SIMD kernels are switched on (they may still be missing from the runtime). */
export function waveletWasmEnabled(): boolean {
  return enabled;
}

/** A fresh instance for filter length F, or null without WebAssembly SIMD (or when disabled). */
export function waveletKernels(F: number): WaveletKernels | null {
  if (!enabled) return null;
  let mod = modules.get(F);
  if (mod === undefined) {
    mod = null;
    try {
      if (typeof WebAssembly === 'object') {
        const bytes = assembleWavelet(F);
        if (WebAssembly.validate(bytes)) mod = new WebAssembly.Module(bytes);
      }
    } catch {
      mod = null;
    }
    modules.set(F, mod);
  }
  if (mod === null) return null;
  return new WebAssembly.Instance(mod, {}).exports as unknown as WaveletKernels;
}
