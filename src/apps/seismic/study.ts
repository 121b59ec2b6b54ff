/**
 * The acceptance study of docs/seismic.md: on a gather, for each decimation pattern and seed, the
 * SNR over the missing traces of each method and of linear interpolation, and the summary
 * (median, min, max, quartiles) of the gains in dB. The real-data runs use the Viking Graben gather
 * (60 x 1000) and one inline of the F3 crop (18 x 75), 50 % of the traces kept, seeds 0-9.
 *
 * @example
 * import { decimationStudy } from './study.ts';
 * // decimationStudy(gather, { patterns: ['random'], seeds: 10, methods: ['pocs'] }).summary
 */
import { applyMask, type DecimationPattern, decimationMask } from './decimate.ts';
import type { Gather } from './gather.ts';
import { type InterpolationMethod, interpolateGather } from './interpolate.ts';
import { linearInterpolate } from './linear.ts';
import { missingSnr, type Spread, spread } from './metrics.ts';

/**
 * A method under study beyond the named ones: any interpolator of the decimated gather (missing
 * traces zero). `truth` is passed for oracle bounds (./bounds.ts) only; a method must not read it.
 */
export interface StudyVariant {
  name: string;
  /** Runs the variant: the interpolated gather from the decimated one (the truth is given for oracle variants). */
  run: (decimated: Float64Array, nx: number, nt: number, kept: Uint8Array, truth: Float64Array) => Float64Array;
}

/** Options of {@link decimationStudy}: patterns, methods, seeds and kept fraction (default 0.5). */
export interface StudyOptions {
  patterns: readonly DecimationPattern[];
  methods: readonly (Exclude<InterpolationMethod, 'linear'> | StudyVariant)[];
  /** Seeds 0 .. seeds-1 (regular decimation has no seed: one trial). */
  seeds: number;
  keep?: number;
  /** Called after every trial. */
  onTrial?: (t: StudyTrial) => void;
}

/** One trial of the study: SNR over the missing traces of a method and of linear interpolation, the gain (their difference, dB) and time. */
export interface StudyTrial {
  pattern: DecimationPattern;
  seed: number;
  method: string;
  snr: number;
  snrLinear: number;
  gain: number;
  seconds: number;
}

/** The spread of a method's SNR, linear interpolation's, and the gain over the seeds of one pattern. */
export interface StudySummary {
  pattern: DecimationPattern;
  method: string;
  snr: Spread;
  snrLinear: Spread;
  gain: Spread;
}

/**
 * The acceptance study: for each pattern and seed, decimates the gather (kept fraction default 0.5)
 * and measures each method's SNR over the missing traces against linear interpolation; returns the
 * trials and their summaries.
 */
export function decimationStudy(g: Gather, o: StudyOptions): { trials: StudyTrial[]; summary: StudySummary[] } {
  const keep = o.keep ?? 0.5;
  const trials: StudyTrial[] = [];
  for (const pattern of o.patterns) {
    const seeds = pattern === 'regular' ? 1 : o.seeds;
    for (let seed = 0; seed < seeds; seed++) {
      const kept = decimationMask(g.ntraces, keep, pattern, seed);
      const d = applyMask(g.data, g.ns, kept);
      const snrLinear = missingSnr(linearInterpolate(d, g.ntraces, g.ns, kept), g.data, g.ns, kept);
      for (const m of o.methods) {
        const t0 = performance.now();
        const data =
          typeof m === 'string' ? interpolateGather({ ...g, data: d }, { method: m, kept }).data : m.run(d, g.ntraces, g.ns, kept, g.data);
        const seconds = (performance.now() - t0) / 1000;
        const snr = missingSnr(data, g.data, g.ns, kept);
        const method = typeof m === 'string' ? m : m.name;
        const t = { pattern, seed, method, snr, snrLinear, gain: snr - snrLinear, seconds };
        trials.push(t);
        o.onTrial?.(t);
      }
    }
  }
  const summary: StudySummary[] = [];
  for (const pattern of o.patterns) {
    for (const m of o.methods) {
      const method = typeof m === 'string' ? m : m.name;
      const ts = trials.filter((t) => t.pattern === pattern && t.method === method);
      if (ts.length === 0) continue;
      summary.push({ pattern, method, snr: spread(ts.map((t) => t.snr)), snrLinear: spread(ts.map((t) => t.snrLinear)), gain: spread(ts.map((t) => t.gain)) });
    }
  }
  return { trials, summary };
}
