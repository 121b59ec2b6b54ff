/**
 * Drawing a measurement operator of a catalogue ensemble (./catalogue.ts) from a seeded generator,
 * as phase-transition trials do. Every drawn ensemble is normalised so that E ||a_j||^2 = 1 for
 * its columns (BP is invariant to this scaling; greedy and AMP solvers expect it):
 *
 * - gaussian:             i.i.d. N(0, 1/m)
 * - rademacher:           i.i.d. +-1/sqrt(m)
 * - partial-dct:          m distinct random rows of the orthonormal DCT-II, times sqrt(n/m)
 * - partial-real-fourier: m distinct random rows of the real orthonormal Fourier basis, times sqrt(n/m)
 * - partial-fourier:      m distinct random rows of the unitary DFT, times sqrt(n/m) (complex)
 * - partial-hadamard:     m distinct random rows of the Sylvester Hadamard matrix / sqrt(m) (n = 2^p)
 *
 * Two forms of the same draw (the generator is consumed identically): `dense` (an explicit
 * row-major matrix, rows in draw order; real ensembles) and `operator`, the fast transform of a row
 * subset (rows in increasing order, so its measurements are a permutation of the dense form's),
 * which needs O(n) memory instead of m n and runs matrix-free solvers at any n.
 *
 * Universality (Donoho & Tanner 2009b): with random supports and signs all of these show the
 * Gaussian weak threshold within experimental resolution; THEORY.md section 7 lists the exceptions.
 *
 * @example
 * import { createRng } from '../core/rng/index.ts';
 * import { sampleMatrix, drawOperator } from './draw.ts';
 * const A = sampleMatrix('partial-dct', 20, 64, createRng(1, 0, 0));        // 20 x 64 dense
 * const B = drawOperator('partial-dct', 20, 64, createRng(1, 0, 0), 'operator'); // the same rows, fast
 */
import { type Matrix, matrix } from '../core/dense/matrix.ts';
import { CandorError } from '../core/errors.ts';
import type { Rng } from '../core/rng/index.ts';
import { gaussianMatrix, rademacherMatrix } from './matrix.ts';
import { ensembleEntry, DRAWABLE_ENSEMBLES } from './catalogue.ts';
import { scale as scaleOp } from './combinators.ts';
import { partialDct1 } from './dct.ts';
import { partialDft1 } from './fourier.ts';
import { partialRealFourier } from './fourier-real.ts';
import { partialHadamard } from './hadamard.ts';
import { matrixOperator } from './matrix.ts';
import type { LinearOperator } from './types.ts';

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
export function sampleMatrix(ensemble: string, m: number, n: number, rng: Rng, out?: Float64Array): Matrix {
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
    case 'partial-real-fourier': {
      const four = (r: number, t: number) => realFourierEntry(r, t, n);
      return rowSubset('partial-real-fourier', m, n, rng, four, Math.sqrt(n / m), basisTable('fourier', n, four), out);
    }
    case 'partial-hadamard': {
      checkHadamardSize(n);
      return rowSubset('partial-hadamard', m, n, rng, hadamardEntry, 1 / Math.sqrt(m), null, out);
    }
    case 'partial-fourier':
      throw new CandorError('sampleMatrix', 'ensemble', 'a real ensemble for a dense matrix (partial-fourier is complex: draw it with drawOperator)', '"partial-fourier"');
    default:
      throw new CandorError('sampleMatrix', 'ensemble', `one of ${DRAWABLE_ENSEMBLES.join(', ')}`, JSON.stringify(ensemble));
  }
}

function checkHadamardSize(n: number): void {
  if ((n & (n - 1)) !== 0) {
    const lo = 2 ** Math.floor(Math.log2(n));
    throw new CandorError('partial-hadamard ensemble', 'n', `a power of two (for example ${lo} or ${2 * lo})`, String(n), 'usage');
  }
}

/** How a drawn ensemble is held: an explicit matrix, or a fast transform of a row subset. */
export type DrawForm = 'dense' | 'operator';

/**
 * A drawn operator of the ensemble, normalised as the file comment says. `dense` gives a
 * matrixOperator (its `dense` field the matrix, written into `out` when given); `operator` the
 * fast transform for row subsets (random matrices are always dense). Both consume the generator
 * identically.
 */
export function drawOperator(ensemble: string, m: number, n: number, rng: Rng, form: DrawForm, out?: Float64Array): LinearOperator {
  const e = ensembleEntry(ensemble, 'drawOperator', 'ensemble', DRAWABLE_ENSEMBLES);
  if (e.kind === 'random-matrix' || (form === 'dense' && e.field === 'real')) {
    return matrixOperator(sampleMatrix(ensemble, m, n, rng, out), `${ensemble}(${m}x${n})`);
  }
  if (m > n) throw new CandorError(ensemble, 'm', `at most n = ${n} rows (a row subset)`, String(m));
  if (e.pow2) checkHadamardSize(n);
  const rows = rng.sampleWithoutReplacement(n, m, new Int32Array(m));
  const s = Math.sqrt(n / m);
  switch (ensemble) {
    case 'partial-dct':
      return scaleOp(s, partialDct1(n, rows));
    case 'partial-real-fourier':
      return scaleOp(s, partialRealFourier(n, rows));
    case 'partial-fourier':
      return scaleOp(s, partialDft1(n, rows));
    default:
      return scaleOp(s, partialHadamard(n, rows));
  }
}
