/**
 * `imageVisibilities`: one function, four methods, the numbers of the summary. What
 * `candor radio image` and the web lab run.
 *
 * | method  | image                                                        | units     |
 * |---------|--------------------------------------------------------------|-----------|
 * | `dirty` | A^T(w V) / sum w through the NUFFT (./dirty.ts)               | Jy/beam   |
 * | `clean` | Hogbom or Cotton-Schwab CLEAN, restored with the fitted beam  | Jy/beam   |
 * | `cs`    | l1 in the starlet / SARA dictionary (or TV), x >= 0, chi^2 <= 2M (./cs.ts) | Jy/pixel |
 * | `rml`   | MEM + TV regularised likelihood, visibilities or closure quantities with self-calibration (./rml.ts) | Jy/pixel |
 *
 * Every method also gives the PSF (N x N, peak 1), the restoring beam fitted to its main lobe
 * (BMAJ, BMIN, BPA), the residual image (the dirty image of V - A x with the imaging weights,
 * Jy/beam) and a model (Jy/pixel: the CLEAN components, the CS or RML image; none for `dirty`).
 * Summary numbers: chi^2 = sum w |V - A x|^2 with the data weights (and chi^2 / 2M), the
 * residual rms (Jy/beam), the peak brightness per beam (of the restored image for CLEAN, of the
 * model convolved with the beam for CS and RML, of the dirty image for `dirty`), the dynamic range
 * (that peak over the residual rms), the total flux (sum of the model; the dirty image has none),
 * the core and jet direction and the ring features of the image (./features.ts, ./ring.ts), and
 * the theory (./theory.ts).
 *
 * Samples the cell cannot represent (|u| or |v| beyond 1/(2 cell)) are dropped with a warning
 * naming the file and the right cell (./coverage.ts `checkCell`).
 *
 * @example
 * import { imageVisibilities } from './image.ts';
 * // const r = imageVisibilities(vs, { method: 'clean', size: 128, cell: parseAngle('0.2mas') });
 * // r.image, r.residual, r.psf, r.beam, r.summary
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { starlet2 } from '../../linops/starlet.ts';
import { waveletFrame2 } from '../../linops/wavelet-frame.ts';
import { formatAngle } from './angles.ts';
import { type BeamFit, convolveBeam, fitBeam } from './beam.ts';
import { CLEAN_DEFAULTS, type CleanOptions, clean } from './clean.ts';
import { type CsOptions, csImage } from './cs.ts';
import { checkCell, coverageStats } from './coverage.ts';
import { dirtyImage, psfCentre, residualImage } from './dirty.ts';
import { coreAndJet } from './features.ts';
import { visibilityOperator } from './measurement.ts';
import { addSystematicNoise, rescaleShortBaselines, scanAverage, selectUv, subsetVisibilities } from './preprocess.ts';
import { isRing, ringFeatures } from './ring.ts';
import { type RmlOptions, rmlImage } from './rml.ts';
import { explainImage, type ImagingTheory, imagingTheory } from './theory.ts';
import type { Visibilities } from './visibilities.ts';
import { imagingWeights, type WeightingScheme } from './weighting.ts';

/** An imaging method: dirty image, CLEAN, compressed sensing (l1 in a dictionary, chi^2 <= 2M) or regularised maximum likelihood. */
export type ImagingMethod = 'dirty' | 'clean' | 'cs' | 'rml';
/** Every {@link ImagingMethod}. */
export const IMAGING_METHODS: readonly ImagingMethod[] = Object.freeze(['dirty', 'clean', 'cs', 'rml']);

/** Options of {@link imageVisibilities}: method, image size N and pixel size (radians), weighting, and the method's options. */
export interface ImagingOptions {
  method: ImagingMethod;
  size: number;
  /** Pixel size, radians. */
  cell: number;
  /** Imaging weights of the dirty image, PSF and CLEAN (default natural). */
  weighting?: WeightingScheme;
  robust?: number;
  /** CLEAN: 'hogbom' (image plane, mgain 1) or 'cotton-schwab' (default, mgain 0.9). */
  clean?: CleanOptions & { algorithm?: 'hogbom' | 'cotton-schwab' };
  cs?: CsOptions;
  rml?: RmlOptions;
  /** Keep only samples with uvMin <= |uv| <= uvMax (wavelengths). */
  uvMin?: number;
  uvMax?: number;
  /** Scan-average before imaging (gap in seconds). */
  scanGap?: number;
  /** Scale the baselines shorter than `zeroBaseline.uvCut` to `zeroBaseline.flux` (EHT intra-site baselines). */
  zeroBaseline?: { flux: number; uvCut: number };
  /** Fractional systematic noise added to every sigma. */
  systematicNoise?: number;
  /** Name of the visibility file (messages). */
  name?: string;
}

