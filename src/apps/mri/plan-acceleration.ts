/**
 * How far can this acquisition be accelerated? A retrospective undersampling study on a reference
 * image (a fully sampled scan of the same anatomy and contrast, or the phantom): for each
 * acceleration R in a list, `repeats` seeded masks of one kind are drawn, k-space is simulated
 * from the reference (optionally with noise at `snrDb`), the reconstruction is run, and its
 * quality is measured against the reference. The recommendation is the largest R such that
 * every mask at that R and at every smaller R in the list met the target:
 *
 *     R* = max { R_i : q(R_j, s) meets the target for all j <= i and all seeds s }
 *
 * with q the mean SSIM of the magnitudes (default target >= 0.95) or the scaled NRMSE (BART's
 * `nrmse -s`, target <= value). This is the planning step MRI practice uses (Lustig, Donoho &
 * Pauly, MRM 58 (2007) 1182, sec. 4 and fig. 9: retrospective undersampling of fully sampled
 * data) and the empirical counterpart of the phase-transition planner, whose Gaussian baseline
 * is only indicative for variable-density Fourier sampling (THEORY.md section 7; sparsity in
 * levels, Adcock, Hansen, Poon & Roman, Forum Math. Sigma 5 (2017) e4). Each row also gives the
 * first mask's PSF and TPSF side lobes (./psf.ts; TV has no wavelet, so no TPSF: null), so the
 * point where incoherence breaks down is visible next to the quality.
 *
 * Everything is seeded: mask s at R uses seed `seed + s` (the same seeds at every R), noise the
 * same; two runs give identical rows. The result is a prediction for images like the reference:
 * finer detail (a larger k_99 in ./report.ts) tolerates less acceleration, and larger matrices
 * tolerate more (sparsity grows more slowly than n).
 *
 * @example
 * import { planAcceleration } from './plan-acceleration.ts';
 * import { sheppLogan } from './phantom.ts';
 * const p = planAcceleration(sheppLogan(128), 128, 128, { accelerations: [2, 4, 8], repeats: 2 });
 * p.recommended;   // 4 (SSIM >= 0.95 at R = 2 and 4 for both masks, not at 8)
 * p.paragraph;     // the plain-language summary
 */
import { CandorError, checkInt, checkNumber, describe } from '../../core/errors.ts';
import { acquisition } from './acquisition.ts';
import { toComplexImage } from '../../core/imaging/complex-image.ts';
import { simulateKspace } from './kspace.ts';
import { MASK_KINDS, makeMask } from './masks/index.ts';
import type { MaskKind } from './masks/common.ts';
import { nrmseScaled, ssim } from '../../core/imaging/metrics.ts';
import { cartesianOperator } from './operators.ts';
import { maskReport } from './psf.ts';
import { maskPsf } from '../../predict/psf.ts';
import { MRI_RECON_DEFAULTS, RECON_METHODS, type ReconMethod, type ReconOptions, reconstruct } from './recon/reconstruct.ts';
import type { SweepKind } from '../../experiments/engine.ts';

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

/** One acceleration of the scan. */
export interface AccelerationRow {
  /** The acceleration asked for. */
  target: number;
  /** Mean actual acceleration of the masks. */
  acceleration: number;
  /** Quality of each mask's reconstruction (the chosen metric), in seed order. */
  quality: number[];
  /** Mean SSIM and scaled NRMSE of the reconstructions, and of the zero-filled images. */
  ssim: number;
  nrmse: number;
  zeroFilledSsim: number;
  zeroFilledNrmse: number;
  /** Masks whose reconstruction met the target. */
  passed: number;
  /**
   * Whether the masks reached the asked acceleration (mean actual >= 0.9 R). A large calibration
   * region, few lines or spokes on a small grid cap what a generator can reach.
   */
  reached: boolean;
  /**
   * PSF side lobe and TPSF side-lobe-to-peak of the first mask; null when the mask is too sparse
   * for the wavelet coherence (it misses a whole band's spectrum).
   */
  psfSideLobe: number | null;
  tpsfSideLobe: number | null;
  /** The weight of `lambdas` chosen at this R (null without a grid). */
  lambda: number | null;
  /** Mean reconstruction time (s) and iteration count; how many reconstructions converged. */
  seconds: number;
  iterations: number;
  converged: number;
}

/**
 * The result of {@link planAcceleration}: one row per acceleration, the recommended R (largest met
 * at it and every smaller R) and a plain-language paragraph.
 */
