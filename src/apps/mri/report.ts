/**
 * The theory report of one reconstruction: what the sampling pattern, the image's sparsity and
 * the phase-transition planner say, next to what the reconstruction achieved, with a plain-language
 * paragraph built from those numbers.
 *
 * - mask: acceleration, PSF side-lobe level and, when the reconstruction penalises wavelet
 *   coefficients, the TPSF side-lobe-to-peak and mutual coherence with its wavelet (./psf.ts); a
 *   TV reconstruction has no wavelet, so no TPSF (null) and the PSF alone is reported;
 * - pattern: the mask's kind (given, or 'lines' recognised from the mask) decides how the aliasing
 *   is described (./report-pattern.ts: radial spokes give coherent streaks, lines alias along one
 *   axis, only random patterns alias like noise);
 * - sparsity in the reconstruction's transform: the fraction of the energy in the largest k
 *   orthonormal wavelet coefficients (TV: gradient magnitudes, forward differences as the TV
 *   penalty) for k = 1, 2, 5, 10, 20 % of n, and k_99 / k_999 (the fewest coefficients holding
 *   99 % / 99.9 % of the energy), of the truth when known, else of the reconstruction (said so);
 * - prediction: `plan()` (../../predict/plan.ts) for n = ny nx unknowns and k = k_999, with its
 *   provenance and notes (Fourier sampling of images has no empirical transition data: the planner
 *   says so and gives the Gaussian baseline; THEORY.md section 7);
 * - metrics against the truth (NRMSE plain and scaled, PSNR, SSIM) for the zero-filled image and
 *   the reconstruction, and the data-consistency residual.
 *
 * @example
 * import { theoryReport } from './report.ts';
 * // const rep = theoryReport(acq, reconstruct(acq), { truth, pattern: 'radial' });  rep.paragraph
 */
import { CandorError } from '../../core/errors.ts';
import { checkSpec } from '../../core/wavelets/levels.ts';
import { wavelet2 } from '../../linops/wavelet.ts';
import { plan } from '../../predict/plan.ts';
import type { Acquisition } from './acquisition.ts';
import { toComplexImage } from '../../core/imaging/complex-image.ts';
import { nrmse, nrmseScaled, psnr, ssim } from '../../core/imaging/metrics.ts';
import { checkMask, countSamples, type MaskKind } from './masks/common.ts';
import { cartesianOperator } from './operators.ts';
import { type MaskReport, maskReport } from './psf.ts';
import { maskPsf } from '../../predict/psf.ts';
import { aliasingText, detectPattern, patternEnsemble, patternPhrase } from './report-pattern.ts';
import type { ReconResult } from './recon/reconstruct.ts';

/** How sparse an image is in a transform (orthonormal wavelet or gradient): the energy held by its largest coefficients. */
export interface SparsityReport {
  /** The transform the energy is counted in: orthonormal wavelet, or the gradient (TV). */
  transform: 'wavelet' | 'gradient';
  /** The wavelet (null for the gradient). */
  wavelet: string | null;
  of: 'truth' | 'reconstruction';
  /** [fraction of n, fraction of energy] pairs. */
  energyInLargest: { fraction: number; k: number; energy: number }[];
  k99: number;
  k999: number;
}

/** Quality of an image against the truth: NRMSE, scaled NRMSE, PSNR in dB and SSIM (null when not computed). */
export interface ImageMetrics {
  nrmse: number;
  nrmseScaled: number;
  psnr: number;
  ssim: number | null;
}

/** The mask part of the report: TPSF fields null when the reconstruction uses no wavelet (TV). */
export interface ReportMask extends Omit<MaskReport, 'tpsfSideLobe' | 'coherence' | 'wavelet' | 'levels'> {
  tpsfSideLobe: number | null;
  coherence: number | null;
  wavelet: string | null;
  levels: number | null;
}

/**
 * The theory report of a reconstruction: sizes, the mask's incoherence and pattern, the sparsity of
 * the truth or the reconstruction, the planner's prediction, the reconstruction's statistics,
 * metrics against the truth and a plain-language summary.
 */
