/**
 * Shared builders for the solver tests: seeded Gaussian sparse-recovery instances, the LASSO / BP
 * fixture written by scripts/fixtures/solvers_lasso.py (float32 matrices, base64), and a
 * matrix-free operator view of a dense matrix. Each builder draws and computes exactly what the
 * tests did when they each carried their own copy (same generator calls in the same order, same
 * sums in the same order), so every instance is bit-identical to before.
 */
import { readFileSync } from 'node:fs';
import type { Rng, SparseModel } from '../../src/core/rng/index.ts';
import { defineOperator } from '../../src/linops/define.ts';
import type { LinearOperator } from '../../src/linops/types.ts';
import type { DenseLike } from '../../src/solvers/problem.ts';

export interface Instance {
  A: DenseLike;
  x0: Float64Array;
  y: Float64Array;
}

/**
 * A noiseless compressed-sensing instance from `rng`: first the m x n entries of A, i.i.d.
 * N(0, 1/m) in row-major order, then x0 = rng.sparseVector(n, k, model), and y = A x0 summed row
 * by row with j ascending.
 */
export function gaussianInstance(
  rng: Rng,
  m: number,
  n: number,
  k: number,
  model: SparseModel = 'gaussian',
): Instance {
  const data = rng.fillNormal(new Float64Array(m * n), 0, 1 / Math.sqrt(m));
  const x0 = rng.sparseVector(n, k, model, new Float64Array(n));
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) y[i] += data[i * n + j] * x0[j];
  return { A: { rows: m, cols: n, data }, x0, y };
}

/** One LASSO case of test/fixtures/solvers_lasso.json (scikit-learn's Lasso with alpha = lambda / m). */
export interface LassoCase {
  name: string;
  m: number;
  n: number;
  /** base64 little-endian float32, row-major (see f32). */
  A: string;
  y: number[];
  lambdaMax: number;
  solutions: { lambda: number; coef: number[]; objective: number; polished: number[] }[];
}

export interface LassoFixture {
  lasso: LassoCase[];
  /** Basis pursuit on lasso[0]'s matrix: scipy linprog's x and its l1 norm. */
  bp: { y: number[]; x: number[]; l1: number };
  /** BPDN on lasso[0]'s matrix at level sigma, and the LASSO lambda it corresponds to. */
  bpdn: { y: number[]; sigma: number; x: number[]; l1: number; lambda: number };
}

export const lassoFixture = JSON.parse(
  readFileSync(new URL('../fixtures/solvers_lasso.json', import.meta.url), 'utf8'),
) as LassoFixture;

/** base64 little-endian float32 -> Float64Array (exact). */
export function f32(b64: string): Float64Array {
  const b = Buffer.from(b64, 'base64');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = new Float64Array(b.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(4 * i, true);
  return out;
}

/** A fixture case as a dense matrix and its measurements. */
export function caseData(c: LassoCase): { A: DenseLike; y: Float64Array } {
  return { A: { rows: c.m, cols: c.n, data: f32(c.A) }, y: Float64Array.from(c.y) };
}

/**
 * The same matrix as an operator without a dense backing: plain row-by-row products, so solvers
 * take their operator paths (columns from A e_j, conjugate gradients, ...).
 */
export function plainOperator(A: DenseLike, name = 'plain'): LinearOperator {
  const { rows: m, cols: n, data } = A;
  return defineOperator({
    name,
    domain: [n],
    range: [m],
    field: 'real',
    apply: (x, out) => {
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += data[i * n + j] * x[j];
        out[i] = s;
      }
      return out;
    },
    adjoint: (v, out) => {
      out.fill(0);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] += data[i * n + j] * v[i];
      return out;
    },
  });
}
