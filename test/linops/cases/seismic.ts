/** Kit cases for the seismic operators: trace sampling, padding, f-k (global and sliding), Radon. */
import { fk2, fkPatches, slidingPatches2 } from '../../../src/linops/fk.ts';
import { radon2 } from '../../../src/linops/radon.ts';
import { traceSampling, zeroPad2 } from '../../../src/linops/seismic-sampling.ts';
import type { OperatorCase } from '../kit.ts';

const offsets = (n: number) => Array.from({ length: n }, (_, i) => (i - (n - 1) / 2) * 12.5);

export const cases: OperatorCase[] = [
  { name: 'traceSampling 4 of 7 x 5', factory: 'traceSampling', build: () => traceSampling(7, 5, [0, 2, 3, 6]) },
  { name: 'traceSampling mask, all kept (unitary)', factory: 'traceSampling', build: () => traceSampling(3, 4, Uint8Array.of(1, 1, 1)) },
  { name: 'zeroPad2 5x3 -> 8x4', factory: 'zeroPad2', build: () => zeroPad2(5, 3, 8, 4) },
  { name: 'zeroPad2 no padding (unitary)', factory: 'zeroPad2', build: () => zeroPad2(2, 3, 2, 3) },
  { name: 'fk2 6x10 (time padded to 16)', factory: 'fk2', build: () => fk2(6, 10) },
  { name: 'fk2 5x8 traces padded to 9 (Bluestein)', factory: 'fk2', build: () => fk2(5, 8, { nxPad: 9 }) },
  { name: 'fk2 4x8 unpadded (unitary)', factory: 'fk2', build: () => fk2(4, 8) },
  { name: 'slidingPatches2 9x20, 4x8 patches, overlap 2x4', factory: 'slidingPatches2', build: () => slidingPatches2(9, 20, { size: [4, 8], overlap: [2, 4] }) },
  { name: 'slidingPatches2 uneven last window', factory: 'slidingPatches2', build: () => slidingPatches2(7, 13, { size: [4, 6], overlap: [1, 2] }) },
  { name: 'slidingPatches2 one patch (unitary)', factory: 'slidingPatches2', build: () => slidingPatches2(3, 5, { size: [8, 8] }) },
  { name: 'fkPatches 10x24, 6x8 patches', factory: 'fkPatches', build: () => fkPatches(10, 24, { size: [6, 8], overlap: [3, 4] }) },
  { name: 'radon2 linear 7 traces, 9 slopes, 20 samples', factory: 'radon2', build: () => radon2(20, offsets(7), Array.from({ length: 9 }, (_, j) => (j - 4) * 1.3e-4), { dt: 0.004 }) },
  { name: 'radon2 parabolic, shifts beyond the trace', factory: 'radon2', build: () => radon2(12, offsets(5), [-2e-5, 0, 3e-5, 9e-4], { kind: 'parabolic', dt: 0.004 }) },
];
