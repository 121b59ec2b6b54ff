/**
 * Lipschitz constant of the least-squares gradient, L = ||A||_2^2 = lambda_max(A^H A), by the core
 * power method on the problem's normal operator (seeded start vector), inflated by 1% because the
 * power method approaches lambda_max from below; FISTA's backtracking covers the rest.
 */
import { powerIteration } from '../core/dense/power.ts';
import type { Problem } from './problem.ts';

/**
 * Lipschitz constant of the least-squares gradient, L = ||A||_2^2 = lambda_max(A^H A), by
 * {@link powerIteration} on the problem's normal operator (seeded), inflated by 1% because the
 * power method approaches lambda_max from below.
 */
export function estimateLipschitz(p: Pick<Problem, 'normal' | 'n' | 'complex'>, seed = 0, maxIter = 100, tol = 1e-6): number {
  const r = powerIteration((x, out) => p.normal(x, out), p.n, { complex: p.complex, seed, maxIter, tol });
  return r.norm * r.norm * 1.01;
}
