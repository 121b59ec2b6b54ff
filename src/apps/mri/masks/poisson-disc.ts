/**
 * Poisson-disc sampling with a fully sampled centre, as BART's `poisson` (src/poisson.c and
 * src/misc/pd.c; Bridson, "Fast Poisson disk sampling in arbitrary dimensions", SIGGRAPH 2007
 * sketch): points in the continuous k-space plane (pixel units) at least d(p) apart,
 *
 *     d(p) = r0 (1 + vd |p - c|^2 / max(ny, nx)^2)      (BART's `vard_scale`; vd = 0: uniform),
 *
 * grown from a seed point at the centre: an active point is picked at random, up to 30 candidates
 * are drawn uniformly in the annulus [d, 2d] around it, and the first one at distance >= d(q) from
 * every accepted point is accepted; a point with no acceptable candidate leaves the active list.
 * Each point marks the pixel containing it (floor), then the calibration square is added. With
 * `elliptical`, points outside the ellipse inscribed in the grid are dropped (BART `-e`).
 *
 * BART derives r0 from its acceleration flags (r0 = acc / 1.275 pixels); here r0 is found by
 * bisection (seeded, deterministic) so that the *actual* acceleration, calibration included, is
 * within 1% of the target when that is attainable. The statistics (nearest-neighbour distances,
 * PSF side lobes) are compared with `bart poisson` in test/apps/mri/masks.test.ts and docs/mri.md.
 *
 * @example
 * import { poissonDiscMask } from './poisson-disc.ts';
 * const m = poissonDiscMask(256, 256, { acceleration: 4.5, calib: 24, seed: 1 });
 * m.acceleration; // 4.5 within 1%;  m.params.radius: the disc radius r0 in pixels
 */
import { checkNumber, CandorError } from '../../../core/errors.ts';
import { createRng } from '../../../core/rng/index.ts';
import { type MaskCommonOptions, type SamplingMask, calibrationRegion, commonOptions, countSamples, finish } from './common.ts';

export interface PoissonDiscOptions extends MaskCommonOptions {
  /** Variable-density strength vd >= 0 (default 0; BART `-v` uses 20). */
  variableDensity?: number;
  /** Keep only the ellipse inscribed in the grid (default false). */
  elliptical?: boolean;
  /** Use this disc radius r0 (pixels) instead of searching for the target acceleration. */
  radius?: number;
}

/** Defaults of {@link poissonDiscMask}: uniform density (vd 0), no ellipse, 30 candidates per active point. */
export const POISSON_DEFAULTS = Object.freeze({ variableDensity: 0, elliptical: false, candidates: 30 });