/** The summary numbers of an imaging run: method and sizes, chi^2, residual rms, peak, dynamic range, flux, beam, features and theory. */
export interface ImagingSummary {
  file: string;
  method: ImagingMethod;
  algorithm: string;
  size: number;
  cell: string;
  cellRad: number;
  visibilities: number;
  dropped: number;
  weighting: string;
  chi2: number;
  reducedChi2: number;
  residualRms: number;
  peak: number;
  peakUnit: 'Jy/beam';
  dynamicRange: number;
  totalFlux: number | null;
  beam: { bmajDeg: number; bminDeg: number; bpaDeg: number; major: string; minor: string; fitPixels: number };
  core: { l: string; m: string; lRad: number; mRad: number };
  jet: { paDeg: number; distance: string; fluxFraction: number } | null;
  ring: { diameter: string; diameterRad: number; width: string; paDeg: number; contrast: number } | null;
  details: Record<string, unknown>;
  theory: ImagingTheory;
  explain: string;
  seconds: number;
  warnings: string[];
  notes: string[];
}

/**
 * The result of {@link imageVisibilities}: the image (Jy/beam or Jy/pixel), model, residual, PSF,
 * restoring beam, the visibilities imaged and the summary.
 */
export interface ImagingResult {
  /** The image written as image.fits (units in `imageUnit`). */
  image: Float64Array;
  imageUnit: 'JY/BEAM' | 'JY/PIXEL';
  model: Float64Array | null;
  residual: Float64Array;
  psf: Float64Array;
  beam: BeamFit;
  /** The data imaged (after selection, averaging, calibration). */
  data: Visibilities;
  summary: ImagingSummary;
}

const DEG = 180 / Math.PI;

