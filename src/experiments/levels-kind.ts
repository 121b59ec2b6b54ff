/**
 * Structured phase transitions: sweeps whose ensemble is a sampling family (Poisson disc, variable
 * density, radial, spiral, uv tracks ...: patterns of Fourier samples on an ny x nx grid) and whose
 * signals are sparse in levels (Adcock, Hansen, Poon & Roman 2017): complex wavelet coefficients
 * with s_l nonzeros in level l (the approximation, then each scale coarse to fine), at uniformly
 * random positions within the level, with complex Gaussian amplitudes (random phase). A kind of
 * the sweep engine (./engine.ts), stored and resumable like every sweep.
 *
 * Cells are (sampling fraction delta, level profile, scale rho): the sparsities are
 * s_l = round(rho profile_l N_l) (N_l the level's size), so each profile traces one curve of the
 * 50% surface over (delta, profile). A task draws the pattern of the cell's fraction from the
 * trial's seed (`family.draw`), the signal from a stream of the same seed, measures
 * y = S F_c W^T w (centred unitary DFT rows, `partialDft2` after the wavelet synthesis: A A^H = I)
 * and solves basis pursuit min ||w||_1 s.t. A w = y with a solver of the registry (default ADMM,
 * complex). Success: relative error ||w^ - w|| / ||w|| <= threshold (default 1e-3).
 *
 * The families are supplied by whoever builds the kind (the MRI masks live in src/apps/mri; the
 * trajectory and uv-track families of ./levels-families.ts are generic): `levelsTransitionKind(families)`.
 *
 * @example
 * import { levelsSweepSpec, levelsTransitionKind } from './levels-kind.ts';
 * import { GENERIC_FAMILIES } from './levels-families.ts';
 * const kind = levelsTransitionKind(GENERIC_FAMILIES);
 * const s = levelsSweepSpec({ family: 'spiral', ny: 32, nx: 32, levels: 2, fractions: [0.5], profiles: [[1, 0.5, 0.1]], rho: [0.1], trials: 1 }, GENERIC_FAMILIES);
 * kind.run(s, 0, 0).success;   // true or false
 */
import { CandorError, checkInt, checkNumber, describe } from '../core/errors.ts';
import { createRng } from '../core/rng/index.ts';
import { maxLevels } from '../core/wavelets/levels.ts';
import { adjoint, compose } from '../linops/combinators.ts';
import { partialDft2 } from '../linops/fourier.ts';
import { wavelet2 } from '../linops/wavelet.ts';
import { waveletLevels } from '../predict/levels.ts';
import { solverEntry } from '../solvers/registry.ts';
import type { SweepKind } from './engine.ts';

/** A sampling family: draws a 0/1 pattern (centred k-space, row-major ny x nx) sampling about `fraction` of the grid. */
export interface SamplingFamily {
  readonly name: string;
  readonly describe: string;
  /** Draws the pattern; `data` is the spec's `familyData` (e.g. a uv track list). */
  draw(ny: number, nx: number, fraction: number, seed: number, data: unknown): Uint8Array;
}

/** Sampling families by name, as given to {@link levelsTransitionKind} and {@link levelsSweepSpec}. */
export type SamplingFamilies = Readonly<Record<string, SamplingFamily>>;

/**
 * A levels sweep as written by a user: sampling family, ny x nx grid, wavelet and levels, and the
 * grid of (fraction, profile, rho) cells; optional fields take {@link LEVELS_SWEEP_DEFAULTS}.
 */
export interface LevelsSweepInput {
  name?: string;
  family: string;
  /** Family-specific data (e.g. uv tracks), part of the spec. */
  familyData?: unknown;
  ny: number;
  nx: number;
  /** Wavelet (default haar) and decomposition levels: levels + 1 sparsity levels. */
  wavelet?: string;
  levels: number;
  fractions: readonly number[];
  profiles: readonly (readonly number[])[];
  rho: readonly number[];
  trials: number;
  seed?: number;
  solver?: { name: string; options?: Record<string, unknown> };
  /** Success threshold on the relative error (default 1e-3). */
  threshold?: number;
}

/** A validated levels sweep (from {@link levelsSweepSpec}): every field filled in. */
export interface LevelsSweepSpec {
  name: string;
  family: string;
  familyData: unknown;
  ny: number;
  nx: number;
  wavelet: string;
  levels: number;
  fractions: number[];
  profiles: number[][];
  rho: number[];
  trials: number;
  seed: number;
  solver: { name: string; options: Record<string, unknown> };
  threshold: number;
}

