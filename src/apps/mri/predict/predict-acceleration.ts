/**
 * How far can this acquisition be accelerated, without reconstructing? The prediction of
 * `candor mri plan --predict`: for every acceleration R of a list, the sampled share of every
 * k-space band of the mask family at R (./density.ts, closed form, no mask drawn), then the levels
 * budget model (./model.ts: the local coherences between the bands and the wavelet subbands give
 * each subband's sampled energy share pbar_s, the complex l1 phase transition at pbar_s the share
 * of its coefficients recovered, calibrated per family) gives the predicted SSIM and scaled NRMSE
 * of the l1-wavelet reconstruction. The recommendation follows the retrospective scan's rule
 * (../plan-acceleration.ts): the largest R such that it and every smaller R of the list meet the
 * target.
 *
 * Provenance: empirical, structured, calibrated (./calibration.ts says on what, and its held-back
 * error). The prediction says when it does not know: an image size, a family, a reconstruction or
 * an R outside what it was calibrated on is listed in `outside`, and then `recommended` is still
 * given but marked `confident: false`. Beside it, the rigorous sufficient condition of Adcock,
 * Hansen, Poon & Roman (2017) for the recommended R (../../../predict/local-coherence.ts
 * `multilevelBound`, C = 1, sparsities in levels of the reference at 99.9% energy): a scaling law
 * that is usually far from met at practical accelerations, reported as such.
 *
 * @example
 * import { predictAcceleration } from './predict-acceleration.ts';
 * import { sheppLogan } from '../phantom.ts';
 * const p = predictAcceleration(sheppLogan(128), 128, 128, { mask: 'poisson-disc' });
 * p.recommended;   // the largest R of 2 .. 12 predicted to keep SSIM >= 0.95
 */
import { CandorError, checkNumber, describe } from '../../../core/errors.ts';
import { dyadicBands, levelSparsity, waveletLevels } from '../../../predict/levels.ts';
import { fourierWaveletSpectra, levelCoherence, type MultilevelBound, multilevelBound } from '../../../predict/local-coherence.ts';
import type { MaskKind } from '../masks/common.ts';
import { MRI_RECON_DEFAULTS } from '../recon/reconstruct.ts';
import { MRI_PREDICTOR_CALIBRATION, MRI_PREDICTOR_DOMAIN } from './calibration.ts';
import { DENSITY_FAMILIES, familyFractions } from './density.ts';
import { predictQuality, qualityContext } from './model.ts';

/** Options of {@link predictAcceleration}: mask family, accelerations, metric and target. */
export interface PredictAccelerationOptions {
  /** Mask family (poisson-disc or variable-density; default poisson-disc). */
  mask?: MaskKind;
  /** Accelerations (each > 1; default 2 .. 12). */
  accelerations?: readonly number[];
  /** 'ssim' (target >= value, default 0.95) or 'nrmse' (scaled, target <= value, default 0.1). */
  metric?: 'ssim' | 'nrmse';
  target?: number;
  /** Calibration square side (default the generators'). */
  calib?: number;
  /** Evaluate every R of the list in order (default: bisection over the list, the model's quality being monotone in R). */
  allRows?: boolean;
  /** Reconstruction the plan is for; anything but the calibrated one is reported as outside the calibration. */
  recon?: { method?: string; lambda?: number; tuned?: boolean; wavelet?: string; snrDb?: number; maxIter?: number };
}

/** The predicted quality at one acceleration R: SSIM and scaled NRMSE of the l1-wavelet reconstruction, and whether it meets the target. */
export interface PredictedRow {
  R: number;
  ssim: number;
  nrmse: number;
  meets: boolean;
}

/**
 * The result of {@link predictAcceleration}: predicted rows, the recommended R with its confidence
 * and stated error, and the rigorous sufficient condition at that R.
 */
export interface AccelerationPrediction {
  ny: number;
  nx: number;
  mask: MaskKind;
  metric: 'ssim' | 'nrmse';
  target: number;
  /** The accelerations asked about (sorted, distinct) and how many of them were evaluated. */
  accelerations: number[];
  evaluated: number;
  /** One row per R evaluated, in order of R: the bisection's (about log2 of the list's length), every R with `allRows`. */
  rows: PredictedRow[];
  /** Largest R of the list with it and every smaller R meeting the target (null: not even the first). */
  recommended: number | null;
  /** The recommendation is the largest R of the list: the limit may lie beyond. */
  atEdge: boolean;
  /** False when anything is outside the calibration (`outside` says what). */
  confident: boolean;
  outside: string[];
  /** The stated error: held-back results of the calibration of this family. */
  error: string;
  provenance: string;
  /** The rigorous sufficient condition at the recommended R (expected samples per band; null when none recommended). */
  bound: (Pick<MultilevelBound, 'satisfied' | 'provenance' | 'note'> & { worstRatio: number; R: number }) | null;
  seconds: number;
}

const WHERE = 'predictAcceleration';
const DEFAULT_TARGET = Object.freeze({ ssim: 0.95, nrmse: 0.1 });