/** Images the visibilities (see the file comment). */
export function imageVisibilities(input: Visibilities, o: ImagingOptions): ImagingResult {
  const t0 = performance.now();
  const name = o.name ?? input.name;
  const where = `radio image(${name})`;
  if (!IMAGING_METHODS.includes(o.method)) throw new CandorError(where, 'method', IMAGING_METHODS.join(', '), describe(o.method));
  const size = checkInt(where, 'size', o.size, 8, 4096);
  if (size % 2) throw new CandorError(where, 'size', 'an even image side', String(size));
  const cell = o.cell;
  if (!(cell > 0 && Number.isFinite(cell))) throw new CandorError(where, 'cell', 'a positive pixel size', describe(cell));
  const warnings: string[] = [];
  const notes: string[] = ['w-terms are ignored (small fields); no primary-beam correction'];
  let vs = input;
  if (o.uvMin !== undefined || o.uvMax !== undefined) vs = selectUv(vs, { min: o.uvMin, max: o.uvMax });
  if (o.scanGap !== undefined) vs = scanAverage(vs, { gap: o.scanGap });
  if (o.zeroBaseline) vs = rescaleShortBaselines(vs, o.zeroBaseline.flux, o.zeroBaseline.uvCut).vis;
  if (o.systematicNoise) vs = addSystematicNoise(vs, o.systematicNoise);
  const cw = checkCell(cell, coverageStats(vs), name);
  if (cw) warnings.push(cw);
  // drop what the cell cannot represent (the NUFFT's coordinates must stay within half a cycle)
  const lim = 0.5 / cell;
  const keep: number[] = [];
  for (let k = 0; k < vs.n; k++) if (Math.abs(vs.u[k]) <= lim && Math.abs(vs.v[k]) <= lim) keep.push(k);
  const dropped = vs.n - keep.length;
  if (keep.length === 0) throw new CandorError(where, 'cell', `a cell of at most ${formatAngle(coverageStats(vs).nyquistCell)} (1/(2 u_max))`, `${formatAngle(cell)}: every baseline is longer than 1/(2 cell)`);
  if (dropped > 0) {
    vs = subsetVisibilities(vs, keep, `${dropped} samples beyond the uv grid of the ${formatAngle(cell)} cell left out`);
    warnings.push(`${name}: ${dropped} samples beyond the uv grid of the ${formatAngle(cell)} cell were left out`);
  }
  // a field narrower than one resolution element: the PSF's main lobe fills the image, no beam fits
  const resolution = coverageStats(vs).resolution;
  if (!(size * cell >= resolution)) {
    throw new CandorError(where, 'cell', `a field (size x cell) of at least one resolution element, ${formatAngle(resolution)} (1/u_max): a cell of at least ${formatAngle(resolution / size)} at size ${size}`, `${formatAngle(cell)} = ${cell.toExponential(3)} rad (a field of ${formatAngle(size * cell)})`);
  }
  // the data's power with their weights: an overflow here would make every chi-squared, residual
  // and image Infinity or NaN
  let power = 0;
  for (let k = 0; k < vs.n; k++) power += vs.weight[k] * (vs.vis[2 * k] ** 2 + vs.vis[2 * k + 1] ** 2);
  if (!Number.isFinite(power)) {
    let amax = 0;
    for (let k = 0; k < vs.n; k++) amax = Math.max(amax, Math.hypot(vs.vis[2 * k], vs.vis[2 * k + 1]));
    throw new CandorError(where, 'visibilities', 'amplitudes and weights whose weighted power sum w |V|^2 is finite (Jy-scale values)', `an overflow: the largest |V| is ${amax.toPrecision(3)} Jy`);
  }
  for (const n of vs.notes) if (!input.notes.includes(n)) notes.push(n);
  const scheme = o.weighting ?? 'natural';
  const iw = imagingWeights(vs, { scheme, robust: o.robust, size, cell });
  const d = dirtyImage(vs, iw.weights, size, cell);
  const psf = psfCentre(d.psf, size);
  const beam = fitBeam(psf, size, cell);
  let image: Float64Array;
  let imageUnit: ImagingResult['imageUnit'] = 'JY/BEAM';
  let model: Float64Array | null = null;
  let residual: Float64Array;
  let algorithm: string = o.method;
  let peakImage: Float64Array;
  let data = vs;
  const details: Record<string, unknown> = {};
  let coefficients: Float64Array | undefined;
  let dictionary: string | undefined;
  if (o.method === 'dirty') {
    image = d.image;
    residual = d.image;
    peakImage = d.image;
  } else if (o.method === 'clean') {
    const alg = o.clean?.algorithm ?? 'cotton-schwab';
    const mgain = alg === 'hogbom' ? 1 : (o.clean?.mgain ?? 0.9);
    algorithm = alg === 'hogbom' ? 'Hogbom CLEAN' : 'Cotton-Schwab CLEAN (Hogbom minor cycles)';
    const r = clean(d, vs.vis, iw.weights, { ...o.clean, mgain, beam });
    image = r.restored;
    model = r.model;
    residual = r.residual;
    peakImage = r.restored;
    details.clean = { components: r.iterations, majorCycles: r.majorCycles, stopReason: r.stopReason, gain: o.clean?.gain ?? CLEAN_DEFAULTS.gain, mgain, niter: o.clean?.niter ?? CLEAN_DEFAULTS.niter, peakResidual: r.peakResidual };
  } else if (o.method === 'cs') {
    const r = csImage(vs, size, cell, o.cs ?? {});
    algorithm = `l1 (${r.dictionary}) with positivity, ${r.constrained ? 'noise-constrained chi^2 <= 2M' : 'penalised'}, primal-dual`;
    image = r.image;
    imageUnit = 'JY/PIXEL';
    model = r.image;
    residual = residualImage(d.op, vs.vis, r.image, iw.weights, d.sumWeights).image;
    peakImage = convolveBeam(r.image, size, cell, beam);
    details.cs = { dictionary: r.dictionary, iterations: r.iterations, converged: r.converged, stopReason: r.stopReason, chi2Target: r.chi2Target, solverSeconds: r.seconds };
    dictionary = r.dictionary;
    if (r.dictionary === 'sara') {
      const W = waveletFrame2(size, size);
      coefficients = W.apply(r.image, new Float64Array(W.rows));
    } else {
      const W = starlet2(size, size);
      coefficients = W.apply(r.image, new Float64Array(W.rows));
      dictionary = 'starlet';
    }
  } else {
    const r = rmlImage(vs, size, cell, o.rml ?? {});
    algorithm = `RML (MEM + TV + TV2, ${o.rml?.data === 'closure' ? 'closure phases, log closure amplitudes, amplitudes then visibilities with self-calibration' : 'complex visibilities'}), L-BFGS`;
    image = r.image;
    imageUnit = 'JY/PIXEL';
    model = r.image;
    data = r.calibrated;
    residual = residualImage(d.op, data.vis, r.image, iw.weights, d.sumWeights).image;
    peakImage = convolveBeam(r.image, size, cell, beam);
    details.rml = { flux: r.flux, chi2: r.chi2, chi2VisInput: r.chi2VisInput, rounds: r.rounds, closures: r.closures, iterations: r.iterations };
    const W = starlet2(size, size);
    coefficients = W.apply(r.image, new Float64Array(W.rows));
    dictionary = 'starlet';
  }
  // chi^2 with the data weights, against the data imaged (self-calibrated for RML with closures)
  let chi2 = 0;
  if (model) {
    const A = visibilityOperator(data.u, data.v, size, cell, { weights: data.weight });
    const p = A.apply(model, new Float64Array(2 * data.n));
    for (let k = 0; k < data.n; k++) {
      const s = Math.sqrt(data.weight[k]);
      chi2 += (p[2 * k] - s * data.vis[2 * k]) ** 2 + (p[2 * k + 1] - s * data.vis[2 * k + 1]) ** 2;
    }
  } else {
    for (let k = 0; k < data.n; k++) chi2 += data.weight[k] * (data.vis[2 * k] ** 2 + data.vis[2 * k + 1] ** 2);
  }
  let rms = 0;
  for (let i = 0; i < residual.length; i++) rms += residual[i] * residual[i];
  rms = Math.sqrt(rms / residual.length);
  let peak = 0;
  for (let i = 0; i < peakImage.length; i++) peak = Math.max(peak, peakImage[i]);
  let flux: number | null = null;
  if (model) {
    flux = 0;
    for (let i = 0; i < model.length; i++) flux += model[i];
  }
  if (!(peak > 0)) warnings.push(noPositivePixel(name, o.method, peak, flux, data, size, cell));
  const structure = model ?? d.image;
  const cj = coreAndJet(o.method === 'clean' ? image : structure, size, cell, { minDistance: 1.5 * beam.major });
  let ring: ImagingSummary['ring'] = null;
  try {
    const rf = ringFeatures(o.method === 'clean' ? image : structure, size, cell);
    if (isRing(rf)) ring = { diameter: formatAngle(rf.diameter), diameterRad: rf.diameter, width: formatAngle(rf.width), paDeg: rf.pa * DEG, contrast: rf.contrast };
  } catch {
    ring = null;
  }
  const theory = imagingTheory(data, size, cell, { psf, coefficients, dictionary, nonneg: o.method === 'cs' || o.method === 'rml', chi2: model ? chi2 : undefined });
  const summary: ImagingSummary = {
    file: name,
    method: o.method,
    algorithm,
    size,
    cell: formatAngle(cell),
    cellRad: cell,
    visibilities: data.n,
    dropped,
    weighting: scheme === 'briggs' ? `briggs ${o.robust ?? 0}` : scheme,
    chi2,
    reducedChi2: chi2 / (2 * data.n),
    residualRms: rms,
    peak,
    peakUnit: 'Jy/beam',
    dynamicRange: rms > 0 ? peak / rms : Number.POSITIVE_INFINITY,
    totalFlux: flux,
    beam: { bmajDeg: beam.major * DEG, bminDeg: beam.minor * DEG, bpaDeg: beam.pa * DEG, major: formatAngle(beam.major), minor: formatAngle(beam.minor), fitPixels: beam.pixels },
    core: { l: formatAngle(cj.core.l), m: formatAngle(cj.core.m), lRad: cj.core.l, mRad: cj.core.m },
    jet: cj.jet ? { paDeg: cj.jet.pa * DEG, distance: formatAngle(cj.jet.distance), fluxFraction: cj.jet.fluxFraction } : null,
    ring,
    details,
    theory,
    explain: explainImage(theory),
    seconds: (performance.now() - t0) / 1000,
    warnings,
    notes,
  };
  return { image, imageUnit, model, residual, psf, beam, data, summary };
}

