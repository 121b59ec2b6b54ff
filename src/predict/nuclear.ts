/**
 * Statistical dimension of the nuclear-norm descent cone at a rank-r n1 x n2 matrix (THEORY.md
 * section 2; ALMT 2014 section 4, Marchenko-Pastur recipe), for low-rank recovery planning.
 *
 * With n1 <= n2 (else transpose), rho = r/n1, nu = n1/n2, y = nu(1 - rho)/(1 - rho nu)
 * (= (n1 - r)/(n2 - r)), lambda_pm = (1 +- sqrt y)^2 and the Marchenko-Pastur density
 * p_y(lambda) = sqrt((lambda_+ - lambda)(lambda - lambda_-))/(2 pi y lambda):
 *
 *     psi_*(rho, nu) = min_{t >= 0} { rho nu + (1 - rho nu)[rho(1 + t^2) + (1 - rho) E_y(sqrt L - t)_+^2] },
 *     stationarity rho t = (1 - rho) E_y(sqrt L - t)_+,    tau = t sqrt(n2 - r),
 *
 * and delta(D)/(n1 n2) -> psi_*. Quadrature: lambda = c + w cos(theta) (c, w = midpoint and
 * half-width of [lambda_-, lambda_+]) turns p_y dlambda into w^2 sin^2(theta)/(2 pi y lambda)
 * dtheta, smooth on [0, theta_t], theta_t = arccos((t^2 - c)/w) (pi if t^2 <= lambda_-); it is
 * integrated by adaptive Gauss-Legendre (32-node panels, bisected until two levels agree to
 * 2e-16 of the integral). E_y L = 1 checks it.
 *
 * Finite sizes: 0 <= inf_tau J - delta(D) <= 2 sqrt(n1/r); r(n1 + n2 - r) < delta <= 3 r(n1 + n2 - r)
 * (CRPW). n1 n2 psi_* runs 0.1-0.6% below the exact delta at the sizes of THEORY.md section 8.
 *
 * @example
 * import { nuclearPsi, nuclearStatdim } from './nuclear.ts';
 * nuclearPsi(0.1, 1).psi;                          // 0.35114428452978064
 * nuclearStatdim({ n1: 100, n2: 100, r: 10 }).value; // 3511.4428452978063
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { legendreRule } from '../core/special/quadrature.ts';
import { brentMinimize, brentRoot } from '../core/special/roots.ts';
import { checkRatio } from './validate.ts';

/** Gauss-Legendre order of one panel of the Marchenko-Pastur integrals. */
export const MP_QUADRATURE_NODES = 32;

function checkY(where: string, y: number): void {
  if (typeof y !== 'number' || !(y > 0 && y <= 1)) throw new CandorError(where, 'y', 'a number in (0, 1]', describe(y));
}

/** Integrand of E_y in theta: f(lambda(theta)) w^2 sin^2(theta)/(2 pi y lambda(theta)). */
function thetaIntegrand(f: (lambda: number) => number, y: number): (theta: number) => number {
  const sy = Math.sqrt(y);
  const c = 1 + y;
  const w = 2 * sy;
  const lmin = (1 - sy) * (1 - sy);
  const k = (w * w) / (2 * Math.PI * y);
  return (th) => {
    // lambda = c + w cos(theta); past pi/2 written with half angles, lambda_- + 2w cos^2(theta/2)
    // and sin(theta) = 2 sin(theta/2) cos(theta/2), so that lambda and sin^2(theta)/lambda keep
    // their relative accuracy near lambda_- (-> 0 as y -> 1).
    let lam: number;
    let sn: number;
    if (th > 1.5707963267948966) {
      const ch = Math.cos(0.5 * th);
      lam = lmin + 2 * w * ch * ch;
      sn = 2 * Math.sin(0.5 * th) * ch;
    } else {
      lam = c + w * Math.cos(th);
      sn = Math.sin(th);
    }
    return ((k * sn * sn) / lam) * f(lam);
  };
}

