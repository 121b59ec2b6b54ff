/**
 * Donoho's face-counting exponents for the weak threshold (THEORY.md section 3; Donoho 2006;
 * Affentranger & Schneider 1992; Donoho & Tanner 2005 for the simplex).
 *
 * With eps = k/n, nu = l/n, gamma' = eps/(nu - eps) and H the natural entropy:
 *
 *     psi_com = (1 - eps) H((nu - eps)/(1 - eps)) + (nu - eps) log 2         [simplex: no log 2 term]
 *     psi_int = (nu - eps) max_{s <= 0} [-(1 + gamma') s^2/2 - log Phi(s)]
 *     psi_ext = min_{x > 0} [nu x^2 - (1 - nu) log erf x]                   [simplex: min_x nu x^2 - (1 - nu) log Phi(sqrt2 x)]
 *     psi_net = psi_com - psi_int - psi_ext.
 *
 * The inner problems are solved on their stationarity equations with Brent (log Phi and
 * phi/Phi through the log-ndtr series, so very negative s is safe). For every eps,
 * max_nu psi_net = 0 at nu = psi(eps) exactly, so the weak threshold is computed as the root in
 * rho of the envelope-theorem slope
 *
 *     d psi_net/d nu (nu = delta, eps = rho delta) = log((1 - nu)/(nu - eps)) + log 2
 *        - psi_int/(nu - eps) - eps s*^2/(2(nu - eps)) - x*^2 - log erf x*
 *
 * (simplex: no log 2, log Phi(sqrt2 x*)); testing psi_net < 0 directly fails numerically because
 * the maximum is exactly 0.
 *
 * @example
 * import { faceCountWeakThreshold, faceCountPeak } from './facecount.ts';
 * faceCountWeakThreshold(0.5);    // 0.3856896661814809
 * faceCountPeak(0.1).nu;          // 0.32879350545362995 (= psi(0.1))
 */
import { CandorError, describe } from '../core/errors.ts';
import { brentRoot } from '../core/special/roots.ts';
import { erf, erfc, logNormCdf, normPdfOverCdf } from '../core/special/normal.ts';
import { checkRatio, checkSignal, type Signal } from './validate.ts';

const LOG2 = Math.LN2;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

function entropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -p * Math.log(p) - (1 - p) * Math.log1p(-p);
}

function logErf(x: number): number {
  return x > 0.5 ? Math.log1p(-erfc(x)) : Math.log(erf(x));
}

/** Internal-angle exponent: s* and the maximum value Lambda(gamma') = max_{s<=0}[...]. */
function internal(gammaP: number): { s: number; value: number } {
  const g1 = 1 + gammaP;
  const slope = (s: number) => -g1 * s - normPdfOverCdf(s);
  let lo = -1;
  while (slope(lo) <= 0) lo *= 2;
  const s = brentRoot(slope, lo, 0, { where: 'faceCount internal angle' });
  return { s, value: -0.5 * g1 * s * s - logNormCdf(s) };
}

/** External-angle exponent: x* and min_x [nu x^2 - (1 - nu) log erf x] (simplex: log Phi(sqrt2 x)). */
function external(nu: number, signal: Signal): { x: number; value: number } {
  if (signal === 'signed') {
    // d/dx = 2 nu x - (1 - nu)(2/sqrt(pi)) e^{-x^2}/erf x; -> -inf as x -> 0+.
    const slope = (x: number) => 2 * nu * x - (1 - nu) * TWO_OVER_SQRT_PI * Math.exp(-x * x) / erf(x);
    let lo = 0.5;
    while (slope(lo) >= 0) lo *= 0.5;
    let hi = 1;
    while (slope(hi) <= 0) hi *= 2;
    const x = brentRoot(slope, lo, hi, { where: 'faceCount external angle' });
    return { x, value: nu * x * x - (1 - nu) * logErf(x) };
  }
  const r2 = Math.SQRT2;
  const slope = (x: number) => 2 * nu * x - (1 - nu) * r2 * normPdfOverCdf(r2 * x);
  let hi = 1;
  while (slope(hi) <= 0) hi *= 2;
  const x = brentRoot(slope, 0, hi, { where: 'faceCount external angle' });
  return { x, value: nu * x * x - (1 - nu) * logNormCdf(r2 * x) };
}

