/**
 * Sampling on top of the generator: random permutations, subsets (sampling without replacement)
 * and random k-sparse vectors, the test signals of compressed sensing.
 *
 * - permutation: Fisher-Yates (Durstenfeld, CACM 7(7), 1964): p = identity, then for i = n-1 down
 *   to 1 swap p[i] with p[int(i + 1)].
 * - subsets: Floyd's algorithm (Bentley & Floyd, "A sample of brilliance", CACM 30(9), 1987):
 *   for j = n-k .. n-1 draw t = int(j + 1) and insert t, or j when t is already in the set. Every
 *   k-subset is equally likely; it takes k draws and O(k) memory (an open-addressing hash set)
 *   when k << n, or an n-byte flag array when k is a sizeable fraction of n. Both give the same
 *   subset for the same stream (the algorithm depends only on membership answers).
 *
 * @example
 * import { createRng } from './index.ts';
 * const rng = createRng(1);
 * rng.sampleWithoutReplacement(100, 5, new Int32Array(5));   // 5 distinct sorted indices in [0, 100)
 * rng.sparseVector(8, 2, 'signed', new Float64Array(8));     // two entries +-1, the rest 0
 */
import { CandorError, checkInt, describe } from '../errors.ts';
import type { Rng } from './rng.ts';

/** Amplitude models of {@link Rng.sparseVector}. */
export type SparseModel = 'signed' | 'gaussian' | 'nonneg' | 'nonneg-gaussian';
/** The amplitude models of {@link SparseModel}, in order. */
export const SPARSE_MODELS: readonly SparseModel[] = Object.freeze(['signed', 'gaussian', 'nonneg', 'nonneg-gaussian']);

const MAX_N = 2147483647;

/** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
export function permutation(rng: Rng, n: number): Int32Array {
  checkInt('permutation', 'n', n, 0, MAX_N);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.intUnchecked(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * k distinct indices drawn uniformly from [0, n), written sorted ascending into out[0..k-1]
 * (out.length >= k); returns out.
 */
export function sampleWithoutReplacement(rng: Rng, n: number, k: number, out: Int32Array): Int32Array {
  const where = 'sampleWithoutReplacement';
  checkInt(where, 'n', n, 0, MAX_N);
  checkInt(where, 'k', k, 0, n);
  if (!(out instanceof Int32Array)) throw new CandorError(where, 'out', `an Int32Array of length >= ${k}`, describe(out));
  if (out.length < k) throw new CandorError(where, 'out length', `at least k = ${k}`, String(out.length));
  if (k === 0) return out;
  if (n <= 32 * k) {
    const flag = new Uint8Array(n);
    for (let j = n - k; j < n; j++) {
      const t = rng.intUnchecked(j + 1);
      if (flag[t]) flag[j] = 1;
      else flag[t] = 1;
    }
    for (let i = 0, c = 0; c < k; i++) if (flag[i]) out[c++] = i;
    return out;
  }
  // open-addressing set of size 2^b >= 2k, keys stored as index + 1 (0 = empty)
  let bits = 1;
  while (1 << bits < 2 * k) bits++;
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  const table = new Int32Array(1 << bits);
  const insert = (v: number): boolean => {
    let h = Math.imul(v, 0x9e3779b1) >>> shift;
    for (;;) {
      const e = table[h];
      if (e === 0) {
        table[h] = v + 1;
        return true;
      }
      if (e === v + 1) return false;
      h = (h + 1) & mask;
    }
  };
  let c = 0;
  for (let j = n - k; j < n; j++) {
    const t = rng.intUnchecked(j + 1);
    if (insert(t)) out[c++] = t;
    else {
      insert(j);
      out[c++] = j;
    }
  }
  out.subarray(0, k).sort();
  return out;
}

/**
 * A random k-sparse vector of length n in `out` (zeroed first): a uniformly random support of size
 * k (sampleWithoutReplacement, written to `supportOut` when given, sorted ascending), then the k
 * amplitudes in support order:
 * - 'signed': +-1 (fillRademacher), 'gaussian': N(0, 1) (fillNormal),
 * - 'nonneg': +1 (no draws), 'nonneg-gaussian': |N(0, 1)|.
 */
export function sparseVector(
  rng: Rng,
  n: number,
  k: number,
  model: SparseModel,
  out: Float64Array,
  supportOut?: Int32Array,
): Float64Array {
  const where = 'sparseVector';
  checkInt(where, 'n', n, 0, MAX_N);
  checkInt(where, 'k', k, 0, n);
  if (!SPARSE_MODELS.includes(model)) {
    throw new CandorError(where, 'model', `one of ${SPARSE_MODELS.map((m) => `'${m}'`).join(', ')}`, describe(model));
  }
  if (!(out instanceof Float64Array)) throw new CandorError(where, 'out', `a Float64Array of length ${n}`, describe(out));
  if (out.length !== n) throw new CandorError(where, 'out length', String(n), String(out.length));
  if (supportOut !== undefined) {
    if (!(supportOut instanceof Int32Array)) {
      throw new CandorError(where, 'supportOut', `an Int32Array of length >= ${k}`, describe(supportOut));
    }
    if (supportOut.length < k) throw new CandorError(where, 'supportOut length', `at least k = ${k}`, String(supportOut.length));
  }
  const supp = sampleWithoutReplacement(rng, n, k, supportOut ?? new Int32Array(k));
  const vals = new Float64Array(k);
  if (model === 'signed') rng.fillRademacher(vals);
  else if (model === 'nonneg') vals.fill(1);
  else {
    rng.fillNormal(vals);
    if (model === 'nonneg-gaussian') for (let j = 0; j < k; j++) vals[j] = Math.abs(vals[j]);
  }
  out.fill(0);
  for (let j = 0; j < k; j++) out[supp[j]] = vals[j];
  return out;
}
