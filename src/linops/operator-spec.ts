/**
 * Operator specs for `candor recover | certify | explain --operator spec.json`: a measurement
 * operator described by a small JSON object instead of a dense matrix file.
 *
 *     { "type": "gaussian",         "m": 100, "n": 256, "seed": 1 }            i.i.d. N(0, 1/m)
 *     { "type": "gaussian",         "m": 100, "n": 256, "seed": 1, "columns": "unit" }
 *     { "type": "rademacher",       "m": 100, "n": 256, "seed": 1 }            i.i.d. +-1/sqrt(m)
 *     { "type": "partial-dct",      "n": 256, "rows": [0, 5, ...] }           orthonormal DCT-II rows
 *     { "type": "partial-fourier",  "n": 256, "rows": [...] }                  unitary DFT rows (complex)
 *     { "type": "partial-real-fourier", "n": 256, "rows": [...] }              real orthonormal Fourier rows
 *     { "type": "partial-hadamard", "n": 256, "rows": [...] }                  Walsh-Hadamard / sqrt(n) rows
 *
 * The partial transforms take either `rows` (distinct indices in [0, n - 1]) or `m` and `seed`
 * (m distinct rows drawn by `createRng(seed).sampleWithoutReplacement(n, m)`). The random
 * matrices are `gaussian(m, n, createRng(seed))` and `rademacher(...)` of ./matrix.ts, so the
 * same spec gives the same matrix in the CLI, the library and the web lab. The types are the
 * drawable names of the ensemble catalogue (./catalogue.ts), the same names sweeps and the
 * planner use; a spec's rows are orthonormal (the `rows` normalisation: A A^H = I). Every field is
 * validated; an error names the file and the field (`operator s.json: field "m": expected an
 * integer in [1, 100000], got -3`).
 *
 * @example
 * import { buildOperatorSpec, parseOperatorSpec } from './operator-spec.ts';
 * const spec = parseOperatorSpec('{"type":"partial-dct","n":8,"rows":[0,3]}', 's.json');
 * buildOperatorSpec(spec).op.rows; // 2
 */
import { CandorError, describe } from '../core/errors.ts';
import { createRng } from '../core/rng/index.ts';
import { DRAWABLE_ENSEMBLES } from './catalogue.ts';
import { partialDct1 } from './dct.ts';
import { partialDft1 } from './fourier.ts';
import { partialRealFourier } from './fourier-real.ts';
import { partialHadamard } from './hadamard.ts';
import { gaussian, rademacher } from './matrix.ts';
import type { LinearOperator } from './types.ts';

/** The operator types of a spec: the catalogue's drawable ensembles. */
export const OPERATOR_TYPES = DRAWABLE_ENSEMBLES;
/** The operator types of a spec (the drawable ensembles of the catalogue). */
export type OperatorType = 'gaussian' | 'rademacher' | 'partial-dct' | 'partial-real-fourier' | 'partial-fourier' | 'partial-hadamard';

/** Largest n accepted in a spec, and the largest m n of a random dense matrix (256 MiB). */
export const SPEC_LIMITS = Object.freeze({ n: 1 << 24, denseEntries: 1 << 25 });

/**
 * A validated operator spec (from {@link parseOperatorSpec}): the type, sizes n and m, and either
 * the seed of a random matrix (`rows` null) or the sorted sampled rows of a partial transform
 * (`seed` null when the rows were given, else the seed that drew them); `columns` is 'unit' or
 * 'variance' (random matrices only).
 */
export interface MeasurementSpec {
  type: OperatorType;
  n: number;
  m: number;
  seed: number | null;
  rows: Int32Array | null;
  columns: 'variance' | 'unit';
}

/** The operator of a spec, its ensemble (the catalogue name, as the theory uses it), and the sampled rows. */
export interface BuiltOperator {
  op: LinearOperator;
  ensemble: string;
  /** Sampled rows of a partial transform (sorted), else null. */
  rows: Int32Array | null;
}

const FIELDS: Record<OperatorType, readonly string[]> = {
  gaussian: ['type', 'm', 'n', 'seed', 'columns'],
  rademacher: ['type', 'm', 'n', 'seed'],
  'partial-dct': ['type', 'n', 'rows', 'm', 'seed'],
  'partial-real-fourier': ['type', 'n', 'rows', 'm', 'seed'],
  'partial-fourier': ['type', 'n', 'rows', 'm', 'seed'],
  'partial-hadamard': ['type', 'n', 'rows', 'm', 'seed'],
};

function intField(where: string, o: Record<string, unknown>, key: string, min: number, max: number, what: string): number {
  const v = o[key];
  if (v === undefined) throw new CandorError(where, `field "${key}"`, `an integer in [${min}, ${max}] (${what})`, 'missing');
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new CandorError(where, `field "${key}"`, `an integer in [${min}, ${max}] (${what})`, describe(v));
  }
  return v;
}

