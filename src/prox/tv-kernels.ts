/**
 * Fused kernels of the isotropic total variation of complex ny x nx images for primal-dual
 * solvers (./dual-terms.ts `tvTerm`): forward differences with Neumann boundaries (the last row /
 * column has zero difference), the same operator as ../linops/gradient.ts `gradient2` (checked in
 * test/prox/dual-terms.test.ts), but on complex interleaved data in one pass and fused with the
 * dual update so an iteration reads the image once. A real image is a complex one with zero
 * imaginary parts (the kernels keep them zero).
 *
 *     (D_y x)_{i,j} = x_{i+1,j} - x_{i,j},   (D_x x)_{i,j} = x_{i,j+1} - x_{i,j}
 *     TV(x) = sum_{i,j} sqrt(|D_y x|^2 + |D_x x|^2)
 *
 * Dual layout: p = [p_y (2n), p_x (2n)], complex interleaved. ||D||^2 <= 8.
 */

/** p <- proj_{|p_i| <= r}(p + sigma D x), pointwise over the pairs (p_y, p_x) of complex values. */
export function tvDualStep(x: Float64Array, p: Float64Array, ny: number, nx: number, sigma: number, r: number): void {
  const n = ny * nx;
  const ox = 2 * n;
  const r2 = r * r;
  for (let i = 0; i < ny; i++) {
    const last = i === ny - 1;
    for (let j = 0; j < nx; j++) {
      const k = i * nx + j;
      const a = 2 * k;
      const x0 = x[a];
      const x1 = x[a + 1];
      let gyr = 0;
      let gyi = 0;
      let gxr = 0;
      let gxi = 0;
      if (!last) {
        gyr = x[a + 2 * nx] - x0;
        gyi = x[a + 2 * nx + 1] - x1;
      }
      if (j < nx - 1) {
        gxr = x[a + 2] - x0;
        gxi = x[a + 3] - x1;
      }
      const pyr = p[a] + sigma * gyr;
      const pyi = p[a + 1] + sigma * gyi;
      const pxr = p[ox + a] + sigma * gxr;
      const pxi = p[ox + a + 1] + sigma * gxi;
      const m2 = pyr * pyr + pyi * pyi + pxr * pxr + pxi * pxi;
      const f = m2 > r2 ? r / Math.sqrt(m2) : 1;
      p[a] = pyr * f;
      p[a + 1] = pyi * f;
      p[ox + a] = pxr * f;
      p[ox + a + 1] = pxi * f;
    }
  }
}

/** v <- v - tau D^T p (D^T = minus the divergence with the matching boundaries). */
export function tvSubtractAdjoint(p: Float64Array, v: Float64Array, ny: number, nx: number, tau: number): void {
  const n = ny * nx;
  const ox = 2 * n;
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const a = 2 * (i * nx + j);
      // (D^T p)_k = -p_y[k] (if i < ny-1) + p_y[k - nx] (if i > 0) - p_x[k] (if j < nx-1) + p_x[k-1] (if j > 0)
      let dr = 0;
      let di = 0;
      if (i < ny - 1) {
        dr -= p[a];
        di -= p[a + 1];
      }
      if (i > 0) {
        dr += p[a - 2 * nx];
        di += p[a - 2 * nx + 1];
      }
      if (j < nx - 1) {
        dr -= p[ox + a];
        di -= p[ox + a + 1];
      }
      if (j > 0) {
        dr += p[ox + a - 2];
        di += p[ox + a - 1];
      }
      v[a] -= tau * dr;
      v[a + 1] -= tau * di;
    }
  }
}

/** TV(x) (isotropic, complex). */
export function tvValue(x: Float64Array, ny: number, nx: number): number {
  let s = 0;
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const a = 2 * (i * nx + j);
      let g = 0;
      if (i < ny - 1) g += (x[a + 2 * nx] - x[a]) ** 2 + (x[a + 2 * nx + 1] - x[a + 1]) ** 2;
      if (j < nx - 1) g += (x[a + 2] - x[a]) ** 2 + (x[a + 3] - x[a + 1]) ** 2;
      s += Math.sqrt(g);
    }
  }
  return s;
}

/**
 * The same three kernels for a real ny x nx image (x: ny nx doubles; dual p = [p_y (n), p_x (n)]):
 * radio and other nonnegative images are real, and a real TV halves the work.
 */
export function tvDualStepReal(x: Float64Array, p: Float64Array, ny: number, nx: number, sigma: number, r: number): void {
  const n = ny * nx;
  const r2 = r * r;
  for (let i = 0; i < ny; i++) {
    const last = i === ny - 1;
    for (let j = 0; j < nx; j++) {
      const k = i * nx + j;
      const x0 = x[k];
      const gy = last ? 0 : x[k + nx] - x0;
      const gx = j < nx - 1 ? x[k + 1] - x0 : 0;
      const py = p[k] + sigma * gy;
      const px = p[n + k] + sigma * gx;
      const m2 = py * py + px * px;
      const f = m2 > r2 ? r / Math.sqrt(m2) : 1;
      p[k] = py * f;
      p[n + k] = px * f;
    }
  }
}

/** v <- v - tau D^T p for a real image (see tvSubtractAdjoint). */
export function tvSubtractAdjointReal(p: Float64Array, v: Float64Array, ny: number, nx: number, tau: number): void {
  const n = ny * nx;
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const k = i * nx + j;
      let d = 0;
      if (i < ny - 1) d -= p[k];
      if (i > 0) d += p[k - nx];
      if (j < nx - 1) d -= p[n + k];
      if (j > 0) d += p[n + k - 1];
      v[k] -= tau * d;
    }
  }
}

/** TV(x) of a real image (isotropic). */
export function tvValueReal(x: Float64Array, ny: number, nx: number): number {
  let s = 0;
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const k = i * nx + j;
      const gy = i < ny - 1 ? x[k + nx] - x[k] : 0;
      const gx = j < nx - 1 ? x[k + 1] - x[k] : 0;
      s += Math.sqrt(gy * gy + gx * gx);
    }
  }
  return s;
}
