/**
 * Approximate message passing theory (THEORY.md section 3; Donoho, Maleki & Montanari 2009 =
 * DMM; Bayati & Montanari 2011): soft-threshold risk, minimax threshold, state evolution, the DMM
 * closed form of the weak threshold, and the formal noise sensitivity. The AMP solver tunes its
 * threshold theta_t = alpha sigma^_t from `minimaxThreshold`.
 *
 * Soft threshold eta(u; theta) = sign(u)(|u| - theta)_+, Z ~ N(0, 1):
 *
 *     r(mu, lambda) = E(eta(mu + Z; lambda) - mu)^2
 *       = (1 + lambda^2)[Q(lambda - mu) + Q(lambda + mu)] + mu^2[Phi(lambda - mu) - Phi(-lambda - mu)]
 *         - (lambda + mu) phi(lambda - mu) - (lambda - mu) phi(lambda + mu),
 *
 * r(0, lambda) = 2 I_2(lambda), r(inf, lambda) = 1 + lambda^2. Positive soft threshold
 * (u - theta)_+ (nonnegative signals, mu >= 0): r+(mu, lambda) = I_2(lambda - mu)
 * - 2 mu I_1(lambda - mu) + mu^2, r+(0, lambda) = I_2(lambda).
 *
 * Minimax over eps-sparse priors: M(eps) = min_alpha {eps(1 + alpha^2) + (1 - eps) r(0, alpha)} =
 * psi(eps), attained at alpha = tau*(eps). DMM's closed form of the weak threshold:
 * rho_W(delta) = max_{z >= 0} [1 - (c/delta) I_2(z)] / [1 + z^2 - c I_2(z)], c = 2 (signed) or
 * 1 (nonneg), the maximiser being the minimax alpha.
 *
 * @example
 * import { softThresholdRisk, minimaxThreshold, dmmWeakThreshold } from './amp.ts';
 * softThresholdRisk(2, 1);        // 1.593130386654162
 * minimaxThreshold(0.1).alpha;    // 1.1401711458357424
 * dmmWeakThreshold(0.5).rho;      // 0.385689666181481
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import { brentMinimize, brentRoot } from '../core/special/roots.ts';
import { l1TauStar } from './statdim.ts';
import { gaussI, gaussIntegrals } from '../core/special/normal.ts';
import { checkRatio, checkSignal, type Signal } from './validate.ts';

const GI = new Float64Array(3);

/**
 * Positive soft-threshold risk r+(mu, lambda) = E((mu + Z - lambda)_+ - mu)^2 for mu >= 0,
 * lambda >= 0. Evaluated without cancellation: I_2(a) - 2 mu I_1(a) + mu^2 with a = lambda - mu
 * when mu <= lambda, else 1 + lambda^2 - I_2(b) - 2 mu I_1(b) with b = mu - lambda (using
 * I_1(-b) = b + I_1(b), I_2(-b) = 1 + b^2 - I_2(b)).
 * @example positiveSoftThresholdRisk(0, 1); // 0.07533978334377062 (= I_2(1))
 */
export function positiveSoftThresholdRisk(mu: number, lambda: number): number {
  if (mu === Infinity) return 1 + lambda * lambda;
  if (mu <= lambda) {
    const I = gaussIntegrals(lambda - mu, GI);
    return I[2] - 2 * mu * I[1] + mu * mu;
  }
  const I = gaussIntegrals(mu - lambda, GI);
  return 1 + lambda * lambda - I[2] - 2 * mu * I[1];
}

/**
 * Soft-threshold risk r(mu, lambda) = E(eta(mu + Z; lambda) - mu)^2 (even in mu, lambda >= 0),
 * evaluated as r+(|mu|, lambda) + I_2(lambda + |mu|) + 2|mu| I_1(lambda + |mu|), which equals the
 * closed form above term by term and keeps full accuracy for large |mu|.
 * @example softThresholdRisk(0, 1); // 0.15067956668754123 (= 2 I_2(1))
 */
export function softThresholdRisk(mu: number, lambda: number): number {
  const m = Math.abs(mu);
  if (m === Infinity) return 1 + lambda * lambda;
  const rp = positiveSoftThresholdRisk(m, lambda);
  const I = gaussIntegrals(lambda + m, GI);
  return rp + I[2] + 2 * m * I[1];
}

/**
 * Minimax threshold multiplier alpha and minimax risk M(eps) over eps-sparse priors
 * (M(eps) = psi(eps); alpha = tau*(eps)).
 * @example minimaxThreshold(0.05); // { alpha: 1.3983771246759593, risk: 0.20389985632964 }
 */
export function minimaxThreshold(eps: number, signal: Signal = 'signed'): { alpha: number; risk: number } {
  checkRatio('minimaxThreshold', 'eps', eps);
  signal = checkSignal('minimaxThreshold', signal);
  const alpha = l1TauStar(eps, signal);
  const r0 = signal === 'signed' ? softThresholdRisk(0, alpha) : positiveSoftThresholdRisk(0, alpha);
  return { alpha, risk: eps * (1 + alpha * alpha) + (1 - eps) * r0 };
}

function dmmRatio(z: number, delta: number, c: number): number {
  const i2 = c * gaussI(2, z);
  return (1 - i2 / delta) / (1 + z * z - i2);
}

/** d/dz of the DMM ratio, up to the positive factor 1/den^2 (I_2' = -2 I_1). */
function dmmSlope(z: number, delta: number, c: number): number {
  const i1 = c * gaussI(1, z);
  const i2 = c * gaussI(2, z);
  const num = 1 - i2 / delta;
  const den = 1 + z * z - i2;
  return ((2 * i1) / delta) * den - num * (2 * z + 2 * i1);
}