function panel(g: (t: number) => number, a: number, b: number, nodes: number): number {
  const { x, w } = legendreRule(nodes);
  const h = 0.5 * (b - a);
  const mid = a + h;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i] * g(mid + h * x[i]);
  return s * h;
}

/**
 * Adaptive bisection of Gauss-Legendre panels: a panel is accepted when it and its two halves
 * agree within `tol` (absolute, a fraction of the whole integral).
 */
function adaptive(g: (t: number) => number, a: number, b: number, whole: number, nodes: number, tol: number, depth: number): number {
  const m = 0.5 * (a + b);
  const left = panel(g, a, m, nodes);
  const right = panel(g, m, b, nodes);
  const both = left + right;
  if (depth >= 30 || Math.abs(both - whole) <= tol) return both;
  return adaptive(g, a, m, left, nodes, tol, depth + 1) + adaptive(g, m, b, right, nodes, tol, depth + 1);
}

/**
 * E_y[f(L); L > cut], L ~ Marchenko-Pastur(y), 0 < y <= 1 (f is evaluated only where L > cut),
 * by the theta substitution and adaptive Gauss-Legendre on [0, theta_t] (a single 32-node panel
 * and its two halves suffice for smooth cases; panels are bisected near lambda_- when y is close
 * to 1 and the cut is below lambda_-, where 1/lambda makes the integrand steep).
 * @example marchenkoPasturIntegral((l) => l, 0.5); // 1 (E_y L = 1)
 */
export function marchenkoPasturIntegral(
  f: (lambda: number) => number,
  y: number,
  cut = 0,
  nodes = MP_QUADRATURE_NODES,
): number {
  checkY('marchenkoPasturIntegral', y);
  const sy = Math.sqrt(y);
  const c = 1 + y;
  const w = 2 * sy;
  const lmin = (1 - sy) * (1 - sy);
  const lmax = (1 + sy) * (1 + sy);
  if (cut >= lmax) return 0;
  const thetaT = cut <= lmin ? Math.PI : Math.acos((cut - c) / w);
  const g = thetaIntegrand(f, y);
  const whole = panel(g, 0, thetaT, nodes);
  return adaptive(g, 0, thetaT, whole, nodes, 2e-16 * Math.abs(whole) + 1e-300, 0);
}

/** E_y(sqrt L - t)_+ and E_y(sqrt L - t)_+^2. */
export function marchenkoPasturMoments(y: number, t: number, nodes = MP_QUADRATURE_NODES): { m1: number; m2: number } {
  checkY('marchenkoPasturMoments', y);
  const cut = t > 0 ? t * t : 0;
  return {
    m1: marchenkoPasturIntegral((lam) => Math.sqrt(lam) - t, y, cut, nodes),
    m2: marchenkoPasturIntegral((lam) => (Math.sqrt(lam) - t) ** 2, y, cut, nodes),
  };
}

function objective(t: number, rho: number, nu: number, y: number): number {
  const { m2 } = marchenkoPasturMoments(y, t);
  return rho * nu + (1 - rho * nu) * (rho * (1 + t * t) + (1 - rho) * m2);
}

function checkRhoNu(where: string, rho: number, nu: number): number {
  checkRatio(where, 'rho', rho);
  checkRatio(where, 'nu', nu);
  return (nu * (1 - rho)) / (1 - rho * nu);
}

/**
 * psi_*(rho, nu) and its optimal t by the stationarity root (ALMT's Marchenko-Pastur formula).
 * @example nuclearPsi(0.05, 0.5); // { psi: 0.15782236416635823, t: 1.1696434692905824 }
 */
export function nuclearPsi(rho: number, nu: number): { psi: number; t: number } {
  const where = 'nuclearPsi';
  const y = checkRhoNu(where, rho, nu);
  if (rho === 1) return { psi: 1, t: 0 };
  // rho t - (1 - rho) E(sqrt L - t)_+ : negative at 0, positive at t = min((1 - rho)/rho, 1 + sqrt y).
  const hi = Math.min((1 - rho) / rho, 1 + Math.sqrt(y));
  const t = brentRoot((s) => rho * s - (1 - rho) * marchenkoPasturMoments(y, s).m1, 0, hi, { where });
  return { psi: objective(t, rho, nu, y), t };
}

