/**
 * Operator specs (src/linops/operator-spec.ts parseOperatorSpec, then buildOperatorSpec for specs of
 * at most 2^16 stored entries: building a valid larger spec is allowed by SPEC_LIMITS and is only
 * slow, not a parser fault).
 */
import { buildOperatorSpec, parseOperatorSpec } from '../../../src/linops/operator-spec.ts';
import { mutateJsonText, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

const SEEDS: unknown[] = [
  { type: 'gaussian', m: 10, n: 32, seed: 1 },
  { type: 'gaussian', m: 10, n: 32, seed: 1, columns: 'unit' },
  { type: 'rademacher', m: 8, n: 16, seed: 3 },
  { type: 'partial-dct', n: 16, rows: [0, 5, 7] },
  { type: 'partial-fourier', n: 16, rows: [1, 2, 3] },
  { type: 'partial-hadamard', n: 16, m: 4, seed: 2 },
];

export const target: FuzzTarget = {
  name: 'operator-spec',
  seeds: () => SEEDS,
  generate: (rng, seeds) => mutateJsonText(rng, pick(rng, seeds)),
  run: (x) => {
    const spec = parseOperatorSpec(x as string, 'fuzz.json') as unknown as { m?: number; n: number; rows?: number[] };
    const m = spec.m ?? spec.rows?.length ?? 0;
    return m * spec.n <= 1 << 16 ? buildOperatorSpec(spec as never) : spec;
  },
};
