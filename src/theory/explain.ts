/**
 * `explain(problem, result)`: why a sparse reconstruction worked or failed, and what would change
 * the outcome, as structured findings plus one paragraph of plain language.
 *
 * Findings, in paragraph order (./explain-parts.ts builds the first and the last):
 * 1. transition: where (m, k, n) sits against the predicted phase transition (statistical
 *    dimension, width, predicted success probability; the rigorous kinematic bound for Gaussian A
 *    when it says something); other ensembles get the Gaussian baseline, labelled as such;
 * 2. coherence: what the coherence of the sampling pattern guarantees at this k (fast PSF / TPSF
 *    route for a `fourierMask`, the dense Gram route for dense A up to `maxCoherenceWork`);
 * 3. certificate: BP results (no lambda, no epsilon, real A) get certifyBP; LASSO results
 *    (`result.lambda`) get lassoKkt; BPDN (`problem.epsilon`) gets certifyBPDN;
 * 4. residual (and solver convergence); 5. truth: the relative error when xTrue is known;
 * 6. remedy: "with m >= 76 the predicted success rate is 95%", "reduce k to 16", "a less
 *    coherent sampling pattern ...", when the prediction or the outcome falls short.
 *
 * The `problem` input is shared by the CLI, the MRI app and the web lab: A (dense or operator,
 * real or complex), y, and whatever is known (truth, k, ensemble name, signal model, sampling mask,
 * noise bound). k comes from `problem.k`, else from xTrue, else from the reconstruction's support
 * (said so in the text). Every number in the paragraph is in the findings' `data`, formatted by
 * ./explain-format.ts.
 *
 * @example
 * import { explain } from './explain.ts';
 * const e = explain({ A, y, xTrue, ensemble: 'gaussian' }, bpLP(A, y));
 * e.outcome;     // 'success'
 * e.paragraph;   // 'With m = 80 measurements of a k = 20-sparse signal in n = 200 unknowns, ...'
 */
import { CandorError, checkFinite, checkNumber, describe } from '../core/errors.ts';
import { makeProblem, type OperatorInput } from '../solvers/problem.ts';
import { type BpReconstructionCertificate, certifyBP } from './certify-bp.ts';
import { type CertifyBPDN, certifyBPDN } from './certify-bpdn.ts';
import { mutualCoherence } from '../predict/coherence.ts';
import { unseenColumns, zeroColumnNote } from '../predict/columns.ts';
import { formatNumber, formatPercent } from './explain-format.ts';
import {
  type Audience,
  type CoherenceInfo,
  coherenceFinding,
  type Finding,
  cliWording,
  countNonzeros,
  NONZERO_REL_TOL,
  noisyRemedyFinding,
  oracleOf,
  remedyFinding,
  type Setting,
  supportMisses,
  supportOf,
  transitionFinding,
} from './explain-parts.ts';
import { type LassoKkt, lassoKkt } from './kkt.ts';
import type { EmpiricalProvider } from '../predict/plan.ts';
import { fourierCoherence, type GridShape } from '../predict/psf.ts';
import { supportByGap } from './support.ts';
import { fourierWaveletCoherence, type WaveletSpec } from '../predict/tpsf.ts';
import { checkProbability, checkSignal, checkSizes, type Signal } from '../predict/validate.ts';

export type { Audience, Finding } from './explain-parts.ts';
export { cliWording, countNonzeros, NONZERO_REL_TOL };


/**
 * Default C of the noisy success rule ||x - x0|| <= C ||x_or - x0|| + successTol ||x0||:
 * sqrt(2 ln n + 1), the square root of the risk inflation 2 ln n + 1 that no estimator ignorant
 * of the support can avoid in general (Donoho & Johnstone, "Ideal spatial adaptation by wavelet
 * shrinkage", Biometrika 81 (1994), Thm 1; Foster & George, Ann. Stat. 22 (1994)): 3.48 at
 * n = 256, 3.86 at n = 1024, 4.20 at n = 4096.
 */
export function oracleFactorFor(n: number): number {
  return Math.sqrt(2 * Math.log(Math.max(n, 1)) + 1);
}

