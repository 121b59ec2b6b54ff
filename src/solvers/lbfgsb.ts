/**
 * Bound-constrained limited-memory BFGS (an L-BFGS-B-like projected quasi-Newton method) for
 * smooth, nonlinear objectives given as a callable f(x) that also fills the gradient:
 *
 *     min_x f(x)   s.t.   lo <= x <= hi   (elementwise; either bound may be absent)
 *
 * Each iteration: the projected gradient pg (components at an active bound pushing outward are
 * zeroed) names the free variables; the L-BFGS two-loop recursion (Nocedal 1980) over the last
 * `memory` pairs (s, y), restricted to the free variables, gives the direction d (zero on the
 * active ones; steepest descent -pg when it is not a descent direction); a backtracking line
 * search along the projected path x(t) = P(x + t d) accepts the first t with the Armijo decrease
 * f(x(t)) <= f(x) + c1 g^T (x(t) - x). Pairs with s^T y <= eps ||y||^2 are skipped (curvature;
 * the stored pairs stay as they were).
 * It stops when ||pg||_inf <= gtol, when the relative decrease of f over an iteration is below
 * `ftol` (scipy's L-BFGS-B `ftol` rule, (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol), or at
 * `maxIter`. This is the projected quasi-Newton scheme of Kim, Sra & Dhillon ("Tackling
 * box-constrained optimization via a new projected quasi-Newton approach", SIAM J. Sci. Comput. 32
 * (2010) 3548) rather than L-BFGS-B's generalised Cauchy point (Byrd, Lu, Nocedal & Zhu 1995);
 * both reach the same KKT points, which is what the tests check against scipy's L-BFGS-B.
 *
 * It is the plain-function solver for nonlinear data terms (radio imaging's closure phases and
 * log closure amplitudes, maximum entropy), not a sparse-recovery solver of the registry.
 *
 * @example
 * import { lbfgsb } from './lbfgsb.ts';
 * // min (x0 - 3)^2 + (x1 + 1)^2 with x >= 0: x = [3, 0]
 * const r = lbfgsb((x, g) => { g[0] = 2 * (x[0] - 3); g[1] = 2 * (x[1] + 1); return (x[0] - 3) ** 2 + (x[1] + 1) ** 2; },
 *   new Float64Array(2), { lower: 0 });
 * r.x; // [3, 0]
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';

/** f(x), writing the gradient into g. */
export type SmoothObjective = (x: Float64Array, g: Float64Array) => number;