function rowsField(where: string, v: unknown, n: number): Int32Array {
  if (!Array.isArray(v) || v.length === 0) {
    throw new CandorError(where, 'field "rows"', `a non-empty array of distinct row indices in [0, ${n - 1}]`, describe(v));
  }
  if (v.length > n) throw new CandorError(where, 'field "rows"', `at most n = ${n} indices`, `${v.length} indices`);
  const seen = new Uint8Array(n);
  const out = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const r = v[i];
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r >= n) {
      throw new CandorError(where, `field "rows"[${i}]`, `an integer row index in [0, ${n - 1}]`, describe(r));
    }
    if (seen[r]) throw new CandorError(where, 'field "rows"', 'distinct row indices', `index ${r} twice`);
    seen[r] = 1;
    out[i] = r;
  }
  return out.sort();
}

/** Parses and validates the JSON text of an operator spec; `name` is the file for messages. */
export function parseOperatorSpec(text: string, name: string): MeasurementSpec {
  const where = `operator ${name}`;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new CandorError(where, 'contents', 'valid JSON (an operator spec object)', (e as Error).message.split('\n')[0]);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new CandorError(where, 'contents', 'a JSON object such as { "type": "gaussian", "m": 100, "n": 256, "seed": 1 }', Array.isArray(v) ? 'an array' : describe(v));
  }
  const o = v as Record<string, unknown>;
  const type = o.type;
  if (typeof type !== 'string' || !(OPERATOR_TYPES as readonly string[]).includes(type)) {
    throw new CandorError(where, 'field "type"', `one of ${OPERATOR_TYPES.join(', ')}`, type === undefined ? 'missing' : describe(type));
  }
  const t = type as OperatorType;
  for (const key of Object.keys(o)) {
    if (!FIELDS[t].includes(key)) {
      throw new CandorError(where, `field "${key}"`, `one of the fields of a ${t} spec: ${FIELDS[t].join(', ')}`, 'an unknown field');
    }
  }
  const n = intField(where, o, 'n', 1, SPEC_LIMITS.n, 'the number of unknowns');
  if (t === 'partial-hadamard' && (n & (n - 1)) !== 0) {
    const lo = 2 ** Math.floor(Math.log2(n));
    throw new CandorError(where, 'field "n"', `a power of two for partial-hadamard (for example ${lo} or ${2 * lo})`, String(n));
  }
  if (t === 'gaussian' || t === 'rademacher') {
    const m = intField(where, o, 'm', 1, SPEC_LIMITS.n, 'the number of measurements');
    if (m * n > SPEC_LIMITS.denseEntries) {
      throw new CandorError(where, 'fields "m" and "n"', `a matrix of at most ${SPEC_LIMITS.denseEntries} entries`, `${m} x ${n} = ${m * n}`);
    }
    const seed = intField(where, o, 'seed', 0, Number.MAX_SAFE_INTEGER, 'the random seed');
    const columns = o.columns ?? 'variance';
    if (columns !== 'variance' && columns !== 'unit') {
      throw new CandorError(where, 'field "columns"', '"variance" (entries N(0, 1/m)) or "unit" (unit-norm columns)', describe(columns));
    }
    return { type: t, n, m, seed, rows: null, columns };
  }
  if (o.rows !== undefined) {
    if (o.m !== undefined || o.seed !== undefined) {
      throw new CandorError(where, `field "${o.m !== undefined ? 'm' : 'seed'}"`, 'either "rows" or "m" and "seed" (random rows), not both', 'both');
    }
    const rows = rowsField(where, o.rows, n);
    return { type: t, n, m: rows.length, seed: null, rows, columns: 'variance' };
  }
  if (o.m === undefined && o.seed === undefined) {
    throw new CandorError(where, 'field "rows"', 'a list of row indices (or "m" and "seed" for random rows)', 'missing');
  }
  const m = intField(where, o, 'm', 1, n, `the number of rows, at most n = ${n}`);
  const seed = intField(where, o, 'seed', 0, Number.MAX_SAFE_INTEGER, 'the random seed of the rows');
  const rows = createRng(seed).sampleWithoutReplacement(n, m, new Int32Array(m)).sort();
  return { type: t, n, m, seed, rows, columns: 'variance' };
}

/** The operator a validated spec describes. */
export function buildOperatorSpec(spec: MeasurementSpec): BuiltOperator {
  const ensemble = spec.type;
  switch (spec.type) {
    case 'gaussian':
      return { op: gaussian(spec.m, spec.n, createRng(spec.seed as number), { columns: spec.columns }), ensemble, rows: null };
    case 'rademacher':
      return { op: rademacher(spec.m, spec.n, createRng(spec.seed as number)), ensemble, rows: null };
    case 'partial-dct':
      return { op: partialDct1(spec.n, spec.rows as Int32Array), ensemble, rows: spec.rows };
    case 'partial-fourier':
      return { op: partialDft1(spec.n, spec.rows as Int32Array), ensemble, rows: spec.rows };
    case 'partial-real-fourier':
      return { op: partialRealFourier(spec.n, spec.rows as Int32Array), ensemble, rows: spec.rows };
    case 'partial-hadamard':
      return { op: partialHadamard(spec.n, spec.rows as Int32Array), ensemble, rows: spec.rows };
  }
}
