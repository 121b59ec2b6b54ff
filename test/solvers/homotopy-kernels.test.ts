import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acquireKernels, releaseKernels, simdAvailable } from '../../src/core/dense/wasm-kernels.ts';
import { createRng } from '../../src/core/rng/index.ts';
import { matrixOperator } from '../../src/linops/matrix.ts';
import { PathKernels } from '../../src/solvers/homotopy-kernels.ts';
import { bpHomotopy, type HomotopyExtra, lassoHomotopy } from '../../src/solvers/homotopy.ts';
import type { SolverResult } from '../../src/solvers/types.ts';
import { gaussianInstance } from './instances.ts';

/** This file's instances: stream 77 of `seed`, +-1 (or, with nonneg, +1) on the support. */
const instance = (seed: number, m: number, n: number, k: number, nonneg = false) =>
  gaussianInstance(createRng(seed, 77), m, n, k, nonneg ? 'nonneg' : 'signed');

/** Bitwise equality of two Float64Arrays (distinguishes -0 and +0). */
function sameBits(a: Float64Array | null, b: Float64Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

function assertSamePath(a: SolverResult, b: SolverResult, label: string) {
  const ea = a.extra as HomotopyExtra;
  const eb = b.extra as HomotopyExtra;
  assert.equal(a.iterations, b.iterations, label);
  assert.equal(a.stopReason, b.stopReason, label);
  assert.ok(sameBits(a.x, b.x), `${label}: x`);
  assert.ok(sameBits(ea.breakpoints, eb.breakpoints), `${label}: breakpoints`);
  assert.ok(sameBits(ea.dual, eb.dual), `${label}: dual`);
  assert.ok(
    Object.is(ea.theta, eb.theta) && Object.is(a.objective, b.objective),
    `${label}: theta, objective`,
  );
}

describe('homotopy kernels: WebAssembly SIMD and JavaScript give the same path to the last bit', () => {
  it('the WebAssembly SIMD kernel is available in Node 20 (so the comparison below is not vacuous)', () => {
    assert.equal(simdAvailable(), true);
    const K = PathKernels.create(new Float64Array(6), 2, 3, 2, 'auto');
    assert.equal(K.wasm, true);
    K.release();
    const J = PathKernels.create(new Float64Array(6), 2, 3, 2, 'js');
    assert.equal(J.wasm, false);
  });

  it('bpHomotopy and lassoHomotopy, signed and nonneg, sizes with and without padding (n, m not multiples of 4)', () => {
    const sizes: [number, number, number][] = [
      [100, 200, 20],
      [61, 97, 30],
      [37, 53, 33],
      [90, 121, 80],
      [7, 9, 3],
    ];
    for (const [m, n, k] of sizes) {
      for (const nonneg of [false, true]) {
        const { A, y } = instance(m * 1000 + n, m, n, k, nonneg);
        const label = `m=${m} n=${n} k=${k}${nonneg ? ' nonneg' : ''}`;
        assertSamePath(
          bpHomotopy(A, y, { nonneg }),
          bpHomotopy(A, y, { nonneg, kernel: 'js' }),
          `bp ${label}`,
        );
        const lam = 1e-3;
        assertSamePath(
          lassoHomotopy(A, y, { lambda: lam, nonneg, historyEvery: 0 }),
          lassoHomotopy(A, y, { lambda: lam, nonneg, kernel: 'js', historyEvery: 0 }),
          `lasso ${label}`,
        );
      }
    }
  });

  it('stale kernel memory (NaN everywhere in the pooled instances) does not leak into a path', () => {
    for (const [m, n, k] of [
      [61, 97, 30],
      [90, 121, 80],
    ] as const) {
      const { A, y } = instance(m + n, m, n, k);
      const ref = bpHomotopy(A, y, { kernel: 'js' });
      // take every pooled instance (the pool keeps two), grow it, poison it, give it back
      const dirty = [acquireKernels(8), acquireKernels(8)];
      for (const K of dirty) {
        assert.ok(K);
        const pages = (1 << 22) / 65536 - K.mem.buffer.byteLength / 65536;
        if (pages > 0) K.mem.grow(pages);
        new Float64Array(K.mem.buffer).fill(Number.NaN);
      }
      for (const K of dirty) if (K) releaseKernels(K);
      assertSamePath(bpHomotopy(A, y), ref, `dirty m=${m} n=${n}`);
    }
  });

  it('a LinearOperator input takes the same path through either kernel', () => {
    const { A, y } = instance(5, 50, 130, 12);
    assertSamePath(bpHomotopy(matrixOperator(A), y), bpHomotopy(A, y, { kernel: 'js' }), 'operator');
  });

  it('PathKernels products equal direct sums: A^T y, A^T a_j, C_S d and A^T y - C_S x_S (bitwise)', () => {
    const m = 13;
    const n = 11;
    const rng = createRng(3, 1);
    const A = rng.fillNormal(new Float64Array(m * n));
    const y = rng.fillNormal(new Float64Array(m));
    for (const mode of ['auto', 'js'] as const) {
      const K = PathKernels.create(A, m, n, 5, mode);
      const cy = K.start(y);
      for (let l = 0; l < n; l++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += A[i * n + l] * y[i];
        assert.ok(Object.is(cy[l], s), `${mode} cy[${l}]`);
      }
      const cols = [4, 0, 10];
      for (const [row, j] of cols.entries()) K.gramRow(j, row);
      for (const [row, j] of cols.entries()) {
        for (let l = 0; l < n; l++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += A[i * n + l] * A[i * n + j];
          assert.ok(Object.is(K.C[row * K.nPad + l], s), `${mode} C[${row}][${l}]`);
        }
      }
      const d = Float64Array.of(0.5, -2, 1.25);
      const x = Float64Array.of(-1, 3, 0.75);
      K.correlations(3, d, x);
      for (let l = 0; l < n; l++) {
        let sa = 0;
        let sc = cy[l];
        for (let t = 0; t < 3; t++) {
          sa += K.C[t * K.nPad + l] * d[t];
          sc -= K.C[t * K.nPad + l] * x[t];
        }
        assert.ok(Object.is(K.a[l], sa) && Object.is(K.c[l], sc), `${mode} a, c [${l}]`);
      }
      K.release();
    }
  });

  it('bad input: kernel must be auto or js', () => {
    const { A, y } = instance(1, 4, 6, 1);
    assert.throws(
      () => bpHomotopy(A, y, { kernel: 'gpu' as 'js' }),
      (e: Error) => e.message === `bpHomotopy: kernel: expected 'auto' or 'js', got "gpu"`,
    );
  });
});
