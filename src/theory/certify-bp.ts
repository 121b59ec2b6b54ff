/**
 * Certify a basis-pursuit reconstruction after the fact (THEORY.md section 5, "after a
 * reconstruction"). Given A (real, dense or operator), y and a reconstruction x^ from any solver:
 *
 * 1. support S = the entries above the largest gap in the sorted magnitudes (./support.ts), which
 *    must stand out by at least `minGap` (default 1e3) and satisfy |S| <= m;
 * 2. rank: sigma_min(A_S) > rankTol sigma_max(A_S);
 * 3. polish: x_S = A_S^+ y; the signs must not change and ||A x - y|| <= residualTol ||y||
 *    (default 1e-9: BP is an equality-constrained problem; for noisy data use certifyBPDN or
 *    lassoKkt in ./kkt.ts);
 * 4. the least-norm certificate, then the optimal LP certificate (./certificate.ts), each with the
 *    margin theta <= 1 - margin.
 *
 * Verdict: `certified unique l1 minimiser` (the polished x is the unique solution of
 * min ||x||_1 s.t. Ax = y) or `not certified`, with theta, the margin 1 - theta, max off-support
 * |A^T v|, sigma_min(A_S) and cond(A_S). The conclusion about the truth is conditional: a k0-sparse
 * x0 with A x0 = y equals x^ when |S| + k0 < spark(A) (x^ - x0 is a null vector with at most
 * |S| + k0 nonzeros). For Gaussian A, spark = m + 1 almost surely, so k0 <= m - |S| suffices;
 * otherwise a spark lower bound is needed (given, or 1 + 1/mu from the coherence of a small dense A).
 *
 * @example
 * import { initHighs } from '../solvers/highs-runtime.ts';
 * import { bpLP } from '../solvers/bp-lp.ts';
 * import { certifyBP } from './certify-bp.ts';
 * await initHighs();
 * const r = bpLP(A, y);
 * const c = certifyBP(A, y, r.x, { ensemble: 'gaussian' });
 * c.verdict;               // 'certified unique l1 minimiser'
 * c.certificate?.margin;   // e.g. 0.31
 * c.truth.statement;       // 'x^ equals any k0-sparse x0 with A x0 = y when k0 <= 118 ...'
 */
import { CandorError, checkFinite, checkNumber, describe } from '../core/errors.ts';
import type { OperatorInput } from '../solvers/problem.ts';
import {
  type BpCertificate,
  CERTIFICATE_DEFAULTS,
  certificateFromFactor,
  type CertificateVerdict,
  type BpCertificateOptions,
  emptySupportCertificate,
} from './certificate.ts';
import { sparkLowerBounds, mutualCoherence } from '../predict/coherence.ts';
import { gatherColumns, unseenColumns, zeroColumnNote } from '../predict/columns.ts';
import { checkSupport, supportByGap } from './support.ts';
import { factorSupport, pinvApply } from './support-factor.ts';
import { checkSignal, type Signal } from '../predict/validate.ts';
import { highsReady, requireHighs } from '../solvers/highs-runtime.ts';

/**
 * Options of {@link certifyBP}: the certificate options, the support (or its detection by gap),
 * the accepted residual, and what is known about spark(A) and the truth.
 */
export interface CertifyBPOptions extends BpCertificateOptions {
  /** Use this support instead of detecting it. */
  support?: ArrayLike<number>;
  /** Smallest accepted gap ratio between the support and the rest (default 1e3). */
  minGap?: number;
  /** Largest accepted relative residual ||A x - y||/||y|| after polishing (default 1e-9). */
  residualTol?: number;
  /** 'gaussian' makes spark(A) = m + 1 (almost surely) available for the conclusion about the truth. */
  ensemble?: string;
  /** A known lower bound on spark(A) (overrides the coherence bound). */
  spark?: number;
  /** The true signal, when known: the conclusion is checked against it. */
  xTrue?: Float64Array;
}

