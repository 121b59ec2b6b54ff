/**
 * Walsh-Hadamard operators (real field; they act on complex data part by part):
 *
 * - `hadamard(n)`: W = H_n / sqrt(n) in natural (Sylvester) order, n a power of two; symmetric
 *   and orthogonal, so W^T = W^{-1} = W (unitary, cheap normal = copy). O(n log n).
 * - `partialHadamard(n, rows)`: S W, the listed rows in increasing order (the subsampled
 *   Walsh-Hadamard measurement operator of compressed sensing / single-pixel imaging); a
 *   co-isometry with normal W M W, every product O(n log n).
 *
 * Row k of W is row k of scipy.linalg.hadamard(n) / sqrt(n).
 *
 * Reference: ../core/fft/wht.ts (Shanks 1969); PyLops `Hadamard`-style subsampling.
 *
 * @example
 * import { hadamard, partialHadamard } from './hadamard.ts';
 * hadamard(4).apply(Float64Array.of(1, 1, 1, 1), new Float64Array(4)); // [2, 0, 0, 0]
 * partialHadamard(8, [0, 3, 5]).rows; // 3
 */
import { checkPow2, whtKernel } from '../core/fft/wht.ts';
import { indexList } from './basic.ts';
import { defineOperator, type Kernel } from './define.ts';
import type { LinearOperator } from './types.ts';

const copy: Kernel = (x, out) => {
  out.set(x);
  return out;
};

/** Orthonormal Walsh-Hadamard transform of length n (a power of two): unitary and symmetric. */
export function hadamard(n: number): LinearOperator {
  checkPow2('hadamard', 'size n', n);
  const w: Kernel = (x, out) => {
    out.set(x);
    whtKernel(out, 0, n);
    return out;
  };
  return defineOperator({
    name: `Hadamard(${n})`,
    domain: [n],
    range: [n],
    field: 'real',
    structure: 'unitary',
    apply: w,
    adjoint: w,
    normal: copy,
    normalComplex: copy,
    cheapNormal: true,
  });
}

/**
 * Subsampled orthonormal Walsh-Hadamard transform: rows `rows` (0/1 mask of length n or distinct
 * indices) of H_n / sqrt(n), in increasing order. n a power of two. Co-isometry; normal W M W.
 */
export function partialHadamard(n: number, rows: ArrayLike<number>): LinearOperator {
  checkPow2('partialHadamard', 'size n', n);
  const idx = indexList('partialHadamard', 'rows', rows, n);
  const m = idx.length;
  const s = new Float64Array(n);
  const keep = new Uint8Array(n);
  for (let i = 0; i < m; i++) keep[idx[i]] = 1;
  return defineOperator({
    name: `PartialHadamard(${m} of ${n})`,
    domain: [n],
    range: [m],
    field: 'real',
    structure: m === n ? 'unitary' : 'coisometry',
    apply: (x, out) => {
      s.set(x);
      whtKernel(s, 0, n);
      for (let i = 0; i < m; i++) out[i] = s[idx[i]];
      return out;
    },
    adjoint: (y, out) => {
      out.fill(0);
      for (let i = 0; i < m; i++) out[idx[i]] = y[i];
      whtKernel(out, 0, n);
      return out;
    },
    normal: (x, out) => {
      out.set(x);
      whtKernel(out, 0, n);
      for (let j = 0; j < n; j++) if (!keep[j]) out[j] = 0;
      whtKernel(out, 0, n);
      return out;
    },
    cheapNormal: true,
  });
}