/**
 * Weak threshold rho_W(delta) (= k/m at the transition) by DMM's minimax formula, with the
 * maximising z (the minimax threshold alpha).
 * @example dmmWeakThreshold(0.5, 'nonneg'); // { rho: 0.5582276913141795, alpha: 0.5060544689891808 }
 */
export function dmmWeakThreshold(delta: number, signal: Signal = 'signed'): { rho: number; alpha: number } {
  const where = 'dmmWeakThreshold';
  checkRatio(where, 'delta', delta);
  signal = checkSignal(where, signal);
  if (delta === 1) return { rho: 1, alpha: 0 };
  const c = signal === 'signed' ? 2 : 1;
  // The ratio is negative while c I_2(z) > delta, positive after, -> 0 as z -> inf.
  let lo = 0;
  if (c * gaussI(2, 0) > delta) lo = brentRoot((z) => c * gaussI(2, z) - delta, 0, 40, { where });
  let hi = lo + 1;
  while (dmmSlope(hi, delta, c) > 0) hi *= 2;
  const coarse = brentMinimize((z) => -dmmRatio(z, delta, c), lo, hi, { where, xtol: 1e-10 });
  // Polish the maximiser on the stationarity equation (the value is already exact to ~eps).
  let z = coarse.x;
  let h = 1e-6 * Math.max(1, z);
  let a = Math.max(lo, z - h);
  let b = z + h;
  for (let i = 0; i < 60 && dmmSlope(a, delta, c) * dmmSlope(b, delta, c) > 0; i++) {
    h *= 4;
    a = Math.max(lo, z - h);
    b = z + h;
  }
  if (dmmSlope(a, delta, c) * dmmSlope(b, delta, c) <= 0) z = brentRoot((t) => dmmSlope(t, delta, c), a, b, { where });
  return { rho: Math.max(dmmRatio(z, delta, c), -coarse.fx), alpha: z };
}

/**
 * Formal noise sensitivity (DMM 2011): minimax MSE per coordinate over the noise variance,
 * M(rho delta)/(1 - M(rho delta)/delta) below the weak threshold, Infinity at or above it.
 * @example noiseSensitivity(0.5, 0.1); // 0.3443089452814248
 */
export function noiseSensitivity(delta: number, rho: number, signal: Signal = 'signed'): number {
  checkRatio('noiseSensitivity', 'delta', delta);
  checkRatio('noiseSensitivity', 'rho', rho);
  const { risk } = minimaxThreshold(rho * delta, signal);
  const f = risk / delta;
  return f < 1 ? risk / (1 - f) : Number.POSITIVE_INFINITY;
}

/**
 * Options of {@link stateEvolution}: delta = m/n, the threshold multiplier, the empirical prior, the noise.
 */
export interface StateEvolutionOptions {
  /** Undersampling ratio m/n. */
  delta: number;
  /** Threshold multiplier (theta_t = alpha sigma_t). */
  alpha: number;
  /** Empirical law of x0: its entries (uniform weights). */
  prior: ArrayLike<number>;
  /** Noise variance sigma_w^2 (default 0, noiseless). */
  sigma2w?: number;
  /** Starting sigma_0^2 (default sigma_w^2 + mean(x0^2)/delta, i.e. x^0 = 0). */
  sigma2Start?: number;
  /** Number of iterations (default 20). */
  iterations?: number;
  signal?: Signal;
}

/**
 * State evolution sigma_{t+1}^2 = sigma_w^2 + (sigma_t^2/delta) E r(X/sigma_t, alpha), X ~ the
 * empirical prior. Returns [sigma_0^2, ..., sigma_T^2] (T = iterations).
 * @example stateEvolution({ delta: 0.5, alpha: 1.1401711458357413, prior: [1e6, 0, 0, 0, 0, 0, 0, 0, 0, 0], sigma2Start: 1, iterations: 2 });
 * // [1, 0.6575870109072599, 0.43242067691394476]
 */
export function stateEvolution(opts: StateEvolutionOptions): Float64Array {
  const where = 'stateEvolution';
  const delta = checkRatio(where, 'delta', opts.delta);
  const alpha = checkNumber(where, 'alpha', opts.alpha, 0);
  const sigma2w = checkNumber(where, 'sigma2w', opts.sigma2w ?? 0, 0);
  const iters = checkInt(where, 'iterations', opts.iterations ?? 20, 0);
  const signal = checkSignal(where, opts.signal);
  const x = opts.prior;
  if (!x || typeof x.length !== 'number' || x.length === 0) {
    throw new CandorError(where, 'prior', 'a non-empty array of values', describe(x));
  }
  let ms = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v) || (signal === 'nonneg' && v < 0)) {
      const want = signal === 'nonneg' ? 'finite nonnegative values' : 'finite values';
      throw new CandorError(where, 'prior', want, `${describe(v)} at index ${i}`);
    }
    ms += v * v;
  }
  ms /= x.length;
  const s0 = opts.sigma2Start ?? sigma2w + ms / delta;
  checkNumber(where, 'sigma2Start', s0, 0);
  const out = new Float64Array(iters + 1);
  out[0] = s0;
  const risk = signal === 'signed' ? softThresholdRisk : positiveSoftThresholdRisk;
  for (let t = 0; t < iters; t++) {
    const s2 = out[t];
    if (s2 === 0) {
      out[t + 1] = sigma2w;
      continue;
    }
    const s = Math.sqrt(s2);
    let er = 0;
    for (let i = 0; i < x.length; i++) er += risk(x[i] / s, alpha);
    out[t + 1] = sigma2w + (s2 / delta) * (er / x.length);
  }
  return out;
}
