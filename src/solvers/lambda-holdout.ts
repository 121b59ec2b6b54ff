/**
 * Rule 'cv' of ./lambda-choice.ts: an estimate of the IMAGE error of a penalised reconstruction
 * under undersampling, from a hold-out. A seeded random fraction f of the measurement units (a
 * unit: one k-space location, across all coils for SENSE) is held out; the warm-started path runs
 * on the kept units K only, giving x'_lambda, and (with a second, probe chain on the kept data, as
 * for SURE) the image error of x'_lambda is estimated in three parts of k-space:
 *
 *     E(lambda) = SURE_K                                   (kept samples: Stein, as rule 'sure')
 *               + sum_{u in H} w_u (|r_u|^2 - n_u sigma^2)  (held-out and never acquired samples)
 *
 *     SURE_K = ||r_K||^2 - N_K tau^2 + 2 tau^2 df_K,   df_K = b_K^T (A x'(y + eps b) - A x'(y))_K / eps
 *     w_u    = 1 + (1 - p_u) / (f p_u),                p_u the sampling density at the unit
 *
 * r = A x' - y; n_u the samples of unit u, sigma^2 the noise variance per sample (2 tau^2 complex).
 * A held-out unit is not in x's data, so |r_u|^2 - n_u sigma^2 estimates its squared error
 * (unbiased); it also stands for the never-acquired locations nearby: held-out units are drawn
 * from the acquired ones, i.e. with density f p, and the unacquired ones have density 1 - p, hence
 * the Horvitz-Thompson weight (1 - p) / (f p). With a co-isometry A (Cartesian MRI: A = S F, F
 * unitary) the k-space errors add up to the image error (Parseval): E estimates ||x' - x0||^2.
 *
 * Why: SURE and GCV (and their projected / GSURE forms) estimate the error in the range of A^H.
 * For a Cartesian mask A^H A is the projection onto the acquired frequencies, so the projected
 * risk ||P (x - x0)||^2 IS the prediction risk ||A (x - x0)||^2: neither sees the unobserved
 * k-space, where most of the image error of an undersampled reconstruction lies (measured on the
 * 128 x 128 phantom at R = 4, 20 dB: 9.5 of 11.8 at the best weight; docs/lambda.md).
 *
 * The estimate is for x' (from (1 - f) of the data); the final reconstruction uses all of it at
 * the chosen weight (a weight shift for the sample count can be given, `holdoutShift`, if
 * calibrated; default none).
 *
 * References: Stone, J. R. Statist. Soc. B 36 (1974) 111 (cross-validation); Ward, "Compressed
 * sensing with cross validation", IEEE Trans. Inf. Theory 55 (2009) 5773 (held-out measurements
 * estimate the error of a compressed-sensing reconstruction); Horvitz & Thompson, JASA 47 (1952)
 * 663 (inverse-probability weights); Ramani, Blu & Unser, IEEE TIP 17 (2008) 1540 (Monte-Carlo
 * SURE); Ramani, Liu, Rosen, Nielsen & Fessler, IEEE TIP 21 (2012) 3659 (SURE / GCV for
 * undersampled MRI: the prediction risk).
 *
 * @example
 * import { holdoutUnits, holdoutRisk } from './lambda-holdout.ts';
 * const hold = holdoutUnits(100, 0.15, 0);          // 15 of 100 units held out (seeded)
 * // holdoutRisk({ y, fit, fitProbe, probe, eps, complex: true, tau, hold, unitOf, weights })
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import { createRng } from '../core/rng/index.ts';
import type { PathSolution } from './lambda-choice.ts';

/** What a family provides to be cross-validated (see the file comment). */
export interface HoldoutSupport {
  /** Number of hold-out units (k-space locations, samples). */
  units: number;
  /** The unit of each data sample (complex samples for complex data), length m. */
  unitOf: Uint32Array;
  /** Sampling density p in (0, 1] per unit (default 1: every location acquired, no unobserved part). */
  density?: Float64Array;
  /** Reconstruct at `lambda` from `data` restricted to the units with keep[u] = 1; fit = A x on ALL samples. */
  solve(lambda: number, data: Float64Array, keep: Uint8Array, x0: Float64Array | null): PathSolution;
}

/** Defaults: 15% of the units held out, seed 0. */
export const HOLDOUT_DEFAULTS = Object.freeze({ fraction: 0.15, seed: 0 });

/** 1 for the round(fraction units) held-out units (seeded, uniform without replacement), else 0. */
export function holdoutUnits(units: number, fraction: number, seed: number): Uint8Array {
  const where = 'holdoutUnits';
  checkInt(where, 'units', units, 2);
  checkNumber(where, 'fraction', fraction, 0, 0.5);
  const k = Math.round(fraction * units);
  if (k < 1) throw new CandorError(where, 'fraction', `at least one held-out unit of ${units}`, `${fraction} (${k} units)`);
  const idx = createRng(checkInt(where, 'seed', seed, 0), 0x686f6c64).sampleWithoutReplacement(units, k, new Int32Array(k));
  const hold = new Uint8Array(units);
  for (let i = 0; i < k; i++) hold[idx[i]] = 1;
  return hold;
}

