/**
 * The theory report of a multi-coil (SENSE) reconstruction, the multi-coil counterpart of
 * ./report.ts: what the sampling pattern, the coils and the image's sparsity say, next to what
 * the reconstruction achieved, with a plain-language paragraph built from those numbers.
 *
 * - mask (Cartesian): acceleration per coil, the PSF side lobes and, with a wavelet penalty, the
 *   TPSF and coherence (./psf.ts; the same for every coil: the coils weight the image, not the
 *   sampling); a trajectory: its samples per coil and acceleration against the grid;
 * - coils: their number and the g-factor map of the actual sampling by pseudo-replicas of
 *   CG-SENSE (./gfactor-replica.ts, Robson et al. 2008): mean and max over the maps' support,
 *   the SNR cost g sqrt(R) and the replicas' per-pixel sampling error;
 * - sparsity of the truth's magnitude (or the reconstruction's) in the reconstruction's wavelet
 *   (TV: its gradient), k_99.9 as in ./report.ts;
 * - prediction: the planner's Gaussian baseline for m = samples per coil and k = k_99.9 (the
 *   planner knows no coil model, so it is a single-coil bound; the coils' gain is measured by
 *   `candor mri plan --kspace` / `--coils`, docs/mri.md);
 * - metrics of the magnitudes against the truth (coil-combined images carry the maps' phase), the
 *   zero-filled (or gridding) image beside the reconstruction, and the data residual.
 *
 * @example
 * import { multiCoilReport } from './report-multicoil.ts';
 * // const rep = multiCoilReport(acq, maps, reconstructMultiCoil(acq, maps), { truth, replicas: 8 });
 * // rep.gFactor.mean; rep.paragraph
 */
import { toComplexImage } from '../../core/imaging/complex-image.ts';
import type { Team } from '../../core/parallel/team.ts';
import { magnitude } from '../../core/imaging/metrics.ts';
import { plan } from '../../predict/plan.ts';
import type { CoilArray } from './coils/types.ts';
import { type GFactorReplicaResult, gFactorPseudoReplica } from './gfactor-replica.ts';
import type { MaskKind } from './masks/common.ts';
import type { MultiCoilAcquisition } from './multicoil.ts';
import type { MultiCoilReconResult } from './recon/multicoil.ts';
import { gradientSparsity, type ImageMetrics, metricsOf, num, pct, type ReportMask, reportMask, type SparsityReport, waveletSparsity } from './report.ts';
import { aliasingText, detectPattern, patternEnsemble, patternPhrase } from './report-pattern.ts';

/** The multi-coil theory report (see the file comment). */
export interface MultiCoilTheoryReport {
  ny: number;
  nx: number;
  n: number;
  coils: number;
  /** Samples per coil. */
  m: number;
  trajectory: 'cartesian' | 'non-cartesian';
  /** The mask part (Cartesian; null for a trajectory). */
  mask: ReportMask | null;
  pattern: MaskKind | null;
  /** The pseudo-replica g-factor (null when not asked for: replicas 0); its map is returned separately. */
  gFactor: Omit<GFactorReplicaResult, 'map'> | null;
  sparsity: SparsityReport;
  prediction: { ensemble: string; k: number; m: number; provenance: string; method: string; notes: string[] } | null;
  recon: { method: string; solver: string; iterations: number; converged: boolean; dataResidual: number; seconds: number };
  /** Magnitudes against the truth: the zero-filled (Cartesian) or gridding image and the reconstruction. */
  metrics: { baseline: ImageMetrics; recon: ImageMetrics } | null;
  paragraph: string;
}

/** Options of {@link multiCoilReport}. */
export interface MultiCoilReportOptions {
  /** The truth (real or complex; compared by magnitude). */
  truth?: Float64Array;
  /** The mask's kind, for the wording (default: recognised when made of whole lines). */
  pattern?: MaskKind;
  /** Pseudo-replicas of the g-factor map (default 8; 0: no g-factor). */
  replicas?: number;
  /** Seed of the replicas' noise (default 0). */
  seed?: number;
  /** A team for the replicas' CG-SENSE (Cartesian; ../../core/parallel/team.ts). */
  team?: Team;
}

