/**
 * Analysis of a structured phase-transition sweep (./levels-kind.ts) against the phase transition
 * in levels (../predict/levels-se.ts):
 *
 * - per cell: success rate and its 95% Wilson interval;
 * - the empirical 50% surface: for every (fraction, profile) the rho of 50% success, by the
 *   Firth-penalised logistic fit of ./analysis.ts along rho, with its 95% interval;
 * - the prediction: the pattern statistics of the drawn patterns (the sampled share of every
 *   radial k-space band, averaged over the masks of the first trials) and the sparsities in levels
 *   give the spectral radius rho(K) of the linearised state evolution; theory predicts success
 *   below rho(K) = 1. A calibration `logit P = a + b log rho(K)` (to be fitted on other sweeps;
 *   none is shipped yet) turns it into a success probability; the predicted 50% rho is where
 *   log rho(K) = -a/b (theory: 0).
 *
 * @example
 * import { levelsCellStats, levelsSurface } from './levels-analysis.ts';
 * // const stats = levelsCellStats(spec, results); levelsSurface(spec, stats)[0].rho50
 */
import { CandorError } from '../core/errors.ts';
import { radialBands } from '../predict/levels.ts';
import { fourierCoupling, type LevelsCoupling, levelsTransition } from '../predict/levels-se.ts';
import { fourierWaveletSpectra } from '../predict/local-coherence.ts';
import { logisticFit, wilson } from './analysis.ts';
import { levelsCell, type LevelsSweepSpec, type LevelsTaskResult, type SamplingFamilies } from './levels-kind.ts';

/**
 * Per-cell statistics of a levels sweep: cell coordinates (fraction, profile, rho, sparsity per
 * level), trials, successes, and success rate with its 95% Wilson interval [lo, hi].
 */
export interface LevelsCellStats {
  index: number;
  fraction: number;
  profile: number;
  rho: number;
  sparsity: number[];
  trials: number;
  successes: number;
  rate: number;
  lo: number;
  hi: number;
}

/** Counts trials and successes per cell of a levels sweep (cells the results do not reach have 0 trials and rate NaN). */
export function levelsCellStats(spec: LevelsSweepSpec, results: readonly Pick<LevelsTaskResult, 'cell' | 'success'>[]): LevelsCellStats[] {
  const cells = spec.fractions.length * spec.profiles.length * spec.rho.length;
  const n = new Float64Array(cells);
  const s = new Float64Array(cells);
  for (const r of results) {
    n[r.cell]++;
    if (r.success) s[r.cell]++;
  }
  return Array.from({ length: cells }, (_, i) => {
    const c = levelsCell(spec, i);
    const [lo, hi] = wilson(s[i], n[i]);
    return { index: i, fraction: c.fraction, profile: c.profile, rho: c.rho, sparsity: c.sparsity, trials: n[i], successes: s[i], rate: n[i] ? s[i] / n[i] : Number.NaN, lo, hi };
  });
}

/** The empirical 50% point in rho of one (fraction, profile) column of a levels sweep. */
export interface LevelsSurfacePoint {
  fraction: number;
  profile: number;
  /** Empirical rho of 50% success and its 95% interval (null when the column does not cross 50%). */
  rho50: number | null;
  lo: number | null;
  hi: number | null;
  note?: string;
}

const Z95 = 1.959963984540054;

