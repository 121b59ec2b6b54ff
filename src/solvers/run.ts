/**
 * Drains a solver's step generator into one SolverResult: records history (objective, residual
 * norm, relative change, elapsed, error against xTrue), calls `onIterate`, honours the
 * AbortSignal, and counts operator calls. Solvers never print.
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import type { Problem } from './problem.ts';
import { checkVector } from './problem.ts';
import type { CommonOptions, History, Iterate, SolverResult, StepsDone } from './types.ts';

export function emptyHistory(): History {
  return { objective: [], residualNorm: [], relChange: [], elapsed: [], error: [] };
}

function relErr(x: Float64Array, ref: Float64Array, refNorm: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - ref[i];
    s += d * d;
  }
  return refNorm > 0 ? Math.sqrt(s) / refNorm : Math.sqrt(s);
}

/** Validates the common options (maxIter, tol, x0, xTrue) for `where`. */
export function checkCommon(where: string, p: Problem, opts: CommonOptions): void {
  if (opts.maxIter !== undefined) checkInt(where, 'maxIter', opts.maxIter, 0);
  if (opts.tol !== undefined) checkNumber(where, 'tol', opts.tol, 0);
  checkVector(where, 'x0', opts.x0, p);
  checkVector(where, 'xTrue', opts.xTrue, p);
  if (opts.historyEvery !== undefined) checkInt(where, 'historyEvery', opts.historyEvery, 0);
  if (opts.onIterate !== undefined && typeof opts.onIterate !== 'function') {
    throw new CandorError(where, 'onIterate', 'a function (iterate) => boolean | void', describe(opts.onIterate));
  }
  const signal = opts.signal as unknown;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof (signal as AbortSignal).aborted !== 'boolean')) {
    throw new CandorError(where, 'signal', 'an AbortSignal', describe(signal));
  }
}

/**
 * Runs `steps` to completion. The generator checks nothing about aborting or callbacks: this
 * runner stops it (calling `return()`) when the signal fires or onIterate returns false, and the
 * result then carries the last iterate with converged: false.
 */
export function runSteps(
  solver: string,
  p: Problem,
  steps: Generator<Iterate, StepsDone, undefined>,
  opts: CommonOptions,
  extra: { lambda?: number } = {},
): SolverResult {
  const t0 = performance.now();
  const history = emptyHistory();
  const every = opts.historyEvery ?? 1;
  const xTrue = opts.xTrue;
  let trueNorm = 0;
  if (xTrue) for (let i = 0; i < xTrue.length; i++) trueNorm += xTrue[i] * xTrue[i];
  trueNorm = Math.sqrt(trueNorm);
  let last: Iterate | null = null;
  let done: StepsDone | null = null;
  if (opts.signal?.aborted) {
    done = { x: opts.x0 ? opts.x0.slice() : new Float64Array(p.nLen), converged: false, stopReason: 'aborted' };
  }
  while (!done) {
    const r = steps.next();
    if (r.done) {
      done = r.value;
      break;
    }
    const it = r.value;
    last = it;
    if (every > 0 && (it.iteration % every === 0 || it.iteration === 1)) {
      history.objective.push(it.objective);
      history.residualNorm.push(it.residualNorm);
      history.relChange.push(it.relChange);
      history.elapsed.push((performance.now() - t0) / 1000);
      if (xTrue) history.error.push(relErr(it.x, xTrue, trueNorm));
    }
    const verdict = opts.onIterate?.(it);
    if (verdict === false || opts.signal?.aborted) {
      steps.return(undefined as never);
      done = {
        x: it.x.slice(),
        converged: false,
        stopReason: verdict === false ? 'callback' : 'aborted',
        extra: { objective: it.objective, residualNorm: it.residualNorm },
      };
    }
  }
  const x = done.x;
  // final objective/residual: from the last iterate when it is the returned point (the same buffer
  // or equal values), else recomputed (solvers with a penalty return their objective in extra)
  const same = last !== null && (last.x === x || sameValues(last.x, x));
  const residualNorm = same ? last!.residualNorm : residualOf(p, x);
  const objective = same ? last!.objective : 0.5 * residualNorm * residualNorm;
  const result: SolverResult = {
    solver,
    x,
    iterations: last ? last.iteration : 0,
    converged: done.converged,
    stopReason: done.stopReason,
    objective,
    residualNorm,
    history,
    calls: p.calls,
    seconds: (performance.now() - t0) / 1000,
  };
  if (extra.lambda !== undefined) result.lambda = extra.lambda;
  if (done.extra) {
    const { support, objective: obj, residualNorm: rn, ...rest } = done.extra as {
      support?: Int32Array;
      objective?: number;
      residualNorm?: number;
    };
    if (support) result.support = support;
    if (typeof obj === 'number') result.objective = obj;
    if (typeof rn === 'number') result.residualNorm = rn;
    if (Object.keys(rest).length) result.extra = rest;
  }
  return result;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** ||A x - y|| for a finished solve (one extra apply). */
function residualOf(p: Problem, x: Float64Array): number {
  const r = new Float64Array(p.mLen);
  p.apply(x, r);
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const d = r[i] - p.y[i];
    s += d * d;
  }
  return Math.sqrt(s);
}