/** The report and the g-factor map (real ny nx, or null without replicas). */
export function multiCoilReport(
  acq: MultiCoilAcquisition,
  maps: CoilArray,
  recon: MultiCoilReconResult,
  opts: MultiCoilReportOptions = {},
): { report: MultiCoilTheoryReport; gMap: Float64Array | null } {
  const { ny, nx, nc, m } = acq;
  const n = ny * nx;
  const cartesian = acq.mask !== null;
  const usesWavelet = recon.method !== 'tv' && recon.method !== 'cg-sense' && recon.method !== 'gridding' && recon.method !== 'zero-filled';
  const wavelet = recon.wavelet ?? 'haar';
  const mask = acq.mask ? reportMask(acq.mask, ny, nx, recon.method === 'tv' ? null : wavelet) : null;
  const pattern = acq.mask ? (opts.pattern ?? detectPattern(acq.mask, ny, nx)) : (opts.pattern ?? null);
  const replicas = opts.replicas ?? 8;
  // the reconstruction's own CG iterations when it is CG-SENSE, else CG-SENSE's default
  const gIter = recon.method === 'cg-sense' ? Math.max(recon.iterations, 1) : undefined;
  const g = replicas > 0 ? gFactorPseudoReplica(acq, maps, { replicas, seed: opts.seed, team: opts.team, maxIter: gIter }) : null;
  const truthMag = opts.truth ? magnitude(toComplexImage('multiCoilReport', opts.truth, n), n) : null;
  const reconMag = magnitude(recon.image, n);
  const subject = truthMag ?? reconMag;
  const sp: SparsityReport = {
    ...(recon.method === 'tv' ? gradientSparsity(subject, ny, nx) : waveletSparsity(subject, ny, nx, wavelet)),
    of: truthMag ? 'truth' : 'reconstruction',
  };
  const ensemble = patternEnsemble(pattern);
  let prediction: MultiCoilTheoryReport['prediction'] = null;
  const k = Math.min(sp.k999, n - 1);
  try {
    const pr = plan({ n, k, ensemble, target: 0.95 });
    prediction = { ensemble, k, m: pr.m, provenance: pr.provenance, method: pr.asymptotic.method, notes: [...pr.notes, ...pr.warnings] };
  } catch {
    prediction = null;
  }
  const metrics = truthMag
    ? { baseline: metricsOf(magnitude(recon.adjointImage, n), truthMag, ny, nx), recon: metricsOf(reconMag, truthMag, ny, nx) }
    : null;
  const parts: string[] = [];
  const R = n / m;
  if (mask) {
    let t = `Each of the ${nc} coils keeps m = ${num(m)} of n = ${num(n)} k-space samples (acceleration ${R.toFixed(2)}). The mask's point-spread function has side lobes at ${pct(mask.psfSideLobe)} of the peak`;
    const tpsf = mask.tpsfSideLobe;
    if (tpsf !== null && usesWavelet) t += ` and its transform point-spread with the ${mask.wavelet} wavelet reaches ${tpsf > 1 ? `${tpsf.toFixed(2)} times the peak` : pct(tpsf)}`;
    let aliasing = aliasingText(pattern, usesWavelet ? tpsf : null);
    if (!aliasing.startsWith(',') && !aliasing.startsWith(';') && !aliasing.startsWith('.')) aliasing = `.${aliasing}`;
    parts.push(t + aliasing);
  } else {
    parts.push(`Each of the ${nc} coils has ${num(m)} samples on its trajectory, ${R >= 1 ? `${R.toFixed(2)} times fewer than` : `${(1 / R).toFixed(2)} times`} the ${num(n)} points of the ${ny}x${nx} grid.`);
  }
  if (g) {
    parts.push(
      `The coils unfold the aliasing at a noise cost: the g-factor of this sampling (pseudo-replicas of CG-SENSE, ${g.replicas} replicas, Robson et al. 2008) is ${g.mean.toFixed(2)} on average over the ${num(g.support)} pixels the coil maps cover (max ${g.max.toFixed(2)}; one pixel's estimate is uncertain by about ${pct(g.pixelError)}), ` +
        (g.acceleration >= 1
          ? `so this CG-SENSE (${g.maxIter} iterations) keeps 1/(g sqrt(R)) = ${pct(1 / (g.mean * Math.sqrt(g.acceleration)))} of the fully sampled SNR on average.`
          : `(R = ${g.acceleration.toFixed(2)} counts samples against grid points; for a trajectory g measures the noise against a fully sampled grid).`) +
        ` Early-stopped CG is implicitly regularised, so g is this reconstruction's noise gain and understates the SENSE g-factor when the unfolding is ill-conditioned${nc < g.acceleration ? ` (here R = ${g.acceleration.toFixed(1)} exceeds the ${nc} coils: SENSE alone cannot unfold it)` : ''}.`,
    );
  }
  const e10 = sp.energyInLargest.find((f) => f.fraction === 0.1)?.energy ?? 0;
  const whose = sp.of === 'truth' ? 'true image' : 'reconstructed image (the truth is unknown)';
  parts.push(
    sp.transform === 'gradient'
      ? `The ${whose} has a sparse gradient: its largest 10% of gradient magnitudes hold ${pct(e10)} of the gradient energy, 99.9% needs k = ${num(sp.k999)} pixels.`
      : `The ${whose} (magnitude) is compressible in the ${sp.wavelet} wavelet: its largest 10% of coefficients hold ${pct(e10)} of the energy, 99.9% needs k = ${num(sp.k999)} coefficients (${pct(sp.k999 / n)} of n).`,
  );
  if (prediction) {
    const ratio = m / prediction.m;
    parts.push(
      `For a k-sparse signal the planner asks for m >= ${num(prediction.m)} measurements (${prediction.provenance}, the Gaussian baseline, one coil); each coil has ${ratio >= 1 ? `${ratio.toFixed(2)} times that` : `${pct(ratio)} of it`}. ` +
        `The planner knows no coil model and no empirical transition exists for ${patternPhrase(pattern)} with coils, so this is indicative only: the coils add encoding it does not count (candor mri plan --kspace measures what they give).`,
    );
  }
  const conv = recon.converged ? 'converged' : `stopped at ${recon.iterations} iterations (${recon.stopReason})`;
  let result = `The ${recon.method} reconstruction ${conv}, with data residual ||Ax - y||/||y|| = ${recon.dataResidual.toExponential(1)}`;
  if (metrics) {
    result += `; against the truth (magnitudes) its scaled NRMSE is ${metrics.recon.nrmseScaled.toFixed(4)} (${cartesian ? 'zero-filled' : 'gridding'} ${metrics.baseline.nrmseScaled.toFixed(4)}), PSNR ${metrics.recon.psnr.toFixed(1)} dB`;
    if (metrics.recon.ssim !== null) result += `, SSIM ${metrics.recon.ssim.toFixed(3)}`;
  }
  parts.push(`${result}.`);
  for (const w of recon.warnings) parts.push(`Note: ${w}.`);
  const { map: gMap, ...gInfo } = g ?? { map: null };
  const report: MultiCoilTheoryReport = {
    ny,
    nx,
    n,
    coils: nc,
    m,
    trajectory: cartesian ? 'cartesian' : 'non-cartesian',
    mask,
    pattern,
    gFactor: g ? (gInfo as Omit<GFactorReplicaResult, 'map'>) : null,
    sparsity: sp,
    prediction,
    recon: { method: recon.method, solver: recon.solver, iterations: recon.iterations, converged: recon.converged, dataResidual: recon.dataResidual, seconds: recon.seconds },
    metrics,
    paragraph: parts.join(' '),
  };
  return { report, gMap: gMap ?? null };
}
