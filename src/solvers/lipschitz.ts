/**
 * Lipschitz constant of the least-squares gradient, L = ||A||_2^2 = lambda_max(A^H A), by the
 * power method on the normal operator (deterministic start vector from `seed`), inflated by 1%
 * because the power method approaches lambda_max from below; FISTA's backtracking covers the rest.
 */
import type { Problem } from './problem.ts';

export function estimateLipschitz(p: Problem, seed = 0, maxIter = 100, tol = 1e-6): number {
  const n = p.nLen;
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  // deterministic, well-spread start vector (splitmix-like hash of the index and seed)
  for (let i = 0; i < n; i++) {
    let h = Math.imul(i + 1 + seed * 0x9e3779b1, 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    v[i] = (h ^ (h >>> 16)) / 4294967296 - 0.5;
  }
  let nv = 0;
  for (let i = 0; i < n; i++) nv += v[i] * v[i];
  nv = Math.sqrt(nv);
  for (let i = 0; i < n; i++) v[i] /= nv;
  let lam = 0;
  for (let it = 0; it < maxIter; it++) {
    p.normal(v, w);
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i] * w[i];
    const nw = Math.sqrt(s);
    if (nw === 0) return 0;
    const next = nw;
    for (let i = 0; i < n; i++) v[i] = w[i] / nw;
    if (Math.abs(next - lam) <= tol * next) {
      lam = next;
      break;
    }
    lam = next;
  }
  return lam * 1.01;
}
