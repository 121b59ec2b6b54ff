/**
 * Core benchmark: dense Gaussian matrix-vector products, 1024 x 4096, against numpy with one BLAS
 * thread (OpenBLAS dgemv through `np.dot(..., out=)`), on the same matrix and vectors (written to
 * a file the peer reads):
 *
 * - A x and A^T y by the prepared matrix (prepareMatrix: WebAssembly SIMD, what dense operators
 *   and solvers use), targets <= 1.3 (A x, issue 12) and <= 1.5 (A^T y);
 * - the same with the plain JavaScript `gemv`: informational (no target), the no-SIMD fallback
 *   (old browsers; about 3x numpy: scalar JavaScript, no SIMD).
 *
 * Accuracy rule: max|y - y_ref| / max|y_ref| <= 1e-14, y_ref the same product in numpy's long
 * double (80-bit) arithmetic (written by the peer outside its timed call); both sides' errors
 * against it are shown, and the agreement max|ours - numpy| / max|numpy| is in the detail. Both
 * sides write into preallocated outputs, so neither timing includes an allocation.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gemv } from '../../../src/core/dense/gemv.ts';
import { prepareMatrix } from '../../../src/core/dense/prepared.ts';
import { matrix } from '../../../src/core/dense/matrix.ts';
import { createRng } from '../../../src/core/rng/index.ts';
import type { BenchCase } from '../../harness.ts';
import { atMost } from '../../verdict.ts';

const DIR = 'bench/results';
const M = 1024;
const N = 4096;

function maxRel(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

function write(path: string, x: Float64Array): void {
  writeFileSync(path, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
}

function matvecCase(trans: boolean, prepared: boolean): BenchCase {
  const tag = `matvec-${trans ? 'T' : 'N'}-${M}x${N}`;
  const aPath = `${DIR}/matvec-${M}x${N}.A.f64`;
  const vPath = `${DIR}/${tag}.vec.f64`;
  const peerOut = `${DIR}/${tag}.peer.f64`;
  const refOut = `${peerOut}.ref.f64`;
  let agreement: number | null = null;
  const read = (p: string) => new Float64Array(readFileSync(p).buffer.slice(0));
  return {
    name: `${trans ? 'Gaussian A^T y' : 'Gaussian A x'} ${M}x${N}${prepared ? ' (prepared, wasm-simd)' : ' (gemv, JS)'}`,
    target: prepared ? (trans ? 1.5 : 1.3) : null,
    ...(prepared ? {} : { informational: 'our no-SIMD fallback (plain JavaScript gemv); the target is carried by the prepared path' }),
    accuracy: {
      rule: 'max|y - y_ref| / max|y_ref| <= 1e-14, y_ref = the product in numpy long double (80-bit) arithmetic',
      check: (ours) => atMost(ours, 1e-14),
    },
    ours: () => {
      mkdirSync(DIR, { recursive: true });
      const A = matrix(M, N, createRng(2024, 1).fillNormal(new Float64Array(M * N)));
      const v = createRng(2024, trans ? 3 : 2).fillNormal(new Float64Array(trans ? M : N));
      if (!existsSync(aPath) || readFileSync(aPath).byteLength !== 8 * M * N) write(aPath, A.data);
      else {
        const old = new Float64Array(readFileSync(aPath).buffer.slice(0));
        if (maxRel(old, A.data) !== 0) write(aPath, A.data);
      }
      write(vPath, v);
      for (const p of [peerOut, refOut]) rmSync(p, { force: true }); // never judge by a stale file
      const out = new Float64Array(trans ? N : M);
      const P = prepared ? prepareMatrix(A) : null;
      if (P && P.kernel !== 'wasm-simd') throw new Error('bench matvec: WebAssembly SIMD is not available in this runtime');
      const run = P ? () => (trans ? P.adjoint(v, out) : P.apply(v, out)) : () => gemv(A, v, out, { trans });
      return {
        run,
        error: () => {
          run();
          if (existsSync(peerOut)) agreement = maxRel(out, read(peerOut));
          return existsSync(refOut) ? maxRel(out, read(refOut)) : null;
        },
        detail: () =>
          agreement === null ? 'no peer output (no reference)' : `vs numpy float64: max|ours - numpy| / max|numpy| = ${agreement.toExponential(1)}`,
      };
    },
    peer: {
      cmd: ['/usr/bin/python3', 'bench/peers/matvec.py', trans ? 'T' : 'N', aPath, vPath, String(M), String(N), peerOut],
      env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      pkg: 'python3-numpy',
    },
    note: `${prepared ? 'packed panels of 4 rows, four runs of panels streamed at once' : 'the no-SIMD fallback (old browsers)'}; peer: one OpenBLAS thread, OPENBLAS_CORETYPE/L2_SIZE unset`,
  };
}

export function cases(): BenchCase[] {
  return [matvecCase(false, true), matvecCase(true, true), matvecCase(false, false), matvecCase(true, false)];
}
