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
 * down, one convolution per scale like the analysis. The passes run in WebAssembly SIMD where
 * available (./starlet-wasm.ts: the same operations in the same order, identical numbers; 4-5x
 * faster than the JavaScript passes at 64 to 256 pixels a side).
 *
 * @example
 * import { starlet2 } from './starlet.ts';
 * const W = starlet2(32, 32, { scales: 3 });     // [32, 32] -> [4, 32, 32]
 * const x = new Float64Array(1024).fill(2);
 * const c = W.apply(x, new Float64Array(4096));  // detail bands 0, coarse band 2
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { defineOperator } from './define.ts';
import { starletKernels } from './starlet-wasm.ts';
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

/**
 * The row pass of scale s as runs of columns [start, end) in which every neighbour c + d
 * (d = -2s, -s, s, 2s, wrapped periodically) is c plus a fixed shift: `[start, end, shift(-2s),
 * shift(-s), shift(s), shift(2s)]` per run. The runs split [0, n) where a neighbour wraps, so
 * the loop over a run reads four straight streams (no index table).
 */
function rowRuns(n: number, s: number): Int32Array {
  const d = [-2 * s, -s, s, 2 * s].map((v) => ((v % n) + n) % n);
  const cuts = new Set<number>([0, n]);
  for (const m of d) if (m > 0) cuts.add(n - m);
  const at = [...cuts].sort((a, b) => a - b);
  const runs: number[] = [];
  for (let k = 0; k + 1 < at.length; k++) {
    const c0 = at[k];
    runs.push(c0, at[k + 1]);
    for (const m of d) runs.push(c0 + m < n ? m : m - n);
  }
  return Int32Array.from(runs);
}

/** Row offsets (times nx) of the wrapped neighbours r - 2s, r - s, r + s, r + 2s of every row r. */
function columnTable(ny: number, nx: number, s: number): Int32Array {
  const t = new Int32Array(4 * ny);
  for (let r = 0; r < ny; r++) {
    t[4 * r] = ((((r - 2 * s) % ny) + ny) % ny) * nx;
    t[4 * r + 1] = ((((r - s) % ny) + ny) % ny) * nx;
    t[4 * r + 2] = ((r + s) % ny) * nx;
    t[4 * r + 3] = ((r + 2 * s) % ny) * nx;
  }
  return t;
}

/**
 * What the column pass writes besides out = h * x (see `smooth`): DETAIL band = x - out (the
 * analysis' detail band); ADD_DIFF out = (h * x + ya) - yb (the adjoint's
 * Horner step, 0 < j < J); ADD out = h * x + ya (its last step, j = 0).
 */
const DETAIL = 1;
const ADD_DIFF = 2;
const ADD = 3;
type Post = typeof DETAIL | typeof ADD_DIFF | typeof ADD;

/**
 * out = h_j * x along rows then columns, periodic (tmp: scratch of ny nx; runs, cols: the tables
 * of scale j), with the post step fused into the column pass (`Post`; band / ya / yb at offsets
 * bo, ao, bo2). Every sum is h0 x + h1 (left + right) + h2 (left2 + right2) in that order.
 */
