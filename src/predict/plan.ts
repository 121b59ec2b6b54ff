/**
 * Measurement planner: the minimum number of measurements m for a target success probability of
 * basis pursuit on a k-sparse signal in R^n, with the provenance of every number.
 *
 * - 'asymptotic': statistical dimension with the normal approximation, the smallest m with
 *   Phi((m + 1/2 - n psi(k/n))/sigma) >= target (THEORY.md section 1; toolkit default).
 * - 'rigorous' (Gaussian ensemble only): ALMT Theorem II with delta <= n psi:
 *   m = ceil(n psi + a_eta sqrt n), a_eta = sqrt(8 log(4/eta)), eta = 1 - target. When that m is
 *   n or more, the theorem certifies no m < n: the result then says so (`certified: false`, with
 *   the theorem's bound at m = n in `almtBound`) and gives m = n, which works trivially (a square
 *   Gaussian A is invertible almost surely), not as a consequence of the theorem.
 * - 'empirical': from stored phase-transition experiments, supplied by an `EmpiricalProvider`
 *   (the experiments layer), which may return every stored curve. A curve is used only when it
 *   applies to the problem (EMPIRICAL_RULES): the same ensemble and signal model, a basis-pursuit
 *   solver for that signal model, and a stored n within 10% of the requested n (a curve in
 *   delta = m/n, rho = k/m coordinates moves by O(n^-1/2) with n; the plan notes when n differs).
 *   A curve resting on fewer than 50 trials per cell is used but flagged in `warnings`. Every
 *   curve not used is listed in `empiricalSkipped` with the reason. Without an applicable curve the
 *   planner says so and returns the asymptotic answer (for structured ensembles, the Gaussian
 *   baseline: universality, THEORY.md section 7).
 *
 * m never exceeds n: with m = n a Gaussian A is square and invertible almost surely.
 *
 * @example
 * import { plan } from './plan.ts';
 * const p = plan({ n: 200, k: 20, target: 0.95 });
 * p.m;                 // 77 (provenance 'asymptotic')
 * p.rigorous?.m;       // 150 (provenance 'rigorous', Gaussian; certified: true)
 * plan({ n: 100, k: 20 }).rigorous?.certified; // false: ALMT's bound at m = n is only 0.80
 * plan({ n: 256, k: 10, ensemble: 'partial-fourier' }).notes[0]; // "no empirical phase-transition data ..."
 */
import { CandorError, describe } from '../core/errors.ts';
import { ENSEMBLE_NAMES, findEnsemble } from '../linops/catalogue.ts';
import { kinematicBound } from './probability.ts';
import { brentRoot } from '../core/special/roots.ts';
import { normCdf } from '../core/special/normal.ts';
import { statdim } from './statdim.ts';
import { checkProbability, checkSignal, checkSizes, type Signal } from './validate.ts';

/** An ensemble name of the catalogue (src/linops/catalogue.ts: ENSEMBLE_NAMES). */
export type Ensemble = string;

/** The ensemble (default 'gaussian') when the catalogue has it; a CandorError naming the catalogue otherwise (the front ends' check). */
export function checkPlanEnsemble(where: string, v: unknown): Ensemble {
  if (v === undefined) return 'gaussian';
  if (typeof v !== 'string' || findEnsemble(v) === null) throw new CandorError(where, 'ensemble', `one of ${ENSEMBLE_NAMES.join(', ')}`, describe(v));
  return v;
}

/**
 * Where a measurement count comes from: a 'rigorous' bound (ALMT kinematic formula), the
 * 'asymptotic' statistical-dimension prediction, or 'empirical' stored experiments.
 */
export type Provenance = 'rigorous' | 'asymptotic' | 'empirical';

/** One point of a stored empirical transition (Donoho-Tanner coordinates). */
export interface EmpiricalPoint {
  /** m/n of the experiment column. */
  delta: number;
  /** k/m at which the observed success rate is 50%. */
  rho50: number;
  /**
   * Optional probit width in k/m units at this delta: P(success) ~ Phi((rho50 - k/m)/width).
   * Without it the planner uses the Gaussian closed-form width around the empirical 50% point.
   */
  width?: number;
}

