/**
 * Phase-transition sweep specifications.
 *
 * A sweep runs `trials` independent recoveries in every cell of a grid over the Donoho-Tanner
 * plane: delta = m/n (undersampling) and rho = k/m (sparsity per measurement). In cell (i, j)
 * m = round(delta_i n) and k = max(1, round(rho_j m)). Each trial draws its matrix and signal from
 * `createRng(seed, cell, trial)` alone (cell = i * rho.length + j), so any trial can be reproduced
 * bit-for-bit on its own, in any order, on any number of workers.
 *
 * Spec fields (JSON or YAML; every field has a default):
 *   name        free text (default 'sweep')
 *   ensemble    gaussian | rademacher | partial-dct | partial-fourier | hadamard
 *   signal      signed (+-1) | gaussian (N(0,1)) | nonneg (+1)
 *   solver      { name, options } (name from ./solvers.ts; default bp-homotopy)
 *   n           ambient dimension (default 200)
 *   delta, rho  grids: a list of numbers in (0, 1], or { from, to, count } (evenly spaced);
 *               default { from: 0.05, to: 0.95, count: 15 } each (the 15 x 15 Donoho-Tanner grid)
 *   trials      trials per cell (default 20)
 *   success     { kind: 'relative-error', threshold } (default 1e-5) or { kind: 'support' }
 *   seed        master seed (default 1)
 *
 * @example
 * import { parseSpec } from './spec.ts';
 * const s = parseSpec({ ensemble: 'gaussian', n: 100, delta: { from: 0.1, to: 0.9, count: 5 },
 *   rho: [0.1, 0.2], trials: 10 });
 * s.cells.length; // 10
 */
import { parse as parseYaml } from 'yaml';
import { CandorError, describe } from '../core/errors.ts';

export const ENSEMBLES = ['gaussian', 'rademacher', 'partial-dct', 'partial-fourier', 'hadamard'] as const;
export type Ensemble = (typeof ENSEMBLES)[number];
export const SIGNALS = ['signed', 'gaussian', 'nonneg'] as const;
export type SignalModel = (typeof SIGNALS)[number];

export interface SuccessCriterion {
  kind: 'relative-error' | 'support';
  /** Relative l2 error threshold (relative-error) or magnitude threshold defining the support. */
  threshold: number;
}

export interface SweepSpec {
  name: string;
  ensemble: Ensemble;
  signal: SignalModel;
  solver: { name: string; options: Record<string, unknown> };
  n: number;
  delta: number[];
  rho: number[];
  trials: number;
  success: SuccessCriterion;
  seed: number;
}

export interface Cell {
  index: number;
  i: number;
  j: number;
  delta: number;
  rho: number;
  m: number;
  k: number;
}

export interface ParsedSpec extends SweepSpec {
  cells: Cell[];
}

export const SPEC_DEFAULTS = Object.freeze({
  name: 'sweep',
  ensemble: 'gaussian' as Ensemble,
  signal: 'signed' as SignalModel,
  solver: Object.freeze({ name: 'bp-homotopy', options: Object.freeze({}) }),
  n: 200,
  /** 15 evenly spaced values in [0.05, 0.95] (step 0.0643), for delta and rho alike. */
  delta: Object.freeze({ from: 0.05, to: 0.95, count: 15 }),
  rho: Object.freeze({ from: 0.05, to: 0.95, count: 15 }),
  trials: 20,
  success: Object.freeze({ kind: 'relative-error' as const, threshold: 1e-5 }),
  seed: 1,
});

const KNOWN = new Set(['name', 'ensemble', 'signal', 'solver', 'n', 'delta', 'rho', 'trials', 'success', 'seed']);

function fail(field: string, expected: string, got: unknown, verbatim = false): never {
  throw new CandorError('sweep spec', `field ${field}`, expected, verbatim ? String(got) : describe(got), 'usage');
}

/** Largest { from, to, count } grid (a list is as long as its file). */
const MAX_GRID = 1000;

function grid(field: string, v: unknown): number[] {
  let out: number[];
  if (Array.isArray(v)) out = v;
  else if (v && typeof v === 'object') {
    const g = v as { from?: unknown; to?: unknown; count?: unknown };
    const { from, to, count } = g;
    // the count is checked before the grid is built: { count: 1e9 } would allocate gigabytes
    if (typeof from !== 'number' || typeof to !== 'number' || !Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_GRID) {
      const shown = `{ from: ${describe(from)}, to: ${describe(to)}, count: ${describe(count)} }`;
      fail(field, `a list of numbers or { from, to, count } with an integer count in [1, ${MAX_GRID}]`, shown, true);
    }
    const c = count as number;
    out = c === 1 ? [from] : Array.from({ length: c }, (_, t) => from + ((to - from) * t) / (c - 1));
  } else fail(field, 'a list of numbers in (0, 1] or { from, to, count }', v);
  if (out.length === 0) fail(field, 'a non-empty grid', 'an empty list', true);
  for (const [t, x] of out.entries()) {
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || x > 1) fail(`${field}[${t}]`, 'a number in (0, 1]', x);
  }
  return out.map((x) => Math.round(x * 1e12) / 1e12);
}

