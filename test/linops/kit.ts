/**
 * The operator test kit: generic checks every LinearOperator must pass, driven from the table of
 * cases in test/linops/cases/*.ts (model: SigPy's check_linop_adjoint/normal/unitary, PyLops'
 * dottest). Tolerances are 1e-12 relative (double precision) unless a case states otherwise.
 */
import assert from 'node:assert/strict';
import { CandorError } from '../../src/core/errors.ts';
import type { LinearOperator } from '../../src/linops/types.ts';

export interface OperatorCase {
  /** Description of this instance, e.g. 'dft2 8x16 centered'. */
  name: string;
  /** The exported factory (or combinator) it exercises, e.g. 'dft2'. */
  factory: string;
  build: () => LinearOperator;
  /** Relative tolerance (default 1e-12). */
  tol?: number;
}

/** Small deterministic generator for test inputs (test-only; the library has its own RNG). */
export function testRng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

export function randomVec(n: number, seed: number): Float64Array {
  const r = testRng(seed);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = r();
  return v;
}

/** Real part and imaginary part of the Hermitian product <a, b> = sum conj(a_i) b_i. */
export function inner(a: Float64Array, b: Float64Array, complex: boolean): [number, number] {
  if (!complex) {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return [s, 0];
  }
  let re = 0;
  let im = 0;
  for (let i = 0; i < a.length; i += 2) {
    re += a[i] * b[i] + a[i + 1] * b[i + 1];
    im += a[i] * b[i + 1] - a[i + 1] * b[i];
  }
  return [re, im];
}

export function norm(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

export function relDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i] - b[i]) ** 2;
  const s = Math.max(norm(a), norm(b));
  return s === 0 ? Math.sqrt(d) : Math.sqrt(d) / s;
}

function lengths(A: LinearOperator, complex: boolean): [number, number] {
  const w = complex ? 2 : 1;
  return [w * A.cols, w * A.rows];
}

/** Zero the imaginary parts: a "real input" in complex storage. */
function realOnly(v: Float64Array): Float64Array {
  const o = v.slice();
  for (let i = 1; i < o.length; i += 2) o[i] = 0;
  return o;
}

/** Data modes to test: real operators on real and complex data; complex ones on complex data with real-valued and general entries. */
function modes(A: LinearOperator): { label: string; complex: boolean; realValued: boolean }[] {
  return A.field === 'real'
    ? [
        { label: 'real data', complex: false, realValued: true },
        { label: 'complex data', complex: true, realValued: false },
      ]
    : [
        { label: 'real-valued complex data', complex: true, realValued: true },
        { label: 'complex data', complex: true, realValued: false },
      ];
}

export function dotTest(A: LinearOperator, tol: number): void {
  for (const { label, complex, realValued } of modes(A)) {
    const [n, m] = lengths(A, complex);
    let x = randomVec(n, 11 + n);
    let y = randomVec(m, 29 + m);
    if (complex && realValued) {
      x = realOnly(x);
      y = realOnly(y);
    }
    const Ax = A.apply(x, new Float64Array(m));
    const AHy = A.adjoint(y, new Float64Array(n));
    const [a, ai] = inner(Ax, y, complex);
    const [b, bi] = inner(x, AHy, complex);
    const scale = norm(Ax) * norm(y) + norm(x) * norm(AHy);
    assert.ok(
      Math.hypot(a - b, ai - bi) <= tol * scale,
      `${A.name} dot test (${label}): <Ax,y> = ${a}+${ai}i, <x,A^H y> = ${b}+${bi}i, scale ${scale}`,
    );
  }
}

export function linearityTest(A: LinearOperator, tol: number): void {
  for (const { label, complex } of modes(A)) {
    const [n, m] = lengths(A, complex);
    const x = randomVec(n, 3);
    const z = randomVec(n, 5);
    const comb = new Float64Array(n);
    for (let i = 0; i < n; i++) comb[i] = 2.5 * x[i] - 0.75 * z[i];
    const lhs = A.apply(comb, new Float64Array(m));
    const Ax = A.apply(x, new Float64Array(m));
    const Az = A.apply(z, new Float64Array(m));
    const rhs = new Float64Array(m);
    for (let i = 0; i < m; i++) rhs[i] = 2.5 * Ax[i] - 0.75 * Az[i];
    assert.ok(relDiff(lhs, rhs) <= tol, `${A.name} linearity (${label}): rel diff ${relDiff(lhs, rhs)}`);
  }
}

