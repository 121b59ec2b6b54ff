/**
 * The precomputed plan of a non-uniform FFT on one trajectory: everything that depends on the
 * image shape and the sample coordinates but not on the data, computed once and reused by every
 * application (type 2, type 1, the Toeplitz kernel, density compensation).
 *
 * Conventions (docs/nufft.md). The image x has shape `shape` = [n_0, ..., n_{d-1}] (d = 1, 2, 3,
 * row-major, complex interleaved) with its origin at c = floor(n/2) on every axis (the centred
 * convention of `dft2(..., { centered: true })` and of BART). Sample j has coordinates
 * w_j = (w_j0, ..., w_j,d-1) in **cycles per sample**, each in [-1/2, 1/2], listed in the same axis
 * order as `shape` (axis 0 first), interleaved per sample: coords[j d + i] = w_ji. The transforms are
 *
 *     type 2 (forward):  y_j = (1/sqrt(N)) sum_k x[k] e^{-2 pi i <w_j, k - c>},   N = prod n_i
 *     type 1 (adjoint):  x[k] = (1/sqrt(N)) sum_j y_j e^{+2 pi i <w_j, k - c>}
 *
 * so that samples on the Cartesian grid w = (k - c)/n reproduce the centred unitary DFT. BART's
 * `nufft` uses the same sign, centre and 1/sqrt(N) scale with coordinates in k-space units
 * (grid spanning [-n/2, n/2)): w = k_bart / n on every axis (BART's dim 0 = our axis 0).
 *
 * Algorithm (Dutt & Rokhlin 1993; Beatty et al. 2005): the image divided by the kernel transform
 * (deapodization) is zero-padded onto a grid of m_i = smoothSize(max(sigma n_i, 2W)) points per axis
 * (sigma = `oversampling`, 2 or down to 1.25 for memory-bound cases), transformed by the FFT, and
 * interpolated at m_i w_j with a separable Kaiser-Bessel kernel of `width` W points per axis
 * (../core/nufft/kaiser-bessel.ts). Type 1 is the exact adjoint of type 2 (spread, inverse FFT,
 * crop, deapodize), so the dot test holds to rounding. The plan stores, per sample, the first grid
 * index on each axis (reduced modulo m) and the W kernel values per axis, with the samples sorted
 * by grid tile (16 points a side) so that consecutive samples touch nearby grid memory.
 *
 * Accuracy (measured against the exact NDFT, docs/nufft.md): relative error about 10^{-(W-1)}
 * at sigma = 2 down to ~1e-14; the default width is the smallest one measured at or below 1e-6
 * (`NUFFT_DEFAULT_WIDTH`).
 *
 * References: A. Dutt & V. Rokhlin, "Fast Fourier transforms for nonequispaced data", SIAM J.
 * Sci. Comput. 14 (1993) 1368-1393; P. J. Beatty, D. G. Nishimura & J. M. Pauly, IEEE TMI 24
 * (2005) 799-808; J. A. Fessler & B. P. Sutton, IEEE TSP 51 (2003) 560-574.
 *
 * @example
 * import { nufftPlan } from './nufft-plan.ts';
 * const coords = Float64Array.of(0, 0, 0.25, -0.1);     // two samples (w_0, w_1) on a 2-D image
 * const plan = nufftPlan([8, 8], coords);               // width 7, grid 16x16
 * const x = new Float64Array(128); x[2 * (4 * 8 + 4)] = 1;  // a point at the centre
 * plan.forward(x, new Float64Array(4));                 // ~[0.125, 0, 0.125, 0] (1/sqrt(64) each, to ~1e-6)
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { fftPlan } from '../core/fft/plan.ts';
import { fft2Plan } from '../core/fft/fft2.ts';
import { fft3Plan } from '../core/fft/fft3.ts';
import { oversampledSize } from '../core/nufft/grid-size.ts';
import { deapodization, KB_MIN_WIDTH, kbBeta, type KbKernel, kbKernelFor } from '../core/nufft/kaiser-bessel.ts';
import { interpolate, spread } from './nufft-grid.ts';
import { type GridWasm2, nufftGridWasm2 } from './nufft-grid-wasm.ts';

/** Options of a NUFFT plan ({@link nufftPlan}): kernel width and grid oversampling. */
export interface NufftOptions {
  /** Kernel width W in grid points per axis (default `NUFFT_DEFAULT_WIDTH[sigma]`). */
  width?: number;
  /** Grid oversampling sigma in [1.25, 2] (default 2; 1.25 needs 2.6x less grid memory in 2-D, 4x in 3-D). */
  oversampling?: number;
}