/**
 * Donoho's face-counting exponents at (nu = l/n, eps = k/n) ({@link faceCountExponents}):
 * psi_net = psi_com - psi_int - psi_ext, the inner optimisers s* and x*, and d psi_net / d nu.
 */
export interface FaceCountExponents {
  com: number;
  int: number;
  ext: number;
  net: number;
  /** Maximiser s* of the internal-angle problem. */
  s: number;
  /** Minimiser x* of the external-angle problem. */
  x: number;
  /** d psi_net / d nu at this (nu, eps) by the envelope theorem. */
  slope: number;
}

function checkPair(where: string, nu: number, eps: number): void {
  if (typeof eps !== 'number' || !(eps > 0 && eps < 1)) throw new CandorError(where, 'eps', 'a number in (0, 1)', describe(eps));
  if (typeof nu !== 'number' || !(nu > eps && nu < 1)) {
    throw new CandorError(where, 'nu', `a number in (eps, 1) = (${eps}, 1)`, describe(nu));
  }
}

function exponentsUnchecked(nu: number, eps: number, signal: Signal): FaceCountExponents {
  const d = nu - eps;
  const gammaP = eps / d;
  const inn = internal(gammaP);
  const ext = external(nu, signal);
  const lg = signal === 'signed' ? LOG2 : 0;
  const com = (1 - eps) * entropy(d / (1 - eps)) + d * lg;
  const int = d * inn.value;
  const extTerm = signal === 'signed' ? logErf(ext.x) : logNormCdf(Math.SQRT2 * ext.x);
  const slope =
    Math.log((1 - nu) / d) + lg - inn.value - (eps * inn.s * inn.s) / (2 * d) - ext.x * ext.x - extTerm;
  return { com, int, ext: ext.value, net: com - int - ext.value, s: inn.s, x: ext.x, slope };
}

/**
 * The face-counting exponents at (nu = l/n, eps = k/n) and the slope d psi_net/d nu.
 * @example faceCountExponents(0.3287935054536306, 0.1).net; // 5.551115123125783e-17 (the peak: 0)
 */
export function faceCountExponents(nu: number, eps: number, signal: Signal = 'signed'): FaceCountExponents {
  checkPair('faceCountExponents', nu, eps);
  return exponentsUnchecked(nu, eps, checkSignal('faceCountExponents', signal));
}

/**
 * The peak of psi_net over nu at fixed eps (root of the slope); equals psi(eps), with psi_net = 0.
 * @example faceCountPeak(0.05, 'nonneg').nu; // 0.16708187367435373
 */
export function faceCountPeak(eps: number, signal: Signal = 'signed'): { nu: number; net: number } {
  const where = 'faceCountPeak';
  if (typeof eps !== 'number' || !(eps > 0 && eps < 1)) throw new CandorError(where, 'eps', 'a number in (0, 1)', describe(eps));
  signal = checkSignal(where, signal);
  const f = (nu: number) => exponentsUnchecked(nu, eps, signal).slope;
  const span = 1 - eps;
  const nu = brentRoot(f, eps + 1e-12 * span, 1 - 1e-12 * span, { where });
  return { nu, net: exponentsUnchecked(nu, eps, signal).net };
}

/**
 * Weak threshold rho_W(delta) = k/m by face counting: the root in rho of d psi_net/d nu at
 * nu = delta, eps = rho delta.
 * @example faceCountWeakThreshold(0.1, 'nonneg'); // 0.2409758961863546
 */
export function faceCountWeakThreshold(delta: number, signal: Signal = 'signed'): number {
  const where = 'faceCountWeakThreshold';
  checkRatio(where, 'delta', delta);
  signal = checkSignal(where, signal);
  if (delta === 1) return 1;
  const f = (rho: number) => exponentsUnchecked(delta, rho * delta, signal).slope;
  return brentRoot(f, 1e-6, 1 - 1e-12, { where });
}
