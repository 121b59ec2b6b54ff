/**
 * Orthonormal periodized wavelet transforms (Haar, Daubechies db2 ... db8) in 1-D and 2-D,
 * real and complex interleaved, matching PyWavelets' mode 'periodization'. See docs/wavelets.md.
 */
export { dwt, idwt, type TransformOptions, wavedec, wavedec2, waverec, waverec2 } from './api.ts';
export { dwtStep, dwtStepComplex, idwtStep, idwtStepComplex } from './dwt1.ts';
export {
  isWaveletName,
  WAVELET_NAMES,
  type WaveletFilters,
  type WaveletName,
  waveletFilters,
} from './filters.ts';
export { defaultLevels, maxLevels } from './levels.ts';
export { planWavelet1, Wavelet1Plan, type WaveletOptions } from './plan1.ts';
export { planWavelet2, Wavelet2Plan } from './plan2.ts';
