/**
 * Exact (finite-n) statistical dimension delta and transition width sigma of the l1 descent cone
 * by Monte Carlo (THEORY.md section 1, "Exact delta, sigma by Monte Carlo").
 *
 * Per sample g ~ N(0, I_n) (signs absorbed): c = sum_S g_i; a_1 >= a_2 >= ... the sorted |g_j|,
 * j not in S (nonneg: max(g_j, 0)); A_j = a_1 + ... + a_j. The function
 * h(tau) = sum_S (g_i - tau)^2 + sum_j (a_j - tau)_+^2 is convex piecewise quadratic; with
 * D_j = (k + j - 1) a_j - c - A_{j-1} (non-increasing) and J = #{j : D_j > 0}, its minimiser is
 * tau^ = max(0, (c + A_J)/(k + J)) and ||Pi_D g||^2 = h(tau^). delta = E h(tau^), estimated with
 * sum_S g_i^2 replaced by its mean k (unbiased, less variance); by the chi-bar-squared identity
 * (McCoy & Tropp 2014) the intrinsic-volume variance is sigma^2 = Var ||Pi_D g||^2 - 2 delta.
 *
 * The generator is passed in (seeded); anything with `normal()` or `fillNormal(out)`, or a bare
 * `() => number` callback, works.
 *
 * @example
 * import { l1StatdimMonteCarlo } from './statdim-mc.ts';
 * const r = l1StatdimMonteCarlo({ n: 200, k: 20, samples: 20000, normal: rng });
 * r.delta; // ~65.16 (+- r.se), below 200 psi(0.1) = 65.76
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { checkSignal, checkSizes, type Signal } from './validate.ts';

/** A seeded source of standard normal variates. */
export type NormalSource =
  | {
      /** One standard normal variate. */
      normal(): number;
    }
  | {
      /** Fills `out` with standard normal variates. */
      fillNormal(out: Float64Array): unknown;
    }
  | (() => number);

/**
 * Options of {@link l1StatdimMonteCarlo}: (n, k), the signal model, the sample count and a seeded normal
 * source.
 */
export interface MonteCarloOptions {
  n: number;
  k: number;
  signal?: Signal;
  /** Number of Gaussian samples (default 10000). */
  samples?: number;
  /** Seeded normal generator. */
  normal: NormalSource;
}

/**
 * Monte Carlo estimate of the exact statistical dimension of the l1 descent cone,
 * delta = E ||Pi_D g||^2, and of the transition width, with standard errors ({@link l1StatdimMonteCarlo}).
 */
export interface MonteCarloResult {
  /** Estimated exact statistical dimension E ||Pi_D g||^2. */
  delta: number;
  /** Its standard error. */
  se: number;
  /** Estimated intrinsic-volume standard deviation sqrt(Var ||Pi_D g||^2 - 2 delta) (0 if negative). */
  sigma: number;
  /** Standard error of sigma (delta method on the sample variance). */
  sigmaSe: number;
  /** Mean of the minimising threshold tau^. */
  tauMean: number;
  samples: number;
}

/** Turns any accepted source into a fill function (throws for anything else). */
export function normalFiller(where: string, src: unknown): (out: Float64Array) => void {
  if (typeof src === 'function') {
    const f = src as () => number;
    return (out) => {
      for (let i = 0; i < out.length; i++) out[i] = f();
    };
  }
  if (src && typeof (src as { fillNormal?: unknown }).fillNormal === 'function') {
    const s = src as { fillNormal(o: Float64Array): unknown };
    return (out) => {
      s.fillNormal(out);
    };
  }
  if (src && typeof (src as { normal?: unknown }).normal === 'function') {
    const s = src as { normal(): number };
    return (out) => {
      for (let i = 0; i < out.length; i++) out[i] = s.normal();
    };
  }
  throw new CandorError(where, 'normal', 'a generator with normal() or fillNormal(out), or a function', describe(src));
}

/**
 * Monte Carlo estimate of the exact l1 (or nonnegative) statistical dimension and the transition
 * width at (n, k), from a seeded normal generator.
 */
export function l1StatdimMonteCarlo(opts: MonteCarloOptions): MonteCarloResult {
  const where = 'l1StatdimMonteCarlo';
  const { n, k } = opts;
  checkSizes(where, n, k);
  const signal = checkSignal(where, opts.signal);
  const samples = checkInt(where, 'samples', opts.samples ?? 10000, 2);
  const g = new Float64Array(n);
  const a = new Float64Array(n - k);
  const fill = normalFiller(where, opts.normal);
  let sumR = 0; // variance-reduced values
  let sumR2 = 0;
  let meanF = 0; // full values: Welford mean, M2, and fourth central moment via raw sums
  let m2F = 0;
  const full = new Float64Array(samples);
  let sumTau = 0;
  for (let s = 0; s < samples; s++) {
    fill(g);
    let c = 0;
    let sq = 0;
    for (let i = 0; i < k; i++) {
      c += g[i];
      sq += g[i] * g[i];
    }
    const m = n - k;
    if (signal === 'signed') for (let j = 0; j < m; j++) a[j] = Math.abs(g[k + j]);
    else for (let j = 0; j < m; j++) a[j] = g[k + j] > 0 ? g[k + j] : 0;
    a.sort(); // ascending: a_1 = a[m - 1]
    // J = #{j : D_j > 0}, D_j = (k + j - 1) a_j - c - A_{j-1}
    let A = 0;
    let J = 0;
    for (let j = 1; j <= m; j++) {
      const aj = a[m - j];
      if ((k + j - 1) * aj - c - A > 0) {
        A += aj;
        J = j;
      } else break;
    }
    let tau = (c + A) / (k + J);
    if (tau < 0) tau = 0;
    let rest = 0;
    for (let j = m - 1; j >= 0; j--) {
      const d = a[j] - tau;
      if (d <= 0) break;
      rest += d * d;
    }
    const common = -2 * tau * c + k * tau * tau + rest;
    const vr = k + common;
    const vf = sq + common;
    sumR += vr;
    sumR2 += vr * vr;
    full[s] = vf;
    const dlt = vf - meanF;
    meanF += dlt / (s + 1);
    m2F += dlt * (vf - meanF);
    sumTau += tau;
  }
  const delta = sumR / samples;
  const varR = Math.max(0, (sumR2 - samples * delta * delta) / (samples - 1));
  const varF = m2F / (samples - 1);
  let m4 = 0;
  for (let s = 0; s < samples; s++) {
    const d = full[s] - meanF;
    m4 += d * d * d * d;
  }
  m4 /= samples;
  const sigma2 = varF - 2 * delta;
  const sigma = sigma2 > 0 ? Math.sqrt(sigma2) : 0;
  const seVar = Math.sqrt(Math.max(0, m4 - varF * varF) / samples);
  return {
    delta,
    se: Math.sqrt(varR / samples),
    sigma,
    sigmaSe: sigma > 0 ? seVar / (2 * sigma) : Number.POSITIVE_INFINITY,
    tauMean: sumTau / samples,
    samples,
  };
}
