/**
 * The after-the-fact half of `candor recover`, and all of `candor certify` and `candor explain`:
 * the text and JSON forms of the certificate that fits the problem kind (chosen and judged by the
 * library's certifyResult, ../theory/certify-result.ts) and of the explanation.
 *
 * - basis pursuit (no --lambda, no --sigma): `certifyBP` (theory/certify-bp.ts), verdict
 *   `certified unique l1 minimiser` or `not certified`;
 * - the LASSO (--lambda): `lassoKkt` (theory/kkt.ts): KKT residual, duality gap, uniqueness;
 *   verdict `certified unique LASSO solution`, `LASSO optimal, uniqueness not certified` or
 *   `not certified`;
 * - BPDN (--sigma): `certifyBPDN` (theory/certify-bpdn.ts): feasibility, duality gap and the
 *   conditional error bound; verdict `certified error bound (conditional on the support)`,
 *   `feasible, no error bound certified` or `not certified`.
 * The BP and BPDN certificates need real A; complex data get the residual only, said so.
 *
 * @example
 * import { certificateFor } from './certify-report.ts';
 * const c = certificateFor(problem, x, { mode: 'bp', nonneg: false });
 * c.verdict;   // 'certified unique l1 minimiser'
 * c.lines;     // the numbers, one per line
 */
import { storeEmpiricalProvider } from '../experiments/node/empirical.ts';
import { makeProblem } from '../solvers/problem.ts';
import type { BpReconstructionCertificate } from '../theory/certify-bp.ts';
import type { CertifyBPDN } from '../theory/certify-bpdn.ts';
import { certifyResult, type ResultCertificate } from '../theory/certify-result.ts';
import { cliWording, type Explanation, explain } from '../theory/explain.ts';
import type { LassoKkt } from '../theory/kkt.ts';
import type { LoadedProblem } from './problem-files.ts';
import type { Mode } from './solve.ts';

export interface CertificateReport {
  kind: 'bp' | 'lasso' | 'bpdn' | 'none';
  verdict: string;
  certified: boolean;
  /** Text lines (the first is the verdict line). */
  lines: string[];
  /** The numbers, for --json. */
  data: Record<string, unknown>;
  /** The library results, for explanationFor to reuse (not recomputed). */
  raw: { bp?: BpReconstructionCertificate; bpdn?: CertifyBPDN; lasso?: LassoKkt };
}

export interface CertifySettings {
  mode: Mode;
  lambda?: number;
  sigma?: number;
  nonneg: boolean;
  /** false (--no-lp): skip the optimal LP certificate (HiGHS), keep the least-norm one. */
  lp?: boolean;
  /** The sparsity of the truth when known (--k or --truth): premises about the support are checked against it. */
  k?: number;
}

/** Help text of --success-tol (recover, explain): the rule it replaces is documented in docs/theory-certify.md. */
export const SUCCESS_HELP =
  'relative error vs --truth counted as success (default: 1e-5 for noiseless data; with --sigma or --lambda the oracle rule ||x - x0|| <= sqrt(2 ln n + 1) ||x_or - x0|| + 1e-5 ||x0||, x_or = least squares on the true support)';

const LP_SKIPPED = '  note: the LP certificate was skipped (--no-lp): only the least-norm certificate was tried, so "not certified" may be that weaker test failing';

const g = (v: number | null | undefined, d = 4) => (v === null || v === undefined ? 'n/a' : Number.isFinite(v) ? v.toPrecision(d) : String(v));

function relResidual(p: LoadedProblem, x: Float64Array): { norm: number; relative: number } {
  const q = makeProblem('candor', p.A, p.y);
  const r = q.apply(x, new Float64Array(q.mLen));
  let rr = 0;
  let yy = 0;
  for (let i = 0; i < r.length; i++) {
    rr += (r[i] - p.y[i]) ** 2;
    yy += p.y[i] ** 2;
  }
  return { norm: Math.sqrt(rr), relative: yy > 0 ? Math.sqrt(rr / yy) : Math.sqrt(rr) };
}

/** ||A x - y|| and ||A x - y|| / ||y||. */
export function residualOf(p: LoadedProblem, x: Float64Array) {
  return relResidual(p, x);
}

/** ||x - x0|| / ||x0||. */
export function relativeError(x: Float64Array, x0: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    d += (x[i] - x0[i]) ** 2;
    s += x0[i] ** 2;
  }
  return s > 0 ? Math.sqrt(d / s) : Math.sqrt(d);
}

