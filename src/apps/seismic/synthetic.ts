/**
 * A synthetic gather for tests, demos and the web lab: linear (plane-wave) and hyperbolic events
 * with a Ricker wavelet, built exactly in the frequency domain so that fractional time shifts
 * stay band-limited (no staircase):
 *
 *     D(x, f) = R(f) sum_e a_e exp(-2 pi i f t_e(x)),   t_e(x) = t0 + p (x - x_c) dt   or
 *                                                        sqrt(t0^2 + ((x - x_c) dx / v)^2)
 *
 * with R the Ricker spectrum (2/sqrt(pi)) f^2/f0^3 exp(-(f/f0)^2) at peak frequency f0, and the
 * gather the inverse real FFT of D over nt samples (events wrap around past the end), scaled to a
 * largest |amplitude| of 1.
 * A few linear events of distinct dips are sparse in f-k: the setting where f-k sparsity beats
 * linear interpolation by far (docs/seismic.md).
 *
 * Reference: N. Ricker, "The form and laws of propagation of seismic wavelets", Geophysics 18
 * (1953); PyLops `linear2d`, `hyperbolic2d` (events in t-x by interpolation).
 *
 * @example
 * import { syntheticGather } from './synthetic.ts';
 * const g = syntheticGather();   // 64 traces x 256 samples at 4 ms, three linear events and one hyperbola
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { rfftPlan } from '../../core/fft/real.ts';
import type { Gather } from './gather.ts';

/** An event of a synthetic gather: linear (t = t0 + p (x - x_c) dt) or hyperbolic (velocity v), with its amplitude. */
export interface SyntheticEvent {
  /** 'linear' (t = t0 + p (x - x_c) dt, p in samples per trace) or 'hyperbolic' (velocity v, trace spacing dx). */
  kind: 'linear' | 'hyperbolic';
  /** Intercept time in seconds. */
  t0: number;
  amplitude: number;
  /** Linear: dip in samples per trace. */
  dip?: number;
  /** Hyperbolic: velocity in m/s (trace spacing `dx`). */
  velocity?: number;
}

/** Options of {@link syntheticGather}: sizes, sample interval, Ricker frequency, trace spacing and events. */
export interface SyntheticOptions {
  nx?: number;
  nt?: number;
  dt?: number;
  /** Ricker peak frequency in Hz (default 20). */
  f0?: number;
  /** Trace spacing in metres for hyperbolic events (default 12.5). */
  dx?: number;
  events?: readonly SyntheticEvent[];
}

/** The default events of {@link syntheticGather}: three linear events (flat and two dips) and one hyperbola. */
export const SYNTHETIC_EVENTS: readonly SyntheticEvent[] = Object.freeze([
  { kind: 'linear', t0: 0.2, dip: 0, amplitude: 1 },
  { kind: 'linear', t0: 0.4, dip: 1.5, amplitude: -0.8 },
  { kind: 'linear', t0: 0.65, dip: -1, amplitude: 0.6 },
  { kind: 'hyperbolic', t0: 0.5, velocity: 2000, amplitude: 0.7 },
]);

/**
 * A synthetic gather of Ricker-wavelet events built trace by trace in the frequency domain (exact
 * fractional delays; default 64 traces x 256 samples at 4 ms, 20 Hz, the {@link SYNTHETIC_EVENTS}).
 */
export function syntheticGather(opts: SyntheticOptions = {}): Gather {
  const where = 'syntheticGather';
  const nx = checkInt(where, 'nx', opts.nx ?? 64, 2);
  const nt = checkInt(where, 'nt', opts.nt ?? 256, 4);
  const dt = opts.dt ?? 0.004;
  const f0 = opts.f0 ?? 20;
  const dx = opts.dx ?? 12.5;
  if (!(dt > 0) || !(f0 > 0) || !(dx > 0)) throw new CandorError(where, 'dt, f0, dx', 'positive numbers', `${describe(dt)}, ${describe(f0)}, ${describe(dx)}`);
  const events = opts.events ?? SYNTHETIC_EVENTS;
  const nf = (nt >> 1) + 1;
  const spec = new Float64Array(2 * nf);
  const rf = rfftPlan(nt);
  const data = new Float64Array(nx * nt);
  const xc = nx / 2;
  const trace = new Float64Array(nt);
  for (let x = 0; x < nx; x++) {
    spec.fill(0);
    for (const e of events) {
      const t = e.kind === 'linear' ? e.t0 + (e.dip ?? 0) * (x - xc) * dt : Math.sqrt(e.t0 ** 2 + (((x - xc) * dx) / (e.velocity ?? 2000)) ** 2);
      for (let k = 0; k < nf; k++) {
        const f = k / (nt * dt);
        const r = ((2 / Math.sqrt(Math.PI)) * f * f) / f0 ** 3 * Math.exp(-((f / f0) ** 2));
        const ph = -2 * Math.PI * f * t;
        spec[2 * k] += e.amplitude * r * Math.cos(ph);
        spec[2 * k + 1] += e.amplitude * r * Math.sin(ph);
      }
    }
    if (nt % 2 === 0) spec[2 * (nf - 1) + 1] = 0;
    rf.execInverse(spec, 0, trace, 0, 1);
    data.set(trace, x * nt);
  }
  let peak = 0;
  for (const v of data) peak = Math.max(peak, Math.abs(v));
  if (peak > 0) for (let i = 0; i < data.length; i++) data[i] /= peak;
  return { ntraces: nx, ns: nt, dt, data };
}
