/**
 * Sampling trajectories for the non-uniform FFT, as coordinates in cycles per sample (each in
 * [-1/2, 1/2]), interleaved per sample (axis 0 first, the order of ./nufft-plan.ts), listed
 * readout by readout: sample s of spoke (or interleaf) p is sample j = p S + s.
 *
 * - `radialTrajectory(spokes, samples, { angles, fullCircle, dcSampled })`: 2-D radial spokes
 *   through the centre, as BART's `traj -r` (checked against BART 0.8): sample s at radius
 *   r_s = (s - S/2 + 1/2)/S (symmetric about the centre, which is not sampled; `dcSampled`: (s - S/2)/S,
 *   BART's `-c`), spoke p at angle theta_p = pi p / P ('uniform', over [0, pi); `fullCircle`:
 *   2 pi p / P, BART's `-D`) or theta_p = p pi / phi with phi = (1 + sqrt 5)/2, the golden angle
 *   111.246 degrees ('golden', BART's `-G`; Winkelmann et al. 2007); the spoke direction is
 *   (sin theta, cos theta) in (axis 0, axis 1). BART's trajectory for an image of S/2 points with
 *   2x readout oversampling, `bart traj -r -x S -y P` followed by `bart scale 0.5`, is this
 *   trajectory times n = S/2 (its k-space units).
 * - `spiralTrajectory(interleaves, samples, turns, { alpha })`: L interleaved 2-D spirals
 *   r(tau) = tau^alpha / 2, theta(tau) = 2 pi turns tau + 2 pi l / L, tau in [0, 1]. alpha = 1 is
 *   the Archimedean (constant density) spiral; alpha > 1 samples the centre more densely
 *   (variable density, Kim, Adalsteinsson & Spielman 2003). tau_s = (s / (S - 1))^{1/(1 + alpha)}
 *   makes the speed along the path about constant (arc length grows as tau^{1 + alpha}). The
 *   radial gap between turns is 1/(2 turns L) at alpha = 1: Nyquist for an n-point image needs
 *   turns >= n / (2 L).
 *
 * References: P. J. Winkelmann, P. Schaeffter, T. Koehler, C. Eggers & O. Doessel, "An optimal
 * radial profile order based on the golden ratio for time-resolved MRI", IEEE TMI 26 (2007) 68-76;
 * C. B. Ahn, J. H. Kim & Z. H. Cho, "High-speed spiral-scan echo planar NMR imaging", IEEE TMI 5
 * (1986) 2-7; D. H. Kim, E. Adalsteinsson & D. M. Spielman, "Simple analytic variable density
 * spiral design", Magn. Reson. Med. 50 (2003) 214-219; BART `traj` (src/traj.c, src/noncart/traj.c).
 *
 * @example
 * import { radialTrajectory, spiralTrajectory } from './trajectories.ts';
 * const r = radialTrajectory(2, 4);   // spoke 0 along axis 1, spoke 1 along axis 0
 * // r = [0,-0.375, 0,-0.125, 0,0.125, 0,0.375,  -0.375,~0, -0.125,~0, 0.125,~0, 0.375,~0]
 * spiralTrajectory(4, 1024, 16).length;  // 4 interleaves x 1024 samples x 2 axes = 8192
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';

/** Options of {@link radialTrajectory}. */
export interface RadialOptions {
  /** 'uniform' (default): theta_p = pi p / P; 'golden': theta_p = p 111.246... degrees. */
  angles?: 'uniform' | 'golden';
  /** Uniform angles over [0, 2 pi) instead of [0, pi) (BART traj -D). */
  fullCircle?: boolean;
  /** Radii (s - S/2)/S, so that s = S/2 samples the centre (BART traj -c). */
  dcSampled?: boolean;
}

function options<T extends object>(where: string, opts: unknown, keys: string): T {
  if (opts === undefined) return {} as T;
  if (typeof opts !== 'object' || opts === null) throw new CandorError(where, 'options', `an object { ${keys} }`, describe(opts));
  return opts as T;
}

/** The golden angle of radial MRI, pi / phi = 111.246... degrees (in radians). */
export const GOLDEN_ANGLE = Math.PI / ((1 + Math.sqrt(5)) / 2);

/** P radial spokes of S samples (2-D), spoke by spoke; see the module comment. */
export function radialTrajectory(spokes: number, samples: number, opts?: RadialOptions): Float64Array {
  const where = 'radialTrajectory';
  checkInt(where, 'spokes', spokes, 1, 2 ** 24);
  checkInt(where, 'samples', samples, 1, 2 ** 24);
  const o = options<RadialOptions>(where, opts, 'angles?, fullCircle?, dcSampled?');
  const angles = o.angles ?? 'uniform';
  if (angles !== 'uniform' && angles !== 'golden') throw new CandorError(where, 'options.angles', "'uniform' or 'golden'", describe(angles));
  for (const k of ['fullCircle', 'dcSampled'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new CandorError(where, `options.${k}`, 'true or false', describe(o[k]));
  }
  if (spokes * samples > 2 ** 27) throw new CandorError(where, 'spokes x samples', 'at most 2^27 samples', String(spokes * samples));
  const out = new Float64Array(2 * spokes * samples);
  const off = o.dcSampled ? 0 : 0.5;
  const span = o.fullCircle ? 2 * Math.PI : Math.PI;
  for (let p = 0; p < spokes; p++) {
    const theta = angles === 'golden' ? p * GOLDEN_ANGLE : (span * p) / spokes;
    const sn = Math.sin(theta);
    const cs = Math.cos(theta);
    for (let s = 0; s < samples; s++) {
      const r = (s - samples / 2 + off) / samples;
      const j = 2 * (p * samples + s);
      out[j] = r * sn;
      out[j + 1] = r * cs;
    }
  }
  return out;
}

/** Options of {@link spiralTrajectory}. */
export interface SpiralOptions {
  /** Density exponent: 1 (default) constant density, > 1 denser centre. */
  alpha?: number;
}

/** L interleaved spirals of S samples with `turns` turns each (2-D); see the module comment. */
export function spiralTrajectory(interleaves: number, samples: number, turns: number, opts?: SpiralOptions): Float64Array {
  const where = 'spiralTrajectory';
  checkInt(where, 'interleaves', interleaves, 1, 2 ** 24);
  checkInt(where, 'samples', samples, 2, 2 ** 24);
  checkNumber(where, 'turns', turns, 1e-3, 1e6);
  const o = options<SpiralOptions>(where, opts, 'alpha?');
  const alpha = checkNumber(where, 'options.alpha', o.alpha ?? 1, 1, 16);
  if (interleaves * samples > 2 ** 27) throw new CandorError(where, 'interleaves x samples', 'at most 2^27 samples', String(interleaves * samples));
  const out = new Float64Array(2 * interleaves * samples);
  for (let l = 0; l < interleaves; l++) {
    const phase = (2 * Math.PI * l) / interleaves;
    for (let s = 0; s < samples; s++) {
      const tau = (s / (samples - 1)) ** (1 / (1 + alpha));
      // keep the radius inside [0, 1/2] against rounding
      const r = Math.min(0.5, 0.5 * tau ** alpha);
      const th = 2 * Math.PI * turns * tau + phase;
      const j = 2 * (l * samples + s);
      out[j] = r * Math.sin(th);
      out[j + 1] = r * Math.cos(th);
    }
  }
  return out;
}
