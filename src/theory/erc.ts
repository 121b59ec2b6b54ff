/**
 * Tropp's Exact Recovery Condition for a support S (THEORY.md section 4; Tropp, "Greed is good",
 * IEEE Trans. IT 2004):
 *
 *     ERC(S) = max_{j not in S} ||A_S^+ a_j||_1 < 1
 *
 * implies that OMP (|S| steps) and BP recover every x supported on S. ERC is exactly the condition
 * for OMP's first step over all signals on S (ERC > 1: a wrong first pick for some signal); for BP
 * it is only sufficient. It is also the largest least-norm certificate value over all sign
 * patterns on S (./certificate.ts), and ERC(S) <= mu_1(k)/(1 - mu_1(k - 1)) when mu_1(k - 1) < 1.
 * A is used as given (real); the OMP statement assumes unit-norm columns.
 *
 * Cost: one QR of A_S (m k^2) and n - k solves (m k each).
 *
 * @example
 * import { exactRecoveryCondition } from './erc.ts';
 * const A = { rows: 2, cols: 3, data: Float64Array.of(1, 0, 0.6, 0, 1, 0.8) };
 * exactRecoveryCondition(A, [0]).erc;   // 0.6 (A_S^+ a_1 = 0, A_S^+ a_2 = 0.6)
 */
import { CandorError } from '../core/errors.ts';
import type { OperatorInput } from '../solvers/problem.ts';
import { type ColumnSet, gatherColumns } from '../predict/columns.ts';
import { checkSupport } from './support.ts';
import { factorSupport, pinvApply, RANK_TOL, type SupportFactor } from './support-factor.ts';

/**
 * Tropp's exact recovery condition ERC(S) = max_{j not in S} ||A_S^+ a_j||_1 < 1
 * ({@link exactRecoveryCondition}): OMP and BP then recover every x supported on S.
 */
export interface ErcResult {
  /** max_{j not in S} ||A_S^+ a_j||_1 (0 when S holds every column). */
  erc: number;
  /** The column attaining it (-1 when S holds every column). */
  worstColumn: number;
  /** ERC(S) < 1: OMP and BP recover every x supported on S. */
  holds: boolean;
  support: Int32Array;
  sigmaMin: number;
  /** Tropp's bound mu_1(k)/(1 - mu_1(k - 1)) when Babel values were given and mu_1(k - 1) < 1, else null. */
  babelBound: number | null;
}

/** ERC from a ready factorisation (full rank) of A_S. */
export function ercFromFactor(C: ColumnSet, f: SupportFactor): { erc: number; worst: number } {
  const inS = new Uint8Array(C.n);
  for (const j of f.S) inS[j] = 1;
  const z = new Float64Array(f.k);
  let erc = 0;
  let worst = -1;
  for (let j = 0; j < C.n; j++) {
    if (inS[j]) continue;
    pinvApply(f, C.data, z, j * C.m);
    let s = 0;
    for (let t = 0; t < f.k; t++) s += Math.abs(z[t]);
    if (worst < 0 || s > erc) {
      erc = s;
      worst = j;
    }
  }
  return { erc, worst };
}

/**
 * ERC(S) for a real A (dense or operator). `babelValues` (mu_1(1..)) adds Tropp's upper bound.
 * Throws when |S| > m or A_S is rank deficient (ERC needs A_S^+ on an injective A_S).
 */
export function exactRecoveryCondition(
  A: OperatorInput,
  support: ArrayLike<number>,
  opts: { babelValues?: ArrayLike<number>; rankTol?: number } = {},
): ErcResult {
  const where = 'exactRecoveryCondition';
  const C = gatherColumns(where, A, { realOnly: true });
  const S = checkSupport(where, support, C.n);
  if (S.length > C.m)
    throw new CandorError(where, 'support size', `at most m = ${C.m} (A_S injective)`, String(S.length));
  const f = factorSupport(C, S, opts.rankTol ?? RANK_TOL);
  if (!f.fullRank) {
    throw new CandorError(
      where,
      'A_S',
      'full column rank',
      `sigma_min = ${f.sigmaMin.toExponential(3)} (cond > 1e10)`,
      'numerical',
    );
  }
  const { erc, worst } = ercFromFactor(C, f);
  let babelBound: number | null = null;
  const b = opts.babelValues;
  const k = S.length;
  if (b && b.length >= k) {
    const prev = k >= 2 ? b[k - 2] : 0;
    if (prev < 1) babelBound = b[k - 1] / (1 - prev);
  }
  return { erc, worstColumn: worst, holds: erc < 1, support: S, sigmaMin: f.sigmaMin, babelBound };
}
