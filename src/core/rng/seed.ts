/**
 * Seeding: SplitMix64 and the derivation of a stream's 256-bit xoshiro state from
 * (master seed, stream id, stream id, ...).
 *
 * SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
 * the variant recommended by Blackman & Vigna for seeding xoshiro) has the finaliser
 *
 *     mix64(z) = let z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9,
 *                    z = (z ^ (z >> 27)) * 0x94d049bb133111eb
 *                in  z ^ (z >> 31)                         (all arithmetic mod 2^64)
 *
 * a bijection of 64-bit words. With GAMMA = 0x9e3779b97f4a7c15 the derivation is a hash chain:
 *
 *     key  <- seed
 *     for each stream id:  key <- mix64(key ^ mix64(id + GAMMA))
 *     s_j  <- mix64(key + (j + 1) * GAMMA),  j = 0..3       (the first four SplitMix64 outputs)
 *
 * so `createRng(seed)` is xoshiro256** seeded by SplitMix64(seed) exactly as its authors suggest,
 * and a Monte Carlo trial is reproducible from (seed, cell id, trial id) alone: no generator has to
 * be advanced through earlier trials. For a fixed key the step is a bijection in id, and for a
 * fixed id a bijection in key, so distinct ids at one level never share a key. BigInt is used
 * here only (seeding is not on a hot path).
 *
 * @example
 * import { deriveState } from './seed.ts';
 * deriveState(42, [3, 7]);  // Int32Array(8): hi/lo halves of s0..s3
 */
import { CandorError, describe } from '../errors.ts';

const M64 = (1n << 64n) - 1n;
export const GAMMA = 0x9e3779b97f4a7c15n;

/** The SplitMix64 finaliser (a bijection of 64-bit words). */
export function mix64(z: bigint): bigint {
  z &= M64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}

/** A seed or stream id: a non-negative safe integer or a bigint in [0, 2^64). */
export type SeedLike = number | bigint;

/** Validates a seed or stream id and returns it as a bigint (CandorError when bad). */
export function toSeed(where: string, name: string, v: unknown): bigint {
  if (typeof v === 'bigint') {
    if (v >= 0n && v <= M64) return v;
    throw new CandorError(where, name, 'a non-negative safe integer or a bigint in [0, 2^64)', `${v}n`);
  }
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  throw new CandorError(where, name, 'a non-negative safe integer or a bigint in [0, 2^64)', describe(v));
}

/** The 64-bit stream key: key <- seed; key <- mix64(key ^ mix64(id + GAMMA)) for each id. */
export function streamKey(seed: SeedLike, ids: readonly SeedLike[], where = 'createRng'): bigint {
  let key = toSeed(where, 'seed', seed);
  for (let i = 0; i < ids.length; i++) {
    const id = toSeed(where, `stream id ${i}`, ids[i]);
    key = mix64(key ^ mix64(id + GAMMA));
  }
  return key;
}

/**
 * The xoshiro256** state for (seed, ...ids): s_j = mix64(key + (j + 1) GAMMA), returned as
 * Int32Array [s0.hi, s0.lo, s1.hi, s1.lo, s2.hi, s2.lo, s3.hi, s3.lo]. The state is never all
 * zero (mix64 is a bijection and the four inputs differ).
 */
export function deriveState(seed: SeedLike, ids: readonly SeedLike[], where = 'createRng'): Int32Array {
  const key = streamKey(seed, ids, where);
  const s = new Int32Array(8);
  for (let j = 0; j < 4; j++) {
    const w = mix64(key + BigInt(j + 1) * GAMMA);
    s[2 * j] = Number(BigInt.asIntN(32, w >> 32n));
    s[2 * j + 1] = Number(BigInt.asIntN(32, w));
  }
  return s;
}
