/**
 * What the greedy solvers (OMP, CoSaMP, Subspace Pursuit, IHT, NIHT, HTP) and AMP need from A,
 * on top of a validated {@link Problem}:
 *
 * - `correlate(r, out)`: out = A^T r, the one full product per iteration, and `apply(x, out)`.
 *   A dense A is copied once into WebAssembly SIMD kernels where available (src/core/dense/wasm-kernels.ts);
 *   otherwise the problem's own (JavaScript or operator) products run.
 * - `applySparse(x, supp, s, out)`: out = A x for x supported on supp[0..s), in O(m s) for a
 *   dense A (entries gathered row by row); one full apply for an operator.
 * - `gather(j, out, offset)`: column a_j (strided read of a dense A; for an operator A e_j,
 *   computed on first use and cached: m doubles and one apply per distinct column).
 *
 * Operator-call counts stay honest: a correlate counts one adjoint, every product one apply,
 * each cached operator column one apply.
 *
 * @example
 * import { makeProblem } from './problem.ts';
 * import { greedyOps } from './greedy-ops.ts';
 * const p = makeProblem('demo', { rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) }, Float64Array.of(1, 0));
 * const ops = greedyOps(p);
 * ops.correlate(p.y, new Float64Array(2)); // [1, 2] = A^T y
 * const col = new Float64Array(2);
 * ops.gather(1, col, 0);                   // col = [2, 4]
 * ops.dispose();
 */
import { CandorError, checkInt } from '../core/errors.ts';
import { createWasmScreen, type WasmScreen } from './greedy-screen.ts';
import { createWasmDense } from '../core/dense/wasm-kernels.ts';
import type { Problem } from './problem.ts';

export interface GreedyOps {
  readonly m: number;
  readonly n: number;
  /** out = A^T r (length n); returns out. */
  correlate(r: Float64Array, out: Float64Array): Float64Array;
  /** out = A x for a dense x (length m); returns out. */
  apply(x: Float64Array, out: Float64Array): Float64Array;
  /** out = A x where x is zero outside supp[0..s) (x read at those indices); returns out. */
  applySparse(x: Float64Array, supp: Int32Array, s: number, out: Float64Array): Float64Array;
  /** Writes column j into out[offset, offset + m). */
  gather(j: number, out: Float64Array, offset: number): void;
  /** a_j^T v in double precision. */
  dotColumn(j: number, v: Float64Array): number;
  /** Float32 screening correlations (OMP's selection; ./greedy-screen.ts) when requested and available. */
  readonly screen: WasmScreen | null;
  /** True when the products run in the WebAssembly SIMD kernels. */
  readonly simd: boolean;
  /** Returns the kernels' memory for reuse by the next solve (call once, when done). */
  dispose(): void;
}

/** 'auto': WebAssembly SIMD kernels for a dense A when available; 'js': JavaScript kernels. */
export type GreedyKernel = 'auto' | 'js';

/**
 * Builds the products and column access for problem p (real data). With `screen: true` (OMP) a
 * dense A gets the float32 screening store instead of the double-precision kernels (correlate
 * then runs in JavaScript: OMP uses it only as a fallback).
 */
export function greedyOps(
  p: Problem,
  kernel: GreedyKernel = 'auto',
  opts: { screen?: boolean } = {},
): GreedyOps {
  const { m, n, calls } = p;
  const dense = p.dense;
  if (dense) {
    const a = dense.data;
    const screen = kernel !== 'js' && opts.screen ? createWasmScreen(dense) : null;
    const wasm = kernel !== 'js' && !screen ? createWasmDense(dense) : null;
    return {
      m,
      n,
      simd: wasm !== null || screen !== null,
      screen,
      correlate: wasm
        ? (r, out) => {
            calls.adjoint++;
            return wasm.adjoint(r, out);
          }
        : (r, out) => p.adjoint(r, out),
      apply: wasm
        ? (x, out) => {
            calls.apply++;
            return wasm.apply(x, out);
          }
        : (x, out) => p.apply(x, out),
      applySparse(x, supp, s, out) {
        calls.apply++;
        for (let i = 0; i < m; i++) {
          const o = i * n;
          let v = 0;
          for (let t = 0; t < s; t++) {
            const j = supp[t];
            v += a[o + j] * x[j];
          }
          out[i] = v;
        }
        return out;
      },
      gather(j, out, offset) {
        for (let i = 0, o = j; i < m; i++, o += n) out[offset + i] = a[o];
      },
      dotColumn(j, v) {
        let s = 0;
        for (let i = 0, o = j; i < m; i++, o += n) s += a[o] * v[i];
        return s;
      },
      dispose: () => {
        wasm?.release();
        screen?.release();
      },
    };
  }
  const cache: (Float64Array | undefined)[] = new Array(n);
  const unit = new Float64Array(n);
  const full = new Float64Array(n);
  const column = (j: number): Float64Array => {
    let c = cache[j];
    if (!c) {
      c = new Float64Array(m);
      unit[j] = 1;
      p.apply(unit, c);
      unit[j] = 0;
      cache[j] = c;
    }
    return c;
  };
  return {
    m,
    n,
    simd: false,
    screen: null,
    correlate: (r, out) => p.adjoint(r, out),
    apply: (x, out) => p.apply(x, out),
    applySparse(x, supp, s, out) {
      full.fill(0);
      for (let t = 0; t < s; t++) full[supp[t]] = x[supp[t]];
      return p.apply(full, out);
    },
    gather(j, out, offset) {
      const c = column(j);
      for (let i = 0; i < m; i++) out[offset + i] = c[i];
    },
    dotColumn(j, v) {
      const c = column(j);
      let s = 0;
      for (let i = 0; i < m; i++) s += c[i] * v[i];
      return s;
    },
    dispose: () => {},
  };
}

/** r = y - A x for x supported on supp[0..s); returns ||r||_2. */
export function residualSparse(
  ops: GreedyOps,
  y: Float64Array,
  x: Float64Array,
  supp: Int32Array,
  s: number,
  r: Float64Array,
): number {
  ops.applySparse(x, supp, s, r);
  let ss = 0;
  for (let i = 0; i < r.length; i++) {
    const d = y[i] - r[i];
    r[i] = d;
    ss += d * d;
  }
  return Math.sqrt(ss);
}

/** Validates the sparsity level k: an integer in [1, min(rows, cols)]. */
export function checkSparsity(where: string, k: unknown, p: Problem): number {
  checkInt(where, 'k', k, 1);
  const kk = k as number;
  if (kk > p.m) throw new CandorError(where, 'k', `an integer <= rows of A (${p.m})`, String(kk));
  if (kk > p.n) throw new CandorError(where, 'k', `an integer <= cols of A (${p.n})`, String(kk));
  return kk;
}
