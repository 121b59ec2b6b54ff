/**
 * How few traces can this survey keep, without interpolating? The prediction of `candor seismic
 * plan`: for every kept fraction of a list (largest first), the f-k levels budget model
 * (./model.ts, calibrated per decimation pattern, ./calibration.ts) gives the predicted SNR of
 * POCS over the missing traces; the recommendation follows the retrospective scan's rule
 * (./scan.ts): the smallest kept fraction (largest decimation factor) such that it and every
 * larger fraction of the list meet the target SNR.
 *
 * Reported level by level: the reference's sparsity in dyadic wavenumber levels (size, energy
 * share, s_l at 99.9 % of the energy, summed over the panels), the sampled share of each level's
 * atoms (m / N in every level: f-k atoms are flat along x, so the local coherence between any
 * band of traces and any level is |band| / N) and the budget's coefficients per frequency; and the
 * statistics of one drawn pattern at the recommended fraction (PSF side lobe against the Welch
 * bound, largest gap, kept share per quarter of the line).
 *
 * Provenance: empirical, structured, calibrated (./calibration.ts says on what and gives the
 * held-back error). The prediction says when it does not know: a line shorter or longer than
 * calibrated, traces with more or fewer samples, a kept fraction outside the calibrated list's range, another method or a target
 * outside the calibrated targets' range is listed in `outside`, and then `confident` is false.
 * Beside it, a rigorous sufficient condition (Candes, Romberg & Tao 2006; Rudelson & Vershynin
 * 2008, for partial Fourier with flat coherence: m >= C k log N, C = 1 here, sufficient only):
 * the share of the energy at frequencies whose 99.9 % sparsity k_f satisfies it at the
 * recommended fraction.
 *
 * @example
 * import { predictDecimation } from './predict-decimation.ts';
 * import { syntheticGather } from '../synthetic.ts';
 * const p = predictDecimation(syntheticGather(), [Int32Array.from({ length: 64 }, (_, i) => i)], { targetSnr: 10 });
 * p.recommended;   // the smallest kept fraction of 0.8 .. 0.2 predicted to keep SNR >= 10 dB
 */
import { CandorError, checkInt } from '../../../core/errors.ts';
import { welchBound } from '../../../predict/coherence.ts';
import { decimationPsf, decimationRegularity } from '../../../predict/decimation.ts';
import { decimationMask } from '../decimate.ts';
import type { Gather } from '../gather.ts';
import { SEISMIC_PREDICTOR_CALIBRATION, SEISMIC_PREDICTOR_DOMAIN } from './calibration.ts';
import { fkContext, keptCount, predictSnr } from './model.ts';
import { checkFullySampled, checkPlanOptions, type DecimationScanOptions, type PlanPattern } from './scan.ts';

/** Options of {@link predictDecimation}: those of the scan (pattern, kept fractions, target, method), a seed for the pattern statistics, and every row. */
export interface PredictDecimationOptions extends Omit<DecimationScanOptions, 'repeats'> {
  /** Evaluate every kept fraction (default: stop after the first that fails, all the rule needs). */
  allRows?: boolean;
}

/** One kept fraction: predicted SNR and whether it meets the target. */
export interface PredictedDecimationRow {
  keep: number;
  factor: number;
  /** Traces kept over the whole file. */
  kept: number;
  snr: number;
  meets: boolean;
}

/** One wavenumber level of the reference, summed over the panels. */
export interface SeismicLevelRow {
  name: string;
  size: number;
  energyShare: number;
  /** Coefficients of this level among the fewest holding 99.9 % of the energy. */
  sparsity: number;
  /** Sampled share of the level's atoms at the recommended fraction (m / N; null when none recommended). */
  sampled: number | null;
}

/** The prediction: rows, recommendation, levels, pattern statistics, confidence, error, provenance and the rigorous condition. */
export interface DecimationPrediction {
  ntraces: number;
  ns: number;
  panels: number;
  pattern: PlanPattern;
  method: string;
  targetSnr: number;
  rows: PredictedDecimationRow[];
  /** Smallest kept fraction with it and every larger one predicted to meet the target (null: not even the first). */
  recommended: number | null;
  atEdge: boolean;
  /** Per level of the first panel's grid (panels of one size share levels; others are summed by position). */
  levels: SeismicLevelRow[];
  /** One drawn pattern (seed) at the recommended fraction, first panel: null when none recommended. */
  patternStats: { seed: number; m: number; n: number; N: number; psfSideLobe: number; welch: number; maxGap: number; quarters: number[] } | null;
  confident: boolean;
  outside: string[];
  error: string;
  provenance: string;
  /** m >= k_f ln N (C = 1) at the recommended fraction: the energy share of the frequencies meeting it. */
  bound: { keep: number; energyMet: number; satisfied: boolean; note: string } | null;
  seconds: number;
}

const WHERE = 'predictDecimation';

