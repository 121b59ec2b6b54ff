/**
 * The contract of a fuzz target (one small module per parser under ./targets/, found by
 * ./targets.ts): real inputs to start from, a generator of hostile inputs, the call under test,
 * and which errors are its documented ones. Everything else it throws is a crash.
 */
import type { Rng } from '../../src/core/rng/index.ts';

/** What a generator may produce: file bytes, text, or a JSON-like value. */
export type FuzzInput = Uint8Array | string | unknown;

export interface FuzzTarget {
  /** Short name, used on the command line (`npm run fuzz -- --targets png`). */
  name: string;
  /** Real inputs (files from test/fixtures and ../shared/data, or parsed JSON), loaded once. */
  seeds(): FuzzInput[];
  /** The i-th input: a mutation of a seed or a hostile header, from `rng` alone (reproducible). */
  generate(rng: Rng, seeds: FuzzInput[]): FuzzInput;
  /** Calls the parser. Its return value is kept alive while memory is measured. */
  run(input: FuzzInput): unknown;
  /** True for the documented error type(s); default: CandorError. */
  expected?(e: unknown): boolean;
}
