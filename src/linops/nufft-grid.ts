/**
 * The two gridding kernels of the non-uniform FFT, on a plan's precomputed windows
 * (./nufft-plan.ts): interpolation (grid -> samples, type 2) and spreading (samples -> grid, its
 * exact transpose, type 1). For sample p with window start s_i and kernel values v_i[a] on axis i,
 *
 *     interpolate:  y_p = sum_{a, b, ...} v_0[a] v_1[b] ... G[(s_0 + a) mod m_0, (s_1 + b) mod m_1, ...]
 *     spread:       G[(s_0 + a) mod m_0, ...] += v_0[a] v_1[b] ... y_p
 *
 * Complex interleaved, one loop nest per dimension (1, 2, 3). The last axis runs contiguously
 * when its window does not wrap around the grid edge (the common case); wrapped windows take the
 * plan's modulo table. Nothing is allocated.
 *
 * @example
 * import { nufftPlan } from './nufft-plan.ts';
 * import { interpolate } from './nufft-grid.ts';
 * const plan = nufftPlan([4], Float64Array.of(0.1));
 * const grid = new Float64Array(2 * plan.gridSize).fill(1);   // the constant 1 + i on the grid
 * const ys = new Float64Array(2);
 * interpolate(plan, grid, ys);      // ys = [s, s], s = the sum of the 7 kernel values (~ phihat(0))
 */

/** The view of a plan the kernels need. */
export interface GridWindows {
  readonly dims: number;
  readonly samples: number;
  readonly width: number;
  readonly grid: readonly number[];
  readonly start: Int32Array;
  readonly weights: Float64Array;
  readonly wrap: Int32Array[];
}

/** ys (2 M, sorted sample order) <- kernel-weighted sums of the grid g. */
export function interpolate(p: GridWindows, g: Float64Array, ys: Float64Array): void {
  if (p.dims === 1) interp1(p, g, ys);
  else if (p.dims === 2) interp2(p, g, ys);
  else interp3(p, g, ys);
}

/** g += kernel-weighted copies of ys (sorted sample order); g is not cleared. */
export function spread(p: GridWindows, ys: Float64Array, g: Float64Array): void {
  if (p.dims === 1) spread1(p, ys, g);
  else if (p.dims === 2) spread2(p, ys, g);
  else spread3(p, ys, g);
}

function interp1(p: GridWindows, g: Float64Array, ys: Float64Array): void {
  const W = p.width;
  const m = p.grid[0];
  const wr = p.wrap[0];
  const { start, weights } = p;
  for (let s = 0; s < p.samples; s++) {
    const x0 = start[s];
    const wo = s * W;
    let re = 0;
    let im = 0;
    if (x0 + W <= m) {
      let q = 2 * x0;
      for (let a = 0; a < W; a++, q += 2) {
        const w = weights[wo + a];
        re += w * g[q];
        im += w * g[q + 1];
      }
    } else {
      for (let a = 0; a < W; a++) {
        const q = 2 * wr[x0 + a];
        const w = weights[wo + a];
        re += w * g[q];
        im += w * g[q + 1];
      }
    }
    ys[2 * s] = re;
    ys[2 * s + 1] = im;
  }
}

function spread1(p: GridWindows, ys: Float64Array, g: Float64Array): void {
  const W = p.width;
  const m = p.grid[0];
  const wr = p.wrap[0];
  const { start, weights } = p;
  for (let s = 0; s < p.samples; s++) {
    const x0 = start[s];
    const wo = s * W;
    const vr = ys[2 * s];
    const vi = ys[2 * s + 1];
    if (x0 + W <= m) {
      let q = 2 * x0;
      for (let a = 0; a < W; a++, q += 2) {
        const w = weights[wo + a];
        g[q] += w * vr;
        g[q + 1] += w * vi;
      }
    } else {
      for (let a = 0; a < W; a++) {
        const q = 2 * wr[x0 + a];
        const w = weights[wo + a];
        g[q] += w * vr;
        g[q + 1] += w * vi;
      }
    }
  }
}

function interp2(p: GridWindows, g: Float64Array, ys: Float64Array): void {
  const W = p.width;
  const mx = p.grid[1];
  const wy = p.wrap[0];
  const wx = p.wrap[1];
  const { start, weights } = p;
  for (let s = 0; s < p.samples; s++) {
    const y0 = start[2 * s];
    const x0 = start[2 * s + 1];
    const oy = 2 * s * W;
    const ox = oy + W;
    let re = 0;
    let im = 0;
    if (x0 + W <= mx) {
      const x2 = 2 * x0;
      for (let a = 0; a < W; a++) {
        let q = 2 * wy[y0 + a] * mx + x2;
        let rr = 0;
        let ri = 0;
        for (let b = ox; b < ox + W; b++, q += 2) {
          const w = weights[b];
          rr += w * g[q];
          ri += w * g[q + 1];
        }
        const v = weights[oy + a];
        re += v * rr;
        im += v * ri;
      }
    } else {
      for (let a = 0; a < W; a++) {
        const row = 2 * wy[y0 + a] * mx;
        let rr = 0;
        let ri = 0;
        for (let b = 0; b < W; b++) {
          const q = row + 2 * wx[x0 + b];
          const w = weights[ox + b];
          rr += w * g[q];
          ri += w * g[q + 1];
        }
        const v = weights[oy + a];
        re += v * rr;
        im += v * ri;
      }
    }
    ys[2 * s] = re;
    ys[2 * s + 1] = im;
  }
}

