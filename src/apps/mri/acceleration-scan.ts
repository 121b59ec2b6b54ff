/**
 * The MRI acceleration scan of ./plan-acceleration.ts as a kind of the sweep engine: its options
 * validated into a `ScanSpec` (every mask drawn once, so an impossible R fails before any
 * reconstruction), one task = one seeded mask at one acceleration (simulate k-space, reconstruct
 * at every weight of the grid, measure SSIM and scaled NRMSE against the reference, the first
 * mask's PSF/TPSF side lobes), and `accelerationScanKind`, which stores and resumes the scan like
 * a phase-transition sweep (./node/scan.ts). ./plan-acceleration.ts turns the task results into
 * the plan.
 *
 * @example
 * import { runScanTask, scanSpec } from './acceleration-scan.ts';
 * import { sheppLogan } from './phantom.ts';
 * const spec = scanSpec(sheppLogan(64), 64, 64, { accelerations: [2, 4], repeats: 1 });
 * runScanTask(spec, 1, 0).recon[0].ssim;   // the SSIM of the reconstruction at R = 4, mask 0
 */
import { CandorError, checkInt, checkNumber, describe } from '../../core/errors.ts';
import { toComplexImage } from '../../core/imaging/complex-image.ts';
import { nrmseScaled, ssim } from '../../core/imaging/metrics.ts';
import type { SweepKind } from '../../experiments/engine.ts';
import { maskPsf } from '../../predict/psf.ts';
import { acquisition } from './acquisition.ts';
import { simulateKspace } from './kspace.ts';
import type { MaskKind } from './masks/common.ts';
import { MASK_KINDS, makeMask } from './masks/index.ts';
import { cartesianOperator } from './operators.ts';
import { maskReport } from './psf.ts';
import { RECON_METHODS, type ReconMethod, type ReconOptions, reconstruct } from './recon/reconstruct.ts';
import type { CoilArray } from './coils/types.ts';
import { checkCoilKspace, coilCalibDefault, coilReference, runCoilMask, SCAN_MULTICOIL_METHODS } from './scan-multicoil.ts';

/** The image quality measured against the reference: mean SSIM of the magnitudes (higher is better) or scaled NRMSE (lower is better). */
export type QualityMetric = 'ssim' | 'nrmse';

/**
 * Options of {@link planAcceleration}: mask kind, accelerations, masks per acceleration, metric and
 * target, noise, and the reconstruction's settings.
 */
export interface PlanAccelerationOptions {
  /** Mask kind (default 'poisson-disc'). */
  mask?: MaskKind;
  /** Accelerations to try (each > 1; sorted, duplicates removed). Default {@link PLAN_ACCELERATION_DEFAULTS}. */
  accelerations?: readonly number[];
  /** Masks (seeds) per acceleration (default 3). */
  repeats?: number;
  /** First seed (default 0): mask s uses seed + s. */
  seed?: number;
  /** Fully sampled centre of the masks (default: the mask generator's). */
  calib?: number;
  /** Simulated noise (dB SNR of k-space); default noiseless. */
  snrDb?: number;
  /** Quality metric (default 'ssim'). */
  metric?: QualityMetric;
  /** Target: SSIM >= target (default 0.95) or scaled NRMSE <= target (default 0.05). */
  target?: number;
  /** Reconstruction options (method, lambda, wavelet, maxIter, ...), as for reconstruct(). */
  recon?: ReconOptions;
  /**
   * A grid of regularisation weights (relative to the data scale, as `recon.lambda`) tried at
   * every R; each row keeps the weight with the best mean quality (the reference is known, so
   * this is the tuned-per-R answer a practitioner would use). For tv it sets lambdaTV, for
   * wavelet-tv half of it goes to each term.
   */
  lambdas?: readonly number[];
  /** Called after each reconstruction with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Aborts between reconstructions (throws the signal's reason). */
  signal?: AbortSignal;
  /**
   * Fully sampled multi-coil k-space (coil-major, centred, ny x nx per coil): the scan then
   * undersamples it, calibrates ESPIRiT on each mask's centre and reconstructs with SENSE
   * (./scan-multicoil.ts); quality against the root sum of squares of its coil images (pass
   * `null` as the reference). Methods: zero-filled, cg-sense, l1-wavelet, tv, wavelet-tv.
   */
  coilKspace?: CoilArray;
}

/** Defaults of {@link planAcceleration}: Poisson-disc masks, R in 2 .. 12, 3 masks per R, seed 0, SSIM >= 0.95 (or scaled NRMSE <= 0.05). */
export const PLAN_ACCELERATION_DEFAULTS = Object.freeze({
  mask: 'poisson-disc' as MaskKind,
  accelerations: Object.freeze([2, 3, 4, 5, 6, 8, 10, 12]),
  repeats: 3,
  seed: 0,
  metric: 'ssim' as QualityMetric,
  target: Object.freeze({ ssim: 0.95, nrmse: 0.05 }),
});