/** The weight of each held-out unit, 1 + (1 - p) / (f p) (see the file comment); 0 for kept units. */
export function holdoutWeights(hold: Uint8Array, fraction: number, density?: Float64Array): Float64Array {
  const w = new Float64Array(hold.length);
  for (let u = 0; u < hold.length; u++) {
    if (!hold[u]) continue;
    const p = density ? density[u] : 1;
    w[u] = 1 + (1 - p) / (fraction * p);
  }
  return w;
}

/** Inputs of {@link holdoutRisk}. */
export interface HoldoutRiskInput {
  y: Float64Array;
  /** A x' and A x'(y + eps b), all samples. */
  fit: Float64Array;
  fitProbe: Float64Array;
  /** The probe b (all samples; only the kept ones count) and its amplitude. */
  probe: Float64Array;
  eps: number;
  complex: boolean;
  /** Noise std per real component. */
  tau: number;
  hold: Uint8Array;
  unitOf: Uint32Array;
  /** Per unit (holdoutWeights). */
  weights: Float64Array;
}

/** E = SURE_K + the weighted held-out error (see the file comment), and its parts. */
export function holdoutRisk(o: HoldoutRiskInput): { total: number; sureKept: number; heldOut: number; heldOutSe: number; dfKept: number; residualKept: number } {
  const where = 'holdoutRisk';
  const { y, fit, fitProbe, probe, eps, hold, unitOf, weights, tau } = o;
  for (const [name, v] of [['fit', fit], ['fitProbe', fitProbe], ['probe', probe]] as const) {
    if (!(v instanceof Float64Array) || v.length !== y.length) throw new CandorError(where, name, `${y.length} values (like y)`, describe(v));
  }
  const c = o.complex ? 2 : 1;
  const m = y.length / c;
  if (unitOf.length !== m) throw new CandorError(where, 'unitOf', `${m} entries (one per sample)`, `${unitOf.length}`);
  if (weights.length !== hold.length) throw new CandorError(where, 'weights', `${hold.length} entries (one per unit)`, `${weights.length}`);
  let rK = 0;
  let nK = 0;
  let d = 0;
  let held = 0;
  // per held-out unit t_u = w_u (|r_u|^2 - n_u sigma^2), for the standard error of their sum
  const t = new Float64Array(hold.length);
  let nH = 0;
  for (let j = 0; j < m; j++) {
    const u = unitOf[j];
    if (u >= hold.length) throw new CandorError(where, `unitOf[${j}]`, `a unit < ${hold.length}`, String(u));
    let r2 = 0;
    for (let t = c * j; t < c * j + c; t++) r2 += (fit[t] - y[t]) ** 2;
    if (hold[u]) {
      const v = weights[u] * (r2 - c * tau * tau);
      held += v;
      t[u] += v;
    } else {
      rK += r2;
      nK += c;
      for (let t = c * j; t < c * j + c; t++) d += probe[t] * (fitProbe[t] - fit[t]);
    }
  }
  const dfKept = d / eps;
  const sureKept = rK - nK * tau * tau + 2 * tau * tau * dfKept;
  // the held-out units as a sample: SE of the sum = sqrt(nH) sd(t_u)
  let mean = 0;
  for (let u = 0; u < hold.length; u++) {
    if (!hold[u]) continue;
    nH++;
    mean += t[u];
  }
  mean /= Math.max(1, nH);
  let ss = 0;
  for (let u = 0; u < hold.length; u++) if (hold[u]) ss += (t[u] - mean) ** 2;
  const heldOutSe = nH > 1 ? Math.sqrt((nH * ss) / (nH - 1)) : Number.NaN;
  return { total: sureKept + held, sureKept, heldOut: held, heldOutSe, dfKept, residualKept: Math.sqrt(rK) };
}

/** Checks a family's hold-out support (sizes, densities in (0, 1]). */
export function checkHoldout(where: string, h: HoldoutSupport | undefined, m: number): HoldoutSupport {
  if (!h || typeof h.solve !== 'function' || !(h.unitOf instanceof Uint32Array)) {
    throw new CandorError(where, 'family.holdout', "hold-out support { units, unitOf, solve(lambda, data, keep, x0) } for the rule 'cv'", describe(h));
  }
  checkInt(where, 'holdout.units', h.units, 2);
  if (h.unitOf.length !== m) throw new CandorError(where, 'holdout.unitOf', `${m} entries (one per sample)`, `${h.unitOf.length}`);
  if (h.density) {
    if (h.density.length !== h.units) throw new CandorError(where, 'holdout.density', `${h.units} entries (one per unit)`, `${h.density.length}`);
    for (let u = 0; u < h.units; u++) checkNumber(where, `holdout.density[${u}]`, h.density[u], Number.MIN_VALUE, 1);
  }
  return h;
}