export interface AccelerationPlan {
  ny: number;
  nx: number;
  mask: MaskKind;
  method: string;
  metric: QualityMetric;
  target: number;
  repeats: number;
  snrDb: number | null;
  /** Iteration budget of each reconstruction. */
  maxIter: number;
  /** The weight grid tried at every R (null: the reconstruction's own weight). */
  lambdas: number[] | null;
  rows: AccelerationRow[];
  /**
   * Largest scanned R met by every mask there and at every smaller R; null if none. This is the
   * R asked for; `recommendedActual` is what the masks achieved (they differ when `reached` is
   * false for that row).
   */
  recommended: number | null;
  /** Actual mean acceleration at the recommended R (null if none). */
  recommendedActual: number | null;
  /** True when the largest scanned R passed and its masks reached it: the limit may lie beyond the scan. */
  atEdge: boolean;
  paragraph: string;
}

const WHERE = 'planAcceleration';
/** A row reached its R when the masks' mean actual acceleration is at least this fraction of it. */
const REACHED = 0.9;

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
  const method = o.recon?.method ?? 'l1-wavelet';
  if (!RECON_METHODS.includes(method))
    throw new CandorError(WHERE, 'recon.method', `one of ${RECON_METHODS.join(', ')}`, describe(method));
  let lambdas: number[] | undefined;
  if (o.lambdas !== undefined) {
    if (method === 'zero-filled')
      throw new CandorError(
        WHERE,
        'lambdas',
        'no weight grid for zero-filled (it has no weight)',
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

const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;

/** The validated scan: the reference (complex), its grid and every option resolved. */
export interface ScanSpec {
  reference: Float64Array;
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
  method: ReconMethod;
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
export function scanSpec(reference: Float64Array, ny: number, nx: number, opts: PlanAccelerationOptions = {}, referenceId: string | null = null): ScanSpec {
  checkInt(WHERE, 'rows ny', ny, 1);
  checkInt(WHERE, 'columns nx', nx, 1);
  const truth = toComplexImage(WHERE, reference, ny * nx); // checks the length and that every value is finite
  const o = checkOptions(ny, nx, opts);
  for (const R of o.accelerations) for (let s = 0; s < o.repeats; s++) makeMask(o.mask, ny, nx, { acceleration: R, calib: opts.calib, seed: o.seed + s });
  const { onIterate: _i, signal: _s, xTrue: _x, x0: _x0, ...recon } = (opts.recon ?? {}) as ReconOptions;
  return {
    reference: truth,
    ny,
    nx,
    mask: o.mask,
    accelerations: o.accelerations,
    repeats: o.repeats,
    seed: o.seed,
    calib: opts.calib ?? null,
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
  const { kspace, noiseStd } = simulateKspace(truth, ny, nx, { mask: m.mask, snrDb: spec.snrDb ?? undefined, seed: spec.seed + trial });
  const acq = acquisition(kspace, m.mask, ny, nx, { where: WHERE, noiseStd: noiseStd || undefined });
  const zf = cartesianOperator(ny, nx, m.mask).adjoint(acq.y, new Float64Array(2 * n));
  const grid: (number | undefined)[] = spec.lambdas ?? [undefined];
  const recon = grid.map((g) => {
    if (signal?.aborted) throw signal.reason;
    const r = reconstruct(acq, { ...spec.recon, ...weights(spec.method, g), method: spec.method, signal });
    onReconstruction?.();
    return { ssim: ssim(r.image, truth, ny, nx), nrmse: nrmseScaled(r.image, truth), iterations: r.iterations, converged: r.converged, seconds: r.seconds };
  });
  const psf = trial === 0 ? coherenceOf(m.mask, ny, nx, spec.method === 'tv' ? null : (spec.recon.wavelet ?? 'haar')) : { psfSideLobe: null, tpsfSideLobe: null };
  return {
    cell,
    trial,
    seconds: (performance.now() - t0) / 1000,
    acceleration: m.acceleration,
    zeroFilledSsim: ssim(zf, truth, ny, nx),
    zeroFilledNrmse: nrmseScaled(zf, truth),
    recon,
    ...psf,
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
    const { reference: _r, ...rest } = s;
    return { ...rest, recon: sortedRecon(s.recon) } as unknown as Record<string, unknown>;
  },
  summary: (s: ScanSpec) => ({ name: `mri plan ${s.ny}x${s.nx}`, ensemble: s.mask, signal: 'image', solver: s.method, n: s.ny * s.nx }),
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

/** The scan of the file comment, run in this thread. `reference`: real (ny nx) or complex interleaved (2 ny nx). */
export function planAcceleration(
  reference: Float64Array,
  ny: number,
  nx: number,
  opts: PlanAccelerationOptions = {},
): AccelerationPlan {
  const spec = scanSpec(reference, ny, nx, opts);
  const total = spec.accelerations.length * spec.repeats * (spec.lambdas?.length ?? 1);
  let done = 0;
  const results: ScanTaskResult[] = [];
  for (let c = 0; c < spec.accelerations.length; c++) {
    for (let s = 0; s < spec.repeats; s++) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      results.push(runScanTask(spec, c, s, opts.signal, () => opts.onProgress?.(++done, total)));
    }
  }
  return scanPlan(spec, results);
}

/** The plan from the scan's task results (one per (cell, trial); any order). */
export function scanPlan(spec: ScanSpec, results: readonly ScanTaskResult[]): AccelerationPlan {
  const meets = (q: number) => (spec.metric === 'ssim' ? q >= spec.target : q <= spec.target);
  const grid: (number | undefined)[] = spec.lambdas ?? [undefined];
  const byKey = new Map(results.map((r) => [r.cell * spec.repeats + r.trial, r]));
  const rows: AccelerationRow[] = [];
  for (let i = 0; i < spec.accelerations.length; i++) {
    const R = spec.accelerations[i];
    const tasks = Array.from({ length: spec.repeats }, (_, s) => {
      const r = byKey.get(i * spec.repeats + s);
      if (!r) throw new CandorError(WHERE, 'scan results', `every (acceleration, mask) pair`, `none for R = ${R}, mask ${s}`);
      return r;
    });
    // the weight with the best mean quality at this R (an oracle choice: the reference is known)
    const q = (g: number, key: 'ssim' | 'nrmse') => tasks.map((t) => t.recon[g][key]);
    let g = 0;
    for (let h = 1; h < grid.length; h++) {
      const better = spec.metric === 'ssim' ? mean(q(h, 'ssim')) > mean(q(g, 'ssim')) : mean(q(h, 'nrmse')) < mean(q(g, 'nrmse'));
      if (better) g = h;
    }
    const quality = spec.metric === 'ssim' ? q(g, 'ssim') : q(g, 'nrmse');
    const acc = tasks.map((t) => t.acceleration);
    rows.push({
      target: R,
      acceleration: mean(acc),
      quality,
      ssim: mean(q(g, 'ssim')),
      nrmse: mean(q(g, 'nrmse')),
      zeroFilledSsim: mean(tasks.map((t) => t.zeroFilledSsim)),
      zeroFilledNrmse: mean(tasks.map((t) => t.zeroFilledNrmse)),
      passed: quality.filter(meets).length,
      reached: mean(acc) >= REACHED * R,
      psfSideLobe: tasks[0].psfSideLobe,
      tpsfSideLobe: tasks[0].tpsfSideLobe,
      lambda: grid[g] ?? null,
      seconds: mean(tasks.map((t) => t.recon[g].seconds)),
      iterations: mean(tasks.map((t) => t.recon[g].iterations)),
      converged: tasks.filter((t) => t.recon[g].converged).length,
    });
  }
  let best = -1;
  for (let i = 0; i < rows.length && rows[i].passed === spec.repeats; i++) best = i;
  const plan: AccelerationPlan = {
    ny: spec.ny,
    nx: spec.nx,
    mask: spec.mask,
    method: spec.method,
    metric: spec.metric,
    target: spec.target,
    repeats: spec.repeats,
    snrDb: spec.snrDb,
    maxIter: spec.recon.maxIter ?? MRI_RECON_DEFAULTS.maxIter,
    lambdas: spec.lambdas,
    rows,
    recommended: best >= 0 ? rows[best].target : null,
    recommendedActual: best >= 0 ? rows[best].acceleration : null,
    atEdge: best === rows.length - 1 && rows[best].reached,
    paragraph: '',
  };
  plan.paragraph = planParagraph(plan, best);
  return plan;
}

const f3 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));

function qualityText(p: AccelerationPlan, row: AccelerationRow): string {
  return p.metric === 'ssim' ? `mean SSIM ${f3(row.ssim)}` : `mean scaled NRMSE ${row.nrmse.toFixed(4)}`;
}

function planParagraph(p: AccelerationPlan, best: number): string {
  const goal = p.metric === 'ssim' ? `SSIM >= ${p.target}` : `scaled NRMSE <= ${p.target}`;
  const maskWord = (k: number) => `mask${k === 1 ? '' : 's'}`;
  const masks = `${p.repeats} ${p.mask} ${maskWord(p.repeats)}`;
  const noise = p.snrDb === null ? 'noiseless' : `at ${p.snrDb} dB SNR`;
  const budget = p.method === 'zero-filled' ? '' : `, at most ${p.maxIter} iterations`;
  const tuned = p.lambdas ? `, weight tuned per R over ${p.lambdas.join(', ')}` : '';
  const parts = [
    `Retrospective undersampling of the ${p.ny}x${p.nx} reference (k-space simulated from the image; ${p.method}${budget}${tuned}, ${masks} per acceleration, ${noise}):`,
  ];
  const weightOf = (row: AccelerationRow) => (row.lambda === null ? '' : `, lambda ${row.lambda}`);
  const passedText = (row: AccelerationRow) => `${row.passed} of ${p.repeats} ${maskWord(p.repeats)} met it`;
  if (best >= 0) {
    const row = p.rows[best];
    parts.push(
      `every reconstruction met ${goal} up to R = ${row.target} (actual ${row.acceleration.toFixed(2)}${weightOf(row)}, ${qualityText(p, row)}; zero-filled SSIM ${f3(row.zeroFilledSsim)}).`,
    );
    const fail = p.rows[best + 1];
    if (fail) {
      parts.push(
        `At R = ${fail.target}, ${passedText(fail)} (${qualityText(p, fail)}; ${p.method === 'tv' ? `PSF side lobe ${f3(fail.psfSideLobe)} against ${f3(row.psfSideLobe)}` : `TPSF side lobe ${f3(fail.tpsfSideLobe)} against ${f3(row.tpsfSideLobe)}`}).`,
      );
    }
  } else {
    const first = p.rows[0];
    parts.push(
      `the smallest scanned acceleration, R = ${first.target}, already missed ${goal}: ${passedText(first)} (${qualityText(p, first)}).`,
    );
  }
  const later = p.rows.slice(best + 2).filter((r) => r.passed === p.repeats);
  if (later.length) {
    parts.push(
      `R = ${later.map((r) => r.target).join(', ')} passed again, but the rule asks every smaller R to pass too: quality is not monotone in R here (the masks change with R), so draw more masks per R.`,
    );
  }
  const short = p.rows.filter((r) => !r.reached);
  if (short.length) {
    parts.push(
      `The ${p.mask} masks did not reach ${short.map((r) => `R = ${r.target} (actual ${r.acceleration.toFixed(2)})`).join(', ')}: the calibration region or the grid size caps the acceleration, so those rows test less than their label says.`,
    );
  }
  if (best >= 0 && p.atEdge) {
    parts.push(
      `The largest scanned acceleration passed: the limit lies beyond R = ${p.rows[best].target}; extend the scan to find it.`,
    );
  } else if (best >= 0) {
    parts.push(
      `Plan for R <= ${p.rows[best].target} (actual ${p.rows[best].acceleration.toFixed(2)}) on images like this one.`,
    );
  } else {
    parts.push(
      'Remedies: a lower acceleration, a larger fully sampled centre, a regulariser that fits the image (TV for piecewise-constant anatomy), or a lower target if the task allows it.',
    );
  }
  if (best >= 0 && p.method !== 'zero-filled') {
    const row = p.rows[best];
    const zf = p.metric === 'ssim' ? row.zeroFilledSsim : row.zeroFilledNrmse;
    if (p.metric === 'ssim' ? zf >= p.target : zf <= p.target) {
      parts.push(
        `Zero filling alone meets this target at R = ${row.target} (${p.metric === 'ssim' ? `SSIM ${f3(zf)}` : `scaled NRMSE ${zf.toFixed(4)}`}): the target is too loose to judge the reconstruction.`,
      );
    }
  }
  if (p.method !== 'zero-filled' && p.maxIter < MRI_RECON_DEFAULTS.maxIter) {
    parts.push(
      `The iteration budget is below the default ${MRI_RECON_DEFAULTS.maxIter}: high accelerations need more iterations, so the plan holds for this budget only.`,
    );
  }
  parts.push(
    'This is an empirical prediction for images like the reference: finer detail tolerates less acceleration, larger matrices more.',
  );
  return parts.join(' ');
}
