/**
 * Time windows around an interpolator: the gather is cut into windows of `samples` samples that
 * overlap by `overlap`, each window is interpolated on its own (a time-variant threshold for
 * POCS, local dips for f-k and Radon), and the results are blended with tapers that sum to one:
 *
 *     x(j) = sum_w tau_w(j) x_w(j) / sum_w tau_w(j),
 *
 * tau_w rising as sin^2(pi/2 (i + 1/2) / overlap) over the first `overlap` samples of a window
 * (not the first window) and falling symmetrically over its last (not the last window), one
 * elsewhere. Windows start every samples - overlap; the last one ends at the last sample. A
 * window whose kept traces are all zero (a muted zone) is returned as zeros.
 *
 * Reference: R. Abma & N. Kabir, Geophysics 71(6), 2006 (POCS in overlapping windows); M. Naghizadeh
 * & M. D. Sacchi, Geophysics 2009 (windowed f-x/f-k interpolation).
 *
 * @example
 * import { inTimeWindows } from './windows.ts';
 * import { linearInterpolate } from './linear.ts';
 * const run = inTimeWindows(linearInterpolate, 128, 64);  // equals linearInterpolate (to rounding)
 */
import { CandorError, checkInt } from '../../core/errors.ts';
import type { Interpolator } from './gain.ts';

/** Window start samples for a gather of nt samples. */
export function windowStarts(nt: number, samples: number, overlap: number): number[] {
  if (samples >= nt) return [0];
  const starts: number[] = [];
  for (let s = 0; s + samples <= nt; s += samples - overlap) starts.push(s);
  if (starts[starts.length - 1] + samples < nt) starts.push(nt - samples);
  return starts;
}

/**
 * Wraps an interpolator to run it in time windows of `samples` samples overlapping by `overlap`,
 * blending the windows with tapers that sum to one.
 */
export function inTimeWindows(run: Interpolator, samples: number, overlap: number): Interpolator {
  const where = 'inTimeWindows';
  checkInt(where, 'samples', samples, 2);
  checkInt(where, 'overlap', overlap, 0, samples - 1);
  return (data, nx, nt, kept) => {
    if (data.length !== nx * nt || kept.length !== nx) {
      throw new CandorError(where, 'sizes', `${nx} x ${nt} samples and a mask of ${nx} traces`, `${data.length} and ${kept.length}`);
    }
    const W = Math.min(samples, nt);
    const ov = Math.min(overlap, W - 1);
    const acc = new Float64Array(nx * nt);
    const wsum = new Float64Array(nt);
    const taper = new Float64Array(W);
    const starts = windowStarts(nt, W, ov);
    const sub = new Float64Array(nx * W);
    for (let k = 0; k < starts.length; k++) {
      const s0 = starts[k];
      taper.fill(1);
      for (let i = 0; i < ov; i++) {
        const r = Math.sin((Math.PI / 2) * ((i + 0.5) / ov)) ** 2;
        if (k > 0) taper[i] = r;
        if (k < starts.length - 1) taper[W - 1 - i] = r;
      }
      let live = false;
      for (let x = 0; x < nx; x++) {
        for (let j = 0; j < W; j++) {
          const v = data[x * nt + s0 + j];
          sub[x * W + j] = v;
          if (kept[x] && v !== 0) live = true;
        }
      }
      const r = live ? run(sub, nx, W, kept) : null;
      for (let j = 0; j < W; j++) wsum[s0 + j] += taper[j];
      if (r === null) continue;
      for (let x = 0; x < nx; x++) for (let j = 0; j < W; j++) acc[x * nt + s0 + j] += taper[j] * r[x * W + j];
    }
    const out = data.slice();
    for (let x = 0; x < nx; x++) {
      if (kept[x]) continue;
      for (let j = 0; j < nt; j++) out[x * nt + j] = acc[x * nt + j] / wsum[j];
    }
    return out;
  };
}
