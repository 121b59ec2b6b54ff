/**
 * What can this array's coverage constrain, and how much of the track does an image need? The
 * numbers of `candor radio plan`, without imaging:
 *
 * - the coverage of the whole track and of its first fractions f (visibilities with
 *   t <= t_0 + f (t_end - t_0), as if the observation stopped there; ./coverage.ts): resolution
 *   1/u_max, largest recoverable scale 1/u_min, sampled cells of the image's uv grid, the gridded
 *   PSF's side lobe and coherence against the Welch bound;
 * - with a reference sky, sparsity in levels in the starlet dictionary (../../linops/starlet.ts,
 *   the CS imager's default): per scale j the share of energy, and s_j, its coefficients among the
 *   fewest (over all scales) holding 99.9 % of the energy (../../predict/levels.ts); and the local
 *   coherence of the coverage with each scale: the sampled share of a scale-j atom's energy,
 *   pbar_j = sum_{sampled cells} |h_j(u)|^2 / sum_u |h_j(u)|^2 (h_j the band's filter response;
 *   Adcock, Hansen, Poon & Roman 2017: a level sees the sampling only through its own spectral
 *   support, so the coarse scales, below the shortest baseline, see almost nothing);
 * - the predicted NRMSE of the CS image: the levels budget model of the MRI predictor
 *   (../mri/predict/model.ts): scale j keeps its k_j = min(n, c eps(pbar_j) n) largest starlet
 *   coefficients (eps the real Donoho-Tanner transition, ../../predict/threshold-risk.ts), the
 *   image is their sum, convolved to the nominal resolution and scored as the imaging study scores
 *   (./study.ts `modelNrmse`), and mapped by NRMSE = e^b NRMSE_budget^s. (c, s, b) are calibrated on
 *   structured sweeps of one coverage (./plan-calibration.ts: the EHT 2017 tracks, 64 x 64 at
 *   2 uas, with its held-back error); anything else is listed in `outside`, and `--verify`
 *   (simulate and image at the same fractions) is the check.
 *
 * The recommendation: the smallest fraction of the list such that it and every larger one meet the
 * target NRMSE.
 *
 * @example
 * import { radioPlan } from './plan.ts';
 * // const p = radioPlan(vs, 64, parseAngle('2uas'), { sky, fractions: [0.25, 0.5, 1] });
 * // p.rows[i].predictedNrmse, p.levels, p.recommended
 */
import { CandorError, checkInt, checkNumber, describe } from '../../core/errors.ts';
import { fft2c } from '../../core/fft/centered.ts';
import { starlet2, starletScales } from '../../linops/starlet.ts';
import { levelSparsity, type Partition } from '../../predict/levels.ts';
import { transitionSparsityOnGrid } from '../../predict/threshold-risk.ts';
import { formatAngle } from './angles.ts';
import { coverageStats, fillingFraction, gridCoherence } from './coverage.ts';
import { RADIO_PREDICTOR_CALIBRATION, RADIO_PREDICTOR_DOMAIN } from './plan-calibration.ts';
import { subsetVisibilities } from './preprocess.ts';
import { modelNrmse, nominalTruth } from './study.ts';
import type { Visibilities } from './visibilities.ts';
import { griddedWeights } from './weighting.ts';

/** Options of {@link radioPlan}. */
export interface RadioPlanOptions {
  /** Reference sky on the image grid (size x size, Jy/pixel, row 0 south), for the sparsity and the predicted quality. */
  sky?: Float64Array;
  /** Track fractions, each in (0, 1] (sorted ascending; default 0.25, 0.5, 0.75, 1). */
  fractions?: readonly number[];
  /** Target NRMSE against the sky at the nominal resolution (default 0.3). */
  targetNrmse?: number;
  /** The model's constants (default: the calibrated ones of ./plan-calibration.ts; given here, the prediction is labelled uncalibrated). */
  model?: RadioModelParams;
}

