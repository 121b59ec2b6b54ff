/**
 * Analysis of a phase-transition sweep, as Donoho and Tanner did it:
 *
 * - per cell: success rate with its 95% Wilson score interval (Wilson 1927);
 * - per delta: the 50% transition along rho by logistic regression of success on rho,
 *   logit P = a + b (rho - rho_mid), fitted by maximum likelihood with Firth's bias reduction
 *   (Firth 1993), which stays finite when the grid separates successes from failures;
 *   rho50 = rho_mid - a/b, its 95% interval by the delta method, and the 10%-90% width 2 ln 9/|b|;
 * - against theory: the asymptotic weak threshold rho_W(delta) (THEORY.md section 3), the finite-n
 *   50% point (m + 1/2 = n psi(k/n), section 1) and the predicted transition width in rho
 *   (sigma / (m psi'(k/n))), giving the deviation in rho and in units of that width.
 *
 * References: Donoho & Tanner, "Observed universality of phase transitions...", Phil. Trans. R. Soc.
 * A 2009; Firth, "Bias reduction of maximum likelihood estimates", Biometrika 1993.
 *
 * @example
 * import { wilson } from './analysis.ts';
 * wilson(10, 20); // [0.2993..., 0.7006...]
 */
import { l1Psi, l1Sigma } from '../predict/statdim.ts';
import { weakThreshold } from '../predict/transition.ts';
import type { Cell, SweepSpec } from './spec.ts';

/**
 * Per-cell statistics of a phase-transition sweep: trials, successes, success rate with its 95%
 * Wilson interval [lo, hi], and the median relative error.
 */
export interface CellStats {
  index: number;
  delta: number;
  rho: number;
  m: number;
  k: number;
  trials: number;
  successes: number;
  rate: number;
  lo: number;
  hi: number;
  medianError: number;
}

/**
 * The transition along rho at one delta: the fitted 50% point with its 95% interval and 10%-90%
 * width, against the asymptotic weak threshold rho_W(delta) and the finite-n prediction.
 */
export interface TransitionPoint {
  delta: number;
  m: number;
  /** Empirical 50% point in rho = k/m (null when the column is all success or all failure). */
  rho50: number | null;
  rho50Lo: number | null;
  rho50Hi: number | null;
  /** Empirical 10%-90% width in rho. */
  width: number | null;
  /** Why rho50 is null, when it is. */
  note?: string;
  theoryRho: number;
  /** Finite-n prediction of the 50% point, m + 1/2 = n psi(k/n). */
  finiteRho: number;
  /** Predicted standard deviation of the transition along rho (Gaussian theory). */
  predictedSd: number;
}

/** The fitted transition of every delta of a sweep and its deviation from the weak threshold rho_W over the delta range considered. */
export interface TransitionSummary {
  points: TransitionPoint[];
  /** Over deltas in [lo, hi] with a fitted rho50: max and mean |rho50 - rho_W|, and max in predicted-sd units. */
  range: [number, number];
  maxDeviation: number | null;
  meanDeviation: number | null;
  maxDeviationInSd: number | null;
  fitted: number;
  considered: number;
}

const Z95 = 1.959963984540054;

/** 95% (or z) Wilson score interval for s successes in n trials. */
export function wilson(s: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = s / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const c = (p + z2 / (2 * n)) / den;
  const h = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/** Per-cell statistics from trial rows. */
export function cellStats(spec: SweepSpec & { cells: Cell[] }, trials: readonly { cell: number; success: boolean; error: number }[]): CellStats[] {
  const errs: number[][] = spec.cells.map(() => []);
  const succ = new Float64Array(spec.cells.length);
  for (const t of trials) {
    errs[t.cell].push(t.error);
    if (t.success) succ[t.cell]++;
  }
  return spec.cells.map((c) => {
    const n = errs[c.index].length;
    const e = errs[c.index].sort((a, b) => a - b);
    const [lo, hi] = wilson(succ[c.index], n);
    return {
      index: c.index,
      delta: c.delta,
      rho: c.rho,
      m: c.m,
      k: c.k,
      trials: n,
      successes: succ[c.index],
      rate: n ? succ[c.index] / n : Number.NaN,
      lo,
      hi,
      medianError: n ? (n % 2 ? e[(n - 1) / 2] : 0.5 * (e[n / 2 - 1] + e[n / 2])) : Number.NaN,
    };
  });
}

/**
 * Firth-penalised logistic regression of grouped binomial data on one covariate:
 * returns (a, b) for logit p = a + b x and their covariance.
 */
export function logisticFit(x: readonly number[], s: readonly number[], n: readonly number[]): { a: number; b: number; cov: [number, number, number]; iterations: number } {
  let a = 0;
  let b = 0;
  let cov: [number, number, number] = [Number.NaN, Number.NaN, Number.NaN];
  let it = 0;
  for (; it < 200; it++) {
    // Fisher information I = X^T W X with W = n p (1 - p)
    let i00 = 0;
    let i01 = 0;
    let i11 = 0;
    const p = x.map((xi) => 1 / (1 + Math.exp(-(a + b * xi))));
    const w = p.map((pi, j) => n[j] * pi * (1 - pi));
    for (let j = 0; j < x.length; j++) {
      i00 += w[j];
      i01 += w[j] * x[j];
      i11 += w[j] * x[j] * x[j];
    }
    const det = i00 * i11 - i01 * i01;
    if (!(det > 0)) break;
    const inv: [number, number, number] = [i11 / det, -i01 / det, i00 / det];
    cov = inv;
    // Firth-modified score: X^T (s - n p + h (1/2 - p)), h_j = w_j x_j^T I^-1 x_j
    let u0 = 0;
    let u1 = 0;
    for (let j = 0; j < x.length; j++) {
      const h = w[j] * (inv[0] + 2 * inv[1] * x[j] + inv[2] * x[j] * x[j]);
      const r = s[j] - n[j] * p[j] + h * (0.5 - p[j]);
      u0 += r;
      u1 += r * x[j];
    }
    const da = inv[0] * u0 + inv[1] * u1;
    const db = inv[1] * u0 + inv[2] * u1;
    // damped Newton step
    const scale = Math.min(1, 5 / Math.max(Math.abs(da), Math.abs(db) * 0.1, 1e-300));
    a += scale * da;
    b += scale * db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-8 * Math.max(1, Math.abs(b))) break;
  }
  return { a, b, cov, iterations: it };
}

