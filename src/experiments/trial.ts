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
 * const s = parseSpec({ n: 50, delta: [0.5], rho: [0.1], solver: { name: 'fista', options: { lambda: 1e-6 } } });
 * runTrial(s, s.cells[0], 0).error; // about 1e-6
 */
import type { Matrix } from '../core/dense/matrix.ts';
import { createRng } from '../core/rng/index.ts';
import { drawOperator, sampleMatrix } from '../linops/draw.ts';
import type { OperatorInput } from '../linops/types.ts';
import { solverEntry } from '../solvers/registry.ts';
import { sweepSolve } from './solvers.ts';
import { type Cell, type SweepSpec, trialForm } from './spec.ts';

/** What one trial draws: the operator, the sparse signal x0, its support and the measurements y = A x0. */
export interface TrialData {
  /** The measurement operator: the explicit matrix (dense form) or the fast transform. */
  A: OperatorInput;
  /** The explicit matrix of the dense form, else null. */
  matrix: Matrix | null;
  /** Complex measurements (partial-fourier): y and the estimate are complex interleaved. */
  complex: boolean;
  x0: Float64Array;
  y: Float64Array;
  support: Int32Array;
}

/** The reproducible record of one phase-transition trial (plus its wall time): relative error, success, support recovery and solver statistics. */
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
 * The operator, signal and measurements of a trial (deterministic). The form (an explicit matrix
 * or a fast transform, spec.ts `trialForm`) depends on the ensemble, the solver and the size; a
 * dense matrix is written into `Abuf` (at least m * n long) when given, else into a new array:
 * the same values either way.
 */
export function generateTrial(spec: SweepSpec, cell: Cell, trial: number, Abuf?: Float64Array): TrialData {
  const rng = createRng(spec.seed, cell.index, trial);
  const form = trialForm(spec.ensemble, solverEntry(spec.solver.name), cell.m, spec.n);
  const support = new Int32Array(cell.k);
  if (form === 'dense') {
    const M = sampleMatrix(spec.ensemble, cell.m, spec.n, rng, Abuf?.subarray(0, cell.m * spec.n));
    const x0 = rng.sparseVector(spec.n, cell.k, spec.signal, new Float64Array(spec.n), support);
    const y = supportProduct(M, x0, support, new Float64Array(cell.m));
    return { A: M, matrix: M, complex: false, x0, y, support };
  }
  const op = drawOperator(spec.ensemble, cell.m, spec.n, rng, 'operator');
  const x0 = rng.sparseVector(spec.n, cell.k, spec.signal, new Float64Array(spec.n), support);
  const complex = op.field === 'complex';
  let xin = x0;
  if (complex) {
    xin = new Float64Array(2 * spec.n);
    for (let i = 0; i < spec.n; i++) xin[2 * i] = x0[i];
  }
  const y = op.apply(xin, new Float64Array(complex ? 2 * cell.m : cell.m));
  return { A: op, matrix: null, complex, x0, y, support };
}

/**
 * y = M x0 over the sorted support of x0 only (k columns, not n), bit-identical to `gemv`: its
 * rows in blocks of four sum each row in ascending column order with one accumulator, its last
 * m mod 4 rows sum even and odd columns apart and add the two; the skipped terms are exact zeros
 * (a + 0 = a, and +0 + -0 = +0 where a sum starts), so the same order over the support gives the
 * same bits.
 */
function supportProduct(M: Matrix, x0: Float64Array, support: Int32Array, y: Float64Array): Float64Array {
  const { rows: m, cols: n, data } = M;
  const k = support.length;
  const blocked = m - (m % 4);
  for (let i = 0; i < m; i++) {
    const o = i * n;
    let s0 = 0;
    let s1 = 0;
    for (let t = 0; t < k; t++) {
      const j = support[t];
      const p = data[o + j] * x0[j];
      if (i < blocked || (j & 1) === 0) s0 += p;
      else s1 += p;
    }
    y[i] = i < blocked ? s0 : s0 + s1;
  }
  return y;
}

/** This thread's matrix buffer for runTrial (trials run one after another; grown as needed). */
let scratch = new Float64Array(0);

/**
 * Does the estimate's support (|x_i| > threshold max|x|) equal the true support? `complex`:
 * x is complex interleaved and |x_i| its modulus.
 */
export function supportMatches(x: Float64Array, support: Int32Array, threshold: number, complex = false): boolean {
  const n = complex ? x.length >> 1 : x.length;
  const mag = (i: number) => (complex ? Math.hypot(x[2 * i], x[2 * i + 1]) : Math.abs(x[i]));
  let mx = 0;
  for (let i = 0; i < n; i++) mx = Math.max(mx, mag(i));
  const cut = threshold * mx;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const inS = t < support.length && support[t] === i;
    if (inS) t++;
    if (mag(i) > cut !== inS) return false;
  }
  return true;
}

/** Generates and solves one trial (the matrix lives in a per-thread buffer reused by the next trial). */
export function runTrial(spec: SweepSpec, cell: Cell, trial: number): TrialResult {
  const dense = trialForm(spec.ensemble, solverEntry(spec.solver.name), cell.m, spec.n) === 'dense';
  if (dense && scratch.length < cell.m * spec.n) scratch = new Float64Array(cell.m * spec.n);
  const { A, complex, x0, y, support } = generateTrial(spec, cell, trial, dense ? scratch : undefined);
  const t0 = performance.now();
  const r = sweepSolve(spec.solver.name, spec.solver.options, A, y, cell.k);
  const seconds = (performance.now() - t0) / 1000;
  let d = 0;
  let s = 0;
  for (let i = 0; i < x0.length; i++) {
    if (complex) d += (r.x[2 * i] - x0[i]) ** 2 + r.x[2 * i + 1] ** 2;
    else d += (r.x[i] - x0[i]) ** 2;
    s += x0[i] * x0[i];
  }
  const error = Number.isFinite(d) ? Math.sqrt(d / s) : Infinity;
  const supportRecovered = supportMatches(r.x, support, spec.success.kind === 'support' ? spec.success.threshold : 1e-4, complex);
  const success = spec.success.kind === 'support' ? supportRecovered : error <= spec.success.threshold;
  return { cell: cell.index, trial, m: cell.m, k: cell.k, error, success, supportRecovered, iterations: r.iterations, stopReason: r.stopReason, seconds };
}
