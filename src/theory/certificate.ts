/**
 * Dual certificates for basis pursuit at a given support and sign pattern (THEORY.md section 5).
 *
 * x0 (support S, signs s) is the **unique** solution of min ||x||_1 s.t. Ax = Ax0 iff A_S has full
 * column rank and some v has A_S^T v = s and ||A_{S^c}^T v||_inf < 1 (Fuchs 2004; Zhang, Yin &
 * Cheng 2015; Foucart & Rauhut 2013, ch. 4). Two tests, in this order:
 *
 * 1. least-norm (Fuchs): v = A_S (A_S^T A_S)^{-1} s = Q R^{-T} s; theta_LN = ||A_{S^c}^T v||_inf < 1
 *    certifies (sufficient only; its maximum over sign patterns is ERC(S));
 * 2. optimal LP: theta* = min t s.t. A_S^T v = s, |a_j^T v| <= t (j not in S), by HiGHS
 *    (./certificate-lp.ts); theta* < 1 iff unique recovery (with full rank).
 *
 * A test passes when theta <= 1 - margin (default 1e-8), so rounding cannot certify a borderline
 * case. The verdict is `certified unique l1 minimiser` or `not certified`, reported with theta, the
 * margin 1 - theta, sigma_min(A_S) and cond(A_S). Nonnegative BP (`signal: 'nonneg'`, min 1^T x s.t.
 * Ax = y, x >= 0): A_S^T v = 1 and max_{j not in S} a_j^T v < 1 (one-sided).
 *
 * LP fallback: `lp: 'auto'` (default) runs test 2 when HiGHS is loaded (`await initHighs()`), and
 * otherwise says so in `notes`; `lp: true` requires it; `lp: false` skips it.
 *
 * @example
 * import { bpCertificate } from './certificate.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 0, 0.5, 0, 1, 0.5) };
 * const c = bpCertificate(A, [0], [1], { lp: false });
 * c.verdict;   // 'certified unique l1 minimiser'  (v = e_1, |a_1^T v| = 0, |a_2^T v| = 0.5)
 * c.margin;    // 0.5
 */
import { CandorError, checkNumber, describe } from '../core/errors.ts';
import { highsReady, requireHighs } from '../solvers/highs-runtime.ts';
import type { OperatorInput } from '../solvers/problem.ts';
import { type ColumnSet, gatherColumns } from '../predict/columns.ts';
import { lpCertificate } from './certificate-lp.ts';
import { checkSigns, checkSupport } from './support.ts';
import {
  adjointColumns,
  factorSupport,
  leastNormDual,
  RANK_TOL,
  type SupportFactor,
} from './support-factor.ts';
import { checkSignal, type Signal } from '../predict/validate.ts';

/** The verdict of a basis-pursuit certificate. */
export type CertificateVerdict = 'certified unique l1 minimiser' | 'not certified';

/**
 * Options of {@link bpCertificate}: the LP test, the required margin, the rank tolerance and the signal
 * model.
 */
export interface BpCertificateOptions {
  /** Run the LP test when the least-norm test fails: 'auto' (if HiGHS is loaded), true, false. */
  lp?: boolean | 'auto';
  /** A test passes when theta <= 1 - margin (default 1e-8). */
  margin?: number;
  /** Full rank when sigma_min(A_S) > rankTol sigma_max(A_S) (default 1e-10). */
  rankTol?: number;
  /** 'signed' (default): min ||x||_1; 'nonneg': min 1^T x, x >= 0. */
  signal?: Signal;
}

/** Defaults of {@link BpCertificateOptions}. */
export const CERTIFICATE_DEFAULTS = Object.freeze({
  lp: 'auto' as const,
  margin: 1e-8,
  rankTol: RANK_TOL,
  signal: 'signed' as const,
});

