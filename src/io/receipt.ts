/**
 * Receipts (issue 18): what a run of Candor did, written beside its outputs so that the run can
 * be replayed and checked bit for bit. Browser-safe: the receipt type, building one from a
 * resolved option record, canonical JSON, parsing and validating a receipt's text, and the
 * comparisons of decoded JSON (first differing path, declared volatile fields). The Node part
 * (sha256 of files, writing, reading with a size cap) is ./node/receipt-files.ts; the command
 * line's use of it is src/cli/receipts.ts and `candor replay` (docs/receipts.md).
 *
 * A receipt records:
 * - Candor's version and git commit when known, Node (or the browser) and the platform;
 * - the command: its words (`['mri', 'recon']`), the argv as typed, the working directory, and
 *   every option with its resolved value and where the value came from (`cli` or `default`), so
 *   a replay states every option explicitly and does not depend on defaults that changed since;
 * - the seeds (every option whose name contains "seed");
 * - the sha256 and size of every input file and every output file;
 * - `volatile`: the declared parts of outputs that legitimately differ between identical runs
 *   (elapsed seconds, absolute paths), as `FILE:$.json.path` (a JSON field) or `FILE:~REGEX` (the
 *   matches of a regular expression in a text file, e.g. `report.html:~[0-9.]+ ms`); nothing else
 *   is excluded from a comparison;
 * - the start time and elapsed seconds.
 *
 * @example
 * import { buildReceipt, parseReceipt, receiptJson } from './receipt.ts';
 * const r = buildReceipt({ command: ['recover'], argv: ['recover', '--A', 'A.npy'], cwd: '/w',
 *   options: { A: { value: 'A.npy', source: 'cli', flag: '--A <file>' } }, inputs: [], outputs: [],
 *   version: '0.1.0+abc1234', runtime: { name: 'node', version: 'v20.19.0', platform: 'linux', arch: 'x64' },
 *   startedAt: '2026-01-01T00:00:00.000Z', seconds: 0.5 });
 * parseReceipt(receiptJson(r), 'receipt.json').command.words; // ['recover']
 */
import { CandorError } from '../core/errors.ts';

/** The value of every receipt's `schema` field. */
export const RECEIPT_SCHEMA = 'candor-receipt';
/** The receipt format's version: a reader refuses another. */
export const RECEIPT_VERSION = 1;
/** The largest receipt a reader accepts (bytes), checked before reading. */
export const RECEIPT_MAX_BYTES = 4 * 1024 * 1024;
/** The deepest nesting of arrays and objects a receipt may have (candor writes at most 6). */
export const RECEIPT_MAX_DEPTH = 32;

/** One option of the command as it ran. */
export interface ReceiptOption {
  /** Its resolved value (after parsing; JSON). */
  value: unknown;
  /** 'cli' (given), 'default', 'env', 'implied' (commander's value sources). */
  source: string;
  /** Its flags as declared, e.g. `--kspace <file>`. */
  flag: string;
  /** The text given on the command line (source 'cli'), or the default written as an argument. */
  arg?: string | null;
}

/** A file the run read or wrote. */
export interface ReceiptFile {
  /** Inputs: the option or argument that named it (`--kspace`, `<spec>`). Outputs: 'out' or the option. */
  role: string;
  /** Inputs: the path as given (relative to the receipt's cwd) and absolute; outputs: relative to the receipt's folder. */
  path: string;
  /** Hex sha256 of the bytes; null when the file did not exist (an optional input, e.g. a store). */
  sha256: string | null;
  bytes: number | null;
  /**
   * Inputs read from a pipe or a device (`/dev/stdin`, a process substitution): their bytes were
   * not kept, so nothing can check a replay's input against them (sha256 null; replay refuses).
   */
  stream?: true;
  /** Optional: how the file is compared (`bytes`, or `sqlite-export` with the export's sha256). */
  compare?: 'bytes' | 'sqlite-export';
  exportSha256?: string;
  /** Outputs: sweep ids of a store the run wrote (compared by their canonical export). */
  sweeps?: number[];
  /**
   * Outputs with declared volatile parts: sha256 of the masked canonical content
   * (`maskedContent`), so that a replay can still compare when the original is gone.
   */
  maskedSha256?: string;
}

