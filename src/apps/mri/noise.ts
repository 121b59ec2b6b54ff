/**
 * The noise level of an MRI acquisition from its outer k-space: the energy of an image decays
 * fast away from the k-space centre, so the outermost acquired samples are mostly thermal noise.
 Two estimates, both the MAD (core/imaging/noise.ts) of values that are mostly noise,
 * over the samples farthest from the centre (elliptical radius sqrt((ky/(ny/2))^2 + (kx/(nx/2))^2),
 * centred coordinates), per complex sample (E|e|^2 = sigma^2, the convention of `simulateKspace`
 * and `--noise-std`):
 *
 * - 'hermitian' (default when the mask holds enough pairs f, -f): the k-space of a real-valued
 *   image is conjugate symmetric, k(-f) = conj(k(f)), so d = y(f) - conj(y(-f)) = e(f) - conj(e(-f))
 *   is pure noise whatever the signal, with variance sigma^2 per part: sigma = MAD(Re d, Im d).
 *   Exact for real images (the simulations from magnitude images); with a smoothly varying phase
 *   the outer pairs (`pairFraction` of them, farthest first) keep the leak small; a rough phase
 *   biases it upwards.
 * - 'outer': the outermost `fraction` of acquired samples themselves,
 *   sigma = sqrt(2) MAD(Re y, Im y). Signal in the outer k-space (sharp edges: on the Shepp-Logan
 *   phantom at 30 dB it overestimates sigma fivefold) biases it upwards.
 *
 * docs/lambda.md gives the accuracy of both on the phantom and the EPI slice. With fewer than
 * `minSamples` samples (pairs) an estimate is refused.
 *
 * @example
 * import { kspaceNoiseStd } from './noise.ts';
 * // const acq = acquisition(kspace, mask, 256, 256);  kspaceNoiseStd(acq).std: about the simulated noiseStd
 */
import { CandorError, checkInt, checkNumber, describe } from '../../core/errors.ts';
import { madStd } from '../../core/imaging/noise.ts';
import type { Acquisition } from './acquisition.ts';

/** Defaults of {@link kspaceNoiseStd}: outermost 10% of samples ('outer'), outermost half of conjugate pairs ('hermitian'), at least 64 samples. */
export const KSPACE_NOISE_DEFAULTS = Object.freeze({ fraction: 0.1, pairFraction: 0.5, minSamples: 64 });

/**
 * How {@link kspaceNoiseStd} estimates: from conjugate-symmetric pairs ('hermitian'), from the
 * outermost samples ('outer'), or 'auto' (hermitian when the mask holds enough pairs).
 */
export type KspaceNoiseMethod = 'auto' | 'hermitian' | 'outer';

/** A k-space noise estimate: sigma per complex sample (E|e|^2 = sigma^2), the method and how it was obtained, and the samples it used. */
export interface KspaceNoise {
  std: number;
  method: 'hermitian' | 'outer';
  /** How it was obtained, for reports. */
  source: string;
  /** Samples (or sample pairs) used and the smallest elliptical radius among them (1 = the edge of the grid). */
  samples: number;
  radius: number;
}

/** Elliptical radius of every acquired sample and its position in y (row-major order of the mask). */
function sampleRadii(acq: Acquisition): { radius: Float64Array; index: Int32Array } {
  const { ny, nx, mask } = acq;
  const cy = Math.floor(ny / 2);
  const cx = Math.floor(nx / 2);
  const index = new Int32Array(ny * nx).fill(-1);
  const radius = new Float64Array(acq.y.length / 2);
  let j = 0;
  for (let i = 0; i < ny; i++) {
    for (let k = 0; k < nx; k++) {
      if (!mask[i * nx + k]) continue;
      index[i * nx + k] = j;
      radius[j++] = Math.hypot((i - cy) / Math.max(1, ny / 2), (k - cx) / Math.max(1, nx / 2));
    }
  }
  return { radius, index };
}

/** Indices 0..count-1 sorted by decreasing radius (ties by index: deterministic). */
function outermost(radius: ArrayLike<number>, count: number): number[] {
  return Array.from({ length: count }, (_, i) => i).sort((a, b) => radius[b] - radius[a] || a - b);
}

