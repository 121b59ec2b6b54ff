/**
 * Candor's seismic application (browser-safe): gathers, trace decimation, the f-k / f-x sparse
 * operators, POCS and FISTA interpolation, metrics, the theory report and figures, and the decimation plan (./plan/). File handling
 * (SEG-Y, SU on disk) is in `candor/node`. See docs/seismic.md. Package subpath `candor/seismic`.
 *
 * @example
 * import { interpolate } from 'candor/seismic';
 */
export { applyMask, DECIMATION_PATTERNS, decimationMask, type DecimationPattern } from './decimate.ts';
export { densityFigure, fkFigure, type Panel, psfFigure, ticks, wiggleFigure } from './figures.ts';
export * from './gather.ts';
export * from './info.ts';
export { type Interpolated, interpolateGather, type InterpolateOptions, INTERPOLATION_METHODS, type InterpolationMethod, METHOD_TRANSFORM } from './interpolate.ts';
export * from './linear.ts';
export * from './metrics.ts';
export * from './panels.ts';
export { defaultNxPad, POCS_DEFAULTS, pocsInterpolate, type PocsOptions, type PocsResult, type ThresholdSchedule } from './pocs.ts';
export * from './report.ts';
export * from './sparse.ts';
export * from './sparse-lambda.ts';
export * from './study.ts';
export * from './synthetic.ts';
export * from './theory.ts';
export * from './bounds.ts';
export * from './fx-predict.ts';
export * from './gain.ts';
export * from './windows.ts';
export { fkContext, fkLevels, predictSnr, type FkContext, type SeismicModelParams, type SnrPrediction } from './plan/model.ts';
export { predictDecimation, type DecimationPrediction, type PredictDecimationOptions } from './plan/predict-decimation.ts';
export {
  type DecimationPlan,
  type DecimationScanOptions,
  type DecimationScanSpec,
  decimationScanKind,
  decimationScanPlan,
  decimationScanSpec,
  PLAN_PATTERNS,
  type PlanPattern,
  runDecimationTask,
  SEISMIC_PLAN_DEFAULTS,
} from './plan/scan.ts';