/** Defaults of {@link CertifyBPOptions} (minimum support gap, residual tolerance). */
export const CERTIFY_BP_DEFAULTS = Object.freeze({ minGap: 1e3, residualTol: 1e-9 });

/** Largest m n^2 for which certifyBP computes the coherence spark bound itself. */
const SPARK_WORK_LIMIT = 2 ** 28;

/** One step of {@link certifyBP} (support, rank, polish, certificate), whether it passed and why. */
export interface CertifyCheck {
  step: 'support' | 'rank' | 'polish' | 'certificate';
  passed: boolean;
  detail: string;
}

/**
 * What a certified basis-pursuit reconstruction says about the truth: with a lower bound on
 * spark(A), every k0-sparse x0 with A x0 = y and k0 small enough equals the reconstruction.
 */
export interface TruthConclusion {
  statement: string;
  /** Lower bound on spark(A) used, and where it came from. */
  sparkLowerBound: number | null;
  sparkBasis: 'gaussian' | 'given' | 'coherence' | 'zero column' | null;
  /** Largest k0 for which a k0-sparse x0 with A x0 = y must equal x^ (null when unknown or none). */
  maxTruthSparsity: number | null;
  /** With xTrue: its sparsity, the relative error of x^, and whether the condition covers it. */
  truth: { k0: number; relError: number; covered: boolean } | null;
}

/**
 * The certificate of a basis-pursuit reconstruction ({@link certifyBP}): the detected support and
 * signs, the polished reconstruction, each check, the dual certificate, the conclusion about the
 * truth and a one-sentence summary.
 */
export interface BpReconstructionCertificate {
  verdict: CertificateVerdict;
  certified: boolean;
  support: Int32Array;
  signs: Float64Array;
  /** Gap ratio of the detected support (a_|S| / max(a_|S|+1, 1e-14 max|x|); null when the support was given). */
  supportGap: number | null;
  /** The polished reconstruction (x_S = A_S^+ y, zero elsewhere), or the input when polishing did not run. */
  x: Float64Array;
  /** ||x_polished - x^|| / ||x^||. */
  polishChange: number | null;
  /** ||A x^ - y|| / ||y|| before and after polishing. */
  residualBefore: number;
  residualAfter: number | null;
  checks: CertifyCheck[];
  certificate: BpCertificate | null;
  truth: TruthConclusion;
  /** One sentence: the verdict and its numbers. */
  summary: string;
}

function relResidual(
  C: { m: number; n: number; data: Float64Array },
  x: Float64Array,
  y: Float64Array,
): number {
  const { m, n, data } = C;
  const r = Float64Array.from(y, (v) => -v);
  for (let j = 0; j < n; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    const o = j * m;
    for (let i = 0; i < m; i++) r[i] += data[o + i] * xj;
  }
  let rr = 0;
  let yy = 0;
  for (let i = 0; i < m; i++) {
    rr += r[i] * r[i];
    yy += y[i] * y[i];
  }
  return yy > 0 ? Math.sqrt(rr / yy) : Math.sqrt(rr);
}

function nnz(x: Float64Array): number {
  let top = 0;
  for (let j = 0; j < x.length; j++) top = Math.max(top, Math.abs(x[j]));
  let k = 0;
  for (let j = 0; j < x.length; j++) if (Math.abs(x[j]) > 1e-12 * top) k++;
  return k;
}

function relError(x: Float64Array, x0: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let j = 0; j < x.length; j++) {
    d += (x[j] - x0[j]) ** 2;
    s += x0[j] ** 2;
  }
  return s > 0 ? Math.sqrt(d / s) : Math.sqrt(d);
}

