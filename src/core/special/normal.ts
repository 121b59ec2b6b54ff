/**
 * Special functions of the standard normal law, in double precision, with no dependencies.
 *
 * - `erfc`, `erf`: W. J. Cody's rational Chebyshev approximations (CALERF, Netlib SPECFUN;
 *   W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23
 *   (1969) 631-637). Relative error below ~1e-15 on the whole line; `erfc` keeps full relative
 *   accuracy in the far tail (down to underflow near x = 27.2) because the tail factor
 *   exp(-x^2) is evaluated as exp(-xh^2) exp(-(x - xh)(x + xh)) with xh = trunc(16x)/16.
 * - `normPdf` (phi), `normCdf` (Phi), `normSf` (Q = 1 - Phi, always as erfc(t/sqrt2)/2, never
 *   as 1 - Phi, so tails keep their relative accuracy). t/sqrt2 is formed as a double-double
 *   (Dekker's exact product) and its low part enters erfc to first order, so Q(t) keeps ~1e-15
 *   relative accuracy even at t = 30 (plain erfc(t * SQRT1_2) loses t^2 * 1e-16).
 * - `logNormCdf(x)` = log Phi(x): for x < -20 the log-ndtr asymptotic series
 *   log Phi(x) = -x^2/2 - log(-x sqrt(2 pi)) + log(1 - 1/x^2 + 3/x^4 - 15/x^6 + ...),
 *   for x > 0 log1p(-Q(x)), otherwise log(Phi(x)) (as SciPy's `log_ndtr`, which splits at 6).
 * - `gaussI(p, tau)` = I_p(tau) = int_tau^inf (u - tau)^p phi(u) du by the recursion
 *   I_0 = Q, I_1 = phi - tau Q, I_p = (p - 1) I_{p-2} - tau I_{p-1} (THEORY.md, "Gaussian
 *   integrals"). Forward it cancels for large tau (relative error ~ tau^(p+2) * 1e-16), so for
 *   tau >= 1.5 it is run backward on the ratios I_p/I_{p-1} (Miller's algorithm; W. Gautschi,
 *   "Recursive computation of the repeated integrals of the error function", Math. Comp. 15
 *   (1961)), anchored at I_0 = Q: ~1e-15 relative for every tau.
 *
 * @example
 * import { erfc, normCdf, normSf, logNormCdf, gaussI } from './special.ts';
 * erfc(1);            // 0.15729920705028516
 * normCdf(1.96);      // 0.9750021048517795
 * normSf(10);         // 7.619853024160525e-24
 * logNormCdf(-40);    // -804.6084420137538
 * gaussI(1, 1);       // 0.08331547058768637
 */

const SQRPI = 0.5641895835477563; // 1/sqrt(pi)
const INV_SQRT_2PI = 0.3989422804014327; // 1/sqrt(2 pi)
const LOG_SQRT_2PI = 0.9189385332046728; // log(sqrt(2 pi))
const THRESH = 0.46875;

// Cody's coefficients (CALERF), written as the doubles they round to: A/B erf on [0, 0.46875];
// C/D erfc on (0.46875, 4]; P/Q erfc on (4, inf).
const A0 = 3.1611237438705655;
const A1 = 113.86415415105016;
const A2 = 377.485237685302;
const A3 = 3209.3775891384694;
const A4 = 0.18577770618460315;
const B0 = 23.601290952344122;
const B1 = 244.02463793444417;
const B2 = 1282.6165260773723;
const B3 = 2844.236833439171;
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  0.0006587491615298378, 0.016315387137302097,
];
const Q = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];

/** erf(x) for |x| <= 0.46875 (Cody's first interval). */
function erfSmall(x: number): number {
  const y = Math.abs(x);
  const ysq = y > 1.11e-16 ? y * y : 0;
  let xnum = A4 * ysq;
  let xden = ysq;
  xnum = (xnum + A0) * ysq;
  xden = (xden + B0) * ysq;
  xnum = (xnum + A1) * ysq;
  xden = (xden + B1) * ysq;
  xnum = (xnum + A2) * ysq;
  xden = (xden + B2) * ysq;
  return (x * (xnum + A3)) / (xden + B3);
}

/**
 * erfc(y + yl) for y > 0.46875 and a tiny correction yl (|yl| <= ~1e-16 y) (Cody's second and
 * third intervals). The correction enters to first order: erfc(y + yl) = e^{-y^2} (r - 2 yl/sqrt(pi))
 * with r = e^{y^2} erfc(y), which restores full accuracy when y itself carries a rounding error.
 */
