/**
 * Candor's numerical core (browser-safe): errors, vectors and complex kernels, the seeded RNG,
 * dense algebra with WebAssembly SIMD products, FFT / DCT of any length, wavelets, image metrics.
 * Package subpath `candor/core`.
 *
 * @example
 * import { createRng, fft } from 'candor/core';
 */
export * from './errors.ts';
export * from './dense/index.ts';
export * from './fft/index.ts';
export * from './imaging/index.ts';
export { partRange, partRangeComplex, registerKernel, soloTeam, type Team, teamScope } from './parallel/team.ts';
export * from './rng/index.ts';
export * from './wavelets/index.ts';
