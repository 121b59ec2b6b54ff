/**
 * The theory report of one reconstruction: what the sampling pattern, the image's sparsity and
 * the phase-transition planner say, next to what the reconstruction achieved, with a plain-language
 * paragraph built from those numbers.
 *
 * - mask: acceleration, PSF side-lobe level, TPSF side-lobe-to-peak and mutual coherence with the
 *   reconstruction's wavelet (./psf.ts);
 * - sparsity: the fraction of the image's energy in its largest k orthonormal wavelet coefficients
 *   for k = 1, 2, 5, 10, 20 % of n, and k_99 / k_999 (the fewest coefficients holding 99 % /
 *   99.9 % of the energy), of the truth when known, else of the reconstruction (said so);
 * - prediction: `plan()` (../../predict/plan.ts) for n = ny nx unknowns and k = k_999, with its
 *   provenance and notes (variable-density Fourier sampling has no empirical transition data:
 *   the planner says so and gives the Gaussian baseline; THEORY.md section 7);
 * - metrics against the truth (NRMSE plain and scaled, PSNR, SSIM) for the zero-filled image and
 *   the reconstruction, and the data-consistency residual.
 *
 * @example
 * import { theoryReport } from './report.ts';
 * // const rep = theoryReport(acq, reconstruct(acq), { truth });  rep.paragraph
 */
import { CandorError } from '../../core/errors.ts';
import { checkSpec } from '../../core/wavelets/levels.ts';
import { wavelet2 } from '../../linops/wavelet.ts';
import { plan } from '../../predict/plan.ts';
import type { Acquisition } from './acquisition.ts';
import { toComplexImage } from '../../core/imaging/complex-image.ts';
import { nrmse, nrmseScaled, psnr, ssim } from '../../core/imaging/metrics.ts';
import { cartesianOperator } from './operators.ts';
import { type MaskReport, maskReport } from './psf.ts';
import type { ReconResult } from './recon/reconstruct.ts';

export interface SparsityReport {
  wavelet: string;
  of: 'truth' | 'reconstruction';
  /** [fraction of n, fraction of energy] pairs. */
  energyInLargest: { fraction: number; k: number; energy: number }[];
  k99: number;
  k999: number;
}

export interface ImageMetrics {
  nrmse: number;
  nrmseScaled: number;
  psnr: number;
  ssim: number | null;
}

export interface TheoryReport {
  ny: number;
  nx: number;
  n: number;
  m: number;
  mask: MaskReport;
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
    wavelet: checkSpec('wavelet2', ['ny', 'nx'], [ny, nx], wavelet, levels).filters.name,
    energyInLargest: FRACTIONS.map((f) => {
      const k = Math.max(1, Math.round(f * n));
      return { fraction: f, k, energy: cum[k - 1] };
    }),
    k99: kFor(0.99),
    k999: kFor(0.999),
  };
}

function metricsOf(x: Float64Array, truth: Float64Array, ny: number, nx: number): ImageMetrics {
  return {
    nrmse: nrmse(x, truth),
    nrmseScaled: nrmseScaled(x, truth),
    psnr: psnr(x, truth),
    ssim: ny >= 11 && nx >= 11 ? ssim(x, truth, ny, nx) : null,
  };
}

const pct = (v: number) => `${v >= 0.1 ? (100 * v).toFixed(1) : (100 * v).toPrecision(2)}%`;
const num = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));

/** The report of the file comment. `truth` (real n or complex 2n) enables the metrics. */
export function theoryReport(
  acq: Acquisition,
  recon: ReconResult,
  opts: { truth?: Float64Array; ensemble?: string; target?: number } = {},
): TheoryReport {
  const { ny, nx, mask, y } = acq;
  const n = ny * nx;
  const m = y.length >> 1;
  const wavelet = recon.wavelet ?? 'haar';
  const mr = maskReport(mask, ny, nx, { wavelet });
  const truth = opts.truth ? toComplexImage('theoryReport', opts.truth, n) : undefined;
  const sp = {
    ...waveletSparsity(truth ?? recon.image, ny, nx, wavelet),
    of: truth ? ('truth' as const) : ('reconstruction' as const),
  };
  const ensemble = opts.ensemble ?? 'variable-density';
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
  parts.push(
    `The mask keeps m = ${num(m)} of n = ${num(n)} k-space samples (acceleration ${mr.acceleration.toFixed(2)}). ` +
      `Its point-spread function has side lobes at ${pct(mr.psfSideLobe)} of the peak and its transform point-spread with the ${mr.wavelet} wavelet ` +
      (mr.tpsfSideLobe > 1
        ? `exceeds the peak (${mr.tpsfSideLobe.toFixed(2)} times it): some wavelet atoms are sampled so sparsely that their aliasing outweighs their own signal, so the reconstruction cannot separate them; sample more, or more densely at low frequencies.`
        : `reaches ${pct(mr.tpsfSideLobe)} of the peak`) +
      (mr.tpsfSideLobe > 1
        ? ''
        : mr.tpsfSideLobe < 0.35
          ? ', so undersampling aliases spread like noise rather than as coherent copies (Lustig, Donoho & Pauly 2007).'
          : ', high enough that part of the aliasing is coherent: structured artefacts may survive the reconstruction; a more random or variable-density pattern lowers it.'),
  );
  const e10 = sp.energyInLargest.find((f) => f.fraction === 0.1)?.energy ?? 0;
  parts.push(
    `The ${sp.of === 'truth' ? 'true image' : 'reconstructed image (the truth is unknown)'} is compressible in the ${sp.wavelet} wavelet: its largest 10% of coefficients hold ${pct(e10)} of the energy, and 99.9% of it needs k = ${num(sp.k999)} coefficients (${pct(sp.k999 / n)} of n).`,
  );
  if (prediction) {
    const ratio = m / prediction.m;
    parts.push(
      `For a k-sparse signal the planner asks for m >= ${num(prediction.m)} measurements for 95% success (${prediction.provenance}, the Gaussian baseline); ` +
        `this sampling has ${ratio >= 1 ? `${ratio.toFixed(2)} times that` : `only ${pct(ratio)} of it`}; no empirical phase-transition data exists for variable-density Fourier sampling, so the comparison is indicative only` +
        (ratio < 1
          ? ': dense sampling of the low frequencies, where the large wavelet coefficients live, is what lets such masks work below the baseline (sparsity in levels, Adcock et al. 2017).'
          : '.'),
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
