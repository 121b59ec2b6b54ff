/**
 * The operator kit on random shapes and parameters (fast-check): the fixed cases in
 * test/linops/cases/ pin known instances; these properties probe the rest of the parameter space.
 */
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { restrictRows, select } from '../../src/linops/basic.ts';
import { compose } from '../../src/linops/combinators.ts';
import { dct2, partialDct2 } from '../../src/linops/dct.ts';
import { dft2, maskedDft2, partialDft2 } from '../../src/linops/fourier.ts';
import { gradient2 } from '../../src/linops/gradient.ts';
import { hadamard, partialHadamard } from '../../src/linops/hadamard.ts';
import { wavelet2 } from '../../src/linops/wavelet.ts';
import { WAVELET_NAMES } from '../../src/core/wavelets/index.ts';
import { runKit, testRng } from './kit.ts';

const dims = fc.integer({ min: 1, max: 12 });
/** A 0/1 mask of size n with at least one sample, from a seed. */
function mask(n: number, seed: number, p: number): Uint8Array {
  const r = testRng(seed);
  const m = Uint8Array.from({ length: n }, () => (r() + 0.5 < p ? 1 : 0));
  m[seed % n] = 1;
  return m;
}
const opts = { numRuns: 25, seed: 2026 };

describe('operator kit on random shapes', () => {
  it('dft2 (centred or not) and its masked and partial forms', () => {
    fc.assert(
      fc.property(dims, dims, fc.boolean(), fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0.05, max: 1, noNaN: true }), (ny, nx, centered, seed, p) => {
        runKit({ name: 'dft2', factory: 'dft2', build: () => dft2(ny, nx, { centered }) });
        const m = mask(ny * nx, seed, p);
        runKit({ name: 'partialDft2', factory: 'partialDft2', build: () => partialDft2(ny, nx, m, { centered }) });
        runKit({ name: 'maskedDft2', factory: 'maskedDft2', build: () => maskedDft2(ny, nx, m, { centered }) });
      }),
      opts,
    );
  });
  it('dct2, partialDct2 and gradient2', () => {
    fc.assert(
      fc.property(dims, dims, fc.integer({ min: 1, max: 1e6 }), (ny, nx, seed) => {
        runKit({ name: 'dct2', factory: 'dct2', build: () => dct2(ny, nx) });
        runKit({ name: 'partialDct2', factory: 'partialDct2', build: () => partialDct2(ny, nx, mask(ny * nx, seed, 0.4)) });
        runKit({ name: 'gradient2', factory: 'gradient2', build: () => gradient2(ny, nx, { boundary: seed % 2 ? 'periodic' : 'neumann' }) });
      }),
      opts,
    );
  });
  it('wavelet2 for every wavelet, random sizes and levels', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WAVELET_NAMES), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (w, levels, a, b) => {
        const ny = a * 2 ** levels;
        const nx = b * 2 ** levels;
        runKit({ name: 'wavelet2', factory: 'wavelet2', build: () => wavelet2(ny, nx, { wavelet: w, levels }) });
      }),
      opts,
    );
  });
  it('Hadamard, partial Hadamard, selections and compositions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 1e6 }), (p, seed) => {
        const n = 2 ** p;
        const m = mask(n, seed, 0.5);
        const rows = [...m.keys()].filter((i) => m[i]);
        runKit({ name: 'hadamard', factory: 'hadamard', build: () => hadamard(n) });
        runKit({ name: 'partialHadamard', factory: 'partialHadamard', build: () => partialHadamard(n, rows) });
        runKit({ name: 'restrictRows(dft2)', factory: 'restrictRows', build: () => restrictRows(dft2(1, n), m) });
        runKit({ name: 'select o hadamard', factory: 'compose', build: () => compose(select([n], rows), hadamard(n)) });
      }),
      opts,
    );
  });
});
