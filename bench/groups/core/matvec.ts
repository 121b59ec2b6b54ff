/**
 * Core benchmark: dense Gaussian matrix-vector products, 1024 x 4096, against numpy with one BLAS
 * thread (OpenBLAS dgemv through `np.dot(..., out=)`), on the same matrix and vectors (written to
 * a file the peer reads):
 *
 * - A x and A^T y by the prepared matrix (prepareMatrix: WebAssembly SIMD, what dense operators
 *   and solvers use), targets <= 1.3 (A x, issue 12) and <= 1.5 (A^T y);
 * - the same with the plain JavaScript `gemv`: informational, the no-SIMD fallback (old browsers);
 *   shown against the same 1.5, which it misses (about 3x: scalar JavaScript, no SIMD).
 *
 * Accuracy: max|ours - peer| / max|peer| of the products (both sides write into preallocated
 * outputs, so neither timing includes an allocation).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gemv } from '../../../src/core/dense/gemv.ts';
import { prepareMatrix } from '../../../src/core/dense/prepared.ts';
import { matrix } from '../../../src/core/dense/matrix.ts';
import { createRng } from '../../../src/core/rng/index.ts';
import type { BenchCase } from '../../harness.ts';

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
  return {
    name: `${trans ? 'Gaussian A^T y' : 'Gaussian A x'} ${M}x${N}${prepared ? ' (prepared, wasm-simd)' : ' (gemv, JS)'}`,
    target: prepared && !trans ? 1.3 : 1.5,
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
      const out = new Float64Array(trans ? N : M);
      const P = prepared ? prepareMatrix(A) : null;
      if (P && P.kernel !== 'wasm-simd') throw new Error('bench matvec: WebAssembly SIMD is not available in this runtime');
      const run = P ? () => (trans ? P.adjoint(v, out) : P.apply(v, out)) : () => gemv(A, v, out, { trans });
      return {
        run,
        error: () => {
          run();
          if (!existsSync(peerOut)) return null;
          return maxRel(out, new Float64Array(readFileSync(peerOut).buffer.slice(0)));
        },
      };
    },
    peer: {
      cmd: ['/usr/bin/python3', 'bench/peers/matvec.py', trans ? 'T' : 'N', aPath, vPath, String(M), String(N), peerOut],
      env: { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      pkg: 'python3-numpy',
    },
    note: `${prepared ? 'packed panels of 4 rows, four runs of panels streamed at once' : 'informational: the no-SIMD fallback (old browsers); the target is for the prepared path'}; error = max|ours - numpy| / max|numpy|; peer: one OpenBLAS thread, OPENBLAS_CORETYPE/L2_SIZE unset`,
  };
}

export function cases(): BenchCase[] {
  return [matvecCase(false, true), matvecCase(true, true), matvecCase(false, false), matvecCase(true, false)];
}