/** An empirical phase-transition curve from stored experiments. */
export interface EmpiricalCurve {
  ensemble: string;
  n: number;
  signal: Signal;
  points: EmpiricalPoint[];
  /** Where the data came from (experiment id, file), echoed in the plan. */
  source?: string;
  /** The solver that produced the data (its registry name, for messages). */
  solver?: string;
  /**
   * Whether that solver solves basis pursuit for the curve's signal model (nonnegative basis
   * pursuit for 'nonneg'): false makes the curve inapplicable. Providers set it from the solver
   * registry (src/solvers/registry.ts); undefined means the caller vouches for the curve.
   */
  basisPursuit?: boolean;
  /** Trials per cell behind the curve (the smallest over its cells); below 50 the plan warns. */
  trialsPerCell?: number;
  /** Set by a provider when the stored data cannot give a curve (e.g. "1 fitted column"). */
  unusable?: string;
}

/**
 * Looks up stored experiments for (ensemble, n, signal): null when there are none, or one curve,
 * or every stored curve (the planner picks the one that applies and says why the others do not).
 */
export type EmpiricalProvider = (ensemble: string, n: number, signal: Signal) => EmpiricalCurve | readonly EmpiricalCurve[] | null;

/**
 * When a stored curve applies to a plan: |n_stored - n| <= nTolerance * n, a basis-pursuit solver
 * (the curve's `basisPursuit` flag, set by its provider from the solver registry), and at least
 * `minTrials` trials per cell for an unflagged answer (with t trials a cell's rate has a standard
 * error up to 0.5/sqrt(t), 0.07 at 50).
 */
export const EMPIRICAL_RULES = Object.freeze({
  nTolerance: 0.1,
  minTrials: 50,
});

/** A stored curve the planner did not use, and why. */
export interface SkippedCurve {
  source: string;
  reason: string;
}

/**
 * What {@link plan} needs: the signal length n, sparsity k, ensemble, target success probability,
 * signal model and optionally a provider of stored empirical transitions.
 */
export interface PlanOptions {
  n: number;
  k: number;
  /** Measurement ensemble (default 'gaussian'). */
  ensemble?: Ensemble;
  /** Target success probability in (0, 1) (default 0.95). */
  target?: number;
  signal?: Signal;
  empirical?: EmpiricalProvider;
}

/**
 * One estimate of the number of measurements m: its provenance, the success probability at m and
 * the method used.
 */
export interface PlanEstimate {
  m: number;
  provenance: Provenance;
  /** Success probability at m: predicted (asymptotic, empirical) or certified lower bound (rigorous). */
  probability: number;
  method: string;
}

/** The ALMT estimate: `certified` is false when no m < n reaches the target by the theorem. */
export interface RigorousEstimate extends PlanEstimate {
  provenance: 'rigorous';
  /**
   * True when ALMT Theorem II certifies the target at some m < n (then m is the smallest such m).
   * False when it does not: m is then n, whose success is certain trivially (probability 1), not
   * by the theorem.
   */
  certified: boolean;
  /** ALMT Theorem II's lower bound 1 - 4 exp(-(m - n psi)^2/(8n)) at m (below target when not certified). */
  almtBound: number;
}

/**
 * The measurement plan of {@link plan}: the recommended m (empirical when available, else
 * asymptotic) with each estimate, its provenance, notes and warnings.
 */
export interface PlanResult {
  n: number;
  k: number;
  ensemble: string;
  signal: Signal;
  target: number;
  /** The recommended m: empirical when available, else asymptotic. */
  m: number;
  provenance: Provenance;
  asymptotic: PlanEstimate;
  /** ALMT kinematic bound; null for non-Gaussian ensembles. */
  rigorous: RigorousEstimate | null;
  /** From stored experiments; null when none applies (or it does not cover the answer). */
  empirical: PlanEstimate | null;
  /** Stored curves offered by the provider but not used, with the reason for each. */
  empiricalSkipped: SkippedCurve[];
  /** n psi(k/n) and the first-order width used by the asymptotic estimate. */
  delta: number;
  sigma: number;
  notes: string[];
  warnings: string[];
}


/** Smallest integer m in [lo, hi] with pred(m) true (pred monotone), or hi + 1. */
function firstTrue(lo: number, hi: number, pred: (m: number) => boolean): number {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = a + Math.floor((b - a) / 2); // not (a + b) >> 1: that wraps past 2^31
    if (pred(mid)) b = mid;
    else a = mid + 1;
  }
  return a;
}

