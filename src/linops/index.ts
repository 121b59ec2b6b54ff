/**
 * Linear operators: the contract, combinators and every operator factory.
 * See ./types.ts for the contract and docs/linear-operators.md for the catalogue.
 */
export * from './types.ts';
export { defineOperator, domainBuffer, rangeBuffer, bufferLength, type OperatorSpec, type Kernel } from './define.ts';
export * from './combinators.ts';
export { identity, diagonal, select, restrictRows, restrictCols } from './basic.ts';
export * from './gradient.ts';
export * from './tools.ts';
export { wavelet1, wavelet2, type WaveletOperatorOptions } from './wavelet.ts';
export * from './fourier.ts';
export * from './dct.ts';
export * from './hadamard.ts';
export { traceSampling, zeroPad2 } from './seismic-sampling.ts';
export { fk2, fkPatches, slidingPatches2, nextPow2, axisWindows, type Fk2Options, type PatchOptions, type AxisWindows } from './fk.ts';
export { radon2, type RadonOptions } from './radon.ts';
export { matrixOperator, gaussian, rademacher, gaussianMatrix, rademacherMatrix, normalizeColumns, type EnsembleOptions } from './matrix.ts';

/** Exported functions that are not operator factories (the kit's coverage test skips them). */
export const NOT_OPERATOR_FACTORIES: readonly string[] = [
  'sizeOf',
  'shapeEquals',
  'shapeString',
  'defineOperator',
  'domainBuffer',
  'rangeBuffer',
  'bufferLength',
  'toDense',
  'opNorm',
  'gaussianMatrix',
  'rademacherMatrix',
  'normalizeColumns',
  'nextPow2',
  'axisWindows',
];
