/**
 * Sampling families of the structured sweeps (./levels-kind.ts) that need nothing from an
 * application: trajectories gridded to the Cartesian k-space grid (each sample marks the nearest
 * grid cell, centred layout) and the uv tracks of a real interferometer.
 *
 * - `spiral`: L interleaved variable-density spirals (../linops/trajectories.ts, alpha = 2,
 *   turns = max(ny, nx)/4, 2 max(ny, nx) samples per interleaf), rotated by a seeded angle; L is
 *   the smallest count whose gridded pattern reaches the fraction.
 * - `radial-trajectory`: P golden-angle spokes of 2 max(ny, nx) samples through the centre, the
 *   first rotated by a seeded angle; P the smallest count that reaches the fraction.
 * - `uv-tracks`: the (u, v) points of `familyData.uv` (interleaved, any units) and their conjugates
 *   (-u, -v), rotated by a seeded angle and scaled so that the gridded pattern reaches the
 *   fraction (bisection on the scale; the longest baseline reaches at most the grid edge, so a
 *   fraction beyond what the tracks can cover stays below it). The array's coverage then plays
 *   the role of the mask: which Fourier cells of the sky image the data sample.
 *
 * @example
 * import { GENERIC_FAMILIES } from './levels-families.ts';
 * const m = GENERIC_FAMILIES.spiral.draw(32, 32, 0.3, 1, null);   // ~30% of the 32 x 32 cells
 */
import { CandorError, describe } from '../core/errors.ts';
import { createRng } from '../core/rng/index.ts';
import { radialTrajectory, spiralTrajectory } from '../linops/trajectories.ts';
import type { SamplingFamilies, SamplingFamily } from './levels-kind.ts';

/** Marks the nearest centred grid cell of each (ky, kx) in cycles per sample, rotated by theta. */
function grid(traj: Float64Array, ny: number, nx: number, theta: number, scale = 1, out = new Uint8Array(ny * nx)): Uint8Array {
  out.fill(0);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const hy = Math.floor(ny / 2);
  const hx = Math.floor(nx / 2);
  for (let j = 0; j < traj.length; j += 2) {
    const a = scale * (c * traj[j] - s * traj[j + 1]);
    const b = scale * (s * traj[j] + c * traj[j + 1]);
    const i = Math.round(a * ny) + hy;
    const k = Math.round(b * nx) + hx;
    if (i >= 0 && i < ny && k >= 0 && k < nx) out[i * nx + k] = 1;
  }
  return out;
}

const count = (m: Uint8Array) => {
  let s = 0;
  for (let i = 0; i < m.length; i++) s += m[i];
  return s;
};

/** Smallest integer p in [1, hi] with count(make(p)) >= goal (counts grow with p). */
function smallest(make: (p: number) => Uint8Array, goal: number, hi: number): Uint8Array {
  let lo = 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (count(make(mid)) >= goal) hi = mid;
    else lo = mid + 1;
  }
  return make(lo);
}

/**
 * The `spiral` family: L interleaved variable-density spirals (alpha 2), gridded and rotated by a
 * seeded angle; L is the smallest count reaching the fraction.
 */
export const spiralFamily: SamplingFamily = Object.freeze({
  name: 'spiral',
  describe: 'interleaved variable-density spirals (alpha 2), gridded; seeded rotation',
  draw(ny: number, nx: number, fraction: number, seed: number): Uint8Array {
    const N = Math.max(ny, nx);
    const theta = 2 * Math.PI * createRng(seed, 0x737069).uniform();
    const goal = Math.ceil(fraction * ny * nx);
    return smallest((L) => grid(spiralTrajectory(L, 2 * N, N / 4, { alpha: 2 }), ny, nx, theta), goal, 4 * N);
  },
});

/**
 * The `radial-trajectory` family: P golden-angle spokes through the centre, gridded and rotated by
 * a seeded angle; P is the smallest count reaching the fraction.
 */
export const radialTrajectoryFamily: SamplingFamily = Object.freeze({
  name: 'radial-trajectory',
  describe: 'golden-angle radial spokes, gridded; seeded rotation',
  draw(ny: number, nx: number, fraction: number, seed: number): Uint8Array {
    const N = Math.max(ny, nx);
    const theta = Math.PI * createRng(seed, 0x726474).uniform();
    const goal = Math.ceil(fraction * ny * nx);
    return smallest((P) => grid(radialTrajectory(P, 2 * N, { angles: 'golden' }), ny, nx, theta), goal, 8 * N);
  },
});

/** The uv points of familyData ({ uv: number[] } interleaved), checked. */
function uvPoints(data: unknown): Float64Array {
  const uv = (data as { uv?: unknown } | null)?.uv;
  if (!Array.isArray(uv) && !(uv instanceof Float64Array)) throw new CandorError('uv-tracks', 'familyData.uv', 'an interleaved list of (u, v) points', describe(uv));
  if (uv.length < 2 || uv.length % 2 !== 0) throw new CandorError('uv-tracks', 'familyData.uv length', 'an even number >= 2', String(uv.length));
  let max = 0;
  for (let i = 0; i < uv.length; i += 2) {
    const u = uv[i] as number;
    const v = uv[i + 1] as number;
    if (!Number.isFinite(u) || !Number.isFinite(v)) throw new CandorError('uv-tracks', `familyData.uv[${i}]`, 'finite values', describe(u));
    max = Math.max(max, Math.hypot(u, v));
  }
  if (!(max > 0)) throw new CandorError('uv-tracks', 'familyData.uv', 'some nonzero baseline', 'all points at the origin');
  // normalised to the longest baseline = 1/2 cycle per sample, with the conjugates
  const out = new Float64Array(2 * uv.length);
  for (let i = 0; i < uv.length; i += 2) {
    out[2 * i] = (uv[i] as number) / (2 * max);
    out[2 * i + 1] = (uv[i + 1] as number) / (2 * max);
    out[2 * i + 2] = -out[2 * i];
    out[2 * i + 3] = -out[2 * i + 1];
  }
  return out;
}

/**
 * The `uv-tracks` family: the (u, v) points of `familyData.uv` and their conjugates, rotated by a
 * seeded angle and scaled (bisection) until the gridded pattern reaches the fraction.
 */
export const uvTracksFamily: SamplingFamily = Object.freeze({
  name: 'uv-tracks',
  describe: "a real array's uv tracks and their conjugates, gridded; seeded rotation, scaled to the fraction",
  draw(ny: number, nx: number, fraction: number, seed: number, data: unknown): Uint8Array {
    const pts = uvPoints(data);
    const theta = 2 * Math.PI * createRng(seed, 0x7576).uniform();
    const goal = Math.ceil(fraction * ny * nx);
    const out = new Uint8Array(ny * nx);
    let lo = 1e-3;
    let hi = 1;
    if (count(grid(pts, ny, nx, theta, hi, out)) < goal) return grid(pts, ny, nx, theta, hi, out);
    for (let it = 0; it < 50 && hi - lo > 1e-6; it++) {
      const mid = 0.5 * (lo + hi);
      if (count(grid(pts, ny, nx, theta, mid, out)) >= goal) hi = mid;
      else lo = mid;
    }
    return grid(pts, ny, nx, theta, hi, out);
  },
});

/** The application-free sampling families by name: `spiral`, `radial-trajectory` and `uv-tracks`. */
export const GENERIC_FAMILIES: SamplingFamilies = Object.freeze({
  spiral: spiralFamily,
  'radial-trajectory': radialTrajectoryFamily,
  'uv-tracks': uvTracksFamily,
});
