/**
 * Density compensation weights for gridding reconstructions (x ~ A^H W y), by the iterative method
 * of Pipe & Menon:
 *
 *     w^{(0)} = 1,    w^{(i+1)}_j = w^{(i)}_j / (C w^{(i)})_j,    (C w)_j = sum_l w_l c(w_j, w_l)
 *
 * where C is the gridding kernel applied twice through the plan's oversampled grid (spread the
 * weights with the Kaiser-Bessel kernel, interpolate back at the samples: the common
 * implementation, e.g. SigPy's `pipe_menon_dcf`). At the fixed point C w = 1: the weighted samples
 * blurred by the kernel are flat. The weights are then scaled to units of N times the k-space
 * area each sample represents (cycles per sample squared): a uniform density rho has
 * sum_l w_l c(., w_l) ~ w rho prod_i phihat_i(0)^2 / m_i, so the weights are multiplied by
 * N prod_i phihat_i(0)^2 / m_i and equal N / rho. Then sum_j w_j = N times the area covered, and
 * the weighted PSF A^H W A e_c has its peak sum_j w_j / N at the covered fraction of k-space
 * (1 for a full square, pi/4 for a disc).
 *
 * The kernel sets the resolution of the estimate: it is the plan's (width W on a grid oversampled
 * by sigma, about W / sigma Nyquist cells wide); the default width 7 at sigma 2 is a good choice.
 *
 * Reference: J. G. Pipe & P. Menon, "Sampling density compensation in MRI: rationale and an
 * iterative numerical solution", Magn. Reson. Med. 41 (1999) 179-186.
 *
 * @example
 * import { nufftPlan } from './nufft-plan.ts';
 * import { pipeMenonDensity } from './nufft-density.ts';
 * import { radialTrajectory } from './trajectories.ts';
 * const plan = nufftPlan([64, 64], radialTrajectory(101, 128));
 * const w = pipeMenonDensity(plan);   // ~ ramp: w_j ~ N pi |r_j| / (P S) away from the centre
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { kbTransform } from '../core/nufft/kaiser-bessel.ts';
import { interpolate, spread } from './nufft-grid.ts';
import type { NufftPlan } from './nufft-plan.ts';

/** Options of {@link pipeMenonDensity}. */
export interface DensityOptions {
  /** Fixed-point iterations (default 30). */
  iterations?: number;
}

/** Pipe-Menon density compensation weights of a plan's samples (length M, original order). */
export function pipeMenonDensity(plan: NufftPlan, opts: DensityOptions = {}): Float64Array {
  const where = 'pipeMenonDensity';
  if (typeof opts !== 'object' || opts === null) throw new CandorError(where, 'options', 'an object { iterations? }', describe(opts));
  const iters = checkInt(where, 'options.iterations', opts.iterations ?? 30, 1, 10000);
  const M = plan.samples;
  const w = new Float64Array(2 * M);
  const c = new Float64Array(2 * M);
  const g = new Float64Array(2 * plan.gridSize);
  for (let j = 0; j < M; j++) w[2 * j] = 1;
  for (let it = 0; it < iters; it++) {
    g.fill(0);
    spread(plan, w, g);
    interpolate(plan, g, c);
    for (let j = 0; j < M; j++) {
      const v = Math.hypot(c[2 * j], c[2 * j + 1]);
      if (!(v > 0)) throw new CandorError(where, `kernel sum at sample ${plan.order[j]}`, 'a positive number', String(v), 'numerical');
      w[2 * j] /= v;
    }
  }
  let scale = plan.size;
  for (const m of plan.grid) {
    const h = kbTransform(0, plan.width, plan.beta);
    scale *= (h * h) / m;
  }
  const out = new Float64Array(M);
  for (let p = 0; p < M; p++) out[plan.order[p]] = scale * w[2 * p];
  return out;
}