export interface TheoryReport {
  ny: number;
  nx: number;
  n: number;
  m: number;
  mask: ReportMask;
  /** The sampling pattern's kind as given or recognised (null: unknown). */
  pattern: MaskKind | null;
  sparsity: SparsityReport;
  prediction: {
    ensemble: string;
    k: number;
    m: number;
    provenance: string;
    method: string;
    notes: string[];
  } | null;
  recon: {
    method: string;
    solver: string;
    iterations: number;
    converged: boolean;
    dataResidual: number;
    seconds: number;
  };
  metrics: { zeroFilled: ImageMetrics; recon: ImageMetrics } | null;
  paragraph: string;
}

const FRACTIONS = [0.01, 0.02, 0.05, 0.1, 0.2];

/** Energy compaction of a complex image in an orthonormal wavelet basis. */
export function waveletSparsity(
  image: Float64Array,
  ny: number,
  nx: number,
  wavelet = 'haar',
  levels?: number,
): Omit<SparsityReport, 'of'> {
  const n = ny * nx;
  const W = wavelet2(ny, nx, { wavelet, levels });
  const c = W.apply(toComplexImage('waveletSparsity', image, n), new Float64Array(2 * n));
  const e = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    e[i] = c[2 * i] * c[2 * i] + c[2 * i + 1] * c[2 * i + 1];
    total += e[i];
  }
  if (!(total > 0)) throw new CandorError('waveletSparsity', 'image', 'a non-zero image', 'all zeros');
  return {
    transform: 'wavelet',
    wavelet: checkSpec('wavelet2', ['ny', 'nx'], [ny, nx], wavelet, levels).filters.name,
    ...compaction(e, total, n),
  };
}

/** energyInLargest, k99 and k999 of per-coefficient energies `e` (sorted here, in place). */
function compaction(e: Float64Array, total: number, n: number): Pick<SparsityReport, 'energyInLargest' | 'k99' | 'k999'> {
  e.sort();
  e.reverse();
  const cum = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += e[i];
    cum[i] = s / total;
  }
  const kFor = (q: number) => {
    let lo = 0;
    while (lo < n - 1 && cum[lo] < q) lo++;
    return lo + 1;
  };
  return {
    energyInLargest: FRACTIONS.map((f) => {
      const k = Math.max(1, Math.round(f * n));
      return { fraction: f, k, energy: cum[k - 1] };
    }),
    k99: kFor(0.99),
    k999: kFor(0.999),
  };
}

/**
 * Energy compaction of a complex image's gradient, the transform TV penalises: per pixel the
 * squared isotropic gradient |x[i+1,j] - x[i,j]|^2 + |x[i,j+1] - x[i,j]|^2 (forward differences,
 * none across the last row and column, as ../../prox/tv-kernels.ts), counted as for the wavelet.
 *
 * @example
 * import { gradientSparsity } from './report.ts';
 * const img = new Float64Array(64); img.fill(1, 0, 32);          // a step: one row of edges
 * gradientSparsity(img, 8, 8).k999;                              // 8 (the pixels of that row)
 */
export function gradientSparsity(image: Float64Array, ny: number, nx: number): Omit<SparsityReport, 'of'> {
  const n = ny * nx;
  const x = toComplexImage('gradientSparsity', image, n);
  const e = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const a = 2 * (i * nx + j);
      let g = 0;
      if (i < ny - 1) g += (x[a + 2 * nx] - x[a]) ** 2 + (x[a + 2 * nx + 1] - x[a + 1]) ** 2;
      if (j < nx - 1) g += (x[a + 2] - x[a]) ** 2 + (x[a + 3] - x[a + 1]) ** 2;
      e[i * nx + j] = g;
      total += g;
    }
  }
  if (!(total > 0)) throw new CandorError('gradientSparsity', 'image', 'an image with some variation', 'a constant image');
  return { transform: 'gradient', wavelet: null, ...compaction(e, total, n) };
}