/**
 * A dual certificate of basis pursuit at a support S with signs s ({@link bpCertificate}): v with
 * A_S^T v = s and theta = max_{j not in S} |a_j^T v|; A_S of full rank and theta < 1 certify that
 * every x on S with these signs is the unique l1 minimiser.
 */
export interface BpCertificate {
  verdict: CertificateVerdict;
  certified: boolean;
  /** The test that certified ('least-norm' or 'lp'), or the last one run when not certified. */
  method: 'least-norm' | 'lp' | null;
  support: Int32Array;
  signs: Float64Array;
  signal: Signal;
  /** Best off-support value found: theta* when the LP ran, else theta_LN (Infinity when rank deficient). */
  theta: number;
  /** 1 - theta (> 0 certifies, up to the required margin). */
  margin: number;
  thetaLeastNorm: number | null;
  thetaLP: number | null;
  /** The certificate v (length m) of `method`, or null when A_S is rank deficient. */
  v: Float64Array | null;
  vNorm2: number | null;
  /** max_{i in S} |a_i^T v - s_i| of the returned v. */
  equalityResidual: number | null;
  sigmaMin: number;
  sigmaMax: number;
  cond: number;
  fullRank: boolean;
  /** Why it is not certified, or what was skipped. */
  notes: string[];
}

function wantLp(where: string, lp: unknown): boolean {
  if (lp === 'auto' || lp === undefined) return highsReady();
  if (lp === true) {
    requireHighs(where);
    return true;
  }
  if (lp === false) return false;
  throw new CandorError(where, 'lp', "true, false or 'auto'", describe(lp));
}

function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Certificate of (S, s) on a gathered real column set with a factor of A_S (shared with certifyBP). */
export function certificateFromFactor(
  where: string,
  C: ColumnSet,
  f: SupportFactor,
  signs: Float64Array,
  opts: { lp: boolean; margin: number; signal: Signal; lpRequested: boolean | 'auto' },
): BpCertificate {
  const oneSided = opts.signal === 'nonneg';
  const target = oneSided ? new Float64Array(f.k).fill(1) : signs;
  const notes: string[] = [];
  const base = {
    support: f.S,
    signs: target,
    signal: opts.signal,
    sigmaMin: f.sigmaMin,
    sigmaMax: f.sigmaMax,
    cond: f.cond,
    fullRank: f.fullRank,
  };
  if (!f.fullRank) {
    notes.push(
      f.k > f.m
        ? `|S| = ${f.k} > m = ${f.m}: A_S cannot have full column rank, so the solution is not unique`
        : `A_S is rank deficient (sigma_min = ${f.sigmaMin.toExponential(3)}, cond > 1e10): the solution is not unique`,
    );
    return {
      ...base,
      verdict: 'not certified',
      certified: false,
      method: null,
      theta: Number.POSITIVE_INFINITY,
      margin: Number.NEGATIVE_INFINITY,
      thetaLeastNorm: null,
      thetaLP: null,
      v: null,
      vNorm2: null,
      equalityResidual: null,
      notes,
    };
  }
  const inS = new Uint8Array(C.n);
  for (const j of f.S) inS[j] = 1;
  const vLN = leastNormDual(f, target);
  const g = adjointColumns(C, vLN);
  let thLN = f.k === C.n ? 0 : Number.NEGATIVE_INFINITY;
  let eqLN = 0;
  for (let j = 0; j < C.n; j++) if (!inS[j]) thLN = Math.max(thLN, oneSided ? g[j] : Math.abs(g[j]));
  for (let t = 0; t < f.k; t++) eqLN = Math.max(eqLN, Math.abs(g[f.S[t]] - target[t]));
  const pass = (th: number) => th <= 1 - opts.margin;
  const done = (
    method: 'least-norm' | 'lp',
    th: number,
    v: Float64Array,
    eq: number,
    thLP: number | null,
  ): BpCertificate => {
    const ok = pass(th);
    if (!ok) {
      notes.push(
        thLP !== null
          ? `the optimal certificate has theta* = ${thLP.toPrecision(6)} >= 1 - margin: no v with A_S^T v = s keeps the off-support correlations below 1, so the solution is not the unique l1 minimiser`
          : `the least-norm certificate has theta = ${th.toPrecision(6)} >= 1 - margin (the LP test was not run)`,
      );
    }
    return {
      ...base,
      verdict: ok ? 'certified unique l1 minimiser' : 'not certified',
      certified: ok,
      method,
      theta: th,
      margin: 1 - th,
      thetaLeastNorm: thLN,
      thetaLP: thLP,
      v,
      vNorm2: norm2(v),
      equalityResidual: eq,
      notes,
    };
  };
  if (pass(thLN)) return done('least-norm', thLN, vLN, eqLN, null);
  if (!opts.lp) {
    if (opts.lpRequested === 'auto')
      notes.push('the LP certificate was not computed: HiGHS is not loaded (await initHighs())');
    return done('least-norm', thLN, vLN, eqLN, null);
  }
  const lp = lpCertificate(where, C, f, target, oneSided);
  // the LP optimum is never worse than the least-norm point; keep the better v if rounding says otherwise
  if (lp.theta > thLN) return done('least-norm', thLN, vLN, eqLN, lp.theta);
  return done('lp', lp.theta, lp.v, lp.equalityResidual, lp.theta);
}

