/**
 * Seeded randomness for Candor: `createRng(seed, ...streamIds)` returns an xoshiro256** generator
 * ({@link Rng}) whose state is derived from the master seed and the stream ids by a SplitMix64 hash
 * chain (./seed.ts):
 *
 *     key <- seed;  for each id: key <- mix64(key ^ mix64(id + GAMMA));  s_j = mix64(key + (j+1) GAMMA)
 *
 * with GAMMA = 0x9e3779b97f4a7c15 and mix64 the SplitMix64 finaliser. A Monte Carlo trial is
 * therefore reproducible from (master seed, cell id, trial id) alone, in any order, on any number
 * of workers: `createRng(seed, cell, trial)`. Streams are bit-identical on every machine and in the
 * browser (32-bit integer arithmetic only; deterministic exp/log in the Gaussian sampler).
 * See docs/rng.md.
 *
 * @example
 * import { createRng } from './index.ts';
 * const rng = createRng(2024, 3, 7);           // master seed 2024, cell 3, trial 7
 * const x = rng.fillNormal(new Float64Array(4));
 * createRng(2024, 3, 7).fillNormal(new Float64Array(4));  // the same four values as x
 */
import { Rng } from './rng.ts';
import { deriveState, type SeedLike } from './seed.ts';

export { Rng } from './rng.ts';
export { SPARSE_MODELS, type SparseModel } from './sample.ts';
export { mix64, type SeedLike, streamKey } from './seed.ts';

/**
 * A generator for (seed, ...streamIds). Seeds and ids are non-negative safe integers or bigints
 * below 2^64; anything else throws a CandorError (`createRng: seed: expected ...`).
 */
export function createRng(seed: SeedLike, ...streamIds: SeedLike[]): Rng {
  return new Rng(deriveState(seed, streamIds));
}