/**
 * Predicts how far an acquisition of images like `reference` (real, ny x nx) can be accelerated
 * without reconstructing: the levels budget model, calibrated per mask family, gives SSIM and
 * scaled NRMSE at each R; the recommendation is the largest R meeting the target at it and every
 * smaller R.
 */
export function predictAcceleration(reference: Float64Array, ny: number, nx: number, opts: PredictAccelerationOptions = {}): AccelerationPrediction {
  const t0 = performance.now();
  const mask = opts.mask ?? 'poisson-disc';
  if (!DENSITY_FAMILIES.includes(mask)) {
    throw new CandorError(WHERE, 'mask', `a calibrated family: ${DENSITY_FAMILIES.join(', ')} (others: run the retrospective scan)`, describe(mask));
  }
  const metric = opts.metric ?? 'ssim';
  if (metric !== 'ssim' && metric !== 'nrmse') throw new CandorError(WHERE, 'metric', "'ssim' or 'nrmse'", describe(metric));
  const target = checkNumber(WHERE, `target (${metric === 'ssim' ? 'SSIM' : 'scaled NRMSE'})`, opts.target ?? DEFAULT_TARGET[metric], 0, metric === 'ssim' ? 1 : Infinity);
  const list = opts.accelerations ?? MRI_PREDICTOR_DOMAIN.accelerations;
  if (!Array.isArray(list) || list.length === 0) throw new CandorError(WHERE, 'accelerations', 'a non-empty list of numbers > 1', describe(list));
  for (const r of list) if (typeof r !== 'number' || !Number.isFinite(r) || !(r > 1)) throw new CandorError(WHERE, 'accelerations', 'numbers > 1', describe(r));
  const accelerations = [...new Set(list)].sort((a, b) => a - b);
  const ctx = qualityContext(reference, ny, nx, { calib: opts.calib });
  const cal = MRI_PREDICTOR_CALIBRATION[mask as 'poisson-disc' | 'variable-density'];

  const outside: string[] = [];
  const n = ny * nx;
  if (n < MRI_PREDICTOR_DOMAIN.minPixels || n > MRI_PREDICTOR_DOMAIN.maxPixels) {
    outside.push(`image of ${n} pixels, calibrated on ${MRI_PREDICTOR_DOMAIN.minPixels} to ${MRI_PREDICTOR_DOMAIN.maxPixels}`);
  }
  if (ctx.kappa < MRI_PREDICTOR_DOMAIN.minKappa || ctx.kappa > MRI_PREDICTOR_DOMAIN.maxKappa) {
    outside.push(`image class kappa ${ctx.kappa.toFixed(2)} (gradient over wavelet sparsity), calibrated on ${MRI_PREDICTOR_DOMAIN.minKappa} to ${MRI_PREDICTOR_DOMAIN.maxKappa}`);
  }
  if (ctx.detailShare > MRI_PREDICTOR_DOMAIN.maxDetailShare) {
    outside.push(`wavelet details with an effective share of nonzeros ${ctx.detailShare.toFixed(3)}, calibrated up to ${MRI_PREDICTOR_DOMAIN.maxDetailShare} (denser: noise-like or very small images)`);
  }
  const rMax = Math.max(...MRI_PREDICTOR_DOMAIN.accelerations);
  const rMin = Math.min(...MRI_PREDICTOR_DOMAIN.accelerations);
  const beyond = accelerations.filter((R) => R > rMax || R < rMin);
  if (beyond.length) outside.push(`R = ${beyond.join(', ')} outside the calibrated ${rMin} .. ${rMax}`);
  const r = opts.recon ?? {};
  if (r.method !== undefined && r.method !== 'l1-wavelet') outside.push(`reconstruction ${r.method} (calibrated: l1-wavelet)`);
  if (r.lambda !== undefined && r.lambda !== MRI_RECON_DEFAULTS.lambda) outside.push(`lambda ${r.lambda} (calibrated: ${MRI_RECON_DEFAULTS.lambda})`);
  if (r.tuned) outside.push(`lambda tuned per R over a grid (calibrated: ${MRI_RECON_DEFAULTS.lambda})`);
  if (r.wavelet !== undefined && r.wavelet !== MRI_RECON_DEFAULTS.wavelet) outside.push(`wavelet ${r.wavelet} (calibrated: ${MRI_RECON_DEFAULTS.wavelet})`);
  if (r.maxIter !== undefined && r.maxIter !== MRI_RECON_DEFAULTS.maxIter) outside.push(`${r.maxIter} iterations (calibrated: ${MRI_RECON_DEFAULTS.maxIter})`);
  if (r.snrDb !== undefined) outside.push(`noise at ${r.snrDb} dB (calibrated: noiseless)`);
  if (target !== DEFAULT_TARGET[metric]) outside.push(`target ${metric === 'ssim' ? 'SSIM' : 'scaled NRMSE'} ${target} (the stated R* error is for SSIM 0.95 and NRMSE 0.1)`);
  if (opts.calib !== undefined) outside.push(`calibration square ${opts.calib} (calibrated: the generators' default)`);

  // The model's quality is monotone in R (the sampled shares, hence the kept counts, fall with R;
  // checked: no step up in SSIM or down in NRMSE over the 17 calibration and held-back images x 2
  // families x R = 2 .. 12), so the scan's rule (the largest R with it and every smaller R meeting
  // the target) is found by bisection over the list: about log2(list length) evaluations. allRows
  // evaluates every R in order and applies the rule literally.
  const evaluate = (R: number): PredictedRow => {
    const q = predictQuality(ctx, familyFractions(mask, ny, nx, R, ctx.bands, { calib: ctx.calib }), cal);
    return { R, ssim: q.ssim, nrmse: q.nrmse, meets: metric === 'ssim' ? q.ssim >= target : q.nrmse <= target };
  };
  let rows: PredictedRow[];
  let best = -1;
  if (opts.allRows) {
    rows = accelerations.map(evaluate);
    for (let i = 0; i < rows.length && rows[i].meets; i++) best = i;
  } else {
    rows = [];
    let hi = accelerations.length;
    while (hi - best > 1) {
      const mid = (best + hi) >> 1;
      const row = evaluate(accelerations[mid]);
      rows.push(row);
      if (row.meets) best = mid;
      else hi = mid;
    }
    rows.sort((a, b) => a.R - b.R);
  }
  const recommended = best >= 0 ? accelerations[best] : null;
  const atEdge = best === accelerations.length - 1;
  if (atEdge) outside.push(`every R of the list meets the target: the limit lies beyond ${accelerations[best]}`);

  let bound: AccelerationPrediction['bound'] = null;
  if (recommended !== null) {
    const f = familyFractions(mask, ny, nx, recommended, ctx.bands, { calib: ctx.calib });
    bound = levelsBound(ctx.shifted[0], ny, nx, ctx.levels, ctx.wavelet, ctx.bands.labels, f, recommended); // shift (0, 0): the reference's coefficients
  }

  const h = cal.heldBack;
  return {
    ny,
    nx,
    mask,
    metric,
    target,
    accelerations,
    evaluated: rows.length,
    rows,
    recommended,
    atEdge,
    confident: outside.length === 0,
    outside,
    error: `held back (${h.pairs} image/target pairs): R* off by more than 1 in ${h.offByMoreThanOne}, at most ${h.maxOff}; RMS error of the predicted SSIM ${h.rmsSsim}, of the scaled NRMSE ${h.rmsNrmse}`,
    provenance: `${MRI_PREDICTOR_DOMAIN.provenance}; model: levels budget (c ${cal.c}, gamma ${cal.gamma}, alpha ${cal.alpha ?? 0}; image class kappa ${ctx.kappa.toFixed(2)}); reconstruction: ${MRI_PREDICTOR_DOMAIN.recon}`,
    bound,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The levels, dyadic bands and their local coherences of a geometry (no image in them): cached. */
const geometryCache = new Map<string, { lev: ReturnType<typeof waveletLevels>; bands: ReturnType<typeof dyadicBands>; coh: ReturnType<typeof levelCoherence> }>();
function boundGeometry(ny: number, nx: number, levels: number, wavelet: string) {
  const key = `${ny}x${nx}:${levels}:${wavelet}`;
  let g = geometryCache.get(key);
  if (!g) {
    const lev = waveletLevels(ny, nx, levels);
    const bands = dyadicBands(ny, nx, levels, { centered: true });
    g = { lev, bands, coh: levelCoherence(fourierWaveletSpectra(ny, nx, { wavelet, levels, centered: true }), bands, lev) };
    geometryCache.set(key, g);
    if (geometryCache.size > 8) geometryCache.delete(geometryCache.keys().next().value as string);
  }
  return g;
}

/**
 * AHPR's condition (i) on dyadic bands for the family's expected samples at R (the density of every
 * sampling band summed over each dyadic band: no mask drawn) and the reference's sparsities in levels.
 */
function levelsBound(coeffs: Float64Array, ny: number, nx: number, levels: number, wavelet: string, densityBand: Int32Array, density: Float64Array, R: number): NonNullable<AccelerationPrediction['bound']> {
  const { lev, bands, coh } = boundGeometry(ny, nx, levels, wavelet);
  const s = levelSparsity(coeffs, lev, { energy: 0.999, complex: true }).levels.map((l) => l.sparsity);
  const sampled = new Array<number>(bands.count).fill(0);
  for (let k = 0; k < ny * nx; k++) sampled[bands.labels[k]] += density[densityBand[k]];
  const b = multilevelBound(coh, Array.from(bands.sizes), s, { sampled });
  const worst = Math.min(...b.rows.map((row) => (row.ratio === null || row.sampled === row.size ? Infinity : row.ratio)));
  return { satisfied: b.satisfied, provenance: b.provenance, note: b.note, worstRatio: worst, R };
}