/** Default widths: the smallest with a measured relative error <= 1e-6 (docs/nufft.md). */
export const NUFFT_DEFAULT_WIDTH: Readonly<Record<string, number>> = Object.freeze({ '2': 7, '1.25': 11 });
/** Widest kernel accepted (wider ones gain nothing at oversampling 2, docs/nufft.md). */
export const NUFFT_MAX_WIDTH = 16;

/** The default width for an oversampling (interpolated between the tabulated factors). */
export function defaultWidth(sigma: number): number {
  const t = NUFFT_DEFAULT_WIDTH[String(sigma)];
  if (t !== undefined) return t;
  return sigma >= 2 ? NUFFT_DEFAULT_WIDTH['2'] : NUFFT_DEFAULT_WIDTH['1.25'];
}

/** Validates a shape of 1 to 3 positive integer axes. */
export function checkNufftShape(where: string, shape: unknown): number[] {
  const s = shape as number[];
  const ok = Array.isArray(s) && s.length >= 1 && s.length <= 3 && s.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1);
  if (!ok) throw new CandorError(where, 'shape', '[n], [ny, nx] or [nz, ny, nx] with positive integer sizes', Array.isArray(s) ? JSON.stringify(s) : describe(s));
  if (s.reduce((a, b) => a * b, 1) > 2 ** 27) throw new CandorError(where, 'shape', 'at most 2^27 pixels', JSON.stringify(s));
  return [...s];
}

/**
 * Validates coordinates for a d-axis shape: a numeric array of length M d (M >= 1 samples), every
 * entry finite and in [-1/2, 1/2] cycles per sample. Returns a copy.
 */
export function checkCoords(where: string, coords: unknown, d: number): Float64Array {
  const c = coords as ArrayLike<number>;
  const isArr = c instanceof Float64Array || c instanceof Float32Array || Array.isArray(c);
  if (!isArr) throw new CandorError(where, 'coords', `a Float64Array of M x ${d} coordinates (cycles per sample, interleaved per sample)`, describe(coords));
  if (c.length === 0 || c.length % d !== 0) {
    throw new CandorError(where, 'coords length', `a positive multiple of ${d} (M samples x ${d} axes, interleaved per sample)`, String(c.length));
  }
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const v = c[i];
    if (typeof v !== 'number' || !(v >= -0.5 && v <= 0.5)) {
      const j = Math.floor(i / d);
      throw new CandorError(where, `coordinate of sample ${j} on axis ${i - j * d}`, 'a finite number in [-0.5, 0.5] (cycles per sample)', describe(v));
    }
    out[i] = v;
  }
  return out;
}

function checkOptions(where: string, opts: unknown): { width: number; sigma: number } {
  if (opts === undefined) return { width: defaultWidth(2), sigma: 2 };
  if (typeof opts !== 'object' || opts === null) throw new CandorError(where, 'options', 'an object { width?, oversampling? }', describe(opts));
  const o = opts as NufftOptions;
  const sigma = o.oversampling ?? 2;
  if (typeof sigma !== 'number' || !(sigma >= 1.25 && sigma <= 2)) throw new CandorError(where, 'options.oversampling', 'a number in [1.25, 2]', describe(sigma));
  const width = o.width ?? defaultWidth(sigma);
  checkInt(where, 'options.width', width, KB_MIN_WIDTH, NUFFT_MAX_WIDTH);
  return { width, sigma };
}

