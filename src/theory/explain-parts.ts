/**
 * The findings of `explain()` (./explain.ts), one builder per topic: where (m, k, n) sits against
 * the predicted transition, what coherence guarantees, and what would change the outcome. Each
 * returns a {@link Finding}: a sentence for the paragraph plus the numbers it states.
 *
 * @example
 * import { transitionFinding } from './explain-parts.ts';
 * transitionFinding({ n: 200, m: 60, k: 20, signal: 'signed', ensemble: 'gaussian', ensembleStated: true, target: 0.95 }).text;
 * // 'With m = 60 measurements of a k = 20-sparse signal in n = 200 unknowns, the problem sits near
 * //  the predicted phase transition (statistical dimension 65.8, width 6.6, 0.8 widths below it);
 * //  the predicted success probability of basis pursuit is 21%.'
 */
import type { OperatorInput } from '../solvers/problem.ts';
import { coherenceGuarantees } from '../predict/coherence.ts';
import { gatherColumns } from '../predict/columns.ts';
import { formatNumber, formatPercent } from './explain-format.ts';
import { type EmpiricalProvider, plan } from '../predict/plan.ts';
import { kinematicBound, successProbability } from '../predict/probability.ts';
import { factorSupport, pinvApply } from './support-factor.ts';
import type { Signal } from '../predict/validate.ts';

/** What a finding of {@link explain} is about. */
export type Topic =
  | 'setup'
  | 'transition'
  | 'coherence'
  | 'certificate'
  | 'residual'
  | 'solver'
  | 'truth'
  | 'remedy';
/** How a finding of {@link explain} reads: good, info, warning or bad. */
export type Severity = 'good' | 'info' | 'warning' | 'bad';

/** One finding of {@link explain}: its topic, severity, plain-language text and the numbers in it. */
export interface Finding {
  topic: Topic;
  severity: Severity;
  /** One or two sentences of plain language; every number in it is in `data`. */
  text: string;
  data: Record<string, number | string | boolean | null>;
}

/**
 * The problem an explanation's predictions are made for: sizes (n, m, k), signal model, ensemble
 * and target success probability.
 */
export interface Setting {
  n: number;
  m: number;
  k: number;
  signal: Signal;
  ensemble: string;
  /** false when the caller did not name the ensemble (the Gaussian prediction is then a baseline). */
  ensembleStated: boolean;
  target: number;
  empirical?: EmpiricalProvider;
}

/** Position of m against the predicted transition, in widths sigma: z = (m + 1/2 - delta)/sigma. */
export function transitionFinding(s: Setting): Finding {
  const sp = successProbability({ n: s.n, k: s.k, m: s.m, signal: s.signal });
  const z =
    sp.sigma > 0
      ? (s.m + 0.5 - sp.delta) / sp.sigma
      : s.m + 0.5 >= sp.delta
        ? Number.POSITIVE_INFINITY
        : Number.NEGATIVE_INFINITY;
  const where = z <= -3 ? 'far below' : z < -1 ? 'below' : z <= 1 ? 'near' : z < 3 ? 'above' : 'far above';
  const base =
    s.ensemble === 'gaussian'
      ? ''
      : ' (Gaussian baseline: the transition is universal for random supports and signs, not a guarantee for this ensemble)';
  const widths = Number.isFinite(z)
    ? `, ${formatNumber(Math.abs(z), 1)} widths ${z < 0 ? 'below' : 'above'} it`
    : '';
  let text =
    `With m = ${s.m} measurements of a k = ${s.k}-sparse${s.signal === 'nonneg' ? ' nonnegative' : ''} signal in n = ${s.n} unknowns, ` +
    `the problem sits ${where} the predicted phase transition (statistical dimension ${formatNumber(sp.delta, 1)}, width ${formatNumber(sp.sigma, 1)}${widths}); ` +
    `the predicted success probability of basis pursuit is ${formatPercent(sp.probability)}${base}.`;
  if (!s.ensembleStated)
    text += ' (The ensemble was not stated, so the Gaussian prediction is only a baseline.)';
  const data: Finding['data'] = {
    n: s.n,
    m: s.m,
    k: s.k,
    delta: sp.delta,
    sigma: sp.sigma,
    z,
    probability: sp.probability,
    position: where,
    provenance: 'approximation',
  };
  if (s.ensemble === 'gaussian' && s.m < s.n) {
    const kb = kinematicBound({ n: s.n, k: s.k, m: s.m, signal: s.signal });
    data.rigorousLower = kb.lower;
    data.rigorousUpper = kb.upper;
    if (kb.lower > 0)
      text += ` For Gaussian A the rigorous kinematic bound guarantees at least ${formatPercent(kb.lower)}.`;
    else if (kb.upper < 1)
      text += ` For Gaussian A the rigorous kinematic bound caps it at ${formatPercent(kb.upper)}.`;
  }
  const severity: Severity =
    sp.probability >= s.target
      ? 'good'
      : sp.probability >= 0.5
        ? 'info'
        : sp.probability >= 0.05
          ? 'warning'
          : 'bad';
  return { topic: 'transition', severity, text, data };
}