/** One cell of a levels sweep: sampling fraction, profile index, scale rho, and the sparsities s_l = round(rho profile_l N_l) per level. */
export interface LevelsCell {
  index: number;
  fraction: number;
  profile: number;
  rho: number;
  /** s_l per level. */
  sparsity: number[];
}

/** The result of one task of a levels sweep: pattern size, relative error ||w^ - w|| / ||w||, success and solver statistics. */
export interface LevelsTaskResult {
  cell: number;
  trial: number;
  seconds: number;
  /** Samples of the drawn pattern and its fraction of the grid. */
  m: number;
  fraction: number;
  error: number;
  success: boolean;
  iterations: number;
}

/** Defaults of a levels sweep: haar wavelet, seed 0, success threshold 1e-3 on the relative error, ADMM (tol 1e-9, 5000 iterations). */
export const LEVELS_SWEEP_DEFAULTS = Object.freeze({ wavelet: 'haar', seed: 0, threshold: 1e-3, solver: Object.freeze({ name: 'admm', options: Object.freeze({ tol: 1e-9, maxIter: 5000 }) }) });

const WHERE = 'levelsSweepSpec';

function numberList(what: string, v: unknown, lo: number, hi: number, open = false): number[] {
  if (!Array.isArray(v) || v.length === 0) throw new CandorError(WHERE, what, 'a non-empty list of numbers', describe(v));
  return v.map((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < lo || x > hi || (open && (x === lo || x === hi))) {
      throw new CandorError(WHERE, `${what}[${i}]`, `a number in ${open ? '(' : '['}${lo}, ${hi}${open ? ')' : ']'}`, describe(x));
    }
    return x;
  });
}

/** Validates a sweep (family known, sizes, grids, solver able to solve complex basis pursuit on an operator). */
export function levelsSweepSpec(input: LevelsSweepInput, families: SamplingFamilies): LevelsSweepSpec {
  if (!input || typeof input !== 'object') throw new CandorError(WHERE, 'spec', 'an object', describe(input));
  const family = input.family;
  if (typeof family !== 'string' || !Object.hasOwn(families, family)) {
    throw new CandorError(WHERE, 'family', `one of ${Object.keys(families).join(', ')}`, describe(family));
  }
  const ny = checkInt(WHERE, 'ny', input.ny, 4, 4096);
  const nx = checkInt(WHERE, 'nx', input.nx, 4, 4096);
  const levels = checkInt(WHERE, 'levels', input.levels, 1, maxLevels([ny, nx]));
  const wavelet = input.wavelet ?? LEVELS_SWEEP_DEFAULTS.wavelet;
  wavelet2(ny, nx, { wavelet, levels }); // checks the name and the sizes
  const fractions = numberList('fractions', input.fractions, 0, 1, true);
  const rho = numberList('rho', input.rho, 0, 1);
  if (!Array.isArray(input.profiles) || input.profiles.length === 0) throw new CandorError(WHERE, 'profiles', 'a non-empty list of per-level weights', describe(input.profiles));
  const profiles = input.profiles.map((p, i) => {
    if (!Array.isArray(p) || p.length !== levels + 1) throw new CandorError(WHERE, `profiles[${i}]`, `${levels + 1} weights (one per level: approximation, then coarse to fine)`, describe(p));
    return numberList(`profiles[${i}]`, p, 0, 1);
  });
  const trials = checkInt(WHERE, 'trials', input.trials, 1, 100000);
  const seed = checkInt(WHERE, 'seed', input.seed ?? LEVELS_SWEEP_DEFAULTS.seed, 0);
  const threshold = checkNumber(WHERE, 'threshold', input.threshold ?? LEVELS_SWEEP_DEFAULTS.threshold, 0, 1);
  const solver = { name: input.solver?.name ?? LEVELS_SWEEP_DEFAULTS.solver.name, options: { ...(input.solver?.options ?? (input.solver ? {} : LEVELS_SWEEP_DEFAULTS.solver.options)) } };
  const entry = solverEntry(solver.name, WHERE, 'solver');
  if (!entry.modes.includes('bp') || !entry.complex || entry.operator === 'matrix') {
    throw new CandorError(WHERE, 'solver', 'a registry solver of complex basis pursuit on an operator (admm, spgl1)', describe(solver.name));
  }
  const cells = fractions.length * profiles.length * rho.length;
  if (cells > 100000) throw new CandorError(WHERE, 'grid', 'at most 100000 cells', String(cells));
  return { name: input.name ?? `levels ${family} ${ny}x${nx}`, family, familyData: input.familyData ?? null, ny, nx, wavelet, levels, fractions, profiles, rho, trials, seed, solver, threshold };
}

