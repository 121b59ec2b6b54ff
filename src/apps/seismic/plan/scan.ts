/**
 * How few traces can this survey keep? The retrospective decimation scan of `candor seismic plan
 * --verify`, on a fully sampled reference section (or gather): for each kept fraction of a list,
 * `repeats` seeded patterns of one family (random or jittered) remove traces from every panel,
 * the interpolation method (default POCS, ../pocs.ts) fills them back, and the SNR over the
 * missing traces of the whole file is measured against the reference,
 *
 *     SNR = 10 log10( sum_missing x^2 / sum_missing (x_rec - x)^2 ) dB     (../metrics.ts)
 *
 * summed over every panel. The recommendation is the smallest kept fraction (the largest
 * decimation factor 1 / keep) such that every pattern at it and at every larger fraction of the
 * list met the target SNR:
 *
 *     keep* = min { keep_i : SNR(keep_j, s) >= target for all keep_j >= keep_i and all seeds s }.
 *
 * This is the seismic counterpart of the MRI acceleration scan (../../mri/plan-acceleration.ts),
 * and the check of the prediction without reconstructing (./predict-decimation.ts). It is a kind
 * of the sweep engine (cells: kept fractions, trials: patterns), stored and resumable
 * (../node/plan-scan.ts). Everything is seeded: pattern s draws seed `seed + s`, panel p stream p
 * (../panels.ts `decimatePanels`), the same seeds at every fraction.
 *
 * Reference: R. Abma & N. Kabir, Geophysics 71(6) E91 (2006), the SNR and the POCS method;
 * G. Hennenfent & F. J. Herrmann, Geophysics 73(3) V19 (2008), jittered decimation.
 *
 * @example
 * import { decimationScanSpec, runDecimationTask, decimationScanPlan } from './scan.ts';
 * import { syntheticGather } from '../synthetic.ts';
 * const g = syntheticGather();
 * const spec = decimationScanSpec(g, [Int32Array.from({ length: 64 }, (_, i) => i)], { keeps: [0.5, 0.3], repeats: 2 });
 * const rs = [0, 1].flatMap((c) => [0, 1].map((t) => runDecimationTask(spec, c, t)));
 * decimationScanPlan(spec, rs).recommended;   // the smallest kept fraction meeting 10 dB
 */
import { CandorError, checkInt, checkNumber, describe } from '../../../core/errors.ts';
import type { SweepKind } from '../../../experiments/engine.ts';
import { decimationPsf, decimationRegularity } from '../../../predict/decimation.ts';
import { type DecimationPattern, decimationMask } from '../decimate.ts';
import type { Gather } from '../gather.ts';
import { type InterpolationMethod, INTERPOLATION_METHODS, interpolateGather } from '../interpolate.ts';
import { linearInterpolate } from '../linear.ts';

/** The trace patterns the plan covers (regular decimation aliases: no compressed-sensing plan). */
export type PlanPattern = Extract<DecimationPattern, 'random' | 'jitter'>;
/** Every {@link PlanPattern}: the names `candor seismic decimate --pattern` uses. */
export const PLAN_PATTERNS: readonly PlanPattern[] = Object.freeze(['random', 'jitter']);

/** Defaults of the scan and the prediction: POCS, kept fractions 0.8 .. 0.2, 3 patterns, target 10 dB. */
export const SEISMIC_PLAN_DEFAULTS = Object.freeze({
  pattern: 'random' as PlanPattern,
  keeps: Object.freeze([0.8, 0.7, 0.6, 0.5, 0.4, 0.33, 0.25, 0.2]),
  repeats: 3,
  seed: 0,
  targetSnr: 10,
  method: 'pocs' as InterpolationMethod,
});

/** Options of {@link decimationScanSpec}. */
export interface DecimationScanOptions {
  pattern?: PlanPattern;
  /** Kept fractions, each in (0, 1) (sorted from the largest, duplicates removed). */
  keeps?: readonly number[];
  repeats?: number;
  seed?: number;
  /** Target SNR over the missing traces, dB (default 10). */
  targetSnr?: number;
  /** Interpolation method (default pocs, with its defaults). */
  method?: InterpolationMethod;
}

/** The validated scan: the reference, its panels and every option resolved. */
export interface DecimationScanSpec {
  data: Float64Array;
  ntraces: number;
  ns: number;
  dt: number;
  /** Trace indices of every panel. */
  panels: number[][];
  pattern: PlanPattern;
  keeps: number[];
  repeats: number;
  seed: number;
  targetSnr: number;
  method: InterpolationMethod;
  /** What identifies the reference in a store (its sha256); null when not stored. */
  referenceId: string | null;
}

/** One task: pattern `trial` at kept fraction `cell`, over every panel. */
export interface DecimationTaskResult {
  cell: number;
  trial: number;
  seconds: number;
  /** Traces kept over the whole file. */
  kept: number;
  /** Signal and error energies over the missing traces, of the method and of linear interpolation. */
  signal: number;
  error: number;
  errorLinear: number;
  /** The first panel's PSF side lobe and largest gap. */
  psfSideLobe: number;
  maxGap: number;
}