/** One Poisson-disc pattern of radius r0 (pixels); the mask excludes the calibration square. */
export function poissonDiscPattern(
  ny: number,
  nx: number,
  r0: number,
  vd: number,
  elliptical: boolean,
  seed: number,
): Uint8Array {
  const rng = createRng(seed, 0x706f69);
  const ext2 = Math.max(ny, nx) ** 2;
  const cy = ny / 2;
  const cx = nx / 2;
  const dist = (y: number, x: number) => r0 * (1 + (vd * ((y - cy) ** 2 + (x - cx) ** 2)) / ext2);
  const cell = r0 / Math.SQRT2;
  const gy = Math.ceil(ny / cell);
  const gx = Math.ceil(nx / cell);
  const grid = new Int32Array(gy * gx).fill(-1);
  const dmax = dist(0, 0);
  const reach = Math.ceil(dmax / cell);
  let cap = 1024;
  let py = new Float64Array(cap);
  let px = new Float64Array(cap);
  let active = new Int32Array(cap);
  let nPts = 0;
  let nActive = 0;
  const add = (y: number, x: number) => {
    if (nPts === cap) {
      cap *= 2;
      const a = new Float64Array(cap);
      a.set(py);
      py = a;
      const b = new Float64Array(cap);
      b.set(px);
      px = b;
      const c = new Int32Array(cap);
      c.set(active);
      active = c;
    }
    py[nPts] = y;
    px[nPts] = x;
    grid[Math.floor(y / cell) * gx + Math.floor(x / cell)] = nPts;
    active[nActive++] = nPts;
    nPts++;
  };
  add(cy, cx);
  while (nActive > 0) {
    const a = rng.intUnchecked(nActive);
    const s = active[a];
    const d = dist(py[s], px[s]);
    let found = false;
    for (let t = 0; t < POISSON_DEFAULTS.candidates && !found; t++) {
      // uniform in the annulus [d, 2d]
      const rr = d * Math.sqrt(1 + 3 * rng.uniform());
      const th = 2 * Math.PI * rng.uniform();
      const y = py[s] + rr * Math.sin(th);
      const x = px[s] + rr * Math.cos(th);
      if (!(y >= 0 && y < ny && x >= 0 && x < nx)) continue;
      const dq = dist(y, x);
      const ci = Math.floor(y / cell);
      const cj = Math.floor(x / cell);
      let ok = grid[ci * gx + cj] < 0;
      for (let i = Math.max(0, ci - reach); ok && i <= Math.min(gy - 1, ci + reach); i++) {
        for (let j = Math.max(0, cj - reach); j <= Math.min(gx - 1, cj + reach); j++) {
          const q = grid[i * gx + j];
          if (q >= 0 && (py[q] - y) ** 2 + (px[q] - x) ** 2 < dq * dq) {
            ok = false;
            break;
          }
        }
      }
      if (ok) {
        add(y, x);
        found = true;
      }
    }
    if (!found) active[a] = active[--nActive];
  }
  const mask = new Uint8Array(ny * nx);
  for (let p = 0; p < nPts; p++) {
    if (elliptical && ((py[p] - cy) / (ny / 2)) ** 2 + ((px[p] - cx) / (nx / 2)) ** 2 > 1) continue;
    mask[Math.floor(py[p]) * nx + Math.floor(px[p])] = 1;
  }
  return mask;
}

/**
 * Poisson-disc mask with a fully sampled calibration square, as BART's `poisson`; the disc radius
 * r0 is found by bisection so that the actual acceleration is within 1% of the target when
 * attainable.
 */
export function poissonDiscMask(ny: number, nx: number, opts: PoissonDiscOptions): SamplingMask {
  const where = 'poissonDiscMask';
  const { target, calib, seed } = commonOptions(where, ny, nx, opts);
  const vd = checkNumber(where, 'variableDensity', opts.variableDensity ?? POISSON_DEFAULTS.variableDensity, 0, 1e6);
  const elliptical = opts.elliptical ?? POISSON_DEFAULTS.elliptical;
  if (typeof elliptical !== 'boolean') throw new CandorError(where, 'elliptical', 'true or false', String(elliptical));
  const build = (r: number) => {
    const m = poissonDiscPattern(ny, nx, r, vd, elliptical, seed);
    calibrationRegion(m, ny, nx, calib);
    return m;
  };
  if (opts.radius !== undefined) {
    const r = checkNumber(where, 'radius', opts.radius, 0.5, Math.max(ny, nx));
    return finish('poisson-disc', ny, nx, build(r), target, calib, seed, { radius: r, variableDensity: vd, elliptical });
  }
  // bisection on log r0: the acceleration grows with r0 (up to sampling noise)
  const accOf = (m: Uint8Array) => (ny * nx) / countSamples(m);
  let lo = 0.5;
  let hi = Math.max(1, Math.sqrt(target) * 2);
  let mHi = build(hi);
  while (accOf(mHi) < target && hi < Math.max(ny, nx)) {
    lo = hi;
    hi *= 2;
    mHi = build(hi);
  }
  let best = { r: hi, m: mHi, err: Math.abs(accOf(mHi) - target) };
  for (let it = 0; it < 30 && best.err > 0.01 * target && hi - lo > 1e-4; it++) {
    const mid = Math.sqrt(lo * hi);
    const m = build(mid);
    const a = accOf(m);
    const err = Math.abs(a - target);
    if (err < best.err) best = { r: mid, m, err };
    if (a < target) lo = mid;
    else hi = mid;
  }
  return finish('poisson-disc', ny, nx, best.m, target, calib, seed, { radius: best.r, variableDensity: vd, elliptical });
}
