/**
 * Coherence-based guarantees (THEORY.md section 4), by the dense route: the columns of A are
 * gathered (./columns.ts), scaled to unit norm, and their inner products computed pairwise.
 *
 * - Mutual coherence mu = max_{i != j} |<a_i, a_j>| (unit columns; complex: |a_i^H a_j|).
 * - Welch bound (n > m): mu >= sqrt((n - m)/(m (n - 1))), equality iff an equiangular tight frame
 *   (Welch 1974; Strohmer & Heath 2003).
 * - Babel function mu_1(p) = max_{|L| = p} max_{j not in L} sum_{i in L} |<a_i, a_j>| (Tropp 2004):
 *   sort each column of |Gram| (diagonal removed) descending, prefix sums, max over columns.
 * - Spark lower bounds: spark >= 1 + 1/mu (Donoho & Elad 2003), spark >= min{p : mu_1(p - 1) >= 1}
 *   (Gershgorin), and spark >= 2/mu for two orthobases [Phi, Psi] (Donoho & Huo 2001; Elad &
 *   Bruckstein 2002).
 * - Guarantees: OMP and BP recover every k-sparse x if k < (1 + 1/mu)/2 (Donoho & Elad 2003;
 *   Gribonval & Nielsen 2003; Tropp 2004) or mu_1(k - 1) + mu_1(k) < 1 (Tropp 2004); two
 *   orthobases, BP: k < (sqrt2 - 1/2)/mu (Elad & Bruckstein 2002); with noise ||e|| <= eps,
 *   k < (1 + 1/mu)/4 gives ||x^ - x0||^2 <= 4 eps^2/(1 - mu(4k - 1)) for BPDN (Donoho, Elad &
 *   Temlyakov 2006).
 *
 * Cost: mu alone takes n^2 m / 2 multiply-adds and O(n) memory beyond the columns; the Babel
 * function stores the n x n |Gram| (n <= {@link MAX_BABEL_COLUMNS}). For partial Fourier and DCT
 * masks use the fast routes in ./psf.ts and ./dct-coherence.ts.
 *
 * @example
 * import { coherenceReport } from './coherence.ts';
 * // A = [I_2, H_2/sqrt2]: mu = 1/sqrt2, Welch bound 1/sqrt3
 * const s = Math.SQRT1_2;
 * const r = coherenceReport({ rows: 2, cols: 4, data: Float64Array.of(1, 0, s, s, 0, 1, s, -s) });
 * r.coherence;              // 0.7071067811865476
 * r.guarantees.kCoherence;  // 1
 */
import { CandorError, checkInt } from '../core/errors.ts';
import type { OperatorInput } from '../linops/types.ts';
import { absInnerProducts, type ColumnSet, dropColumns, gatherColumns, normalizedColumns, zeroColumns } from './columns.ts';

/** Largest n for which the Babel function (n x n |Gram| in memory) is computed. */
export const MAX_BABEL_COLUMNS = 8192;

/**
 * The mutual coherence mu = max_{i != j} |<a_i, a_j>| / (||a_i|| ||a_j||) of a matrix's columns
 * ({@link mutualCoherence}), with a pair attaining it and the Welch bound for comparison.
 */
export interface CoherenceResult {
  /** max_{i != j} |<a_i, a_j>| / (||a_i|| ||a_j||). */
  coherence: number;
  /** A pair (i, j), i < j, attaining it. */
  pair: [number, number];
  m: number;
  n: number;
  complex: boolean;
  /** Welch lower bound for these (m, n) (0 when n <= m). */
  welch: number;
  /** Column norms before normalisation. */
  columnNorms: Float64Array;
  /** All-zero columns, left out of mu (only with `skipZeroColumns`; otherwise they are an error). */
  zeroColumns: number[];
}

/**
 * Welch bound sqrt((n - m)/(m (n - 1))) on the coherence of n unit vectors in dimension m (n > m;
 * 0 otherwise).
 * @example welchBound(16, 32); // 0.1796053020267749
 */