const WHERE = 'planAcceleration';

function checkOptions(ny: number, nx: number, o: PlanAccelerationOptions) {
  const mask = o.mask ?? PLAN_ACCELERATION_DEFAULTS.mask;
  if (!MASK_KINDS.includes(mask))
    throw new CandorError(WHERE, 'mask', `one of ${MASK_KINDS.join(', ')}`, describe(mask));
  const list = o.accelerations ?? PLAN_ACCELERATION_DEFAULTS.accelerations;
  if (!Array.isArray(list) || list.length === 0) {
    throw new CandorError(
      WHERE,
      'accelerations',
      'a non-empty list of numbers > 1',
      Array.isArray(list) ? 'an empty list' : describe(list),
    );
  }
  for (const r of list) {
    if (typeof r !== 'number' || !Number.isFinite(r) || r <= 1 || r > ny * nx) {
      throw new CandorError(
        WHERE,
        'accelerations',
        `numbers in (1, ${ny * nx}] (the image has ${ny * nx} k-space samples)`,
        describe(r),
      );
    }
  }
  const accelerations = [...new Set(list)].sort((a, b) => a - b);
  const repeats = checkInt(WHERE, 'repeats', o.repeats ?? PLAN_ACCELERATION_DEFAULTS.repeats, 1, 1000);
  const seed = checkInt(WHERE, 'seed', o.seed ?? PLAN_ACCELERATION_DEFAULTS.seed, 0);
  const metric = o.metric ?? PLAN_ACCELERATION_DEFAULTS.metric;
  if (metric !== 'ssim' && metric !== 'nrmse')
    throw new CandorError(WHERE, 'metric', "'ssim' or 'nrmse'", describe(metric));
  const target =
    metric === 'ssim'
      ? checkNumber(WHERE, 'target (SSIM)', o.target ?? PLAN_ACCELERATION_DEFAULTS.target.ssim, 0, 1)
      : checkNumber(
          WHERE,
          'target (scaled NRMSE)',
          o.target ?? PLAN_ACCELERATION_DEFAULTS.target.nrmse,
          0,
          10,
        );
  if (metric === 'ssim' && (ny < 11 || nx < 11)) {
    throw new CandorError(
      WHERE,
      'image size',
      'at least 11x11 for the SSIM target (its 11x11 window); use metric nrmse',
      `${ny}x${nx}`,
    );
  }
  if (o.snrDb !== undefined) checkNumber(WHERE, 'snrDb', o.snrDb, -100, 300);
  const method = (o.recon?.method ?? 'l1-wavelet') as ScanMethod;
  const methods: readonly string[] = o.coilKspace ? SCAN_MULTICOIL_METHODS : RECON_METHODS;
  if (!methods.includes(method)) {
    const why = method === 'cg-sense' ? ' (cg-sense needs multi-coil k-space)' : '';
    throw new CandorError(WHERE, 'recon.method', `one of ${methods.join(', ')}${why}`, describe(method));
  }
  let lambdas: number[] | undefined;
  if (o.lambdas !== undefined) {
    if (method === 'zero-filled' || method === 'cg-sense')
      throw new CandorError(
        WHERE,
        'lambdas',
        `no weight grid for ${method} (it has no weight)`,
        describe(o.lambdas),
      );
    if (
      !Array.isArray(o.lambdas) ||
      o.lambdas.length === 0 ||
      o.lambdas.some((l) => typeof l !== 'number' || !Number.isFinite(l) || l <= 0)
    ) {
      throw new CandorError(WHERE, 'lambdas', 'a non-empty list of weights > 0', describe(o.lambdas));
    }
    lambdas = [...new Set(o.lambdas)].sort((a, b) => a - b);
  }
  return { mask, accelerations, repeats, seed, metric, target, method, lambdas };
}

/**
 * maskReport's side lobes, or nulls when the mask misses a whole wavelet band (a CandorError);
 * without a wavelet (TV) the PSF side lobe alone, the TPSF null.
 */
function coherenceOf(
  mask: Uint8Array,
  ny: number,
  nx: number,
  wavelet: string | null,
): { psfSideLobe: number | null; tpsfSideLobe: number | null } {
  if (wavelet === null) return { psfSideLobe: maskPsf([ny, nx], mask, { centered: true }).sideLobe, tpsfSideLobe: null };
  try {
    return maskReport(mask, ny, nx, { wavelet });
  } catch (e) {
    if (e instanceof CandorError && e.where === 'fourierWaveletCoherence')
      return { psfSideLobe: null, tpsfSideLobe: null };
    throw e;
  }
}

