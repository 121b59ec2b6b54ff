/**
 * One phase-transition trial, reproducible from (master seed, cell, trial index) alone.
 *
 * Derivation: rng = createRng(seed, cell.index, trial); the matrix is drawn first
 * (`sampleMatrix(ensemble, m, n, rng)`), then the k-sparse signal (`rng.sparseVector(n, k, model)`:
 * a uniformly random support by Floyd's algorithm, amplitudes +-1 / N(0,1) / +1), y = A x0
 * (noiseless). The solver's estimate x is scored by its relative error ||x - x0|| / ||x0|| and by
 * exact support recovery (entries above threshold * max|x| equal the true support).
 *
 * @example
 * import { parseSpec } from './spec.ts';
 * import { runTrial } from './trial.ts';
 * const s = parseSpec({ n: 50, delta: [0.5], rho: [0.1], solver: 'fista-lasso' });
 * runTrial(s, s.cells[0], 0).error; // about 1e-6
 */
import type { Matrix } from '../core/dense/matrix.ts';
import { gemv } from '../core/dense/gemv.ts';
import { createRng } from '../core/rng/index.ts';
import { sampleMatrix } from './ensembles.ts';
import { sweepSolver } from './solvers.ts';
import type { Cell, SweepSpec } from './spec.ts';

export interface TrialData {
  A: Matrix;
  x0: Float64Array;
  y: Float64Array;
  support: Int32Array;
}

export interface TrialResult {
  cell: number;
  trial: number;
  m: number;
  k: number;
  /** Relative l2 error of the estimate. */
  error: number;
  success: boolean;
  supportRecovered: boolean;
  iterations: number;
  stopReason: string;
  /** Solver wall time in seconds (not part of the reproducible record). */
  seconds: number;
}

/**
 * The matrix, signal and measurements of a trial (deterministic). The matrix is written into
 * `Abuf` (at least m * n long) when given, else into a new array: the same values either way.
 */
export function generateTrial(spec: SweepSpec, cell: Cell, trial: number, Abuf?: Float64Array): TrialData {
  const rng = createRng(spec.seed, cell.index, trial);
  const A = sampleMatrix(spec.ensemble, cell.m, spec.n, rng, Abuf?.subarray(0, cell.m * spec.n));
  const support = new Int32Array(cell.k);
  const x0 = rng.sparseVector(spec.n, cell.k, spec.signal, new Float64Array(spec.n), support);
  const y = gemv(A, x0, new Float64Array(cell.m));
  return { A, x0, y, support };
}

/** This thread's matrix buffer for runTrial (trials run one after another; grown as needed). */
let scratch = new Float64Array(0);

/** Does the estimate's support (|x_i| > threshold max|x|) equal the true support? */
export function supportMatches(x: Float64Array, support: Int32Array, threshold: number): boolean {
  let mx = 0;
  for (let i = 0; i < x.length; i++) mx = Math.max(mx, Math.abs(x[i]));
  const cut = threshold * mx;
  let t = 0;
  for (let i = 0; i < x.length; i++) {
    const inS = t < support.length && support[t] === i;
    if (inS) t++;
    if (Math.abs(x[i]) > cut !== inS) return false;
  }
  return true;
}

/** Generates and solves one trial (the matrix lives in a per-thread buffer reused by the next trial). */
export function runTrial(spec: SweepSpec, cell: Cell, trial: number): TrialResult {
  if (scratch.length < cell.m * spec.n) scratch = new Float64Array(cell.m * spec.n);
  const { A, x0, y, support } = generateTrial(spec, cell, trial, scratch);
  const solve = sweepSolver(spec.solver.name);
  const t0 = performance.now();
  const r = solve(A, y, { k: cell.k, signal: spec.signal, options: spec.solver.options });
  const seconds = (performance.now() - t0) / 1000;
  let d = 0;
  let s = 0;
  for (let i = 0; i < x0.length; i++) {
    d += (r.x[i] - x0[i]) ** 2;
    s += x0[i] * x0[i];
  }
  const error = Number.isFinite(d) ? Math.sqrt(d / s) : Infinity;
  const supportRecovered = supportMatches(r.x, support, spec.success.kind === 'support' ? spec.success.threshold : 1e-4);
  const success = spec.success.kind === 'support' ? supportRecovered : error <= spec.success.threshold;
  return { cell: cell.index, trial, m: cell.m, k: cell.k, error, success, supportRecovered, iterations: r.iterations, stopReason: r.stopReason, seconds };
}
