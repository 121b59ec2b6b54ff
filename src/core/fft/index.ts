/**
 * Candor's FFT layer: complex 1-D/2-D/3-D FFTs of any size (mixed-radix Stockham with radix 4, 2, 3,
 * 5, 7, 11 and generic odd-prime stages in WebAssembly SIMD; Bluestein for a prime factor above
 * 100), the real-input FFT, fftshift conventions and the centred unitary 2-D DFT,
 * orthonormal DCT-II/III in 1-D and 2-D, and the orthonormal Walsh-Hadamard transform.
 * Conventions follow numpy.fft and scipy.fft; see docs/fft.md.
 *
 * @example
 * import { fft, ifft } from './index.ts';
 * const X = fft(Float64Array.of(1, 0, 1, 0), new Float64Array(4)); // [2, 0, 0, 0]
 * ifft(X, new Float64Array(4));                                    // [1, 0, 1, 0]
 */
export { type FftNorm, normScale } from './common.ts';
export { FftPlan, fftPlan, fft, ifft } from './plan.ts';
export { RfftPlan, rfftPlan, rfft, irfft } from './real.ts';
export { Fft2Plan, fft2Plan, fft2, ifft2 } from './fft2.ts';
export { fftshift, ifftshift, fftshift2, ifftshift2 } from './shift.ts';
export { CenteredFft2Plan, centeredFft2Plan, fft2c, ifft2c } from './centered.ts';
export { Fft3Plan, fft3Plan, fft3, ifft3 } from './fft3.ts';
export { DctPlan, dctPlan, dct, idct } from './dct.ts';
export { Dct2Plan, dct2Plan, dct2d, idct2d } from './dct2d.ts';
export { wht, whtKernel, checkPow2 } from './wht.ts';
export { fftSimd, setFftWasm } from './wasm.ts';
