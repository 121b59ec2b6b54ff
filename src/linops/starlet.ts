/**
 * The starlet (isotropic undecimated wavelet transform, IUWT) analysis operator of a ny x nx
 * image: the a-trous algorithm with the B3-spline scaling function (Starck, Fadili & Murtagh,
 * "The undecimated wavelet decomposition and its reconstruction", IEEE TIP 16 (2007) 297; the
 * dictionary of WSClean's `-iuwt` and of Carrillo, McEwen & Wiaux's SARA comparisons):
 *
 *     c_0 = x,   c_{j+1} = h_j * c_j,   w_{j+1} = c_j - c_{j+1}      (j = 0 .. J-1)
 *
 * where h_j is the separable filter [1, 4, 6, 4, 1] / 16 with 2^j - 1 zeros between taps (rows,
 * then columns), applied with periodic boundaries, so each convolution is symmetric and
 * H_j^T = H_j. W x = [w_1, ..., w_J, c_J] (range [J + 1, ny, nx]; with `coarse: false` only the
 * J detail bands, range [J, ny, nx]); the image is the sum of all bands (x = sum_j w_j + c_J),
 * but W is not orthogonal (a frame, `structure: 'general'`). The adjoint, with c_j = P_j x and
 * P_j = H_{j-1} ... H_0, is
 *
 *     W^T y = sum_{j=0}^{J} P_j^T a_j,   a_0 = y_1,  a_j = y_{j+1} - y_j (0 < j < J),  a_J = y_{J+1} - y_J
 *
 * (a_J = -y_J without the coarse band) evaluated by Horner's rule, s <- a_j + H_j s from j = J
 * down, one convolution per scale like the analysis.
 *
 * @example
 * import { starlet2 } from './starlet.ts';
 * const W = starlet2(32, 32, { scales: 3 });     // [32, 32] -> [4, 32, 32]
 * const x = new Float64Array(1024).fill(2);
 * const c = W.apply(x, new Float64Array(4096));  // detail bands 0, coarse band 2
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { defineOperator } from './define.ts';
import type { LinearOperator } from './types.ts';

/** Options of {@link starlet2}. */
export interface StarletOptions {
  /** Number of detail scales J (default: the largest with a filter support 4 2^(J-1) + 1 <= min(ny, nx), at most 6). */
  scales?: number;
  /** Keep the coarse band c_J in the output (default true). */
  coarse?: boolean;
}

const H = [1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16];

/** The default number of scales for an image (see StarletOptions). */
export function starletScales(ny: number, nx: number): number {
  let J = 1;
  while (J < 6 && 4 * 2 ** J + 1 <= Math.min(ny, nx)) J++;
  return J;
}

/** (i + d) mod n for i in [0, n) and d = -2s, -s, s, 2s: the wrapped neighbours of a row or column. */
function wrapTable(n: number, s: number): Int32Array {
  const t = new Int32Array(4 * n);
  for (let i = 0; i < n; i++) {
    t[4 * i] = (((i - 2 * s) % n) + n) % n;
    t[4 * i + 1] = (((i - s) % n) + n) % n;
    t[4 * i + 2] = (i + s) % n;
    t[4 * i + 3] = (i + 2 * s) % n;
  }
  return t;
}

/** out = h_j * x along rows then columns, periodic (tmp: scratch of ny nx; s = 2^j; tx, ty: wrap tables of scale j). */
function smooth(x: Float64Array, out: Float64Array, tmp: Float64Array, ny: number, nx: number, s: number, tx: Int32Array, ty: Int32Array): void {
  const h0 = H[2];
  const h1 = H[3];
  const h2 = H[4];
  // rows (along x): the interior without wrapping, the edges through the table
  const lo = Math.min(2 * s, nx);
  const hi = Math.max(lo, nx - 2 * s);
  for (let r = 0; r < ny; r++) {
    const o = r * nx;
    for (let c = 0; c < lo; c++) {
      const t = 4 * c;
      tmp[o + c] = h0 * x[o + c] + h1 * (x[o + tx[t + 1]] + x[o + tx[t + 2]]) + h2 * (x[o + tx[t]] + x[o + tx[t + 3]]);
    }
    for (let c = o + lo, e = o + hi; c < e; c++) {
      tmp[c] = h0 * x[c] + h1 * (x[c - s] + x[c + s]) + h2 * (x[c - 2 * s] + x[c + 2 * s]);
    }
    for (let c = hi; c < nx; c++) {
      const t = 4 * c;
      tmp[o + c] = h0 * x[o + c] + h1 * (x[o + tx[t + 1]] + x[o + tx[t + 2]]) + h2 * (x[o + tx[t]] + x[o + tx[t + 3]]);
    }
  }
  // columns (along y): whole rows at a time
  for (let r = 0; r < ny; r++) {
    const o = r * nx;
    const t = 4 * r;
    const a2 = ty[t] * nx;
    const a1 = ty[t + 1] * nx;
    const b1 = ty[t + 2] * nx;
    const b2 = ty[t + 3] * nx;
    for (let c = 0; c < nx; c++) {
      out[o + c] = h0 * tmp[o + c] + h1 * (tmp[a1 + c] + tmp[b1 + c]) + h2 * (tmp[a2 + c] + tmp[b2 + c]);
    }
  }
}