/** NRMSE, scaled NRMSE, PSNR and SSIM (null below 11 x 11) of x against the truth. */
export function metricsOf(x: Float64Array, truth: Float64Array, ny: number, nx: number): ImageMetrics {
  return {
    nrmse: nrmse(x, truth),
    nrmseScaled: nrmseScaled(x, truth),
    psnr: psnr(x, truth),
    ssim: ny >= 11 && nx >= 11 ? ssim(x, truth, ny, nx) : null,
  };
}

/** A fraction as a percentage for the paragraph (two significant digits below 10%). */
export const pct = (v: number) => `${v >= 0.1 ? (100 * v).toFixed(1) : (100 * v).toPrecision(2)}%`;
/** A count or value for the paragraph (thousands separated, else three significant digits). */
export const num = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));

/** The mask part: PSF always; TPSF and coherence with `wavelet` unless it is null (TV). */
export function reportMask(mask: Uint8Array, ny: number, nx: number, wavelet: string | null): ReportMask {
  if (wavelet !== null) return maskReport(mask, ny, nx, { wavelet });
  const m = checkMask('theoryReport', mask, ny, nx);
  const samples = countSamples(m);
  const p = maskPsf([ny, nx], m, { centered: true });
  return { samples, acceleration: (ny * nx) / samples, psfSideLobe: p.sideLobe, psfSideLobeShift: p.sideLobeShift, tpsfSideLobe: null, coherence: null, wavelet: null, levels: null };
}

/**
 * The report of the file comment. `truth` (real n or complex 2n) enables the metrics; `pattern`
 * names the mask's kind (default: recognised from the mask when it is made of whole lines, else
 * unknown); `ensemble` overrides the planner ensemble the pattern stands for.
 */