/** The coherence an explanation quotes, the Welch bound, and how it was computed. */
export interface CoherenceInfo {
  coherence: number;
  welch: number;
  /** 'dense Gram', 'mask PSF', 'TPSF (Fourier-wavelet)' or 'given'. */
  route: string;
}

/** What the coherence guarantees at this k. */
export function coherenceFinding(c: CoherenceInfo, k: number): Finding {
  const g = coherenceGuarantees(Math.min(c.coherence, 1));
  const kMax = g.kCoherence;
  const ok = k <= kMax;
  const text = ok
    ? `The sampling pattern's coherence is ${formatNumber(c.coherence, 2)} (${c.route}; Welch bound ${formatNumber(c.welch, 2)}), which guarantees recovery of every k-sparse signal up to k = ${kMax} by OMP and BP, so k = ${k} is covered.`
    : `The sampling pattern's coherence is ${formatNumber(c.coherence, 2)} (${c.route}; Welch bound ${formatNumber(c.welch, 2)}), too high for any guarantee at k = ${k}: the coherence guarantee k < (1 + 1/mu)/2 covers only k <= ${kMax}. This is expected: coherence guarantees are worst-case and far more pessimistic than the phase transition.`;
  return {
    topic: 'coherence',
    severity: ok ? 'good' : 'info',
    text,
    data: { coherence: c.coherence, welch: c.welch, route: c.route, kCoherence: kMax, covered: ok },
  };
}

/** Largest k' <= k with predicted success >= target at this m (0 when none). */
export function largestFeasibleK(s: Setting): { k: number; probability: number } {
  let lo = 0;
  let pLo = 1;
  // success probability decreases with k: binary search on [1, k]
  let a = 1;
  let b = s.k;
  while (a <= b) {
    const mid = a + Math.floor((b - a) / 2); // not (a + b) >> 1, which wraps past 2^31
    const p = successProbability({ n: s.n, k: mid, m: s.m, signal: s.signal }).probability;
    if (p >= s.target) {
      lo = mid;
      pLo = p;
      a = mid + 1;
    } else b = mid - 1;
  }
  return { k: lo, probability: lo ? pLo : 0 };
}

/**
 * What would change the outcome: more measurements, a smaller k, a less coherent pattern. When none
 * of these is needed but the recovery `failed`, the text points at the solver and the data model
 * instead of claiming that nothing needs to change.
 */
