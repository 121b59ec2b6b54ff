/**
 * The one calling convention of Candor's solvers.
 *
 * Every solver is a plain function `solver(A, y, ..., opts)` returning a {@link SolverResult}, built
 * on a step generator `solverSteps(...)` that yields an {@link Iterate} per iteration (the web lab
 * animates the same code path). Objectives follow one convention everywhere:
 *
 *     F(x) = 1/2 ||A x - y||_2^2 + lambda R(x)
 *
 * in docs, thresholds and `history.objective` alike (greedy solvers report 1/2 ||Ax - y||^2).
 */

/** Why a solver stopped. */
export type StopReason =
  | 'tolerance' // the relative change / optimality measure fell below tol
  | 'max-iterations' // maxIter reached without meeting tol (converged: false)
  | 'exact-fit' // residual (numerically) zero
  | 'sparsity-reached' // greedy: k atoms selected
  | 'residual-target' // greedy / BPDN: residual norm reached the target
  | 'optimal' // an exact method (LP, homotopy) certified optimality
  | 'infeasible' // the problem has no solution (e.g. nonnegative BP)
  | 'stagnation' // no progress possible (e.g. greedy picked a dependent atom)
  | 'diverged' // objective grew without bound or became non-finite
  | 'aborted' // the AbortSignal fired
  | 'callback'; // onIterate returned false

/** The state a step generator yields after each iteration (x is a live view: copy to keep). */
export interface Iterate {
  iteration: number;
  x: Float64Array;
  objective: number;
  residualNorm: number;
  /** ||x_k - x_{k-1}|| / max(||x_k||, tiny) (greedy: 0 when the support is unchanged). */
  relChange: number;
  /** Solver-specific extras, e.g. step size, support size, threshold. */
  info?: Record<string, number>;
}

/** What a step generator returns when it finishes. */
export interface StepsDone {
  x: Float64Array;
  converged: boolean;
  stopReason: StopReason;
  /** Extra result fields (support, lambda, dual, ...). */
  extra?: Record<string, unknown>;
}

/**
 * Per-iteration records of a solve (iteration 1 and every `historyEvery`-th; empty when `historyEvery` is 0).
 */
export interface History {
  objective: number[];
  residualNorm: number[];
  relChange: number[];
  /** Seconds since the solver started. */
  elapsed: number[];
  /** ||x - xTrue|| / ||xTrue|| when `xTrue` was given. */
  error: number[];
}

/** Numbers of products with A (`apply`), A^H (`adjoint`) and A^H A (`normal`) during a solve. */
export interface OperatorCalls {
  apply: number;
  adjoint: number;
  normal: number;
}

/**
 * What every solver returns: the solution x, why and when it stopped, the final objective
 * F(x) = 1/2 ||A x - y||^2 + lambda R(x) (greedy solvers: 1/2 ||A x - y||^2) and residual norm,
 * the history, the operator calls and the wall time.
 */
export interface SolverResult {
  solver: string;
  x: Float64Array;
  iterations: number;
  converged: boolean;
  stopReason: StopReason;
  objective: number;
  residualNorm: number;
  history: History;
  calls: OperatorCalls;
  /** Wall time in seconds. */
  seconds: number;
  /** Present for penalised solvers. */
  lambda?: number;
  /** Indices of the nonzero entries (greedy solvers and exact methods). */
  support?: Int32Array;
  /** Solver-specific extras (dual solution, sigma, step size, ...). */
  extra?: Record<string, unknown>;
}

/** Options shared by all solvers. */
export interface CommonOptions {
  maxIter?: number;
  tol?: number;
  /** Warm start (length n, or 2n complex). */
  x0?: Float64Array;
  /** Called after every iteration; return false to stop (stopReason 'callback'). */
  // biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing are the common case
  onIterate?: (it: Iterate) => boolean | void;
  signal?: AbortSignal;
  /** Ground truth: history.error records the relative error against it. */
  xTrue?: Float64Array;
  /** Record history every `historyEvery` iterations (default 1; 0 disables). */
  historyEvery?: number;
}
