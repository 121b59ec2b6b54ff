/**
 * Exact basis pursuit as a linear program, solved by HiGHS (dual revised simplex, WebAssembly).
 *
 * Signed BP, split x = u - w with u, w >= 0:
 *
 *     min 1^T (u + w)   s.t.  [A, -A] [u; w] = y,  u, w >= 0         (= min ||x||_1 s.t. Ax = y)
 *
 * Nonnegative BP (`nonneg: true`):  min 1^T x  s.t.  Ax = y,  x >= 0.
 *
 * Dual solution. `extra.dual` is the LP multiplier v of the equality rows (HiGHS `rowDual`, for
 * which reduced costs are c - M^T v). At an optimum it is a dual certificate (THEORY.md section 5):
 *
 *     signed:   ||A^T v||_inf <= 1  and  a_j^T v = sign(x_j) on the support,
 *     nonneg:   A^T v <= 1          and  a_j^T v = 1 on the support,
 *
 * and strong duality holds: ||x||_1 = y^T v (`extra.dualObjective`). By THEORY.md section 5 item 3,
 * ||x'||_1 - y^T v bounds the suboptimality of any other feasible x'. `extra.dualInfeasibility` is
 * max(0, max_j |a_j^T v| - 1) (nonneg: max(0, max_j a_j^T v - 1)) as computed here in double
 * precision, not HiGHS's own report.
 *
 * The model goes to HiGHS as CSC arrays (explicit zeros of A dropped), never as LP text, with
 * presolve off by default: on dense Gaussian problems presolve finds nothing and costs ~2x.
 *
 * Polish (default on): HiGHS stops within its feasibility tolerances (1e-7), which leaves residuals
 * and dual violations up to ~1e-9 on structured matrices (Rademacher, partial Hadamard). x and v
 * are therefore recomputed from HiGHS's optimal basis B by one QR in double precision
 * (B x_B = y, B^T v = 1; ./highs-polish.ts, O(m^3), ~10% of the solve at m = 400) and kept where
 * at least as good (`extra.polished`). x is then the exact basic solution up to rounding;
 * `support` lists its entries with |x_j| > 1e-12 ||x||_inf.
 *
 * Objective. BP is a constrained problem without lambda: `objective` and `history.objective` are
 * ||x||_1 (the LP objective), and `residualNorm` is ||Ax - y||_2.
 *
 * API: the HiGHS Wasm module loads asynchronously, the solve is synchronous. Call
 * `await initHighs()` once (./highs-runtime.ts), then `bpLP` synchronously as often as needed.
 *
 * References: Chen, Donoho & Saunders, "Atomic decomposition by basis pursuit", SIAM J. Sci.
 * Comput. 1998 (BP as an LP); Huangfu & Hall, Math. Prog. Comp. 2018 (HiGHS dual simplex).
 *
 * @example
 * import { initHighs } from './highs-runtime.ts';
 * import { bpLP } from './bp-lp.ts';
 * await initHighs();
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 1, 1, 0, -1) };
 * const r = bpLP(A, Float64Array.of(2, 0.5));
 * r.x;          // [0.5, 0.75, 0]
 * r.objective;  // 1.25 = ||x||_1
 * r.extra.dual; // [0.5, 0.5]: A^T v = [1, 1, 0]
 */
import type { Model, ModelData } from 'highs';
import { CandorError, checkFinite, checkNumber } from '../core/errors.ts';
import { type CscColumns, polishBasis } from './highs-polish.ts';
import { highsStatusName, requireHighs, withHighsModel } from './highs-runtime.ts';
import { makeProblem, type OperatorInput, type Problem } from './problem.ts';
import { checkCommon, runSteps } from './run.ts';
import type { CommonOptions, Iterate, SolverResult, StepsDone } from './types.ts';

export interface BpLPOptions extends CommonOptions {
  /** Nonnegative BP: min 1^T x s.t. Ax = y, x >= 0 (default false: signed BP). */
  nonneg?: boolean;
  /** HiGHS presolve (default 'off'). */
  presolve?: 'off' | 'on' | 'choose';
  /** Wall-clock limit in seconds (default none); reaching it reports converged: false. */
  timeLimit?: number;
  /**
   * Recompute x and v from HiGHS's optimal basis by one QR in double precision (default true;
   * ./highs-polish.ts); each is kept only where it is at least as good as HiGHS's own.
   */
  polish?: boolean;
  /** Further HiGHS options passed verbatim (advanced; e.g. { simplex_strategy: 4 }). */
  highsOptions?: Record<string, string | number | boolean>;
  // maxIter maps to HiGHS's simplex_iteration_limit; tol (if given) to its primal and dual
  // feasibility tolerances (HiGHS default 1e-7).
}