/** Certify a BP reconstruction x^ of y = A x (real A). */
export function certifyBP(
  A: OperatorInput,
  y: Float64Array,
  x: Float64Array,
  opts: CertifyBPOptions = {},
): BpReconstructionCertificate {
  const where = 'certifyBP';
  const C = gatherColumns(where, A, { realOnly: true });
  const { m, n } = C;
  if (!(y instanceof Float64Array))
    throw new CandorError(where, 'y', `a Float64Array of length ${m}`, describe(y));
  if (y.length !== m) throw new CandorError(where, 'y length', `${m} (rows of A)`, String(y.length));
  checkFinite(where, 'y', y);
  if (!(x instanceof Float64Array))
    throw new CandorError(where, 'x', `a Float64Array of length ${n}`, describe(x));
  if (x.length !== n) throw new CandorError(where, 'x length', `${n} (columns of A)`, String(x.length));
  checkFinite(where, 'x', x);
  if (opts.xTrue !== undefined) {
    if (!(opts.xTrue instanceof Float64Array) || opts.xTrue.length !== n) {
      throw new CandorError(
        where,
        'xTrue',
        `a Float64Array of length ${n} (columns of A)`,
        describe(opts.xTrue),
      );
    }
    checkFinite(where, 'xTrue', opts.xTrue);
  }
  const signal = checkSignal(where, opts.signal);
  const margin = checkNumber(where, 'margin', opts.margin ?? CERTIFICATE_DEFAULTS.margin, 0, 1);
  const rankTol = checkNumber(where, 'rankTol', opts.rankTol ?? CERTIFICATE_DEFAULTS.rankTol, 0, 1);
  const minGap = checkNumber(where, 'minGap', opts.minGap ?? CERTIFY_BP_DEFAULTS.minGap, 1);
  const residualTol = checkNumber(
    where,
    'residualTol',
    opts.residualTol ?? CERTIFY_BP_DEFAULTS.residualTol,
    0,
  );
  const lpRequested = opts.lp ?? 'auto';
  let lp: boolean;
  if (lpRequested === 'auto') lp = highsReady();
  else if (lpRequested === true) lp = requireHighs(where) !== null;
  else if (lpRequested === false) lp = false;
  else throw new CandorError(where, 'lp', "true, false or 'auto'", describe(lpRequested));
  if (opts.spark !== undefined) checkNumber(where, 'spark', opts.spark, 1);

  const checks: CertifyCheck[] = [];
  const residualBefore = relResidual(C, x, y);
  if (opts.support === undefined && x.every((v) => v === 0)) return zeroReconstruction(A, C.m, C.n, y, x, signal, opts);
  let S: Int32Array;
  let gap: number | null = null;
  if (opts.support !== undefined) {
    S = checkSupport(where, opts.support, n);
    checks.push({
      step: 'support',
      passed: S.length <= m,
      detail: `support given, |S| = ${S.length}${S.length > m ? ` > m = ${m}` : ''}`,
    });
  } else {
    const g = supportByGap(x, m);
    S = g.support;
    gap = g.gap;
    const ok = S.length > 0 && g.gap >= minGap;
    checks.push({
      step: 'support',
      passed: ok,
      detail:
        S.length === 0
          ? 'x^ = 0: no support'
          : `|S| = ${S.length} by the largest gap in sorted magnitudes (ratio ${g.gap.toPrecision(3)}${g.zerosFollow ? ', zeros below' : ''}${ok ? '' : ` < ${minGap}: no clear support`})`,
    });
  }
  const signs = new Float64Array(S.length);
  for (let t = 0; t < S.length; t++) signs[t] = x[S[t]] >= 0 ? 1 : -1;
  let certificate: BpCertificate | null = null;
  let xOut = x;
  let polishChange: number | null = null;
  let residualAfter: number | null = null;
  if (checks[0].passed) {
    const f = factorSupport(C, S, rankTol);
    checks.push({
      step: 'rank',
      passed: f.fullRank,
      detail: f.fullRank
        ? `sigma_min(A_S) = ${f.sigmaMin.toPrecision(4)}, cond(A_S) = ${f.cond.toPrecision(4)}`
        : `A_S is rank deficient (sigma_min = ${f.sigmaMin.toExponential(3)})`,
    });
    if (f.fullRank) {
      const xs = pinvApply(f, y, new Float64Array(S.length));
      const xp = new Float64Array(n);
      let flips = 0;
      let top = 0;
      for (let t = 0; t < S.length; t++) top = Math.max(top, Math.abs(xs[t]));
      for (let t = 0; t < S.length; t++) {
        xp[S[t]] = xs[t];
        // a sign change, or an entry that vanishes when polished (it was not in the BP support)
        if ((xs[t] >= 0 ? 1 : -1) !== signs[t] || Math.abs(xs[t]) <= 1e-9 * top) flips++;
      }
      residualAfter = relResidual(C, xp, y);
      polishChange = relError(xp, x);
      const neg = signal === 'nonneg' && signs.some((s) => s < 0);
      const ok = flips === 0 && residualAfter <= residualTol && !neg;
      checks.push({
        step: 'polish',
        passed: ok,
        detail: neg
          ? 'x^ has negative entries on its support: not a nonnegative BP solution'
          : flips
            ? `${flips} entr${flips === 1 ? 'y' : 'ies'} changed sign or vanished when polishing x_S = A_S^+ y: x^ is not a BP solution on this support`
            : `x_S = A_S^+ y: relative residual ${residualAfter.toExponential(2)}${residualAfter <= residualTol ? '' : ` > ${residualTol}: the data are not fit exactly on S (noisy data? use certifyBPDN or lassoKkt)`}, change ${polishChange.toExponential(2)}`,
      });
      if (ok) {
        xOut = xp;
        certificate = certificateFromFactor(where, C, f, signs, { lp, margin, signal, lpRequested });
        checks.push({
          step: 'certificate',
          passed: certificate.certified,
          detail: `${certificate.method === 'lp' ? 'optimal LP' : 'least-norm'} certificate: theta = ${certificate.theta.toPrecision(6)}, margin 1 - theta = ${certificate.margin.toPrecision(4)}`,
        });
      }
    }
  }
  const certified = checks.length === 4 && checks.every((c) => c.passed);
  const truth = conclusion(A, C.m, C.n, S.length, certified, xOut, opts);
  const verdict: CertificateVerdict = certified ? 'certified unique l1 minimiser' : 'not certified';
  const failed = checks.find((c) => !c.passed);
  const summary = certified
    ? `${verdict}: theta = ${certificate!.theta.toPrecision(4)} (margin ${certificate!.margin.toPrecision(3)}), |S| = ${S.length}, sigma_min(A_S) = ${certificate!.sigmaMin.toPrecision(3)}`
    : `${verdict}: ${failed ? `${failed.step} check failed (${failed.detail})` : 'incomplete'}`;
  return {
    verdict,
    certified,
    support: S,
    signs,
    supportGap: gap,
    x: xOut,
    polishChange,
    residualBefore,
    residualAfter,
    checks,
    certificate,
    truth,
    summary,
  };
}

