/**
 * The one catalogue of measurement ensembles: a name means the same operator in `candor recover
 * --operator` specs, in sweeps and in the planner. Every list of ensemble names in Candor (CLI
 * choices, sweep spec validation, the planner's notes, the web lab's menus) comes from here.
 *
 * | name                   | operator                                                         | field   |
 * |------------------------|------------------------------------------------------------------|---------|
 * | `gaussian`             | i.i.d. N(0, 1/m) entries (or unit-norm columns)                   | real    |
 * | `rademacher`           | i.i.d. +-1/sqrt(m) entries                                       | real    |
 * | `partial-dct`          | m distinct rows of the orthonormal DCT-II                        | real    |
 * | `partial-real-fourier` | m distinct rows of the real orthonormal Fourier basis (./fourier-real.ts) | real |
 * | `partial-fourier`      | m distinct rows of the unitary DFT                               | complex |
 * | `partial-hadamard`     | m distinct rows of the Walsh-Hadamard matrix / sqrt(n), n = 2^p  | real    |
 * | `variable-density`     | variable-density Fourier sampling of images (MRI masks): a       | complex |
 * |                        | sampling family the theory knows; built by the MRI application   |         |
 *
 * Row subsets come in two normalisations: `rows` (orthonormal rows, A A^H = I: the operator
 * specs) and `columns` (times sqrt(n/m), so E ||a_j||^2 = 1 like the random matrices: sweeps,
 * whose greedy and AMP solvers expect unit columns; basis pursuit is invariant to the scale).
 *
 * Each entry also carries the planner's note on how far the Gaussian phase transition applies to
 * it (universality; THEORY.md section 7), which src/predict/plan.ts prints.
 *
 * @example
 * import { ENSEMBLE_NAMES, ensembleEntry } from './catalogue.ts';
 * ENSEMBLE_NAMES;                          // ['gaussian', 'rademacher', 'partial-dct', ...]
 * ensembleEntry('partial-fourier').field;  // 'complex'
 */
import { CandorError, describe } from '../core/errors.ts';

/**
 * How an ensemble is built: an i.i.d. 'random-matrix', a 'row-subset' of a fast orthonormal
 * transform, or a 'sampling-family' built by its application (variable-density MRI masks).
 */
export type EnsembleKind = 'random-matrix' | 'row-subset' | 'sampling-family';

/**
 * One measurement ensemble of the catalogue: its name (as sweeps, specs and the theory use it),
 * a one-line description, its field and kind, and how the Gaussian phase transition applies.
 */
export interface EnsembleEntry {
  name: string;
  describe: string;
  field: 'real' | 'complex';
  kind: EnsembleKind;
  /** n must be a power of two. */
  pow2: boolean;
  /** Sweeps and operator specs can draw it (sampling families are built by their application). */
  drawable: boolean;
  /** How the Gaussian transition applies (null for the Gaussian ensemble itself). */
  universality: string | null;
}

const ROWS_MATCH = 'match the Gaussian transition within experimental resolution for random supports and signs';

/**
 * Every measurement ensemble Candor knows, with its field, kind and universality note (see
 * `ensembleEntry` / `findEnsemble` for look-ups by name).
 */
export const ENSEMBLE_CATALOGUE: readonly EnsembleEntry[] = Object.freeze(
  [
    {
      name: 'gaussian',
      describe: 'i.i.d. N(0, 1/m) entries',
      field: 'real',
      kind: 'random-matrix',
      pow2: false,
      drawable: true,
      universality: null,
    },
    {
      name: 'rademacher',
      describe: 'i.i.d. +-1/sqrt(m) entries',
      field: 'real',
      kind: 'random-matrix',
      pow2: false,
      drawable: true,
      universality:
        'iid Rademacher entries: the Gaussian transition is proven universal for iid subgaussian matrices (Bayati, Lelarge & Montanari 2015; Oymak & Tropp 2018), asymptotically',
    },
    {
      name: 'partial-dct',
      describe: 'm distinct rows of the orthonormal DCT-II',
      field: 'real',
      kind: 'row-subset',
      pow2: false,
      drawable: true,
      universality: `random partial DCT rows ${ROWS_MATCH} (Donoho & Tanner 2009b, 2010; Monajemi et al. 2013)`,
    },
    {
      name: 'partial-real-fourier',
      describe: 'm distinct rows of the real orthonormal Fourier basis (cos, sin, DC, Nyquist)',
      field: 'real',
      kind: 'row-subset',
      pow2: false,
      drawable: true,
      universality: `random partial Fourier rows ${ROWS_MATCH} (Donoho & Tanner 2009b, 2010; Monajemi et al. 2013)`,
    },
    {
      name: 'partial-fourier',
      describe: 'm distinct rows of the unitary DFT (complex measurements)',
      field: 'complex',
      kind: 'row-subset',
      pow2: false,
      drawable: true,
      universality: `random partial Fourier rows ${ROWS_MATCH} (Donoho & Tanner 2009b, 2010; Monajemi et al. 2013)`,
    },
    {
      name: 'partial-hadamard',
      describe: 'm distinct rows of the Walsh-Hadamard matrix / sqrt(n), n a power of two',
      field: 'real',
      kind: 'row-subset',
      pow2: true,
      drawable: true,
      universality: `random Hadamard rows ${ROWS_MATCH} (Donoho & Tanner 2009b, 2010)`,
    },
    {
      name: 'variable-density',
      describe: 'variable-density Fourier sampling of images (MRI masks; built by the MRI application)',
      field: 'complex',
      kind: 'sampling-family',
      pow2: false,
      drawable: false,
      universality:
        'variable-density sampling of images is an exception to universality (THEORY.md section 7): success depends on where the nonzeros sit (sparsity in levels, Adcock et al. 2017), so the Gaussian baseline is only a reference',
    },
  ].map((e) => Object.freeze(e as EnsembleEntry)),
);

/** Every ensemble name, in catalogue order. */
export const ENSEMBLE_NAMES: readonly string[] = Object.freeze(ENSEMBLE_CATALOGUE.map((e) => e.name));

/** The names sweeps and operator specs can draw. */
export const DRAWABLE_ENSEMBLES: readonly string[] = Object.freeze(ENSEMBLE_CATALOGUE.filter((e) => e.drawable).map((e) => e.name));

/**
 * Ensemble names that sweeps stored by earlier releases carry, and their names now: those sweeps
 * called the real Fourier basis 'partial-fourier' and the Hadamard rows 'hadamard'.
 */
export const LEGACY_SWEEP_ENSEMBLES: Readonly<Record<string, string>> = Object.freeze({
  'partial-fourier': 'partial-real-fourier',
  hadamard: 'partial-hadamard',
});

const BY_NAME = new Map(ENSEMBLE_CATALOGUE.map((e) => [e.name, e]));

/** The entry of `name`, or null. */
export function findEnsemble(name: string): EnsembleEntry | null {
  return BY_NAME.get(name) ?? null;
}

/** The entry of `name` (a usage CandorError listing the catalogue otherwise). */
export function ensembleEntry(name: unknown, where = 'ensembleEntry', what = 'ensemble', names: readonly string[] = ENSEMBLE_NAMES): EnsembleEntry {
  const e = typeof name === 'string' ? BY_NAME.get(name) : undefined;
  if (!e || !names.includes(e.name)) throw new CandorError(where, what, `one of ${names.join(', ')}`, describe(name), 'usage');
  return e;
}
