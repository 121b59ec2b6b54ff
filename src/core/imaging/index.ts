/**
 * Shared imaging numerics for every application (MRI, seismic, radio): image quality against a
 * truth (NRMSE plain / scaled / optimal, PSNR, SSIM), the data scale that makes regularisation
 * weights dimensionless (BART's rule), and the real-to-complex image promotion.
 *
 * @example
 * import { nrmse, dataScale } from './index.ts';
 * nrmse(Float64Array.of(1, 0), Float64Array.of(2, 0)); // 0.5
 */
export { toComplexImage } from './complex-image.ts';
export { magnitude, nrmse, nrmseOptimal, nrmseScaled, optimalScale, psnr, ssim } from './metrics.ts';
export { type SsimReference, ssimReference, ssimWith } from './ssim.ts';
export { type DataScale, dataScale, dataScaleDetail } from './scaling.ts';
export { MAD_NORMAL, madStd, waveletNoiseStd } from './noise.ts';
