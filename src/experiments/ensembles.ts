/**
 * Measurement matrices for phase-transition sweeps, drawn from a seeded generator. Every ensemble
 * is normalised so that E ||a_j||^2 = 1 for its columns (BP is invariant to this scaling; greedy
 * and AMP solvers expect it):
 *
 * - gaussian:        i.i.d. N(0, 1/m)
 * - rademacher:      i.i.d. +-1/sqrt(m)
 * - partial-dct:     m distinct random rows of the orthonormal DCT-II matrix, times sqrt(n/m)
 * - partial-fourier: m distinct random rows of the real orthonormal Fourier basis of R^n
 *                    (DC, sqrt2 cos(2 pi f t/n), sqrt2 sin(2 pi f t/n) for 0 < f < n/2, Nyquist
 *                    for even n), times sqrt(n/m): real signals, real measurements
 * - hadamard:        m distinct random rows of the Sylvester Hadamard matrix / sqrt(m) (n = 2^p)
 *
 * Universality (Donoho & Tanner 2009b): with random supports and signs all of these show the
 * Gaussian weak threshold within experimental resolution; THEORY.md section 7 lists the exceptions.
 *
 * @example
 * import { createRng } from '../core/rng/index.ts';
 * import { sampleMatrix } from './ensembles.ts';
 * const A = sampleMatrix('partial-dct', 20, 64, createRng(1, 0, 0));  // 20 x 64
 */
import { type Matrix, matrix } from '../core/dense/matrix.ts';
import { CandorError } from '../core/errors.ts';
import type { Rng } from '../core/rng/index.ts';
import { gaussianMatrix, rademacherMatrix } from '../linops/matrix.ts';
import type { Ensemble } from './spec.ts';

/** Row r (0 <= r < n) of the orthonormal DCT-II matrix, entry t. */
function dctEntry(r: number, t: number, n: number): number {
  const w = r === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
  return w * Math.cos((Math.PI * (2 * t + 1) * r) / (2 * n));
}

/** Row r of the real orthonormal Fourier basis (see the module comment), entry t. */
function realFourierEntry(r: number, t: number, n: number): number {
  if (r === 0) return 1 / Math.sqrt(n);
  const half = Math.floor((n - 1) / 2); // frequencies with both a cos and a sin row
  if (r <= half) return Math.sqrt(2 / n) * Math.cos((2 * Math.PI * r * t) / n);
  if (r <= 2 * half) return Math.sqrt(2 / n) * Math.sin((2 * Math.PI * (r - half) * t) / n);
  return (t % 2 === 0 ? 1 : -1) / Math.sqrt(n); // Nyquist row (n even)
}

function hadamardEntry(r: number, t: number): number {
  // Sylvester order: H[r][t] = (-1)^{popcount(r & t)}
  let v = r & t;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  const pc = (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 1;
  return pc ? -1 : 1;
}

/**
 * Tables of the orthonormal bases (entry (r, t) at r * n + t, computed by the same functions),
 * built once per thread and size: a sweep draws thousands of row subsets of the same basis, and
 * copying a row costs far less than its n cosines. Bases larger than MAX_TABLE entries are not
 * tabulated (their entries are computed per draw, with the same values).
 */
const tables = new Map<string, Float64Array>();
const MAX_TABLE = 1 << 20;

function basisTable(kind: string, n: number, entry: (r: number, t: number) => number): Float64Array | null {
  if (n * n > MAX_TABLE) return null;
  const key = `${kind}:${n}`;
  let T = tables.get(key);
  if (!T) {
    T = new Float64Array(n * n);
    for (let r = 0; r < n; r++) for (let t = 0; t < n; t++) T[r * n + t] = entry(r, t);
    if (tables.size >= 4) tables.clear();
    tables.set(key, T);
  }
  return T;
}

function rowSubset(
  where: string,
  m: number,
  n: number,
  rng: Rng,
  entry: (r: number, t: number) => number,
  scale: number,
  table: Float64Array | null,
  out?: Float64Array,
): Matrix {
  if (m > n) throw new CandorError(where, 'm', `at most n = ${n} rows (a row subset)`, String(m));
  const rows = rng.sampleWithoutReplacement(n, m, new Int32Array(m));
  const M = matrix(m, n, out);
  const a = M.data;
  for (let i = 0; i < m; i++) {
    const o = i * n;
    if (table) {
      const or = rows[i] * n;
      for (let t = 0; t < n; t++) a[o + t] = scale * table[or + t];
    } else for (let t = 0; t < n; t++) a[o + t] = scale * entry(rows[i], t);
  }
  return M;
}

/**
 * An m x n matrix of the given ensemble from `rng` (the first draws of the trial's stream),
 * written into `out` (length m * n exactly) when given, else into a new matrix: the same values
 * either way.
 */
export function sampleMatrix(ensemble: Ensemble, m: number, n: number, rng: Rng, out?: Float64Array): Matrix {
  switch (ensemble) {
    case 'gaussian': {
      if (!out) return gaussianMatrix(m, n, rng);
      // as gaussianMatrix: i.i.d. N(0, 1/m)
      rng.fillNormal(matrix(m, n, out).data, 0, 1 / Math.sqrt(m));
      return matrix(m, n, out);
    }
    case 'rademacher': {
      if (!out) return rademacherMatrix(m, n, rng);
      // as rademacherMatrix: +-1 scaled by 1/sqrt(m)
      rng.fillRademacher(matrix(m, n, out).data);
      const s = 1 / Math.sqrt(m);
      for (let i = 0; i < out.length; i++) out[i] *= s;
      return matrix(m, n, out);
    }
    case 'partial-dct': {
      const dct = (r: number, t: number) => dctEntry(r, t, n);
      return rowSubset('partial-dct', m, n, rng, dct, Math.sqrt(n / m), basisTable('dct', n, dct), out);
    }
    case 'partial-fourier': {
      const four = (r: number, t: number) => realFourierEntry(r, t, n);
      return rowSubset('partial-fourier', m, n, rng, four, Math.sqrt(n / m), basisTable('fourier', n, four), out);
    }
    case 'hadamard': {
      if ((n & (n - 1)) !== 0) {
        const lo = 2 ** Math.floor(Math.log2(n));
        throw new CandorError('hadamard ensemble', 'n', `a power of two (for example ${lo} or ${2 * lo})`, String(n), 'usage');
      }
      return rowSubset('hadamard', m, n, rng, hadamardEntry, 1 / Math.sqrt(m), null, out);
    }
    default:
      throw new CandorError('sampleMatrix', 'ensemble', 'a known ensemble', String(ensemble));
  }
}
