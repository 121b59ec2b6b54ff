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

/** out = h_j * x along rows then columns, periodic (tmp: scratch of ny nx). */
function smooth(x: Float64Array, out: Float64Array, tmp: Float64Array, ny: number, nx: number, j: number): void {
  const s = 1 << j;
  // rows (along x)
  for (let r = 0; r < ny; r++) {
    const o = r * nx;
    for (let c = 0; c < nx; c++) {
      let acc = H[2] * x[o + c];
      for (let t = 1; t <= 2; t++) {
        const d = t * s;
        const a = (((c - d) % nx) + nx) % nx;
        const b = (c + d) % nx;
        acc += H[2 + t] * (x[o + a] + x[o + b]);
      }
      tmp[o + c] = acc;
    }
  }
  // columns (along y)
  for (let r = 0; r < ny; r++) {
    const o = r * nx;
    const a1 = ((((r - s) % ny) + ny) % ny) * nx;
    const b1 = ((r + s) % ny) * nx;
    const a2 = ((((r - 2 * s) % ny) + ny) % ny) * nx;
    const b2 = ((r + 2 * s) % ny) * nx;
    for (let c = 0; c < nx; c++) {
      out[o + c] = H[2] * tmp[o + c] + H[3] * (tmp[a1 + c] + tmp[b1 + c]) + H[4] * (tmp[a2 + c] + tmp[b2 + c]);
    }
  }
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
  return defineOperator({
    name: `Starlet2(${ny}x${nx}, ${J} scales${coarse ? '' : ', no coarse band'})`,
    domain: [ny, nx],
    range: [bands, ny, nx],
    field: 'real',
    apply: (x, out) => {
      c.set(x);
      for (let j = 0; j < J; j++) {
        smooth(c, c2, tmp, ny, nx, j);
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
        smooth(c, c2, tmp, ny, nx, j);
        const o = j * n;
        if (j > 0) for (let i = 0; i < n; i++) c[i] = c2[i] + y[o + i] - y[o - n + i];
        else for (let i = 0; i < n; i++) c[i] = c2[i] + y[i];
      }
      out.set(c);
      return out;
    },
  });
}