/** Defaults of {@link BpLPOptions}. */
export const BPLP_DEFAULTS = Object.freeze({
  nonneg: false,
  polish: true,
  presolve: 'off' as const,
});

/** Extra fields of a bpLP result (`result.extra`). */
export interface BpLPExtra extends Record<string, unknown> {
  /** LP dual of the equality rows (length m), or null when no dual is available (infeasible). */
  dual: Float64Array | null;
  /** y^T v (equals ||x||_1 at an optimum). */
  dualObjective: number;
  /** max(0, max_j |a_j^T v| - 1) (nonneg: max(0, max_j a_j^T v - 1)). */
  dualInfeasibility: number;
  /**
   * When infeasible: a Farkas certificate z with y^T z = 1 and A^T z <= 0 (nonneg) or A^T z = 0
   * (signed), which proves that no x (>= 0) has Ax = y; else null. `farkasViolation` is
   * max_j (A^T z)_j (nonneg) or max_j |(A^T z)_j| (signed), ideally 0.
   */
  farkas: Float64Array | null;
  farkasViolation: number;
  /** Whether the returned x and v are the polished basic solution (see `polish`). */
  polished: { primal: boolean; dual: boolean };
  /** HiGHS model status as a name ('optimal', 'infeasible', ...) and as its numeric code. */
  status: string;
  highsStatus: number;
  simplexIterations: number;
  nonneg: boolean;
  /** Seconds spent building the CSC model, inside HiGHS (copy + solve), and in total. */
  timing: { buildSeconds: number; solveSeconds: number; totalSeconds: number };
}

const ERROR_STATUSES = new Set([1, 2, 3, 4, 5, 15]);

/** CSC arrays of [A, -A] (signed) or A (nonneg) with explicit zeros dropped. */
function buildModel(p: Problem, nonneg: boolean): ModelData {
  const { m, n } = p;
  const colStart = new Int32Array(n + 1);
  let rows: Int32Array;
  let vals: Float64Array;
  if (p.dense) {
    const a = p.dense.data;
    for (let i = 0; i < m; i++) {
      const o = i * n;
      for (let j = 0; j < n; j++) if (a[o + j] !== 0) colStart[j + 1]++;
    }
    for (let j = 0; j < n; j++) colStart[j + 1] += colStart[j];
    const nnz = colStart[n];
    rows = new Int32Array(nnz);
    vals = new Float64Array(nnz);
    const fill = colStart.slice(0, n);
    for (let i = 0; i < m; i++) {
      const o = i * n;
      for (let j = 0; j < n; j++) {
        const v = a[o + j];
        if (v !== 0) {
          const q = fill[j]++;
          rows[q] = i;
          vals[q] = v;
        }
      }
    }
  } else {
    // operator: materialise the columns A e_j (n applies)
    const e = new Float64Array(n);
    const col = new Float64Array(m);
    const rl: number[] = [];
    const vl: number[] = [];
    for (let j = 0; j < n; j++) {
      e[j] = 1;
      p.apply(e, col);
      e[j] = 0;
      checkFinite('bpLP', `A e_${j} (column ${j} of the operator)`, col);
      for (let i = 0; i < m; i++) {
        if (col[i] !== 0) {
          rl.push(i);
          vl.push(col[i]);
        }
      }
      colStart[j + 1] = rl.length;
    }
    rows = Int32Array.from(rl);
    vals = Float64Array.from(vl);
  }
  const nCols = nonneg ? n : 2 * n;
  let starts = colStart;
  let indices = rows;
  let values = vals;
  if (!nonneg) {
    const nnz = colStart[n];
    starts = new Int32Array(2 * n + 1);
    starts.set(colStart);
    for (let j = 1; j <= n; j++) starts[n + j] = nnz + colStart[j];
    indices = new Int32Array(2 * nnz);
    indices.set(rows);
    indices.set(rows, nnz);
    values = new Float64Array(2 * nnz);
    values.set(vals);
    for (let q = 0; q < nnz; q++) values[nnz + q] = -vals[q];
  }
  const inf = Infinity;
  return {
    numCols: nCols,
    numRows: m,
    colCost: new Float64Array(nCols).fill(1),
    colLower: new Float64Array(nCols),
    colUpper: new Float64Array(nCols).fill(inf),
    rowLower: p.y,
    rowUpper: p.y,
    matrix: { format: 'csc', numRows: m, numCols: nCols, starts, indices, values },
  };
}