/** The empirical 50% surface: rho50 per (fraction, profile). */
export function levelsSurface(spec: LevelsSweepSpec, stats: readonly LevelsCellStats[]): LevelsSurfacePoint[] {
  const out: LevelsSurfacePoint[] = [];
  for (const fraction of spec.fractions) {
    for (let p = 0; p < spec.profiles.length; p++) {
      const col = stats.filter((c) => c.fraction === fraction && c.profile === p && c.trials > 0);
      const succ = col.reduce((a, c) => a + c.successes, 0);
      const tot = col.reduce((a, c) => a + c.trials, 0);
      if (col.length < 2 || succ === 0 || succ === tot) {
        const note = col.length < 2 ? 'fewer than two rho values' : succ === 0 ? 'no successes: below the rho grid' : 'all succeeded: above the rho grid';
        out.push({ fraction, profile: p, rho50: null, lo: null, hi: null, note });
        continue;
      }
      const xs = col.map((c) => c.rho);
      const mid = xs.reduce((a, v) => a + v, 0) / xs.length;
      const fit = logisticFit(
        xs.map((v) => v - mid),
        col.map((c) => c.successes),
        col.map((c) => c.trials),
      );
      if (!(fit.b < 0)) {
        out.push({ fraction, profile: p, rho50: null, lo: null, hi: null, note: 'success does not fall with rho' });
        continue;
      }
      const r50 = mid - fit.a / fit.b;
      const ga = -1 / fit.b;
      const gb = fit.a / (fit.b * fit.b);
      const se = Math.sqrt(Math.max(0, ga * ga * fit.cov[0] + 2 * ga * gb * fit.cov[1] + gb * gb * fit.cov[2]));
      out.push({ fraction, profile: p, rho50: r50, lo: r50 - Z95 * se, hi: r50 + Z95 * se });
    }
  }
  return out;
}

/** Rings of the pattern statistics (radial bands of the centred grid). */
export const LEVELS_PREDICT_RINGS = 24;

/** A calibration of the transition: logit P(success) = a + b log rho(K). */
export interface TransitionCalibration {
  a: number;
  b: number;
  provenance: string;
}

/**
 * Predicted success of a levels sweep: the sampled share of each k-space band per fraction and the
 * coupling of the bands with the wavelet's levels give rho(K) per cell; success is the theory's
 * step at rho(K) = 1, or calibrated when a calibration is given.
 */
export interface LevelsPredictor {
  coupling: LevelsCoupling;
  /** Sampled share of every band, per fraction of the spec (mean over the patterns measured). */
  bandFractions: Map<number, Float64Array>;
  /** rho(K) for a cell. */
  radius(fraction: number, sparsity: readonly number[]): number;
  /** Success probability (calibrated when a calibration is given; else the theory's step at rho(K) = 1). */
  probability(fraction: number, sparsity: readonly number[]): number;
  /** The rho of 50% predicted success for a fraction and profile (null outside (0, 1]). */
  rho50(fraction: number, profile: readonly number[]): number | null;
}

/**
 * The predictor of a sweep: pattern statistics from `patterns` masks per fraction (drawn with the
 * trials' seeds, as the tasks draw them), the coupling of the sweep's wavelet on the centred grid.
 */
