/**
 * The g-factor map of any sampling (Poisson disc, variable density, a trajectory) by the
 * pseudo-replica method (Robson, Grant, Madhuranthakam, Lattanzi, Sodickson & McKenzie,
 * "Comprehensive quantification of signal-to-noise ratio and g-factor for image-based and
 * k-space-based parallel imaging reconstructions", MRM 60 (2008) 895): the CG-SENSE
 * reconstruction (./recon/multicoil.ts, the linear parallel-imaging baseline) is repeated on the
 * acquired data plus N seeded replicas of white complex Gaussian noise (standard deviation sigma
 * per complex sample, 1% of the samples' rms: small enough to stay in the reconstruction's linear
 * regime), and the per-pixel standard deviation over the replicas is the noise the sampling and
 * the coils let through:
 *
 *     g(r) = std_R(r) / (std_full(r) sqrt(R)),   std_full(r) = sigma / sqrt(sum_c |S_c(r)|^2),
 *
 * std_full the noise of the fully sampled SENSE combination (exact for white noise and a unitary
 * FFT), R = ny nx / m the acceleration (samples per coil against the grid). g = 0 outside the
 * maps' support. With N replicas each pixel's std has a relative sampling error of about
 * 1 / sqrt(2 (N - 1)) (27% at N = 8): the map is noisy, its mean over the support is not (the
 * standard deviation is corrected by c4 for its bias at small N; the maximum is biased upward). Early-stopped CG regularises: g then measures this reconstruction's
 * noise, which may fall below the analytic SENSE g-factor (./gfactor.ts) of the same pattern.
 *
 * @example
 * import { gFactorPseudoReplica } from './gfactor-replica.ts';
 * // const g = gFactorPseudoReplica(acq, maps, { replicas: 16 });  g.map (ny nx), g.mean, g.max
 */
import { CandorError, checkInt } from '../../core/errors.ts';
import type { Team } from '../../core/parallel/team.ts';
import { createRng } from '../../core/rng/index.ts';
import type { CoilArray } from './coils/types.ts';
import type { MultiCoilAcquisition } from './multicoil.ts';
import { reconstructMultiCoil } from './recon/multicoil.ts';

/** Defaults of {@link gFactorPseudoReplica}: 8 replicas, seed 0, CG-SENSE's 30 iterations, noise 1% of the samples' rms. */
export const GFACTOR_REPLICA_DEFAULTS = Object.freeze({ replicas: 8, seed: 0, maxIter: 30, noiseFraction: 0.01 });

/** The pseudo-replica g-factor map and its summary. */
export interface GFactorReplicaResult {
  /** g per pixel (real ny nx; 0 outside the maps' support). */
  map: Float64Array;
  /** Mean and maximum of g over the support. */
  mean: number;
  max: number;
  /** Pixels in the support (sum_c |S_c|^2 > 0). */
  support: number;
  replicas: number;
  /** The acceleration R = ny nx / (samples per coil). */
  acceleration: number;
  /** The replicas' noise per complex sample. */
  noiseStd: number;
  /** The reconstruction whose noise is measured. */
  method: 'cg-sense';
  maxIter: number;
  /** Relative sampling error of one pixel's std, 1 / sqrt(2 (N - 1)). */
  pixelError: number;
}

/** The g-factor map by pseudo-replicas of CG-SENSE (see the file comment). */
export function gFactorPseudoReplica(
  acq: MultiCoilAcquisition,
  maps: CoilArray,
  opts: { replicas?: number; seed?: number; maxIter?: number; signal?: AbortSignal; team?: Team } = {},
): GFactorReplicaResult {
  const where = 'gFactorPseudoReplica';
  const D = GFACTOR_REPLICA_DEFAULTS;
  const N = checkInt(where, 'replicas', opts.replicas ?? D.replicas, 2, 10000);
  const seed = checkInt(where, 'seed', opts.seed ?? D.seed, 0);
  const maxIter = checkInt(where, 'maxIter', opts.maxIter ?? D.maxIter, 1, 10000);
  const { ny, nx, nc } = acq;
  const n = ny * nx;
  let yy = 0;
  for (let i = 0; i < acq.y.length; i++) yy += acq.y[i] * acq.y[i];
  const rms = Math.sqrt(yy / (nc * acq.m));
  if (!(rms > 0)) throw new CandorError(where, 'k-space', 'non-zero samples (the replicas add noise relative to them)', 'all zeros');
  const sigma = D.noiseFraction * rms;
  const rng = createRng(seed, 0x67666163);
  const sum = new Float64Array(2 * n);
  const sumSq = new Float64Array(n);
  const noisy = new Float64Array(acq.y.length);
  const e = new Float64Array(acq.y.length);
  for (let r = 0; r < N; r++) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    rng.fillNormal(e, 0, sigma / Math.SQRT2);
    for (let i = 0; i < e.length; i++) noisy[i] = acq.y[i] + e[i];
    const x = reconstructMultiCoil({ ...acq, y: noisy }, maps, { method: 'cg-sense', maxIter, tol: 0, team: opts.team }).image;
    for (let i = 0; i < n; i++) {
      sum[2 * i] += x[2 * i];
      sum[2 * i + 1] += x[2 * i + 1];
      sumSq[i] += x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
    }
  }
  const R = n / acq.m;
  // the square root of an unbiased variance is biased low: divide by c4 of its 2 (N - 1) + 1
  // degrees of freedom (re and im), Gamma(N - 1/2) / (Gamma(N - 1) sqrt(N - 1)) (0.886 at N = 2)
  let r = Math.sqrt(Math.PI) / 2; // Gamma(3/2) / Gamma(1)
  for (let k = 1; k < N - 1; k++) r *= (k + 0.5) / k;
  const c4 = r / Math.sqrt(N - 1);
  const map = new Float64Array(n);
  let support = 0;
  let total = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let c = 0; c < nc; c++) p += maps.data[2 * (c * n + i)] ** 2 + maps.data[2 * (c * n + i) + 1] ** 2;
    if (!(p > 0)) continue;
    // unbiased variance of the complex values over the replicas
    const mr = sum[2 * i] / N;
    const mi = sum[2 * i + 1] / N;
    const v = Math.max(sumSq[i] - N * (mr * mr + mi * mi), 0) / (N - 1);
    const g = Math.sqrt(v) / c4 / ((sigma / Math.sqrt(p)) * Math.sqrt(R));
    map[i] = g;
    support++;
    total += g;
    if (g > max) max = g;
  }
  return { map, mean: support > 0 ? total / support : 0, max, support, replicas: N, acceleration: R, noiseStd: sigma, method: 'cg-sense', maxIter, pixelError: 1 / Math.sqrt(2 * (N - 1)) };
}