const TILE = 16;

/** A validated plan: build it with `nufftPlan` (the class is exported for types and `instanceof`). */
export class NufftPlan {
  /** Image shape (axis 0 slowest). */
  readonly shape: readonly number[];
  readonly dims: number;
  /** Pixels N = prod(shape). */
  readonly size: number;
  /** Number of samples M. */
  readonly samples: number;
  /** Oversampled grid, per axis. */
  readonly grid: readonly number[];
  /** Grid points prod(grid). */
  readonly gridSize: number;
  readonly width: number;
  readonly oversampling: number;
  readonly beta: number;
  /** The validated coordinates (a copy, original sample order). */
  readonly coords: Float64Array;
  /** order[p] = original index of the p-th sample in tile order. */
  readonly order: Int32Array;
  /** Per sorted sample and axis: the first grid index of the kernel window, reduced modulo the grid. */
  readonly start: Int32Array;
  /** Per sorted sample: W kernel values per axis, axis 0 first (M d W entries). */
  readonly weights: Float64Array;
  /** Per axis: k -> k mod grid[i] for k < grid[i] + W (wrap-around without a division). */
  readonly wrap: Int32Array[];
  /** Per axis: image index -> grid index of its (signed) position. */
  readonly place: Int32Array[];
  /** Per axis: the grid indices the image occupies, as runs [start, count, start, count] ([0, n - c) and [m - c, m)). */
  private readonly runs: number[][];
  /** Per axis: deapodization 1/phihat, the first axis also carrying 1/sqrt(N). */
  readonly deapod: Float64Array[];
  /** The grid FFT scratch (2 prod(grid)) and the sample scratch (2 M). */
  private readonly g: Float64Array;
  private readonly ys: Float64Array;
  private readonly kernel: KbKernel;
  /** The WebAssembly SIMD gridding kernels (2-D plans; null: the JavaScript kernels). */
  private readonly gw: GridWasm2 | null;

  constructor(shape: readonly number[], coords: Float64Array, width: number, sigma: number) {
    const d = shape.length;
    this.shape = Object.freeze([...shape]);
    this.dims = d;
    this.size = shape.reduce((a, b) => a * b, 1);
    this.coords = coords;
    const M = coords.length / d;
    if (M * d * width > 2 ** 28) throw new CandorError('nufftPlan', 'kernel table (samples x axes x width)', 'at most 2^28 values', `${M} x ${d} x ${width}`);
    this.samples = M;
    this.width = width;
    this.oversampling = sigma;
    this.beta = kbBeta(width, sigma);
    this.kernel = kbKernelFor(width, this.beta);
    const grid = shape.map((n) => oversampledSize(n, sigma, width));
    this.grid = Object.freeze(grid);
    this.gridSize = grid.reduce((a, b) => a * b, 1);
    // the grid FFT's own limit (fft2Plan: 2^27 points), checked before anything is allocated
    if (this.gridSize > 2 ** 27) throw new CandorError('nufftPlan', 'oversampled grid', 'at most 2^27 points', grid.join('x'));
    this.wrap = grid.map((m) => {
      const t = new Int32Array(m + width);
      for (let k = 0; k < t.length; k++) t[k] = k % m;
      return t;
    });
    this.place = shape.map((n, i) => {
      const m = grid[i];
      const c = Math.floor(n / 2);
      const t = new Int32Array(n);
      for (let k = 0; k < n; k++) t[k] = (((k - c) % m) + m) % m;
      return t;
    });
    this.runs = shape.map((n, i) => {
      const c = Math.floor(n / 2);
      return c > 0 ? [0, n - c, grid[i] - c, c] : [0, n];
    });
    this.deapod = shape.map((n, i) => deapodization(n, grid[i], width, this.beta));
    const s = 1 / Math.sqrt(this.size);
    for (let k = 0; k < this.deapod[0].length; k++) this.deapod[0][k] *= s;
    // tile of each sample (from its window start), counting sort, then the windows in tile order
    const W = width;
    const tiles = grid.map((m) => Math.ceil(m / TILE));
    const nt = tiles.reduce((a, b) => a * b, 1);
    const key = new Int32Array(M);
    const count = new Int32Array(nt + 1);
    for (let j = 0; j < M; j++) {
      let k = 0;
      for (let i = 0; i < d; i++) {
        const m = grid[i];
        const i0 = Math.floor(m * coords[j * d + i] - 0.5 * W) + 1;
        k = k * tiles[i] + Math.floor((((i0 % m) + m) % m) / TILE);
      }
      key[j] = k;
      count[k + 1]++;
    }
    for (let t = 0; t < nt; t++) count[t + 1] += count[t];
    this.order = new Int32Array(M);
    for (let j = 0; j < M; j++) this.order[count[key[j]]++] = j;
    // 2-D: the grid, samples, starts and kernel values live in the SIMD kernels' memory
    this.gw = d === 2 ? nufftGridWasm2(grid, M, W) : null;
    this.start = this.gw ? this.gw.start : new Int32Array(M * d);
    this.weights = this.gw ? this.gw.weights : new Float64Array(M * d * W);
    for (let p = 0; p < M; p++) {
      const j = this.order[p];
      for (let i = 0; i < d; i++) {
        const m = grid[i];
        const i0 = this.kernel.taps(m * coords[j * d + i], this.weights, (p * d + i) * W);
        this.start[p * d + i] = ((i0 % m) + m) % m;
      }
    }
    if (this.gw) this.gw.setTables(this.wrap);
    this.g = this.gw ? this.gw.grid : new Float64Array(2 * this.gridSize);
    this.ys = this.gw ? this.gw.ys : new Float64Array(2 * M);
  }

