/**
 * Measurement planner: the minimum number of measurements m for a target success probability of
 * basis pursuit on a k-sparse signal in R^n, with the provenance of every number.
 *
 * - 'asymptotic': statistical dimension with the normal approximation, the smallest m with
 *   Phi((m + 1/2 - n psi(k/n))/sigma) >= target (THEORY.md section 1; toolkit default).
 * - 'rigorous' (Gaussian ensemble only): ALMT Theorem II with delta <= n psi:
 *   m = ceil(n psi + a_eta sqrt n), a_eta = sqrt(8 log(4/eta)), eta = 1 - target.
 * - 'empirical': from stored phase-transition experiments for an ensemble, supplied by an
 *   `EmpiricalProvider` (the experiments layer). Without data the planner says so and returns the
 *   Gaussian baseline (universality, THEORY.md section 7), marked 'asymptotic'.
 *
 * m never exceeds n: with m = n a Gaussian A is square and invertible almost surely.
 *
 * @example
 * import { plan } from './plan.ts';
 * const p = plan({ n: 200, k: 20, target: 0.95 });
 * p.m;                 // 77 (provenance 'asymptotic')
 * p.rigorous?.m;       // 150 (provenance 'rigorous', Gaussian)
 * plan({ n: 256, k: 10, ensemble: 'partial-fourier' }).notes[0]; // "no empirical phase-transition data ..."
 */
import { CandorError, describe } from '../core/errors.ts';
import { kinematicBound } from './probability.ts';
import { brentRoot } from '../core/special/roots.ts';
import { normCdf } from '../core/special/normal.ts';
import { statdim } from './statdim.ts';
import { checkProbability, checkSignal, checkSizes, type Signal } from './validate.ts';

export type Ensemble =
  | 'gaussian'
  | 'rademacher'
  | 'partial-dct'
  | 'partial-fourier'
  | 'hadamard'
  | 'variable-density'
  | (string & {});

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
}

/** Looks up stored experiments; returns null when none exist for (ensemble, n, signal). */
export type EmpiricalProvider = (ensemble: string, n: number, signal: Signal) => EmpiricalCurve | null;

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

export interface PlanEstimate {
  m: number;
  provenance: Provenance;
  /** Success probability at m: predicted (asymptotic, empirical) or certified lower bound (rigorous). */
  probability: number;
  method: string;
}

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
  rigorous: PlanEstimate | null;
  /** From stored experiments; null when there are none (or they do not cover the answer). */
  empirical: PlanEstimate | null;
  /** n psi(k/n) and the first-order width used by the asymptotic estimate. */
  delta: number;
  sigma: number;
  notes: string[];
  warnings: string[];
}

const STRUCTURED_NOTES: Record<string, string> = {
  rademacher:
    'iid Rademacher entries: the Gaussian transition is proven universal for iid subgaussian matrices (Bayati, Lelarge & Montanari 2015; Oymak & Tropp 2018), asymptotically',
  'partial-dct':
    'random partial DCT rows match the Gaussian transition within experimental resolution for random supports and signs (Donoho & Tanner 2009b, 2010; Monajemi et al. 2013)',
  'partial-fourier':
    'random partial Fourier rows match the Gaussian transition within experimental resolution for random supports and signs (Donoho & Tanner 2009b, 2010; Monajemi et al. 2013)',
  hadamard:
    'random Hadamard rows match the Gaussian transition within experimental resolution for random supports and signs (Donoho & Tanner 2009b, 2010)',
  'variable-density':
    'variable-density sampling of images is an exception to universality (THEORY.md section 7): success depends on where the nonzeros sit (sparsity in levels, Adcock et al. 2017), so the Gaussian baseline is only a reference',
};

/** Smallest integer m in [lo, hi] with pred(m) true (pred monotone), or hi + 1. */
function firstTrue(lo: number, hi: number, pred: (m: number) => boolean): number {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = (a + b) >> 1;
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
  if (typeof ensemble !== 'string' || ensemble.length === 0) {
    throw new CandorError(where, 'ensemble', 'a non-empty string', describe(ensemble));
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

  let rigorous: PlanEstimate | null = null;
  if (ensemble === 'gaussian') {
    const eta = 1 - target;
    const need = Math.ceil(sd.upper + Math.sqrt(8 * Math.log(4 / eta)) * Math.sqrt(n));
    const mRig = Math.min(n, Math.max(1, need));
    rigorous = {
      m: mRig,
      provenance: 'rigorous',
      probability: kinematicBound({ n, k, m: mRig, signal }).lower,
      method:
        mRig === n && need > n
          ? `ALMT Theorem II would need m = ${need} > n; m = n (square Gaussian A, invertible almost surely) is certain`
          : 'ALMT 2014 Theorem II kinematic bound, P >= 1 - 4 exp(-(m - n psi)^2/(8n)), valid for iid Gaussian matrices',
    };
  }

  let empirical: PlanEstimate | null = null;
  if (opts.empirical) {
    const curve = opts.empirical(ensemble, n, signal);
    if (curve) {
      empirical = empiricalEstimate(checkCurve(curve), n, k, target, sd.sigma, notes);
      if (empirical && curve.source) empirical.method += ` [source: ${curve.source}]`;
    }
  }

  if (!empirical && ensemble !== 'gaussian') {
    notes.unshift(
      `no empirical phase-transition data exists for ensemble '${ensemble}' (n = ${n}, ${signal}): m is the Gaussian baseline (universality, THEORY.md section 7)`,
    );
    const extra = STRUCTURED_NOTES[ensemble];
    notes.push(extra ?? `ensemble '${ensemble}' is not one Candor has theory for; only the Gaussian baseline is given`);
  }
  if (signal === 'nonneg' && (ensemble === 'partial-fourier' || ensemble === 'partial-dct')) {
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
    delta: sd.value,
    sigma: sd.sigma,
    notes,
    warnings,
  };
}