/**
 * Noise std per complex sample from the outer k-space (see the file comment). `method`:
 * 'hermitian' (pairs f, -f: exact for a real-valued image), 'outer' (the outermost samples
 * themselves), or 'auto' (default): hermitian when at least `minSamples` pairs were acquired.
 */
export function kspaceNoiseStd(
  acq: Acquisition,
  opts: { method?: KspaceNoiseMethod; fraction?: number; pairFraction?: number; minSamples?: number } = {},
): KspaceNoise {
  const where = 'kspaceNoiseStd';
  const D = KSPACE_NOISE_DEFAULTS;
  const method = opts.method ?? 'auto';
  if (!['auto', 'hermitian', 'outer'].includes(method)) throw new CandorError(where, 'method', 'auto, hermitian or outer', describe(method));
  const fraction = checkNumber(where, 'fraction', opts.fraction ?? D.fraction, Number.MIN_VALUE, 1);
  const pairFraction = checkNumber(where, 'pairFraction', opts.pairFraction ?? D.pairFraction, Number.MIN_VALUE, 1);
  const minSamples = checkInt(where, 'minSamples', opts.minSamples ?? D.minSamples, 1);
  const { ny, nx, y } = acq;
  const m = y.length / 2;
  const { radius, index } = sampleRadii(acq);
  if (method !== 'outer') {
    // conjugate pairs: the mirror of centred index i is (2 c - i) mod n
    const cy = Math.floor(ny / 2);
    const cx = Math.floor(nx / 2);
    const pa: number[] = [];
    const pb: number[] = [];
    const pr: number[] = [];
    for (let i = 0; i < ny; i++) {
      const mi = (((2 * cy - i) % ny) + ny) % ny;
      for (let k = 0; k < nx; k++) {
        const a = index[i * nx + k];
        if (a < 0) continue;
        const mk = (((2 * cx - k) % nx) + nx) % nx;
        const b = index[mi * nx + mk];
        if (b <= a) continue; // unsampled mirror, a self-mirrored sample, or the pair counted already
        pa.push(a);
        pb.push(b);
        pr.push(Math.min(radius[a], radius[b]));
      }
    }
    const pairs = pa.length;
    if (pairs >= minSamples) {
      const count = Math.min(pairs, Math.max(minSamples, Math.round(pairFraction * pairs)));
      const order = outermost(pr, pairs);
      const d = new Float64Array(2 * count);
      for (let t = 0; t < count; t++) {
        const a = pa[order[t]];
        const b = pb[order[t]];
        // y_a - conj(y_b): the signal cancels for a real image; each part has variance sigma^2
        d[2 * t] = y[2 * a] - y[2 * b];
        d[2 * t + 1] = y[2 * a + 1] + y[2 * b + 1];
      }
      const r = pr[order[count - 1]];
      return {
        std: madStd(d),
        method: 'hermitian',
        source: `estimated: MAD of y(f) - conj(y(-f)) over the ${count} outermost acquired conjugate pairs (radius >= ${r.toFixed(2)}; exact for a real-valued image)`,
        samples: count,
        radius: r,
      };
    }
    if (method === 'hermitian') throw new CandorError(where, 'conjugate sample pairs', `at least ${minSamples} (the mask samples few f, -f pairs; use 'outer')`, String(pairs));
  }
  if (m < minSamples) throw new CandorError(where, 'acquired samples', `at least ${minSamples} to estimate the noise (or give --noise-std)`, String(m));
  const count = Math.min(m, Math.max(minSamples, Math.round(fraction * m)));
  const order = outermost(radius, m);
  const parts = new Float64Array(2 * count);
  for (let i = 0; i < count; i++) {
    parts[2 * i] = y[2 * order[i]];
    parts[2 * i + 1] = y[2 * order[i] + 1];
  }
  const r = radius[order[count - 1]];
  return {
    std: Math.SQRT2 * madStd(parts),
    method: 'outer',
    source: `estimated: MAD of the ${count} outermost acquired k-space samples (radius >= ${r.toFixed(2)} of the half-width; an upper bound: signal in the outer k-space raises it, so give --noise-std when a noise scan is at hand)`,
    samples: count,
    radius: r,
  };
}