/** A receipt (schema version 1). */
export interface Receipt {
  schema: typeof RECEIPT_SCHEMA;
  schemaVersion: number;
  /** 'cli' (a `candor` command) or 'web' (a run of the web lab). */
  origin: 'cli' | 'web';
  candor: { version: string; commit: string | null; dirty: boolean };
  runtime: { name: string; version: string; platform: string; arch: string };
  command: {
    /** The command's words, e.g. ['mri', 'recon']. */
    words: string[];
    /** The argument vector as typed (without the program name). */
    argv: string[];
    /** Positional arguments (resolved). */
    args: string[];
    /** Working directory of the run (relative paths resolve against it). */
    cwd: string;
    /** Every option: its value, source and flag. */
    options: Record<string, ReceiptOption>;
    /** The equivalent command line, every option stated. */
    line: string;
    /** Output roots by role, as given: `out` (the --out folder or file) and any further output folder options. */
    roots: Record<string, string>;
    /** Whether `--out` named a folder (`<out>/receipt.json`) or one file (`<file>.receipt.json`). */
    outKind: 'dir' | 'file';
  };
  /** The command's exit code (0 unless the command reported a failure of its own). */
  exitCode: number;
  seeds: Record<string, unknown>;
  inputs: ReceiptFile[];
  outputs: ReceiptFile[];
  /** Files present in an output folder that this run did not write (listed, not compared). */
  untouched: string[];
  /** Declared volatile parts of outputs (`FILE:$.path` or `FILE:~REGEX`), excluded from comparisons. */
  volatile: string[];
  timings: { startedAt: string; seconds: number };
  /** Web receipts: the run record's settings, link and results. */
  web?: Record<string, unknown>;
}

/** What {@link buildReceipt} needs. */
export interface ReceiptInput {
  origin?: 'cli' | 'web';
  command: string[];
  argv: string[];
  args?: string[];
  cwd: string;
  options: Record<string, ReceiptOption>;
  inputs: ReceiptFile[];
  outputs: ReceiptFile[];
  untouched?: string[];
  volatile?: string[];
  /** Candor's version string, `0.1.0` or `0.1.0+<commit>[-dirty]` (experiments/node/version.ts). */
  version: string;
  runtime: Receipt['runtime'];
  startedAt: string;
  seconds: number;
  /** An explicit equivalent command line (the web lab's); by default built from the options. */
  line?: string;
  roots?: Record<string, string>;
  outKind?: 'dir' | 'file';
  exitCode?: number;
  web?: Record<string, unknown>;
}

/** Quotes one shell word when it needs it (POSIX single quotes). */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=,+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The arguments that state every option explicitly: the command's words, the positional
 * arguments, then each option's flag and its text (booleans by their flag alone; a negated
 * `--no-x` when false). Options whose value is undefined are left out.
 */
export function explicitArgs(words: readonly string[], args: readonly string[], options: Record<string, ReceiptOption>): string[] {
  const out = [...words, ...args];
  for (const name of Object.keys(options).sort()) {
    const o = options[name];
    const long = o.flag.split(/[ ,|]+/).find((f) => f.startsWith('--'));
    if (!long || o.value === undefined || o.value === null) continue;
    if (typeof o.value === 'boolean') {
      if (long.startsWith('--no-')) {
        if (o.value === false) out.push(long);
      } else if (o.value) out.push(long);
      continue;
    }
    if (o.arg === undefined || o.arg === null) continue;
    out.push(long, o.arg);
  }
  return out;
}

/** Splits `0.1.0+abc1234-dirty` into version, commit and dirty flag. */
export function splitVersion(v: string): Receipt['candor'] {
  const m = /^([^+]+)(?:\+([0-9a-f]+)(-dirty)?)?$/.exec(v);
  if (!m) return { version: v, commit: null, dirty: false };
  return { version: m[1], commit: m[2] ?? null, dirty: m[3] !== undefined };
}