/** Level sizes N_l (approximation, then scales coarse to fine). */
export function levelSizes(s: Pick<LevelsSweepSpec, 'ny' | 'nx' | 'levels'>): number[] {
  return Array.from(waveletLevels(s.ny, s.nx, s.levels).sizes);
}

/** The cell of an index: fraction-major, then profile, then rho. */
export function levelsCell(s: LevelsSweepSpec, index: number): LevelsCell {
  const nr = s.rho.length;
  const np = s.profiles.length;
  const f = Math.floor(index / (np * nr));
  const p = Math.floor((index % (np * nr)) / nr);
  const r = index % nr;
  const sizes = levelSizes(s);
  const sparsity = sizes.map((N, l) => Math.min(N, Math.round(s.rho[r] * s.profiles[p][l] * N)));
  return { index, fraction: s.fractions[f], profile: p, rho: s.rho[r], sparsity };
}

/** The trial's signal: complex coefficients (Mallat layout) with s_l nonzeros in level l. */
export function levelsSignal(s: LevelsSweepSpec, cell: LevelsCell, seed: number): Float64Array {
  const part = waveletLevels(s.ny, s.nx, s.levels);
  const n = s.ny * s.nx;
  const members: number[][] = Array.from({ length: part.count }, () => []);
  for (let i = 0; i < n; i++) members[part.labels[i]].push(i);
  const rng = createRng(s.seed, 0x6c76, seed);
  const w = new Float64Array(2 * n);
  members.forEach((idx, l) => {
    const k = cell.sparsity[l];
    const pick = rng.sampleWithoutReplacement(idx.length, k, new Int32Array(k));
    for (const j of pick) {
      w[2 * idx[j]] = rng.normal() * Math.SQRT1_2;
      w[2 * idx[j] + 1] = rng.normal() * Math.SQRT1_2;
    }
  });
  return w;
}

/** The seed of a trial's pattern and signal (same for every cell with the same trial index and fraction: patterns are shared across sparsities). */
function trialSeed(s: LevelsSweepSpec, cell: LevelsCell, trial: number): number {
  return s.seed + trial + 100003 * s.fractions.indexOf(cell.fraction);
}

/** Runs one task (deterministic apart from `seconds`). */
export function runLevelsTask(s: LevelsSweepSpec, families: SamplingFamilies, cellIndex: number, trial: number): LevelsTaskResult {
  const t0 = performance.now();
  const cell = levelsCell(s, cellIndex);
  const seed = trialSeed(s, cell, trial);
  const fam = families[s.family];
  const mask = fam.draw(s.ny, s.nx, cell.fraction, seed, s.familyData);
  let m = 0;
  for (let i = 0; i < mask.length; i++) m += mask[i];
  const n = s.ny * s.nx;
  const w = levelsSignal(s, cell, seed * 7919 + cellIndex);
  const A = compose(partialDft2(s.ny, s.nx, mask, { centered: true }), adjoint(wavelet2(s.ny, s.nx, { wavelet: s.wavelet, levels: s.levels })));
  const y = A.apply(w, new Float64Array(2 * m));
  let norm = 0;
  for (let i = 0; i < 2 * n; i++) norm += w[i] * w[i];
  let error = 0;
  let iterations = 0;
  if (norm > 0) {
    const opts = s.solver.options as { maxIter?: number; tol?: number };
    const r = solverEntry(s.solver.name).run(A, y, { mode: 'bp', nonneg: false, maxIter: opts.maxIter, tol: opts.tol });
    let e = 0;
    for (let i = 0; i < 2 * n; i++) e += (r.x[i] - w[i]) ** 2;
    error = Math.sqrt(e / norm);
    iterations = r.iterations;
  }
  return { cell: cellIndex, trial, seconds: (performance.now() - t0) / 1000, m, fraction: m / n, error, success: error <= s.threshold, iterations };
}

/** The structured transition as a kind of the engine, for a set of families. */
export function levelsTransitionKind(families: SamplingFamilies): SweepKind<LevelsSweepSpec, LevelsTaskResult> {
  return Object.freeze({
    name: 'levels-transition',
    canonical: (s: LevelsSweepSpec) => ({ ...s }) as unknown as Record<string, unknown>,
    summary: (s: LevelsSweepSpec) => ({ name: s.name, ensemble: s.family, signal: `sparse in ${s.levels + 1} levels`, solver: s.solver.name, n: s.ny * s.nx }),
    cells: (s: LevelsSweepSpec) => s.fractions.length * s.profiles.length * s.rho.length,
    trials: (s: LevelsSweepSpec) => s.trials,
    run: (s: LevelsSweepSpec, cell: number, trial: number) => runLevelsTask(s, families, cell, trial),
  });
}
