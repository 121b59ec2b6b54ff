/**
 * Candor's MRI application: single-coil Cartesian compressed-sensing reconstruction with its
 * theory (phantom, k-space simulation, seeded masks, operators, reconstructions, metrics and a
 * theory report), and multi-coil parallel imaging (ESPIRiT maps, SVD coil compression, SENSE
 * operators Cartesian and non-Cartesian, `reconstructMultiCoil`). Browser-safe; file handling is
 * in ./node/. See docs/mri.md.
 *
 * @example
 * import { sheppLogan, poissonDiscMask, simulateKspace, acquisition, reconstruct, nrmseScaled } from './index.ts';
 * const truth = sheppLogan(256);
 * const { mask } = poissonDiscMask(256, 256, { acceleration: 4.5, seed: 1 });
 * const { kspace } = simulateKspace(truth, 256, 256, { mask });
 * const r = reconstruct(acquisition(kspace, mask, 256, 256), { method: 'l1-wavelet' });
 * nrmseScaled(r.image, truth); // about 0.02
 */
export { type Acquisition, acquisition, inferMask } from './acquisition.ts';
export { imageToKspace, kspaceToImage, rms, type SimulateOptions, simulateKspace } from './kspace.ts';
export * from './masks/index.ts';
// the shared image metrics and data scale (src/core/imaging), part of this application's surface
export { type DataScale, dataScale, dataScaleDetail, magnitude, nrmse, nrmseOptimal, nrmseScaled, optimalScale, psnr, ssim } from '../../core/imaging/index.ts';
export { cartesianOperator, gatherSamples, scatterSamples, senseOperator } from './operators.ts';
export { type PhantomGrid, type PhantomOptions, SHEPP_LOGAN_MODIFIED, sheppLogan } from './phantom.ts';
export {
  type AccelerationPlan,
  type AccelerationRow,
  PLAN_ACCELERATION_DEFAULTS,
  type PlanAccelerationOptions,
  planAcceleration,
  type QualityMetric,
} from './plan-acceleration.ts';
export { type MaskReport, maskReport } from './psf.ts';
export { MRI_RECON_DEFAULTS, RECON_METHODS, type ReconMethod, type ReconOptions, type ReconResult, reconstruct } from './recon/reconstruct.ts';
export { type ImageMetrics, type SparsityReport, type TheoryReport, theoryReport, waveletSparsity } from './report.ts';
// parallel imaging (issue 14); the calibration region of ./coils/calibration.ts stays internal (the masks' one is exported above)
export { type CoilCompression, compressAcquisition, compressCoils, compressionMatrix, compressMaps } from './coils/compress.ts';
export { ESPIRIT_DEFAULTS, type EspiritOptions, type EspiritResult, espirit } from './coils/espirit.ts';
export { simulatedCoilMaps, simulateMultiCoil } from './coils/simulate.ts';
export { type CoilArray, coilArray, coilImage, coilMajorToLast, coilsLastToMajor, maskCoilKspace, rootSumOfSquares } from './coils/types.ts';
export { calibrationKspace, griddedCoilImages, type MultiCoilAcquisition, multiCoilAcquisition, nonCartesianAcquisition } from './multicoil.ts';
export {
  MULTICOIL_METHODS,
  MULTICOIL_RECON_DEFAULTS,
  type MultiCoilMethod,
  type MultiCoilReconOptions,
  type MultiCoilReconResult,
  reconstructMultiCoil,
} from './recon/multicoil.ts';
export { gFactorCartesian } from './gfactor.ts';
export { checkCoilKspace, checkFullySampled, coilCalibDefault, coilReference, SCAN_MULTICOIL_METHODS } from './scan-multicoil.ts';
export { coilsFromNdArray } from './coils/from-ndarray.ts';
export { senseCartesian, senseNonCartesian } from './sense.ts';
export * from './noise.ts';
export * from './scaling.ts';
export * from './random-phantom.ts';
export * from './quality-sweep.ts';
export * from './levels-families.ts';
export { detectPattern } from './report-pattern.ts';
export * from './predict/predict-acceleration.ts';
