/**
 * Optimality certificates and error bounds for LASSO and BPDN (THEORY.md section 5).
 *
 * LASSO, min_x 1/2 ||y - A x||^2 + lambda ||x||_1 (Candor's one objective convention). x^ is optimal
 * iff g = A^H (y - A x^) satisfies g_i = lambda x_i/|x_i| on the support and |g_i| <= lambda off it
 * (Fuchs 2004; Tibshirani 2013). `lassoKkt` reports
 *
 *     KKT residual = max( max_{i in S} |g_i - lambda x_i/|x_i||,  max_{i not in S} (|g_i| - lambda)_+ )
 *
 * and the duality gap for the dual
 *
 *     max_u D(u) = 1/2 ||y||^2 - 1/2 ||y - u||^2   s.t.  ||A^H u||_inf <= lambda,
 *
 * at the feasible point u = r min(1, lambda/||A^H r||_inf), r = y - A x^ (at the optimum u = r and
 * the gap P(x^) - D(u) is 0). The solution is unique when A_S is injective and
 * ||A_{S^c}^H r||_inf < lambda: v = r/lambda is the certificate (theta = max_{S^c} |g_i|/lambda).
 * The error bound ||x^ - x0||_2 <= 3 sqrt(k) lambda/kappa^2 holds when lambda >= 2 ||A^H e||_inf
 * (Bickel, Ritov & Tsybakov 2009), with kappa^2 = min{||Ah||^2/||h||^2 : ||h_{S^c}||_1 <= 3 ||h_S||_1}
 * the restricted eigenvalue; kappa is not computable in general (certifying it is NP-hard), so the
 * bound is stated as a condition and evaluated only for a kappa the caller supplies. For
 * e ~ N(0, sigma^2 I) and column norms <= c: ||A^T e||_inf <= c sigma sqrt(2 log(2n/eta)) w.p. >= 1 - eta.
 *
 * BPDN, min ||x||_1 s.t. ||A x - y|| <= eps (real A, ./certify-bpdn.ts): the bound with the
 * certificate (theta, v), c and sigma_min(A_S).
 *
 * @example
 * import { lassoKkt } from './kkt.ts';
 * const A = { rows: 2, cols: 2, data: Float64Array.of(1, 0, 0, 1) };
 * // y = (3, 0.5), lambda = 1: x^ = (2, 0) by soft thresholding
 * const r = lassoKkt(A, Float64Array.of(3, 0.5), Float64Array.of(2, 0), 1);
 * r.kktResidual;  // 0
 * r.dualityGap;   // 0
 * r.theta;        // 0.5 (= |g_2|/lambda): unique
 */
import { svdValues } from '../core/dense/svd.ts';
import { CandorError, checkNumber } from '../core/errors.ts';
import { checkVector, makeProblem, type OperatorInput, type Problem } from '../solvers/problem.ts';
import { checkProbability } from '../predict/validate.ts';

/** Options of {@link lassoKkt}: the zero tolerance, the uniqueness margin and what the error bound needs. */
export interface LassoKktOptions {
  /** Entries with |x_i| <= zeroTol count as zero (default 0: the exact support of x^). */
  zeroTol?: number;
  /** Uniqueness needs theta <= 1 - margin (default 1e-8). */
  margin?: number;
  /** A lower bound on the restricted eigenvalue kappa, if known: evaluates the error bound. */
  kappa?: number;
  /** Sparsity k of the truth for the bound (default |S| of x^, stated as such). */
  k?: number;
  /** Noise standard deviation: reports the lambda that dominates 2 ||A^T e||_inf w.p. >= 1 - eta. */
  sigma?: number;
  /** Failure probability of the noise condition (default 0.05). */
  eta?: number;
}

/**
 * Optimality of a LASSO solution, min 1/2 ||A x - y||^2 + lambda ||x||_1 ({@link lassoKkt}): the KKT
 * residual, the primal and dual values and their gap, uniqueness and the (conditional) error bound.
 */