function interp(pts: EmpiricalPoint[], d: number, key: 'rho50' | 'width'): number {
  let i = 1;
  while (i < pts.length - 1 && pts[i].delta < d) i++;
  const a = pts[i - 1];
  const b = pts[i];
  const va = a[key] as number;
  const vb = b[key] as number;
  const t = (d - a.delta) / (b.delta - a.delta);
  return va + t * (vb - va);
}

function checkCurve(curve: unknown): EmpiricalPoint[] {
  const c = curve as EmpiricalCurve;
  if (!c || !Array.isArray(c.points) || c.points.length < 2) {
    throw new CandorError('plan', 'empirical curve', 'an EmpiricalCurve with at least 2 points', describe(c?.points ?? c));
  }
  const pts = [...c.points].sort((p, q) => p.delta - q.delta);
  const withWidth = pts.filter((p) => p.width !== undefined).length;
  pts.forEach((p, i) => {
    const ok = p.delta > 0 && p.delta <= 1 && p.rho50 > 0 && (i === 0 || p.delta > pts[i - 1].delta);
    const wOk = p.width === undefined || p.width > 0;
    if (!ok || !wOk || (withWidth !== 0 && withWidth !== pts.length)) {
      throw new CandorError(
        'plan',
        'empirical curve point',
        'distinct delta in (0, 1], rho50 > 0, width > 0 on all points or none',
        `delta ${describe(p.delta)}, rho50 ${describe(p.rho50)}, width ${describe(p.width)} at index ${i}`,
      );
    }
  });
  return pts;
}

function empiricalEstimate(
  pts: EmpiricalPoint[],
  n: number,
  k: number,
  target: number,
  sigma: number,
  notes: string[],
): PlanEstimate | null {
  const dMin = pts[0].delta;
  const dMax = pts[pts.length - 1].delta;
  const mLo = Math.ceil(dMin * n);
  const mHi = Math.floor(dMax * n);
  if (mLo > mHi) return null;
  const hasWidth = pts[0].width !== undefined;
  let prob: (m: number) => number;
  let how: string;
  if (hasWidth) {
    prob = (m) => normCdf((interp(pts, m / n, 'rho50') - k / m) / interp(pts, m / n, 'width'));
    how = 'P(m) = Phi((rho50(m/n) - k/m)/width(m/n)), linear interpolation of the stored curve';
  } else {
    // 50% point: k/m = rho50(m/n), a root in m (k/m decreases, rho50 increases with m).
    const g = (m: number) => k / m - interp(pts, m / n, 'rho50');
    if (g(dMin * n) < 0 || g(dMax * n) > 0) {
      notes.push(`the stored empirical curve (delta in [${dMin}, ${dMax}]) does not contain the 50% point for k = ${k}`);
      return null;
    }
    const m50 = brentRoot(g, dMin * n, dMax * n, { where: 'plan' });
    prob = (m) => normCdf((m - m50) / sigma);
    how = `empirical 50% point m50 = ${m50.toFixed(2)} (linear interpolation of the stored curve) with the Gaussian closed-form width sigma = ${sigma.toFixed(2)} (the stored curve has no width)`;
  }
  const m = firstTrue(mLo, mHi, (mm) => prob(mm) >= target);
  if (m > mHi || (m === mLo && mLo > 1 && prob(mLo) >= target)) {
    notes.push(
      `the stored empirical curve covers m/n in [${dMin}, ${dMax}], which does not bracket the target ${target} for k = ${k}: no extrapolation, Gaussian baseline used`,
    );
    return null;
  }
  return { m, provenance: 'empirical', probability: prob(m), method: how };
}

function sourceOf(c: EmpiricalCurve): string {
  return c.source ?? `curve ${c.ensemble}, ${c.signal}, n = ${c.n}`;
}

