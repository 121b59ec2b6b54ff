/**
 * The l1 phase-transition curve (THEORY.md sections 1 and 3) in both coordinate systems:
 *
 * - ALMT: rho = k/n against delta = m/n; the curve is delta = psi(rho) (`almtCurve`).
 * - Donoho-Tanner (DT): delta = m/n against rho_DT = k/m; the weak threshold rho_W(delta) = eps/delta
 *   where psi(eps) = delta (`weakThreshold`, `dtCurve`).
 *
 * Three independent routes to rho_W, which agree to ~1e-15:
 * - 'statdim' (default): invert psi. Along the stationarity curve eps(tau) = c I_1/(tau + c I_1)
 *   (c = 2 signed, 1 nonneg) the map tau -> psi(eps(tau)) is strictly decreasing, so one Brent
 *   root in tau solves psi(eps) = delta with no nested solve; eps = eps(tau*), alpha = tau*.
 * - 'dmm': Donoho, Maleki & Montanari's minimax formula (amp.ts).
 * - 'facecount': Donoho's face-counting exponents (facecount.ts).
 *
 * @example
 * import { weakThreshold, dtCurve, almtCurve } from './transition.ts';
 * weakThreshold(0.5).rho;                         // 0.38568966618148093
 * weakThreshold(0.5, { method: 'facecount' }).rho; // 0.3856896661814809
 * dtCurve([0.1, 0.5]).rho;                        // Float64Array [0.18942936775967362, 0.38568966618148093]
 * almtCurve([0.1]).delta;                         // Float64Array [0.3287935054536299]
 */
import { CandorError, describe } from '../core/errors.ts';
import { dmmWeakThreshold } from './amp.ts';
import { faceCountWeakThreshold } from './facecount.ts';
import { brentRoot } from '../core/special/roots.ts';
import { gaussIntegrals } from '../core/special/normal.ts';
import { l1Psi } from './statdim.ts';
import { checkRatio, checkSignal, type Signal } from './validate.ts';

/**
 * How the weak threshold is computed: 'statdim' (psi(eps) = delta, ALMT), 'dmm' (AMP's minimax
 * threshold, Donoho, Maleki & Montanari) or 'facecount' (Donoho's face counting).
 */
export type CurveMethod = 'statdim' | 'dmm' | 'facecount';

/** Options of {@link weakThreshold} and {@link dtCurve}: signal model and method (default 'statdim'). */
export interface WeakThresholdOptions {
  signal?: Signal;
  method?: CurveMethod;
}

/**
 * A point of the weak threshold (Gaussian A, n -> infinity) in both coordinates: delta = m/n,
 * rho = k/m and eps = k/n = rho delta.
 */
export interface WeakThresholdPoint {
  /** m/n. */
  delta: number;
  /** k/m at the transition (rho_W). */
  rho: number;
  /** k/n at the transition (eps = rho delta; psi(eps) = delta). */
  eps: number;
  /** Minimax AMP threshold multiplier = tau*(eps) (NaN for 'facecount', which does not produce it). */
  alpha: number;
}

const IB = new Float64Array(3);

/** psi(eps(tau)) - delta and eps(tau) along the stationarity curve. */
function alongTau(tau: number, c: number): { eps: number; psi: number } {
  const I = gaussIntegrals(tau, IB);
  const cI1 = c * I[1];
  const eps = cI1 / (tau + cI1);
  return { eps, psi: eps * (1 + tau * tau) + c * (1 - eps) * I[2] };
}

function statdimRoute(delta: number, signal: Signal): WeakThresholdPoint {
  if (delta === 1) return { delta, rho: 1, eps: 1, alpha: 0 };
  const c = signal === 'signed' ? 2 : 1;
  const f = (t: number) => alongTau(t, c).psi - delta;
  let hi = 1;
  while (f(hi) > 0) hi *= 2;
  const tau = brentRoot(f, 0, hi, { where: 'weakThreshold' });
  const eps = alongTau(tau, c).eps;
  return { delta, rho: eps / delta, eps, alpha: tau };
}