const WHERE = 'seismicPlan';

function snrOf(signal: number, error: number): number {
  return error === 0 ? Infinity : 10 * Math.log10(signal / error);
}

/** Checks the options of the scan and of the prediction (they share them). */
export function checkPlanOptions(where: string, o: DecimationScanOptions) {
  const pattern = o.pattern ?? SEISMIC_PLAN_DEFAULTS.pattern;
  if (!PLAN_PATTERNS.includes(pattern)) throw new CandorError(where, 'pattern', `one of ${PLAN_PATTERNS.join(', ')} (regular decimation aliases)`, describe(pattern));
  const list = o.keeps ?? SEISMIC_PLAN_DEFAULTS.keeps;
  if (!Array.isArray(list) || list.length === 0) throw new CandorError(where, 'kept fractions', 'a non-empty list of numbers in (0, 1)', describe(list));
  for (const k of list) if (typeof k !== 'number' || !(k > 0 && k < 1)) throw new CandorError(where, 'kept fractions', 'numbers in (0, 1)', describe(k));
  const keeps = [...new Set(list)].sort((a, b) => b - a);
  const targetSnr = checkNumber(where, 'target SNR (dB)', o.targetSnr ?? SEISMIC_PLAN_DEFAULTS.targetSnr, -100, 300);
  const method = o.method ?? SEISMIC_PLAN_DEFAULTS.method;
  if (!INTERPOLATION_METHODS.includes(method) || method === 'linear') {
    throw new CandorError(where, 'method', INTERPOLATION_METHODS.filter((m) => m !== 'linear').join(', '), describe(method));
  }
  return { pattern, keeps, targetSnr, method };
}

/** Refuses a reference with dead (all-zero) traces, naming them: a decimated section is not a reference (the prediction and the scan alike). */
export function checkFullySampled(where: string, g: Gather, what = 'reference'): void {
  const dead: number[] = [];
  for (let t = 0; t < g.ntraces; t++) if (!g.data.subarray(t * g.ns, (t + 1) * g.ns).some((v) => v !== 0)) dead.push(t);
  if (dead.length === 0) return;
  const s = dead.length === 1 ? '' : 's';
  const list = dead.length > 8 ? `${dead.slice(0, 8).join(', ')} and ${dead.length - 8} more` : dead.join(', ');
  throw new CandorError(where, what, 'a fully sampled section (no all-zero trace; a decimated section is not a reference)', `${dead.length} all-zero trace${s} of ${g.ntraces} (trace ${dead.length === 1 ? 'index' : 'indices'} ${list}, from 0)`);
}

/** Validates the scan's inputs (every panel needs 3 traces: the first and last are always kept). */
export function decimationScanSpec(g: Gather, panels: readonly Int32Array[], opts: DecimationScanOptions = {}, referenceId: string | null = null): DecimationScanSpec {
  if (!g || !(g.data instanceof Float64Array) || g.data.length !== g.ntraces * g.ns) throw new CandorError(WHERE, 'reference', 'a gather of ntraces x ns samples', describe(g));
  const o = checkPlanOptions(WHERE, opts);
  const repeats = checkInt(WHERE, 'repeats', opts.repeats ?? SEISMIC_PLAN_DEFAULTS.repeats, 1, 1000);
  const seed = checkInt(WHERE, 'seed', opts.seed ?? SEISMIC_PLAN_DEFAULTS.seed, 0);
  panels.forEach((p, i) => {
    if (p.length < 3) throw new CandorError(WHERE, `panel ${i}`, 'at least 3 traces (the first and last are always kept)', `${p.length}`);
  });
  checkFullySampled(WHERE, g);
  return { data: g.data, ntraces: g.ntraces, ns: g.ns, dt: g.dt, panels: panels.map((p) => Array.from(p)), ...o, repeats, seed, referenceId };
}

/** Runs one task of the scan (deterministic apart from the timing). */
export function runDecimationTask(spec: DecimationScanSpec, cell: number, trial: number): DecimationTaskResult {
  const t0 = performance.now();
  const { ns, dt } = spec;
  const keep = spec.keeps[cell];
  let signal = 0;
  let error = 0;
  let errorLinear = 0;
  let kept = 0;
  let psfSideLobe = 0;
  let maxGap = 0;
  spec.panels.forEach((idx, p) => {
    const n = idx.length;
    const truth = new Float64Array(n * ns);
    for (let i = 0; i < n; i++) truth.set(spec.data.subarray(idx[i] * ns, (idx[i] + 1) * ns), i * ns);
    const mask = decimationMask(n, keep, spec.pattern, spec.seed + trial, p);
    const d = truth.slice();
    for (let i = 0; i < n; i++) if (!mask[i]) d.fill(0, i * ns, (i + 1) * ns);
    const m = mask.reduce((s, v) => s + v, 0);
    kept += m;
    if (p === 0) {
      psfSideLobe = decimationPsf(mask).sideLobe;
      maxGap = decimationRegularity(mask).maxGap;
    }
    if (m === n) return;
    const rec = interpolateGather({ ntraces: n, ns, dt, data: d }, { method: spec.method, kept: mask }).data;
    const lin = linearInterpolate(d, n, ns, mask);
    for (let i = 0; i < n; i++) {
      if (mask[i]) continue;
      for (let j = i * ns; j < (i + 1) * ns; j++) {
        signal += truth[j] * truth[j];
        error += (rec[j] - truth[j]) ** 2;
        errorLinear += (lin[j] - truth[j]) ** 2;
      }
    }
  });
  return { cell, trial, seconds: (performance.now() - t0) / 1000, kept, signal, error, errorLinear, psfSideLobe, maxGap };
}