  /** Whether this plan grids with the WebAssembly SIMD kernels (./nufft-grid-wasm.ts; same numbers as the JavaScript ones). */
  get simdGridding(): boolean {
    return this.gw !== null;
  }

  /**
   * Unnormalised grid FFT in place (e^{-} forward, e^{+} inverse). In 2-D the forward transform
   * skips the zero rows or columns of the padded image and the inverse computes only the rows the
   * crop reads (Fft2Plan.execPruned: 3/4 of the work at oversampling 2).
   */
  private fft(inverse: boolean): void {
    const g = this.grid;
    if (this.dims === 1) fftPlan(g[0]).exec(this.g, 0, this.g, 0, inverse);
    else if (this.dims === 2) fft2Plan(g[0], g[1]).execPruned(this.g, 0, this.g, 0, inverse, this.runs[0], this.runs[1], inverse ? 'output' : 'input');
    else fft3Plan(g[0], g[1], g[2]).exec(this.g, 0, this.g, 0, inverse);
  }

  /**
   * 2-D: grid <- zero-padded, deapodized image x, complex interleaved (`real` false) or real (N
   * doubles, imaginary parts 0). The arithmetic of `pad`, without its per-pixel axis tests.
   */
  private pad2(x: Float64Array, real: boolean): void {
    const g = this.g;
    g.fill(0);
    const [p0, p1] = this.place;
    const [d0, d1] = this.deapod;
    const m1 = this.grid[1];
    const [n0, n1] = this.shape;
    let k = 0;
    for (let a = 0; a < n0; a++) {
      const fa = d0[a];
      const ga = p0[a] * m1;
      if (real) {
        for (let b = 0; b < n1; b++, k++) {
          const fb = fa * d1[b];
          const q = 2 * (ga + p1[b]);
          g[q] = fb * x[k];
          g[q + 1] = fb * 0;
        }
      } else {
        for (let b = 0; b < n1; b++, k += 2) {
          const fb = fa * d1[b];
          const q = 2 * (ga + p1[b]);
          g[q] = fb * x[k];
          g[q + 1] = fb * x[k + 1];
        }
      }
    }
  }

