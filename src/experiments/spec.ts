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
 *   ensemble    a drawable name of the catalogue (src/linops/catalogue.ts): gaussian | rademacher |
 *               partial-dct | partial-real-fourier | partial-fourier (complex) | partial-hadamard
 *   signal      signed (+-1) | gaussian (N(0,1)) | nonneg (+1)
 *   solver      { name, options } (name from the registry, src/solvers/registry.ts; default
 *               bp-homotopy; options: maxIter, tol, lambda, sigma, nonneg, checked here)
 *   n           ambient dimension (default 200)
 *   delta, rho  grids: a list of numbers in (0, 1], or { from, to, count } (evenly spaced);
 *               default { from: 0.05, to: 0.95, count: 15 } each (the 15 x 15 Donoho-Tanner grid)
 *   trials      trials per cell (default 20)
 *   success     { kind: 'relative-error', threshold } (default 1e-5) or { kind: 'support' }
 *   seed        master seed (default 1)
 *
 * Limits, checked before anything is stored or allocated (SPEC_LIMITS): n <= 100000, at most
 * 10000 cells, 10^7 trials in all, and at most 2^25 matrix entries (256 MB) per trial when the
 * solver needs an explicit matrix (matrix-free solvers on row-subset ensembles need O(n)).
 * Names of earlier releases (ensembles 'hadamard' and the real 'partial-fourier', solvers
 * 'bp-lp-nonneg', 'bp-homotopy-nonneg', 'fista-lasso') are read as their names now, so stored
 * sweeps stay readable.
 *
 * @example
 * import { parseSpec } from './spec.ts';
 * const s = parseSpec({ ensemble: 'gaussian', n: 100, delta: { from: 0.1, to: 0.9, count: 5 },
 *   rho: [0.1, 0.2], trials: 10 });
 * s.cells.length; // 10
 */
import { parse as parseYaml } from 'yaml';
import { CandorError, describe } from '../core/errors.ts';
import { DRAWABLE_ENSEMBLES, ensembleEntry, LEGACY_SWEEP_ENSEMBLES } from '../linops/catalogue.ts';
import { LEGACY_SWEEP_SOLVERS, type SolverEntry, solverEntry, sweepSettings } from '../solvers/registry.ts';

/** The ensembles a sweep can draw (the catalogue's drawable names). */
export const ENSEMBLES = DRAWABLE_ENSEMBLES;
/** An ensemble name of the catalogue that a sweep can draw (see {@link ENSEMBLES}). */
export type Ensemble = string;
/** The signal models of a sweep: signed (+-1 on the support), gaussian (N(0,1)) and nonneg (+1). */
export const SIGNALS = ['signed', 'gaussian', 'nonneg'] as const;
/** A signal model of a sweep (one of {@link SIGNALS}). */
export type SignalModel = (typeof SIGNALS)[number];

/**
 * When a trial counts as a success: relative l2 error <= threshold (`relative-error`) or exact
 * support recovery with the threshold defining the support (`support`).
 */
export interface SuccessCriterion {
  kind: 'relative-error' | 'support';
  /** Relative l2 error threshold (relative-error) or magnitude threshold defining the support. */
  threshold: number;
}

/**
 * A phase-transition sweep: ensemble, signal model, solver, dimension n, the delta = m/n and rho =
 * k/m grids, trials per cell, success criterion and master seed.
 */
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

/**
 * One cell of the Donoho-Tanner grid: its index (i * rho.length + j), grid position (i, j), delta,
 * rho, m = round(delta n) and k = max(1, round(rho m)).
 */
export interface Cell {
  index: number;
  i: number;
  j: number;
  delta: number;
  rho: number;
  m: number;
  k: number;
}

/** A validated sweep spec with its cells expanded (from {@link parseSpec}). */
export interface ParsedSpec extends SweepSpec {
  cells: Cell[];
}

/**
 * Defaults of every spec field: a 15 x 15 gaussian grid at n = 200, signed signals, bp-homotopy, 20
 * trials per cell, success at relative error 1e-5, seed 1.
 */
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

/** Sizes a spec may ask for (checked before anything is stored or allocated). */
export const SPEC_LIMITS = Object.freeze({ n: 100000, cells: 10000, totalTrials: 10_000_000, denseEntries: 2 ** 25 });

/** A trial holds an explicit matrix when its solver needs one, or when it is small (m n <= this). */
export const DENSE_TRIAL_ENTRIES = 2 ** 20;

/** Whether a trial of (spec, m) holds its matrix explicitly ('dense') or as a fast transform. */
export function trialForm(ensemble: string, solver: SolverEntry, m: number, n: number): 'dense' | 'operator' {
  const e = ensembleEntry(ensemble);
  if (e.kind === 'random-matrix') return 'dense';
  if (e.field === 'complex') return 'operator';
  return solver.operator !== 'matrix-free' || m * n <= DENSE_TRIAL_ENTRIES ? 'dense' : 'operator';
}

