/**
 * Kit cases for the Fourier-family operators: DFT (1-D, 2-D, centred), partial and masked DFT,
 * DCT (1-D, 2-D, partial) and Walsh-Hadamard (full and subsampled), at power-of-two, mixed-radix
 * (2, 3, 4, 5, 7, 11 and generic odd primes), Bluestein (a prime factor above 100) and degenerate
 * sizes, including the scanner-like shapes 320x320 and 230x180.
 */
import { dct1, dct2, partialDct1, partialDct2 } from '../../../src/linops/dct.ts';
import { dft1, dft2, maskedDft2, partialDft1, partialDft2 } from '../../../src/linops/fourier.ts';
import { hadamard, partialHadamard } from '../../../src/linops/hadamard.ts';
import { partialRealFourier, realFourier } from '../../../src/linops/fourier-real.ts';
import { drawOperator } from '../../../src/linops/draw.ts';
import { createRng } from '../../../src/core/rng/index.ts';
import { type OperatorCase, testRng } from '../kit.ts';

/** A deterministic 0/1 mask of n entries with about `frac` set (at least one). */
function mask(n: number, frac: number, seed: number): Uint8Array {
  const r = testRng(seed);
  const m = new Uint8Array(n);
  for (let i = 0; i < n; i++) m[i] = r() + 0.5 < frac ? 1 : 0;
  m[0] = 1;
  return m;
}