export function welchBound(m: number, n: number): number {
  checkInt('welchBound', 'm', m, 1);
  checkInt('welchBound', 'n', n, 1);
  if (n <= m) return 0;
  return Math.sqrt((n - m) / (m * (n - 1)));
}

function coherenceOf(C: ColumnSet): { mu: number; pair: [number, number] } {
  const buf = new Float64Array(C.n);
  let mu = 0;
  let pair: [number, number] = [0, Math.min(1, C.n - 1)];
  for (let j = 0; j + 1 < C.n; j++) {
    absInnerProducts(C, j, j + 1, buf);
    const len = C.n - j - 1;
    for (let t = 0; t < len; t++) {
      if (buf[t] > mu) {
        mu = buf[t];
        pair = [j, j + 1 + t];
      }
    }
  }
  return { mu, pair };
}

/**
 * Mutual coherence of A (dense or operator, real or complex; columns normalised), by the dense
 * route. A needs at least two columns. An all-zero column has no direction, so coherence is
 * undefined for it: an error, unless `skipZeroColumns` (mu over the other columns; they are listed
 * in `zeroColumns`).
 * @example mutualCoherence({ rows: 2, cols: 3, data: Float64Array.of(1, 0, 1, 0, 1, 1) }).coherence; // 0.7071067811865475
 */
export function mutualCoherence(A: OperatorInput, opts: { skipZeroColumns?: boolean } = {}): CoherenceResult {
  const where = 'mutualCoherence';
  const raw = gatherColumns(where, A);
  if (raw.n < 2) throw new CandorError(where, 'A columns', 'at least 2', String(raw.n));
  const zeros = opts.skipZeroColumns ? zeroColumns(raw) : [];
  const { cols: seen, kept } = zeros.length ? dropColumns(raw, zeros) : { cols: raw, kept: null };
  if (seen.n < 2) throw new CandorError(where, 'A columns', 'at least 2 nonzero columns', `${seen.n} (columns ${zeros.join(', ')} are all zeros)`);
  const { cols, norms: seenNorms } = normalizedColumns(where, seen);
  const { mu, pair: p } = coherenceOf(cols);
  const pair: [number, number] = kept ? [kept[p[0]], kept[p[1]]] : p;
  let norms = seenNorms;
  if (kept) {
    norms = new Float64Array(raw.n);
    kept.forEach((j, t) => {
      norms[j] = seenNorms[t];
    });
  }
  return {
    zeroColumns: zeros,
    coherence: mu,
    pair,
    m: raw.m,
    n: raw.n,
    complex: raw.complex,
    welch: welchBound(raw.m, raw.n),
    columnNorms: norms,
  };
}

/** |Gram| of unit columns, n x n row-major, zero diagonal. */
function absGram(C: ColumnSet): Float64Array {
  const n = C.n;
  const G = new Float64Array(n * n);
  const buf = new Float64Array(n);
  for (let j = 0; j + 1 < n; j++) {
    absInnerProducts(C, j, j + 1, buf);
    for (let l = j + 1; l < n; l++) {
      const v = buf[l - j - 1];
      G[j * n + l] = v;
      G[l * n + j] = v;
    }
  }
  return G;
}

/** mu_1(1..pMax) from a zero-diagonal |Gram| (n x n). */
function babelFromGram(G: Float64Array, n: number, pMax: number): Float64Array {
  const out = new Float64Array(pMax);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let c = 0;
    for (let i = 0; i < n; i++) if (i !== j) col[c++] = G[j * n + i];
    const sorted = col.subarray(0, c).sort();
    let s = 0;
    for (let p = 1; p <= pMax; p++) {
      s += sorted[c - p];
      if (s > out[p - 1]) out[p - 1] = s;
    }
  }
  return out;
}

/**
 * Babel function mu_1(p) for p = 1 .. pMax (default min(n - 1, m)), unit columns.
 * @example babel(A, 6); // [mu_1(1), ..., mu_1(6)], mu_1(1) = mu
 */
export function babel(A: OperatorInput, pMax?: number): Float64Array {
  const where = 'babel';
  const raw = gatherColumns(where, A);
  const p = checkBabelSize(where, raw, pMax);
  const { cols } = normalizedColumns(where, raw);
  return babelFromGram(absGram(cols), raw.n, p);
}