export function remedyFinding(
  s: Setting,
  coherence: Finding | null,
  audience: Audience = 'library',
  failed = false,
): Finding {
  const p = plan({
    n: s.n,
    k: s.k,
    ensemble: s.ensemble,
    target: s.target,
    signal: s.signal,
    empirical: s.empirical,
  });
  const parts: string[] = [];
  const data: Finding['data'] = {
    target: s.target,
    mNeeded: p.m,
    mNeededProbability: p.provenance === 'empirical' ? p.empirical!.probability : p.asymptotic.probability,
    mProvenance: p.provenance,
  };
  if (p.m > s.m) {
    const prob = data.mNeededProbability as number;
    parts.push(
      p.m >= s.n
        ? `only m = n = ${s.n} (a square system) reaches a predicted success rate of ${formatPercent(s.target)} at k = ${s.k}`
        : `with m >= ${p.m} the predicted success rate is ${formatPercent(prob)}${p.provenance === 'empirical' ? ' (from stored experiments)' : ''}`,
    );
  }
  const kf = largestFeasibleK(s);
  data.kFeasible = kf.k;
  data.kFeasibleProbability = kf.probability;
  if (kf.k < s.k) {
    parts.push(
      kf.k >= 1
        ? `reduce k to ${kf.k} (predicted success ${formatPercent(kf.probability)} at m = ${s.m})`
        : `no sparsity reaches ${formatPercent(s.target)} at m = ${s.m}`,
    );
  }
  if (coherence && coherence.data.covered === false) {
    parts.push(
      `a less coherent sampling pattern would be needed for a worst-case guarantee (coherence ${formatNumber(coherence.data.coherence as number, 2)} covers only k <= ${coherence.data.kCoherence})`,
    );
  }
  data.levers = parts.length;
  const text = parts.length
    ? `To change the outcome: ${parts.join('; or ')}.`
    : failed
      ? `The measurements suffice for this sparsity by the prediction, so the cause lies elsewhere: the solver (did it converge? try another${audience === 'cli' ? ' --solver' : ''}) or the data model (noisy y needs ${audience === 'cli' ? '--sigma, the noise level, or --lambda' : 'BPDN or the LASSO'}).`
      : 'Nothing needs to change: the measurements suffice for this sparsity.';
  return { topic: 'remedy', severity: parts.length || failed ? 'info' : 'good', text, data };
}

/** How remedies name the levers: library terms, or the command line's options (`candor recover`). */
export type Audience = 'library' | 'cli';

/**
 * The oracle error of a noisy problem (Candes & Tao 2007, "The Dantzig selector", sec. 1.2): least
 * squares on the true support S0, x_or = A_S0^+ y. ||x_or - x0|| is the error an estimator that knew
 * S0 would make, the reference a noise-limited reconstruction is judged against. Real A only (the
 * columns are gathered by the caller); null when A_S0 is not injective (|S0| > m or rank deficient).
 */
export function oracleRelativeError(
  f: { fullRank: boolean; k: number; S: Int32Array },
  solve: (out: Float64Array) => Float64Array,
  x0: Float64Array,
): number | null {
  if (!f.fullRank) return null;
  const xs = solve(new Float64Array(f.k));
  let d = 0;
  let s = 0;
  const inS = new Uint8Array(x0.length);
  for (let t = 0; t < f.k; t++) {
    const j = f.S[t];
    inS[j] = 1;
    d += (xs[t] - x0[j]) ** 2;
  }
  for (let j = 0; j < x0.length; j++) {
    s += x0[j] ** 2;
    if (!inS[j]) d += x0[j] ** 2;
  }
  return s > 0 ? Math.sqrt(d / s) : Math.sqrt(d);
}

/** Does the support S0 of the truth sit among the |S0| largest magnitudes of x (real)? Misses counted. */
export function supportMisses(x: Float64Array, S0: Int32Array): number {
  const order = Array.from({ length: x.length }, (_, j) => j).sort((a, b) => Math.abs(x[b]) - Math.abs(x[a]));
  const top = new Uint8Array(x.length);
  for (let t = 0; t < S0.length; t++) top[order[t]] = 1;
  let miss = 0;
  for (const j of S0) if (!top[j]) miss++;
  return miss;
}