export const cases: OperatorCase[] = [
  { name: 'n=1', factory: 'realFourier', build: () => realFourier(1) },
  { name: 'n=16 (even: Nyquist row)', factory: 'realFourier', build: () => realFourier(16) },
  { name: 'n=15 (odd)', factory: 'realFourier', build: () => realFourier(15) },
  { name: 'n=2', factory: 'realFourier', build: () => realFourier(2) },
  { name: '5 of 16', factory: 'partialRealFourier', build: () => partialRealFourier(16, [0, 3, 9, 12, 15]) },
  { name: 'mask of 21 (odd)', factory: 'partialRealFourier', build: () => partialRealFourier(21, mask(21, 0.4, 5)) },
  { name: 'partial-dct 12 of 40 (operator form, scaled rows)', factory: 'drawOperator', build: () => drawOperator('partial-dct', 12, 40, createRng(3), 'operator') },
  { name: 'partial-fourier 7 of 30 (complex)', factory: 'drawOperator', build: () => drawOperator('partial-fourier', 7, 30, createRng(4), 'operator') },
  { name: 'gaussian 6 x 9 (dense form)', factory: 'drawOperator', build: () => drawOperator('gaussian', 6, 9, createRng(5), 'dense') },
  { name: 'n=1', factory: 'dft1', build: () => dft1(1) },
  { name: 'n=64 (power of two)', factory: 'dft1', build: () => dft1(64) },
  { name: 'n=12 (mixed radix 4.3)', factory: 'dft1', build: () => dft1(12) },
  { name: 'n=97 (prime, one generic stage)', factory: 'dft1', build: () => dft1(97) },
  { name: 'n=101 (prime, Bluestein)', factory: 'dft1', build: () => dft1(101) },
  { name: 'n=360 (mixed radix 4.2.3.3.5)', factory: 'dft1', build: () => dft1(360) },
  { name: 'n=1001 (7.11.13: unrolled 7 and 11, generic 13)', factory: 'dft1', build: () => dft1(1001) },
  { name: 'n=4097 (17 x 241, Bluestein)', factory: 'dft1', build: () => dft1(4097) },
  { name: '8x16', factory: 'dft2', build: () => dft2(8, 16) },
  { name: '6x10 (mixed radix both axes)', factory: 'dft2', build: () => dft2(6, 10) },
  { name: '230x180 (generic radix 23 down the columns)', factory: 'dft2', build: () => dft2(230, 180) },
  { name: '103x9 (Bluestein columns)', factory: 'dft2', build: () => dft2(103, 9) },
  { name: '320x320 centered', factory: 'dft2', build: () => dft2(320, 320, { centered: true }) },
  { name: '45x63 centered (odd, mixed radix)', factory: 'dft2', build: () => dft2(45, 63, { centered: true }) },
  { name: '1x5', factory: 'dft2', build: () => dft2(1, 5) },
  { name: '16x8 centered', factory: 'dft2', build: () => dft2(16, 8, { centered: true }) },
  { name: '7x5 centered (odd sizes)', factory: 'dft2', build: () => dft2(7, 5, { centered: true }) },
  {
    name: '20 of 64 rows (index list)',
    factory: 'partialDft1',
    build: () => partialDft1(64, [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 63, 40, 41, 42, 9, 10, 11, 30, 31, 32]),
  },
  {
    name: 'mask on n=15 (mixed radix 3.5)',
    factory: 'partialDft1',
    build: () => partialDft1(15, mask(15, 0.4, 1)),
  },
  {
    name: 'mask on n=210 (2.3.5.7)',
    factory: 'partialDft1',
    build: () => partialDft1(210, mask(210, 0.3, 15)),
  },
  { name: 'all rows (unitary)', factory: 'partialDft1', build: () => partialDft1(6, [5, 4, 3, 2, 1, 0]) },
  { name: '16x16 30% mask', factory: 'partialDft2', build: () => partialDft2(16, 16, mask(256, 0.3, 2)) },
  {
    name: '16x16 30% mask centered',
    factory: 'partialDft2',
    build: () => partialDft2(16, 16, mask(256, 0.3, 3), { centered: true }),
  },
  {
    name: '9x6 50% mask centered (odd rows)',
    factory: 'partialDft2',
    build: () => partialDft2(9, 6, mask(54, 0.5, 4), { centered: true }),
  },
  { name: '8x8 single sample', factory: 'partialDft2', build: () => partialDft2(8, 8, [27]) },
  {
    name: '30x46 30% mask centered (radix 23)',
    factory: 'partialDft2',
    build: () => partialDft2(30, 46, mask(30 * 46, 0.3, 11), { centered: true }),
  },
  { name: '16x8 25% mask', factory: 'maskedDft2', build: () => maskedDft2(16, 8, mask(128, 0.25, 5)) },
  {
    name: '5x6 40% mask centered',
    factory: 'maskedDft2',
    build: () => maskedDft2(5, 6, mask(30, 0.4, 6), { centered: true }),
  },
  {
    name: '36x50 25% mask centered',
    factory: 'maskedDft2',
    build: () => maskedDft2(36, 50, mask(36 * 50, 0.25, 12), { centered: true }),
  },
  {
    name: '4x4 full mask (unitary)',
    factory: 'maskedDft2',
    build: () => maskedDft2(4, 4, new Uint8Array(16).fill(1), { centered: true }),
  },
  { name: 'n=1', factory: 'dct1', build: () => dct1(1) },
  { name: 'n=64', factory: 'dct1', build: () => dct1(64) },
  { name: 'n=10 (even, 5-point half length)', factory: 'dct1', build: () => dct1(10) },
  { name: 'n=15 (odd)', factory: 'dct1', build: () => dct1(15) },
  { name: 'n=1000 (even, 500-point mixed radix)', factory: 'dct1', build: () => dct1(1000) },
  { name: 'n=105 (odd, 3.5.7)', factory: 'dct1', build: () => dct1(105) },
  { name: 'n=206 (even, 103-point Bluestein)', factory: 'dct1', build: () => dct1(206) },
  { name: '8x16', factory: 'dct2', build: () => dct2(8, 16) },
  { name: '5x6', factory: 'dct2', build: () => dct2(5, 6) },
  { name: '30x49', factory: 'dct2', build: () => dct2(30, 49) },
  { name: '12 of 64', factory: 'partialDct1', build: () => partialDct1(64, mask(64, 0.2, 7)) },
  { name: 'about 90 of 360', factory: 'partialDct1', build: () => partialDct1(360, mask(360, 0.25, 14)) },
  { name: '3 of 7 (index list)', factory: 'partialDct1', build: () => partialDct1(7, [6, 0, 3]) },
  { name: '16x16 25% mask', factory: 'partialDct2', build: () => partialDct2(16, 16, mask(256, 0.25, 8)) },
  { name: '5x7 50% mask', factory: 'partialDct2', build: () => partialDct2(5, 7, mask(35, 0.5, 9)) },
  { name: '36x20 30% mask', factory: 'partialDct2', build: () => partialDct2(36, 20, mask(720, 0.3, 13)) },
  { name: 'n=1', factory: 'hadamard', build: () => hadamard(1) },
  { name: 'n=2', factory: 'hadamard', build: () => hadamard(2) },
  { name: 'n=128', factory: 'hadamard', build: () => hadamard(128) },
  { name: '30 of 256', factory: 'partialHadamard', build: () => partialHadamard(256, mask(256, 0.12, 10)) },
  { name: '3 of 8 (index list)', factory: 'partialHadamard', build: () => partialHadamard(8, [7, 1, 4]) },
  { name: 'all of 4 (unitary)', factory: 'partialHadamard', build: () => partialHadamard(4, [0, 1, 2, 3]) },
];
