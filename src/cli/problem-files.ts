/**
 * Problems from files, shared by `candor recover`, `candor certify` and `candor explain`:
 * the measurement matrix (`--A`: a dense 2-D array in .npy, .json or .csv) or an operator spec
 * (`--operator spec.json`, ./operator-spec.ts), the measurements (`--y`), and the vectors the
 * commands read (`--truth`, `--x`) and write (`--out`).
 *
 * What is wrong on the command line (both or neither of --A and --operator, an unsupported --out
 * extension) is a usage error (exit 2). What is wrong inside a file (missing, unreadable format,
 * NaN, wrong shape, a length that does not match A, a bad operator spec) is a failure (exit 1)
 * whose message names the file's role and path: `y data/y.npy: length: expected 64 (rows of A
 * data/A.npy), got 63`.
 *
 * Complex data: a partial-Fourier operator is complex; its y (and x, truth) may be complex arrays
 * (.npy complex128, JSON `{ "shape": [m], "data": [re, im, ...], "complex": true }`) or real
 * vectors, which are taken as complex with zero imaginary part.
 *
 * @example
 * import { loadProblem } from './problem-files.ts';
 * const p = loadProblem('candor recover', { A: 'A.npy', y: 'y.csv' });
 * p.m; p.n; p.A;   // rows, columns, and the matrix { rows, cols, data } for the solvers
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { CandorError, describe } from '../core/errors.ts';
import { formatShape, type NdArray } from '../io/ndarray.ts';
import { readFileBytes, writeFileAtomic } from '../io/node/files.ts';
import { readArrayFile, writeNpyFile } from '../io/node/formats.ts';
import type { OperatorInput } from '../solvers/problem.ts';
import type { ExplainProblem } from '../theory/explain.ts';
import { UsageError } from './errors.ts';
import { ENSEMBLE_NAMES } from '../linops/catalogue.ts';
import { buildOperatorSpec, parseOperatorSpec } from '../linops/operator-spec.ts';
import { choiceOption } from './options.ts';

/** Ensemble names the theory knows (the catalogue's, as `candor plan --ensemble`). */
export const ENSEMBLES = ENSEMBLE_NAMES;

/** Extensions `--out` can write. */
export const OUT_EXTENSIONS = ['.npy', '.json', '.csv'] as const;

export interface ProblemFileOptions {
  A?: string;
  operator?: string;
  y: string;
  truth?: string;
  ensemble?: string;
}

export interface LoadedProblem {
  A: OperatorInput;
  m: number;
  n: number;
  /** Complex operator (partial Fourier): y, x and truth are complex interleaved (2m, 2n entries). */
  complex: boolean;
  /** An explicit matrix is available (a matrix file or a random spec), so lassoCD and greedy screening apply. */
  dense: boolean;
  /** `A data/A.npy (64 x 128 matrix)` or `operator s.json (PartialDCT1(64 of 256))`. */
  source: string;
  /** The ensemble for the theory: --ensemble, else the spec's type, else undefined (not stated). */
  ensemble?: string;
  /** For the fast coherence of a partial-Fourier spec. */
  fourierMask?: ExplainProblem['fourierMask'];
  y: Float64Array;
  yPath: string;
  truth?: Float64Array;
  truthPath?: string;
}

/** Adds the options every problem-reading command shares. */
export function problemOptions(cmd: Command): Command {
  return cmd
    .option('--A <file>', 'measurement matrix A, m x n (.npy, .json, .csv)')
    .option('--operator <spec.json>', 'operator spec instead of --A, e.g. {"type":"gaussian","m":64,"n":256,"seed":1}')
    .requiredOption('--y <file>', 'measurements y, length m (.npy, .json, .csv)')
    .option('--truth <file>', 'true signal x0, length n, for the error and the explanation')
    .option('--ensemble <name>', `ensemble for the theory: ${ENSEMBLES.join(', ')} (default: the spec's type; not stated for --A)`, choiceOption('--ensemble', ENSEMBLES));
}

/** `--target` parser: a probability strictly between 0 and 1. */
export function targetOption(v: string): number {
  const p = Number(v);
  if (v.trim() === '' || !(p > 0 && p < 1)) throw new UsageError('candor', 'option --target', 'a probability in (0, 1)', JSON.stringify(v));
  return p;
}