/**
 * Dual certificate of a support S and sign pattern s for BP with a real A (dense or operator).
 * @example bpCertificate(A, [3, 20, 45], [1, -1, 1]).verdict;
 */
export function bpCertificate(
  A: OperatorInput,
  support: ArrayLike<number>,
  signs: ArrayLike<number>,
  opts: BpCertificateOptions = {},
): BpCertificate {
  const where = 'bpCertificate';
  const C = gatherColumns(where, A, { realOnly: true });
  const S = checkSupport(where, support, C.n);
  const signal = checkSignal(where, opts.signal);
  const s =
    signal === 'nonneg' && signs === undefined
      ? new Float64Array(S.length).fill(1)
      : checkSigns(where, signs, S.length);
  if (signal === 'nonneg') {
    for (let t = 0; t < s.length; t++) {
      if (s[t] !== 1) throw new CandorError(where, `signs[${t}]`, '+1 (nonnegative signal)', String(s[t]));
    }
  }
  const margin = checkNumber(where, 'margin', opts.margin ?? CERTIFICATE_DEFAULTS.margin, 0, 1);
  const rankTol = checkNumber(where, 'rankTol', opts.rankTol ?? CERTIFICATE_DEFAULTS.rankTol, 0, 1);
  const lpRequested = opts.lp ?? 'auto';
  const lp = wantLp(where, lpRequested);
  const f = factorSupport(C, S, rankTol);
  return certificateFromFactor(where, C, f, s, { lp, margin, signal, lpRequested });
}

/**
 * The certificate of x^ = 0 (the empty support): v = 0 satisfies A_S^T v = s (nothing to satisfy)
 * and ||A^T v||_inf = 0 < 1, so x^ = 0 is the unique l1 minimiser of any feasible set that holds it
 * (BP with y = 0, BPDN with ||y|| <= eps). A_S has no columns: by the empty-set conventions
 * sigma_min = inf and sigma_max = 0.
 */
export function emptySupportCertificate(m: number, signal: BpCertificate['signal'], note: string): BpCertificate {
  return {
    verdict: 'certified unique l1 minimiser',
    certified: true,
    method: 'least-norm',
    support: new Int32Array(0),
    signs: new Float64Array(0),
    signal,
    theta: 0,
    margin: 1,
    thetaLeastNorm: 0,
    thetaLP: null,
    v: new Float64Array(m),
    vNorm2: 0,
    equalityResidual: 0,
    sigmaMin: Number.POSITIVE_INFINITY,
    sigmaMax: 0,
    cond: 1,
    fullRank: true,
    notes: [note],
  };
}