/** psi'(rho) by a central difference (psi is smooth on (0, 1)). */
function psiPrime(r: number, signal: 'signed' | 'nonneg'): number {
  const h = Math.min(1e-5, r / 4, (1 - r) / 4);
  return (l1Psi(r + h, signal) - l1Psi(r - h, signal)) / (2 * h);
}

/** k (continuous) with n psi(k/n) = target, by bisection on psi's monotonicity. */
function invertPsi(n: number, target: number, signal: 'signed' | 'nonneg'): number {
  let lo = 1e-12;
  let hi = 1 - 1e-12;
  const t = target / n;
  if (t >= 1) return n;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (l1Psi(mid, signal) < t) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi) * n;
}

/** The fitted 50% transition for every delta of a sweep, and its deviation from theory. */
export function transition(spec: SweepSpec & { cells: Cell[] }, stats: readonly CellStats[], range: [number, number] = [0.1, 0.9]): TransitionSummary {
  const signal = spec.signal === 'nonneg' ? 'nonneg' : 'signed';
  const points: TransitionPoint[] = [];
  for (let i = 0; i < spec.delta.length; i++) {
    const col = stats.filter((c) => spec.cells[c.index].i === i && c.trials > 0);
    const delta = spec.delta[i];
    const m = col.length ? col[0].m : Math.round(delta * spec.n);
    const theoryRho = delta < 1 ? weakThreshold(delta, { signal }).rho : 1;
    const k50 = invertPsi(spec.n, m + 0.5, signal);
    const finiteRho = k50 / m;
    const sigma = k50 >= 1 && k50 < spec.n ? l1Sigma(spec.n, Math.max(1, Math.round(k50)), signal) : Number.NaN;
    const predictedSd = sigma / (m * psiPrime(Math.min(Math.max(k50 / spec.n, 1e-6), 1 - 1e-6), signal));
    const base = { delta, m, theoryRho, finiteRho, predictedSd };
    const s = col.map((c) => c.successes);
    const n = col.map((c) => c.trials);
    const total = s.reduce((p, v) => p + v, 0);
    const trials = n.reduce((p, v) => p + v, 0);
    if (col.length < 2 || total === 0 || total === trials) {
      const note = col.length < 2 ? 'fewer than two rho values' : total === 0 ? 'no successes in this column: the transition lies below the rho grid' : 'all trials succeeded: the transition lies above the rho grid';
      points.push({ ...base, rho50: null, rho50Lo: null, rho50Hi: null, width: null, note });
      continue;
    }
    const xs = col.map((c) => c.rho);
    const mid = xs.reduce((p, v) => p + v, 0) / xs.length;
    const fit = logisticFit(
      xs.map((v) => v - mid),
      s,
      n,
    );
    if (!(fit.b < 0)) {
      points.push({ ...base, rho50: null, rho50Lo: null, rho50Hi: null, width: null, note: 'success does not decrease with rho in this column' });
      continue;
    }
    const r50 = mid - fit.a / fit.b;
    // delta method: g = -a/b, grad = (-1/b, a/b^2)
    const ga = -1 / fit.b;
    const gb = fit.a / (fit.b * fit.b);
    const v = ga * ga * fit.cov[0] + 2 * ga * gb * fit.cov[1] + gb * gb * fit.cov[2];
    const se = Math.sqrt(Math.max(v, 0));
    points.push({ ...base, rho50: r50, rho50Lo: r50 - Z95 * se, rho50Hi: r50 + Z95 * se, width: (2 * Math.log(9)) / Math.abs(fit.b) });
  }
  const inRange = points.filter((p) => p.delta >= range[0] - 1e-12 && p.delta <= range[1] + 1e-12);
  const fitted = inRange.filter((p) => p.rho50 !== null);
  const dev = fitted.map((p) => Math.abs((p.rho50 as number) - p.theoryRho));
  const devSd = fitted.map((p) => Math.abs((p.rho50 as number) - p.theoryRho) / p.predictedSd).filter(Number.isFinite);
  return {
    points,
    range,
    maxDeviation: dev.length ? Math.max(...dev) : null,
    meanDeviation: dev.length ? dev.reduce((a, b) => a + b, 0) / dev.length : null,
    maxDeviationInSd: devSd.length ? Math.max(...devSd) : null,
    fitted: fitted.length,
    considered: inRange.length,
  };
}
