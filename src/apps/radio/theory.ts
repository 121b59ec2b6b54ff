/**
 * The theory of a radio image, in numbers and in words:
 *
 * - the coverage (./coverage.ts): resolution 1/u_max, largest recoverable scale 1/u_min, the
 *   filling fraction of the image's uv grid, the coherence and side lobes of the gridded coverage,
 *   and the side lobe of the imaging PSF itself (the weighted PSF: its largest |value| outside the
 *   main lobe, the peak's connected region above zero);
 * - the planner's view (../../predict/plan.ts): the coverage measures m = the number of uv-grid
 *   cells it samples (conjugates included: each pair of cells is one complex Fourier coefficient of
 *   a real image, two real numbers); the image has k significant coefficients in the dictionary
 *   (the fewest holding 99% of the energy of its coefficients, `sparsityK99`); the planner gives
 *   the m that basis pursuit needs for a k-sparse signal of n = N^2 pixels at 95% success (partial
 *   Fourier, by universality with the Gaussian phase transition; nonnegative signals when the image
 *   is). A coverage is not a random draw, so this is a yardstick, not a guarantee;
 * - the fit: chi-squared and its expectation 2M +- 2 sqrt(M) (the reduced chi-squared 1 +- 1/sqrt(M));
 * - `explainImage`: the paragraph (what the coverage can and cannot constrain).
 *
 * @example
 * import { imagingTheory, explainImage } from './theory.ts';
 * // const t = imagingTheory(vs, 128, cell, { psf, coefficients });  explainImage(t)
 */
import { plan } from '../../predict/plan.ts';
import { formatAngle, formatWavelengths } from './angles.ts';
import { connectedRegion } from './beam.ts';
import { type CoverageStats, coverageStats, fillingFraction, gridCoherence } from './coverage.ts';
import type { Visibilities } from './visibilities.ts';

/**
 * The imaging theory of a data set: coverage, field, uv filling, gridded PSF coherence, the imaging
 * PSF's side lobe, sparsity, the measurement planner, chi^2 and warnings.
 */
export interface ImagingTheory {
  coverage: CoverageStats;
  size: number;
  cell: number;
  field: number;
  filling: { grid: number; disc: number; sampledCells: number; outside: number };
  gridPsf: { sideLobe: number; coherence: number; welch: number };
  /** Side lobe of the imaging PSF (weighted) outside its main lobe. */
  psfSideLobe: number | null;
  sparsity: { dictionary: string; k99: number; coefficients: number } | null;
  planner: { n: number; k: number; mNeeded: number; mCoverage: number; enough: boolean; method: string } | null;
  visibilities: number;
  chi2: { value: number; reduced: number; expected: number; spread: number } | null;
  /** Field larger than the largest recoverable scale, or the cell undersampling the longest baseline. */
  warnings: string[];
}

/** The fewest coefficients holding 99% of the energy sum c^2. */
export function sparsityK99(c: Float64Array): number {
  const e = Float64Array.from(c, (v) => v * v).sort();
  let total = 0;
  for (const v of e) total += v;
  if (!(total > 0)) return 0;
  let s = 0;
  for (let i = e.length - 1, k = 1; i >= 0; i--, k++) {
    s += e[i];
    if (s >= 0.99 * total) return k;
  }
  return e.length;
}

/** The largest |PSF| outside the main lobe (the 4-connected region around the centre where PSF > 0). */
export function psfSideLobe(psf: Float64Array, size: number): number {
  const c0 = (size / 2) * size + size / 2;
  const seen = connectedRegion(psf, size, c0, (v) => v > 0).mask;
  let best = 0;
  for (let i = 0; i < psf.length; i++) if (!seen[i]) best = Math.max(best, Math.abs(psf[i]));
  return best / psf[c0];
}

/** Optional inputs of {@link imagingTheory}: the imaging PSF and the image's coefficients in its dictionary. */
export interface TheoryInputs {
  /** N x N imaging PSF (peak at N/2, N/2). */
  psf?: Float64Array;
  /** Coefficients of the image in the dictionary, and its name. */
  coefficients?: Float64Array;
  dictionary?: string;
  nonneg?: boolean;
  /** chi^2 = sum w |V - model|^2 of the result. */
  chi2?: number;
}