/** A^T v through the CSC columns of A (first n columns of the model). */
function atv(model: ModelData, n: number, v: Float64Array): Float64Array {
  const { starts, indices, values } = model.matrix as {
    starts: Int32Array;
    indices: Int32Array;
    values: Float64Array;
  };
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let q = starts[j]; q < starts[j + 1]; q++) s += values[q] * v[indices[q]];
    out[j] = s;
  }
  return out;
}

function csc(data: ModelData): CscColumns {
  return data.matrix as unknown as CscColumns;
}

function norm2(v: Float64Array): number {
  let s = 0;
  for (const t of v) s += t * t;
  return Math.sqrt(s);
}

/** ||A x - y||_2 (one apply). */
function residualOf(p: Problem, x: Float64Array): number {
  const r = p.apply(x, new Float64Array(p.m));
  let s = 0;
  for (let i = 0; i < p.m; i++) s += (r[i] - p.y[i]) ** 2;
  return Math.sqrt(s);
}

/** max(0, max_j |a_j^T v| - 1), or max(0, max_j a_j^T v - 1) for nonneg BP. */
function dualViolation(data: ModelData, n: number, v: Float64Array, nonneg: boolean): number {
  const g = atv(data, n, v);
  let worst = 0;
  for (let j = 0; j < n; j++) worst = Math.max(worst, (nonneg ? g[j] : Math.abs(g[j])) - 1);
  return worst;
}