/**
 * x^ = 0, which has no support to detect. With y = 0 it is the exact, unique basis-pursuit
 * solution: A 0 = y, and every x != 0 has ||x||_1 > 0 = ||x^||_1; the dual certificate v = 0
 * (||A^T v||_inf = 0 < 1 off the empty support) certifies it, so it is certified without any
 * computation. With y != 0 it is not a solution at all (A x^ = 0 != y).
 */
function zeroReconstruction(
  A: OperatorInput,
  m: number,
  n: number,
  y: Float64Array,
  x: Float64Array,
  signal: Signal,
  opts: CertifyBPOptions,
): BpReconstructionCertificate {
  const support = new Int32Array(0);
  const signs = new Float64Array(0);
  if (y.some((v) => v !== 0)) {
    const detail = 'x^ = 0: no support, and A x^ = 0 does not fit y != 0 (relative residual 1): x^ is not a solution of A x = y';
    return {
      verdict: 'not certified',
      certified: false,
      support,
      signs,
      supportGap: null,
      x,
      polishChange: null,
      residualBefore: 1,
      residualAfter: null,
      checks: [{ step: 'support', passed: false, detail }],
      certificate: null,
      truth: conclusion(A, m, n, 0, false, x, opts),
      summary: `not certified: support check failed (${detail})`,
    };
  }
  const certificate = emptySupportCertificate(m, signal, 'the empty support (x^ = 0, y = 0): v = 0 is a certificate');
  return {
    verdict: 'certified unique l1 minimiser',
    certified: true,
    support,
    signs,
    supportGap: null,
    x,
    polishChange: 0,
    residualBefore: 0,
    residualAfter: 0,
    checks: [
      { step: 'support', passed: true, detail: 'x^ = 0 and y = 0: the empty support' },
      { step: 'rank', passed: true, detail: 'A_S has no columns: nothing can be dependent' },
      { step: 'polish', passed: true, detail: 'x = 0 fits y = 0 exactly (relative residual 0)' },
      { step: 'certificate', passed: true, detail: 'v = 0: theta = ||A^T v||_inf = 0, margin 1 - theta = 1' },
    ],
    certificate,
    truth: conclusion(A, m, n, 0, true, x, opts),
    summary: 'certified unique l1 minimiser: x^ = 0 and y = 0 (x = 0 is the only x with ||x||_1 = 0, and v = 0 certifies it: theta = 0)',
  };
}

