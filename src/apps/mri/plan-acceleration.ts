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
import { CandorError } from '../../core/errors.ts';
import { type PlanAccelerationOptions, type QualityMetric, type ScanSpec, type ScanTaskResult, runScanTask, scanSpec } from './acceleration-scan.ts';
import type { MaskKind } from './masks/common.ts';
import { MRI_RECON_DEFAULTS } from './recon/reconstruct.ts';

export {
  accelerationScanKind,
  PLAN_ACCELERATION_DEFAULTS,
  type PlanAccelerationOptions,
  type QualityMetric,
  runScanTask,
  type ScanSpec,
  scanFromData,
  scanSpec,
  scanToData,
  type ScanTaskResult,
} from './acceleration-scan.ts';

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
  /** Coils of the multi-coil k-space scanned (null: single-coil, k-space simulated from the image). */
  coils: number | null;
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

const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;

/**
 * The scan of the file comment, run in this thread. `reference`: real (ny nx) or complex
 * interleaved (2 ny nx); null with `opts.coilKspace` (multi-coil: ./scan-multicoil.ts).
 */
export function planAcceleration(
  reference: Float64Array | null,
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
    coils: spec.coilKspace ? spec.coilKspace.nc : null,
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
  const source =
    p.coils === null
      ? 'k-space simulated from the image'
      : `its ${p.coils}-coil k-space undersampled, ESPIRiT maps from each mask's centre, SENSE reconstruction, magnitudes against the coil images' root sum of squares`;
  const parts = [
    `Retrospective undersampling of the ${p.ny}x${p.nx} reference (${source}; ${p.method}${budget}${tuned}, ${masks} per acceleration, ${noise}):`,
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