/** The seeds of an option record: every option whose name contains "seed". */
export function seedsOf(options: Record<string, ReceiptOption>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, o] of Object.entries(options)) if (/seed/i.test(k) && o.value !== undefined) out[k] = o.value;
  return out;
}

/** A receipt from a resolved option record, files and timings. */
export function buildReceipt(r: ReceiptInput): Receipt {
  const args = r.args ?? [];
  return {
    schema: RECEIPT_SCHEMA,
    schemaVersion: RECEIPT_VERSION,
    origin: r.origin ?? 'cli',
    candor: splitVersion(r.version),
    runtime: r.runtime,
    command: {
      words: [...r.command],
      argv: [...r.argv],
      args: [...args],
      cwd: r.cwd,
      options: r.options,
      line: r.line ?? ['candor', ...explicitArgs(r.command, args, r.options)].map(shellWord).join(' '),
      roots: r.roots ?? {},
      outKind: r.outKind ?? 'dir',
    },
    exitCode: r.exitCode ?? 0,
    seeds: seedsOf(r.options),
    inputs: r.inputs,
    outputs: r.outputs,
    untouched: r.untouched ?? [],
    volatile: r.volatile ?? [],
    timings: { startedAt: r.startedAt, seconds: r.seconds },
    ...(r.web ? { web: r.web } : {}),
  };
}

/** Deterministic JSON: object keys sorted, two-space indented, a final newline. */
export function receiptJson(v: unknown): string {
  return `${JSON.stringify(sortKeys(v), null, 2)}\n`;
}

/** A copy of a JSON value with every object's keys sorted. */
export function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x && typeof x === 'object') {
    return Object.fromEntries(
      Object.keys(x as object)
        .sort()
        .map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]),
    );
  }
  return x;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const HEX64 = /^[0-9a-f]{64}$/;

function fail(name: string, what: string, expected: string, got: string): never {
  throw new CandorError(`receipt ${name}`, what, expected, got, 'usage');
}

function checkFiles(name: string, field: string, v: unknown): void {
  if (!Array.isArray(v)) fail(name, field, 'an array of files', typeof v);
  v.forEach((f, i) => {
    if (!isObj(f) || typeof f.path !== 'string' || typeof f.role !== 'string') fail(name, `${field}[${i}]`, 'an object with role and path', JSON.stringify(f)?.slice(0, 60) ?? 'undefined');
    if (!(f.sha256 === null || (typeof f.sha256 === 'string' && HEX64.test(f.sha256)))) fail(name, `${field}[${i}].sha256`, '64 hex digits or null', JSON.stringify(f.sha256)?.slice(0, 70) ?? 'undefined');
    if (f.stream !== undefined && f.stream !== true) fail(name, `${field}[${i}].stream`, 'true or absent', JSON.stringify(f.stream)?.slice(0, 70) ?? 'undefined');
    if (f.maskedSha256 !== undefined && !(typeof f.maskedSha256 === 'string' && HEX64.test(f.maskedSha256))) fail(name, `${field}[${i}].maskedSha256`, '64 hex digits', JSON.stringify(f.maskedSha256)?.slice(0, 70) ?? 'undefined');
    // an output lies inside its output root: a relative path that never climbs out of it
    if (field === 'field outputs' && (f.path === '' || f.path.startsWith('/') || f.path.split(/[\\/]/).includes('..'))) {
      fail(name, `${field}[${i}].path`, 'a path inside its output root (relative, without "..")', JSON.stringify(f.path).slice(0, 70));
    }
  });
}

/**
 * The deepest nesting of arrays and objects in a JSON text, scanned without recursion (so a
 * hostile receipt nested 100,000 deep is refused before anything recurses into it).
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/**
 * Parses and validates a receipt's text: JSON, the schema name, the schema version (exactly
 * {@link RECEIPT_VERSION}), and the fields a replay uses. `name` names the file in errors.
 */