/**
 * psi_*(rho, nu) by direct minimisation over t (Brent): a second route, for checks.
 * @example nuclearPsiDirect(0.1, 1).psi; // 0.35114428452978064
 */
export function nuclearPsiDirect(rho: number, nu: number): { psi: number; t: number } {
  const where = 'nuclearPsiDirect';
  const y = checkRhoNu(where, rho, nu);
  if (rho === 1) return { psi: 1, t: 0 };
  const hi = Math.min((1 - rho) / rho, 1 + Math.sqrt(y));
  const r = brentMinimize((s) => objective(s, rho, nu, y), 0, hi, { where, xtol: 1e-14 });
  return { psi: r.fx, t: r.x };
}

/** Options of {@link nuclearStatdim}: an n1 x n2 matrix of rank r. */
export interface NuclearStatdimOptions {
  n1: number;
  n2: number;
  r: number;
}

/**
 * The statistical dimension of the nuclear-norm descent cone at a rank-r n1 x n2 matrix
 * ({@link nuclearStatdim}): n1 n2 psi_*(rho, nu) with rho = r / min(n1, n2), nu = min/max, and
 * the degrees-of-freedom and CRPW bounds for comparison.
 */
export interface NuclearStatdimResult {
  n1: number;
  n2: number;
  r: number;
  /** r / min(n1, n2). */
  rho: number;
  /** min(n1, n2) / max(n1, n2). */
  nu: number;
  psi: number;
  /** n1 n2 psi_*(rho, nu): the asymptotic statistical dimension (measurements at the transition). */
  value: number;
  /** Optimal threshold in units of sqrt(n2 - r) and in absolute units. */
  tStar: number;
  tau: number;
  /** Degrees of freedom r(n1 + n2 - r): a strict lower bound on delta. */
  dof: number;
  /** CRPW upper bound 3 r(n1 + n2 - r). */
  crpw: number;
  /** ALMT bound on inf_tau J - delta: 2 sqrt(min(n1, n2)/r). */
  gapBound: number;
  notes: string[];
  warnings: string[];
}

/**
 * Statistical dimension of the nuclear-norm descent cone at a rank-r n1 x n2 matrix (asymptotic,
 * Marchenko-Pastur), with degrees of freedom, CRPW bound and the ALMT gap bound.
 * @example nuclearStatdim({ n1: 40, n2: 80, r: 4 }).tau; // 8.869391120170059
 */
export function nuclearStatdim(opts: NuclearStatdimOptions): NuclearStatdimResult {
  const where = 'nuclearStatdim';
  const n1 = checkInt(where, 'n1', opts.n1, 1);
  const n2 = checkInt(where, 'n2', opts.n2, 1);
  const lo = Math.min(n1, n2);
  const hi = Math.max(n1, n2);
  const r = opts.r;
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > lo) {
    throw new CandorError(where, 'r', `an integer in [1, min(n1, n2) = ${lo}]`, describe(r));
  }
  const rho = r / lo;
  const nu = lo / hi;
  const { psi, t } = nuclearPsi(rho, nu);
  const dof = r * (n1 + n2 - r);
  const notes = [
    'asymptotic value (Marchenko-Pastur limit, ALMT section 4): at moderate sizes it runs 0.1-0.6% below the exact statistical dimension (THEORY.md section 8)',
  ];
  const warnings: string[] = [];
  if (lo < 10) {
    warnings.push(
      `min(n1, n2) = ${lo} is tiny (< 10): the Marchenko-Pastur limit is far from the finite-size law; only dof = ${dof} < delta <= ${3 * dof} is certain`,
    );
  }
  return {
    n1,
    n2,
    r,
    rho,
    nu,
    psi,
    value: n1 * n2 * psi,
    tStar: t,
    tau: t * Math.sqrt(hi - r),
    dof,
    crpw: 3 * dof,
    gapBound: 2 * Math.sqrt(lo / r),
    notes,
    warnings,
  };
}
