/**
 * The normal operator A^H W A of a non-uniform FFT by Toeplitz embedding: one zero-padded FFT
 * pair per application, no gridding.
 *
 * For the exact NDFT A (./nufft-ndft.ts) and real sample weights w (default 1),
 *
 *     (A^H W A x)[k] = sum_{k'} K(k - k') x[k'],    K(d) = (1/N) sum_j w_j e^{+2 pi i <w_j, d>},
 *
 * a (multi-level) Toeplitz matrix: K is needed on the differences d in (-n, n) per axis. Embedded
 * in a circulant of L_i = smoothSize(2 n_i - 1) points per axis (K(d) at index d mod L_i, zero
 * elsewhere), the product is a circular convolution of the zero-padded image:
 *
 *     A^H W A x = crop( IFFT_L( Khat . FFT_L( pad(x) ) ) ),    Khat = FFT_L(K) (real: K is Hermitian).
 *
 * K is computed once from the plan's own type-1 transform, without a second, larger plan: on each
 * axis the differences split into two windows of n values, d = k - c + a with a in {c, c - n}
 * (d in [0, n) and [-n, 0)), and the type 1 of the modulated weights w_j e^{2 pi i <w_j, a>}
 * returns sqrt(N) K(k - c + a) on one window: 2^d type-1 transforms in all. Khat is stored real
 * (its imaginary part, rounding and NUFFT error only, is dropped), so the operator is exactly
 * self-adjoint. Its accuracy is that of the plan's width (docs/nufft.md).
 *
 * References: F. T. A. W. Wajer & K. P. Pruessmann, "Major speedup of reconstruction for
 * sensitivity encoding with arbitrary trajectories", ISMRM 2001, p. 767; J. A. Fessler, S. Lee,
 * V. T. Olafsson, H. R. Shi & D. C. Noll, "Toeplitz-based iterative image reconstruction for MRI
 * with correction for magnetic field inhomogeneity", IEEE TSP 53 (2005) 3393-3402.
 *
 * @example
 * import { nufftPlan } from './nufft-plan.ts';
 * import { toeplitzNormal } from './nufft-toeplitz.ts';
 * const plan = nufftPlan([16, 16], Float64Array.of(0, 0, 0.2, 0.3, -0.4, 0.1));
 * const T = toeplitzNormal(plan);            // A^H A on 16x16 images, one 31->32 point FFT pair
 * const x = new Float64Array(512); x[2 * 136] = 1;   // e_center
 * T.apply(x, new Float64Array(512))[2 * 136];        // ~3/256: the PSF peak M/N
 */
import { CandorError, describe } from '../core/errors.ts';
import { fftPlan } from '../core/fft/plan.ts';
import { fft2Plan } from '../core/fft/fft2.ts';
import { fft3Plan } from '../core/fft/fft3.ts';
import { smoothSize } from '../core/nufft/grid-size.ts';
import { defineOperator } from './define.ts';
import type { NufftPlan } from './nufft-plan.ts';
import type { LinearOperator } from './types.ts';

/** Options of {@link toeplitzNormal}. */
export interface ToeplitzOptions {
  /** Real sample weights w_j (length M, original sample order): the operator is A^H diag(w) A. */
  weights?: ArrayLike<number>;
}

/**
 * K(d) = (1/N) sum_j w_j e^{2 pi i <w_j, d>} for every difference |d_i| < n_i, embedded on the
 * circulant grid of L_i = smoothSize(2 n_i - 1) points per axis (K(d) at index d mod L_i, zero
 * elsewhere; complex interleaved), from 2^d type-1 transforms of the plan (see the module
 * comment). The theory layer reads the PSF side lobes and the coherence from it.
 */
export function differenceKernel(plan: NufftPlan, weights: Float64Array | null): { values: Float64Array; size: number[] } {
  const shape = plan.shape;
  const d = shape.length;
  const L = shape.map((n) => smoothSize(2 * n - 1));
  const total = L.reduce((a, b) => a * b, 1);
  const out = new Float64Array(2 * total);
  const M = plan.samples;
  const coords = plan.coords;
  const v = new Float64Array(2 * M);
  const img = new Float64Array(2 * plan.size);
  const sq = Math.sqrt(plan.size);
  const [n0, n1 = 1, n2 = 1] = shape;
  const [, L1 = 1, L2 = 1] = L;
  const lens = [n0, n1, n2];
  for (let q = 0; q < 1 << d; q++) {
    // window bit i: 0 -> a_i = c_i (d in [0, n)), 1 -> a_i = c_i - n_i (d in [-n, 0))
    const a = shape.map((n, i) => Math.floor(n / 2) - ((q >> i) & 1) * n);
    for (let j = 0; j < M; j++) {
      let t = 0;
      for (let i = 0; i < d; i++) t += coords[j * d + i] * a[i];
      t -= Math.round(t);
      const wj = weights ? weights[j] : 1;
      v[2 * j] = wj * Math.cos(2 * Math.PI * t);
      v[2 * j + 1] = wj * Math.sin(2 * Math.PI * t);
    }
    plan.adjoint(v, img);
    // img[k] = sqrt(N) K(k - c + a): place at index (k - c + a) mod L, skipping d = -n
    const base = [0, 0, 0];
    for (let i = 0; i < d; i++) base[i] = ((q >> i) & 1) === 1 ? L[i] - lens[i] : 0;
    for (let k0 = 0; k0 < n0; k0++) {
      if ((q & 1) === 1 && k0 === 0) continue;
      for (let k1 = 0; k1 < n1; k1++) {
        if ((q & 2) === 2 && k1 === 0) continue;
        for (let k2 = 0; k2 < n2; k2++) {
          if ((q & 4) === 4 && k2 === 0) continue;
          const src = 2 * ((k0 * n1 + k1) * n2 + k2);
          const dst = 2 * (((base[0] + k0) * L1 + (d > 1 ? base[1] + k1 : 0)) * L2 + (d > 2 ? base[2] + k2 : 0));
          out[dst] = img[src] / sq;
          out[dst + 1] = img[src + 1] / sq;
        }
      }
    }
  }
  return { values: out, size: L };
}