function spread2(p: GridWindows, ys: Float64Array, g: Float64Array): void {
  const W = p.width;
  const mx = p.grid[1];
  const wy = p.wrap[0];
  const wx = p.wrap[1];
  const { start, weights } = p;
  for (let s = 0; s < p.samples; s++) {
    const y0 = start[2 * s];
    const x0 = start[2 * s + 1];
    const oy = 2 * s * W;
    const ox = oy + W;
    const vr = ys[2 * s];
    const vi = ys[2 * s + 1];
    if (x0 + W <= mx) {
      const x2 = 2 * x0;
      for (let a = 0; a < W; a++) {
        let q = 2 * wy[y0 + a] * mx + x2;
        const v = weights[oy + a];
        const ar = v * vr;
        const ai = v * vi;
        for (let b = ox; b < ox + W; b++, q += 2) {
          const w = weights[b];
          g[q] += w * ar;
          g[q + 1] += w * ai;
        }
      }
    } else {
      for (let a = 0; a < W; a++) {
        const row = 2 * wy[y0 + a] * mx;
        const v = weights[oy + a];
        const ar = v * vr;
        const ai = v * vi;
        for (let b = 0; b < W; b++) {
          const q = row + 2 * wx[x0 + b];
          const w = weights[ox + b];
          g[q] += w * ar;
          g[q + 1] += w * ai;
        }
      }
    }
  }
}

function interp3(p: GridWindows, g: Float64Array, ys: Float64Array): void {
  const W = p.width;
  const my = p.grid[1];
  const mx = p.grid[2];
  const wz = p.wrap[0];
  const wy = p.wrap[1];
  const wx = p.wrap[2];
  const { start, weights } = p;
  for (let s = 0; s < p.samples; s++) {
    const z0 = start[3 * s];
    const y0 = start[3 * s + 1];
    const x0 = start[3 * s + 2];
    const oz = 3 * s * W;
    const oy = oz + W;
    const ox = oy + W;
    const contiguous = x0 + W <= mx;
    let re = 0;
    let im = 0;
    for (let a = 0; a < W; a++) {
      const plane = wz[z0 + a] * my;
      let pr = 0;
      let pi = 0;
      for (let b = 0; b < W; b++) {
        const row = 2 * (plane + wy[y0 + b]) * mx;
        let rr = 0;
        let ri = 0;
        if (contiguous) {
          let q = row + 2 * x0;
          for (let c = 0; c < W; c++, q += 2) {
            const w = weights[ox + c];
            rr += w * g[q];
            ri += w * g[q + 1];
          }
        } else {
          for (let c = 0; c < W; c++) {
            const q = row + 2 * wx[x0 + c];
            const w = weights[ox + c];
            rr += w * g[q];
            ri += w * g[q + 1];
          }
        }
        const v = weights[oy + b];
        pr += v * rr;
        pi += v * ri;
      }
      const v = weights[oz + a];
      re += v * pr;
      im += v * pi;
    }
    ys[2 * s] = re;
    ys[2 * s + 1] = im;
  }
}

function spread3(p: GridWindows, ys: Float64Array, g: Float64Array): void {
  const W = p.width;
  const my = p.grid[1];
  const mx = p.grid[2];
  const wz = p.wrap[0];
  const wy = p.wrap[1];
  const wx = p.wrap[2];
  const { start, weights } = p;
  for (let s = 0; s < p.samples; s++) {
    const z0 = start[3 * s];
    const y0 = start[3 * s + 1];
    const x0 = start[3 * s + 2];
    const oz = 3 * s * W;
    const oy = oz + W;
    const ox = oy + W;
    const vr = ys[2 * s];
    const vi = ys[2 * s + 1];
    const contiguous = x0 + W <= mx;
    for (let a = 0; a < W; a++) {
      const plane = wz[z0 + a] * my;
      const va = weights[oz + a];
      for (let b = 0; b < W; b++) {
        const row = 2 * (plane + wy[y0 + b]) * mx;
        const v = va * weights[oy + b];
        const ar = v * vr;
        const ai = v * vi;
        if (contiguous) {
          let q = row + 2 * x0;
          for (let c = 0; c < W; c++, q += 2) {
            const w = weights[ox + c];
            g[q] += w * ar;
            g[q + 1] += w * ai;
          }
        } else {
          for (let c = 0; c < W; c++) {
            const q = row + 2 * wx[x0 + c];
            const w = weights[ox + c];
            g[q] += w * ar;
            g[q + 1] += w * ai;
          }
        }
      }
    }
  }
}
