/**
 * Statistical dimension of the l1 descent cone (THEORY.md section 1; Amelunxen, Lotz, McCoy &
 * Tropp 2014 = ALMT).
 *
 * For a k-sparse x0 in R^n, rho = k/n, and c = 2 (signed, l1 norm) or c = 1 (nonnegative,
 * minimise sum(x) over x >= 0):
 *
 *     J(tau)/n = rho (1 + tau^2) + c (1 - rho) I_2(tau)
 *     psi(rho) = min_{tau >= 0} J(tau)/n,
 *
 * attained at the unique root tau* of rho tau = c (1 - rho) I_1(tau) (bracket
 * [0, sqrt(2/pi)(1 - rho)/rho], Brent). The statistical dimension delta(D) of the descent cone
 * satisfies n psi - 2 sqrt(n/k) <= delta <= n psi (ALMT section 4), and delta <= 2k log(n/k) +
 * 5k/4 (Chandrasekaran, Recht, Parrilo & Willsky 2012 = CRPW). The first-order width of the
 * transition (standard deviation of the intrinsic-volume law, in measurements) is
 *
 *     sigma^2 = k(2 + 4 tau*^2) + (n - k)[c I_4(tau*) - (c I_2(tau*))^2] - 2 n psi.
 *
 * @example
 * import { l1Psi, statdim } from './statdim.ts';
 * l1Psi(0.1);                       // 0.3287935054536299
 * statdim({ n: 200, k: 20 }).value; // 65.75870109072598 (= 200 psi(0.1))
 * statdim({ n: 200, k: 20 }).sigma; // 6.578472620026405
 */
import { brentMinimize, brentRoot } from '../core/special/roots.ts';
import { gaussI, gaussIntegrals } from '../core/special/normal.ts';
import { checkRatio, checkSignal, checkSizes, type Signal } from './validate.ts';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
/** Below this n the asymptotic formulas get a warning. */
export const STATDIM_MIN_N = 20;
/** Below this k the normal approximation of the transition gets a warning. */
export const STATDIM_MIN_K = 3;

function weight(signal: Signal): number {
  return signal === 'signed' ? 2 : 1;
}

/**
 * Stationarity residual rho tau - c (1 - rho) I_1(tau) (negative left of tau*, positive right).
 * @example l1Stationarity(1.1401711458357413, 0.1); // ~0
 */
export function l1Stationarity(tau: number, rho: number, signal: Signal = 'signed'): number {
  return rho * tau - weight(signal) * (1 - rho) * gaussI(1, tau);
}

/**
 * Normalised J(tau)/n = rho (1 + tau^2) + c (1 - rho) I_2(tau), an upper bound on delta(D)/n for
 * every tau >= 0.
 * @example l1J(1, 0.1); // 0.33561161001878714
 */
export function l1J(tau: number, rho: number, signal: Signal = 'signed'): number {
  return rho * (1 + tau * tau) + weight(signal) * (1 - rho) * gaussI(2, tau);
}

/**
 * The minimiser tau*(rho) of J, by Brent on the stationarity equation.
 * @example l1TauStar(0.1); // 1.1401711458357424
 */
export function l1TauStar(rho: number, signal: Signal = 'signed'): number {
  checkRatio('l1TauStar', 'rho', rho);
  signal = checkSignal('l1TauStar', signal);
  if (rho === 1) return 0;
  const [lo, hi] = bracket(rho, signal);
  return brentRoot((t) => l1Stationarity(t, rho, signal), lo, hi, { where: 'l1TauStar' });
}

/**
 * A sign-change bracket of the stationarity residual inside THEORY.md's [0, sqrt(2/pi)(1 - rho)/rho]:
 * starts from 2 + sqrt(2 log(1/rho)) (just above tau*) and doubles, so tiny rho (1e-100) does not
 * start Brent on a bracket of width 1e100.
 */
function bracket(rho: number, signal: Signal): [number, number] {
  const cap = (SQRT_2_OVER_PI * (1 - rho)) / rho;
  let lo = 0;
  let hi = Math.min(cap, 2 + Math.sqrt(2 * Math.log(1 / rho)));
  while (hi < cap && l1Stationarity(hi, rho, signal) <= 0) {
    lo = hi;
    hi = Math.min(cap, 2 * hi);
  }
  return [lo, hi];
}

/**
 * psi(rho) = delta(D)/n asymptotically, via the stationarity root (signed: l1; nonneg: simplex).
 * @example l1Psi(0.1, 'nonneg'); // 0.2653043247629005
 */
export function l1Psi(rho: number, signal: Signal = 'signed'): number {
  return l1J(l1TauStar(rho, signal), rho, signal);
}

/**
 * psi(rho) by direct minimisation of J (Brent's localmin): a second route, for checks.
 * @example l1PsiDirect(0.1).psi; // 0.32879350545363
 */