/** `--out` parser: the extension decides the format. */
export function outOption(v: string): string {
  const ext = extname(v).toLowerCase();
  if (!(OUT_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new UsageError('candor', 'option --out', `a file ending in ${OUT_EXTENSIONS.join(', ')}`, JSON.stringify(v));
  }
  return v;
}

/** readArrayFile, with the file's role and path in the messages about the file itself. */
function readArray(role: string, path: string): NdArray {
  let arr: NdArray;
  try {
    arr = readArrayFile(path);
  } catch (e) {
    if (e instanceof CandorError && (e.what === 'file' || e.what === 'file extension')) {
      throw new CandorError(`${role} ${path}`, e.what, e.expected, e.got, 'io');
    }
    throw e;
  }
  if (arr.data.length === 0) throw new CandorError(`${role} ${path}`, 'contents', 'at least one value', 'an empty array');
  return arr;
}

function dtypeOf(a: NdArray): string {
  return a.dtype ?? (a.complex ? 'complex' : 'real');
}

/**
 * A vector file of `len` entries (shape [len], [len, 1] or [1, len]); `lenWhat` explains the
 * length. For a complex problem the result is complex interleaved (real files promoted).
 */
export function loadVector(role: string, path: string, len: number, lenWhat: string, complex: boolean): Float64Array {
  const where = `${role} ${path}`;
  const a = readArray(role, path);
  const s = a.shape;
  const isVector = s.length === 1 || (s.length === 2 && (s[0] === 1 || s[1] === 1));
  if (!isVector) throw new CandorError(where, 'shape', `a vector of ${len} values (${lenWhat})`, formatShape(s));
  const count = s.length === 1 ? s[0] : s[0] * s[1];
  if (count !== len) throw new CandorError(where, 'length', `${len} (${lenWhat})`, String(count));
  if (a.complex && !complex) throw new CandorError(where, 'data', 'real values (A is real)', `${dtypeOf(a)} data`);
  if (!complex || a.complex) return a.data;
  const z = new Float64Array(2 * len);
  for (let i = 0; i < len; i++) z[2 * i] = a.data[i];
  return z;
}

function loadMatrix(path: string): { A: OperatorInput; m: number; n: number } {
  const where = `A ${path}`;
  const a = readArray('A', path);
  if (a.shape.length !== 2) throw new CandorError(where, 'shape', 'a 2-D matrix (rows x columns)', formatShape(a.shape));
  if (a.complex) throw new CandorError(where, 'data', 'a real matrix (complex A: use --operator with a partial-fourier spec)', `${dtypeOf(a)} data`);
  const [m, n] = a.shape;
  return { A: { rows: m, cols: n, data: a.data }, m, n };
}

/** Largest |entry| accepted: norms square and sum entries, so 1e150 leaves room below 1.8e308. */
const MAX_MAGNITUDE = 1e150;

/** Throws unless every |v| <= MAX_MAGNITUDE (beyond, norms and products overflow to Infinity and NaN). */
function checkMagnitude(where: string, data: Float64Array): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > MAX_MAGNITUDE || v < -MAX_MAGNITUDE) {
      throw new CandorError(where, 'magnitude', `entries with |v| <= ${MAX_MAGNITUDE.toExponential()} (larger ones overflow double precision in norms and products: scale the data)`, `${v.toExponential()} at index ${i}`);
    }
  }
}

/** Loads A (or the operator), y and the truth, checking every size against A. */
export function loadProblem(where: string, o: ProblemFileOptions): LoadedProblem {
  if (o.A !== undefined && o.operator !== undefined) {
    throw new UsageError(where, 'options --A and --operator', 'one of them (a matrix file or an operator spec)', 'both');
  }
  if (o.A === undefined && o.operator === undefined) {
    throw new UsageError(where, 'options --A and --operator', 'one of them (a matrix file or an operator spec)', 'neither');
  }
  let A: OperatorInput;
  let m: number;
  let n: number;
  let complex = false;
  let dense = true;
  let source: string;
  let ensemble = o.ensemble;
  let fourierMask: LoadedProblem['fourierMask'];
  let aName: string;
  if (o.A !== undefined) {
    ({ A, m, n } = loadMatrix(o.A));
    checkMagnitude(`A ${o.A}`, (A as { data: Float64Array }).data);
    source = `A ${o.A} (${m} x ${n} matrix)`;
    aName = `A ${o.A}`;
  } else {
    const path = o.operator as string;
    const text = new TextDecoder().decode(readFileBytes(path, `operator ${path}`));
    const spec = parseOperatorSpec(text, path);
    const built = buildOperatorSpec(spec);
    A = built.op;
    m = built.op.rows;
    n = built.op.cols;
    complex = built.op.field === 'complex';
    dense = built.op.dense !== undefined;
    source = `operator ${path} (${built.op.name}, ${m} x ${n})`;
    aName = `operator ${path}`;
    ensemble ??= built.ensemble;
    if (spec.type === 'partial-fourier' && built.rows) {
      const mask = new Uint8Array(n);
      for (const r of built.rows) mask[r] = 1;
      fourierMask = { shape: [n], mask, centered: false };
    }
  }
  const y = loadVector('y', o.y, m, `rows of ${aName}`, complex);
  checkMagnitude(`y ${o.y}`, y);
  const truth = o.truth === undefined ? undefined : loadVector('truth', o.truth, n, `columns of ${aName}`, complex);
  if (truth) checkMagnitude(`truth ${o.truth}`, truth);
  return { A, m, n, complex, dense, source, ensemble, fourierMask, y, yPath: o.y, truth, truthPath: o.truth };
}

/** Checks before any work that `--out` can hold x (CSV holds real vectors only). */
export function checkOutFor(where: string, path: string | undefined, complex: boolean): void {
  if (path !== undefined && complex && extname(path).toLowerCase() === '.csv') {
    throw new UsageError(where, 'option --out', 'a .npy or .json file for a complex x (CSV holds real vectors)', JSON.stringify(path));
  }
}

/**
 * Writes x atomically: .npy (float64 or complex128), .json (a list of numbers, or
 * `{ shape, data, complex: true }`), .csv (one value per line). Numbers are written exactly
 * (shortest round-trip form), so reading the file back gives x bit for bit.
 */
export function writeVector(path: string, x: Float64Array, complex: boolean): void {
  const ext = extname(path).toLowerCase();
  const n = complex ? x.length / 2 : x.length;
  const num = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
  if (ext === '.npy') {
    writeNpyFile(path, { shape: [n], data: x, complex });
    return;
  }
  let text: string;
  if (ext === '.json') {
    const list = Array.from(x, num).join(', ');
    text = complex ? `{ "shape": [${n}], "complex": true, "data": [${list}] }\n` : `[${list}]\n`;
  } else if (ext === '.csv' && !complex) {
    text = `${Array.from(x, num).join('\n')}\n`;
  } else {
    throw new CandorError('candor', 'option --out', `a file ending in ${OUT_EXTENSIONS.join(', ')}`, describe(path), 'usage');
  }
  writeFileAtomic(path, new TextEncoder().encode(text), `write ${path}`);
}