/** Why a stored curve does not apply to (ensemble, n, signal), or null when it does. */
function whyNot(c: EmpiricalCurve, ensemble: string, n: number, signal: Signal): string | null {
  if (!c || typeof c !== 'object') throw new CandorError('plan', 'empirical curve', 'an EmpiricalCurve', describe(c));
  if (c.unusable) return c.unusable;
  if (c.ensemble !== ensemble) return `ensemble ${c.ensemble}, not ${ensemble}`;
  if (c.signal !== signal) return `signal model ${c.signal}, not ${signal}`;
  if (c.basisPursuit === false) return `solver ${c.solver ?? '(unnamed)'} does not solve ${signal === 'nonneg' ? 'nonnegative ' : ''}basis pursuit`;
  if (!(Math.abs(c.n - n) <= EMPIRICAL_RULES.nTolerance * n)) return `n = ${c.n}, not within ${EMPIRICAL_RULES.nTolerance * 100}% of n = ${n}`;
  return null;
}

/** ALMT Theorem II: the smallest m < n it certifies, or m = n (trivial) with certified false. */
function rigorousEstimate(n: number, k: number, signal: Signal, target: number, upper: number): RigorousEstimate {
  const eta = 1 - target;
  const need = Math.ceil(upper + Math.sqrt(8 * Math.log(4 / eta)) * Math.sqrt(n));
  const almt = (m: number) => (m > upper ? Math.max(0, 1 - 4 * Math.exp(-((m - upper) ** 2) / (8 * n))) : 0);
  if (need < n) {
    const m = Math.max(1, need);
    const lower = kinematicBound({ n, k, m, signal }).lower;
    return {
      m,
      provenance: 'rigorous',
      probability: lower,
      certified: true,
      almtBound: lower,
      method: 'ALMT 2014 Theorem II kinematic bound, P >= 1 - 4 exp(-(m - n psi)^2/(8n)), valid for iid Gaussian matrices',
    };
  }
  const atN = almt(n);
  return {
    m: n,
    provenance: 'rigorous',
    probability: 1,
    certified: false,
    almtBound: atN,
    method: `ALMT Theorem II certifies no m < n at target ${target}: it would need m = ${need}, and its bound at m = n is ${atN.toFixed(3)}; m = n works trivially (a square Gaussian A is invertible almost surely)`,
  };
}

/**
 * Minimum m for a target success probability, with provenance ('rigorous', 'asymptotic',
 * 'empirical') and notes on what each number rests on.
 * @example plan({ n: 1000, k: 50, target: 0.9, signal: 'nonneg' }).m; // 181
 */
