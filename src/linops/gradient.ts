/**
 * Finite-difference gradients for total variation.
 *
 * 1-D: (D x)_i = x_{i+1} - x_i, and at the last entry 0 (`boundary: 'neumann'`, the convention of
 * Chambolle 2004, so D has the shape [n] -> [n]) or x_0 - x_{n-1} (`'periodic'`).
 * 2-D on an ny x nx image (row-major): range [2, ny, nx], component 0 the difference along axis 0
 * (down the rows, x[i+1][j] - x[i][j]) and component 1 along axis 1 (x[i][j+1] - x[i][j]).
 * The adjoint is minus the matching divergence, D^T = -div. ||D||_2^2 <= 4 (1-D), <= 8 (2-D).
 *
 * Reference: A. Chambolle, "An algorithm for total variation minimization and applications",
 * J. Math. Imaging Vision 20 (2004).
 *
 * @example
 * import { gradient1 } from './gradient.ts';
 * gradient1(4).apply(Float64Array.of(1, 3, 6, 10), new Float64Array(4)); // [2, 3, 4, 0]
 */
import { CandorError, checkInt } from '../core/errors.ts';
import { defineOperator, type Kernel } from './define.ts';
import type { LinearOperator } from './types.ts';

/**
 * The last difference of a finite-difference gradient: 'neumann' (0, the default) or
 * 'periodic' (x_0 - x_{n-1}).
 */
export type Boundary = 'neumann' | 'periodic';

function checkBoundary(where: string, b: unknown): Boundary {
  if (b !== 'neumann' && b !== 'periodic') {
    throw new CandorError(where, 'boundary', "'neumann' or 'periodic'", JSON.stringify(b));
  }
  return b;
}

/** Forward difference along a strided line of `n` entries (w = 1 real, 2 complex). */
function diffLine(x: Float64Array, out: Float64Array, base: number, step: number, n: number, periodic: boolean, w: number, oBase: number): void {
  for (let c = 0; c < w; c++) {
    for (let i = 0; i < n - 1; i++) {
      const p = base + i * step;
      out[oBase + i * step + c] = x[p + step + c] - x[p + c];
    }
    const last = base + (n - 1) * step;
    out[oBase + (n - 1) * step + c] = periodic ? x[base + c] - x[last + c] : 0;
  }
}

/** Adjoint of diffLine: out = D^T y along the same line (accumulated into out when `add`). */
function diffLineT(y: Float64Array, out: Float64Array, yBase: number, base: number, step: number, n: number, periodic: boolean, w: number, add: boolean): void {
  for (let c = 0; c < w; c++) {
    for (let i = 0; i < n; i++) {
      const cur = i < n - 1 || periodic ? y[yBase + i * step + c] : 0;
      const prevIdx = i === 0 ? (periodic ? n - 1 : -1) : i - 1;
      const prev = prevIdx >= 0 ? y[yBase + prevIdx * step + c] : 0;
      const v = prev - cur;
      const o = base + i * step + c;
      out[o] = add ? out[o] + v : v;
    }
  }
}

/** 1-D forward-difference gradient, [n] -> [n]. */
export function gradient1(n: number, opts: { boundary?: Boundary } = {}): LinearOperator {
  checkInt('gradient1', 'n', n, 1);
  const periodic = checkBoundary('gradient1', opts.boundary ?? 'neumann') === 'periodic';
  const k =
    (w: number): Kernel =>
    (x, out) => {
      diffLine(x, out, 0, w, n, periodic, w, 0);
      return out;
    };
  const kT =
    (w: number): Kernel =>
    (y, out) => {
      diffLineT(y, out, 0, 0, w, n, periodic, w, false);
      return out;
    };
  return defineOperator({
    name: `Gradient1(${n}, ${periodic ? 'periodic' : 'neumann'})`,
    domain: [n],
    range: [n],
    field: 'real',
    apply: k(1),
    adjoint: kT(1),
    applyComplex: k(2),
    adjointComplex: kT(2),
  });
}

/** 2-D forward-difference gradient, [ny, nx] -> [2, ny, nx]. */
export function gradient2(ny: number, nx: number, opts: { boundary?: Boundary } = {}): LinearOperator {
  checkInt('gradient2', 'ny', ny, 1);
  checkInt('gradient2', 'nx', nx, 1);
  const periodic = checkBoundary('gradient2', opts.boundary ?? 'neumann') === 'periodic';
  const N = ny * nx;
  const k =
    (w: number): Kernel =>
    (x, out) => {
      // axis 0: columns, stride nx
      for (let j = 0; j < nx; j++) diffLine(x, out, j * w, nx * w, ny, periodic, w, j * w);
      // axis 1: rows, stride 1
      for (let i = 0; i < ny; i++) diffLine(x, out, i * nx * w, w, nx, periodic, w, N * w + i * nx * w);
      return out;
    };
  const kT =
    (w: number): Kernel =>
    (y, out) => {
      for (let j = 0; j < nx; j++) diffLineT(y, out, j * w, j * w, nx * w, ny, periodic, w, false);
      for (let i = 0; i < ny; i++) diffLineT(y, out, N * w + i * nx * w, i * nx * w, w, nx, periodic, w, true);
      return out;
    };
  return defineOperator({
    name: `Gradient2(${ny}x${nx}, ${periodic ? 'periodic' : 'neumann'})`,
    domain: [ny, nx],
    range: [2, ny, nx],
    field: 'real',
    apply: k(1),
    adjoint: kT(1),
    applyComplex: k(2),
    adjointComplex: kT(2),
  });
}