export interface LassoKkt {
  lambda: number;
  support: Int32Array;
  /** Worst KKT violation (absolute), and relative to lambda (null when lambda = 0). */
  kktResidual: number;
  kktRelative: number | null;
  worstIndex: number;
  /** max_{i not in S} |g_i| / lambda: the certificate value of v = r/lambda (< 1: strict). */
  theta: number;
  primal: number;
  dual: number;
  dualityGap: number;
  /** gap / max(primal, tiny). */
  relativeGap: number;
  /** sigma_min(A_S) (0 when |S| > m), from k columns of A. */
  sigmaMin: number;
  /** A_S injective, KKT residual <= 1e-6 lambda and theta <= 1 - margin. */
  unique: boolean;
  errorBound: {
    statement: string;
    computable: false;
    /** 3 sqrt(k) lambda / kappa^2 for the kappa given in the options, else null. */
    value: number | null;
    k: number;
    /** c sigma sqrt(2 log(2n/eta)) when sigma was given (lambda should be at least twice it), else null. */
    noiseLevel: number | null;
    lambdaDominatesNoise: boolean | null;
  };
  notes: string[];
}

/** sigma_min of the k columns S of A (complex: via the real 2m x 2k embedding). */
export function supportSigmaMin(p: Problem, S: Int32Array): number {
  const k = S.length;
  if (k === 0) return Number.POSITIVE_INFINITY;
  if (k > p.m) return 0;
  const rows = p.complex ? 2 * p.m : p.m;
  const cols = p.complex ? 2 * k : k;
  const M = new Float64Array(rows * cols);
  const e = new Float64Array(p.nLen);
  const col = new Float64Array(p.mLen);
  for (let t = 0; t < k; t++) {
    e[p.complex ? 2 * S[t] : S[t]] = 1;
    p.apply(e, col);
    e[p.complex ? 2 * S[t] : S[t]] = 0;
    if (!p.complex) {
      for (let i = 0; i < p.m; i++) M[i * cols + t] = col[i];
    } else {
      // [Re -Im; Im Re] embedding of the complex column
      for (let i = 0; i < p.m; i++) {
        const re = col[2 * i];
        const im = col[2 * i + 1];
        M[i * cols + t] = re;
        M[i * cols + k + t] = -im;
        M[(p.m + i) * cols + t] = im;
        M[(p.m + i) * cols + k + t] = re;
      }
    }
  }
  const sv = svdValues({ rows, cols, data: M });
  return sv[sv.length - 1];
}

/** Largest column norm of A (dense: exact; operator: n applications). */
export function maxColumnNorm(p: Problem): number {
  const e = new Float64Array(p.nLen);
  const col = new Float64Array(p.mLen);
  let c = 0;
  for (let j = 0; j < p.n; j++) {
    e[p.complex ? 2 * j : j] = 1;
    p.apply(e, col);
    e[p.complex ? 2 * j : j] = 0;
    let s = 0;
    for (let i = 0; i < p.mLen; i++) s += col[i] * col[i];
    c = Math.max(c, Math.sqrt(s));
  }
  return c;
}

/**
 * KKT residual, duality gap, uniqueness certificate and the (conditional) error bound of a LASSO
 * solution x^ (real or complex A; dense or operator).
 */
