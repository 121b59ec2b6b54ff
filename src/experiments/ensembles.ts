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

function rowSubset(where: string, m: number, n: number, rng: Rng, entry: (r: number, t: number) => number, scale: number): Matrix {
  if (m > n) throw new CandorError(where, 'm', `at most n = ${n} rows (a row subset)`, String(m));
  const rows = rng.sampleWithoutReplacement(n, m, new Int32Array(m));
  const M = matrix(m, n);
  for (let i = 0; i < m; i++) for (let t = 0; t < n; t++) M.data[i * n + t] = scale * entry(rows[i], t);
  return M;
}

/** An m x n matrix of the given ensemble from `rng` (the first draws of the trial's stream). */
export function sampleMatrix(ensemble: Ensemble, m: number, n: number, rng: Rng): Matrix {
  switch (ensemble) {
    case 'gaussian':
      return gaussianMatrix(m, n, rng);
    case 'rademacher':
      return rademacherMatrix(m, n, rng);
    case 'partial-dct':
      return rowSubset('partial-dct', m, n, rng, (r, t) => dctEntry(r, t, n), Math.sqrt(n / m));
    case 'partial-fourier':
      return rowSubset('partial-fourier', m, n, rng, (r, t) => realFourierEntry(r, t, n), Math.sqrt(n / m));
    case 'hadamard': {
      if ((n & (n - 1)) !== 0) {
        const lo = 2 ** Math.floor(Math.log2(n));
        throw new CandorError('hadamard ensemble', 'n', `a power of two (for example ${lo} or ${2 * lo})`, String(n), 'usage');
      }
      return rowSubset('hadamard', m, n, rng, hadamardEntry, 1 / Math.sqrt(m));
    }
    default:
      throw new CandorError('sampleMatrix', 'ensemble', 'a known ensemble', String(ensemble));
  }
}