/**
 * What {@link explain} needs about the problem: A and y, and what is known (the truth or its
 * sparsity, the ensemble, a Fourier mask behind A, the noise bound).
 */
export interface ExplainProblem {
  /** The measurement matrix: dense { rows, cols, data } or a LinearOperator (real or complex). */
  A: OperatorInput;
  y: Float64Array;
  /** The true signal, when known (simulations). */
  xTrue?: Float64Array;
  /** Sparsity of the truth, when known without xTrue. */
  k?: number;
  /** 'gaussian', 'rademacher', 'partial-fourier', 'partial-dct', 'variable-density', ... */
  ensemble?: string;
  signal?: Signal;
  /** The Fourier sampling mask behind A (fast coherence); `wavelet` when the unknowns are wavelet coefficients. */
  fourierMask?: { shape: GridShape; mask: ArrayLike<number>; centered?: boolean; wavelet?: WaveletSpec };
  /** Noise bound ||e|| <= epsilon (BPDN). */
  epsilon?: number;
  /** Target success probability of the remedies (default 0.95). */
  target?: number;
  /** Stored phase-transition experiments for structured ensembles (the experiments layer). */
  empirical?: EmpiricalProvider;
}

/** The parts of a SolverResult explain() reads (a SolverResult fits). */
export interface ExplainResultInput {
  x: Float64Array;
  solver?: string;
  lambda?: number;
  converged?: boolean;
  stopReason?: string;
  iterations?: number;
}

/** Options of {@link explain}: certificates, the success rule and the remedies' wording. */
export interface ExplainOptions {
  /** LP certificate: 'auto' (default: when HiGHS is loaded), true, false. */
  lp?: boolean | 'auto';
  /**
   * Relative l2 error counted as success when xTrue is known (default 1e-5, as THEORY.md section 8).
   * Given, it is the rule also for noisy data; not given, noisy data get the oracle rule below.
   */
  successTol?: number;
  /**
   * Noisy data (default: when problem.epsilon > 0 or result.lambda is given): with xTrue, success
   * is ||x - x0|| <= oracleFactor ||x_or - x0|| + 1e-5 ||x0||, x_or = A_S0^+ y on the true support.
   */
  noisy?: boolean;
  /** C of the noisy rule (default {@link oracleFactorFor}(n) = sqrt(2 ln n + 1)). */
  oracleFactor?: number;
  /** Certificates already computed for this x and problem (reused, not recomputed). */
  certificate?: { bp?: BpReconstructionCertificate; bpdn?: CertifyBPDN; lasso?: LassoKkt };
  /** Remedies name library terms (default) or the `candor` command line's options. */
  audience?: Audience;
  /** Largest m n^2 for the dense coherence route (default 2^28, about a second). */
  maxCoherenceWork?: number;
}

/**
 * The outcome {@link explain} reports: against the truth ('success' / 'failure'), by certificate
 * ('certified' / 'not certified'), or 'unknown'.
 */
export type Outcome = 'success' | 'failure' | 'certified' | 'not certified' | 'unknown';

/**
 * The explanation of a reconstruction ({@link explain}): the outcome, the findings and the
 * paragraph that joins their sentences.
 */