/**
 * ||W||^2 exactly: with periodic boundaries W^T W is a convolution, diagonal in the 2-D DFT, with
 * eigenvalue sum_j (P_{j-1}(w) - P_j(w))^2 [+ P_J(w)^2] at each grid frequency w, where
 * P_j(w) = prod_{i<j} h(2^i w_y) h(2^i w_x) and h(w) = cos^4(w / 2) is the B3 filter's response.
 */
export function starletNormSq(ny: number, nx: number, opts: StarletOptions = {}): number {
  const J = opts.scales ?? starletScales(ny, nx);
  const coarse = opts.coarse ?? true;
  const h = (w: number) => Math.cos(w / 2) ** 4;
  let best = 0;
  for (let ky = 0; ky < ny; ky++) {
    const wy = (2 * Math.PI * ky) / ny;
    for (let kx = 0; kx < nx; kx++) {
      const wx = (2 * Math.PI * kx) / nx;
      let p = 1;
      let e = 0;
      for (let j = 0; j < J; j++) {
        const q = p * h(2 ** j * wy) * h(2 ** j * wx);
        e += (p - q) ** 2;
        p = q;
      }
      if (coarse) e += p * p;
      if (e > best) best = e;
    }
  }
  return best;
}

/** The starlet analysis operator of a ny x nx image (see the file comment). */
export function starlet2(ny: number, nx: number, opts: StarletOptions = {}): LinearOperator {
  const where = 'starlet2';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  if (typeof opts !== 'object' || opts === null) throw new CandorError(where, 'options', 'an object { scales?, coarse? }', describe(opts));
  const J = opts.scales === undefined ? starletScales(ny, nx) : checkInt(where, 'scales', opts.scales, 1, 12);
  const coarse = opts.coarse ?? true;
  if (typeof coarse !== 'boolean') throw new CandorError(where, 'coarse', 'true or false', describe(coarse));
  const n = ny * nx;
  const bands = coarse ? J + 1 : J;
  const c = new Float64Array(n);
  const c2 = new Float64Array(n);
  const tmp = new Float64Array(n);
  const tx = Array.from({ length: J }, (_, j) => wrapTable(nx, 1 << j));
  const ty = Array.from({ length: J }, (_, j) => wrapTable(ny, 1 << j));
  return defineOperator({
    name: `Starlet2(${ny}x${nx}, ${J} scales${coarse ? '' : ', no coarse band'})`,
    domain: [ny, nx],
    range: [bands, ny, nx],
    field: 'real',
    apply: (x, out) => {
      c.set(x);
      for (let j = 0; j < J; j++) {
        smooth(c, c2, tmp, ny, nx, 1 << j, tx[j], ty[j]);
        const o = j * n;
        for (let i = 0; i < n; i++) {
          out[o + i] = c[i] - c2[i];
          c[i] = c2[i];
        }
      }
      if (coarse) out.set(c, J * n);
      return out;
    },
    adjoint: (y, out) => {
      // s = a_J, then s <- a_j + H_j s for j = J-1 .. 0
      const yJ = (J - 1) * n;
      for (let i = 0; i < n; i++) c[i] = (coarse ? y[J * n + i] : 0) - y[yJ + i];
      for (let j = J - 1; j >= 0; j--) {
        smooth(c, c2, tmp, ny, nx, 1 << j, tx[j], ty[j]);
        const o = j * n;
        if (j > 0) for (let i = 0; i < n; i++) c[i] = c2[i] + y[o + i] - y[o - n + i];
        else for (let i = 0; i < n; i++) c[i] = c2[i] + y[i];
      }
      out.set(c);
      return out;
    },
  });
}