function erfcLarge(y: number, yl: number): number {
  let r: number;
  if (y <= 4) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    r = (xnum + C[7]) / (xden + D[7]);
  } else {
    if (y >= 27.3) return 0; // below the smallest subnormal
    const ysq = 1 / (y * y);
    let xnum = P[5] * ysq;
    let xden = ysq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]) * ysq;
      xden = (xden + Q[i]) * ysq;
    }
    r = (ysq * (xnum + P[4])) / (xden + Q[4]);
    r = (SQRPI - r) / y;
  }
  const yh = Math.trunc(16 * y) / 16;
  const del = (y - yh) * (y + yh);
  return Math.exp(-yh * yh) * Math.exp(-del) * (r - 2 * SQRPI * yl);
}

/** erfc(x + xl) for a double-double argument (x, xl), |xl| tiny. */
function erfc2(x: number, xl: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - erfSmall(x) - 2 * SQRPI * xl;
  if (x < 0) return 2 - erfcLarge(y, -xl);
  return erfcLarge(y, xl);
}

// 1/sqrt2 = S_HI + S_LO; S_HI split in two 26-bit halves (Dekker) for the exact product x * S_HI.
const S_HI = Math.SQRT1_2;
const S_LO = -4.833646656726457e-17;
const SPLIT = 134217729; // 2^27 + 1
const S_HH = SPLIT * S_HI - (SPLIT * S_HI - S_HI);
const S_HL = S_HI - S_HH;

/** Writes x/sqrt2 as a double-double: returns the high part, stores the low part in SCRATCH[0]. */
const SCRATCH = new Float64Array(1);
function divSqrt2(x: number): number {
  const p = x * S_HI;
  if (Math.abs(x) > 1e150) {
    SCRATCH[0] = 0;
    return p;
  }
  const c = SPLIT * x;
  const xh = c - (c - x);
  const xlo = x - xh;
  SCRATCH[0] = xh * S_HH - p + xh * S_HL + xlo * S_HH + xlo * S_HL + x * S_LO;
  return p;
}

/**
 * Complementary error function erfc(x) = (2/sqrt(pi)) int_x^inf e^{-t^2} dt (Cody 1969).
 * @example erfc(0.5); // 0.4795001221869535
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return erfc2(x, 0);
}

/**
 * Error function erf(x) (Cody 1969); full relative accuracy near 0.
 * @example erf(1); // 0.8427007929497148
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= THRESH) return erfSmall(x);
  const r = 1 - erfcLarge(y, 0);
  return x < 0 ? -r : r;
}

/**
 * Standard normal density phi(x) = exp(-x^2/2)/sqrt(2 pi), with x^2 split to keep the tail's
 * relative accuracy.
 * @example normPdf(0); // 0.3989422804014327
 */
export function normPdf(x: number): number {
  const y = Math.abs(x);
  if (y > 40) return y === Infinity ? 0 : Math.exp(-0.5 * y * y) * INV_SQRT_2PI;
  const yh = Math.trunc(16 * y) / 16;
  return INV_SQRT_2PI * Math.exp(-0.5 * yh * yh) * Math.exp(-0.5 * (y - yh) * (y + yh));
}

/**
 * Standard normal upper tail Q(x) = 1 - Phi(x) = erfc(x/sqrt2)/2.
 * @example normSf(3); // 0.0013498980316300944
 */
export function normSf(x: number): number {
  const h = divSqrt2(x);
  return 0.5 * erfc2(h, SCRATCH[0]);
}

/**
 * Standard normal distribution function Phi(x) = erfc(-x/sqrt2)/2.
 * @example normCdf(-3); // 0.0013498980316300944
 */
export function normCdf(x: number): number {
  const h = divSqrt2(-x);
  return 0.5 * erfc2(h, SCRATCH[0]);
}

/** The asymptotic-series factor S(x) = 1 - 1/x^2 + 3/x^4 - ... = -x Phi(x)/phi(x) (x <= -20). */
function tailSeries(x: number): number {
  const x2 = 1 / (x * x);
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    term *= -(2 * k - 1) * x2;
    sum += term;
    if (Math.abs(term) < 1e-17 * sum) break;
  }
  return sum;
}

/**
 * log Phi(x), accurate for every finite x (log-ndtr asymptotic series below x = -20).
 * @example logNormCdf(-40); // -804.6084420137538
 */