function conclusion(
  A: OperatorInput,
  m: number,
  n: number,
  s: number,
  certified: boolean,
  x: Float64Array,
  opts: CertifyBPOptions,
): TruthConclusion {
  let spark: number | null = null;
  let basis: TruthConclusion['sparkBasis'] = null;
  // an all-zero column is a dependent set of one column: spark(A) = 1 whatever else is known
  const zeros = unseenColumns('certifyBP', A) ?? [];
  if (zeros.length) {
    spark = 1;
    basis = 'zero column';
  } else if (opts.spark !== undefined) {
    spark = opts.spark;
    basis = 'given';
  } else if (opts.ensemble === 'gaussian') {
    spark = m + 1;
    basis = 'gaussian';
  } else if (m * n * n <= SPARK_WORK_LIMIT && n >= 2) {
    spark = sparkLowerBounds(mutualCoherence(A).coherence, m).lower;
    basis = 'coherence';
  }
  const kMax = spark === null ? null : Math.max(0, Math.ceil(spark) - 1 - s);
  let statement: string;
  const basisText =
    basis === 'gaussian'
      ? 'Gaussian A has spark m + 1 almost surely'
      : basis === 'given'
        ? `spark(A) >= ${spark} (given)`
        : basis === 'coherence'
          ? `spark(A) >= ${spark} from the coherence bound 1 + 1/mu`
          : basis === 'zero column'
            ? `spark(A) = 1: ${zeroColumnNote(zeros)}`
            : 'no spark bound is available';
  if (!certified) statement = 'not certified: nothing is concluded about the truth';
  else if (kMax === null)
    statement = `x^ is the unique l1 minimiser; whether it equals the truth needs a bound on spark(A) (${basisText})`;
  else if (kMax === 0)
    statement = `x^ is the unique l1 minimiser, but with |S| = ${s} the spark bound (${basisText}) does not rule out another sparse solution: nothing is concluded about the truth`;
  else
    statement = `x^ equals any k0-sparse x0 with A x0 = y when k0 <= ${kMax} (|S| + k0 < spark(A); ${basisText})`;
  let truth: TruthConclusion['truth'] = null;
  if (opts.xTrue) {
    const k0 = nnz(opts.xTrue);
    truth = { k0, relError: relError(x, opts.xTrue), covered: certified && kMax !== null && k0 <= kMax };
  }
  return { statement, sparkLowerBound: spark, sparkBasis: basis, maxTruthSparsity: kMax, truth };
}