export function normalTest(A: LinearOperator, tol: number): void {
  for (const { label, complex } of modes(A)) {
    const [n, m] = lengths(A, complex);
    const x = randomVec(n, 7);
    const ref = A.adjoint(A.apply(x, new Float64Array(m)), new Float64Array(n));
    const got = A.normal(x, new Float64Array(n));
    assert.ok(relDiff(got, ref) <= tol, `${A.name} normal (${label}): rel diff ${relDiff(got, ref)}`);
  }
}

/** Real operators on complex data: A(x + iz) = Ax + i Az. */
export function complexSplitTest(A: LinearOperator, tol: number): void {
  if (A.field !== 'real') return;
  const x = randomVec(A.cols, 13);
  const z = randomVec(A.cols, 17);
  const xz = new Float64Array(2 * A.cols);
  for (let i = 0; i < A.cols; i++) {
    xz[2 * i] = x[i];
    xz[2 * i + 1] = z[i];
  }
  const got = A.apply(xz, new Float64Array(2 * A.rows));
  const ax = A.apply(x, new Float64Array(A.rows));
  const az = A.apply(z, new Float64Array(A.rows));
  const ref = new Float64Array(2 * A.rows);
  for (let i = 0; i < A.rows; i++) {
    ref[2 * i] = ax[i];
    ref[2 * i + 1] = az[i];
  }
  assert.ok(relDiff(got, ref) <= tol, `${A.name} complex data = real and imaginary parts: rel diff ${relDiff(got, ref)}`);
}

/** Claimed structure: unitary (perfect reconstruction + Parseval both ways), co-isometry, isometry. */
export function structureTest(A: LinearOperator, tol: number): void {
  const s = A.structure;
  if (s === 'general') return;
  for (const { label, complex } of modes(A)) {
    const [n, m] = lengths(A, complex);
    if (s === 'unitary' || s === 'isometry') {
      const x = randomVec(n, 19);
      const Ax = A.apply(x, new Float64Array(m));
      assert.ok(Math.abs(norm(Ax) - norm(x)) <= tol * norm(x), `${A.name} Parseval ||Ax|| = ||x|| (${label})`);
      const back = A.adjoint(Ax, new Float64Array(n));
      assert.ok(relDiff(back, x) <= tol, `${A.name} perfect reconstruction A^H A x = x (${label}): ${relDiff(back, x)}`);
      assert.ok(relDiff(A.normal(x, new Float64Array(n)), x) <= tol, `${A.name} normal = I (${label})`);
    }
    if (s === 'unitary' || s === 'coisometry') {
      const y = randomVec(m, 23);
      const AHy = A.adjoint(y, new Float64Array(n));
      assert.ok(Math.abs(norm(AHy) - norm(y)) <= tol * norm(y), `${A.name} ||A^H y|| = ||y|| (${label})`);
      const back = A.apply(AHy, new Float64Array(m));
      assert.ok(relDiff(back, y) <= tol, `${A.name} A A^H y = y (${label}): ${relDiff(back, y)}`);
    }
    if (s === 'unitary') assert.equal(n, m, `${A.name} unitary operators are square`);
  }
}

/** Wrong buffer lengths throw a CandorError that names the operator. */
export function badLengthTest(A: LinearOperator): void {
  const bad = new Float64Array(2 * A.cols + 1);
  assert.throws(
    () => A.apply(bad, new Float64Array(A.rows * 2)),
    (e: unknown) => e instanceof CandorError && e.message.startsWith(`${A.name}.apply: input length: expected `),
  );
  const w = A.field === 'complex' ? 2 : 1;
  assert.throws(
    () => A.adjoint(new Float64Array(w * A.rows), new Float64Array(2 * w * A.cols + 1)),
    (e: unknown) => e instanceof CandorError && e.message.startsWith(`${A.name}.adjoint: out length: expected `),
  );
}

export function shapeTest(A: LinearOperator): void {
  assert.equal(A.cols, A.domain.reduce((a, b) => a * b, 1), `${A.name} cols = prod(domain)`);
  assert.equal(A.rows, A.range.reduce((a, b) => a * b, 1), `${A.name} rows = prod(range)`);
}

export function runKit(c: OperatorCase): void {
  const tol = c.tol ?? 1e-12;
  const A = c.build();
  shapeTest(A);
  dotTest(A, tol);
  linearityTest(A, tol);
  normalTest(A, tol);
  complexSplitTest(A, tol);
  structureTest(A, tol);
  badLengthTest(A);
}
