/**
 * The optimal dual certificate of basis pursuit at a support S with signs s (THEORY.md section 5,
 * item 2), as a linear program over (v, t) solved by HiGHS:
 *
 *     theta* = min t   s.t.  A_S^T v = s,   -t <= a_j^T v <= t   (j not in S)
 *
 * (nonnegative BP: A_S^T v = 1 and a_j^T v <= t, one-sided). Unique recovery of every x on S with
 * these signs holds iff A_S has full column rank and theta* < 1 (Fuchs 2004; Zhang, Yin & Cheng
 * 2015; Foucart & Rauhut 2013, ch. 4).
 *
 * Polishing. HiGHS returns a vertex within its feasibility tolerance (1e-7). At a nondegenerate
 * vertex exactly m + 1 - k off-support constraints are active; the square system
 * {A_S^T v = s, a_j^T v = sigma_j t (j active)} is then re-solved by QR, which gives (v, t) to
 * rounding. Otherwise v is projected onto {A_S^T v = s} (v += Q R^{-T}(s - A_S^T v)). Either way
 * the reported theta = max_{j not in S} |a_j^T v| is recomputed from v in double precision, so it is
 * the value of an actual certificate, not a solver's claim.
 *
 * Needs `await initHighs()` (../solvers/highs-runtime.ts) before the first call.
 *
 * @example
 * import { initHighs } from '../solvers/highs-runtime.ts';
 * await initHighs();
 * // see bpCertificate in ./certificate.ts, which calls lpCertificate when the least-norm test fails
 */
import type { ModelData } from 'highs';
import { lstsq } from '../core/dense/qr.ts';
import { CandorError } from '../core/errors.ts';
import { highsStatusName, withHighsModel } from '../solvers/highs-runtime.ts';
import type { ColumnSet } from '../predict/columns.ts';
import { adjointColumns, leastNormDual, type SupportFactor } from './support-factor.ts';

/**
 * The optimal dual certificate theta* = min max_{j not in S} |a_j^T v| s.t. A_S^T v = s, by LP with
 * HiGHS and polished ({@link lpCertificate}); theta is recomputed from v in double precision.
 */
export interface LpCertificate {
  /** max_{j not in S} |a_j^T v| (nonneg: max a_j^T v) of the returned v. */
  theta: number;
  v: Float64Array;
  /** How (v, t) was polished: re-solved on the active set, or projected onto A_S^T v = s. */
  polish: 'active-set' | 'projection';
  /** max_i |a_i^T v - s_i| over the support. */
  equalityResidual: number;
  simplexIterations: number;
}

/** m n above which the certificate LP is solved by interior point (with crossover) first. */
const LARGE_LP = 200_000;

function offMax(g: Float64Array, inS: Uint8Array, oneSided: boolean): number {
  let t = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < g.length; j++) if (!inS[j]) t = Math.max(t, oneSided ? g[j] : Math.abs(g[j]));
  return t === Number.NEGATIVE_INFINITY ? 0 : t;
}

function eqResidual(g: Float64Array, S: Int32Array, s: ArrayLike<number>): number {
  let r = 0;
  for (let t = 0; t < S.length; t++) r = Math.max(r, Math.abs(g[S[t]] - s[t]));
  return r;
}

function buildModel(
  C: ColumnSet,
  S: Int32Array,
  s: ArrayLike<number>,
  off: Int32Array,
  oneSided: boolean,
): ModelData {
  const { m, data } = C;
  const k = S.length;
  const q = off.length;
  const perOff = oneSided ? 1 : 2;
  const numRows = k + perOff * q;
  const numCols = m + 1;
  const nnzV = numRows; // every v_i column is dense in the rows
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(m * nnzV + perOff * q);
  const values = new Float64Array(m * nnzV + perOff * q);
  let p = 0;
  for (let i = 0; i < m; i++) {
    starts[i] = p;
    for (let t = 0; t < k; t++) {
      indices[p] = t;
      values[p++] = data[S[t] * m + i];
    }
    for (let r = 0; r < q; r++) {
      const a = data[off[r] * m + i];
      for (let h = 0; h < perOff; h++) {
        indices[p] = k + perOff * r + h;
        values[p++] = a;
      }
    }
  }
  starts[m] = p;
  for (let r = 0; r < q; r++) {
    // row a: a_j^T v - t <= 0;  row b: a_j^T v + t >= 0
    indices[p] = k + perOff * r;
    values[p++] = -1;
    if (!oneSided) {
      indices[p] = k + perOff * r + 1;
      values[p++] = 1;
    }
  }
  starts[numCols] = p;
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  for (let t = 0; t < k; t++) rowLower[t] = rowUpper[t] = s[t];
  for (let r = 0; r < q; r++) {
    rowLower[k + perOff * r] = Number.NEGATIVE_INFINITY;
    rowUpper[k + perOff * r] = 0;
    if (!oneSided) {
      rowLower[k + perOff * r + 1] = 0;
      rowUpper[k + perOff * r + 1] = Number.POSITIVE_INFINITY;
    }
  }
  const colCost = new Float64Array(numCols);
  colCost[m] = 1;
  const colLower = new Float64Array(numCols).fill(Number.NEGATIVE_INFINITY);
  const colUpper = new Float64Array(numCols).fill(Number.POSITIVE_INFINITY);
  // t >= 0 for |.|; for the one-sided (nonneg) problem t may be negative
  if (!oneSided) colLower[m] = 0;
  return {
    numCols,
    numRows,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows, numCols, starts, indices, values },
  };
}