function checkMethod(where: string, m: unknown): CurveMethod {
  if (m === undefined) return 'statdim';
  if (m !== 'statdim' && m !== 'dmm' && m !== 'facecount') {
    throw new CandorError(where, 'method', "'statdim', 'dmm' or 'facecount'", describe(m));
  }
  return m;
}

/**
 * Weak threshold rho_W(delta) (k/m at the transition, Gaussian A, n -> inf) by the chosen route.
 * @example weakThreshold(0.2, { signal: 'nonneg', method: 'dmm' }).rho; // 0.32585962321647555
 */
export function weakThreshold(delta: number, opts: WeakThresholdOptions = {}): WeakThresholdPoint {
  const where = 'weakThreshold';
  checkRatio(where, 'delta', delta);
  const signal = checkSignal(where, opts.signal);
  const method = checkMethod(where, opts.method);
  if (method === 'statdim') return statdimRoute(delta, signal);
  if (method === 'dmm') {
    const r = dmmWeakThreshold(delta, signal);
    return { delta, rho: r.rho, eps: r.rho * delta, alpha: r.alpha };
  }
  const rho = faceCountWeakThreshold(delta, signal);
  return { delta, rho, eps: rho * delta, alpha: Number.NaN };
}

/**
 * The weak-threshold curve over a grid of delta ({@link dtCurve}): the fields of {@link WeakThresholdPoint}
 * as arrays.
 */
export interface DtCurve {
  delta: Float64Array;
  rho: Float64Array;
  eps: Float64Array;
  alpha: Float64Array;
}

/**
 * The DT-plane curve rho_W(delta) over a grid of delta in (0, 1].
 * @example dtCurve(Float64Array.from({ length: 99 }, (_, i) => (i + 1) / 100)).rho; // increasing
 */
export function dtCurve(deltas: ArrayLike<number>, opts: WeakThresholdOptions = {}): DtCurve {
  const where = 'dtCurve';
  const signal = checkSignal(where, opts.signal);
  const method = checkMethod(where, opts.method);
  const n = deltas.length;
  const out: DtCurve = {
    delta: new Float64Array(n),
    rho: new Float64Array(n),
    eps: new Float64Array(n),
    alpha: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const d = deltas[i];
    if (typeof d !== 'number' || !(d > 0 && d <= 1)) {
      throw new CandorError(where, 'delta', 'numbers in (0, 1]', `${describe(d)} at index ${i}`);
    }
    const p = weakThreshold(d, { signal, method });
    out.delta[i] = d;
    out.rho[i] = p.rho;
    out.eps[i] = p.eps;
    out.alpha[i] = p.alpha;
  }
  return out;
}

/**
 * The ALMT transition curve over a grid of rho = k/n ({@link almtCurve}): delta = psi(rho) and the
 * same points in Donoho-Tanner coordinates.
 */
export interface AlmtCurve {
  /** k/n. */
  rho: Float64Array;
  /** m/n at the transition: psi(rho). */
  delta: Float64Array;
  /** The same point in DT coordinates: k/m = rho/psi(rho). */
  rhoDT: Float64Array;
}

/**
 * The ALMT-plane curve delta = psi(rho) over a grid of rho = k/n in (0, 1].
 * @example almtCurve([0.05]).rhoDT; // Float64Array [0.2452184170211783]
 */
export function almtCurve(rhos: ArrayLike<number>, opts: { signal?: Signal } = {}): AlmtCurve {
  const where = 'almtCurve';
  const signal = checkSignal(where, opts.signal);
  const n = rhos.length;
  const out: AlmtCurve = { rho: new Float64Array(n), delta: new Float64Array(n), rhoDT: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = rhos[i];
    if (typeof r !== 'number' || !(r > 0 && r <= 1)) {
      throw new CandorError(where, 'rho', 'numbers in (0, 1]', `${describe(r)} at index ${i}`);
    }
    const p = l1Psi(r, signal);
    out.rho[i] = r;
    out.delta[i] = p;
    out.rhoDT[i] = r / p;
  }
  return out;
}