export function theoryReport(
  acq: Acquisition,
  recon: ReconResult,
  opts: { truth?: Float64Array; ensemble?: string; target?: number; pattern?: MaskKind } = {},
): TheoryReport {
  const { ny, nx, mask, y } = acq;
  const n = ny * nx;
  const m = y.length >> 1;
  // TV penalises the gradient: no wavelet, so no TPSF; the other methods (and zero filling, the
  // l1-wavelet baseline) are judged with the reconstruction's wavelet
  const usesWavelet = recon.method !== 'tv';
  const mr = reportMask(mask, ny, nx, usesWavelet ? (recon.wavelet ?? 'haar') : null);
  const pattern = opts.pattern ?? detectPattern(mask, ny, nx);
  const truth = opts.truth ? toComplexImage('theoryReport', opts.truth, n) : undefined;
  const sp = {
    ...(usesWavelet ? waveletSparsity(truth ?? recon.image, ny, nx, recon.wavelet ?? 'haar') : gradientSparsity(truth ?? recon.image, ny, nx)),
    of: truth ? ('truth' as const) : ('reconstruction' as const),
  };
  const ensemble = opts.ensemble ?? patternEnsemble(pattern);
  let prediction: TheoryReport['prediction'] = null;
  const k = Math.min(sp.k999, n - 1);
  try {
    const pr = plan({ n, k, ensemble, target: opts.target ?? 0.95 });
    prediction = {
      ensemble,
      k,
      m: pr.m,
      provenance: pr.provenance,
      method: pr.asymptotic.method,
      notes: [...pr.notes, ...pr.warnings],
    };
  } catch {
    prediction = null; // sizes outside the planner's range: reported as no prediction
  }
  let metrics: TheoryReport['metrics'] = null;
  if (truth) {
    const zf = cartesianOperator(ny, nx, mask).adjoint(y, new Float64Array(2 * n));
    metrics = { zeroFilled: metricsOf(zf, truth, ny, nx), recon: metricsOf(recon.image, truth, ny, nx) };
  }
  const parts: string[] = [];
  const tpsf = mr.tpsfSideLobe;
  let maskText = `The mask keeps m = ${num(m)} of n = ${num(n)} k-space samples (acceleration ${mr.acceleration.toFixed(2)}). Its point-spread function has side lobes at ${pct(mr.psfSideLobe)} of the peak`;
  if (tpsf === null) {
    maskText += '; the TV penalty acts on image gradients, not on wavelet coefficients, so no transform point-spread is reported.';
  } else if (tpsf > 1) {
    maskText += ` and its transform point-spread with the ${mr.wavelet} wavelet exceeds the peak (${tpsf.toFixed(2)} times it): some wavelet atoms are sampled so sparsely that their aliasing outweighs their own signal, so the reconstruction cannot separate them; sample more, or more densely at low frequencies.`;
  } else {
    maskText += ` and its transform point-spread with the ${mr.wavelet} wavelet reaches ${pct(tpsf)} of the peak`;
  }
  let aliasing = aliasingText(pattern, tpsf);
  // the TPSF clause ends without a full stop: close it before a sentence of its own
  if (tpsf !== null && tpsf <= 1 && !aliasing.startsWith(',') && !aliasing.startsWith(';')) aliasing = `.${aliasing}`;
  parts.push(maskText + aliasing);
  const e10 = sp.energyInLargest.find((f) => f.fraction === 0.1)?.energy ?? 0;
  const whose = sp.of === 'truth' ? 'true image' : 'reconstructed image (the truth is unknown)';
  parts.push(
    sp.transform === 'gradient'
      ? `The ${whose} has a sparse gradient, which is what TV penalises: its largest 10% of gradient magnitudes hold ${pct(e10)} of the gradient energy, and 99.9% of it needs k = ${num(sp.k999)} pixels (${pct(sp.k999 / n)} of n).`
      : `The ${whose} is compressible in the ${sp.wavelet} wavelet: its largest 10% of coefficients hold ${pct(e10)} of the energy, and 99.9% of it needs k = ${num(sp.k999)} coefficients (${pct(sp.k999 / n)} of n).`,
  );
  if (prediction) {
    const ratio = m / prediction.m;
    const where = sp.transform === 'gradient' ? 'where most of the image energy lives' : 'where the large wavelet coefficients live';
    const ref = sp.transform === 'gradient' ? 'Krahmer & Ward 2014' : 'sparsity in levels, Adcock et al. 2017';
    parts.push(
      `For a k-sparse signal the planner asks for m >= ${num(prediction.m)} measurements for 95% success (${prediction.provenance}, the Gaussian baseline); ` +
        `this sampling has ${ratio >= 1 ? `${ratio.toFixed(2)} times that` : `only ${pct(ratio)} of it`}; no empirical phase-transition data exists for ${patternPhrase(pattern)}, so the comparison is indicative only` +
        (ratio < 1 ? `: dense sampling of the low frequencies, ${where}, is what lets such masks work below the baseline (${ref}).` : '.'),
    );
  } else {
    parts.push('The phase-transition planner has no prediction for this size.');
  }
  const conv = recon.converged
    ? 'converged'
    : `stopped at ${recon.iterations} iterations (${recon.stopReason})`;
  let result = `The ${recon.method} reconstruction ${conv}, with data residual ||Ax - y||/||y|| = ${recon.dataResidual.toExponential(1)}`;
  if (metrics) {
    result += `; against the truth its scaled NRMSE is ${metrics.recon.nrmseScaled.toFixed(4)} (zero-filled ${metrics.zeroFilled.nrmseScaled.toFixed(4)}), PSNR ${metrics.recon.psnr.toFixed(1)} dB`;
    if (metrics.recon.ssim !== null) result += `, SSIM ${metrics.recon.ssim.toFixed(3)}`;
  }
  parts.push(`${result}.`);
  for (const w of recon.warnings) parts.push(`Note: ${w}.`);
  return {
    ny,
    nx,
    n,
    m,
    mask: mr,
    pattern,
    sparsity: sp,
    prediction,
    recon: {
      method: recon.method,
      solver: recon.solver,
      iterations: recon.iterations,
      converged: recon.converged,
      dataResidual: recon.dataResidual,
      seconds: recon.seconds,
    },
    metrics,
    paragraph: parts.join(' '),
  };
}