const KNOWN = new Set(['name', 'ensemble', 'signal', 'solver', 'n', 'delta', 'rho', 'trials', 'success', 'seed']);

function fail(field: string, expected: string, got: unknown, verbatim = false): never {
  throw new CandorError('sweep spec', `field ${field}`, expected, verbatim ? String(got) : describe(got), 'usage');
}

function grid(field: string, v: unknown): number[] {
  let out: number[];
  if (Array.isArray(v)) out = v;
  else if (v && typeof v === 'object') {
    const g = v as { from?: unknown; to?: unknown; count?: unknown };
    const { from, to, count } = g;
    if (typeof from !== 'number' || typeof to !== 'number') fail(field, '{ from, to, count } with numbers from and to', v);
    if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > SPEC_LIMITS.cells) {
      fail(`${field}.count`, `an integer in [1, ${SPEC_LIMITS.cells}]`, count);
    }
    const c = count as number;
    out = c === 1 ? [from] : Array.from({ length: c }, (_, t) => from + ((to - from) * t) / (c - 1));
  } else fail(field, 'a list of numbers in (0, 1] or { from, to, count }', v);
  if (out.length === 0) fail(field, 'a non-empty grid', 'an empty list', true);
  if (out.length > SPEC_LIMITS.cells) fail(field, `at most ${SPEC_LIMITS.cells} values`, `${out.length} values`, true);
  for (const [t, x] of out.entries()) {
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || x > 1) fail(`${field}[${t}]`, 'a number in (0, 1]', x);
  }
  return out.map((x) => Math.round(x * 1e12) / 1e12);
}

/** Options of {@link parseSpec}. */
export interface ParseSpecOptions {
  /** Read names of earlier releases (stored sweeps); new specs use today's names only. */
  legacy?: boolean;
}

/**
 * Validates a spec (object, JSON text or YAML text) and expands its cells; fields of `overrides`
 * that are not undefined replace the input's. Throws a usage CandorError naming the bad field.
 */
export function parseSpec(input: unknown, overrides: Partial<Record<keyof SweepSpec, unknown>> = {}, opts: ParseSpecOptions = {}): ParsedSpec {
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
  let ensemble = o.ensemble ?? SPEC_DEFAULTS.ensemble;
  if (opts.legacy && typeof ensemble === 'string' && ensemble in LEGACY_SWEEP_ENSEMBLES) ensemble = LEGACY_SWEEP_ENSEMBLES[ensemble];
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
  let solverName = sv.name as string;
  let solverOptions = { ...((sv.options as Record<string, unknown>) ?? {}) };
  const legacy = opts.legacy ? LEGACY_SWEEP_SOLVERS[solverName] : undefined;
  if (legacy) {
    solverName = legacy.name;
    solverOptions = { ...legacy.options, ...solverOptions };
  }
  const entry = solverEntry(solverName, 'sweep spec', 'field solver.name');
  sweepSettings(entry, solverOptions, 1); // validates the options (keys, values, the mode)
  const ens = ensembleEntry(ensemble as string);
  if (ens.field === 'complex' && !entry.complex) {
    fail('solver.name', `a solver for complex measurements with ensemble ${ensemble} (or ensemble partial-real-fourier for real ones)`, `"${solverName}" (real data only)`, true);
  }
  const n = o.n ?? SPEC_DEFAULTS.n;
  if (!Number.isInteger(n) || (n as number) < 2 || (n as number) > SPEC_LIMITS.n) fail('n', `an integer in [2, ${SPEC_LIMITS.n}]`, n);
  if (ens.pow2 && ((n as number) & ((n as number) - 1)) !== 0) {
    const lo = 2 ** Math.floor(Math.log2(n as number));
    fail('n', `a power of two for ${ensemble} (for example ${lo} or ${2 * lo})`, n);
  }
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
  if (delta.length * rho.length > SPEC_LIMITS.cells) {
    fail('delta and rho', `grids of at most ${SPEC_LIMITS.cells} cells in all`, `${delta.length} x ${rho.length} = ${delta.length * rho.length} cells`, true);
  }
  if (delta.length * rho.length * (trials as number) > SPEC_LIMITS.totalTrials) {
    fail('trials', `at most ${SPEC_LIMITS.totalTrials} trials in all`, `${delta.length * rho.length} cells x ${trials} = ${delta.length * rho.length * (trials as number)}`, true);
  }
  const mMax = Math.max(1, Math.round(Math.max(...delta) * N));
  if (trialForm(ensemble as string, entry, mMax, N) === 'dense' && mMax * N > SPEC_LIMITS.denseEntries) {
    fail('n', `at most ${SPEC_LIMITS.denseEntries} matrix entries per trial for ${entry.name} on ${ensemble} (it needs an explicit matrix; a matrix-free solver such as spgl1 or amp runs row-subset ensembles at any n)`, `m x n = ${mMax} x ${N} = ${mMax * N}`, true);
  }
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
    solver: { name: solverName, options: solverOptions },
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