function smooth(
  x: Float64Array,
  out: Float64Array,
  tmp: Float64Array,
  ny: number,
  nx: number,
  runs: Int32Array,
  cols: Int32Array,
  post: Post,
  band: Float64Array | null,
  bo: number,
  bo2: number,
): void {
  const h0 = H[2];
  const h1 = H[3];
  const h2 = H[4];
  for (let r = 0; r < ny; r++) {
    const o = r * nx;
    for (let k = 0; k < runs.length; k += 6) {
      const e = o + runs[k + 1];
      const m2 = runs[k + 2];
      const m1 = runs[k + 3];
      const p1 = runs[k + 4];
      const p2 = runs[k + 5];
      for (let c = o + runs[k]; c < e; c++) {
        tmp[c] = h0 * x[c] + h1 * (x[c + m1] + x[c + p1]) + h2 * (x[c + m2] + x[c + p2]);
      }
    }
  }
  for (let r = 0; r < ny; r++) {
    const o = r * nx;
    const t = 4 * r;
    const a2 = cols[t];
    const a1 = cols[t + 1];
    const b1 = cols[t + 2];
    const b2 = cols[t + 3];
    if (post === DETAIL) {
      const b = band as Float64Array;
      for (let c = 0; c < nx; c++) {
        const v = h0 * tmp[o + c] + h1 * (tmp[a1 + c] + tmp[b1 + c]) + h2 * (tmp[a2 + c] + tmp[b2 + c]);
        out[o + c] = v;
        b[bo + o + c] = x[o + c] - v;
      }
    } else if (post === ADD_DIFF) {
      const y = band as Float64Array;
      for (let c = 0; c < nx; c++) {
        const v = h0 * tmp[o + c] + h1 * (tmp[a1 + c] + tmp[b1 + c]) + h2 * (tmp[a2 + c] + tmp[b2 + c]);
        out[o + c] = v + y[bo + o + c] - y[bo2 + o + c];
      }
    } else {
      const y = band as Float64Array;
      for (let c = 0; c < nx; c++) {
        const v = h0 * tmp[o + c] + h1 * (tmp[a1 + c] + tmp[b1 + c]) + h2 * (tmp[a2 + c] + tmp[b2 + c]);
        out[o + c] = v + y[bo + o + c];
      }
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
  const runs = Array.from({ length: J }, (_, j) => rowRuns(nx, 1 << j));
  const cols = Array.from({ length: J }, (_, j) => columnTable(ny, nx, 1 << j));
  // the SIMD passes (same numbers): scales run in the instance's memory, bands copied in or out once
  const k = starletKernels(ny, nx, J, bands, runs, cols);
  // the JavaScript passes' buffers (empty when the SIMD passes run)
  const jsLen = k ? 0 : n;
  let c = new Float64Array(jsLen);
  let c2 = new Float64Array(jsLen);
  const tmp = new Float64Array(jsLen);
  const apply = k
    ? (x: Float64Array, out: Float64Array) => {
        let a = k.cAt;
        let b = k.c2At;
        k.c.set(x);
        for (let j = 0; j < J; j++) {
          k.rowPass(a, j);
          k.colPass('detail', b, a, k.bandsAt + 8 * j * n, j);
          const t = a;
          a = b;
          b = t;
        }
        out.set(k.bands.subarray(0, J * n));
        if (coarse) out.set(a === k.cAt ? k.c : k.c2, J * n);
        return out;
      }
    : null;
  const adjoint = k
    ? (y: Float64Array, out: Float64Array) => {
        const yb = k.bands;
        yb.set(y.subarray(0, bands * n));
        const c0 = k.c;
        const yJ = (J - 1) * n;
        for (let i = 0; i < n; i++) c0[i] = (coarse ? yb[J * n + i] : 0) - yb[yJ + i];
        let a = k.cAt;
        let b = k.c2At;
        for (let j = J - 1; j >= 0; j--) {
          k.rowPass(a, j);
          if (j > 0) k.colPass('addDiff', b, k.bandsAt + 8 * j * n, k.bandsAt + 8 * (j - 1) * n, j);
          else k.colPass('add', b, k.bandsAt, 0, j);
          const t = a;
          a = b;
          b = t;
        }
        out.set(a === k.cAt ? k.c : k.c2);
        return out;
      }
    : null;
  return defineOperator({
    name: `Starlet2(${ny}x${nx}, ${J} scales${coarse ? '' : ', no coarse band'})`,
    domain: [ny, nx],
    range: [bands, ny, nx],
    field: 'real',
    apply: (x, out) => {
      if (apply) return apply(x, out);
      // c_{j+1} = h_j * c_j into c2 with w_{j+1} = c_j - c_{j+1} written alongside; then swap
      c.set(x);
      for (let j = 0; j < J; j++) {
        smooth(c, c2, tmp, ny, nx, runs[j], cols[j], DETAIL, out, j * n, 0);
        const t = c;
        c = c2;
        c2 = t;
      }
      if (coarse) out.set(c, J * n);
      return out;
    },
    adjoint: (y, out) => {
      if (adjoint) return adjoint(y, out);
      // s = a_J, then s <- a_j + H_j s for j = J-1 .. 0
      const yJ = (J - 1) * n;
      for (let i = 0; i < n; i++) c[i] = (coarse ? y[J * n + i] : 0) - y[yJ + i];
      for (let j = J - 1; j >= 0; j--) {
        const o = j * n;
        if (j > 0) smooth(c, c2, tmp, ny, nx, runs[j], cols[j], ADD_DIFF, y, o, o - n);
        else smooth(c, c2, tmp, ny, nx, runs[j], cols[j], ADD, y, o, 0);
        const t = c;
        c = c2;
        c2 = t;
      }
      out.set(c);
      return out;
    },
  });
}
