/**
 * Input checks shared by the theory layer. Every bad input throws a CandorError with the message
 * `<where>: <what>: expected <expected>, got <got>`, for example
 * `statdim: k: expected an integer in [1, n = 100], got 101`.
 *
 * @example
 * import { checkSizes } from './validate.ts';
 * checkSizes('plan', 200, 20); // ok
 * checkSizes('plan', 200, 201); // throws "plan: k: expected an integer in [1, n = 200], got 201"
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';

/** Signal model: 'signed' = l1 norm (cross-polytope); 'nonneg' = sum(x) with x >= 0 (simplex). */
export type Signal = 'signed' | 'nonneg';

/** Returns the signal (default 'signed') or throws. */
export function checkSignal(where: string, signal: unknown): Signal {
  if (signal === undefined) return 'signed';
  if (signal !== 'signed' && signal !== 'nonneg') {
    throw new CandorError(where, 'signal', "'signed' or 'nonneg'", describe(signal));
  }
  return signal;
}

/**
 * The largest signal length the theory layer accepts. The formulas hold for any n, but beyond
 * 1e9 nobody stores the signal, and every bisection over m or k stays far from 2^53.
 */
export const MAX_N = 1_000_000_000;

/** 1 <= n <= MAX_N and 1 <= k <= n, both integers. */
export function checkSizes(where: string, n: unknown, k: unknown): void {
  checkInt(where, 'n', n, 1, MAX_N);
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > (n as number)) {
    throw new CandorError(where, 'k', `an integer in [1, n = ${n}]`, describe(k));
  }
}

/** 1 <= m <= n, an integer. */
export function checkMeasurements(where: string, n: number, m: unknown): void {
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > n) {
    throw new CandorError(where, 'm', `an integer in [1, n = ${n}]`, describe(m));
  }
}

/** A probability strictly inside (0, 1). */
export function checkProbability(where: string, name: string, p: unknown): number {
  if (typeof p !== 'number' || !(p > 0 && p < 1)) {
    throw new CandorError(where, name, 'a probability in (0, 1)', describe(p));
  }
  return p;
}

/** A ratio in (0, 1] (rho = k/n, delta = m/n). */
export function checkRatio(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v > 0 && v <= 1)) {
    throw new CandorError(where, name, 'a number in (0, 1]', describe(v));
  }
  return v;
}