/** The numbers of the file comment. */
export function imagingTheory(vs: Pick<Visibilities, 'n' | 'u' | 'v' | 'weight' | 'ant1' | 'ant2'>, size: number, cell: number, inp: TheoryInputs = {}): ImagingTheory {
  const coverage = coverageStats(vs);
  const fill = fillingFraction(vs, size, cell);
  const coh = fill.sampledCells > 0 ? gridCoherence(vs, size, cell) : null;
  const field = size * cell;
  const warnings: string[] = [];
  if (cell > coverage.nyquistCell * (1 + 1e-12)) {
    warnings.push(`the cell ${formatAngle(cell)} undersamples the longest baseline: use at most ${formatAngle(coverage.nyquistCell)}`);
  }
  let sparsity: ImagingTheory['sparsity'] = null;
  let planner: ImagingTheory['planner'] = null;
  if (inp.coefficients) {
    const k = sparsityK99(inp.coefficients);
    sparsity = { dictionary: inp.dictionary ?? 'pixels', k99: k, coefficients: inp.coefficients.length };
    const n = size * size;
    const kk = Math.max(1, Math.min(k, n - 1));
    const p = plan({ n, k: kk, ensemble: 'partial-fourier', signal: inp.nonneg ? 'nonneg' : 'signed', target: 0.95 });
    planner = { n, k: kk, mNeeded: p.m, mCoverage: fill.sampledCells, enough: fill.sampledCells >= p.m, method: p.asymptotic.method };
  }
  const M = vs.n;
  const chi2 = inp.chi2 === undefined ? null : { value: inp.chi2, reduced: inp.chi2 / (2 * M), expected: 2 * M, spread: 2 * Math.sqrt(M) };
  return {
    coverage,
    size,
    cell,
    field,
    filling: { grid: fill.grid, disc: fill.disc, sampledCells: fill.sampledCells, outside: fill.outside },
    gridPsf: { sideLobe: coh?.sideLobe ?? Number.NaN, coherence: coh?.coherence ?? Number.NaN, welch: coh?.welch ?? Number.NaN },
    psfSideLobe: inp.psf ? psfSideLobe(inp.psf, size) : null,
    sparsity,
    planner,
    visibilities: M,
    chi2,
    warnings,
  };
}

/** The explain paragraph (what the coverage can and cannot constrain, and how the result fits). */
export function explainImage(t: ImagingTheory): string {
  const c = t.coverage;
  const parts: string[] = [];
  parts.push(
    `The ${t.visibilities} visibilities sample ${t.filling.sampledCells} of the ${t.size * t.size} cells of the ${t.size}x${t.size} uv grid (${(100 * t.filling.grid).toFixed(2)}%; ${(100 * t.filling.disc).toFixed(2)}% of the disc within the longest baseline, ${formatWavelengths(c.uvMax)}).`,
  );
  parts.push(
    `The nominal resolution is ${formatAngle(c.resolution)} (lambda/B_max); the image has ${formatAngle(t.cell)} pixels, ${(c.resolution / t.cell).toFixed(1)} per resolution element.`,
  );
  if (c.largestScale < t.field) {
    parts.push(
      `Structure smoother than ${formatAngle(c.largestScale)} (lambda/B_min, the shortest baseline) is not measured: the ${formatAngle(t.field)} field is larger, so any flux spread over larger scales is invisible to the data and set by the regulariser (or lost).`,
    );
  } else {
    parts.push(
      `The shortest baseline constrains structure up to ${formatAngle(c.largestScale)} (lambda/B_min), more than the ${formatAngle(t.field)} field: what lies outside the field is not modelled and, if bright, leaks into the image through the side lobes.`,
    );
  }
  if (t.psfSideLobe !== null) {
    parts.push(
      `The PSF of these weights has side lobes of ${(100 * t.psfSideLobe).toFixed(0)}% outside its main lobe (${(100 * t.gridPsf.sideLobe).toFixed(0)}% for the sampled grid cells counted once; the pixel coherence is ${t.gridPsf.coherence.toFixed(2)} against a Welch bound of ${t.gridPsf.welch.toFixed(3)}): the dirty image is the sky convolved with it, and the deconvolution has to remove them.`,
    );
  }
  if (t.sparsity && t.planner) {
    parts.push(
      `The image has k = ${t.sparsity.k99} significant coefficients in the ${t.sparsity.dictionary} dictionary (99% of their energy); for a k-sparse image of n = ${t.planner.n} pixels, basis pursuit needs about m = ${t.planner.mNeeded} Fourier measurements at 95% success (phase-transition theory for partial Fourier matrices, a yardstick for a coverage that is not random), and the coverage provides m = ${t.planner.mCoverage}: ${t.planner.enough ? 'enough, so a sparse reconstruction is well posed at this resolution' : 'too few, so details beyond what the data pin down come from the regulariser; a coarser cell or a smaller field would help'}.`,
    );
  }
  if (t.chi2) {
    const r = t.chi2.reduced;
    const tolr = t.chi2.spread / t.chi2.expected;
    const verdict =
      Math.abs(r - 1) <= 3 * tolr
        ? 'consistent with the noise the weights state'
        : r > 1
          ? 'above the noise: the model misses structure or the weights understate the errors (calibration, systematic noise)'
          : 'below the noise: the image fits the noise (over-fitting) or the weights overstate the errors';
    parts.push(`The result fits the visibilities with chi-squared ${t.chi2.value.toFixed(1)} for ${t.chi2.expected} real measurements (reduced ${r.toFixed(3)}, expected 1 +- ${tolr.toFixed(3)}): ${verdict}.`);
  }
  parts.push('The w-term and the primary beam are ignored (small fields).');
  for (const w of t.warnings) parts.push(`Warning: ${w}.`);
  return parts.join(' ');
}