function bpReport(p: LoadedProblem, r: Extract<ResultCertificate, { kind: 'bp' }>, s: CertifySettings): CertificateReport {
  const c = r.bp;
  const ce = c.certificate;
  const lines = [`certificate: ${c.verdict}`];
  const lpSkipped = r.lpSkipped;
  if (ce) {
    lines.push(
      `  ${ce.method === 'lp' ? 'optimal LP' : 'least-norm'} certificate: theta = max off-support |A^T v| = ${g(ce.theta, 6)}, margin 1 - theta = ${g(ce.margin)}`,
      `  |S| = ${c.support.length}, sigma_min(A_S) = ${g(ce.sigmaMin)}, cond(A_S) = ${g(ce.cond)}`,
    );
  }
  for (const q of c.checks) lines.push(`  ${q.passed ? 'passed' : 'FAILED'} ${q.step}: ${cliWording(q.detail, 'cli')}`);
  if (s.lp === false) lines.push(lpSkipped ? LP_SKIPPED : '  note: the LP certificate was skipped (--no-lp)');
  if (c.certified && s.k !== undefined && c.support.length > s.k) {
    lines.push(`  note: |S| = ${c.support.length}${c.support.length === p.m ? ' = m' : ''} > k = ${s.k}: the unique l1 minimiser is not k-sparse, so it is not the k-sparse truth (basis pursuit failed)`);
  }
  if (c.certified && c.polishChange !== null && c.polishChange > 1e-6) {
    lines.push(`  note: polishing on S changed x by ${g(c.polishChange, 3)} (relative): the verdict is about the polished x_S = A_S^+ y, not the x given`);
  }
  lines.push(`  truth: ${c.truth.statement}`);
  return {
    kind: 'bp',
    verdict: c.verdict,
    certified: c.certified,
    lines,
    data: {
      kind: 'bp',
      verdict: c.verdict,
      certified: c.certified,
      summary: c.summary,
      method: ce?.method ?? null,
      theta: ce?.theta ?? null,
      margin: ce?.margin ?? null,
      thetaLeastNorm: ce?.thetaLeastNorm ?? null,
      thetaLP: ce?.thetaLP ?? null,
      sigmaMin: ce?.sigmaMin ?? null,
      cond: ce?.cond ?? null,
      support: Array.from(c.support),
      supportGap: c.supportGap,
      residualBefore: c.residualBefore,
      residualAfter: c.residualAfter,
      polishChange: c.polishChange,
      checks: c.checks,
      truth: c.truth,
      notes: ce?.notes ?? [],
      lpSkipped,
      kSparse: r.kSparse,
    },
    raw: { bp: c },
  };
}

function lassoReport(r: Extract<ResultCertificate, { kind: 'lasso' }>, lambda: number): CertificateReport {
  const k = r.lasso;
  const verdict = r.verdict;
  const lines = [
    `certificate: ${verdict}`,
    `  KKT residual ${g(k.kktResidual, 3)} (${g(k.kktRelative, 3)} lambda, worst at index ${k.worstIndex}), duality gap ${g(k.dualityGap, 3)} (relative ${g(k.relativeGap, 3)})`,
    `  lambda = ${lambda}, |S| = ${k.support.length}, max off-support |A^T r|/lambda = ${g(k.theta, 6)}, sigma_min(A_S) = ${g(k.sigmaMin)}`,
    ...k.notes.map((n) => `  note: ${n}`),
    `  error bound: ${k.errorBound.statement}`,
  ];
  return {
    kind: 'lasso',
    verdict,
    certified: k.unique,
    lines,
    data: {
      kind: 'lasso',
      verdict,
      certified: k.unique,
      lambda,
      kktResidual: k.kktResidual,
      kktRelative: k.kktRelative,
      worstIndex: k.worstIndex,
      theta: k.theta,
      primal: k.primal,
      dual: k.dual,
      dualityGap: k.dualityGap,
      relativeGap: k.relativeGap,
      sigmaMin: k.sigmaMin,
      unique: k.unique,
      support: Array.from(k.support),
      errorBound: k.errorBound,
      notes: k.notes,
    },
    raw: { lasso: k },
  };
}

