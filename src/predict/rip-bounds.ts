/**
 * Restricted isometry constants: sufficient thresholds, Candes' error constants, and the Gaussian
 * union-bound upper bound on delta_k (THEORY.md section 6). RIP is a worst-case (uniform)
 * guarantee, never the prediction: the union bound certifies only tiny k (n = 10^4, m = 2500:
 * k <= 4) where the weak transition sits near k = 668.
 *
 * - Candes 2008: delta_2k < sqrt2 - 1 gives ||x^ - x0|| <= C0 sigma_k(x0)_1/sqrt k + C1 eps,
 *   C0 = 2(1 + (sqrt2 - 1) d)/(1 - (1 + sqrt2) d), C1 = 4 sqrt(1 + d)/(1 - (1 + sqrt2) d).
 * - Gaussian N(0, 1/m) (Vershynin 2012 + union bound over C(n, s) supports): with
 *   t = sqrt(2 log(2 C(n, s)/eta)) and a = (sqrt s + t)/sqrt m, delta_s <= 2a + a^2 w.p. >= 1 - eta.
 *
 * @example
 * import { candes2008Constants, gaussianRipBound, ripCertifiedSparsity, RIP_THRESHOLDS } from './rip-bounds.ts';
 * candes2008Constants(0.2);                                   // { C0: 4.1876726427121085, C1: 8.472819712177566 }
 * gaussianRipBound({ n: 1000, m: 100, s: 2, eta: 0.01 });     // 2.0568176732120755
 * ripCertifiedSparsity({ n: 10000, m: 2500, eta: 0.01, threshold: RIP_THRESHOLDS.caiZhang2014 }); // 4
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import { checkProbability } from './validate.ts';

/**
 * Sufficient RIP thresholds for stable recovery of every k-sparse vector (on delta_2k unless the
 * name says otherwise).
 */
export const RIP_THRESHOLDS = Object.freeze({
  /** delta_2k < sqrt2 - 1 (Candes 2008). */
  candes2008: Math.SQRT2 - 1,
  /** delta_2k < 2(3 - sqrt2)/7 = 0.4531 (Foucart & Lai 2009). */
  foucartLai2009: (2 * (3 - Math.SQRT2)) / 7,
  /** delta_2k < 3/(4 + sqrt6) = 0.4652 (Foucart 2010). */
  foucart2010: 3 / (4 + Math.sqrt(6)),
  /** delta_2k < 4/sqrt41 = 0.6246 (Foucart & Rauhut 2013, ch. 6). */
  foucartRauhut2013: 4 / Math.sqrt(41),
  /** delta_2k < 1/sqrt2, sharp (Cai & Zhang 2014). */
  caiZhang2014: Math.SQRT1_2,
  /** delta_k < 1/3, sharp (Cai & Zhang 2013). */
  caiZhang2013DeltaK: 1 / 3,
  /** IHT: delta_3k < 1/sqrt32 (Blumensath & Davies 2009). */
  ihtDelta3k: 1 / Math.sqrt(32),
  /** CoSaMP: delta_4k <= 0.1 (Needell & Tropp 2009). */
  cosampDelta4k: 0.1,
});

/**
 * Candes (2008) constants C0, C1 for delta = delta_2k < sqrt2 - 1.
 * @example candes2008Constants(0.1).C1; // 5.53038953465848
 */
export function candes2008Constants(delta2k: number): { C0: number; C1: number } {
  const where = 'candes2008Constants';
  if (typeof delta2k !== 'number' || !(delta2k >= 0 && delta2k < RIP_THRESHOLDS.candes2008)) {
    throw new CandorError(where, 'delta2k', 'a number in [0, sqrt2 - 1 = 0.41421356)', describe(delta2k));
  }
  const den = 1 - (1 + Math.SQRT2) * delta2k;
  return {
    C0: (2 * (1 + (Math.SQRT2 - 1) * delta2k)) / den,
    C1: (4 * Math.sqrt(1 + delta2k)) / den,
  };
}

/** log C(n, s) by a sum of logs (exact enough for every s <= n). */
function logBinomial(n: number, s: number): number {
  const t = Math.min(s, n - s);
  let v = 0;
  for (let i = 1; i <= t; i++) v += Math.log((n - t + i) / i);
  return v;
}

function unionBound(logC: number, s: number, m: number, eta: number): number {
  const t = Math.sqrt(2 * (Math.LN2 + logC - Math.log(eta)));
  const a = (Math.sqrt(s) + t) / Math.sqrt(m);
  return 2 * a + a * a;
}

/** Options of {@link gaussianRipBound}: an m x n Gaussian matrix, the order s and the failure probability. */
export interface GaussianRipOptions {
  n: number;
  m: number;
  /** Sparsity level s of delta_s (use s = 2k for delta_2k). */
  s: number;
  /** Failure probability (default 0.01). */
  eta?: number;
}

/**
 * Upper bound on delta_s of an m x n matrix with iid N(0, 1/m) entries, holding w.p. >= 1 - eta.
 * @example gaussianRipBound({ n: 10000, m: 2500, s: 2, eta: 0.01 }); // 0.35491179553156116
 */
export function gaussianRipBound(opts: GaussianRipOptions): number {
  const where = 'gaussianRipBound';
  const n = checkInt(where, 'n', opts.n, 1);
  const m = checkInt(where, 'm', opts.m, 1);
  const s = opts.s;
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > n) {
    throw new CandorError(where, 's', `an integer in [1, n = ${n}]`, describe(s));
  }
  const eta = checkProbability(where, 'eta', opts.eta ?? 0.01);
  return unionBound(logBinomial(n, s), s, m, eta);
}

/**
 * Options of {@link ripCertifiedSparsity}: an m x n Gaussian matrix, the failure probability and
 * the threshold on delta_2k of the guarantee to certify.
 */
export interface RipCertifyOptions {
  n: number;
  m: number;
  eta?: number;
  /** Threshold on delta_2k (e.g. RIP_THRESHOLDS.candes2008). */
  threshold: number;
}

/**
 * Largest k whose Gaussian union bound certifies delta_2k < threshold (0 if none), w.p. >= 1 - eta.
 * @example ripCertifiedSparsity({ n: 1000, m: 500, eta: 0.01, threshold: Math.SQRT1_2 }); // 0
 */
export function ripCertifiedSparsity(opts: RipCertifyOptions): number {
  const where = 'ripCertifiedSparsity';
  const n = checkInt(where, 'n', opts.n, 1);
  const m = checkInt(where, 'm', opts.m, 1);
  const eta = checkProbability(where, 'eta', opts.eta ?? 0.01);
  const thr = checkNumber(where, 'threshold', opts.threshold, 0);
  let best = 0;
  for (let k = 1; 2 * k <= n; k++) {
    if (unionBound(logBinomial(n, 2 * k), 2 * k, m, eta) < thr) best = k;
    else break; // the bound increases with k
  }
  return best;
}
