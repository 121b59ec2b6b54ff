/**
 * Kit cases for the non-uniform FFT family: type 2 / type 1 with the direct normal (exactly
 * adjoint(apply)) and with the Toeplitz normal at the widest kernel (Toeplitz normal of the exact
 * NDFT; both it and adjoint(apply) are within ~1e-14 of the exact A^H A there, so the kit's 1e-12
 * holds), the standalone weighted Toeplitz normal, and the exact NDFT; 1-D, 2-D (odd and even),
 * 3-D, oversampling 2 and 1.25 (direct normal there: its widest kernel is accurate to ~1e-11 only).
 */
import { ndft, nufft, nufftPlan, toeplitzNormal } from '../../../src/linops/index.ts';
import type { OperatorCase } from '../kit.ts';
import { radialCoords, randomCoords } from '../nufft-helpers.ts';

const weights = (M: number) => new Float64Array(M).map((_, j) => 0.5 + ((j * 37) % 11) / 7);

export const cases: OperatorCase[] = [
  { name: 'nufft 2-D 12x10 random 50, direct normal', factory: 'nufft', build: () => nufft([12, 10], randomCoords(50, 2, 21), { normal: 'direct' }) },
  { name: 'nufft 2-D 9x7 radial, Toeplitz normal, width 16', factory: 'nufft', build: () => nufft([9, 7], radialCoords(2, 6, 10), { width: 16 }) },
  { name: 'nufft 1-D 17 random 23, direct normal, oversampling 1.25', factory: 'nufft', build: () => nufft([17], randomCoords(23, 1, 22), { oversampling: 1.25, normal: 'direct' }) },
  { name: 'nufft 1-D 16 random 23, Toeplitz normal, width 16', factory: 'nufft', build: () => nufft([16], randomCoords(23, 1, 22), { width: 16 }) },
  { name: 'nufft 3-D 5x4x6 random 40, Toeplitz normal, width 16', factory: 'nufft', build: () => nufft(nufftPlan([5, 4, 6], randomCoords(40, 3, 23), { width: 16 })) },
  { name: 'nufft 3-D 4x4x4 radial, direct normal, width 4', factory: 'nufft', build: () => nufft([4, 4, 4], radialCoords(3, 5, 6), { width: 4, normal: 'direct' }) },
  { name: 'toeplitzNormal 2-D 8x6 random 30, weighted', factory: 'toeplitzNormal', build: () => toeplitzNormal(nufftPlan([8, 6], randomCoords(30, 2, 24)), { weights: weights(30) }) },
  { name: 'toeplitzNormal 3-D 3x4x5 random 20', factory: 'toeplitzNormal', build: () => toeplitzNormal(nufftPlan([3, 4, 5], randomCoords(20, 3, 25))) },
  { name: 'ndft 2-D 7x6 random 25', factory: 'ndft', build: () => ndft([7, 6], randomCoords(25, 2, 26)) },
  { name: 'ndft 3-D 3x2x4 random 9', factory: 'ndft', build: () => ndft([3, 2, 4], randomCoords(9, 3, 27)) },
];
