/**
 * Cosine operators (real field; they act on complex data part by part):
 *
 * - `dct1(n)`: the orthonormal DCT-II C, C_kj = f_k cos(pi k (2j+1) / 2n) (f_0 = sqrt(1/n),
 *   f_k = sqrt(2/n)); unitary, C^T = C^{-1} = DCT-III;
 * - `dct2(ny, nx)`: the orthonormal 2-D DCT-II of row-major ny x nx arrays; unitary;
 * - `partialDct1(n, rows)`, `partialDct2(ny, nx, mask)`: S C, the listed coefficients in increasing
 *   (row-major) index order; co-isometries with cheap normal C^T M C.
 *
 * `rows`/`mask` accept a 0/1 Uint8Array or a list of distinct flat indices.
 *
 * Reference: Makhoul (1980) via ../core/fft/dct.ts; PyLops `DCT`.
 *
 * @example
 * import { dct1, partialDct1 } from './dct.ts';
 * dct1(4).apply(Float64Array.of(1, 1, 1, 1), new Float64Array(4)); // [2, 0, 0, 0]
 * partialDct1(4, [0, 2]).apply(Float64Array.of(1, 1, 1, 1), new Float64Array(2)); // [2, 0]
 */
import { checkInt } from '../core/errors.ts';
import { dctPlan } from '../core/fft/dct.ts';
import { dct2Plan } from '../core/fft/dct2d.ts';
import { indexList } from './basic.ts';
import { defineOperator, type Kernel } from './define.ts';
import type { LinearOperator } from './types.ts';

/** A real orthonormal transform on strided data: entry j at offset + j stride (es = 2 for complex parts). */
interface Strided {
  fwd: (x: Float64Array, xo: number, y: Float64Array, yo: number, es: number) => void;
  inv: (x: Float64Array, xo: number, y: Float64Array, yo: number, es: number) => void;
}

function strided1(n: number): Strided {
  const p = dctPlan(n);
  return {
    fwd: (x, xo, y, yo, es) => p.execForward(x, xo, es, y, yo, es),
    inv: (x, xo, y, yo, es) => p.execInverse(x, xo, es, y, yo, es),
  };
}

function strided2(ny: number, nx: number): Strided {
  const p = dct2Plan(ny, nx);
  return {
    fwd: (x, xo, y, yo, es) => p.exec(x, xo, y, yo, false, es),
    inv: (x, xo, y, yo, es) => p.exec(x, xo, y, yo, true, es),
  };
}

const copy: Kernel = (x, out) => {
  out.set(x);
  return out;
};

function unitary(name: string, domain: number[], t: Strided): LinearOperator {
  return defineOperator({
    name,
    domain,
    range: domain,
    field: 'real',
    structure: 'unitary',
    apply: (x, out) => {
      t.fwd(x, 0, out, 0, 1);
      return out;
    },
    adjoint: (y, out) => {
      t.inv(y, 0, out, 0, 1);
      return out;
    },
    applyComplex: (x, out) => {
      t.fwd(x, 0, out, 0, 2);
      t.fwd(x, 1, out, 1, 2);
      return out;
    },
    adjointComplex: (y, out) => {
      t.inv(y, 0, out, 0, 2);
      t.inv(y, 1, out, 1, 2);
      return out;
    },
    normal: copy,
    normalComplex: copy,
    cheapNormal: true,
  });
}

/** Orthonormal DCT-II of length n (real, unitary). */
export function dct1(n: number): LinearOperator {
  checkInt('dct1', 'size n', n, 1);
  return unitary(`DCT1(${n})`, [n], strided1(n));
}

/** Orthonormal 2-D DCT-II of row-major ny x nx arrays (real, unitary). */
export function dct2(ny: number, nx: number): LinearOperator {
  checkInt('dct2', 'rows ny', ny, 1);
  checkInt('dct2', 'columns nx', nx, 1);
  return unitary(`DCT2(${ny}x${nx})`, [ny, nx], strided2(ny, nx));
}

/** S C: the coefficients `idx` of a real orthonormal transform of n entries (complex data: part by part, by defineOperator). */
function sampled(name: string, domain: number[], n: number, t: Strided, idx: Int32Array): LinearOperator {
  const m = idx.length;
  const s = new Float64Array(n);
  const keep = new Uint8Array(n);
  for (let i = 0; i < m; i++) keep[idx[i]] = 1;
  const normal: Kernel = (x, out) => {
    t.fwd(x, 0, s, 0, 1);
    for (let j = 0; j < n; j++) if (!keep[j]) s[j] = 0;
    t.inv(s, 0, out, 0, 1);
    return out;
  };
  return defineOperator({
    name,
    domain,
    range: [m],
    field: 'real',
    structure: m === n ? 'unitary' : 'coisometry',
    apply: (x, out) => {
      t.fwd(x, 0, s, 0, 1);
      for (let i = 0; i < m; i++) out[i] = s[idx[i]];
      return out;
    },
    adjoint: (y, out) => {
      s.fill(0);
      for (let i = 0; i < m; i++) s[idx[i]] = y[i];
      t.inv(s, 0, out, 0, 1);
      return out;
    },
    normal,
    cheapNormal: true,
  });
}

/**
 * Partial orthonormal DCT-II: the coefficients `rows` (0/1 mask of length n or distinct indices)
 * in increasing order. Co-isometry; normal C^T M C.
 */
export function partialDct1(n: number, rows: ArrayLike<number>): LinearOperator {
  checkInt('partialDct1', 'size n', n, 1);
  const idx = indexList('partialDct1', 'rows', rows, n);
  return sampled(`PartialDCT1(${idx.length} of ${n})`, [n], n, strided1(n), idx);
}

/**
 * Partial orthonormal 2-D DCT-II: the coefficients where `mask` (Uint8Array of ny nx, row-major,
 * or flat indices) is set, in row-major order. Co-isometry; normal C^T M C.
 */
export function partialDct2(ny: number, nx: number, mask: ArrayLike<number>): LinearOperator {
  checkInt('partialDct2', 'rows ny', ny, 1);
  checkInt('partialDct2', 'columns nx', nx, 1);
  const idx = indexList('partialDct2', 'sampling', mask, ny * nx);
  return sampled(
    `PartialDCT2(${ny}x${nx}, ${idx.length} of ${ny * nx})`,
    [ny, nx],
    ny * nx,
    strided2(ny, nx),
    idx,
  );
}