/** The budget scale c and the map NRMSE = e^b NRMSE_budget^s (see the file comment). */
export interface RadioModelParams {
  c: number;
  s: number;
  b: number;
}

/** The uncalibrated constants: the budget model as it stands. */
export const RADIO_UNCALIBRATED: Readonly<RadioModelParams> = Object.freeze({ c: 1, s: 1, b: 0 });

/** Defaults of the radio plan: the track fractions evaluated and the target NRMSE of the CS image. */
export const RADIO_PLAN_DEFAULTS = Object.freeze({ fractions: Object.freeze([0.25, 0.5, 0.75, 1]), targetNrmse: 0.3 });

/** One fraction of the track. */
export interface RadioPlanRow {
  fraction: number;
  visibilities: number;
  /** Hours of the track kept (times are seconds). */
  hours: number;
  sampledCells: number;
  filling: number;
  resolution: number;
  largestScale: number;
  gridSideLobe: number;
  coherence: number;
  welch: number;
  /** Per starlet scale: sampled share of its atoms' energy (null without a sky). */
  levelSampled: number[] | null;
  /** Per starlet scale: coefficients kept by the budget (null without a sky). */
  kept: number[] | null;
  /** NRMSE of the budget image, and the predicted NRMSE e^b budget^s (null without a sky). */
  budgetNrmse: number | null;
  predictedNrmse: number | null;
  meets: boolean | null;
}

/** A radio plan: per track fraction the coverage's statistics and (with a sky) the predicted NRMSE, the sky's starlet levels, the shortest fraction meeting the target, with provenance and calibration error. */
export interface RadioPlan {
  size: number;
  cell: number;
  scales: number;
  rows: RadioPlanRow[];
  /** Per starlet scale of the sky (null without one). */
  levels: { name: string; energyShare: number; sparsity: number }[] | null;
  targetNrmse: number;
  recommended: number | null;
  /** The calibrated constants were used; `confident` when nothing is outside their domain (`outside` says what is). */
  calibrated: boolean;
  confident: boolean;
  outside: string[];
  /** The held-back error of the calibration (null for other constants). */
  error: string | null;
  provenance: string;
}

const WHERE = 'radioPlan';

/** The first `fraction` of the track by time (see the file comment). */
export function trackFraction(vs: Visibilities, fraction: number): Visibilities {
  checkNumber('trackFraction', 'fraction', fraction, 0, 1);
  if (!(fraction > 0)) throw new CandorError('trackFraction', 'fraction', 'a number in (0, 1]', describe(fraction));
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const t of vs.time) {
    t0 = Math.min(t0, t);
    t1 = Math.max(t1, t);
  }
  const end = t0 + fraction * (t1 - t0);
  const keep: number[] = [];
  for (let k = 0; k < vs.n; k++) if (vs.time[k] <= end * (1 + 1e-15) || fraction === 1) keep.push(k);
  return subsetVisibilities(vs, keep, `the first ${fraction} of the track`);
}

/** Starlet bands of a size x size image as a partition of its (J + 1) n coefficients. */
function starletLevels(size: number, J: number): Partition {
  const n = size * size;
  const labels = new Int32Array((J + 1) * n);
  for (let j = 0; j <= J; j++) labels.fill(j, j * n, (j + 1) * n);
  const sizes = new Int32Array(J + 1).fill(n);
  const names = Array.from({ length: J + 1 }, (_, j) => (j === J ? `coarse c${J}` : `scale w${j + 1}`));
  return { name: `starlet (${J} scales)`, labels, count: J + 1, sizes, names };
}

/** |h_j(u)|^2 of every band on the centred uv grid (the band's response to a centred point). */
function bandSpectra(size: number, J: number): Float64Array[] {
  const n = size * size;
  const W = starlet2(size, size, { scales: J });
  const delta = new Float64Array(n);
  delta[(size >> 1) * size + (size >> 1)] = 1;
  const bands = W.apply(delta, new Float64Array((J + 1) * n));
  const out: Float64Array[] = [];
  const z = new Float64Array(2 * n);
  const f = new Float64Array(2 * n);
  for (let j = 0; j <= J; j++) {
    z.fill(0);
    for (let i = 0; i < n; i++) z[2 * i] = bands[j * n + i];
    fft2c(z, f, size, size);
    out.push(Float64Array.from({ length: n }, (_, i) => f[2 * i] ** 2 + f[2 * i + 1] ** 2));
  }
  return out;
}