export function plan(opts: PlanOptions): PlanResult {
  const where = 'plan';
  const { n, k } = opts;
  checkSizes(where, n, k);
  const signal = checkSignal(where, opts.signal);
  const target = checkProbability(where, 'target', opts.target ?? 0.95);
  const ensemble = opts.ensemble ?? 'gaussian';
  if (typeof ensemble !== 'string' || findEnsemble(ensemble) === null) {
    throw new CandorError(where, 'ensemble', `one of ${ENSEMBLE_NAMES.join(', ')}`, describe(ensemble));
  }
  if (opts.empirical !== undefined && typeof opts.empirical !== 'function') {
    throw new CandorError(where, 'empirical', 'a function (ensemble, n, signal) => EmpiricalCurve | null', describe(opts.empirical));
  }
  const sd = statdim({ n, k, signal });
  const notes: string[] = [];
  const warnings = [...sd.warnings];

  // Asymptotic: smallest m with Phi((m + 1/2 - delta)/sigma) >= target; m = n always succeeds.
  const pAsym = (m: number) => (m >= n ? 1 : sd.sigma > 0 ? normCdf((m + 0.5 - sd.value) / sd.sigma) : m + 0.5 >= sd.value ? 1 : 0);
  const mAsym = Math.min(n, firstTrue(1, n, (m) => pAsym(m) >= target));
  const asymptotic: PlanEstimate = {
    m: mAsym,
    provenance: 'asymptotic',
    probability: pAsym(mAsym),
    method: `statistical dimension n psi(k/n) = ${sd.value.toFixed(2)} with the normal approximation Phi((m + 1/2 - delta)/sigma), sigma = ${sd.sigma.toFixed(2)} (Gaussian matrices; heuristic, validated at n = 200)`,
  };
  if (mAsym === n) {
    notes.push(`m = n = ${n}: the measurement matrix is square, so recovery is certain; fewer measurements do not reach the target`);
  }

  const rigorous = ensemble === 'gaussian' ? rigorousEstimate(n, k, signal, target, sd.upper) : null;

  let empirical: PlanEstimate | null = null;
  const empiricalSkipped: SkippedCurve[] = [];
  if (opts.empirical) {
    const offered = opts.empirical(ensemble, n, signal);
    const curves: readonly EmpiricalCurve[] = offered === null || offered === undefined ? [] : Array.isArray(offered) ? offered : [offered as EmpiricalCurve];
    const usable: EmpiricalCurve[] = [];
    for (const c of curves) {
      const reason = whyNot(c, ensemble, n, signal);
      if (reason) empiricalSkipped.push({ source: sourceOf(c), reason });
      else usable.push(c);
    }
    // closest n first, then the most trials per cell, then the provider's order (newest first)
    const order = usable.map((c, i) => ({ c, i })).sort((a, b) => Math.abs(a.c.n - n) - Math.abs(b.c.n - n) || (b.c.trialsPerCell ?? 0) - (a.c.trialsPerCell ?? 0) || a.i - b.i);
    for (const [j, { c }] of order.entries()) {
      const before = notes.length;
      empirical = empiricalEstimate(checkCurve(c), n, k, target, sd.sigma, notes);
      if (!empirical) {
        const why = notes.splice(before).join('; ');
        empiricalSkipped.push({ source: sourceOf(c), reason: why || 'the curve does not give an answer' });
        continue;
      }
      if (c.source) empirical.method += ` [source: ${c.source}]`;
      if (c.n !== n) {
        notes.push(
          `the empirical curve was measured at n = ${c.n}, not ${n}: used because it is within ${EMPIRICAL_RULES.nTolerance * 100}% of n (delta = m/n, rho = k/m coordinates; its finite-n width is not rescaled)`,
        );
      }
      if (c.trialsPerCell !== undefined && c.trialsPerCell < EMPIRICAL_RULES.minTrials) {
        warnings.push(
          `the empirical curve rests on only ${c.trialsPerCell} trials per cell (fewer than ${EMPIRICAL_RULES.minTrials}): a cell's success rate has a standard error up to ${(0.5 / Math.sqrt(Math.max(c.trialsPerCell, 1))).toFixed(2)}, so the empirical m is uncertain; compare with the asymptotic m or run a sweep with more trials`,
        );
      }
      for (const rest of order.slice(j + 1)) empiricalSkipped.push({ source: sourceOf(rest.c), reason: `another applicable curve was preferred (${sourceOf(c)})` });
      break;
    }
    if (!empirical && empiricalSkipped.length > 0) {
      const shown = empiricalSkipped.slice(0, 5).map((s) => `${s.source}: ${s.reason}`);
      const more = empiricalSkipped.length > 5 ? `; and ${empiricalSkipped.length - 5} more` : '';
      const fallback = ensemble === 'gaussian' ? 'the asymptotic answer' : 'the Gaussian baseline (universality, THEORY.md section 7)';
      notes.unshift(
        `no stored sweep applies to ${ensemble}, ${signal}, n = ${n} (a curve needs the same ensemble and signal model, a basis-pursuit solver and n within ${EMPIRICAL_RULES.nTolerance * 100}%), so m is ${fallback}; not used: ${shown.join('; ')}${more}`,
      );
    }
  }

  if (!empirical && ensemble !== 'gaussian') {
    if (empiricalSkipped.length === 0) notes.unshift(
      `no empirical phase-transition data exists for ensemble '${ensemble}' (n = ${n}, ${signal}): m is the Gaussian baseline (universality, THEORY.md section 7)`,
    );
    notes.push(findEnsemble(ensemble)?.universality as string);
  }
  if (signal === 'nonneg' && (ensemble === 'partial-fourier' || ensemble === 'partial-real-fourier' || ensemble === 'partial-dct')) {
    notes.push(
      'nonnegative signals with a DC row in the sampling pattern: positivity alone can identify the signal (Donoho & Tanner 2005), so the Gaussian baseline may be pessimistic',
    );
  }
  if (ensemble !== 'gaussian') notes.push('the rigorous ALMT bound holds for iid Gaussian matrices only; none is given here');

  const chosen = empirical ?? asymptotic;
  return {
    n,
    k,
    ensemble,
    signal,
    target,
    m: chosen.m,
    provenance: chosen.provenance,
    asymptotic,
    rigorous,
    empirical,
    empiricalSkipped,
    delta: sd.value,
    sigma: sd.sigma,
    notes,
    warnings,
  };
}