export function parseReceipt(text: string, name: string): Receipt {
  const depth = jsonDepth(text);
  if (depth > RECEIPT_MAX_DEPTH) fail(name, 'contents', `JSON nested at most ${RECEIPT_MAX_DEPTH} deep (a receipt.json written by candor)`, `nesting ${depth} deep`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    fail(name, 'contents', 'JSON (a receipt.json written by candor)', `text that is not JSON (${(e as Error).message.split('\n')[0].slice(0, 80)})`);
  }
  if (!isObj(v)) fail(name, 'contents', 'a JSON object', Array.isArray(v) ? 'an array' : JSON.stringify(v).slice(0, 40));
  if (v.schema !== RECEIPT_SCHEMA) fail(name, 'field schema', `"${RECEIPT_SCHEMA}" (a receipt written by candor)`, JSON.stringify(v.schema ?? null).slice(0, 60));
  if (v.schemaVersion !== RECEIPT_VERSION) fail(name, 'field schemaVersion', `${RECEIPT_VERSION} (this candor reads receipts of schema version ${RECEIPT_VERSION})`, JSON.stringify(v.schemaVersion ?? null).slice(0, 40));
  if (!isObj(v.candor) || typeof v.candor.version !== 'string') fail(name, 'field candor', 'an object with a version', JSON.stringify(v.candor ?? null).slice(0, 60));
  const c = v.command;
  if (!isObj(c)) fail(name, 'field command', 'an object', typeof c);
  if (!Array.isArray(c.words) || c.words.length === 0 || !c.words.every((w) => typeof w === 'string')) fail(name, 'field command.words', 'a non-empty array of strings', JSON.stringify(c.words ?? null).slice(0, 60));
  if (!Array.isArray(c.args) || !c.args.every((w) => typeof w === 'string')) fail(name, 'field command.args', 'an array of strings', JSON.stringify(c.args ?? null).slice(0, 60));
  if (typeof c.cwd !== 'string') fail(name, 'field command.cwd', 'a string', JSON.stringify(c.cwd ?? null).slice(0, 60));
  if (!isObj(c.options)) fail(name, 'field command.options', 'an object', typeof c.options);
  if (c.outKind !== 'dir' && c.outKind !== 'file') fail(name, 'field command.outKind', '"dir" or "file"', JSON.stringify(c.outKind ?? null).slice(0, 40));
  if (!isObj(c.roots) || !Object.values(c.roots).every((p) => typeof p === 'string')) fail(name, 'field command.roots', 'an object of output paths', JSON.stringify(c.roots ?? null).slice(0, 60));
  for (const [k, o] of Object.entries(c.options)) {
    if (!isObj(o) || typeof o.flag !== 'string') fail(name, `field command.options.${k}`, 'an object with a flag', JSON.stringify(o ?? null).slice(0, 60));
  }
  checkFiles(name, 'field inputs', v.inputs);
  checkFiles(name, 'field outputs', v.outputs);
  if (!Array.isArray(v.volatile) || !v.volatile.every((s) => typeof s === 'string' && /^.+?:[$~]/.test(s))) {
    fail(name, 'field volatile', 'an array of "FILE:$.path" or "FILE:~REGEX"', JSON.stringify(v.volatile ?? null).slice(0, 60));
  }
  for (const e of v.volatile as string[]) {
    const i = e.search(/:[$~]/);
    if (e[i + 1] !== '~') continue;
    try {
      new RegExp(e.slice(i + 2), 'g');
    } catch {
      fail(name, 'field volatile', 'valid regular expressions after "FILE:~"', JSON.stringify(e).slice(0, 60));
    }
  }
  if (!Number.isInteger(v.exitCode)) fail(name, 'field exitCode', 'an integer', JSON.stringify(v.exitCode ?? null).slice(0, 20));
  return v as unknown as Receipt;
}

/** The major version of a version string (`0.1.0+abc` -> 0). */
export function majorOf(version: string): number {
  const m = /^(\d+)\./.exec(version);
  return m ? Number(m[1]) : Number.NaN;
}

