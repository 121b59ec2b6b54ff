/**
 * Interpolation quality: the signal-to-noise ratio over the missing traces only (the kept ones are
 * data, reproduced by construction),
 *
 *     SNR = 10 log10( sum_{missing} x_true^2 / sum_{missing} (x - x_true)^2 )  dB,
 *
 * the measure of Abma & Kabir (2006) and of most interpolation studies; and a small summary
 * (median, min, max, interquartile range) for repeated trials. Kept here, small, until a shared
 * metrics layer exists.
 *
 * @example
 * import { missingSnr } from './metrics.ts';
 * missingSnr(Float64Array.of(1, 1, 2, 2), Float64Array.of(1, 1, 2, 1), 2, Uint8Array.of(1, 0)); // 10 log10(8/1) = 9.03
 */
import { CandorError } from '../../core/errors.ts';

/** SNR over the missing traces only, 10 log10(sum x_true^2 / sum (x - x_true)^2) in dB (Abma & Kabir 2006). */
export function missingSnr(rec: Float64Array, truth: Float64Array, ns: number, kept: Uint8Array): number {
  if (rec.length !== truth.length || truth.length !== kept.length * ns) {
    throw new CandorError('missingSnr', 'sizes', `${kept.length} x ${ns} samples in both`, `${rec.length} and ${truth.length}`);
  }
  let s = 0;
  let e = 0;
  for (let t = 0; t < kept.length; t++) {
    if (kept[t]) continue;
    for (let j = t * ns; j < (t + 1) * ns; j++) {
      s += truth[j] * truth[j];
      e += (rec[j] - truth[j]) ** 2;
    }
  }
  if (!(s > 0)) throw new CandorError('missingSnr', 'missing traces', 'at least one missing trace with signal', 'none');
  return e === 0 ? Infinity : 10 * Math.log10(s / e);
}

/** Summary of repeated values: median, min, max, quartiles and count. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  q25: number;
  q75: number;
  n: number;
}

/** Median, extremes and quartiles (linear interpolation between order statistics, as numpy's default). */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new CandorError('spread', 'values', 'at least one value', 'none');
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
  };
  return { median: q(0.5), min: s[0], max: s[s.length - 1], q25: q(0.25), q75: q(0.75), n: s.length };
}
