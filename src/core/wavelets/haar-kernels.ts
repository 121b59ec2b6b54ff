/**
 * Team kernel of the Haar transform of any size (../parallel/team.ts, ./haar-any.ts):
 * `haar.step` arrays [src, dst], scalars [ny, nx, levelsY, levelsX, step, inverse (0/1), sy, sx]
 * runs step `step` of Haar2AnyPlan over its part of the step's items. Analysis: every step in
 * order with [image, coefficients]; synthesis: in reverse with [coefficients, image], inverse 1.
 *
 * @example
 * import './haar-kernels.ts';
 * // for (let i = 0; i < plan.steps.length; i++) team.run('haar.step', [x, c], ny, nx, ly, lx, i, 0, sy, sx);
 */
import { partRange, registerKernel } from '../parallel/team.ts';
import { Haar2AnyPlan } from './haar-any.ts';

const plans = new Map<string, Haar2AnyPlan>();

/** This thread's plan for ny x nx with levels [ly, lx] (cached). */
export function haarPlanFor(ny: number, nx: number, ly: number, lx: number): Haar2AnyPlan {
  const key = `${ny}x${nx}:${ly}x${lx}`;
  let p = plans.get(key);
  if (!p) {
    p = new Haar2AnyPlan(ny, nx, [ly, lx]);
    plans.set(key, p);
  }
  return p;
}

registerKernel('haar.step', ({ part, parts, arrays, s }) => {
  // integers as small integers (a plan built from doubles would index with doubles: ~2x slower)
  const plan = haarPlanFor(s[0] | 0, s[1] | 0, s[2] | 0, s[3] | 0);
  const i = s[4] | 0;
  const [lo, hi] = partRange(plan.steps[i].items, part, parts);
  plan.step(i, s[5] === 1, arrays[0] as Float64Array, arrays[1] as Float64Array, s[6] | 0, s[7] | 0, lo, hi);
});
