/**
 * Linear and parabolic Radon transforms of 2-D gathers (real field), adjoint-exact.
 *
 * `radon2(nt, offsets, slopes, { kind, dt })` is the synthesis (modelling) operator L from a Radon
 * panel m(p, tau) [np, nt] to a gather d(x, t) [nx, nt]:
 *
 *     d(x, t) = sum_p m(p, t - tau_p(x)),   tau_p(x) = p h_x (linear) or p h_x^2 (parabolic),
 *
 * with h_x = offsets[x] (in any unit; centre them for a symmetric panel), p = slopes[j] in seconds
 * per unit (per unit squared for parabolic) and the time shift s = tau / dt samples applied by
 * linear interpolation between the two neighbouring samples: m(t - s) = (1 - w) m[t - i0] +
 * w m[t - i0 - 1] with i0 = floor(s), w = s - i0; samples shifted outside [0, nt) are dropped. The
 * adjoint L^T (the slant stack / parabolic stack, summing along the curves) applies the transposed
 * weights, so <L m, d> = <m, L^T d> to rounding: the dot test holds at 1e-12.
 *
 * Sparse-Radon interpolation models the gather as L m with m sparse (few curves explain the
 * events: linear events in shot gathers and patches, parabolas after NMO) and fits the kept traces
 * only: min 1/2 ||S L m - d||^2 + lambda ||m||_1.
 *
 * Reference: Thorson & Claerbout, "Velocity-stack and slant-stack stochastic inversion",
 * Geophysics 50 (1985); Hampson, "Inverse velocity stacking for multiple elimination" (1986);
 * Sacchi & Ulrych (1995); PyLops `Radon2D` (interpolation kind 'linear').
 *
 * @example
 * import { radon2 } from './radon.ts';
 * const L = radon2(4, [0, 1], [0, 1], { dt: 1 });          // 2 slopes, 2 traces, 4 samples
 * const m = new Float64Array(8); m[4 + 1] = 1;             // slope 1, tau = 1
 * L.apply(m, new Float64Array(8));                         // trace 0: spike at t = 1; trace 1: at t = 2
 */
import { CandorError, checkFinite, checkInt, describe } from '../core/errors.ts';
import { defineOperator, type Kernel } from './define.ts';
import type { LinearOperator } from './types.ts';

/** Options of {@link radon2}. */
export interface RadonOptions {
  /** 'linear' (tau = p h) or 'parabolic' (tau = p h^2); default 'linear'. */
  kind?: 'linear' | 'parabolic';
  /** Sample interval in seconds (default 1: slopes in samples per offset unit). */
  dt?: number;
}

/** L: Radon panel [np, nt] -> gather [nx, nt] (see the file comment). */
export function radon2(nt: number, offsets: ArrayLike<number>, slopes: ArrayLike<number>, opts: RadonOptions = {}): LinearOperator {
  const where = 'radon2';
  checkInt(where, 'samples nt', nt, 1);
  const kind = opts.kind ?? 'linear';
  if (kind !== 'linear' && kind !== 'parabolic') throw new CandorError(where, 'options.kind', "'linear' or 'parabolic'", describe(kind));
  const dt = opts.dt ?? 1;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new CandorError(where, 'options.dt', 'a positive number', describe(dt));
  for (const [name, v] of [
    ['offsets', offsets],
    ['slopes', slopes],
  ] as const) {
    if (!v || typeof v.length !== 'number' || v.length === 0) throw new CandorError(where, name, 'a non-empty list of numbers', describe(v));
    checkFinite(where, name, v);
  }
  const nx = offsets.length;
  const np = slopes.length;
  // shifts in samples: i0 (integer part) and w (fraction) per (x, p)
  const i0 = new Int32Array(nx * np);
  const w = new Float64Array(nx * np);
  for (let x = 0; x < nx; x++) {
    const h = kind === 'linear' ? offsets[x] : offsets[x] * offsets[x];
    for (let p = 0; p < np; p++) {
      const s = (slopes[p] * h) / dt;
      const f = Math.floor(s);
      i0[x * np + p] = f;
      w[x * np + p] = s - f;
    }
  }
  // d[x, t] += (1 - w) m[p, t - i] + w m[p, t - i - 1], for t - i and t - i - 1 in [0, nt)
  const apply: Kernel = (m, d) => {
    d.fill(0);
    for (let x = 0; x < nx; x++) {
      const dOff = x * nt;
      for (let p = 0; p < np; p++) {
        const i = i0[x * np + p];
        const b = w[x * np + p];
        const a = 1 - b;
        const mOff = p * nt;
        // term a: t in [max(0, i), min(nt, nt + i))
        const t0 = Math.max(0, i);
        const t1 = Math.min(nt, nt + i);
        for (let t = t0; t < t1; t++) d[dOff + t] += a * m[mOff + t - i];
        if (b !== 0) {
          const u0 = Math.max(0, i + 1);
          const u1 = Math.min(nt, nt + i + 1);
          for (let t = u0; t < u1; t++) d[dOff + t] += b * m[mOff + t - i - 1];
        }
      }
    }
    return d;
  };
  const adjoint: Kernel = (d, m) => {
    m.fill(0);
    for (let x = 0; x < nx; x++) {
      const dOff = x * nt;
      for (let p = 0; p < np; p++) {
        const i = i0[x * np + p];
        const b = w[x * np + p];
        const a = 1 - b;
        const mOff = p * nt;
        const t0 = Math.max(0, i);
        const t1 = Math.min(nt, nt + i);
        for (let t = t0; t < t1; t++) m[mOff + t - i] += a * d[dOff + t];
        if (b !== 0) {
          const u0 = Math.max(0, i + 1);
          const u1 = Math.min(nt, nt + i + 1);
          for (let t = u0; t < u1; t++) m[mOff + t - i - 1] += b * d[dOff + t];
        }
      }
    }
    return m;
  };
  return defineOperator({
    name: `Radon2(${kind}, ${np} slopes -> ${nx} traces x ${nt})`,
    domain: [np, nt],
    range: [nx, nt],
    field: 'real',
    apply,
    adjoint,
  });
}