/** Step generator: one HiGHS solve, one yielded iterate (iteration = simplex iterations). */
export function* bpLPSteps(p: Problem, opts: BpLPOptions = {}): Generator<Iterate, StepsDone, undefined> {
  const where = 'bpLP';
  const nonneg = opts.nonneg ?? BPLP_DEFAULTS.nonneg;
  const polish = opts.polish ?? BPLP_DEFAULTS.polish;
  const { m, n, y } = p;
  const t0 = performance.now();
  const data = buildModel(p, nonneg);
  const t1 = performance.now();
  const options: Record<string, string | number | boolean> = {
    presolve: opts.presolve ?? BPLP_DEFAULTS.presolve,
  };
  if (opts.maxIter !== undefined) options.simplex_iteration_limit = Math.min(opts.maxIter, 2147483647);
  if (opts.tol !== undefined && opts.tol > 0) {
    options.primal_feasibility_tolerance = opts.tol;
    options.dual_feasibility_tolerance = opts.tol;
  }
  if (opts.timeLimit !== undefined) options.time_limit = opts.timeLimit;
  Object.assign(options, opts.highsOptions ?? {});
  const solved = withHighsModel(where, data, options, (model: Model) => {
    model.run();
    const status = model.getModelStatus() as number;
    const sol = status === 7 ? model.getSolution() : null;
    const basis = status === 7 && polish ? model.getBasis() : null;
    const ray = status === 8 || status === 9 ? (model.getDualRay()?.values ?? null) : null;
    return { status, sol, basis, ray, iters: Number(model.info.get('simplex_iteration_count')) };
  });
  const t2 = performance.now();
  const { status, sol, basis, ray, iters } = solved;
  if (ERROR_STATUSES.has(status)) {
    throw new CandorError(
      where,
      'HiGHS solve',
      'a solved LP',
      `status ${highsStatusName(status)}`,
      'numerical',
    );
  }
  const x = new Float64Array(n);
  let dual: Float64Array | null = null;
  const polished = { primal: false, dual: false };
  if (sol) {
    const toX = (cv: Float64Array, out: Float64Array): Float64Array => {
      if (nonneg) for (let j = 0; j < n; j++) out[j] = cv[j];
      else for (let j = 0; j < n; j++) out[j] = cv[j] - cv[n + j];
      return out;
    };
    toX(sol.colValue, x);
    dual = sol.rowDual.slice();
    const pb = basis
      ? polishBasis(
          csc(data),
          m,
          data.numCols,
          basis.colStatus,
          basis.rowStatus,
          y,
          data.colCost as Float64Array,
        )
      : null;
    if (pb) {
      // keep the polished basic solution where it is at least as good as HiGHS's
      let zmax = 0;
      let zmin = 0;
      for (const t of pb.z) {
        zmax = Math.max(zmax, t);
        zmin = Math.min(zmin, t);
      }
      if (zmin >= -1e-9 * zmax) {
        for (let j = 0; j < pb.z.length; j++) if (pb.z[j] < 0) pb.z[j] = 0;
        const xp = toX(pb.z, new Float64Array(n));
        // (rounding-level residuals count as equal: 1e-14 ||y||)
        if (residualOf(p, xp) <= Math.max(residualOf(p, x), 1e-14 * norm2(y))) {
          x.set(xp);
          polished.primal = true;
        }
      }
      if (dualViolation(data, n, pb.v, nonneg) <= Math.max(dualViolation(data, n, dual, nonneg), 1e-14)) {
        dual = pb.v;
        polished.dual = true;
      }
    }
  }
  let l1 = 0;
  let xmax = 0;
  for (let j = 0; j < n; j++) {
    const a = Math.abs(x[j]);
    l1 += a;
    if (a > xmax) xmax = a;
  }
  const thr = 1e-12 * xmax;
  let k = 0;
  for (let j = 0; j < n; j++) if (Math.abs(x[j]) > thr) k++;
  const support = new Int32Array(k);
  k = 0;
  for (let j = 0; j < n; j++) if (Math.abs(x[j]) > thr) support[k++] = j;
  const residualNorm = residualOf(p, x);
  let dualObjective = Number.NaN;
  let dualInfeasibility = Number.NaN;
  if (dual) {
    dualObjective = 0;
    for (let i = 0; i < m; i++) dualObjective += y[i] * dual[i];
    dualInfeasibility = dualViolation(data, n, dual, nonneg);
  }
  let farkas: Float64Array | null = null;
  let farkasViolation = Number.NaN;
  if (ray) {
    // Farkas certificate of infeasibility, scaled to y^T z = 1:
    // nonneg: A^T z <= 0 (then 0 >= z^T A x = z^T y = 1 for any x >= 0 is absurd); signed: A^T z = 0
    let yz = 0;
    for (let i = 0; i < m; i++) yz += y[i] * ray[i];
    if (yz > 0) {
      farkas = new Float64Array(m);
      for (let i = 0; i < m; i++) farkas[i] = ray[i] / yz;
      const g = atv(data, n, farkas);
      farkasViolation = 0;
      for (let j = 0; j < n; j++) farkasViolation = Math.max(farkasViolation, nonneg ? g[j] : Math.abs(g[j]));
    }
  }
  const extra: BpLPExtra & { support: Int32Array; objective: number; residualNorm: number } = {
    dual,
    dualObjective,
    dualInfeasibility,
    farkas,
    farkasViolation,
    polished,
    status: highsStatusName(status === 9 ? 8 : status),
    highsStatus: status,
    simplexIterations: iters,
    nonneg,
    timing: {
      buildSeconds: (t1 - t0) / 1000,
      solveSeconds: (t2 - t1) / 1000,
      totalSeconds: (performance.now() - t0) / 1000,
    },
    support,
    objective: l1,
    residualNorm,
  };
  yield {
    iteration: iters,
    x,
    objective: l1,
    residualNorm,
    relChange: 0,
    info: { simplexIterations: iters },
  };
  if (status === 7) return { x, converged: true, stopReason: 'optimal', extra };
  // 8 infeasible; 9 (infeasible or unbounded) is infeasible here: the objective is bounded below by 0
  if (status === 8 || status === 9) return { x, converged: false, stopReason: 'infeasible', extra };
  return { x, converged: false, stopReason: 'max-iterations', extra };
}

/**
 * Exact (nonnegative) basis pursuit via HiGHS. Synchronous; needs `await initHighs()` first.
 * Returns the common SolverResult; `extra` is a {@link BpLPExtra} (dual, status, timing, ...).
 */
export function bpLP(A: OperatorInput, y: Float64Array, opts: BpLPOptions = {}): SolverResult {
  const where = 'bpLP';
  requireHighs(where);
  if (opts === null || typeof opts !== 'object')
    throw new CandorError(where, 'opts', 'an options object', String(opts));
  const p = makeProblem(where, A, y, { realOnly: true });
  checkCommon(where, p, opts);
  if (opts.x0 !== undefined) {
    throw new CandorError(where, 'x0', 'no warm start (the simplex method starts from its own basis)', 'a Float64Array');
  }
  if (opts.timeLimit !== undefined) checkNumber(where, 'timeLimit', opts.timeLimit, 0);
  if (opts.nonneg !== undefined && typeof opts.nonneg !== 'boolean') {
    throw new CandorError(where, 'nonneg', 'a boolean', String(opts.nonneg));
  }
  return runSteps(where, p, bpLPSteps(p, opts), opts);
}
