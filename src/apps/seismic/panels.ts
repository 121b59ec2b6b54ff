/**
 * Decimation and interpolation of a whole file, one 2-D panel at a time (./gather.ts:
 * `gatherPanels`: one per inline in a 3-D post-stack file, else the whole gather): what `candor
 * seismic decimate` and `candor seismic interpolate` run.
 *
 * @example
 * import { decimatePanels, interpolatePanels } from './panels.ts';
 * // const d = decimatePanels(loaded, { keep: 0.5, pattern: 'random', seed: 1 });
 * // const r = interpolatePanels({ ...loaded.gather, data: d.data }, d.panels, { method: 'pocs' });
 */
import { CandorError } from '../../core/errors.ts';
import { applyMask, type DecimationPattern, decimationMask } from './decimate.ts';
import { type Gather, liveTraces, putTraces, subGather } from './gather.ts';
import { checkSplit, type InterpolateOptions, type Interpolated, interpolateGather } from './interpolate.ts';
import { linearInterpolate } from './linear.ts';
import { missingSnr } from './metrics.ts';

/** Options of {@link decimatePanels}: kept fraction, pattern and seed. */
export interface DecimateOptions {
  keep: number;
  pattern: DecimationPattern;
  seed: number;
}

/** A decimated file: the samples with missing traces zeroed, the kept traces and the panels (trace indices). */
export interface Decimated {
  data: Float64Array;
  /** Kept traces over the whole file. */
  kept: Uint8Array;
  panels: Int32Array[];
}

/** Decimates every panel (panel p draws from stream p of the seed); first and last traces of each kept. */
export function decimatePanels(g: Gather, panels: Int32Array[], o: DecimateOptions): Decimated {
  const kept = new Uint8Array(g.ntraces);
  panels.forEach((idx, p) => {
    if (idx.length < 3) {
      throw new CandorError('decimate', `panel ${p}`, 'at least 3 traces (the first and last are always kept)', `${idx.length}`);
    }
    const m = decimationMask(idx.length, o.keep, o.pattern, o.seed, p);
    for (let i = 0; i < idx.length; i++) kept[idx[i]] = m[i];
  });
  return { data: applyMask(g.data, g.ns, kept), kept, panels };
}

/**
 * The interpolation of one panel: its traces kept and missing, iterations, time, and the SNR over
 * the missing traces (and linear interpolation's) when the truth is known.
 */
export interface PanelResult {
  panel: number;
  traces: number;
  kept: number;
  missing: number;
  iterations: number;
  seconds: number;
  snr: number | null;
  snrLinear: number | null;
}

/** A whole file interpolated panel by panel, with the first panel that had missing traces for the report. */
export interface PanelsInterpolated {
  data: Float64Array;
  panels: PanelResult[];
  /** The first panel that had missing traces: its decimated input and result, for the report. */
  first: { panel: number; idx: Int32Array; decimated: Gather; result: Interpolated; truth?: Float64Array } | null;
}

/**
 * Interpolates the all-zero traces of every panel that has some (panels without a missing trace
 * are copied). Throws for an all-zero gather, or a panel with fewer than 2 live traces.
 */
export function interpolatePanels(g: Gather, panels: Int32Array[], o: InterpolateOptions, truth?: Float64Array): PanelsInterpolated {
  const live = liveTraces(g);
  if (live.every((v) => v === 0)) {
    throw new CandorError('interpolate', 'gather', 'some non-zero traces (kept data)', 'an all-zero gather');
  }
  if (live.every((v) => v === 1)) {
    throw new CandorError('interpolate', 'missing traces', 'at least one all-zero trace to interpolate', `all ${g.ntraces} traces hold data`);
  }
  const out = g.data.slice();
  const results: PanelResult[] = [];
  let first: PanelsInterpolated['first'] = null;
  panels.forEach((idx, p) => {
    const sub = subGather(g, idx);
    const kept = liveTraces(sub);
    const missing = idx.length - kept.reduce((s, v) => s + v, 0);
    if (missing === 0) return;
    checkSplit(`interpolate: panel ${p}`, sub, kept);
    const r = interpolateGather(sub, { ...o, kept });
    putTraces(out, g.ns, idx, r.data);
    let snr: number | null = null;
    let snrLinear: number | null = null;
    let tp: Float64Array | undefined;
    if (truth) {
      tp = subGather({ ...g, data: truth }, idx).data;
      snr = missingSnr(r.data, tp, g.ns, kept);
      snrLinear = missingSnr(linearInterpolate(sub.data, sub.ntraces, sub.ns, kept), tp, g.ns, kept);
    }
    results.push({ panel: p, traces: idx.length, kept: idx.length - missing, missing, iterations: r.iterations, seconds: r.seconds, snr, snrLinear });
    if (!first) first = { panel: p, idx, decimated: sub, result: r, truth: tp };
  });
  return { data: out, panels: results, first };
}
