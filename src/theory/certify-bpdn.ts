/**
 * Basis pursuit denoising, min ||x||_1 s.t. ||A x - y||_2 <= eps with ||e|| <= eps (THEORY.md
 * section 5), for a real A: feasibility, the duality gap, and the certificate error bound.
 *
 * Bound. If x0 has no zero on S, A_S is injective, and v satisfies A_S^T v = sign(x0_S) and
 * ||A_{S^c}^T v||_inf <= theta < 1, then with c = max_{j not in S} ||a_j|| every BPDN solution obeys
 *
 *     ||x^ - x0||_2 <= 2 eps/sigma_min(A_S) + (1 + c/sigma_min(A_S)) (2 eps ||v||_2 + 2 ||x0_{S^c}||_1)/(1 - theta).
 *
 * It needs the true (S, s): after a noisy reconstruction it is conditional on the support
 * estimate (S and s are taken from x^ by the largest gap, preferring a gap of ratio >= `minGap`
 * between nonzero entries over the exact zeros; or given), and on ||x0_{S^c}||_1 (default
 * 0: x0 supported on S; pass `tailL1` otherwise). The certificate is the best of the least-norm and
 * LP certificates (./certificate.ts); any theta < 1 gives a bound, smaller is tighter.
 *
 * Duality gap. The dual of BPDN is max_v <y, v> - eps ||v||_2 s.t. ||A^T v||_inf <= 1; at
 * v = r/||A^T r||_inf (r = y - A x^) it is attained when x^ is optimal (then A^T r is parallel to
 * sign(x^) on the support and ||r|| = eps), so gap = ||x^||_1 - (<y, v> - eps ||v||) >= 0 measures
 * suboptimality. The certificates v (scaled to ||A^T v||_inf = 1) are dual points too; the best
 * dual value of the three is used (when r is zero or tiny, the certificate gives the bound).
 *
 * @example
 * import { certifyBPDN } from './certify-bpdn.ts';
 * const b = certifyBPDN(A, y, xhat, 0.01);
 * b.bound.value;     // e.g. 0.041: ||x^ - x0|| <= 0.041 if x0 has the support and signs of x^
 * b.bound.statement; // the conditions, in words
 */
import { CandorError, checkFinite, checkNumber, describe } from '../core/errors.ts';
import { highsReady, requireHighs } from '../solvers/highs-runtime.ts';
import type { OperatorInput } from '../solvers/problem.ts';
import { type BpCertificate, CERTIFICATE_DEFAULTS, certificateFromFactor, emptySupportCertificate } from './certificate.ts';
import { lpCertificate } from './certificate-lp.ts';
import { type ColumnSet, columnNorm, gatherColumns } from '../predict/columns.ts';
import { checkSupport, supportByGap } from './support.ts';
import { adjointColumns, factorSupport } from './support-factor.ts';

/**
 * Options of {@link certifyBPDN}: the support (or its detection), the assumed off-support l1 mass
 * of x0, the LP certificate and the feasibility slack.
 */
export interface CertifyBPDNOptions {
  /** Use this support (and the signs of x^ on it) instead of detecting it. */
  support?: ArrayLike<number>;
  /** ||x0 off S||_1 assumed for the bound (default 0). */
  tailL1?: number;
  /** Run the LP certificate: 'auto' (default, when HiGHS is loaded), true, false. */
  lp?: boolean | 'auto';
  /** Relative slack of the feasibility test ||A x^ - y|| <= eps (1 + slack) + 1e-12 ||y|| (default 1e-6). */
  slack?: number;
  /**
   * Support detection: a gap of at least this ratio between nonzero magnitudes wins over the cut
   * at the exact zeros (BPDN solutions carry small noise-driven entries) (default 100).
   */
  minGap?: number;
}

/**
 * Certificate of a BPDN reconstruction, min ||x||_1 s.t. ||A x - y||_2 <= eps ({@link certifyBPDN}):
 * feasibility, the duality gap, and the error bound ||x^ - x0||_2 <= ... conditional on x0 having
 * the support and signs of x^ (see the module comment).
 */
