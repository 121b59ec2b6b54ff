/** Sweep specs (src/experiments/spec.ts parseSpec): mutated objects, JSON and YAML text. */
import { stringify } from 'yaml';
import { parseSpec } from '../../../src/experiments/spec.ts';
import { mutateJsonText, mutateValue, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

const SEEDS: unknown[] = [
  { name: 'pt', ensemble: 'gaussian', signal: 'signed', solver: 'bp-lp', n: 100, delta: { from: 0.1, to: 0.9, count: 5 }, rho: [0.1, 0.3, 0.5], trials: 10, success: { kind: 'relative-error', threshold: 1e-5 }, seed: 1 },
  { ensemble: 'partial-dct', n: 64, delta: [0.25, 0.5], rho: [0.2], trials: 4, solver: { name: 'omp', options: { maxIter: 10 } } },
  { ensemble: 'rademacher', signal: 'nonneg', n: 40, success: 'support' },
  {},
];

export const target: FuzzTarget = {
  name: 'sweep-spec',
  seeds: () => SEEDS,
  generate: (rng, seeds) => {
    const s = pick(rng, seeds);
    const r = rng.int(4);
    if (r === 0) return mutateJsonText(rng, s);
    if (r === 1) return stringify(mutateValue(rng, s)) as string;
    return mutateValue(rng, s);
  },
  run: (x) => parseSpec(x),
};