/**
 * The warning for an image with no positive pixel (its PNG would be black and its peak 0): with
 * baselines shorter than 1/field, the likely cause is flux on scales larger than the field (EHT's
 * intra-site baselines see the extended jet), and the fixes are to leave them out or to scale
 * them to the compact flux.
 */
function noPositivePixel(name: string, method: string, peak: number, flux: number | null, vs: Visibilities, size: number, cell: number): string {
  const field = size * cell;
  const uvField = 1 / field;
  let short = 0;
  for (let k = 0; k < vs.n; k++) if (Math.hypot(vs.u[k], vs.v[k]) < uvField) short++;
  const head = `${name}: the ${method} image has no positive pixel (peak ${peak.toPrecision(3)}${flux === null ? '' : `, total flux ${flux.toPrecision(3)} Jy`}; image.png shows it linearly from its minimum to its maximum)`;
  if (short === 0) return `${head}: check the visibilities' calibration and sign`;
  return `${head}: ${short} of ${vs.n} visibilities are on baselines shorter than 1/field (${uvField.toPrecision(3)} wavelengths), which see structure larger than the ${formatAngle(field)} field (for EHT data, the intra-site baselines see the extended jet); leave them out (--uv-min ${uvField.toPrecision(3)}) or scale them to the compact flux (--zero-baseline <Jy>)`;
}