  /** 2-D: out <- deapodized crop of the grid, complex (2 N) or its real part only (N). The arithmetic of `crop`. */
  private crop2(out: Float64Array, real: boolean): void {
    const g = this.g;
    const [p0, p1] = this.place;
    const [d0, d1] = this.deapod;
    const m1 = this.grid[1];
    const [n0, n1] = this.shape;
    let k = 0;
    for (let a = 0; a < n0; a++) {
      const fa = d0[a];
      const ga = p0[a] * m1;
      if (real) {
        for (let b = 0; b < n1; b++, k++) out[k] = fa * d1[b] * g[2 * (ga + p1[b])];
      } else {
        for (let b = 0; b < n1; b++, k += 2) {
          const fb = fa * d1[b];
          const q = 2 * (ga + p1[b]);
          out[k] = fb * g[q];
          out[k + 1] = fb * g[q + 1];
        }
      }
    }
  }

  /** grid <- zero-padded, deapodized image x (2 N doubles). */
  private pad(x: Float64Array): void {
    if (this.dims === 2) {
      this.pad2(x, false);
      return;
    }
    const g = this.g;
    g.fill(0);
    const [p0, p1, p2] = this.place;
    const [d0, d1, d2] = this.deapod;
    const [, m1 = 1, m2 = 1] = this.grid;
    const [n0, n1 = 1, n2 = 1] = this.shape;
    let k = 0;
    for (let a = 0; a < n0; a++) {
      const fa = d0[a];
      const ga = p0[a] * m1;
      for (let b = 0; b < n1; b++) {
        const fb = this.dims > 1 ? fa * d1[b] : fa;
        const gb = (ga + (this.dims > 1 ? p1[b] : 0)) * m2;
        if (this.dims < 3) {
          const q = 2 * gb;
          g[q] = fb * x[k];
          g[q + 1] = fb * x[k + 1];
          k += 2;
          continue;
        }
        for (let c = 0; c < n2; c++) {
          const f = fb * d2[c];
          const q = 2 * (gb + p2[c]);
          g[q] = f * x[k];
          g[q + 1] = f * x[k + 1];
          k += 2;
        }
      }
    }
  }

  /** out (2 N) <- deapodized crop of the grid. */
  private crop(out: Float64Array): void {
    if (this.dims === 2) {
      this.crop2(out, false);
      return;
    }
    const g = this.g;
    const [p0, p1, p2] = this.place;
    const [d0, d1, d2] = this.deapod;
    const [, m1 = 1, m2 = 1] = this.grid;
    const [n0, n1 = 1, n2 = 1] = this.shape;
    let k = 0;
    for (let a = 0; a < n0; a++) {
      const fa = d0[a];
      const ga = p0[a] * m1;
      for (let b = 0; b < n1; b++) {
        const fb = this.dims > 1 ? fa * d1[b] : fa;
        const gb = (ga + (this.dims > 1 ? p1[b] : 0)) * m2;
        if (this.dims < 3) {
          const q = 2 * gb;
          out[k] = fb * g[q];
          out[k + 1] = fb * g[q + 1];
          k += 2;
          continue;
        }
        for (let c = 0; c < n2; c++) {
          const f = fb * d2[c];
          const q = 2 * (gb + p2[c]);
          out[k] = f * g[q];
          out[k + 1] = f * g[q + 1];
          k += 2;
        }
      }
    }
  }

  /** Type 2: out (2 M) <- y_j = N^{-1/2} sum_k x[k] e^{-2 pi i <w_j, k - c>}, approximately. No checks. */
  forward(x: Float64Array, out: Float64Array): Float64Array {
    this.pad(x);
    this.fft(false);
    return this.toSamples(out, null, false);
  }

