/**
 * Recover and certify in one call: the library form of `candor recover`. Chooses the solver for
 * the problem (`chooseSolver`, from the registry's capabilities), runs it, and attaches the
 * certificate that fits the problem kind (`certifyResult`):
 *
 * - basis pursuit   min ||x||_1  s.t.  A x = y                     (no lambda, no sigma)
 * - the LASSO       min 1/2||A x - y||^2 + lambda ||x||_1          (`lambda`)
 * - BPDN            min ||x||_1  s.t.  ||A x - y||_2 <= sigma      (`sigma`)
 *
 * Solvers and certificates that use linear programming need HiGHS: `await initHighs()` once
 * before calling `recover` (real data; the certificate falls back to the least-norm dual
 * certificate otherwise only when `lp: false`).
 *
 * References: Chen, Donoho & Saunders, SIAM J. Sci. Comput. 20 (1998) (basis pursuit);
 * Tibshirani, JRSS B 58 (1996) (the LASSO); Fuchs, IEEE Trans. Inf. Theory 50 (2004) (dual
 * certificates).
 *
 * @example
 * import { createRng, gaussianMatrix, gemv, initHighs, recover } from 'candor';
 * await initHighs();
 * const rng = createRng(1, 0, 0);
 * const A = gaussianMatrix(80, 256, rng);
 * const x0 = rng.sparseVector(256, 10, 'signed', new Float64Array(256));
 * const r = recover(A, gemv(A, x0, new Float64Array(80)));
 * r.solver;                // 'bp-homotopy'
 * r.certificate.verdict;   // 'certified unique l1 minimiser'
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import type { OperatorInput } from '../linops/types.ts';
import { type ChooseLabels, chooseSolver, runChosen } from '../solvers/choose.ts';
import { makeProblem } from '../solvers/problem.ts';
import type { SolverName } from '../solvers/registry.ts';
import type { SolverResult } from '../solvers/types.ts';
import { type ResultCertificate, certifyResult } from './certify-result.ts';

/**
 * Options of {@link recover}: the solver, the problem kind (lambda: LASSO, sigma: BPDN, neither:
 * basis pursuit) and the certificate.
 */
export interface RecoverOptions {
  /** A registry name (`SOLVER_NAMES`, typed {@link SolverName}) or 'auto' (default). */
  solver?: SolverName | 'auto';
  /** The LASSO's weight (the problem becomes the LASSO). */
  lambda?: number;
  /** BPDN's noise level (the problem becomes BPDN). */
  sigma?: number;
  /** Sparsity, for the solvers that keep k entries, and the certificate's premise. */
  k?: number;
  nonneg?: boolean;
  maxIter?: number;
  tol?: number;
  /** false: skip the certificate (default true). */
  certify?: boolean;
  /** false: no LP certificate (HiGHS); the least-norm one only. */
  lp?: boolean;
}

/**
 * The result of {@link recover}: the solution, the solver's result, which solver ran and why, and
 * the certificate for the problem kind.
 */
export interface Recovery {
  /** The solution (complex interleaved re/im for complex operators). */
  x: Float64Array;
  /** The solver's full result (iterations, history, stop reason). */
  result: SolverResult;
  /** The solver that ran, and why it was chosen ('requested' when named). */
  solver: string;
  reason: string;
  mode: 'bp' | 'lasso' | 'bpdn';
  /** The certificate for the problem kind, or null with `certify: false`. */
  certificate: ResultCertificate | null;
}

/** Every key of {@link RecoverOptions} (the compiler keeps this record and the interface equal). */
const OPTION_KEYS: readonly string[] = Object.keys({
  solver: true,
  lambda: true,
  sigma: true,
  k: true,
  nonneg: true,
  maxIter: true,
  tol: true,
  certify: true,
  lp: true,
} satisfies Record<keyof RecoverOptions, true>);

/** Levenshtein distance (for the suggestion after a misspelled option). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** Refuses a key recover() does not know (a misspelled option would otherwise be ignored). */
function checkOptionKeys(where: string, options: object): void {
  for (const key of Object.keys(options)) {
    if (OPTION_KEYS.includes(key)) continue;
    const near = OPTION_KEYS.filter((k) => distance(key.toLowerCase(), k.toLowerCase()) <= 2);
    const hint = near.length ? ` (did you mean ${near.map((k) => `options.${k}`).join(' or ')}?)` : '';
    throw new CandorError(where, `options.${key}`, `one of the options ${OPTION_KEYS.join(', ')}`, `an unknown option${hint}`, 'usage');
  }
}

const LABELS: ChooseLabels = Object.freeze({ solver: 'options.solver', k: 'options.k', nonneg: 'options.nonneg', lambda: 'options.lambda', sigma: 'options.sigma', lambdaAndSigma: 'options.lambda and options.sigma' });

/** Solves the problem the options name and certifies the result (see the file comment). */
export function recover(A: OperatorInput, y: Float64Array, options: RecoverOptions | null = {}): Recovery {
  const where = 'recover';
  if (options === null || typeof options !== 'object') throw new CandorError(where, 'options', 'an object (or nothing)', describe(options));
  checkOptionKeys(where, options);
  // the options in the caller's terms, before a solver would name them in its own
  if (options.lambda !== undefined) checkNumber(where, 'options.lambda', options.lambda, 0);
  if (options.sigma !== undefined) checkNumber(where, 'options.sigma', options.sigma, 0);
  if (options.k !== undefined) checkInt(where, 'options.k', options.k, 1);
  if (options.maxIter !== undefined) checkInt(where, 'options.maxIter', options.maxIter, 1);
  if (options.tol !== undefined) checkNumber(where, 'options.tol', options.tol, 0);
  const p = makeProblem(where, A, y);
  const nonneg = options.nonneg ?? false;
  const chosen = chooseSolver(
    where,
    { solver: options.solver ?? 'auto', lambda: options.lambda, sigma: options.sigma, k: options.k, nonneg, maxIter: options.maxIter, tol: options.tol },
    { m: p.m, n: p.n, complex: p.complex, dense: p.dense !== null },
    LABELS,
  );
  const result = runChosen(chosen, A, y);
  const mode = chosen.settings.mode;
  const certificate =
    options.certify === false
      ? null
      : certifyResult(A, y, result.x, { mode, lambda: options.lambda, sigma: options.sigma, nonneg, k: options.k, ...(options.lp === false ? { lp: false } : {}) });
  return { x: result.x, result, solver: chosen.name, reason: chosen.reason, mode, certificate };
}