/**
 * The reconstruction weights for one value of the lambda grid: l1-wavelet lambda, TV lambdaTV,
 * wavelet+TV half of it each (their defaults, 0.0025 + 0.0025, are the split of 0.005).
 */
function weights(method: string, lambda: number | undefined): { lambda?: number; lambdaTV?: number } {
  if (lambda === undefined) return {};
  if (method === 'tv') return { lambdaTV: lambda };
  if (method === 'wavelet-tv') return { lambda: lambda / 2, lambdaTV: lambda / 2 };
  return { lambda };
}

/** A scan's reconstruction method: single-coil ones, and cg-sense for multi-coil data. */
export type ScanMethod = ReconMethod | 'cg-sense';

/** The validated scan: the reference (complex), its grid and every option resolved. */
export interface ScanSpec {
  reference: Float64Array;
  /** Fully sampled multi-coil k-space (the reference is then its coil images' root sum of squares), or null (single-coil, simulated). */
  coilKspace: CoilArray | null;
  ny: number;
  nx: number;
  mask: MaskKind;
  accelerations: number[];
  repeats: number;
  seed: number;
  calib: number | null;
  snrDb: number | null;
  metric: QualityMetric;
  target: number;
  method: ScanMethod;
  lambdas: number[] | null;
  /** The reconstruction options of every run (without callbacks or signals). */
  recon: Omit<ReconOptions, 'onIterate' | 'signal' | 'xTrue' | 'x0'>;
  /** What identifies the reference in a store (e.g. its sha256); null when not stored. */
  referenceId: string | null;
}

/** One task of the scan: mask `trial` at acceleration `cell`, every weight of the grid. */
export interface ScanTaskResult {
  cell: number;
  trial: number;
  seconds: number;
  /** The mask's actual acceleration. */
  acceleration: number;
  zeroFilledSsim: number;
  zeroFilledNrmse: number;
  /** Per weight of the grid (one entry without a grid). */
  recon: { ssim: number; nrmse: number; iterations: number; converged: boolean; seconds: number }[];
  /** The mask's PSF and TPSF side lobes (mask 0 only; null when incoherence is undefined). */
  psfSideLobe: number | null;
  tpsfSideLobe: number | null;
}

/** Validates the scan's inputs (every mask is drawn, so an impossible R fails here, before any reconstruction). */
export function scanSpec(reference: Float64Array | null, ny: number, nx: number, opts: PlanAccelerationOptions = {}, referenceId: string | null = null): ScanSpec {
  checkInt(WHERE, 'rows ny', ny, 1);
  checkInt(WHERE, 'columns nx', nx, 1);
  const coilKspace = opts.coilKspace === undefined ? null : checkCoilKspace(WHERE, opts.coilKspace, ny, nx);
  if (coilKspace && reference !== null) throw new CandorError(WHERE, 'reference', 'null with coilKspace (the reference is its root sum of squares)', describe(reference));
  if (!coilKspace && reference === null) throw new CandorError(WHERE, 'reference', 'an image (or coilKspace)', 'null');
  // checks the length and that every value is finite
  const truth = toComplexImage(WHERE, coilKspace ? coilReference(coilKspace) : (reference as Float64Array), ny * nx);
  const o = checkOptions(ny, nx, opts);
  // multi-coil: ESPIRiT calibrates on the mask's centre, so by default the centre BART's ecalib uses
  const calib = opts.calib ?? (coilKspace ? coilCalibDefault(ny, nx) : undefined);
  for (const R of o.accelerations) for (let s = 0; s < o.repeats; s++) makeMask(o.mask, ny, nx, { acceleration: R, calib, seed: o.seed + s });
  const { onIterate: _i, signal: _s, xTrue: _x, x0: _x0, ...recon } = (opts.recon ?? {}) as ReconOptions;
  return {
    reference: truth,
    coilKspace,
    ny,
    nx,
    mask: o.mask,
    accelerations: o.accelerations,
    repeats: o.repeats,
    seed: o.seed,
    calib: calib ?? null,
    snrDb: opts.snrDb ?? null,
    metric: o.metric,
    target: o.target,
    method: o.method,
    lambdas: o.lambdas ?? null,
    recon,
    referenceId,
  };
}