export interface Explanation {
  outcome: Outcome;
  n: number;
  m: number;
  k: number;
  /** Where k came from. */
  kSource: 'given' | 'truth' | 'reconstruction';
  findings: Finding[];
  /** The findings' sentences as one paragraph. */
  paragraph: string;
  /** All-zero columns of A: entries of x no measurement sees (null: A too large to check). */
  zeroColumns: number[] | null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function vecOf(where: string, name: string, v: unknown, len: number, what: string): Float64Array {
  if (!(v instanceof Float64Array) || v.length !== len) {
    throw new CandorError(where, name, `a Float64Array of length ${len} (${what})`, describe(v));
  }
  checkFinite(where, name, v);
  return v;
}


/** Relative residual above which a noiseless reconstruction has not solved Ax = y. */
const STALL_RESIDUAL = 1e-6;




/** Why a reconstruction worked or failed, and what would change the outcome. */
export function explain(
  problem: ExplainProblem,
  result: ExplainResultInput,
  opts: ExplainOptions = {},
): Explanation {
  const where = 'explain';
  if (!isObject(problem))
    throw new CandorError(where, 'problem', 'an object { A, y, ... }', describe(problem));
  if (!isObject(result))
    throw new CandorError(where, 'result', 'an object { x, ... } (a SolverResult)', describe(result));
  const p = makeProblem(where, problem.A, problem.y);
  const { m, n, complex } = p;
  if (m > n)
    throw new CandorError(
      where,
      'A shape',
      'rows <= columns (m <= n: an underdetermined system)',
      `${m} x ${n}`,
    );
  const x = vecOf(
    where,
    'result.x',
    result.x,
    p.nLen,
    `columns of A${complex ? ', complex interleaved' : ''}`,
  );
  const xTrue =
    problem.xTrue === undefined ? undefined : vecOf(where, 'xTrue', problem.xTrue, p.nLen, 'columns of A');
  const signal = checkSignal(where, problem.signal);
  const target = checkProbability(where, 'target', problem.target ?? 0.95);
  const successTol = checkNumber(where, 'successTol', opts.successTol ?? 1e-5, 0);
  const oracleFactor = checkNumber(where, 'oracleFactor', opts.oracleFactor ?? oracleFactorFor(n), 1);
  const audience = opts.audience ?? 'library';
  if (audience !== 'library' && audience !== 'cli')
    throw new CandorError(where, 'audience', "'library' or 'cli'", describe(audience));
  const maxWork = checkNumber(where, 'maxCoherenceWork', opts.maxCoherenceWork ?? 2 ** 28, 0);
  if (
    problem.ensemble !== undefined &&
    (typeof problem.ensemble !== 'string' || problem.ensemble.length === 0)
  ) {
    throw new CandorError(where, 'ensemble', 'a non-empty string', describe(problem.ensemble));
  }
  if (problem.epsilon !== undefined) checkNumber(where, 'epsilon', problem.epsilon, 0);
  let k: number;
  let kSource: Explanation['kSource'];
  if (problem.k !== undefined) {
    checkSizes(where, n, problem.k);
    k = problem.k;
    kSource = 'given';
  } else if (xTrue) {
    k = countNonzeros(xTrue, complex);
    kSource = 'truth';
  } else {
    k = supportByGap(x, m, complex).support.length;
    kSource = 'reconstruction';
  }
  if (k < 1)
    throw new CandorError(
      where,
      'k',
      `an integer in [1, n = ${n}] (the truth or the reconstruction is zero)`,
      '0',
    );
  const setting: Setting = {
    n,
    m,
    k,
    signal,
    ensemble: problem.ensemble ?? 'gaussian',
    ensembleStated: problem.ensemble !== undefined,
    target,
    empirical: problem.empirical,
  };
  const findings: Finding[] = [];

  // 1. transition
  const tr = transitionFinding(setting);
  if (kSource === 'reconstruction')
    tr.text += ` (k = ${k} is the support size of the reconstruction; if the recovery failed it overstates the true k.)`;
  if (complex) tr.text += ' (Complex data: the prediction is for real signals and serves as a baseline.)';
  findings.push(tr);

  // 2. coherence
  let coh: CoherenceInfo | null = null;
  if (problem.fourierMask) {
    const fm = problem.fourierMask;
    if (fm.wavelet) {
      const c = fourierWaveletCoherence(fm.shape, fm.mask, { centered: fm.centered, ...fm.wavelet });
      coh = {
        coherence: c.coherence,
        welch: c.m < c.n ? Math.sqrt((c.n - c.m) / (c.m * (c.n - 1))) : 0,
        route: `TPSF with ${c.wavelet}, ${c.levels} levels`,
      };
    } else {
      const c = fourierCoherence(fm.shape, fm.mask, { centered: fm.centered });
      coh = { coherence: c.coherence, welch: c.welch, route: 'mask PSF side lobe' };
    }
  }
  const zeroColumns = problem.fourierMask ? [] : unseenColumns(where, problem.A);
  if (zeroColumns?.length) {
    findings.push({ topic: 'coherence', severity: 'warning', text: `${zeroColumnNote(zeroColumns).replace(/^c/, 'C')}.`, data: { zeroColumns: zeroColumns.join(', '), count: zeroColumns.length } });
  }
  if (!problem.fourierMask && m * n * n <= maxWork && n - (zeroColumns?.length ?? 0) >= 2) {
    const c = mutualCoherence(problem.A, { skipZeroColumns: true });
    coh = { coherence: c.coherence, welch: c.welch, route: c.zeroColumns.length ? `dense Gram of the ${n - c.zeroColumns.length} nonzero columns` : 'dense Gram' };
  }
  const cf = coh ? coherenceFinding(coh, k) : null;
  if (cf) findings.push(cf);

  // 3. certificate
  const lambda = result.lambda;
  const epsilon = problem.epsilon !== undefined && problem.epsilon > 0 ? problem.epsilon : undefined;
  const noisy = opts.noisy ?? (epsilon !== undefined || lambda !== undefined);
  const cli = audience === 'cli';
  const kKnown = kSource !== 'reconstruction';
  let certified: boolean | null = null;
  /** BP proved x^ is the l1 minimiser, yet it has more than the known k nonzeros: x^ is not the truth. */
  let notKSparse = false;
  if (lambda !== undefined) {
    const kk = opts.certificate?.lasso ?? lassoKkt(problem.A, problem.y, x, lambda);
    certified = kk.unique;
    findings.push({
      topic: 'certificate',
      severity: kk.unique ? 'good' : 'warning',
      text: kk.unique
        ? `The LASSO optimality conditions hold (KKT residual ${formatNumber(kk.kktRelative ?? 0, 2)} lambda, duality gap ${formatNumber(kk.dualityGap, 2)}) and the solution is unique (max off-support |A^T r|/lambda = ${formatNumber(kk.theta, 3)}); its error bound needs the restricted eigenvalue, which is not computable, so no error number is certified.`
        : `The LASSO solution is not certified: KKT residual ${formatNumber(kk.kktRelative ?? 0, 2)} lambda, duality gap ${formatNumber(kk.dualityGap, 2)}, max off-support |A^T r|/lambda = ${formatNumber(kk.theta, 3)}.`,
      data: {
        kind: 'lasso',
        kktRelative: kk.kktRelative,
        dualityGap: kk.dualityGap,
        theta: kk.theta,
        unique: kk.unique,
      },
    });
  } else if (complex) {
    findings.push({
      topic: 'certificate',
      severity: 'info',
      text: 'No dual certificate was computed: the BP certificates are implemented for real A.',
      data: { kind: 'none' },
    });
  } else if (epsilon !== undefined) {
    const b = opts.certificate?.bpdn ?? certifyBPDN(problem.A, problem.y, x, epsilon, { lp: opts.lp });
    // the bound's premise is "x0 has the support of x^": a known k below |S| rules it out
    const premiseFails = kKnown && b.support.length > k;
    certified = b.bound.value !== null && b.feasible && !premiseFails;
    const empty = b.support.length === 0;
    const value = b.bound.value === null ? '' : formatNumber(b.bound.value, 3);
    findings.push({
      topic: 'certificate',
      severity: certified ? 'good' : 'warning',
      text:
        empty
          ? b.feasible
            ? `x = 0 is the unique BPDN solution: ||y|| = ${formatNumber(b.residualNorm, 3)} <= sigma = ${formatNumber(b.epsilon, 3)}, so x = 0 is feasible with ||x||_1 = 0 and any other x has ||x||_1 > 0; the noise level lets no signal at all explain the data, so no error bound on a nonzero truth follows.`
            : `x = 0 is not a BPDN solution: ||y|| = ${formatNumber(b.residualNorm, 3)} > sigma = ${formatNumber(b.epsilon, 3)}, so it is not feasible.`
          : b.bound.value === null
          ? `No BPDN error bound is certified: ${b.bound.statement.split(': no bound, because ')[1] ?? 'the certificate failed'}.`
          : premiseFails
            ? `The BPDN error bound (${value}) does not apply: its premise is that the truth has the reconstruction's support (|S| = ${b.support.length}), which a k = ${k}-sparse truth cannot have; no error bound is certified.`
            : `If the truth has the reconstruction's support and signs, every BPDN solution is within ${value} of it in l2 (dual certificate theta = ${formatNumber(b.theta, 3)}, sigma_min(A_S) = ${formatNumber(b.certificate.sigmaMin, 3)}); this is conditional on that support.`,
      data: {
        kind: 'bpdn',
        bound: b.bound.value,
        premise: premiseFails ? 'fails' : kKnown ? 'possible' : 'unchecked',
        supportSize: b.support.length,
        theta: b.theta,
        sigmaMin: b.certificate.sigmaMin,
        feasible: b.feasible,
      },
    });
  } else {
    // the spark argument about the truth needs the real ensemble: only a stated one is passed on
    const c =
      opts.certificate?.bp ??
      certifyBP(problem.A, problem.y, x, { lp: opts.lp, signal, ensemble: problem.ensemble, xTrue });
    certified = c.certified;
    const ce = c.certificate;
    const failed = c.checks.find((q) => !q.passed);
    const s = c.support.length;
    notKSparse = c.certified && kKnown && s > k;
    const proof = c.certified
      ? `theta = max off-support |A^T v| = ${formatNumber(ce!.theta, 3)}, margin ${formatNumber(ce!.margin, 3)}, sigma_min(A_S) = ${formatNumber(ce!.sigmaMin, 3)}, cond(A_S) = ${formatNumber(ce!.cond, 1)}`
      : '';
    const below = (tr.data.z as number) < -1 ? ' (below the phase transition, as predicted)' : '';
    findings.push({
      topic: 'certificate',
      severity: notKSparse ? 'bad' : c.certified ? 'good' : 'warning',
      text: notKSparse
        ? `The dual certificate proves the reconstruction is the unique l1 minimiser (${proof}), but it has |S| = ${s}${s === m ? ' = m' : ''} nonzeros while the signal is k = ${k}-sparse: the l1 minimiser is not the sparse signal, so basis pursuit failed${below}.`
        : c.certified
          ? `The dual certificate proves the reconstruction is the unique l1 minimiser (${proof}); ${c.truth.statement}.`
          : `The reconstruction is not certified as the unique l1 minimiser: ${failed ? cliWording(failed.detail, audience) : 'incomplete'}${opts.lp === false && ce !== null && ce.thetaLP === null ? ` (the optimal LP certificate was skipped${cli ? ' by --no-lp' : ''}: only the weaker least-norm test ran)` : ''}.`,
      data: {
        kind: 'bp',
        certified: c.certified,
        theta: ce ? ce.theta : null,
        margin: ce ? ce.margin : null,
        sigmaMin: ce ? ce.sigmaMin : null,
        cond: ce ? ce.cond : null,
        supportSize: s,
        kSparse: kKnown ? s <= k : null,
        failedStep: failed ? failed.step : null,
      },
    });
  }

  // 4. residual and solver
  const r = new Float64Array(p.mLen);
  p.apply(x, r);
  let rr = 0;
  let yy = 0;
  for (let i = 0; i < p.mLen; i++) {
    rr += (r[i] - problem.y[i]) ** 2;
    yy += problem.y[i] ** 2;
  }
  const res = yy > 0 ? Math.sqrt(rr / yy) : Math.sqrt(rr);
  // a solver that stops because its iterates stopped moving has not solved Ax = y when the residual is large
  const stalled = result.converged !== false && !noisy && res > STALL_RESIDUAL;
  const solverNote =
    result.converged === false
      ? ` The solver stopped before converging (${result.stopReason ?? 'not converged'}${result.iterations !== undefined ? ` after ${result.iterations} iterations` : ''}): rerun it with more iterations or a tighter tolerance${cli ? ' (--max-iter, --tol)' : ''}.`
      : stalled
        ? ` The solver's stopping test passed${result.stopReason ? ` (${result.stopReason})` : ''}, but x does not solve Ax = y: either y is noisy (${cli ? 'then give --sigma, the noise level, or --lambda' : 'then solve BPDN or the LASSO'}) or the solver stalled (${cli ? 'try --solver niht, cosamp or bp-homotopy' : 'try another solver'}).`
        : '';
  findings.push({
    topic: 'residual',
    severity: result.converged === false || stalled ? 'warning' : 'info',
    text: `The data residual ||Ax - y||/||y|| is ${formatNumber(res, 2)}.${solverNote}`,
    data: { relativeResidual: res, converged: result.converged ?? null, stalled },
  });

  // 5. truth
  let outcome: Outcome =
    certified === null ? 'unknown' : notKSparse ? 'failure' : certified ? 'certified' : 'not certified';
  let misses: number | null = null;
  let oracleRule = false;
  if (xTrue) {
    let d = 0;
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      d += (x[i] - xTrue[i]) ** 2;
      s += xTrue[i] ** 2;
    }
    const err = s > 0 ? Math.sqrt(d / s) : Math.sqrt(d);
    const prob = tr.data.probability as number;
    // noisy data: the oracle rule, unless a tolerance was given
    const oracle = noisy && opts.successTol === undefined && !complex ? oracleOf(problem.A, problem.y, xTrue) : null;
    oracleRule = oracle !== null;
    let ok: boolean;
    let text: string;
    const data: Finding['data'] = { relativeError: err, successTol };
    if (oracle !== null) {
      ok = err <= oracleFactor * oracle + successTol;
      misses = ok ? 0 : supportMisses(x, supportOf(xTrue));
      const ratio = oracle > 0 ? err / oracle : Number.POSITIVE_INFINITY;
      const why = ok
        ? ''
        : misses === 0
          ? ` (the true support is among its ${k} largest entries: the excess is the l1 shrinkage bias, a noise-level error, not a shortage of measurements)`
          : ` (${misses} of the ${k} true entries are not among its ${k} largest)`;
      text = `Against the known truth the relative error is ${formatNumber(err, 2)}, ${formatNumber(ratio, 1)} times the oracle's ${formatNumber(oracle, 2)} (least squares on the true support, x_or = A_S^+ y); noisy data count as recovered when ||x - x0|| <= ${oracleFactor.toFixed(2)} ||x_or - x0|| + ${successTol.toExponential()} ||x0||: the recovery ${ok ? 'reached the oracle level' : 'did not reach the oracle level'}${why}.`;
      Object.assign(data, { rule: 'oracle', oracleRelativeError: oracle, oracleFactor, ratio, supportMisses: misses });
    } else {
      ok = err <= successTol;
      const surprise =
        ok && prob < 0.05
          ? ' (a lucky draw: the prediction gave it little chance)'
          : !ok && prob > 0.95 && !noisy
            ? ` (unexpected: the prediction gave it a high chance; check the solver${cli ? ', or if y is noisy give --sigma or --lambda' : ' and whether y is noisy'})`
            : '';
      const why = opts.successTol === undefined ? 'the oracle rule needs real A with an injective A_S0; ' : '';
      const rule = noisy ? ` (${why}relative error <= ${successTol} counts as success)` : '';
      text = `Against the known truth the relative error is ${formatNumber(err, 2)}${rule}: the recovery ${ok ? 'succeeded' : 'failed'}${surprise}.`;
      data.rule = 'relative';
    }
    outcome = ok ? 'success' : 'failure';
    data.success = ok;
    findings.push({ topic: 'truth', severity: ok ? 'good' : 'bad', text, data });
  }

  // 6. remedy
  const prob = tr.data.probability as number;
  if (outcome === 'failure' || outcome === 'not certified' || prob < target) {
    const failed = outcome === 'failure';
    const rf = remedyFinding(setting, problem.fourierMask ? cf : null, audience, failed);
    if (oracleRule && failed) {
      const mode = epsilon !== undefined ? 'bpdn' : lambda !== undefined ? 'lasso' : 'other';
      findings.push(noisyRemedyFinding(setting, misses ?? 0, mode, audience, (rf.data.levers as number) > 0 ? rf : null));
    } else findings.push(rf);
  }

  const paragraph = findings.map((f) => f.text).join(' ');
  return { outcome, n, m, k, kSource, findings, paragraph, zeroColumns };
}

export { formatNumber, formatPercent };
