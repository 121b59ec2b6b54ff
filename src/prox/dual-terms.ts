/**
 * Penalty terms for primal-dual solvers (../solvers/primal-dual.ts), each a weighted norm of a
 * linear image of x, handled through its own dual variable p:
 *
 *     g(K x) = lambda sum_i ||(K x)_i||,    prox_{sigma g*}(q) = proj_{||q_i|| <= lambda}(q)
 *
 * (the conjugate of a weighted norm is the indicator of the dual-norm ball of radius lambda, so
 * its prox is a pointwise projection, whatever sigma). A term supplies the dual step
 * p <- proj(p + sigma K xbar), the adjoint step v <- v - tau K^H p, its value g(K x) and a bound
 * on ||K||^2 for the step sizes (tau sigma ||K||^2 <= 1 over all terms together).
 *
 * - `tvTerm(ny, nx, lambda, { complex })`: isotropic total variation of a complex (default) or
 *   real ny x nx image (fused kernels of ./tv-kernels.ts; ||D||^2 <= 8);
 * - `l1AnalysisTerm(W, lambda)`: lambda ||W x||_1 for any operator W (complex magnitudes for
 *   complex data; ||W||^2 = 1 for unitary / isometric W, else given or estimated by the power
 *   method).
 *
 * The solver owns the dual variables (`dualLength` doubles each), so a term can be reused by
 * any number of solves; a term's scratch buffers make it single-threaded.
 *
 * References: Chambolle & Pock, JMIV 40 (2011) 120 (the algorithm and the TV dual);
 * Rudin, Osher & Fatemi 1992 (TV).
 *
 * @example
 * import { tvTerm } from './dual-terms.ts';
 * const T = tvTerm(64, 64, 0.01);
 * T.dualLength;  // 4 * 64 * 64 (p_y, p_x complex)
 * T.normSq;      // 8
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import { opNorm } from '../linops/tools.ts';
import type { LinearOperator } from '../linops/types.ts';
import { tvDualStep, tvDualStepReal, tvSubtractAdjoint, tvSubtractAdjointReal, tvValue, tvValueReal } from './tv-kernels.ts';

/**
 * A penalty g(K x) = weight sum_i ||(K x)_i|| for the primal-dual solvers, handled through its own
 * dual variable p (owned by the solver): the dual step p <- proj_{||p_i|| <= weight}(p + sigma K xbar),
 * the adjoint step v <- v - tau K^H p, its value and a bound on ||K||^2 for the step sizes.
 */
export interface DualTerm {
  readonly name: string;
  /** The weight lambda >= 0. */
  readonly weight: number;
  /** A bound on ||K||^2. */
  readonly normSq: number;
  /** Length of the dual variable p (doubles). */
  readonly dualLength: number;
  /** Length of x the term acts on (doubles). */
  readonly primalLength: number;
  /** p <- proj_{||p_i|| <= weight}(p + sigma K xbar). */
  dualStep(xbar: Float64Array, p: Float64Array, sigma: number): void;
  /** v <- v - tau K^H p. */
  subtractAdjoint(p: Float64Array, v: Float64Array, tau: number): void;
  /** g(K x) = weight sum_i ||(K x)_i||. */
  value(x: Float64Array): number;
}

/**
 * Isotropic total variation lambda TV(x) of a complex ny x nx image (x: 2 ny nx doubles), or of a
 * real one with `{ complex: false }` (x: ny nx doubles).
 */
export function tvTerm(ny: number, nx: number, lambda: number, opts: { complex?: boolean } = {}): DualTerm {
  checkInt('tvTerm', 'rows ny', ny, 1);
  checkInt('tvTerm', 'columns nx', nx, 1);
  const weight = checkNumber('tvTerm', 'lambda', lambda, 0);
  const n = ny * nx;
  if (opts.complex === false) {
    return {
      name: `TV(${ny}x${nx}, real)`,
      weight,
      normSq: 8,
      dualLength: 2 * n,
      primalLength: n,
      dualStep: (xb, p, sigma) => tvDualStepReal(xb, p, ny, nx, sigma, weight),
      subtractAdjoint: (p, v, tau) => tvSubtractAdjointReal(p, v, ny, nx, tau),
      value: (x) => weight * tvValueReal(x, ny, nx),
    };
  }
  return {
    name: `TV(${ny}x${nx})`,
    weight,
    normSq: 8,
    dualLength: 4 * n,
    primalLength: 2 * n,
    dualStep: (xb, p, sigma) => tvDualStep(xb, p, ny, nx, sigma, weight),
    subtractAdjoint: (p, v, tau) => tvSubtractAdjoint(p, v, ny, nx, tau),
    value: (x) => weight * tvValue(x, ny, nx),
  };
}

/** Options of {@link l1AnalysisTerm}. */
export interface L1AnalysisOptions {
  /** x (and W x) complex interleaved: the norm of each complex coefficient (default true). */
  complex?: boolean;
  /** ||W||^2 when known (default: 1 for unitary / isometric W, else the power method). */
  normSq?: number;
}

/** lambda ||W x||_1 (complex magnitudes when `complex`). */
export function l1AnalysisTerm(W: LinearOperator, lambda: number, opts: L1AnalysisOptions = {}): DualTerm {
  if (!W || typeof W.apply !== 'function') throw new CandorError('l1AnalysisTerm', 'W', 'a LinearOperator', describe(W));
  const weight = checkNumber('l1AnalysisTerm', 'lambda', lambda, 0);
  const complex = opts.complex ?? true;
  const w = complex ? 2 : 1;
  const dualLength = w * W.rows;
  const primalLength = w * W.cols;
  let normSq: number;
  if (opts.normSq !== undefined) normSq = checkNumber('l1AnalysisTerm', 'normSq', opts.normSq, Number.MIN_VALUE);
  else if (W.structure === 'unitary' || W.structure === 'isometry') normSq = 1;
  else normSq = opNorm(W).norm ** 2 * 1.01;
  const wc = new Float64Array(dualLength);
  const wt = new Float64Array(primalLength);
  const r2 = weight * weight;
  return {
    name: `l1(${W.name})`,
    weight,
    normSq,
    dualLength,
    primalLength,
    dualStep(xb, q, sigma) {
      W.apply(xb, wc);
      if (complex) {
        for (let i = 0; i < dualLength; i += 2) {
          const a = q[i] + sigma * wc[i];
          const b = q[i + 1] + sigma * wc[i + 1];
          const mm = a * a + b * b;
          const f = mm > r2 ? weight / Math.sqrt(mm) : 1;
          q[i] = a * f;
          q[i + 1] = b * f;
        }
      } else {
        for (let i = 0; i < dualLength; i++) {
          const a = q[i] + sigma * wc[i];
          q[i] = a > weight ? weight : a < -weight ? -weight : a;
        }
      }
    },
    subtractAdjoint(q, v, tau) {
      W.adjoint(q, wt);
      for (let i = 0; i < primalLength; i++) v[i] -= tau * wt[i];
    },
    value(x) {
      W.apply(x, wc);
      let s = 0;
      if (complex) for (let i = 0; i < dualLength; i += 2) s += Math.hypot(wc[i], wc[i + 1]);
      else for (let i = 0; i < dualLength; i++) s += Math.abs(wc[i]);
      return weight * s;
    },
  };
}
