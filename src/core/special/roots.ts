/**
 * One-dimensional root finding and minimisation by Brent's methods, with clear errors.
 *
 * - `brentRoot(f, a, b)`: Brent's zeroin (inverse quadratic interpolation, secant and bisection;
 *   R. P. Brent, "Algorithms for Minimization without Derivatives", 1973, ch. 4; the same
 *   algorithm as SciPy's `brentq`). Needs a sign change on [a, b]; converges to
 *   |x - x*| <= 4 eps |x*| + xtol.
 * - `brentMinimize(f, a, b)`: Brent's localmin (golden section with parabolic steps; Brent
 *   1973, ch. 5; SciPy's `fminbound`). The minimiser is located to sqrt(eps) |x| + xtol/3, so
 *   the minimum *value* is accurate to ~eps when f is smooth.
 *
 * A missing sign change or exhausted iterations throw a CandorError of kind 'numerical' that
 * names the caller (`where`) and the numbers involved.
 *
 * @example
 * import { brentRoot, brentMinimize } from './roots.ts';
 * brentRoot((x) => x * x - 2, 0, 2);                 // 1.414213562373095
 * brentMinimize((x) => (x - 1) ** 2 + 3, -5, 5).fx;  // 3
 */
import { CandorError } from '../errors.ts';

export interface RootOptions {
  /** Absolute tolerance on x (default 1e-300: full relative precision). */
  xtol?: number;
  /** Maximum iterations (default 300). */
  maxIter?: number;
  /** Caller name for error messages (default 'brentRoot'). */
  where?: string;
}

export interface MinimizeOptions {
  /** Absolute tolerance on x (default 1e-12); a relative sqrt(eps) is always added. */
  xtol?: number;
  /** Maximum function evaluations (default 500). */
  maxIter?: number;
  /** Caller name for error messages (default 'brentMinimize'). */
  where?: string;
}

export interface MinimizeResult {
  x: number;
  fx: number;
  evaluations: number;
}

const EPS = 2.220446049250313e-16;

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}

/**
 * A root of f in [a, b], where f(a) and f(b) have opposite signs (or one is zero).
 * @example brentRoot(Math.cos, 0, 3); // 1.5707963267948966
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, opts: RootOptions = {}): number {
  const where = opts.where ?? 'brentRoot';
  const xtol = opts.xtol ?? 1e-300;
  const maxIter = opts.maxIter ?? 300;
  let fa = f(a);
  let fb = f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) {
    throw new CandorError(where, 'root bracket', 'finite function values at the ends', `f(${fmt(a)}) = ${fa}, f(${fmt(b)}) = ${fb}`, 'numerical');
  }
  if (fa === 0) return a;
  if (fb === 0) return b;
  if ((fa > 0) === (fb > 0)) {
    throw new CandorError(
      where,
      'root bracket',
      'f(a) and f(b) of opposite signs',
      `f(${fmt(a)}) = ${fmt(fa)}, f(${fmt(b)}) = ${fmt(fb)}`,
      'numerical',
    );
  }
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIter; iter++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * EPS * Math.abs(b) + 0.5 * xtol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
    if (Number.isNaN(fb)) {
      throw new CandorError(where, 'function value', 'a number', `NaN at x = ${fmt(b)}`, 'numerical');
    }
  }
  throw new CandorError(
    where,
    'root convergence',
    `convergence within ${maxIter} iterations`,
    `bracket [${fmt(Math.min(b, c))}, ${fmt(Math.max(b, c))}] still open`,
    'numerical',
  );
}

/**
 * The minimiser of f on [a, b] (Brent's localmin; f should be unimodal there).
 * @example brentMinimize((x) => Math.cosh(x - 0.5), -3, 3).x; // ~0.5
 */
export function brentMinimize(
  f: (x: number) => number,
  a: number,
  b: number,
  opts: MinimizeOptions = {},
): MinimizeResult {
  const where = opts.where ?? 'brentMinimize';
  const xtol = opts.xtol ?? 1e-12;
  const maxIter = opts.maxIter ?? 500;
  if (!(a < b)) {
    throw new CandorError(where, 'interval', 'a < b', `[${fmt(a)}, ${fmt(b)}]`, 'numerical');
  }
  const sqrtEps = Math.sqrt(EPS);
  const golden = 0.5 * (3 - Math.sqrt(5));
  let fulc = a + golden * (b - a);
  let nfc = fulc;
  let xf = fulc;
  let rat = 0;
  let e = 0;
  let fx = f(xf);
  let evals = 1;
  let ffulc = fx;
  let fnfc = fx;
  let xm = 0.5 * (a + b);
  let tol1 = sqrtEps * Math.abs(xf) + xtol / 3;
  let tol2 = 2 * tol1;
  while (Math.abs(xf - xm) > tol2 - 0.5 * (b - a)) {
    let goldenStep = true;
    if (Math.abs(e) > tol1) {
      goldenStep = false;
      let r = (xf - nfc) * (fx - ffulc);
      let q = (xf - fulc) * (fx - fnfc);
      let p = (xf - fulc) * q - (xf - nfc) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      r = e;
      e = rat;
      if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf)) {
        rat = p / q;
        const x = xf + rat;
        if (x - a < tol2 || b - x < tol2) rat = xm - xf >= 0 ? tol1 : -tol1;
      } else {
        goldenStep = true;
      }
    }
    if (goldenStep) {
      e = xf >= xm ? a - xf : b - xf;
      rat = golden * e;
    }
    const si = rat >= 0 ? 1 : -1;
    const x = xf + si * Math.max(Math.abs(rat), tol1);
    const fu = f(x);
    evals++;
    if (Number.isNaN(fu)) {
      throw new CandorError(where, 'function value', 'a number', `NaN at x = ${fmt(x)}`, 'numerical');
    }
    if (fu <= fx) {
      if (x >= xf) a = xf;
      else b = xf;
      fulc = nfc;
      ffulc = fnfc;
      nfc = xf;
      fnfc = fx;
      xf = x;
      fx = fu;
    } else {
      if (x < xf) a = x;
      else b = x;
      if (fu <= fnfc || nfc === xf) {
        fulc = nfc;
        ffulc = fnfc;
        nfc = x;
        fnfc = fu;
      } else if (fu <= ffulc || fulc === xf || fulc === nfc) {
        fulc = x;
        ffulc = fu;
      }
    }
    xm = 0.5 * (a + b);
    tol1 = sqrtEps * Math.abs(xf) + xtol / 3;
    tol2 = 2 * tol1;
    if (evals >= maxIter) {
      throw new CandorError(
        where,
        'minimisation convergence',
        `convergence within ${maxIter} evaluations`,
        `interval [${fmt(a)}, ${fmt(b)}] still wider than ${fmt(tol2)}`,
        'numerical',
      );
    }
  }
  return { x: xf, fx, evaluations: evals };
}