/** Refuses a receipt written by another major version of Candor (or a web receipt: nothing to replay). */
export function checkReplayable(r: Receipt, name: string, currentVersion: string): void {
  const mine = majorOf(currentVersion);
  const theirs = majorOf(r.candor.version);
  if (mine !== theirs) fail(name, 'candor version', `a receipt of candor ${mine}.x (this is ${currentVersion})`, `one written by candor ${r.candor.version}`);
  if (r.origin === 'web') fail(name, 'origin', 'a receipt of a candor command (a web lab receipt carries its equivalent command: run that)', '"web"');
}

/** The JSON path of a key (`$.a.b`, `$.a[3]`, `$["odd key"]`). */
function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** The first path (depth first, keys sorted) where two JSON values differ, or null when equal. */
export function firstJsonDifference(a: unknown, b: unknown, path = '$'): { path: string; was: unknown; is: unknown } | null {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstJsonDifference(a[i], b[i], childPath(path, i));
      if (d) return d;
    }
    return a.length === b.length ? null : { path: `${path}.length`, was: a.length, is: b.length };
  }
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(k in a) || !(k in b)) return { path: childPath(path, k), was: a[k], is: b[k] };
      const d = firstJsonDifference(a[k], b[k], childPath(path, k));
      if (d) return d;
    }
    return null;
  }
  if (typeof a === 'number' && typeof b === 'number' && (a === b || (Number.isNaN(a) && Number.isNaN(b)))) return null;
  return a === b ? null : { path, was: a, is: b };
}

/**
 * The volatile entries of one output file (named as in the receipt: `summary.json`, or
 * `<role>:<path>` for an output of another option, e.g. `report:report.json`), split into JSON
 * paths and text patterns. An entry is `FILE:$.path` or `FILE:~REGEX` (FILE ends at the first
 * `:$` or `:~`).
 */
export function volatileFor(volatile: readonly string[], file: string): { paths: string[][]; patterns: RegExp[] } {
  const paths: string[][] = [];
  const patterns: RegExp[] = [];
  for (const v of volatile) {
    const i = v.search(/:[$~]/);
    if (i < 0 || v.slice(0, i) !== file) continue;
    const rest = v.slice(i + 1);
    if (rest.startsWith('~')) patterns.push(new RegExp(rest.slice(1), 'g'));
    else paths.push(rest.replace(/^\$\.?/, '').split('.').filter((s) => s !== ''));
  }
  return { paths, patterns };
}

/** A JSON value with the given paths (`['timings', 'seconds']`; `*` matches every array entry) removed. */
export function withoutPaths(v: unknown, paths: readonly string[][]): unknown {
  const copy = JSON.parse(JSON.stringify(v)) as unknown;
  const drop = (x: unknown, p: readonly string[]): void => {
    if (p.length === 0 || x === null || typeof x !== 'object') return;
    const [head, ...rest] = p;
    if (head === '*' && Array.isArray(x)) {
      for (const e of x) drop(e, rest);
      return;
    }
    const o = x as Record<string, unknown>;
    if (rest.length === 0) delete o[head];
    else drop(o[head], rest);
  };
  for (const p of paths) drop(copy, p);
  return copy;
}

/**
 * The canonical content of an output with its declared volatile parts masked: the text with the
 * patterns' matches replaced, and, for a `.json` file that parses, the paths removed and the
 * result written as canonical JSON ({@link receiptJson}). Its sha256 is the output's
 * `maskedSha256`, and a replay compares the same form.
 */
export function maskedContent(file: string, text: string, v: { paths: string[][]; patterns: RegExp[] }): string {
  const t = maskText(text, v.patterns);
  if (!file.toLowerCase().endsWith('.json')) return t;
  try {
    return receiptJson(withoutPaths(JSON.parse(t), v.paths));
  } catch {
    return t;
  }
}

/** A text with every match of the patterns replaced by `<volatile>`. */
export function maskText(text: string, patterns: readonly RegExp[]): string {
  let t = text;
  for (const p of patterns) t = t.replace(p, '<volatile>');
  return t;
}
