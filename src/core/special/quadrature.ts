/**
 * Gauss-Legendre quadrature on [a, b]: nodes from Newton's method on the three-term Legendre
 * recurrence (Numerical Recipes `gauleg`; Golub & Welsch 1969 for the theory), cached per order.
 * Exact for polynomials of degree 2N - 1; exponentially convergent for analytic integrands.
 *
 * @example
 * import { gaussLegendre } from './quadrature.ts';
 * gaussLegendre((x) => Math.exp(x), 0, 1, 16); // 1.7182818284590455
 */
const cache = new Map<number, { x: Float64Array; w: Float64Array }>();

/** Nodes and weights on [-1, 1] for order N (cached). */
export function legendreRule(N: number): { x: Float64Array; w: Float64Array } {
  const hit = cache.get(N);
  if (hit) return hit;
  const x = new Float64Array(N);
  const w = new Float64Array(N);
  const m = (N + 1) >> 1;
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (N + 0.5));
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= N; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      pp = (N * (z * p1 - p2)) / (z * z - 1);
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-16) break;
    }
    x[i] = -z;
    x[N - 1 - i] = z;
    w[i] = 2 / ((1 - z * z) * pp * pp);
    w[N - 1 - i] = w[i];
  }
  const rule = { x, w };
  cache.set(N, rule);
  return rule;
}

/** int_a^b f(x) dx by N-point Gauss-Legendre. */
export function gaussLegendre(f: (x: number) => number, a: number, b: number, N = 64): number {
  const { x, w } = legendreRule(N);
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  let s = 0;
  for (let i = 0; i < N; i++) s += w[i] * f(c + h * x[i]);
  return s * h;
}