/**
 * The remedy after a noisy reconstruction that missed the oracle rule: a least-squares refit on the
 * detected support removes the l1 shrinkage bias; a noise bound or penalty no larger than the noise
 * shrinks less; more measurements when the support itself was missed.
 */
export function noisyRemedyFinding(
  s: Setting,
  misses: number,
  mode: 'bpdn' | 'lasso' | 'other',
  audience: Audience,
  measurements: Finding | null,
): Finding {
  const cli = audience === 'cli';
  const parts: string[] = [];
  parts.push(
    cli
      ? `a k-sparse least-squares fit without shrinkage: --solver omp --k ${s.k} or --solver cosamp --k ${s.k}`
      : `a k-sparse least-squares fit without shrinkage (x_S = A_S^+ y; OMP or CoSaMP at k = ${s.k})`,
  );
  if (mode === 'bpdn')
    parts.push(cli ? 'a --sigma no larger than the noise level ||e||_2 (a larger one shrinks more)' : 'a noise bound sigma no larger than ||e||_2 (a larger one shrinks more)');
  else if (mode === 'lasso')
    parts.push(cli ? 'a smaller --lambda (about 2 ||A^T e||_inf shrinks the least that still rejects the noise)' : 'a smaller lambda (about 2 ||A^T e||_inf)');
  if (misses > 0 && measurements && measurements.text.startsWith('To change the outcome: '))
    parts.push(measurements.text.slice('To change the outcome: '.length, -1));
  else if (misses > 0) parts.push('more measurements or less noise (to resolve the smallest entries)');
  return {
    topic: 'remedy',
    severity: 'info',
    text: `To reach the oracle level: ${parts.join('; or ')}.`,
    data: { ...(measurements?.data ?? {}), target: s.target, supportMisses: misses },
  };
}

/** Entries with |x_j| <= NONZERO_REL_TOL max|x| count as zero (rounding residue of a solver). */
export const NONZERO_REL_TOL = 1e-9;

/** Number of entries with |x_j| > relTol max|x| (moduli for complex interleaved x). */
export function countNonzeros(x: Float64Array, complex = false, relTol = NONZERO_REL_TOL): number {
  const n = complex ? x.length / 2 : x.length;
  let top = 0;
  const mod = (j: number) => (complex ? Math.hypot(x[2 * j], x[2 * j + 1]) : Math.abs(x[j]));
  for (let j = 0; j < n; j++) top = Math.max(top, mod(j));
  let k = 0;
  for (let j = 0; j < n; j++) if (mod(j) > relTol * top) k++;
  return k;
}

/** The support of x (entries above NONZERO_REL_TOL max|x|), increasing. */
export function supportOf(x: Float64Array): Int32Array {
  let top = 0;
  for (let j = 0; j < x.length; j++) top = Math.max(top, Math.abs(x[j]));
  const S: number[] = [];
  for (let j = 0; j < x.length; j++) if (Math.abs(x[j]) > NONZERO_REL_TOL * top) S.push(j);
  return Int32Array.from(S);
}

/** ||x_or - x0|| / ||x0|| with x_or = A_S0^+ y on the true support S0 (real A), or null when A_S0 is not injective. */
export function oracleOf(A: OperatorInput, y: Float64Array, x0: Float64Array): number | null {
  const S0 = supportOf(x0);
  const C = gatherColumns('explain', A, { realOnly: true });
  if (S0.length === 0 || S0.length > C.m) return null;
  const f = factorSupport(C, S0);
  return oracleRelativeError(f, (out) => pinvApply(f, y, out), x0);
}

/**
 * Library wording of certifyBP's checks, in the command line's terms (audience 'cli'): the
 * library names its functions, the command line its options.
 */
export function cliWording(text: string, audience: Audience): string {
  return audience === 'cli'
    ? text.replace('noisy data? use certifyBPDN or lassoKkt', 'noisy data? give --sigma (the noise level ||e||) or --lambda')
    : text;
}
