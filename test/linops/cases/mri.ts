/** Kit cases for the MRI operators: Cartesian sampling (odd and even sizes) and SENSE stacks. */
import { cartesianOperator, senseOperator } from '../../../src/apps/mri/operators.ts';
import type { OperatorCase } from '../kit.ts';

function mask(ny: number, nx: number, every: number): Uint8Array {
  const m = new Uint8Array(ny * nx);
  for (let i = 0; i < m.length; i++) if (i % every === 0 || i % 7 === 3) m[i] = 1;
  return m;
}

function coil(ny: number, nx: number, c: number): Float64Array {
  const s = new Float64Array(2 * ny * nx);
  for (let i = 0; i < ny * nx; i++) {
    s[2 * i] = Math.cos(0.3 * i + c) * (1 + 0.1 * c);
    s[2 * i + 1] = Math.sin(0.2 * i - c);
  }
  return s;
}

export const cases: OperatorCase[] = [
  { name: 'cartesianOperator 8x6', factory: 'cartesianOperator', build: () => cartesianOperator(8, 6, mask(8, 6, 3)) },
  { name: 'cartesianOperator 7x5 (odd sizes)', factory: 'cartesianOperator', build: () => cartesianOperator(7, 5, mask(7, 5, 2)) },
  { name: 'cartesianOperator 4x4 full (unitary)', factory: 'cartesianOperator', build: () => cartesianOperator(4, 4, new Uint8Array(16).fill(1)) },
  { name: 'senseOperator 6x4, 3 coils', factory: 'senseOperator', build: () => senseOperator(6, 4, [coil(6, 4, 0), coil(6, 4, 1), coil(6, 4, 2)], mask(6, 4, 2)) },
  { name: 'senseOperator 5x5, 1 coil', factory: 'senseOperator', build: () => senseOperator(5, 5, [coil(5, 5, 1)], mask(5, 5, 3)) },
];