/** The prediction of the file comment for a fully sampled reference split into panels. */
export function predictDecimation(g: Gather, panels: readonly Int32Array[], opts: PredictDecimationOptions = {}): DecimationPrediction {
  const t0 = performance.now();
  const o = checkPlanOptions(WHERE, opts);
  const seed = checkInt(WHERE, 'seed', opts.seed ?? 0, 0);
  if (!Array.isArray(panels) || panels.length === 0) throw new CandorError(WHERE, 'panels', 'at least one panel of trace indices', 'none');
  panels.forEach((p, i) => {
    if (p.length < 3) throw new CandorError(WHERE, `panel ${i}`, 'at least 3 traces (the first and last are always kept)', `${p.length}`);
  });
  checkFullySampled(WHERE, g);
  const ctx = fkContext(g, panels);
  const cal = SEISMIC_PREDICTOR_CALIBRATION[o.pattern];
  const dom = SEISMIC_PREDICTOR_DOMAIN;

  const outside: string[] = [];
  const sizes = panels.map((p) => p.length);
  const small = Math.min(...sizes);
  const large = Math.max(...sizes);
  if (small < dom.minTraces || large > dom.maxTraces) outside.push(`panels of ${small === large ? small : `${small} to ${large}`} traces, calibrated on ${dom.minTraces} to ${dom.maxTraces}`);
  if (g.ns < dom.minSamples || g.ns > dom.maxSamples) outside.push(`traces of ${g.ns} samples, calibrated on ${dom.minSamples} to ${dom.maxSamples}`);
  const kMin = Math.min(...dom.keeps);
  const kMax = Math.max(...dom.keeps);
  const beyond = o.keeps.filter((k) => k < kMin || k > kMax);
  if (beyond.length) outside.push(`kept fractions ${beyond.join(', ')} outside the calibrated ${kMin} .. ${kMax}`);
  if (o.method !== dom.method) outside.push(`method ${o.method} (calibrated: ${dom.method} with its defaults)`);
  const tMin = Math.min(...dom.targets);
  const tMax = Math.max(...dom.targets);
  if (o.targetSnr < tMin || o.targetSnr > tMax) outside.push(`target ${o.targetSnr} dB outside the calibrated targets ${tMin} .. ${tMax} dB`);

  const rows: PredictedDecimationRow[] = [];
  for (const keep of o.keeps) {
    const q = predictSnr(ctx, keep, cal);
    const kept = sizes.reduce((s, n) => s + keptCount(n, keep), 0);
    const meets = q.snr >= o.targetSnr;
    rows.push({ keep, factor: 1 / keep, kept, snr: q.snr, meets });
    if (!meets && !opts.allRows) break;
  }
  let best = -1;
  for (let i = 0; i < rows.length && rows[i].meets; i++) best = i;
  const recommended = best >= 0 ? rows[best].keep : null;
  const atEdge = best === o.keeps.length - 1;
  if (atEdge) outside.push(`every kept fraction of the list meets the target: the limit lies below ${rows[best].keep}`);

  // levels summed by position over the panels (one grid per panel size; the first panel's names)
  const first = ctx.panels[0];
  let totalEnergy = 0;
  for (const p of ctx.panels) totalEnergy += p.total;
  const levels: SeismicLevelRow[] = first.levels.levels.map((lv, l) => {
    let size = 0;
    let energy = 0;
    let sparsity = 0;
    for (const p of ctx.panels) {
      if (l >= p.levels.levels.length) continue;
      const row = p.levels.levels[l];
      size += row.size;
      energy += row.energyShare * p.total;
      sparsity += row.sparsity;
    }
    return { name: lv.name, size, energyShare: energy / totalEnergy, sparsity, sampled: recommended === null ? null : keptCount(first.traces, recommended) / first.N };
  });

  let patternStats: DecimationPrediction['patternStats'] = null;
  let bound: DecimationPrediction['bound'] = null;
  if (recommended !== null) {
    const n = first.traces;
    const mask = decimationMask(n, recommended, o.pattern, seed, 0);
    const psf = decimationPsf(mask, first.N);
    const quarters = [0, 1, 2, 3].map((q) => {
      const lo = Math.round((q * n) / 4);
      const hi = Math.round(((q + 1) * n) / 4);
      let k = 0;
      for (let i = lo; i < hi; i++) k += mask[i];
      return hi > lo ? k / (hi - lo) : 0;
    });
    patternStats = { seed, m: psf.m, n, N: first.N, psfSideLobe: psf.sideLobe, welch: welchBound(psf.m, first.N), maxGap: decimationRegularity(mask).maxGap, quarters };
    bound = frequencyBound(ctx, recommended);
  }

  const h = cal.heldBack;
  return {
    ntraces: g.ntraces,
    ns: g.ns,
    panels: panels.length,
    pattern: o.pattern,
    method: o.method,
    targetSnr: o.targetSnr,
    rows,
    recommended,
    atEdge,
    levels,
    patternStats,
    confident: outside.length === 0,
    outside,
    error: `held back (${h.references} references, ${h.pairs} reference/target pairs): RMS error of the predicted SNR ${h.rms} dB; smallest kept fraction off by more than one step of the list in ${h.offByMoreThanOneStep}, at most ${h.maxOffSteps} steps`,
    provenance: `${dom.provenance}; model: f-k levels budget (c ${cal.c}, s ${cal.s}, b ${cal.b} dB); interpolation: POCS with its defaults`,
    bound,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** m >= k_f ln N per frequency slice (k_f: 99.9 % of the slice's energy), energy-weighted over every panel. */
function frequencyBound(ctx: ReturnType<typeof fkContext>, keep: number): NonNullable<DecimationPrediction['bound']> {
  let met = 0;
  for (const p of ctx.panels) {
    const m = keptCount(p.traces, keep);
    for (let f = 0; f < p.nf; f++) {
      const row = f * p.N;
      const all = p.cum[row + p.N - 1];
      if (!(all > 0)) continue;
      let k = 0;
      while (k < p.N - 1 && p.cum[row + k] < 0.999 * all) k++;
      if (m >= (k + 1) * Math.log(p.N)) met += all;
    }
  }
  const energyMet = met / ctx.total;
  return {
    keep,
    energyMet,
    satisfied: energyMet >= 0.999,
    note: 'sufficient only (Candes-Romberg-Tao, Rudelson-Vershynin: m >= C k log N for partial Fourier, C = 1 here; the true constant is larger): usually far from met where interpolation already works',
  };
}