/** Re-solves the active-set system; returns v or null when the active set is not a clean vertex. */
function activeSetPolish(
  C: ColumnSet,
  S: Int32Array,
  s: ArrayLike<number>,
  g: Float64Array,
  inS: Uint8Array,
  t: number,
  oneSided: boolean,
): Float64Array | null {
  const { m, n, data } = C;
  const k = S.length;
  const tol = 1e-7 * Math.max(1, Math.abs(t));
  const active: number[] = [];
  const sg: number[] = [];
  for (let j = 0; j < n; j++) {
    if (inS[j]) continue;
    const val = oneSided ? g[j] : Math.abs(g[j]);
    if (val >= t - tol) {
      active.push(j);
      sg.push(oneSided ? 1 : Math.sign(g[j]) || 1);
    }
  }
  if (active.length !== m + 1 - k) return null;
  const N = m + 1;
  const M = new Float64Array(N * N);
  const b = new Float64Array(N);
  for (let r = 0; r < k; r++) {
    for (let i = 0; i < m; i++) M[r * N + i] = data[S[r] * m + i];
    b[r] = s[r];
  }
  for (let r = 0; r < active.length; r++) {
    const row = k + r;
    for (let i = 0; i < m; i++) M[row * N + i] = data[active[r] * m + i];
    M[row * N + m] = -sg[r];
  }
  const sol = new Float64Array(N);
  try {
    lstsq({ rows: N, cols: N, data: M }, b, sol);
  } catch {
    return null;
  }
  return sol.subarray(0, m).slice();
}

/** The LP certificate of (S, s) for a real column set with a full-rank factor of A_S. */
export function lpCertificate(
  where: string,
  C: ColumnSet,
  f: SupportFactor,
  s: ArrayLike<number>,
  oneSided = false,
  algorithm: 'auto' | 'simplex' | 'ipm' = 'auto',
): LpCertificate {
  const S = f.S;
  const inS = new Uint8Array(C.n);
  for (const j of S) inS[j] = 1;
  const off = new Int32Array(C.n - S.length);
  let q = 0;
  for (let j = 0; j < C.n; j++) if (!inS[j]) off[q++] = j;
  if (off.length === 0) {
    const v = leastNormDual(f, s);
    return {
      theta: 0,
      v,
      polish: 'projection',
      equalityResidual: eqResidual(adjointColumns(C, v), S, s),
      simplexIterations: 0,
    };
  }
  const model = buildModel(C, S, s, off, oneSided);
  const solve = (options: Record<string, string>) =>
    withHighsModel(where, model, options, (mdl) => {
      mdl.run();
      const status = mdl.getModelStatus() as number;
      const sol = status === 7 ? mdl.getSolution() : null;
      return {
        status,
        col: sol ? Float64Array.from(sol.colValue) : null,
        iters: Number(mdl.info.get('simplex_iteration_count')),
      };
    });
  // Large LPs: interior point with crossover (a vertex again, so the polish below applies) is
  // ~2.5x faster than dual simplex on 600 x 2048 (9.5 s against 23 s, the same theta); small
  // ones stay on the simplex. The simplex is the fallback if the interior point method fails.
  const large = algorithm === 'ipm' || (algorithm === 'auto' && C.m * C.n > LARGE_LP);
  let res = solve(large ? { presolve: 'off', solver: 'ipm' } : { presolve: 'off' });
  if (!res.col && large) res = solve({ presolve: 'off' });
  if (!res.col) {
    throw new CandorError(
      where,
      'LP certificate (HiGHS)',
      'an optimal solution',
      `status ${highsStatusName(res.status)}`,
      'numerical',
    );
  }
  const m = C.m;
  let v: Float64Array = res.col.subarray(0, m).slice();
  const t = res.col[m];
  let g = adjointColumns(C, v);
  let polish: LpCertificate['polish'] = 'projection';
  const vAct = activeSetPolish(C, S, s, g, inS, t, oneSided);
  if (vAct) {
    const gAct = adjointColumns(C, vAct);
    const thAct = offMax(gAct, inS, oneSided);
    if (eqResidual(gAct, S, s) <= 1e-10 && thAct <= t + 1e-7 * Math.max(1, Math.abs(t))) {
      v = vAct;
      g = gAct;
      polish = 'active-set';
    }
  }
  if (polish === 'projection') {
    // v += Q R^{-T} (s - A_S^T v): the least-norm correction onto A_S^T v = s
    const d = new Float64Array(S.length);
    for (let r = 0; r < S.length; r++) d[r] = s[r] - g[S[r]];
    const corr = leastNormDual(f, d);
    for (let i = 0; i < m; i++) v[i] += corr[i];
    g = adjointColumns(C, v);
  }
  return {
    theta: offMax(g, inS, oneSided),
    v,
    polish,
    equalityResidual: eqResidual(g, S, s),
    simplexIterations: res.iters,
  };
}