export function logNormCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x > 0) return Math.log1p(-normSf(x));
  if (x >= -20) return Math.log(normCdf(x));
  if (x === -Infinity) return -Infinity;
  return -0.5 * x * x - Math.log(-x) - LOG_SQRT_2PI + Math.log(tailSeries(x));
}

/**
 * phi(x)/Phi(x) (inverse Mills ratio), accurate for very negative x, where it tends to -x.
 * @example normPdfOverCdf(0); // 0.7978845608028654
 */
export function normPdfOverCdf(x: number): number {
  if (x >= -20) return normPdf(x) / normCdf(x);
  if (x === -Infinity) return Infinity;
  return -x / tailSeries(x);
}

/** Above this tau the forward recursion cancels; the ratios come from the backward recursion. */
const FORWARD_MAX_TAU = 1.5;

/** I_0..I_pmax by forward recursion into out (stable for tau < 1.5, exact in sign for tau < 0). */
function forward(tau: number, out: Float64Array, pmax: number): Float64Array {
  const q = normSf(tau);
  out[0] = q;
  if (pmax >= 1) out[1] = normPdf(tau) - tau * q;
  for (let p = 2; p <= pmax; p++) out[p] = (p - 1) * out[p - 2] - tau * out[p - 1];
  return out;
}

/**
 * I_0..I_pmax for tau >= 1.5 by the recursion run backward (Miller): the ratios
 * r_p = I_p/I_{p-1} satisfy r_p = p/(tau + r_{p+1}) (a continued fraction with positive terms, no
 * cancellation), started at depth K = 40 + 700/tau^2 (truncation < 1e-16) and anchored at
 * I_0 = Q(tau).
 */
function backward(tau: number, out: Float64Array, pmax: number): Float64Array {
  const K = Math.ceil(40 + 700 / (tau * tau));
  let r = 0;
  let r1 = 0;
  let r2 = 0;
  let r3 = 0;
  let r4 = 0;
  for (let p = K; p >= 1; p--) {
    r = p / (tau + r);
    if (p === 4) r4 = r;
    else if (p === 3) r3 = r;
    else if (p === 2) r2 = r;
    else if (p === 1) r1 = r;
  }
  out[0] = normSf(tau);
  if (pmax >= 1) out[1] = out[0] * r1;
  if (pmax >= 2) out[2] = out[1] * r2;
  if (pmax >= 3) out[3] = out[2] * r3;
  if (pmax >= 4) out[4] = out[3] * r4;
  return out;
}

/**
 * Gaussian integrals I_p(tau) = int_tau^inf (u - tau)^p phi(u) du for p = 0..min(4, out.length - 1),
 * written into `out`, by the recursion I_p = (p-1) I_{p-2} - tau I_{p-1}: forward from I_0 = Q and
 * I_1 = phi - tau Q for tau < 1.5; backward (Miller's algorithm on the ratios) for tau >= 1.5,
 * where the forward direction cancels. Relative accuracy ~1e-14 or better everywhere. Returns `out`.
 * @example gaussIntegrals(1, new Float64Array(5)); // [Q(1), 0.0833154706, 0.0753397833, ...]
 */
export function gaussIntegrals(tau: number, out: Float64Array = new Float64Array(5)): Float64Array {
  const pmax = Math.min(4, out.length - 1);
  return tau < FORWARD_MAX_TAU ? forward(tau, out, pmax) : backward(tau, out, pmax);
}

const GI = new Float64Array(5);

/**
 * One Gaussian integral I_p(tau), p in {0, 1, 2, 3, 4}; I_1 = phi - tau Q, I_2 = (1 + tau^2) Q -
 * tau phi, I_4 = (tau^4 + 6 tau^2 + 3) Q - (tau^3 + 5 tau) phi (evaluated as in `gaussIntegrals`;
 * I_1 always forward, whose relative error tau^2 * 1e-16 stays below 1e-14 for tau <= 8).
 * @example gaussI(2, 1); // 0.07533978334377062
 */
export function gaussI(p: 0 | 1 | 2 | 3 | 4, tau: number): number {
  if (p === 0) return normSf(tau);
  if (p === 1) return normPdf(tau) - tau * normSf(tau);
  const g = tau < FORWARD_MAX_TAU ? forward(tau, GI, p) : backward(tau, GI, p);
  return g[p];
}
