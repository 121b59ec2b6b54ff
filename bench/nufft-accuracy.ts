/**
 * The measured accuracy of the NUFFT per kernel width and oversampling (the table of docs/nufft.md):
 * relative error ||ours - exact|| / ||exact|| against the exact NDFT (src/linops/nufft-ndft.ts, itself
 * equal to numpy's direct sums to 1e-12 in test/linops/nufft.test.ts), the larger of type 2 and type 1,
 * on seeded random data at uniform random coordinates, for 1-D 256 (600 samples), 2-D 48x48 (2000)
 * and 3-D 16x16x16 (2000); and the time of one type 2 with a precomputed plan at 256x256 with 64 x 512
 * radial samples (single thread; noisy on a shared machine, for orientation only).
 *
 * Run: node --import tsx bench/nufft-accuracy.ts
 */
import { createRng } from '../src/core/rng/index.ts';
import { ndft } from '../src/linops/nufft-ndft.ts';
import { NUFFT_MAX_WIDTH, nufftPlan } from '../src/linops/nufft-plan.ts';
import { radialTrajectory } from '../src/linops/trajectories.ts';
import { timeCall } from './harness.ts';

function data(n: number, seed: number, lo = -0.5, hi = 0.5): Float64Array {
  const r = createRng(seed);
  return new Float64Array(n).map(() => lo + (hi - lo) * r.uniform());
}

function rel(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return Math.sqrt(d / s);
}

const setups = [
  { label: '1-D 256', shape: [256], M: 600 },
  { label: '2-D 48x48', shape: [48, 48], M: 2000 },
  { label: '3-D 16^3', shape: [16, 16, 16], M: 2000 },
].map((s, k) => {
  const d = s.shape.length;
  const N = s.shape.reduce((a, b) => a * b, 1);
  const coords = data(s.M * d, 10 + k);
  const E = ndft(s.shape, coords);
  const x = data(2 * N, 20 + k);
  const y = data(2 * s.M, 30 + k);
  return { ...s, coords, x, y, fx: E.apply(x, new Float64Array(2 * s.M)), ay: E.adjoint(y, new Float64Array(2 * N)), N };
});

const radial = radialTrajectory(64, 512);
const img = data(2 * 256 * 256, 5);
const out = new Float64Array(radial.length);

console.log('| sigma | width | 1-D 256 | 2-D 48x48 | 3-D 16^3 | type 2, 256x256, 32768 radial samples (precomputed plan) |');
console.log('|---|---|---|---|---|---|');
for (const sigma of [2, 1.25]) {
  for (let W = 2; W <= NUFFT_MAX_WIDTH; W++) {
    const cells: string[] = [];
    for (const s of setups) {
      const p = nufftPlan(s.shape, s.coords, { width: W, oversampling: sigma });
      const e = Math.max(rel(p.forward(s.x, new Float64Array(2 * s.M)), s.fx), rel(p.adjoint(s.y, new Float64Array(2 * s.N)), s.ay));
      cells.push(e.toExponential(1));
    }
    const p = nufftPlan([256, 256], radial, { width: W, oversampling: sigma });
    const t = await timeCall(() => p.forward(img, out), 0.2);
    console.log(`| ${sigma} | ${W} | ${cells.join(' | ')} | ${(t * 1e3).toFixed(1)} ms |`);
  }
}