/** What a worker thread receives (structured clone of the validated spec). */
export function decimationScanToData(spec: DecimationScanSpec): unknown {
  return spec;
}

/** The spec back in a worker (validated by the sender). */
export function decimationScanFromData(data: unknown): DecimationScanSpec {
  const s = data as DecimationScanSpec;
  if (!s || !(s.data instanceof Float64Array) || !Array.isArray(s.keeps) || !Array.isArray(s.panels)) throw new CandorError(WHERE, 'worker data', 'a decimation scan spec', describe(data));
  return s;
}

/** The scan as a kind of the sweep engine (cells: kept fractions; trials: patterns). */
export const decimationScanKind: SweepKind<DecimationScanSpec, DecimationTaskResult> = Object.freeze({
  name: 'seismic-decimation',
  canonical: (s: DecimationScanSpec) => {
    const { data: _d, ...rest } = s;
    return rest as unknown as Record<string, unknown>;
  },
  summary: (s: DecimationScanSpec) => ({ name: `seismic plan ${s.ntraces}x${s.ns}`, ensemble: s.pattern, signal: 'gather', solver: s.method, n: s.ntraces * s.ns }),
  cells: (s: DecimationScanSpec) => s.keeps.length,
  trials: (s: DecimationScanSpec) => s.repeats,
  run: (s: DecimationScanSpec, cell: number, trial: number) => runDecimationTask(s, cell, trial),
});

/** One kept fraction of the scan. */
export interface DecimationRow {
  keep: number;
  /** Decimation factor 1 / keep and the mean traces actually kept. */
  factor: number;
  kept: number;
  /** SNR of each pattern (seed order), their minimum, and linear interpolation's mean. */
  snr: number[];
  minSnr: number;
  snrLinear: number;
  passed: number;
  psfSideLobe: number;
  maxGap: number;
}

/** The scan's result: one row per kept fraction and the recommendation. */
export interface DecimationPlan {
  ntraces: number;
  ns: number;
  panels: number;
  pattern: PlanPattern;
  method: InterpolationMethod;
  targetSnr: number;
  repeats: number;
  rows: DecimationRow[];
  /** The smallest kept fraction met by every pattern there and at every larger one (null: not even the first). */
  recommended: number | null;
  /** Every fraction of the list met the target: the limit lies below the smallest. */
  atEdge: boolean;
}

/** The plan from the scan's task results (one per (cell, trial), any order). */
export function decimationScanPlan(spec: DecimationScanSpec, results: readonly DecimationTaskResult[]): DecimationPlan {
  const byKey = new Map(results.map((r) => [r.cell * spec.repeats + r.trial, r]));
  const rows: DecimationRow[] = spec.keeps.map((keep, c) => {
    const ts = Array.from({ length: spec.repeats }, (_, s) => {
      const r = byKey.get(c * spec.repeats + s);
      if (!r) throw new CandorError(WHERE, 'scan results', 'every (kept fraction, pattern) pair', `none for keep ${keep}, pattern ${s}`);
      return r;
    });
    const snr = ts.map((t) => snrOf(t.signal, t.error));
    return {
      keep,
      factor: 1 / keep,
      kept: ts.reduce((s, t) => s + t.kept, 0) / ts.length,
      snr,
      minSnr: Math.min(...snr),
      snrLinear: ts.reduce((s, t) => s + snrOf(t.signal, t.errorLinear), 0) / ts.length,
      passed: snr.filter((v) => v >= spec.targetSnr).length,
      psfSideLobe: ts[0].psfSideLobe,
      maxGap: ts[0].maxGap,
    };
  });
  let best = -1;
  for (let i = 0; i < rows.length && rows[i].passed === spec.repeats; i++) best = i;
  return {
    ntraces: spec.ntraces,
    ns: spec.ns,
    panels: spec.panels.length,
    pattern: spec.pattern,
    method: spec.method,
    targetSnr: spec.targetSnr,
    repeats: spec.repeats,
    rows,
    recommended: best >= 0 ? rows[best].keep : null,
    atEdge: best === rows.length - 1,
  };
}
