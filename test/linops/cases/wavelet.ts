/** Kit cases for the wavelet analysis operators: every wavelet, 1-D and 2-D, several levels. */
import { WAVELET_NAMES } from '../../../src/core/wavelets/filters.ts';
import { wavelet1, wavelet2 } from '../../../src/linops/wavelet.ts';
import type { OperatorCase } from '../kit.ts';

export const cases: OperatorCase[] = [
  ...WAVELET_NAMES.map((w) => ({
    name: `${w} n=48 levels=3`,
    factory: 'wavelet1',
    build: () => wavelet1(48, { wavelet: w, levels: 3 }),
  })),
  ...WAVELET_NAMES.map((w) => ({
    name: `${w} 16x24 levels=2`,
    factory: 'wavelet2',
    build: () => wavelet2(16, 24, { wavelet: w, levels: 2 }),
  })),
  { name: 'db4 n=64 default levels (3)', factory: 'wavelet1', build: () => wavelet1(64) },
  {
    name: 'db8 n=8 levels=3 (signal shorter than the filter)',
    factory: 'wavelet1',
    build: () => wavelet1(8, { wavelet: 'db8', levels: 3 }),
  },
  {
    name: 'haar n=5 levels=0 (identity)',
    factory: 'wavelet1',
    build: () => wavelet1(5, { wavelet: 'haar', levels: 0 }),
  },
  {
    name: 'db4 32x32 levels=3',
    factory: 'wavelet2',
    build: () => wavelet2(32, 32, { wavelet: 'db4', levels: 3 }),
  },
  {
    name: 'db2 8x64 levels=3 (maximal)',
    factory: 'wavelet2',
    build: () => wavelet2(8, 64, { wavelet: 'db2', levels: 3 }),
  },
  {
    name: 'db3 12x1 levels=0',
    factory: 'wavelet2',
    build: () => wavelet2(12, 1, { wavelet: 'db3', levels: 0 }),
  },
];
