/**
 * Shared builders for the certify/coherence/explain tests: the deterministic matrices of
 * `coherence_examples` in ../shared/theory-reference-values.json, built independently from their
 * stated definitions, and small dense helpers.
 */
import { readFileSync } from 'node:fs';

export const REF = JSON.parse(readFileSync('../shared/theory-reference-values.json', 'utf8'));
export const CE = REF.coherence_examples;

export interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Sylvester Hadamard H_n (n a power of two): H_1 = [1], H_2m = [[H, H], [H, -H]]. */
export function hadamard(n: number): number[][] {
  let H = [[1]];
  while (H.length < n) {
    const k = H.length;
    H = Array.from({ length: 2 * k }, (_, i) =>
      Array.from({ length: 2 * k }, (_, j) => H[i % k][j % k] * (i >= k && j >= k ? -1 : 1)),
    );
  }
  return H;
}

/** A = [I_16, H_16/4] (16 x 32). */
export function identityHadamard(): Dense {
  const H = hadamard(16);
  const data = new Float64Array(16 * 32);
  for (let i = 0; i < 16; i++) {
    data[i * 32 + i] = 1;
    for (let j = 0; j < 16; j++) data[i * 32 + 16 + j] = H[i][j] / 4;
  }
  return { rows: 16, cols: 32, data };
}

/** The 16 x 64 partial DCT of the reference: C[k, j] = w_k cos(pi (2j+1) k/128), rows R, unit columns. */
export function partialDct16x64(): Dense {
  const R: number[] = CE.partial_dct_16x64.rows_R;
  const n = 64;
  const m = R.length;
  const data = new Float64Array(m * n);
  R.forEach((k, r) => {
    const w = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    for (let j = 0; j < n; j++) data[r * n + j] = w * Math.cos((Math.PI * (2 * j + 1) * k) / (2 * n));
  });
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let r = 0; r < m; r++) s += data[r * n + j] ** 2;
    s = Math.sqrt(s);
    for (let r = 0; r < m; r++) data[r * n + j] /= s;
  }
  return { rows: m, cols: n, data };
}

/** y = A x. */
export function matvec(A: Dense, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let j = 0; j < A.cols; j++) s += A.data[i * A.cols + j] * x[j];
    y[i] = s;
  }
  return y;
}

export function close(got: number, want: number, tol: number, what: string): void {
  const err = Math.abs(got - want);
  if (!(err <= tol * Math.max(1, Math.abs(want)))) {
    throw new Error(`${what}: got ${got}, want ${want} (error ${err} > ${tol})`);
  }
}

export function relErr(x: ArrayLike<number>, x0: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    d += (x[i] - x0[i]) ** 2;
    s += x0[i] ** 2;
  }
  return Math.sqrt(d / s);
}