/** Validates a spec (object, JSON text or YAML text) and expands its cells. */
export function parseSpec(input: unknown, overrides: Partial<Record<keyof SweepSpec, unknown>> = {}): ParsedSpec {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = input.trim().startsWith('{') ? JSON.parse(input) : parseYaml(input);
    } catch (e) {
      throw new CandorError('sweep spec', 'text', 'valid JSON or YAML', (e as Error).message.split('\n')[0], 'usage');
    }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('(root)', 'an object', raw);
  const o = { ...(raw as Record<string, unknown>) };
  for (const [key, val] of Object.entries(overrides)) if (val !== undefined) o[key] = val;
  for (const key of Object.keys(o)) if (!KNOWN.has(key)) fail(key, `one of the known fields (${[...KNOWN].join(', ')})`, 'an unknown field', true);
  const name = o.name ?? SPEC_DEFAULTS.name;
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) fail('name', 'a non-empty string', name);
  const ensemble = o.ensemble ?? SPEC_DEFAULTS.ensemble;
  if (!(ENSEMBLES as readonly unknown[]).includes(ensemble)) fail('ensemble', `one of ${ENSEMBLES.join(', ')}`, ensemble);
  const signal = o.signal ?? SPEC_DEFAULTS.signal;
  if (!(SIGNALS as readonly unknown[]).includes(signal)) fail('signal', `one of ${SIGNALS.join(', ')}`, signal);
  let solver = o.solver ?? SPEC_DEFAULTS.solver;
  if (typeof solver === 'string') solver = { name: solver, options: {} };
  const sv = solver as { name?: unknown; options?: unknown };
  if (!solver || typeof solver !== 'object' || typeof sv.name !== 'string') fail('solver', '{ name, options } or a solver name', solver);
  if (sv.options !== undefined && (typeof sv.options !== 'object' || sv.options === null || Array.isArray(sv.options))) {
    fail('solver.options', 'an object', sv.options);
  }
  const n = o.n ?? SPEC_DEFAULTS.n;
  if (!Number.isInteger(n) || (n as number) < 2 || (n as number) > 100000) fail('n', 'an integer in [2, 100000]', n);
  const delta = grid('delta', o.delta ?? SPEC_DEFAULTS.delta);
  const rho = grid('rho', o.rho ?? SPEC_DEFAULTS.rho);
  const trials = o.trials ?? SPEC_DEFAULTS.trials;
  if (!Number.isInteger(trials) || (trials as number) < 1 || (trials as number) > 1e6) fail('trials', 'an integer in [1, 1000000]', trials);
  let success = (o.success ?? SPEC_DEFAULTS.success) as SuccessCriterion | string;
  if (typeof success === 'string') success = { kind: success as SuccessCriterion['kind'], threshold: Number.NaN };
  if (!success || typeof success !== 'object' || (success.kind !== 'relative-error' && success.kind !== 'support')) {
    fail('success', "{ kind: 'relative-error', threshold } or { kind: 'support' }", success);
  }
  const threshold = success.threshold === undefined || Number.isNaN(success.threshold) ? (success.kind === 'support' ? 1e-4 : 1e-5) : success.threshold;
  if (typeof threshold !== 'number' || !(threshold > 0) || !Number.isFinite(threshold)) fail('success.threshold', 'a number > 0', threshold);
  const seed = o.seed ?? SPEC_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed) || (seed as number) < 0) fail('seed', 'a non-negative integer', seed);
  const N = n as number;
  const cells: Cell[] = [];
  for (let i = 0; i < delta.length; i++) {
    const m = Math.max(1, Math.round(delta[i] * N));
    for (let j = 0; j < rho.length; j++) {
      const k = Math.min(m, Math.max(1, Math.round(rho[j] * m)));
      cells.push({ index: i * rho.length + j, i, j, delta: delta[i], rho: rho[j], m, k });
    }
  }
  return {
    name: name as string,
    ensemble: ensemble as Ensemble,
    signal: signal as SignalModel,
    solver: { name: sv.name as string, options: (sv.options as Record<string, unknown>) ?? {} },
    n: N,
    delta,
    rho,
    trials: trials as number,
    success: { kind: success.kind, threshold },
    seed: seed as number,
    cells,
  };
}

/** The spec without derived fields, with keys in a fixed order (for hashing and storage). */
export function canonicalSpec(s: SweepSpec): SweepSpec {
  return {
    name: s.name,
    ensemble: s.ensemble,
    signal: s.signal,
    solver: { name: s.solver.name, options: sortKeys(s.solver.options) as Record<string, unknown> },
    n: s.n,
    delta: [...s.delta],
    rho: [...s.rho],
    trials: s.trials,
    success: { kind: s.success.kind, threshold: s.success.threshold },
    seed: s.seed,
  };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