export function l1PsiDirect(rho: number, signal: Signal = 'signed'): { psi: number; tau: number } {
  checkRatio('l1PsiDirect', 'rho', rho);
  signal = checkSignal('l1PsiDirect', signal);
  if (rho === 1) return { psi: 1, tau: 0 };
  const [lo, hi] = bracket(rho, signal);
  const r = brentMinimize((t) => l1J(t, rho, signal), lo, hi, { where: 'l1PsiDirect', xtol: 1e-14 });
  return { psi: r.fx, tau: r.x };
}

/**
 * First-order transition width sigma (standard deviation of the intrinsic-volume law, in
 * measurements) at given n, k; NaN-free: returns 0 when the first-order variance is not positive.
 * @example l1Sigma(200, 5); // 4.746059279372766
 */
export function l1Sigma(n: number, k: number, signal: Signal = 'signed'): number {
  checkSizes('l1Sigma', n, k);
  signal = checkSignal('l1Sigma', signal);
  return sigmaAt(n, k, l1TauStar(k / n, signal), signal).sigma;
}

const IBUF = new Float64Array(5);

function sigmaAt(n: number, k: number, tau: number, signal: Signal): { sigma: number; psi: number; var: number } {
  const rho = k / n;
  const c = weight(signal);
  const I = gaussIntegrals(tau, IBUF);
  const psi = rho * (1 + tau * tau) + c * (1 - rho) * I[2];
  const cI2 = c * I[2];
  const v = k * (2 + 4 * tau * tau) + (n - k) * (c * I[4] - cI2 * cI2) - 2 * n * psi;
  return { sigma: v > 0 ? Math.sqrt(v) : 0, psi, var: v };
}

/**
 * CRPW upper bound 2k log(n/k) + 5k/4 on the l1 statistical dimension (signed).
 * @example crpwBound(1000, 100); // 585.5170185988092
 */
export function crpwBound(n: number, k: number): number {
  checkSizes('crpwBound', n, k);
  return 2 * k * Math.log(n / k) + 1.25 * k;
}

/** Options of {@link statdim}: signal length n, sparsity k and signal model. */
export interface StatdimOptions {
  n: number;
  k: number;
  signal?: Signal;
}

/**
 * The statistical dimension of the l1 descent cone at a k-sparse vector ({@link statdim}): the
 * asymptotic n psi(k/n) with the ALMT and CRPW bounds, the optimal threshold and the
 * first-order transition width.
 */
export interface StatdimResult {
  n: number;
  k: number;
  signal: Signal;
  /** k/n. */
  rho: number;
  /** psi(k/n). */
  psi: number;
  /** n psi(k/n): the asymptotic statistical dimension (an upper bound on the exact one). */
  value: number;
  /** ALMT bounds: lower = n psi - 2 sqrt(n/k) (clipped at 0), upper = n psi. */
  lower: number;
  upper: number;
  /**
   * CRPW bound 2k log(n/k) + 5k/4 on the signed cone's statistical dimension; the nonnegative
   * descent cone is contained in the signed one, so it bounds that too (more loosely).
   */
  crpw: number;
  /** Optimal threshold tau* (unnormalised: g ~ N(0, I)). */
  tauStar: number;
  /** First-order transition width (standard deviation in measurements). */
  sigma: number;
  /** Where a formula is outside its validity; empty when none. */
  warnings: string[];
}

/**
 * Statistical dimension of the l1 (or nonnegative) descent cone at a k-sparse vector in R^n, with
 * its ALMT bounds, tau*, the first-order width sigma and validity warnings.
 * @example statdim({ n: 200, k: 20, signal: 'signed' }); // { value: 65.7587..., sigma: 6.5784..., ... }
 */
export function statdim(opts: StatdimOptions): StatdimResult {
  const where = 'statdim';
  const { n, k } = opts;
  checkSizes(where, n, k);
  const signal = checkSignal(where, opts.signal);
  const rho = k / n;
  const tauStar = l1TauStar(rho, signal);
  const s = sigmaAt(n, k, tauStar, signal);
  const value = n * s.psi;
  const lower = Math.max(0, value - 2 * Math.sqrt(n / k));
  const warnings: string[] = [];
  if (n < STATDIM_MIN_N) {
    warnings.push(
      `n = ${n} is tiny (< ${STATDIM_MIN_N}): n psi(k/n) is an asymptotic formula; the exact statistical dimension is only known to lie in [${lower.toFixed(2)}, ${value.toFixed(2)}], and the normal approximation of the transition is unreliable`,
    );
  }
  if (k < STATDIM_MIN_K && k < n) {
    warnings.push(
      `k = ${k} is tiny (< ${STATDIM_MIN_K}): the intrinsic-volume law is skewed, so the normal approximation with sigma = ${s.sigma.toFixed(2)} is rough`,
    );
  }
  if (s.var <= 0 && k < n) {
    warnings.push(`the first-order variance formula gave ${s.var.toPrecision(3)} <= 0: sigma set to 0`);
  }
  return {
    n,
    k,
    signal,
    rho,
    psi: s.psi,
    value,
    lower,
    upper: value,
    crpw: 2 * k * Math.log(n / k) + 1.25 * k,
    tauStar,
    sigma: s.sigma,
    warnings,
  };
}