export interface CertifyBPDN {
  epsilon: number;
  /** ||A x^ - y||_2 and whether it is <= eps (1 + slack). */
  residualNorm: number;
  feasible: boolean;
  l1: number;
  /** The best of <y, v> - eps ||v|| over the dual points described above, and ||x^||_1 - dual. */
  dual: number;
  dualityGap: number;
  support: Int32Array;
  signs: Float64Array;
  /** The least-norm certificate of (S, s) (verdict, theta_LN, sigma_min, cond). */
  certificate: BpCertificate;
  /** theta of the certificate used in the bound, and which one (the smaller bound of least-norm and LP). */
  theta: number;
  /** The certificate used in the bound (A_S^T v = s, max_{j not in S} |a_j^T v| = theta), or null. */
  v: Float64Array | null;
  certificateUsed: 'least-norm' | 'lp';
  /** max_{j not in S} ||a_j||. */
  c: number;
  bound: {
    /** The bound value, or null when theta >= 1 or A_S is not injective. */
    value: number | null;
    statement: string;
    conditional: true;
  };
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Feasibility, duality gap and the conditional certificate bound for a BPDN solution x^. */
export function certifyBPDN(
  A: OperatorInput,
  y: Float64Array,
  x: Float64Array,
  epsilon: number,
  opts: CertifyBPDNOptions = {},
): CertifyBPDN {
  const where = 'certifyBPDN';
  const C = gatherColumns(where, A, { realOnly: true });
  const { m, n } = C;
  if (!(y instanceof Float64Array) || y.length !== m)
    throw new CandorError(where, 'y', `a Float64Array of length ${m} (rows of A)`, describe(y));
  checkFinite(where, 'y', y);
  if (!(x instanceof Float64Array) || x.length !== n)
    throw new CandorError(where, 'x', `a Float64Array of length ${n} (columns of A)`, describe(x));
  checkFinite(where, 'x', x);
  const eps = checkNumber(where, 'epsilon', epsilon, 0);
  const tail = checkNumber(where, 'tailL1', opts.tailL1 ?? 0, 0);
  const slack = checkNumber(where, 'slack', opts.slack ?? 1e-6, 0);
  const lpReq = opts.lp ?? 'auto';
  const lp = lpReq === 'auto' ? highsReady() : lpReq === true ? requireHighs(where) !== null : false;
  // residual and dual point
  const r = Float64Array.from(y);
  for (let j = 0; j < n; j++) {
    if (x[j] === 0) continue;
    const o = j * m;
    for (let i = 0; i < m; i++) r[i] -= C.data[o + i] * x[j];
  }
  const rn = norm(r);
  let l1 = 0;
  for (let j = 0; j < n; j++) l1 += Math.abs(x[j]);
  const minGap = checkNumber(where, 'minGap', opts.minGap ?? 100, 1);
  const S =
    opts.support !== undefined
      ? checkSupport(where, opts.support, n)
      : supportByGap(x, m, false, minGap).support;
  if (S.length === 0) return zeroReconstruction(C, eps, rn, slack, tail);
  const signs = Float64Array.from(S, (j) => (x[j] >= 0 ? 1 : -1));
  const f = factorSupport(C, S, CERTIFICATE_DEFAULTS.rankTol);
  const cert = certificateFromFactor(where, C, f, signs, {
    lp: false,
    margin: 0,
    signal: 'signed',
    lpRequested: false,
  });
  const inS = new Uint8Array(n);
  for (const j of S) inS[j] = 1;
  let c = 0;
  for (let j = 0; j < n; j++) if (!inS[j]) c = Math.max(c, columnNorm(C, j));
  const sm = cert.sigmaMin;
  const boundOf = (th: number, v: Float64Array) =>
    (2 * eps) / sm + ((1 + c / sm) * (2 * eps * norm(v) + 2 * tail)) / (1 - th);
  let value: number | null = null;
  let th = cert.theta;
  let v = cert.v;
  let which: 'least-norm' | 'lp' = 'least-norm';
  if (cert.fullRank && cert.v) {
    if (th < 1) value = boundOf(th, cert.v);
    if (lp) {
      const l = lpCertificate(where, C, f, signs);
      if (l.theta < 1) {
        const b = boundOf(l.theta, l.v);
        if (value === null || b < value) {
          value = b;
          th = l.theta;
          v = l.v;
          which = 'lp';
        }
      }
    }
  }
  // dual value at each candidate point, scaled to ||A^T v||_inf = 1; the best is kept
  const dualAt = (vd: Float64Array): number => {
    const g = adjointColumns(C, vd);
    let gm = 0;
    for (let j = 0; j < n; j++) gm = Math.max(gm, Math.abs(g[j]));
    if (!(gm > 0)) return Number.NEGATIVE_INFINITY;
    let yv = 0;
    for (let i = 0; i < m; i++) yv += y[i] * vd[i];
    return (yv - eps * norm(vd)) / gm;
  };
  let dual = Number.NEGATIVE_INFINITY;
  if (rn > 0) dual = Math.max(dual, dualAt(r));
  if (cert.v) dual = Math.max(dual, dualAt(cert.v));
  if (v && v !== cert.v) dual = Math.max(dual, dualAt(v));
  const cond = `if x0 has support S (|S| = ${S.length}, taken from x^) with the signs of x^ and no zero on S${tail > 0 ? `, up to ||x0 off S||_1 <= ${tail}` : ''}, and ||e|| <= eps = ${eps}`;
  const statement =
    value === null
      ? `${cond}: no bound, because ${cert.fullRank ? `the best certificate found has theta = ${th.toPrecision(4)} >= 1${lp ? '' : ' (the LP certificate was not computed)'}` : 'A_S is not injective'}`
      : `${cond}, then every BPDN solution satisfies ||x^ - x0||_2 <= ${value.toPrecision(4)} (= 2 eps/sigma_min + (1 + c/sigma_min)(2 eps ||v|| + 2 ||x0 off S||_1)/(1 - theta) with the ${which} certificate: sigma_min = ${sm.toPrecision(4)}, c = ${c.toPrecision(4)}, ||v|| = ${norm(v!).toPrecision(4)}, theta = ${th.toPrecision(4)})`;
  return {
    epsilon: eps,
    residualNorm: rn,
    feasible: rn <= eps * (1 + slack) + 1e-12 * norm(y),
    l1,
    dual,
    dualityGap: Math.max(0, l1 - dual),
    support: S,
    signs,
    certificate: cert,
    theta: th,
    v,
    certificateUsed: which,
    c,
    bound: { value, statement, conditional: true },
  };
}

/**
 * x^ = 0 (no support to detect). When ||y||_2 <= eps it is the unique BPDN solution: x = 0 is
 * feasible with ||x||_1 = 0, and every x != 0 has ||x||_1 > 0. The dual point v = 0 attains the
 * dual value 0, so the duality gap is 0. The conditional bound is the general one at S = {}:
 * sigma_min(A_S) = inf (no columns), theta = 0, v = 0, so ||x^ - x0||_2 <= 2 ||x0||_1 (the tail);
 * it says nothing about a nonzero truth, which the statement says. When ||y|| > eps, x = 0 is not
 * feasible and nothing is certified.
 */
function zeroReconstruction(C: ColumnSet, eps: number, rn: number, slack: number, tail: number): CertifyBPDN {
  const { m, n } = C;
  const feasible = rn <= eps * (1 + slack) + 1e-12 * rn;
  let c = 0;
  for (let j = 0; j < n; j++) c = Math.max(c, columnNorm(C, j));
  const certificate = emptySupportCertificate(m, 'signed', 'the empty support (x^ = 0): v = 0 is a certificate');
  const statement = feasible
    ? `x^ = 0 is the unique BPDN solution: ||y|| = ${rn.toPrecision(4)} <= eps = ${eps}, so x = 0 is feasible with ||x||_1 = 0 and every other x has ||x||_1 > 0; the support S of x^ is empty, so the bound (x0 = 0${tail > 0 ? `, up to ||x0||_1 <= ${tail}` : ''}) is ||x^ - x0||_2 <= ${(2 * tail).toPrecision(4)} and says nothing about a nonzero truth`
    : `x^ = 0 is not feasible: ||y|| = ${rn.toPrecision(4)} > eps = ${eps}: no bound`;
  return {
    epsilon: eps,
    residualNorm: rn,
    feasible,
    l1: 0,
    dual: feasible ? 0 : Number.NEGATIVE_INFINITY,
    dualityGap: feasible ? 0 : Number.POSITIVE_INFINITY,
    support: new Int32Array(0),
    signs: new Float64Array(0),
    certificate,
    theta: 0,
    v: feasible ? new Float64Array(m) : null,
    certificateUsed: 'least-norm',
    c,
    bound: { value: feasible ? 2 * tail : null, statement, conditional: true },
  };
}
