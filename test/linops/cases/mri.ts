/**
 * Kit cases for the MRI operators: Cartesian sampling (odd and even sizes), SENSE stacks, and the
 * fast multi-coil SENSE operators (Cartesian with the shifts folded into maps and mask, odd and
 * even sizes, and with its adjoint on a team; NUFFT with the Toeplitz normal at width 16, unweighted and density-weighted).
 */
import { cartesianOperator, senseOperator } from '../../../src/apps/mri/operators.ts';
import { senseCartesian, senseNonCartesian } from '../../../src/apps/mri/sense.ts';
import { soloTeam } from '../../../src/core/parallel/team.ts';
import { nufftPlan } from '../../../src/linops/nufft-plan.ts';
import type { OperatorCase } from '../kit.ts';
import { radialCoords } from '../nufft-helpers.ts';

function coils(ny: number, nx: number, nc: number) {
  const data = new Float64Array(2 * ny * nx * nc);
  for (let c = 0; c < nc; c++) data.set(coil(ny, nx, c), 2 * ny * nx * c);
  return { ny, nx, nc, data };
}

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
  { name: 'senseCartesian 8x6, 3 coils', factory: 'senseCartesian', build: () => senseCartesian(coils(8, 6, 3), mask(8, 6, 3)) },
  { name: 'senseCartesian 7x5 (odd sizes), 2 coils', factory: 'senseCartesian', build: () => senseCartesian(coils(7, 5, 2), mask(7, 5, 2)) },
  {
    // the adjoint's coils split among a team's 2 parts (3 coils: parts of 2 and 1)
    name: 'senseCartesian 7x6, 3 coils, on a 2-part team (its adjoint)',
    factory: 'senseCartesian',
    build: () => senseCartesian(coils(7, 6, 3), mask(7, 6, 2), { team: soloTeam(2) }),
  },
  { name: 'senseNonCartesian 8x6 radial, 2 coils, width 16', factory: 'senseNonCartesian', build: () => senseNonCartesian(coils(8, 6, 2), radialCoords(2, 5, 12), { width: 16 }) },
  {
    name: 'senseNonCartesian 9x7 radial, 3 coils, weighted, width 16',
    factory: 'senseNonCartesian',
    build: () => {
      const coords = radialCoords(2, 6, 10);
      const w = new Float64Array(coords.length / 2).map((_, j) => 0.5 + ((j * 37) % 11) / 7);
      return senseNonCartesian(coils(9, 7, 3), coords, { plan: nufftPlan([9, 7], coords, { width: 16 }), weights: w });
    },
  },
];
