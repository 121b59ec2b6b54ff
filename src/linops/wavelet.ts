/**
 * Orthonormal periodized wavelet analysis operators W (signal or image -> coefficients).
 *
 * `wavelet1(n, { wavelet, levels })` maps [n] -> [n] and `wavelet2(ny, nx, { wavelet, levels })`
 * maps a row-major [ny, nx] image -> [ny, nx] coefficients, in the Mallat layout of PyWavelets
 * (`numpy.concatenate(pywt.wavedec(...))` and `pywt.coeffs_to_array(pywt.wavedec2(...))[0]`,
 * mode 'periodization'; see src/core/wavelets/ and docs/wavelets.md). W is real and orthogonal:
 * `structure: 'unitary'`, W^T = W^-1, and the normal operator W^T W is the identity (a copy).
 * On complex interleaved data the native complex kernels transform real and imaginary parts in
 * one pass (no split). Wavelets: haar, db1 ... db8 (default db4); levels default to PyWavelets'
 * `dwt_max_level`, capped so that 2^levels divides every size.
 *
 * References: I. Daubechies, Comm. Pure Appl. Math. 41 (1988) 909-996; S. Mallat, IEEE PAMI 11
 * (1989) 674-693.
 *
 * @example
 * import { wavelet2 } from './wavelet.ts';
 * const W = wavelet2(8, 8, { wavelet: 'haar', levels: 3 });
 * const c = W.apply(new Float64Array(64).fill(1), new Float64Array(64)); // c[0] = 8, the rest 0
 * W.adjoint(c, new Float64Array(64)); // all ones again
 */
import type { WaveletName } from '../core/wavelets/filters.ts';
import { checkSpec } from '../core/wavelets/levels.ts';
import { planWavelet1 } from '../core/wavelets/plan1.ts';
import { planWavelet2 } from '../core/wavelets/plan2.ts';
import { defineOperator, type Kernel } from './define.ts';
import type { LinearOperator } from './types.ts';

/** Options of {@link wavelet1} and {@link wavelet2}. */
export interface WaveletOperatorOptions {
  /** Wavelet name (default 'db4'): haar, db1 ... db8. */
  wavelet?: WaveletName | string;
  /** Decomposition levels (default: pywt.dwt_max_level of the smallest size, capped by divisibility). */
  levels?: number;
}

const copy: Kernel = (x, out) => {
  out.set(x);
  return out;
};

/** The 1-D analysis operator W: [n] -> [n] (see the file comment). */
export function wavelet1(n: number, options: WaveletOperatorOptions = {}): LinearOperator {
  const { filters, levels } = checkSpec('wavelet1', ['n'], [n], options.wavelet, options.levels);
  const p = planWavelet1(n, { wavelet: filters.name, levels });
  return defineOperator({
    name: `Wavelet1(${n}, ${filters.name}, levels=${levels})`,
    domain: [n],
    range: [n],
    field: 'real',
    structure: 'unitary',
    cheapNormal: true,
    apply: (x, out) => p.forward(x, out),
    adjoint: (y, out) => p.inverse(y, out),
    normal: copy,
    applyComplex: (x, out) => p.forwardComplex(x, out),
    adjointComplex: (y, out) => p.inverseComplex(y, out),
    normalComplex: copy,
  });
}

/** The 2-D analysis operator W: [ny, nx] -> [ny, nx] (see the file comment). */
export function wavelet2(ny: number, nx: number, options: WaveletOperatorOptions = {}): LinearOperator {
  const { filters, levels } = checkSpec('wavelet2', ['ny', 'nx'], [ny, nx], options.wavelet, options.levels);
  const p = planWavelet2(ny, nx, { wavelet: filters.name, levels });
  return defineOperator({
    name: `Wavelet2(${ny}x${nx}, ${filters.name}, levels=${levels})`,
    domain: [ny, nx],
    range: [ny, nx],
    field: 'real',
    structure: 'unitary',
    cheapNormal: true,
    apply: (x, out) => p.forward(x, out),
    adjoint: (y, out) => p.inverse(y, out),
    normal: copy,
    applyComplex: (x, out) => p.forwardComplex(x, out),
    adjointComplex: (y, out) => p.inverseComplex(y, out),
    normalComplex: copy,
  });
}