/** The embedded kernel: real Khat on the L grid (divided by prod L), and a complex scratch grid. */
export class ToeplitzKernel {
  readonly shape: readonly number[];
  /** Circulant size per axis, smoothSize(2 n - 1). */
  readonly size: readonly number[];
  /** Real FFT of the embedded K, already divided by prod(size). */
  readonly khat: Float64Array;
  private readonly work: Float64Array;

  constructor(plan: NufftPlan, weights: Float64Array | null) {
    this.shape = plan.shape;
    const { values, size } = differenceKernel(plan, weights);
    this.size = Object.freeze(size);
    this.work = values;
    const total = size.reduce((a, b) => a * b, 1);
    this.fft(false);
    this.khat = new Float64Array(total);
    for (let i = 0; i < total; i++) this.khat[i] = values[2 * i] / total;
  }

  private fft(inverse: boolean): void {
    const L = this.size;
    if (L.length === 1) fftPlan(L[0]).exec(this.work, 0, this.work, 0, inverse);
    else if (L.length === 2) fft2Plan(L[0], L[1]).exec(this.work, 0, this.work, 0, inverse);
    else fft3Plan(L[0], L[1], L[2]).exec(this.work, 0, this.work, 0, inverse);
  }

  /** Offsets (in doubles) of the image rows (last axis) in the image and in the circulant grid. */
  private rows(): { img: Int32Array; grid: Int32Array; len: number } {
    if (this.rowMap) return this.rowMap;
    const s = this.shape;
    const L = this.size;
    const last = s[s.length - 1];
    const n0 = s.length > 1 ? s[0] : 1;
    const n1 = s.length > 2 ? s[1] : 1;
    const img = new Int32Array(n0 * n1);
    const grid = new Int32Array(n0 * n1);
    const Llast = L[L.length - 1];
    const L1 = s.length > 2 ? L[1] : 1;
    for (let a = 0; a < n0; a++) {
      for (let b = 0; b < n1; b++) {
        img[a * n1 + b] = 2 * (a * n1 + b) * last;
        grid[a * n1 + b] = 2 * (a * L1 + b) * Llast;
      }
    }
    this.rowMap = { img, grid, len: 2 * last };
    return this.rowMap;
  }

  private rowMap: { img: Int32Array; grid: Int32Array; len: number } | null = null;

  /** out <- A^H W A x (both 2 N, complex interleaved). No checks. */
  apply(x: Float64Array, out: Float64Array): Float64Array {
    const w = this.work;
    w.fill(0);
    const { img, grid, len } = this.rows();
    for (let r = 0; r < img.length; r++) {
      const s = img[r];
      const t = grid[r];
      for (let i = 0; i < len; i++) w[t + i] = x[s + i];
    }
    this.fft(false);
    const kh = this.khat;
    for (let i = 0; i < kh.length; i++) {
      w[2 * i] *= kh[i];
      w[2 * i + 1] *= kh[i];
    }
    this.fft(true);
    for (let r = 0; r < img.length; r++) {
      const s = grid[r];
      const t = img[r];
      for (let i = 0; i < len; i++) out[t + i] = w[s + i];
    }
    return out;
  }
}

/** Validates optional real weights of length M. */
export function checkWeights(where: string, weights: unknown, M: number): Float64Array | null {
  if (weights === undefined) return null;
  const w = weights as ArrayLike<number>;
  if (!(w instanceof Float64Array || w instanceof Float32Array || Array.isArray(w))) {
    throw new CandorError(where, 'weights', `an array of ${M} real sample weights`, describe(weights));
  }
  if (w.length !== M) throw new CandorError(where, 'weights length', `${M} (one per sample)`, String(w.length));
  const out = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    const v = w[j];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new CandorError(where, `weight of sample ${j}`, 'a finite number', describe(v));
    out[j] = v;
  }
  return out;
}

/**
 * A^H diag(w) A of the plan's NDFT by Toeplitz embedding, as a self-adjoint operator on images of
 * the plan's shape (apply = adjoint = normal/2 steps). Precomputes 2^d type-1 transforms and one
 * FFT on the circulant grid.
 */
export function toeplitzNormal(plan: NufftPlan, opts: ToeplitzOptions = {}): LinearOperator {
  if (typeof opts !== 'object' || opts === null) throw new CandorError('toeplitzNormal', 'options', 'an object { weights? }', describe(opts));
  const w = checkWeights('toeplitzNormal', opts.weights, plan.samples);
  const k = new ToeplitzKernel(plan, w);
  const shape = [...plan.shape];
  let t: Float64Array | null = null;
  return defineOperator({
    name: `ToeplitzNormal(${shape.join('x')}, ${plan.samples} samples${w ? ', weighted' : ''})`,
    domain: shape,
    range: shape,
    field: 'complex',
    apply: (x, out) => k.apply(x, out),
    adjoint: (x, out) => k.apply(x, out),
    normal: (x, out) => {
      t ??= new Float64Array(2 * plan.size);
      k.apply(x, t);
      return k.apply(t, out);
    },
    cheapNormal: true,
  });
}