/** Runs one task of the scan (deterministic apart from the timings). */
export function runScanTask(spec: ScanSpec, cell: number, trial: number, signal?: AbortSignal, onReconstruction?: () => void): ScanTaskResult {
  const t0 = performance.now();
  const { ny, nx, reference: truth } = spec;
  const n = ny * nx;
  const R = spec.accelerations[cell];
  const m = makeMask(spec.mask, ny, nx, { acceleration: R, calib: spec.calib ?? undefined, seed: spec.seed + trial });
  const psf = () =>
    trial === 0 ? coherenceOf(m.mask, ny, nx, spec.method === 'tv' ? null : (spec.recon.wavelet ?? 'haar')) : { psfSideLobe: null, tpsfSideLobe: null };
  if (spec.coilKspace) {
    const grid: (number | undefined)[] = spec.lambdas ?? [undefined];
    const rec = spec.recon;
    const recons = grid.map((g) => ({
      method: spec.method,
      lambda: rec.lambda,
      lambdaTV: rec.lambdaTV,
      wavelet: rec.wavelet,
      levels: rec.levels,
      spin: rec.spin,
      seed: rec.seed,
      maxIter: rec.maxIter,
      tol: rec.tol,
      ...weights(spec.method, g),
      signal,
    }));
    const ref = new Float64Array(n);
    for (let i = 0; i < n; i++) ref[i] = truth[2 * i];
    const onRecon = () => {
      if (signal?.aborted) throw signal.reason;
      onReconstruction?.();
    };
    const r = runCoilMask(spec.coilKspace, ref, m.mask, spec.snrDb, spec.seed + trial, recons, WHERE, onRecon);
    return {
      cell,
      trial,
      seconds: (performance.now() - t0) / 1000,
      acceleration: m.acceleration,
      zeroFilledSsim: r.zeroFilled.ssim,
      zeroFilledNrmse: r.zeroFilled.nrmse,
      recon: r.recon,
      ...psf(),
    };
  }
  if (spec.method === 'cg-sense') throw new CandorError(WHERE, 'recon.method', 'a single-coil method (cg-sense needs multi-coil k-space)', "'cg-sense'");
  const { kspace, noiseStd } = simulateKspace(truth, ny, nx, { mask: m.mask, snrDb: spec.snrDb ?? undefined, seed: spec.seed + trial });
  const acq = acquisition(kspace, m.mask, ny, nx, { where: WHERE, noiseStd: noiseStd || undefined });
  const zf = cartesianOperator(ny, nx, m.mask).adjoint(acq.y, new Float64Array(2 * n));
  const grid: (number | undefined)[] = spec.lambdas ?? [undefined];
  const recon = grid.map((g) => {
    if (signal?.aborted) throw signal.reason;
    const r = reconstruct(acq, { ...spec.recon, ...weights(spec.method, g), method: spec.method as ReconMethod, signal });
    onReconstruction?.();
    return { ssim: ssim(r.image, truth, ny, nx), nrmse: nrmseScaled(r.image, truth), iterations: r.iterations, converged: r.converged, seconds: r.seconds };
  });
  return {
    cell,
    trial,
    seconds: (performance.now() - t0) / 1000,
    acceleration: m.acceleration,
    zeroFilledSsim: ssim(zf, truth, ny, nx),
    zeroFilledNrmse: nrmseScaled(zf, truth),
    recon,
    ...psf(),
  };
}

/** What a worker thread receives (structured clone of the validated spec). */
export function scanToData(spec: ScanSpec): unknown {
  return spec;
}

/** The spec back from scanToData in a worker (validated by the sender). */
export function scanFromData(data: unknown): ScanSpec {
  const s = data as ScanSpec;
  if (!s || !(s.reference instanceof Float64Array) || !Array.isArray(s.accelerations)) {
    throw new CandorError(WHERE, 'worker data', 'a scan spec', describe(data));
  }
  return s;
}

/** The scan as a kind of the sweep engine (cells: accelerations; trials: masks), stored and resumable like sweeps. */
export const accelerationScanKind: SweepKind<ScanSpec, ScanTaskResult> = Object.freeze({
  name: 'mri-acceleration',
  canonical: (s: ScanSpec) => {
    // the data are identified by referenceId (their sha256); a multi-coil scan by its coil count too
    const { reference: _r, coilKspace, ...rest } = s;
    return { ...rest, ...(coilKspace ? { coils: coilKspace.nc } : {}), recon: sortedRecon(s.recon) } as unknown as Record<string, unknown>;
  },
  summary: (s: ScanSpec) => ({
    name: `mri plan ${s.ny}x${s.nx}${s.coilKspace ? `, ${s.coilKspace.nc} coils` : ''}`,
    ensemble: s.mask,
    signal: 'image',
    solver: s.method,
    n: s.ny * s.nx,
  }),
  cells: (s: ScanSpec) => s.accelerations.length,
  trials: (s: ScanSpec) => s.repeats,
  run: (s: ScanSpec, cell: number, trial: number) => runScanTask(s, cell, trial),
});

function sortedRecon(r: ScanSpec['recon']): Record<string, unknown> {
  const o = r as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => [k, o[k]]),
  );
}