export function lassoKkt(
  A: OperatorInput,
  y: Float64Array,
  x: Float64Array,
  lambda: number,
  opts: LassoKktOptions = {},
): LassoKkt {
  const where = 'lassoKkt';
  const p = makeProblem(where, A, y);
  if (x === undefined)
    throw new CandorError(where, 'x', `a Float64Array of length ${p.nLen} (columns of A)`, 'undefined');
  checkVector(where, 'x', x, p);
  checkNumber(where, 'lambda', lambda, 0);
  const zeroTol = checkNumber(where, 'zeroTol', opts.zeroTol ?? 0, 0);
  const margin = checkNumber(where, 'margin', opts.margin ?? 1e-8, 0, 1);
  const cx = p.complex;
  const r = new Float64Array(p.mLen);
  p.apply(x, r);
  for (let i = 0; i < p.mLen; i++) r[i] = y[i] - r[i];
  const g = new Float64Array(p.nLen);
  p.adjoint(r, g);
  const mod = (v: Float64Array, j: number) => (cx ? Math.hypot(v[2 * j], v[2 * j + 1]) : Math.abs(v[j]));
  const supp: number[] = [];
  let kkt = 0;
  let worst = -1;
  let offMax = 0;
  let gMax = 0;
  let l1 = 0;
  for (let j = 0; j < p.n; j++) {
    const a = mod(x, j);
    const gj = mod(g, j);
    gMax = Math.max(gMax, gj);
    let viol: number;
    if (a > zeroTol) {
      supp.push(j);
      l1 += a;
      viol = cx
        ? Math.hypot(g[2 * j] - (lambda * x[2 * j]) / a, g[2 * j + 1] - (lambda * x[2 * j + 1]) / a)
        : Math.abs(g[j] - lambda * Math.sign(x[j]));
    } else {
      l1 += a;
      viol = Math.max(0, gj - lambda);
      offMax = Math.max(offMax, gj);
    }
    if (worst < 0 || viol > kkt) {
      kkt = viol;
      worst = j;
    }
  }
  let rr = 0;
  let yy = 0;
  let ur = 0;
  for (let i = 0; i < p.mLen; i++) {
    rr += r[i] * r[i];
    yy += y[i] * y[i];
  }
  const primal = 0.5 * rr + lambda * l1;
  const scale = gMax > lambda ? lambda / gMax : 1;
  // D(u) = 1/2 ||y||^2 - 1/2 ||y - u||^2 with u = scale r
  for (let i = 0; i < p.mLen; i++) ur += (y[i] - scale * r[i]) ** 2;
  const dual = 0.5 * yy - 0.5 * ur;
  const gap = Math.max(0, primal - dual);
  const S = Int32Array.from(supp);
  const sigmaMin = supportSigmaMin(p, S);
  const theta = lambda > 0 ? offMax / lambda : Number.POSITIVE_INFINITY;
  const kktRelative = lambda > 0 ? kkt / lambda : null;
  const notes: string[] = [];
  const injective = S.length <= p.m && sigmaMin > 1e-10;
  const unique = injective && kktRelative !== null && kktRelative <= 1e-6 && theta <= 1 - margin;
  if (!injective)
    notes.push(
      `A_S is not injective (|S| = ${S.length}, sigma_min = ${sigmaMin.toExponential(3)}): uniqueness is not certified`,
    );
  if (kktRelative !== null && kktRelative > 1e-6)
    notes.push(
      `the KKT conditions are violated by ${kktRelative.toExponential(2)} lambda: x^ is not (yet) a LASSO solution`,
    );
  if (theta > 1 - margin && kktRelative !== null && kktRelative <= 1e-6)
    notes.push(
      `max off-support |A^H r|/lambda = ${theta.toPrecision(6)} reaches 1: the solution may not be unique`,
    );

  const k = opts.k === undefined ? S.length : checkNumber(where, 'k', opts.k, 1, p.n);
  let value: number | null = null;
  if (opts.kappa !== undefined) {
    const kappa = checkNumber(where, 'kappa', opts.kappa, Number.MIN_VALUE);
    value = (3 * Math.sqrt(k) * lambda) / (kappa * kappa);
  }
  let noiseLevel: number | null = null;
  let dominates: boolean | null = null;
  if (opts.sigma !== undefined) {
    const sigma = checkNumber(where, 'sigma', opts.sigma, 0);
    const eta = checkProbability(where, 'eta', opts.eta ?? 0.05);
    noiseLevel = maxColumnNorm(p) * sigma * Math.sqrt(2 * Math.log((2 * p.n) / eta));
    dominates = lambda >= 2 * noiseLevel;
  }
  const kText =
    opts.k === undefined ? `k = |S| = ${k} (the support of x^, standing in for the truth's)` : `k = ${k}`;
  const statement =
    `if lambda >= 2 ||A^T e||_inf and the restricted eigenvalue kappa of A on the cone ||h_Sc||_1 <= 3 ||h_S||_1 (${kText}) is positive, then ||x^ - x0||_2 <= 3 sqrt(k) lambda / kappa^2 (Bickel, Ritov & Tsybakov 2009); ` +
    (value === null
      ? 'kappa is not computable in general (certifying it is NP-hard), so no number is given'
      : `with the supplied kappa = ${opts.kappa} this is ${value.toPrecision(4)}`);
  return {
    lambda,
    support: S,
    kktResidual: kkt,
    kktRelative,
    worstIndex: worst,
    theta,
    primal,
    dual,
    dualityGap: gap,
    relativeGap: gap / Math.max(primal, Number.MIN_VALUE),
    sigmaMin,
    unique,
    errorBound: { statement, computable: false, value, k, noiseLevel, lambdaDominatesNoise: dominates },
    notes,
  };
}