function checkBabelSize(where: string, C: ColumnSet, pMax: number | undefined): number {
  if (C.n < 2) throw new CandorError(where, 'A columns', 'at least 2', String(C.n));
  if (C.n > MAX_BABEL_COLUMNS) {
    throw new CandorError(
      where,
      'A columns',
      `at most ${MAX_BABEL_COLUMNS} for the Babel function (n x n |Gram| in memory)`,
      String(C.n),
    );
  }
  return pMax === undefined ? Math.min(C.n - 1, C.m) : checkInt(where, 'pMax', pMax, 1, C.n - 1);
}

/** Largest integer k with k < bound (bound > 0); values within 1e-12 relative of an integer count as equal. */
export function largestBelow(bound: number): number {
  if (!(bound > 0)) return 0;
  if (bound === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  const r = Math.round(bound);
  if (Math.abs(bound - r) <= 1e-12 * bound) return r - 1;
  return Math.ceil(bound) - 1;
}

/** Smallest integer >= bound, with the same tolerance as {@link largestBelow}. */
function ceilTol(bound: number): number {
  if (bound === Number.POSITIVE_INFINITY) return bound;
  const r = Math.round(bound);
  if (Math.abs(bound - r) <= 1e-12 * bound) return r;
  return Math.ceil(bound);
}

/**
 * The sparsity levels that coherence (and the Babel function) guarantee for OMP, BP and BPDN
 * ({@link coherenceGuarantees}); each a largest k satisfying the stated inequality.
 */
export interface CoherenceGuarantees {
  /** Largest k with k < (1 + 1/mu)/2: OMP and BP recover every k-sparse x. */
  kCoherence: number;
  /** Largest k with mu_1(k - 1) + mu_1(k) < 1 (null without the Babel function). */
  kBabel: number | null;
  /** Two orthobases only: largest k < (sqrt2 - 1/2)/mu (BP); else null. */
  kTwoOrthobases: number | null;
  /** (sqrt2 - 1/2)/mu for two orthobases; else null. */
  twoOrthobasesBound: number | null;
  /**
   * Largest k < (1 + 1/mu)/4: BPDN is stable, ||x^ - x0||^2 <= 4 eps^2/(1 - mu(4k - 1)). (OMP with
   * noise needs mu < 1/(2k - 1), the kCoherence range, and min|x0_S| >= 2 eps/(1 - (2k - 1) mu).)
   */
  kStable: number;
}

/**
 * The coherence guarantees for a coherence mu (and optionally the Babel function, and whether A
 * is a union of two orthonormal bases).
 * @example coherenceGuarantees(0.25).kCoherence; // 2
 */
export function coherenceGuarantees(
  mu: number,
  babelValues?: ArrayLike<number>,
  twoOrthobases = false,
): CoherenceGuarantees {
  if (typeof mu !== 'number' || !(mu >= 0 && mu <= 1 + 1e-12)) {
    throw new CandorError('coherenceGuarantees', 'mu', 'a coherence in [0, 1]', String(mu));
  }
  const inv = mu > 0 ? 1 / mu : Number.POSITIVE_INFINITY;
  let kBabel: number | null = null;
  if (babelValues) {
    kBabel = 0;
    const b = (p: number) => (p === 0 ? 0 : babelValues[p - 1]);
    for (let k = 1; k <= babelValues.length; k++) {
      if (b(k - 1) + b(k) < 1) kBabel = k;
      else break;
    }
  }
  const eb = twoOrthobases ? (Math.SQRT2 - 0.5) * inv : null;
  return {
    kCoherence: largestBelow((1 + inv) / 2),
    kBabel,
    kTwoOrthobases: eb === null ? null : largestBelow(eb),
    twoOrthobasesBound: eb,
    kStable: largestBelow((1 + inv) / 4),
  };
}

/**
 * Lower bounds on the spark (the smallest number of linearly dependent columns) from the
 * coherence, the Babel function and, for two orthobases, 2/mu ({@link sparkLowerBounds}).
 */
export interface SparkBounds {
  /** 1 + 1/mu (Donoho & Elad 2003). */
  coherence: number;
  /** min{p : mu_1(p - 1) >= 1} (Gershgorin); when mu_1 < 1 on every computed p, pMax + 2 (still a lower bound). */
  babel: number | null;
  /** 2/mu for two orthobases, else null. */
  twoOrthobases: number | null;
  /** The best integer lower bound: ceil of the largest, capped at m + 1 (spark <= m + 1). */
  lower: number;
}

/**
 * Spark lower bounds from mu, the Babel function and the two-orthobases structure.
 * @example sparkLowerBounds(0.25, 16, [0.25, 0.5, 0.75, 1], true).lower; // 8
 */
export function sparkLowerBounds(
  mu: number,
  m: number,
  babelValues?: ArrayLike<number>,
  twoOrthobases = false,
): SparkBounds {
  const inv = mu > 0 ? 1 / mu : Number.POSITIVE_INFINITY;
  let fromBabel: number | null = null;
  if (babelValues) {
    fromBabel = babelValues.length + 2;
    for (let p = 2; p <= babelValues.length + 1; p++) {
      if (babelValues[p - 2] >= 1) {
        fromBabel = p;
        break;
      }
    }
  }
  const two = twoOrthobases ? 2 * inv : null;
  const best = Math.max(ceilTol(1 + inv), fromBabel ?? 0, two === null ? 0 : ceilTol(two));
  return { coherence: 1 + inv, babel: fromBabel, twoOrthobases: two, lower: Math.min(best, m + 1) };
}

/** True when A = [Phi, Psi] with n = 2m and both m x m halves orthonormal (to 1e-10). */
function isTwoOrthobases(C: ColumnSet, G: Float64Array, norms: Float64Array): boolean {
  const { m, n } = C;
  if (n !== 2 * m) return false;
  for (let j = 0; j < n; j++) if (Math.abs(norms[j] - 1) > 1e-10) return false;
  for (let h = 0; h < 2; h++) {
    for (let i = h * m; i < (h + 1) * m; i++) {
      for (let j = i + 1; j < (h + 1) * m; j++) if (G[i * n + j] > 1e-10) return false;
    }
  }
  return true;
}

/**
 * The full coherence report of {@link coherenceReport}: coherence, Babel function, spark bounds
 * and recovery guarantees.
 */
export interface CoherenceReport extends CoherenceResult {
  /** mu_1(1 .. pMax). */
  babel: Float64Array;
  spark: SparkBounds;
  guarantees: CoherenceGuarantees;
  /** A = [Phi, Psi], two orthonormal bases (detected: n = 2m, unit columns, orthonormal halves). */
  twoOrthobases: boolean;
}

/**
 * Everything section 4 computes from the Gram matrix: coherence, Welch bound, Babel function,
 * spark lower bounds and the recovery guarantees (n <= MAX_BABEL_COLUMNS).
 */
export function coherenceReport(A: OperatorInput, opts: { pMax?: number } = {}): CoherenceReport {
  const where = 'coherenceReport';
  const raw = gatherColumns(where, A);
  const pMax = checkBabelSize(where, raw, opts.pMax);
  const { cols, norms } = normalizedColumns(where, raw);
  const G = absGram(cols);
  let mu = 0;
  let pair: [number, number] = [0, 1];
  for (let i = 0; i < raw.n; i++) {
    for (let j = i + 1; j < raw.n; j++) {
      if (G[i * raw.n + j] > mu) {
        mu = G[i * raw.n + j];
        pair = [i, j];
      }
    }
  }
  const b = babelFromGram(G, raw.n, pMax);
  const two = isTwoOrthobases(raw, G, norms);
  return {
    zeroColumns: [],
    coherence: mu,
    pair,
    m: raw.m,
    n: raw.n,
    complex: raw.complex,
    welch: welchBound(raw.m, raw.n),
    columnNorms: norms,
    babel: b,
    spark: sparkLowerBounds(mu, raw.m, b, two),
    guarantees: coherenceGuarantees(Math.min(mu, 1), b, two),
    twoOrthobases: two,
  };
}
