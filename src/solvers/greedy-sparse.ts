/**
 * Shared plumbing of the k-sparse iterative solvers (IHT, NIHT, HTP, CoSaMP, Subspace Pursuit):
 * their options, input validation, the stopping rules and small support utilities.
 *
 * Stopping, checked after every iteration in this order (all but the last two converged):
 * - 'exact-fit': ||y - A x|| <= zeroTol ||y|| (the residual is numerically zero);
 * - 'residual-target': ||y - A x|| <= residualTol (when given);
 * - 'tolerance': ||x_t - x_{t-1}|| <= tol ||x_t|| (a fixed point: for the least-squares based
 *   methods the support repeated, so x is unchanged);
 * - 'stagnation' (converged: false): no progress possible (Subspace Pursuit's residual grew);
 * - 'max-iterations' (converged: false).
 *
 * @example
 * import { mergeSorted, sameSupport } from './greedy-sparse.ts';
 * const out = new Int32Array(4);
 * mergeSorted(Int32Array.of(1, 5), 2, Int32Array.of(2, 5), 2, out); // 3, out = [1, 2, 5, 0]
 * sameSupport(Int32Array.of(1, 2), Int32Array.of(1, 2), 2);          // true
 */
import { CandorError, checkNumber, describe } from '../core/errors.ts';
import { checkSparsity, type GreedyKernel, type GreedyOps, greedyOps } from './greedy-ops.ts';
import { makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon } from './run.ts';
import type { CommonOptions, StopReason } from './types.ts';

export interface SparseOptions extends CommonOptions {
  /** Sparsity level: the number of nonzeros kept (required), 1 <= k <= min(rows, cols). */
  k: number;
  /** Stop once ||y - A x||_2 <= residualTol. */
  residualTol?: number;
  /** Relative residual ||r|| / ||y|| regarded as zero (stop 'exact-fit'). */
  zeroTol?: number;
  /** Products for a dense A: 'auto' (WebAssembly SIMD when available) or 'js'. */
  kernel?: GreedyKernel;
}

export interface SparseDefaults {
  readonly maxIter: number;
  readonly tol: number;
  readonly zeroTol: number;
}

export interface SparseSetup {
  p: Problem;
  ops: GreedyOps;
  k: number;
}

/**
 * Validates (A, y, opts) for a k-sparse solver (`check` validates solver-specific options) and
 * then builds its products.
 */
export function setupSparse(
  where: string,
  A: OperatorInput,
  y: Float64Array,
  opts: SparseOptions,
  check?: (p: Problem) => void,
): SparseSetup {
  const p = makeProblem(where, A, y, { realOnly: true });
  if (typeof opts !== 'object' || opts === null) {
    throw new CandorError(where, 'opts', 'an options object with k', describe(opts));
  }
  const k = checkSparsity(where, opts.k, p);
  checkCommon(where, p, opts);
  if (opts.residualTol !== undefined) checkNumber(where, 'residualTol', opts.residualTol, 0);
  if (opts.zeroTol !== undefined) checkNumber(where, 'zeroTol', opts.zeroTol, 0);
  check?.(p);
  return { p, ops: greedyOps(p, opts.kernel ?? 'auto'), k };
}

/** The converged stop reasons of the rules above, or null to continue. */
export function stopCheck(
  rn: number,
  yNorm: number,
  relChange: number,
  opts: SparseOptions,
  defaults: SparseDefaults,
): StopReason | null {
  if (rn <= (opts.zeroTol ?? defaults.zeroTol) * yNorm) return 'exact-fit';
  if (opts.residualTol !== undefined && rn <= opts.residualTol) return 'residual-target';
  if (relChange <= (opts.tol ?? defaults.tol)) return 'tolerance';
  return null;
}

/** ||a - b|| / max(||a||, tiny) over the full vectors. */
export function relativeChange(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const t = a[i] - b[i];
    d += t * t;
    s += a[i] * a[i];
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(s), 1e-300);
}

/** Union of two ascending index lists into out (ascending); returns its length. */
export function mergeSorted(a: Int32Array, na: number, b: Int32Array, nb: number, out: Int32Array): number {
  let i = 0;
  let j = 0;
  let c = 0;
  while (i < na && j < nb) {
    const u = a[i];
    const v = b[j];
    if (u < v) {
      out[c++] = u;
      i++;
    } else if (v < u) {
      out[c++] = v;
      j++;
    } else {
      out[c++] = u;
      i++;
      j++;
    }
  }
  while (i < na) out[c++] = a[i++];
  while (j < nb) out[c++] = b[j++];
  return c;
}

/** Whether the first s entries of two ascending index lists agree. */
export function sameSupport(a: Int32Array, b: Int32Array, s: number): boolean {
  for (let i = 0; i < s; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** ||y||_2. */
export function normOf(y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * y[i];
  return Math.sqrt(s);
}

/** The support (ascending) of a finished iterate, for the result. */
export function supportList(x: Float64Array): Int32Array {
  let c = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) c++;
  const s = new Int32Array(c);
  c = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) s[c++] = i;
  return s;
}