/** Options of {@link lbfgsb}: bounds, memory, stopping rules and the iteration callback. */
export interface LbfgsbOptions {
  /** Lower bound: a number for every variable, or one per variable (default none). */
  lower?: number | Float64Array;
  upper?: number | Float64Array;
  /** Stored correction pairs (default 10). */
  memory?: number;
  maxIter?: number;
  /** Projected-gradient tolerance (default 1e-8). */
  gtol?: number;
  /** Relative decrease tolerance (default 1e-10). */
  ftol?: number;
  /** Maximum objective evaluations per line search (default 30). */
  maxLineSearch?: number;
  /**
   * Called after each iteration with (iteration, x, f); return false to stop. `x` is a working
   * buffer, valid during the call only (later line-search trial points overwrite it): copy it to keep it.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing are the common case
  onIterate?: (iteration: number, x: Float64Array, f: number) => boolean | void;
  signal?: AbortSignal;
}

/**
 * The result of {@link lbfgsb}: the minimiser x, f(x), the iteration and evaluation counts and
 * why it stopped.
 */
export interface LbfgsbResult {
  x: Float64Array;
  f: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  stopReason: 'gtol' | 'ftol' | 'max-iterations' | 'line-search' | 'callback' | 'aborted';
  /** ||projected gradient||_inf at the end. */
  projectedGradient: number;
  /** f after each iteration. */
  history: number[];
}

/** Defaults of {@link LbfgsbOptions}. */
export const LBFGSB_DEFAULTS = Object.freeze({ memory: 10, maxIter: 200, gtol: 1e-8, ftol: 1e-10, maxLineSearch: 30 });

function bound(where: string, name: string, b: number | Float64Array | undefined, n: number, fill: number): Float64Array {
  if (b === undefined) return new Float64Array(n).fill(fill);
  if (typeof b === 'number') {
    if (Number.isNaN(b)) throw new CandorError(where, name, 'a number or an array of bounds', 'NaN');
    return new Float64Array(n).fill(b);
  }
  if (!(b instanceof Float64Array) || b.length !== n) throw new CandorError(where, name, `a number or a Float64Array of ${n} bounds`, describe(b));
  return b;
}

/** Minimises f within the bounds (see the file comment). */
export function lbfgsb(f: SmoothObjective, x0: Float64Array, opts: LbfgsbOptions = {}): LbfgsbResult {
  const where = 'lbfgsb';
  if (typeof f !== 'function') throw new CandorError(where, 'objective', 'a function (x, grad) => value', describe(f));
  if (!(x0 instanceof Float64Array) || x0.length === 0) throw new CandorError(where, 'x0', 'a non-empty Float64Array', describe(x0));
  const n = x0.length;
  const lo = bound(where, 'lower', opts.lower, n, Number.NEGATIVE_INFINITY);
  const hi = bound(where, 'upper', opts.upper, n, Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) if (!(lo[i] <= hi[i])) throw new CandorError(where, `bounds of variable ${i}`, 'lower <= upper', `${lo[i]} > ${hi[i]}`);
  const m = checkInt(where, 'memory', opts.memory ?? LBFGSB_DEFAULTS.memory, 1, 1000);
  const maxIter = checkInt(where, 'maxIter', opts.maxIter ?? LBFGSB_DEFAULTS.maxIter, 0);
  const gtol = checkNumber(where, 'gtol', opts.gtol ?? LBFGSB_DEFAULTS.gtol, 0);
  const ftol = checkNumber(where, 'ftol', opts.ftol ?? LBFGSB_DEFAULTS.ftol, 0);
  const maxLs = checkInt(where, 'maxLineSearch', opts.maxLineSearch ?? LBFGSB_DEFAULTS.maxLineSearch, 1);
  // x, g and the trial point xn, gn swap buffers after each accepted step
  let x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.min(hi[i], Math.max(lo[i], x0[i]));
  let g = new Float64Array(n);
  let unbounded = true;
  for (let i = 0; i < n && unbounded; i++) if (lo[i] !== Number.NEGATIVE_INFINITY || hi[i] !== Number.POSITIVE_INFINITY) unbounded = false;
  let fx = f(x, g);
  let evals = 1;
  if (!Number.isFinite(fx)) throw new CandorError(where, 'objective at x0', 'a finite value', describe(fx), 'numerical');
  const S = Array.from({ length: m }, () => new Float64Array(n));
  const Y = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  // gamma = s^T y / y^T y of each stored pair (the initial Hessian scaling of the newest)
  const gammaOf = new Float64Array(m);
  let stored = 0;
  let head = 0; // next slot
  const d = new Float64Array(n);
  const free = new Uint8Array(n);
  let xn = new Float64Array(n);
  let gn = new Float64Array(n);
  // where a new pair is formed when the ring of stored pairs is full (its oldest pair stays intact
  // until the new one passes the curvature test)
  let sSpare = new Float64Array(n);
  let ySpare = new Float64Array(n);
  const history: number[] = [];
  let stopReason: LbfgsbResult['stopReason'] = 'max-iterations';
  let pgNorm = 0;
  let nFree = n;
  if (unbounded) free.fill(1);
  const projGrad = () => {
    let mx = 0;
    if (unbounded) {
      for (let i = 0; i < n; i++) {
        const a = Math.abs(g[i]);
        if (a > mx) mx = a;
      }
      return mx;
    }
    let nf = 0;
    for (let i = 0; i < n; i++) {
      let p = g[i];
      if (x[i] <= lo[i] && p > 0) p = 0;
      else if (x[i] >= hi[i] && p < 0) p = 0;
      const fr = p !== 0 || (x[i] > lo[i] && x[i] < hi[i]) ? 1 : 0;
      free[i] = fr;
      nf += fr;
      const a = Math.abs(p);
      if (a > mx) mx = a;
    }
    nFree = nf;
    return mx;
  };
  /** The slot of the k-th newest stored pair. */
  const slot = (k: number) => (head - 1 - k + m) % m;
  /**
   * The two-loop recursion when every variable is free, in m + 1 passes over n each way: the
   * update of d by one pair and the dot product of the next pair with the updated d share a
   * pass (the same operations in the same order as the masked form, so the same numbers).
   */
  const twoLoopAllFree = () => {
    const gamma = stored > 0 ? gammaOf[slot(0)] : 1;
    if (stored === 0) {
      for (let i = 0; i < n; i++) d[i] = -g[i];
      return;
    }
    // first loop, newest to oldest: alpha_j = rho_j s_j^T d; d -= alpha_j y_j
    let j = slot(0);
    let sj = S[j];
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = -g[i];
      d[i] = v;
      s += sj[i] * v;
    }
    for (let k = 0; k < stored; k++) {
      j = slot(k);
      const a = rho[j] * s;
      alpha[j] = a;
      const yj = Y[j];
      s = 0;
      if (k + 1 < stored) {
        sj = S[slot(k + 1)];
        for (let i = 0; i < n; i++) {
          const v = d[i] - a * yj[i];
          d[i] = v;
          s += sj[i] * v;
        }
      } else {
        // the last pair's update, the scaling by gamma and the first dot of the second loop
        const y0 = Y[slot(stored - 1)];
        for (let i = 0; i < n; i++) {
          const v = (d[i] - a * yj[i]) * gamma;
          d[i] = v;
          s += y0[i] * v;
        }
      }
    }
    // second loop, oldest to newest: beta = rho_j y_j^T d; d += (alpha_j - beta) s_j
    for (let k = stored - 1; k >= 0; k--) {
      j = slot(k);
      const c = alpha[j] - rho[j] * s;
      const sk = S[j];
      s = 0;
      if (k > 0) {
        const yn = Y[slot(k - 1)];
        for (let i = 0; i < n; i++) {
          const v = d[i] + c * sk[i];
          d[i] = v;
          s += yn[i] * v;
        }
      } else for (let i = 0; i < n; i++) d[i] += c * sk[i];
    }
  };
  /** The two-loop recursion restricted to the free variables (some are at a bound). */
  const twoLoopMasked = () => {
    for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
    for (let k = 0; k < stored; k++) {
      const j = slot(k);
      let s = 0;
      const sj = S[j];
      for (let i = 0; i < n; i++) if (free[i]) s += sj[i] * d[i];
      alpha[j] = rho[j] * s;
      const yj = Y[j];
      for (let i = 0; i < n; i++) if (free[i]) d[i] -= alpha[j] * yj[i];
    }
    if (stored > 0) {
      const gamma = gammaOf[slot(0)];
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let k = stored - 1; k >= 0; k--) {
      const j = slot(k);
      let s = 0;
      const yj = Y[j];
      for (let i = 0; i < n; i++) if (free[i]) s += yj[i] * d[i];
      const beta = rho[j] * s;
      const sj = S[j];
      for (let i = 0; i < n; i++) if (free[i]) d[i] += (alpha[j] - beta) * sj[i];
    }
  };
  pgNorm = projGrad();
  let it = 0;
  if (pgNorm <= gtol) stopReason = 'gtol';
  else {
    for (it = 1; it <= maxIter; it++) {
      if (opts.signal?.aborted) {
        stopReason = 'aborted';
        it--;
        break;
      }
      // two-loop recursion on the free variables
      if (nFree === n) twoLoopAllFree();
      else twoLoopMasked();
      let gd = 0;
      for (let i = 0; i < n; i++) gd += g[i] * d[i];
      let t = 1;
      if (!(gd < 0)) {
        // not a descent direction: projected steepest descent, history dropped
        stored = 0;
        for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
        gd = 0;
        for (let i = 0; i < n; i++) gd += g[i] * d[i];
      }
      if (stored === 0) {
        let dn = 0;
        for (let i = 0; i < n; i++) dn = Math.max(dn, Math.abs(d[i]));
        t = dn > 0 ? Math.min(1, 1 / dn) : 1;
      }
      // projected backtracking (Armijo on the actual step)
      let fn = Number.NaN;
      let accepted = false;
      for (let ls = 0; ls < maxLs; ls++) {
        let dec = 0;
        if (unbounded) {
          for (let i = 0; i < n; i++) {
            const v = x[i] + t * d[i];
            xn[i] = v;
            dec += g[i] * (v - x[i]);
          }
        } else {
          for (let i = 0; i < n; i++) {
            let v = x[i] + t * d[i];
            if (v < lo[i]) v = lo[i];
            else if (v > hi[i]) v = hi[i];
            xn[i] = v;
            dec += g[i] * (v - x[i]);
          }
        }
        fn = f(xn, gn);
        evals++;
        if (Number.isFinite(fn) && fn <= fx + 1e-4 * dec) {
          accepted = true;
          break;
        }
        t *= 0.5;
      }
      if (!accepted) {
        it--;
        stopReason = 'line-search';
        break;
      }
      // curvature pair
      let sy = 0;
      let yy = 0;
      const full = stored === m;
      const sj = full ? sSpare : S[head];
      const yj = full ? ySpare : Y[head];
      for (let i = 0; i < n; i++) {
        sj[i] = xn[i] - x[i];
        yj[i] = gn[i] - g[i];
        sy += sj[i] * yj[i];
        yy += yj[i] * yj[i];
      }
      if (sy > 1e-10 * yy) {
        if (full) {
          sSpare = S[head];
          ySpare = Y[head];
          S[head] = sj;
          Y[head] = yj;
        }
        rho[head] = 1 / sy;
        gammaOf[head] = yy > 0 ? sy / yy : 1;
        head = (head + 1) % m;
        stored = Math.min(stored + 1, m);
      }
      const rel = (fx - fn) / Math.max(Math.abs(fx), Math.abs(fn), 1);
      [x, xn] = [xn, x];
      [g, gn] = [gn, g];
      fx = fn;
      history.push(fx);
      pgNorm = projGrad();
      if (opts.onIterate && opts.onIterate(it, x, fx) === false) {
        stopReason = 'callback';
        break;
      }
      if (pgNorm <= gtol) {
        stopReason = 'gtol';
        break;
      }
      if (rel <= ftol) {
        stopReason = 'ftol';
        break;
      }
    }
    if (it > maxIter) it = maxIter;
  }
  return {
    x,
    f: fx,
    iterations: it,
    evaluations: evals,
    converged: stopReason === 'gtol' || stopReason === 'ftol',
    stopReason,
    projectedGradient: pgNorm,
    history,
  };
}
