/**
 * Random head-like phantoms: a prior class of piecewise-constant references for calibrating
 * predictions on images like the Shepp-Logan phantom without using it. Each is a sum of ellipses
 * on [-1, 1]^2 (MATLAB grid, as ./phantom.ts): an outer skull (intensity 1, semi-axes a, b drawn
 * in [0.6, 0.75] x [0.8, 0.92]) filled by a brain (-0.8 times 0.95 of the skull's axes, so the
 * tissue sits at 0.2), and `count` inner ellipses (default 8 to 14 from the seed) with centres in
 * the brain, semi-axes in [0.02, 0.3], any angle and intensities +-[0.05, 0.3]. Seeded: the same
 * seed gives the same image at every size.
 *
 * @example
 * import { randomPhantom } from './random-phantom.ts';
 * const img = randomPhantom(128, 128, 3);   // Float64Array of 128 * 128 values
 */
import { checkInt } from '../../core/errors.ts';
import { createRng } from '../../core/rng/index.ts';

/**
 * A random head-like phantom (real ny x nx): a skull and brain plus `count` seeded inner ellipses
 * (default 8 to 14); the same seed gives the same image at every size.
 */
export function randomPhantom(ny: number, nx: number, seed: number, opts: { count?: number } = {}): Float64Array {
  const where = 'randomPhantom';
  checkInt(where, 'rows ny', ny, 2);
  checkInt(where, 'columns nx', nx, 2);
  checkInt(where, 'seed', seed, 0);
  const rng = createRng(seed, 0x72706861);
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.uniform();
  const a0 = u(0.6, 0.75);
  const b0 = u(0.8, 0.92);
  const count = checkInt(where, 'count', opts.count ?? 8 + rng.int(7), 0, 1000);
  // [A, a, b, x0, y0, phi (radians)]
  const ellipses: number[][] = [
    [1, a0, b0, 0, 0, 0],
    [-0.8, 0.95 * a0, 0.95 * b0, 0, 0, 0],
  ];
  for (let e = 0; e < count; e++) {
    const r = Math.sqrt(rng.uniform()) * 0.7;
    const t = 2 * Math.PI * rng.uniform();
    const A = (rng.uniform() < 0.5 ? -1 : 1) * u(0.05, 0.3);
    ellipses.push([A, u(0.02, 0.3), u(0.02, 0.3), r * a0 * Math.cos(t), r * b0 * Math.sin(t), Math.PI * rng.uniform()]);
  }
  const out = new Float64Array(ny * nx);
  for (const [A, a, b, x0, y0, phi] of ellipses) {
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    for (let i = 0; i < ny; i++) {
      const dy = ((ny - 1) / 2 - i) / ((ny - 1) / 2) - y0;
      for (let j = 0; j < nx; j++) {
        const dx = (j - (nx - 1) / 2) / ((nx - 1) / 2) - x0;
        const p = (dx * c + dy * s) / a;
        const q = (-dx * s + dy * c) / b;
        if (p * p + q * q <= 1) out[i * nx + j] += A;
      }
    }
  }
  return out;
}
