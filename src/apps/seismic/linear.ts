/**
 * Trace-wise linear interpolation, the baseline sparse methods must beat: every missing trace is
 * the distance-weighted average of the nearest kept traces on either side, sample by sample,
 *
 *     x_t = (1 - w) x_a + w x_b,   w = (t - a) / (b - a),   a < t < b the neighbouring kept traces,
 *
 * and a missing trace beyond the first or last kept one copies it (never needed when the first and
 * last traces are kept, as ./decimate.ts does).
 *
 * @example
 * import { linearInterpolate } from './linear.ts';
 * linearInterpolate(Float64Array.of(0, 0, 0, 0, 4, 8), 3, 2, Uint8Array.of(1, 0, 1)); // [0, 0, 2, 4, 4, 8]
 */
import { CandorError } from '../../core/errors.ts';

/**
 * Trace-wise linear interpolation: a missing trace t between kept traces a < t < b is (1 - w) x_a +
 * w x_b with w = (t - a) / (b - a); beyond the first or last kept trace it copies that trace.
 */
export function linearInterpolate(data: Float64Array, ntraces: number, ns: number, kept: Uint8Array): Float64Array {
  if (kept.length !== ntraces || data.length !== ntraces * ns) {
    throw new CandorError('linearInterpolate', 'sizes', `a mask of ${ntraces} traces and ${ntraces} x ${ns} samples`, `${kept.length} and ${data.length}`);
  }
  const idx: number[] = [];
  for (let t = 0; t < ntraces; t++) if (kept[t]) idx.push(t);
  if (idx.length === 0) throw new CandorError('linearInterpolate', 'kept traces', 'at least one', 'none');
  const out = data.slice();
  let j = 0;
  for (let t = 0; t < ntraces; t++) {
    if (kept[t]) continue;
    while (j < idx.length && idx[j] < t) j++;
    const a = j > 0 ? idx[j - 1] : idx[0];
    const b = j < idx.length ? idx[j] : idx[idx.length - 1];
    const w = b === a ? 0 : (t - a) / (b - a);
    for (let s = 0; s < ns; s++) out[t * ns + s] = (1 - w) * data[a * ns + s] + w * data[b * ns + s];
  }
  return out;
}