  /** Interpolates the grid at the samples into out, each times s_j (null: 1, an exact product), in input or plan order. */
  private toSamples(out: Float64Array, s: Float64Array | null, planOrder: boolean): Float64Array {
    if (this.gw) this.gw.interpolate();
    else interpolate(this, this.g, this.ys);
    const ys = this.ys;
    if (planOrder) {
      // out and s in the plan's (sorted) sample order: no gather
      for (let p = 0; p < 2 * this.samples; p += 2) {
        const f = s === null ? 1 : s[p >> 1];
        out[p] = ys[p] * f;
        out[p + 1] = ys[p + 1] * f;
      }
      return out;
    }
    const o = this.order;
    for (let p = 0; p < this.samples; p++) {
      const j = o[p];
      const f = s === null ? 1 : s[j];
      out[2 * j] = ys[2 * p] * f;
      out[2 * j + 1] = ys[2 * p + 1] * f;
    }
    return out;
  }

  /** Spreads s_j y_j (null: y_j, an exact product) onto the cleared grid, y in input or plan order. */
  private fromSamples(y: Float64Array, s: Float64Array | null, planOrder: boolean): void {
    const ys = this.ys;
    if (planOrder) {
      for (let p = 0; p < 2 * this.samples; p += 2) {
        const f = s === null ? 1 : s[p >> 1];
        ys[p] = f * y[p];
        ys[p + 1] = f * y[p + 1];
      }
    } else {
      const o = this.order;
      for (let p = 0; p < this.samples; p++) {
        const j = o[p];
        const f = s === null ? 1 : s[j];
        ys[2 * p] = f * y[2 * j];
        ys[2 * p + 1] = f * y[2 * j + 1];
      }
    }
    this.g.fill(0);
    if (this.gw) this.gw.spread();
    else spread(this, ys, this.g);
  }

  /**
   * Type 2 of a real 2-D image x (N doubles) with a factor per sample: out (2 M) <- s_j y_j (s in
   * the original sample order; null: 1). The numbers of `forward` on x with zero imaginary parts
   * times s_j, without the complex copy of x or a scaling pass. With `planOrder`, out and s are in
   * the plan's sample order (`order[p]` is the original index of entry p), which saves the gather
   * for callers that keep their data that way. No checks.
   */
  forwardReal(x: Float64Array, out: Float64Array, s: Float64Array | null, planOrder = false): Float64Array {
    if (this.dims !== 2) throw new CandorError('NufftPlan.forwardReal', 'plan', 'a 2-D plan', `${this.dims}-D`);
    this.pad2(x, true);
    this.fft(false);
    return this.toSamples(out, s, planOrder);
  }

  /**
   * The real part of type 1 of s_j y_j for a 2-D plan: out (N doubles) <- Re(adjoint(s .* y)), the
   * numbers of `adjoint` on the scaled samples without the scaling pass or the complex result
   * (`planOrder`: y and s in the plan's sample order, as forwardReal). No checks.
   */
  adjointReal(y: Float64Array, out: Float64Array, s: Float64Array | null, planOrder = false): Float64Array {
    if (this.dims !== 2) throw new CandorError('NufftPlan.adjointReal', 'plan', 'a 2-D plan', `${this.dims}-D`);
    this.fromSamples(y, s, planOrder);
    this.fft(true);
    this.crop2(out, true);
    return out;
  }

  /** Type 1 (the exact adjoint of `forward`): out (2 N) <- N^{-1/2} sum_j y_j e^{+2 pi i <w_j, k - c>}. No checks. */
  adjoint(y: Float64Array, out: Float64Array): Float64Array {
    this.fromSamples(y, null, false);
    this.fft(true);
    this.crop(out);
    return out;
  }
}

/**
 * The plan of a non-uniform FFT of images of `shape` (1 to 3 axes) at the samples `coords`
 * (M x d, cycles per sample in [-1/2, 1/2], interleaved per sample), with kernel `width` and grid
 * `oversampling`. Every argument is checked, naming the first bad coordinate.
 */
export function nufftPlan(shape: readonly number[], coords: ArrayLike<number>, opts?: NufftOptions): NufftPlan {
  const s = checkNufftShape('nufftPlan', shape);
  const c = checkCoords('nufftPlan', coords, s.length);
  const { width, sigma } = checkOptions('nufftPlan', opts);
  return new NufftPlan(s, c, width, sigma);
}
