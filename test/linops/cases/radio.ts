/**
 * Kit cases for the radio-imaging operators: the starlet (IUWT) analysis with and without its
 * coarse band, the SARA concatenation of Daubechies bases (an isometry), and the visibility
 * operator through the NUFFT (real image -> weighted re/im visibilities; its Toeplitz normal at
 * the widest kernel matches adjoint(apply) to the kit's 1e-12).
 */
import { visibilityOperator } from '../../../src/apps/radio/measurement.ts';
import { starlet2, waveletFrame2 } from '../../../src/linops/index.ts';
import type { OperatorCase } from '../kit.ts';
import { randomVec } from '../kit.ts';

function uv(M: number, seed: number, cell: number): [Float64Array, Float64Array] {
  const r = randomVec(2 * M, seed);
  const u = new Float64Array(M);
  const v = new Float64Array(M);
  for (let k = 0; k < M; k++) {
    u[k] = (0.9 * r[2 * k]) / cell; // |u cell| <= 0.45 cycles per pixel
    v[k] = (0.9 * r[2 * k + 1]) / cell;
  }
  return [u, v];
}

const cell = 1e-10;
const [u1, v1] = uv(40, 31, cell);
const w1 = new Float64Array(40).map((_, k) => 0.2 + ((k * 13) % 7));

export const cases: OperatorCase[] = [
  { name: 'starlet2 16x16, 2 scales + coarse', factory: 'starlet2', build: () => starlet2(16, 16, { scales: 2 }) },
  { name: 'starlet2 12x20, 3 scales, no coarse band', factory: 'starlet2', build: () => starlet2(12, 20, { scales: 3, coarse: false }) },
  { name: 'starlet2 9x7 default scales (odd sizes, wrap-around)', factory: 'starlet2', build: () => starlet2(9, 7) },
  { name: 'waveletFrame2 16x16 SARA (db1..db8 + Dirac), 2 levels', factory: 'waveletFrame2', build: () => waveletFrame2(16, 16, { levels: 2 }) },
  { name: 'waveletFrame2 8x24 db2+db4 without Dirac, default levels', factory: 'waveletFrame2', build: () => waveletFrame2(8, 24, { wavelets: ['db2', 'db4'], dirac: false }) },
  { name: 'visibilityOperator 12x12, 40 samples, weighted, width 16', factory: 'visibilityOperator', build: () => visibilityOperator(u1, v1, 12, cell, { weights: w1, width: 16 }) },
  { name: 'visibilityOperator 8x8, 40 samples, unweighted, width 16', factory: 'visibilityOperator', build: () => visibilityOperator(u1, v1, 8, cell, { width: 16 }) },
];