export function levelsPredictor(spec: LevelsSweepSpec, families: SamplingFamilies, opts: { patterns?: number; calibration?: TransitionCalibration | null } = {}): LevelsPredictor {
  const where = 'levelsPredictor';
  const fam = families[spec.family];
  if (!fam) throw new CandorError(where, 'family', `one of ${Object.keys(families).join(', ')}`, spec.family);
  const { ny, nx } = spec;
  const sp = fourierWaveletSpectra(ny, nx, { wavelet: spec.wavelet, levels: spec.levels, centered: true });
  const bands = radialBands(ny, nx, LEVELS_PREDICT_RINGS, { centered: true });
  const coupling = fourierCoupling(sp, bands);
  const patterns = Math.min(opts.patterns ?? 4, spec.trials);
  const bandFractions = new Map<number, Float64Array>();
  spec.fractions.forEach((fraction, fi) => {
    const acc = new Float64Array(bands.count);
    for (let t = 0; t < patterns; t++) {
      const mask = fam.draw(ny, nx, fraction, spec.seed + t + 100003 * fi, spec.familyData);
      for (let i = 0; i < mask.length; i++) acc[bands.labels[i]] += mask[i];
    }
    for (let b = 0; b < bands.count; b++) acc[b] = bands.sizes[b] ? acc[b] / (patterns * bands.sizes[b]) : 1;
    bandFractions.set(fraction, acc);
  });
  // subband -> level of the sweep's levels
  const sub = sp.subbands;
  const levelOf = Int32Array.from({ length: sub.count }, (_, s) => (s === 0 ? 0 : 1 + Math.floor((s - 1) / 3)));
  const cal = opts.calibration ?? null;
  const radius = (fraction: number, sparsity: readonly number[]) => {
    const f = bandFractions.get(fraction);
    if (!f) throw new CandorError(where, 'fraction', `one of the sweep's fractions ${spec.fractions.join(', ')}`, String(fraction));
    const eps = Array.from({ length: sub.count }, (_, s) => {
      const l = levelOf[s];
      const N = l === 0 ? sub.sizes[0] : 3 * sub.sizes[s];
      return Math.min(1, sparsity[l] / N);
    });
    return levelsTransition(coupling, f, eps, 'complex').radius;
  };
  const probability = (fraction: number, sparsity: readonly number[]) => {
    const r = radius(fraction, sparsity);
    if (!cal) return r < 1 ? 1 : 0;
    const z = cal.a + cal.b * Math.log(Math.max(r, 1e-300));
    return 1 / (1 + Math.exp(-z));
  };
  const sizes = [sub.sizes[0], ...Array.from({ length: spec.levels }, (_, l) => 3 * sub.sizes[1 + 3 * l])];
  const rho50 = (fraction: number, profile: readonly number[]) => {
    const goal = cal ? -cal.a / cal.b : 0;
    const g = (r: number) => Math.log(Math.max(radius(fraction, profile.map((p, l) => r * p * sizes[l])), 1e-300)) - goal;
    let lo = 1e-4;
    let hi = 1;
    if (g(lo) > 0 || g(hi) < 0) return null;
    for (let it = 0; it < 50; it++) {
      const mid = 0.5 * (lo + hi);
      if (g(mid) < 0) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  return { coupling, bandFractions, radius, probability, rho50 };
}

/** The data of the 50% surface figure ({@link levelsSurfaceSpec}): empirical points, theory and calibrated predictions, and the sparsity profiles. */
export interface LevelsFigureData {
  empirical: LevelsSurfacePoint[];
  /** Predicted rho50 on the fractions: theory (rho(K) = 1) and calibrated (when given). */
  theory: { fraction: number; profile: number; rho50: number | null }[];
  calibrated: { fraction: number; profile: number; rho50: number | null }[] | null;
  profiles: number[][];
  title: string;
}

/** Vega-Lite spec of the 50% surface: empirical points with 95% intervals, theory and calibrated curves, one colour per profile. */
export function levelsSurfaceSpec(d: LevelsFigureData): Record<string, unknown> {
  const label = (p: number) => `profile ${p}: [${d.profiles[p].join(', ')}]`;
  const emp = d.empirical.filter((e) => e.rho50 !== null).map((e) => ({ fraction: e.fraction, rho50: e.rho50, lo: e.lo, hi: e.hi, profile: label(e.profile), kind: 'empirical 50% (95% interval)' }));
  const th = d.theory.filter((e) => e.rho50 !== null).map((e) => ({ fraction: e.fraction, rho50: e.rho50, profile: label(e.profile), kind: 'state evolution in levels, rho(K) = 1' }));
  const ca = (d.calibrated ?? []).filter((e) => e.rho50 !== null).map((e) => ({ fraction: e.fraction, rho50: e.rho50, profile: label(e.profile), kind: 'calibrated predictor, P = 50%' }));
  const x = { field: 'fraction', type: 'quantitative', title: 'sampling fraction m/n (1/R)' };
  const y = { field: 'rho50', type: 'quantitative', title: 'rho at 50% success (s_l = rho profile_l N_l)' };
  const color = { field: 'profile', type: 'nominal', title: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: d.title,
    width: 420,
    height: 300,
    layer: [
      { data: { values: th }, mark: { type: 'line', strokeDash: [6, 4] }, encoding: { x, y, color, detail: { field: 'kind' } } },
      { data: { values: ca }, mark: { type: 'line' }, encoding: { x, y, color } },
      { data: { values: emp }, mark: { type: 'rule' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
      { data: { values: emp }, mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color, shape: { field: 'kind', type: 'nominal', title: null } } },
    ],
  };
}