function bpdnReport(p: LoadedProblem, x: Float64Array, r: Extract<ResultCertificate, { kind: 'bpdn' }>, sigma: number, s: CertifySettings): CertificateReport {
  const res = relResidual(p, x);
  const feasibleText = `||Ax - y|| = ${g(res.norm, 8)} against sigma = ${sigma}`;
  const b = r.bpdn;
  if (!b) {
    return { kind: 'bpdn', verdict: r.verdict, certified: r.certified, lines: [`certificate: ${r.verdict}`, `  ${r.reason}`], data: { kind: 'bpdn', verdict: r.verdict, certified: r.certified }, raw: {} };
  }
  const { verdict, certified } = r;
  if (b.support.length === 0) {
    // x = 0: no support; the unique solution when feasible (theory/certify-bpdn.ts)
    const lines = [`certificate: ${verdict}`, `  ${feasibleText}: ${b.feasible ? 'feasible' : 'INFEASIBLE'} (to a relative slack of 1e-6); ||x||_1 = 0`, `  ${b.bound.statement}`];
    const data = { kind: 'bpdn', verdict, certified, epsilon: b.epsilon, residualNorm: b.residualNorm, feasible: b.feasible, l1: 0, dual: b.dual, dualityGap: b.dualityGap, support: [], bound: b.bound, premise: null };
    return { kind: 'bpdn', verdict, certified, lines, data, raw: { bpdn: b } };
  }
  const premise =
    r.premise === null
      ? null
      : r.premise === 'fails'
        ? `the bound DOES NOT APPLY: its premise (x0 has the support S of x^, |S| = ${b.support.length}) cannot hold for a k = ${s.k}-sparse truth, so it guarantees nothing here`
        : r.premise === 'possible'
          ? `the bound holds only if x0 has the support S of x^ (|S| = ${b.support.length}, k = ${s.k}: possible, not verified)`
          : `the bound holds only if x0 has the support S of x^ (|S| = ${b.support.length}; not verified)`;
  const lines = [
    `certificate: ${verdict}`,
    `  ${feasibleText}: ${b.feasible ? 'feasible' : 'INFEASIBLE'} (to a relative slack of 1e-6); ||x||_1 = ${g(b.l1)}, duality gap ${g(b.dualityGap, 3)}`,
    `  |S| = ${b.support.length}, ${b.certificateUsed} certificate theta = ${g(b.theta, 6)}, sigma_min(A_S) = ${g(b.certificate.sigmaMin)}`,
    `  bound: ${b.bound.statement}`,
    ...(premise ? [`  premise: ${premise}`] : []),
    ...(s.lp === false ? ['  note: the LP certificate was skipped (--no-lp): the bound uses the least-norm certificate'] : []),
  ];
  return {
    kind: 'bpdn',
    verdict,
    certified,
    lines,
    data: {
      kind: 'bpdn',
      verdict,
      certified,
      epsilon: b.epsilon,
      residualNorm: b.residualNorm,
      feasible: b.feasible,
      l1: b.l1,
      dual: b.dual,
      dualityGap: b.dualityGap,
      support: Array.from(b.support),
      theta: b.theta,
      certificateUsed: b.certificateUsed,
      sigmaMin: b.certificate.sigmaMin,
      c: b.c,
      bound: b.bound,
      premise: r.premise,
    },
    raw: { bpdn: b },
  };
}

/** The certificate that fits the problem kind (theory/certify-result.ts), with its text and JSON. */
export function certificateFor(p: LoadedProblem, x: Float64Array, s: CertifySettings): CertificateReport {
  const r = certifyResult(p.A, p.y, x, { mode: s.mode, lambda: s.lambda, sigma: s.sigma, nonneg: s.nonneg, lp: s.lp, k: s.k, ensemble: p.ensemble, xTrue: p.truth });
  if (r.kind === 'lasso') return lassoReport(r, s.lambda as number);
  if (r.kind === 'bp') return bpReport(p, r, s);
  if (r.kind === 'bpdn') return bpdnReport(p, x, r, s.sigma as number, s);
  const res = relResidual(p, x);
  const lines = ['certificate: not computed', `  ${r.reason}`, `  ||Ax - y|| = ${g(res.norm)} (relative ${g(res.relative, 3)})${s.mode === 'bpdn' ? ` ${res.norm <= (s.sigma as number) * (1 + 1e-6) ? '<=' : '>'} sigma = ${s.sigma}` : ''}`];
  return { kind: 'none', verdict: 'not computed', certified: false, lines, data: { kind: 'none', verdict: 'not computed', certified: false, reason: r.reason, residualNorm: res.norm, relativeResidual: res.relative }, raw: {} };
}

export interface ExplainSettings extends CertifySettings {
  k?: number;
  /** Relative error against the truth counted as success (explain's default 1e-5). */
  successTol?: number;
  target?: number;
  store?: string;
}

/** explain() on a loaded problem and a reconstruction (with the solver's report when there is one). */
export function explanationFor(
  p: LoadedProblem,
  x: Float64Array,
  s: ExplainSettings,
  result: { solver?: string; converged?: boolean; stopReason?: string; iterations?: number } = {},
  certificate?: CertificateReport,
): Explanation {
  return explain(
    {
      A: p.A,
      y: p.y,
      xTrue: p.truth,
      k: s.k,
      ensemble: p.ensemble,
      signal: s.nonneg ? 'nonneg' : 'signed',
      fourierMask: p.fourierMask,
      epsilon: s.mode === 'bpdn' ? s.sigma : undefined,
      target: s.target,
      empirical: s.store ? storeEmpiricalProvider(s.store) : undefined,
    },
    { x, ...result, ...(s.mode === 'lasso' ? { lambda: s.lambda } : {}) },
    {
      audience: 'cli',
      ...(s.successTol !== undefined ? { successTol: s.successTol } : {}),
      ...(s.lp === false ? { lp: false } : {}),
      ...(certificate ? { certificate: certificate.raw } : {}),
    },
  );
}

/** JSON text in which typed arrays are lists and non-finite numbers are null. */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, val) => (ArrayBuffer.isView(val) ? Array.from(val as unknown as ArrayLike<number>) : val), 2);
}
