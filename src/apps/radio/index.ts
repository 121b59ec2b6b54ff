/**
 * Candor's radio-interferometry application, the part before imaging: the visibility model
 * (Stokes I, flags, weights, averaging, imaging weights), angles, coverage theory (resolution,
 * largest scale, cell check, filling fraction), the exact DFT reference for the dirty image and
 * PSF, figure specs and the file summary. Browser-safe; file output is in ./node/. See docs/radio.md.
 *
 * @example
 * import { readUvfits } from '../../io/index.ts';
 * import { visibilitiesFromUvfits, coverageStats, imagingWeights, dftDirtyImage } from './index.ts';
 * // const vs = visibilitiesFromUvfits(readUvfits(bytes, { name: f }), { name: f });
 * // const c = coverageStats(vs);
 * // const { weights } = imagingWeights(vs, { scheme: 'natural', size: 64, cell: c.suggestedCell });
 * // const { image, psf } = dftDirtyImage(vs, weights, 64, c.suggestedCell);
 */
export { ANGLE_UNITS, formatAngle, formatWavelengths, parseAngle } from './angles.ts';
export { type AverageOptions, averageVisibilities } from './averaging.ts';
export {
  type CoverageStats,
  checkCell,
  coverageStats,
  type FillingFraction,
  fillingFraction,
  type GridCoherence,
  gridCoherence,
} from './coverage.ts';
export { dftDirtyImage, dftPredict, pixelDirections } from './dft-reference.ts';
export { amplitudeSpec, type FigureOptions, uvCoverageSpec } from './figures.ts';
export { formatRaDec, infoFromVisibilities, jdToIso, type RadioInfo, radioInfo } from './info.ts';
export {
  type FromUvfitsOptions,
  hermitianPoints,
  type Visibilities,
  type VisibilityCounts,
  visibilitiesFromEhtText,
  visibilitiesFromUvfits,
} from './visibilities.ts';
export {
  gridCell,
  griddedWeights,
  type ImagingWeights,
  imagingWeights,
  WEIGHTING_SCHEMES,
  type WeightingOptions,
  type WeightingScheme,
} from './weighting.ts';
export { type Beam, beamArea, type BeamFit, convolveBeam, fitBeam, gaussianBeam } from './beam.ts';
export { clean, CLEAN_DEFAULTS, type CleanOptions, type CleanResult } from './clean.ts';
export * from './closures.ts';
export { CS_DEFAULTS, CS_DICTIONARIES, type CsDictionary, csImage, type CsOptions, type CsResult } from './cs.ts';
export { type DirtyImage, dirtyImage, psfCentre, residualImage } from './dirty.ts';
export * from './features.ts';
export * from './image.ts';
export { type VisibilityOperator, visibilityOperator, type VisibilityOperatorOptions } from './measurement.ts';
export * from './preprocess.ts';
export * from './ring.ts';
export * from './rml-terms.ts';
export * from './rml.ts';
export * from './selfcal.ts';
export * from './simulate.ts';
export * from './skies.ts';
export * from './study.ts';
export { explainImage, type ImagingTheory, imagingTheory, psfSideLobe, type TheoryInputs } from './theory.ts';
export { RADIO_PLAN_DEFAULTS, type RadioPlan, type RadioPlanOptions, radioPlan, trackFraction } from './plan.ts';
export { radioVerifyKind, type RadioVerifyRow, type RadioVerifySpec, verifyRadioPlan } from './plan-verify.ts';