/** The plan of the file comment for visibilities `vs` imaged on size x size pixels of `cell` radians. */
export function radioPlan(vs: Visibilities, size: number, cell: number, opts: RadioPlanOptions = {}): RadioPlan {
  checkInt(WHERE, 'image size', size, 16, 4096);
  if (size % 2) throw new CandorError(WHERE, 'image size', 'an even number of pixels', String(size));
  checkNumber(WHERE, 'cell (radians)', cell, 0);
  if (!(cell > 0)) throw new CandorError(WHERE, 'cell (radians)', 'a positive angle', describe(cell));
  const list = opts.fractions ?? RADIO_PLAN_DEFAULTS.fractions;
  if (!Array.isArray(list) || list.length === 0) throw new CandorError(WHERE, 'fractions', 'a non-empty list of numbers in (0, 1]', describe(list));
  for (const f of list) if (typeof f !== 'number' || !(f > 0 && f <= 1)) throw new CandorError(WHERE, 'fractions', 'numbers in (0, 1]', describe(f));
  const fractions = [...new Set(list)].sort((a, b) => a - b);
  const calibrated = opts.model === undefined;
  const model = opts.model ?? RADIO_PREDICTOR_CALIBRATION;
  if (!model || typeof model !== 'object') throw new CandorError(WHERE, 'model', 'an object { c, s, b }', describe(model));
  checkNumber(WHERE, 'model.c', model.c, 0);
  checkNumber(WHERE, 'model.s', model.s, 0, 10);
  checkNumber(WHERE, 'model.b', model.b, -20, 20);
  const targetNrmse = checkNumber(WHERE, 'target NRMSE', opts.targetNrmse ?? RADIO_PLAN_DEFAULTS.targetNrmse, 0);
  const n = size * size;
  if (opts.sky !== undefined && (!(opts.sky instanceof Float64Array) || opts.sky.length !== n)) {
    throw new CandorError(WHERE, 'sky', `a ${size} x ${size} image (the image grid)`, opts.sky instanceof Float64Array ? `${opts.sky.length} pixels` : describe(opts.sky));
  }
  const J = starletScales(size, size);
  let levels: RadioPlan['levels'] = null;
  let sorted: Float64Array[] | null = null;
  let coeffs: Float64Array | null = null;
  let spectra: Float64Array[] | null = null;
  const sky = opts.sky;
  if (sky) {
    coeffs = starlet2(size, size, { scales: J }).apply(sky, new Float64Array((J + 1) * n));
    const ls = levelSparsity(coeffs, starletLevels(size, J), { energy: 0.999 });
    levels = ls.levels.map((l) => ({ name: l.name, energyShare: l.energyShare, sparsity: l.sparsity }));
    const c = coeffs;
    sorted = Array.from({ length: J + 1 }, (_, j) => Float64Array.from(c.subarray(j * n, (j + 1) * n), Math.abs).sort().reverse());
    spectra = bandSpectra(size, J);
  }
  const full = coverageStats(vs);
  const truth = sky ? nominalTruth(sky, { size, cell }, full.resolution) : null;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const t of vs.time) {
    t0 = Math.min(t0, t);
    t1 = Math.max(t1, t);
  }
  const rows: RadioPlanRow[] = fractions.map((fraction) => {
    const sub = trackFraction(vs, fraction);
    if (sub.n === 0) throw new CandorError(WHERE, `fraction ${fraction}`, 'some visibilities in that part of the track', 'none');
    const cov = coverageStats(sub);
    const fill = fillingFraction(sub, size, cell);
    const coh = gridCoherence(sub, size, cell);
    const row: RadioPlanRow = {
      fraction,
      visibilities: sub.n,
      hours: (fraction * (t1 - t0)) / 3600,
      sampledCells: fill.sampledCells,
      filling: fill.grid,
      resolution: cov.resolution,
      largestScale: cov.largestScale,
      gridSideLobe: coh.sideLobe,
      coherence: coh.coherence,
      welch: coh.welch,
      levelSampled: null,
      kept: null,
      budgetNrmse: null,
      predictedNrmse: null,
      meets: null,
    };
    if (sky && spectra && sorted && coeffs && truth) {
      const { grid } = griddedWeights({ ...sub, weight: new Float64Array(sub.n).fill(1) }, size, cell);
      row.levelSampled = spectra.map((h) => {
        let s = 0;
        let all = 0;
        for (let i = 0; i < n; i++) {
          all += h[i];
          if (grid[i] > 0) s += h[i];
        }
        return all > 0 ? s / all : 0;
      });
      row.kept = row.levelSampled.map((p) => Math.min(n, Math.round(model.c * transitionSparsityOnGrid(p, 'real') * n)));
      // the budget image: the kept coefficients of every band, summed (x = sum_j w_j + c_J)
      const img = new Float64Array(n);
      for (let j = 0; j <= J; j++) {
        const k = row.kept[j];
        const th = k >= n ? 0 : (sorted[j][k] ?? 0);
        for (let i = 0; i < n; i++) {
          const c = coeffs[j * n + i];
          if (Math.abs(c) > th) img[i] += c;
        }
      }
      row.budgetNrmse = modelNrmse(img, { size, cell }, full.resolution, truth);
      row.predictedNrmse = Math.exp(model.b) * row.budgetNrmse ** model.s;
      row.meets = row.predictedNrmse <= targetNrmse;
    }
    return row;
  });
  let recommended: number | null = null;
  if (sky) {
    for (let i = rows.length - 1; i >= 0 && rows[i].meets; i--) recommended = rows[i].fraction;
  }
  const dom = RADIO_PREDICTOR_DOMAIN;
  const outside: string[] = [];
  if (calibrated) {
    if (vs.n !== dom.visibilities) outside.push(`a coverage of ${vs.n} visibilities (calibrated on one: ${dom.coverage})`);
    if (size !== dom.size || Math.abs(cell / dom.cellRad - 1) > 1e-6) outside.push(`a ${size} x ${size} grid of ${formatAngle(cell)} (calibrated: ${dom.size} x ${dom.size} of ${formatAngle(dom.cellRad)})`);
    const fMin = Math.min(...dom.fractions);
    const low = fractions.filter((f) => f < fMin);
    if (low.length) outside.push(`track fractions ${low.join(', ')} below the calibrated ${fMin}`);
    if (targetNrmse < 0.1 || targetNrmse > 0.3) outside.push(`target NRMSE ${targetNrmse} (the stated error is for targets 0.1 .. 0.3)`);
  }
  const h = RADIO_PREDICTOR_CALIBRATION.heldBack;
  return {
    size,
    cell,
    scales: J,
    rows,
    levels,
    targetNrmse,
    recommended,
    calibrated,
    confident: calibrated && outside.length === 0,
    outside,
    error: calibrated
      ? `held back (${h.pairs / 3} skies, ${h.pairs} sky/target pairs): RMS error of the predicted NRMSE ${h.rms}; smallest fraction off by more than one step of the list in ${h.offByMoreThanOneStep}, at most ${h.maxOffSteps} steps`
      : null,
    provenance: calibrated
      ? `${dom.provenance}; model: starlet levels budget (c ${model.c}, NRMSE = e^${model.b} budget^${model.s})`
      : `uncalibrated: the starlet levels budget with the given constants (c ${model.c}, s ${model.s}, b ${model.b}) has not been fitted on structured sweeps; use --verify (simulate and image) as the check`,
  };
}
