/**
 * Replaying a receipt (`candor replay`, docs/receipts.md): check that every input still has the
 * sha256 the receipt recorded (a changed input is refused before anything runs), re-run the
 * command with every option stated explicitly (so a default changed since does not change the
 * run) into a new folder, and compare every output with the original.
 *
 * Comparison, per output: equal sha256 (the original file still as recorded, the new one equal to
 * it) is identical. Otherwise the difference is measured on the decoded contents: NPY, CFL, FITS
 * and PNG arrays by their largest absolute difference (src/io readers), JSON by the first differing
 * path, other text by the first differing line; SQLite stores by their canonical export
 * (./store-export.ts). The command's declared volatile fields (this code's RECEIPT_POLICIES, never
 * the receipt's own) are removed from both sides first; nothing else is excluded. An original that
 * is gone is compared with the recorded sha256 (or masked sha256) and said.
 *
 * What a replay may run and write (the command, its options, the network, the replay folder, a
 * time limit) is checked by ./replay-command.ts before anything runs (docs/receipts.md, "Security
 * model").
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CandorError } from '../core/errors.ts';
import { codeVersion } from '../experiments/node/version.ts';
import { readFitsImage } from '../io/fits/image.ts';
import { ensureDir, isDescriptorName } from '../io/node/files.ts';
import { readArrayFile, readSegyFile, readSuFile, readUvfitsFile } from '../io/node/formats.ts';
import { readReceiptFile, sha256File, sha256Of } from '../io/node/receipt-files.ts';
import type { NdArray } from '../io/ndarray.ts';
import { checkReplayable, firstJsonDifference, maskedContent, maskText, type Receipt, type ReceiptFile, volatileFor, withoutPaths } from '../io/receipt.ts';
import { replayableCommand, replayCommandLine } from './replay-command.ts';
import { outputOptions, type ReceiptPolicy } from './receipts.ts';

/** The outcome for one output. */
export interface OutputComparison {
  /** The output as the receipt names it (`x.npy`, `report:fit.json`, `store:runs.db`). */
  output: string;
  status: 'identical' | 'differs' | 'missing';
  /** What differs: `largest absolute difference 3.2e-7`, `$.rows[2].ssim: 0.91 -> 0.92`, ... */
  detail?: string;
  /** For arrays: the largest absolute difference of the decoded samples. */
  largestDifference?: number;
}

/** A replay's result. */
export interface ReplayResult {
  receipt: string;
  outDir: string;
  command: string[];
  identical: boolean;
  outputs: OutputComparison[];
  /** Files the new run wrote that the receipt does not list. */
  extra: string[];
  /** The first differing output, when any. */
  first: OutputComparison | null;
  /** The receipt's declared volatile fields (left out of the comparison). */
  volatile: string[];
}

const WHERE = 'candor replay';

/** Where the replay's outputs go: `--out` or a fresh folder beside the receipt's outputs. */
function newOutDir(receiptPath: string, given: string | undefined): string {
  if (given !== undefined) {
    const d = resolve(given);
    if (existsSync(d)) throw new CandorError(WHERE, `option --out ${given}`, 'a folder that does not exist yet (the replay writes a fresh one)', 'an existing path', 'usage');
    ensureDir(d, WHERE);
    return d;
  }
  // beside the outputs: <dir>.replay-XXXXXX for a folder, <file>.replay-XXXXXX for one file
  const abs = resolve(receiptPath);
  const base = abs.endsWith('.receipt.json') ? abs.slice(0, -'.receipt.json'.length) : dirname(abs);
  try {
    return mkdtempSync(`${base}.replay-`);
  } catch (e) {
    throw new CandorError(WHERE, 'replay folder', `a new folder ${base}.replay-XXXXXX beside the original outputs (or give --out)`, `${(e as NodeJS.ErrnoException).code ?? 'an error'} creating it`, 'io');
  }
}

/** A single-file --out (its receipt is `<file>.receipt.json`)? */
function isFileRoot(r: Receipt): boolean {
  return r.command.outKind === 'file';
}

/** Refuses a receipt whose inputs changed: "input X changed: expected sha256 was ..., got sha256 is now ...". */
export function checkInputs(r: Receipt): void {
  const stream = (path: string, role: string) =>
    new CandorError(WHERE, `input ${path} (${role})`, 'a file the receipt can check', 'a stream when recorded (a pipe, a device or a descriptor such as /dev/stdin: its content was not kept; run the command again with the data in a file)', 'io');
  // receipts written before streams were marked list none: their descriptor names are refused too
  for (const [k, o] of Object.entries(r.command.options)) {
    if (typeof o.value === 'string' && isDescriptorName(o.value) && !r.inputs.some((f) => f.path === o.value)) throw stream(o.value, `--${k}`);
  }
  for (const [i, a] of r.command.args.entries()) if (isDescriptorName(a) && !r.inputs.some((f) => f.path === a)) throw stream(a, `<arg ${i + 1}>`);
  for (const f of r.inputs) {
    const abs = resolve(r.command.cwd, f.path);
    if (f.stream) throw stream(f.path, f.role);
    if (f.sha256 === null) {
      throw new CandorError(WHERE, `input ${f.path} (${f.role})`, 'a recorded sha256 to compare', 'none (the file changed while the original run read it)', 'io');
    }
    const now = sha256File(abs);
    if (now === null) throw new CandorError(WHERE, `input ${f.path} (${f.role}) changed`, `sha256 was ${f.sha256}`, `the file is gone (${abs})`, 'io');
    if (now.sha256 !== f.sha256) throw new CandorError(WHERE, `input ${f.path} (${f.role}) changed`, `sha256 was ${f.sha256}`, `sha256 is now ${now.sha256}`, 'io');
  }
}

/** Samples as a flat real array (visibilities, traces). */
const flat = (data: Float64Array): NdArray => ({ shape: [data.length], data, complex: false });

/**
 * The decoded samples of an output for the largest difference, or null when not an array format:
 * NPY, CFL, PNG and FITS images as arrays; UVFITS by its visibility data; SEG-Y and SU by their
 * trace samples.
 */
function decodeArray(path: string): NdArray | null {
  const p = path.toLowerCase();
  if (p.endsWith('.uvfits') || p.endsWith('.uvf')) return flat(readUvfitsFile(path).data);
  if (p.endsWith('.sgy') || p.endsWith('.segy')) return flat(readSegyFile(path).data);
  if (p.endsWith('.su')) return flat(readSuFile(path).data);
  if (p.endsWith('.fits') || p.endsWith('.fit') || p.endsWith('.fts')) return readFitsImage(new Uint8Array(readFileSync(path)), { name: path });
  if (p.endsWith('.npy') || p.endsWith('.cfl') || p.endsWith('.hdr') || p.endsWith('.png')) return readArrayFile(path);
  return null;
}

/** Largest absolute difference of two arrays (Infinity when their shapes differ). */
function largestDifference(a: NdArray, b: NdArray): { value: number; note?: string } {
  if (a.complex !== b.complex || a.shape.join('x') !== b.shape.join('x')) {
    return { value: Number.POSITIVE_INFINITY, note: `shape ${a.shape.join('x')}${a.complex ? ' complex' : ''} -> ${b.shape.join('x')}${b.complex ? ' complex' : ''}` };
  }
  let d = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i];
    const y = b.data[i];
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    const e = Math.abs(x - y);
    d = Number.isNaN(e) ? Number.POSITIVE_INFINITY : Math.max(d, e); // NaN against a number, or inf - inf
  }
  return { value: d };
}

/** Compares an original output file with the replay's, after the declared volatile parts. */
function compareFiles(name: string, original: string, fresh: string, volatile: readonly string[], recorded: ReceiptFile): OutputComparison {
  const v = volatileFor(volatile, name);
  const hasVolatile = v.paths.length > 0 || v.patterns.length > 0;
  const hOrig = sha256File(original);
  const hNew = sha256File(fresh);
  if (hNew === null) return { output: name, status: 'missing', detail: 'the replay did not write it' };
  if (hOrig === null) return compareWithRecorded(name, original, fresh, hNew.sha256, v, recorded);
  if (!hasVolatile && hOrig.sha256 === recorded.sha256 && hNew.sha256 === recorded.sha256) return { output: name, status: 'identical' };
  const tampered = hOrig.sha256 !== recorded.sha256 ? ` (the original no longer has the recorded sha256 ${(recorded.sha256 ?? '').slice(0, 12)}...: changed after the run)` : '';
  let arrays: [NdArray | null, NdArray | null] = [null, null];
  try {
    arrays[1] = decodeArray(fresh);
  } catch {
    arrays = [null, null]; // not the format its name says: compared as bytes below
  }
  if (arrays[1]) {
    try {
      arrays[0] = decodeArray(original);
    } catch (e) {
      return { output: name, status: 'differs', detail: `the original no longer decodes (${(e as Error).message.slice(0, 160)})${tampered}` };
    }
  }
  if (arrays[0] && arrays[1]) {
    if (hOrig.sha256 === hNew.sha256) return tampered ? { output: name, status: 'differs', detail: `bytes equal to the replay but${tampered}` } : { output: name, status: 'identical' };
    const d = largestDifference(arrays[0], arrays[1]);
    return { output: name, status: 'differs', largestDifference: d.value, detail: `${d.note ?? `largest absolute difference ${d.value.toPrecision(3)}`}${d.value === 0 ? ' (the samples are equal; the file bytes differ)' : ''}${tampered}` };
  }
  const bo = readFileSync(original);
  const bn = readFileSync(fresh);
  if (bo.includes(0) || bn.includes(0)) {
    // binary, not an array format we decode: the first differing byte
    let i = 0;
    while (i < Math.min(bo.length, bn.length) && bo[i] === bn[i]) i++;
    return { output: name, status: 'differs', detail: `first differing byte at offset ${i} (sizes ${bo.length} and ${bn.length} bytes)${tampered}` };
  }
  // declared volatile text (run times inside sentences) is masked first, in JSON as in any text
  const ma = maskText(bo.toString('utf8'), v.patterns);
  const mb = maskText(bn.toString('utf8'), v.patterns);
  if (name.toLowerCase().endsWith('.json')) {
    let ja: unknown;
    let jb: unknown;
    try {
      ja = JSON.parse(ma);
      jb = JSON.parse(mb);
    } catch {
      ja = undefined;
    }
    if (ja !== undefined) {
      const d = firstJsonDifference(withoutPaths(ja, v.paths), withoutPaths(jb, v.paths));
      if (d === null) return tampered && !hasVolatile ? { output: name, status: 'differs', detail: `the same JSON, other bytes${tampered}` } : { output: name, status: 'identical' };
      const num = typeof d.was === 'number' && typeof d.is === 'number' ? Math.abs(d.was - d.is) : undefined;
      return { output: name, status: 'differs', ...(num !== undefined ? { largestDifference: num } : {}), detail: `first difference at ${d.path}: ${JSON.stringify(d.was)?.slice(0, 60)} -> ${JSON.stringify(d.is)?.slice(0, 60)}${tampered}` };
    }
  }
  if (ma === mb) return hasVolatile ? { output: name, status: 'identical' } : tampered ? { output: name, status: 'differs', detail: `bytes differ${tampered}` } : { output: name, status: 'identical' };
  const la = ma.split('\n');
  const lb = mb.split('\n');
  let i = 0;
  while (i < Math.min(la.length, lb.length) && la[i] === lb[i]) i++;
  return { output: name, status: 'differs', detail: `first difference on line ${i + 1}: ${JSON.stringify((la[i] ?? '').slice(0, 60))} -> ${JSON.stringify((lb[i] ?? '').slice(0, 60))}${tampered}` };
}

/**
 * An output whose original is gone: the replay's file against the hashes the receipt recorded,
 * the raw sha256 when the file has no volatile part, else the sha256 of its masked canonical
 * content (`maskedSha256`); a receipt without that hash cannot be compared (status `differs`).
 */
function compareWithRecorded(name: string, original: string, fresh: string, freshSha: string, v: { paths: string[][]; patterns: RegExp[] }, recorded: ReceiptFile): OutputComparison {
  const gone = `the original ${original} is missing`;
  if (v.paths.length === 0 && v.patterns.length === 0) {
    return freshSha === recorded.sha256 ? { output: name, status: 'identical', detail: `${gone} (compared with the recorded sha256)` } : { output: name, status: 'differs', detail: `${gone}; sha256 was ${recorded.sha256}, is now ${freshSha} (no finer comparison without the original)` };
  }
  if (recorded.maskedSha256 === undefined) return { output: name, status: 'differs', detail: `${gone} and the receipt records no masked hash: cannot be compared (it has declared volatile fields)` };
  const now = sha256Of(maskedContent(name, readFileSync(fresh, 'utf8'), v));
  return now === recorded.maskedSha256
    ? { output: name, status: 'identical', detail: `${gone} (compared with the recorded masked sha256, declared volatile fields left out)` }
    : { output: name, status: 'differs', detail: `${gone}; masked sha256 was ${recorded.maskedSha256}, is now ${now} (no finer comparison without the original)` };
}

/** Compares a store output (the canonical export of its sweeps). */
async function compareStores(name: string, original: string, fresh: string, recorded: ReceiptFile): Promise<OutputComparison> {
  const { storeExport, storeExportText } = await import('./store-export.ts');
  if (!existsSync(fresh)) return { output: name, status: 'missing', detail: 'the replay did not write it' };
  // the replay's store holds only the replayed sweeps: export all of them, in order
  const freshText = storeExportText(fresh, null);
  if (sha256Of(freshText) === recorded.exportSha256) {
    if (existsSync(original)) {
      try {
        const origHash = sha256Of(storeExportText(original, recorded.sweeps ?? null));
        if (origHash !== recorded.exportSha256) return { output: name, status: 'differs', detail: `the stored results in ${original} changed after the run (canonical export sha256 was ${recorded.exportSha256}, is now ${origHash})` };
      } catch (e) {
        if (!(e instanceof CandorError)) throw e;
        return { output: name, status: 'differs', detail: `the original store cannot be read: ${e.message}` };
      }
      return { output: name, status: 'identical' };
    }
    return { output: name, status: 'identical', detail: `the original store ${original} is missing (compared with the recorded canonical export sha256)` };
  }
  if (existsSync(original)) {
    try {
      const d = firstJsonDifference(storeExport(original, recorded.sweeps ?? null), storeExport(fresh, null));
      if (d) {
        const num = typeof d.was === 'number' && typeof d.is === 'number' ? Math.abs(d.was - d.is) : undefined;
        return { output: name, status: 'differs', ...(num !== undefined ? { largestDifference: num } : {}), detail: `stored results differ (canonical export) first at ${d.path}: ${JSON.stringify(d.was)?.slice(0, 60)} -> ${JSON.stringify(d.is)?.slice(0, 60)}` };
      }
    } catch (e) {
      if (!(e instanceof CandorError)) throw e;
    }
  }
  return { output: name, status: 'differs', detail: `canonical export sha256 was ${recorded.exportSha256}, is now ${sha256Of(freshText)}` };
}

/**
 * The replay's path for every output option of the command (role -> path inside `outDir`): `out`
 * as the folder itself (or its file inside it), any other as `<role>-<name>` inside it. Options
 * left unset are left out unless the command has a default path for them (then redirected too).
 */
export function replayPaths(r: Receipt, cmd: Command, policy: ReceiptPolicy, outDir: string): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const k of outputOptions(policy)) {
    const real = cmd.options.find((o) => o.attributeName() === k && !o.negate);
    if (!real) continue;
    const given = r.command.options[k]?.value;
    const v = given === null || given === undefined ? real.defaultValue : given;
    if (v === null || v === undefined) continue;
    if (k === 'out') paths.out = isFileRoot(r) ? join(outDir, basename(String(v))) : outDir;
    else paths[k] = join(outDir, `${k}-${basename(String(v))}`);
  }
  for (const [k, p] of Object.entries(paths)) {
    const rel = relative(outDir, p);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new CandorError(WHERE, `output option --${k}`, `a path inside the replay folder ${outDir}`, p, 'usage');
  }
  return paths;
}

/** The original path of an output (the receipt's folder for --out; the option's path for the others). */
function originalPath(receiptPath: string, r: Receipt, policy: ReceiptPolicy, o: ReceiptFile): string {
  if (o.role === 'out') return join(dirname(resolve(receiptPath)), o.path); // the receipt sits in the folder, or beside the file
  if (o.role === policy.store) return resolve(r.command.cwd, String(r.command.options[o.role]?.value));
  const root = resolve(r.command.cwd, r.command.roots[o.role] ?? String(r.command.options[o.role]?.value));
  return policy.outputFiles?.includes(o.role) ? root : join(root, o.path);
}

/** The replay's path of an output. */
function freshPath(policy: ReceiptPolicy, paths: Record<string, string>, outDir: string, o: ReceiptFile): string {
  if (o.role === 'out') return join(outDir, o.path);
  return policy.outputFiles?.includes(o.role) || o.role === policy.store ? paths[o.role] : join(paths[o.role], o.path);
}

/**
 * The receipt's volatile entries, checked against the command's own policy: the comparison uses
 * the policy of this code ({@link RECEIPT_POLICIES}); a receipt naming an entry the policy does not
 * declare (a regular expression of its own, say) is refused, never run.
 */
export function checkedVolatile(r: Receipt, name: string, policy: ReceiptPolicy): string[] {
  const mine = policy.volatile ?? [];
  for (const v of r.volatile) {
    if (!mine.includes(v)) throw new CandorError(`receipt ${name}`, 'field volatile', `only the declared volatile fields of candor ${r.command.words.join(' ')} (src/cli/receipts.ts: ${mine.length ? mine.join(', ') : 'none'})`, JSON.stringify(v).slice(0, 80), 'usage');
  }
  return [...mine];
}

/** The default time limit of a replay's run: 10x the recorded run time plus 60 s. */
export function defaultTimeout(r: Receipt): number {
  const s = Number(r.timings?.seconds);
  return 10 * (Number.isFinite(s) && s > 0 ? s : 0) + 60;
}

/** Runs the replay of a receipt. `bin` is the `candor` script to run (default: this process's). */
export async function replay(receiptPath: string, opts: { out?: string; bin?: string; timeout?: number; onLine?: (s: string) => void } = {}): Promise<ReplayResult> {
  const r = readReceiptFile(receiptPath);
  checkReplayable(r, receiptPath, codeVersion());
  const { cmd, policy } = await replayableCommand(r, receiptPath);
  if (typeof r.command.roots.out !== 'string' || r.command.roots.out === '') {
    throw new CandorError(`receipt ${receiptPath}`, 'field command.roots.out', 'the --out path of the run (where its outputs and this receipt are)', JSON.stringify(r.command.roots.out ?? null), 'usage');
  }
  for (const role of Object.keys(r.command.roots)) {
    if (role !== 'out' && !(policy.outputDirs ?? []).includes(role) && !(policy.outputFiles ?? []).includes(role)) {
      throw new CandorError(`receipt ${receiptPath}`, 'field command.roots', `output roots of candor ${r.command.words.join(' ')} (out${[...(policy.outputDirs ?? []), ...(policy.outputFiles ?? [])].map((x) => `, ${x}`).join('')})`, JSON.stringify(role).slice(0, 40), 'usage');
    }
  }
  for (const o of r.outputs) {
    if (o.role !== 'out' && !outputOptions(policy).includes(o.role)) throw new CandorError(`receipt ${receiptPath}`, 'field outputs', `outputs of the output options of candor ${r.command.words.join(' ')}`, `one of ${JSON.stringify(o.role).slice(0, 40)}`, 'usage');
  }
  const volatile = checkedVolatile(r, receiptPath, policy);
  const timeout = opts.timeout ?? defaultTimeout(r);
  const written = `${r.candor.version}${r.candor.commit ? `+${r.candor.commit}${r.candor.dirty ? '-dirty' : ''}` : ''}`;
  if (written !== codeVersion()) opts.onLine?.(`candor replay: note: the receipt was written by candor ${written}; this is ${codeVersion()}`);
  if (!existsSync(r.command.cwd) || !statSync(r.command.cwd).isDirectory()) {
    throw new CandorError(WHERE, 'working directory of the run', `an existing folder ${r.command.cwd} (relative paths in the command resolve against it)`, 'no such folder', 'io');
  }
  checkInputs(r);
  // the command line is checked in full before the replay folder is made
  replayCommandLine(r, receiptPath, cmd, policy, replayPaths(r, cmd, policy, '/replay'));
  const outDir = newOutDir(receiptPath, opts.out);
  const paths = replayPaths(r, cmd, policy, outDir);
  const args = replayCommandLine(r, receiptPath, cmd, policy, paths);
  // never into the original: every original output root differs from the replay folder and its paths
  const originals = new Set([dirname(resolve(receiptPath)), ...Object.values(r.command.roots).map((p) => resolve(r.command.cwd, p))]);
  for (const k of Object.keys(paths)) {
    const v = r.command.options[k]?.value;
    if (typeof v === 'string') originals.add(resolve(r.command.cwd, v));
  }
  for (const [k, p] of Object.entries(paths)) {
    if (originals.has(resolve(p))) throw new CandorError(WHERE, `replay path of --${k}`, 'a new path distinct from the original outputs', p, 'usage');
  }
  opts.onLine?.(`candor replay: re-running in ${outDir}: candor ${args.join(' ')}`);
  const bin = opts.bin ?? process.argv[1];
  const run = spawnSync(process.execPath, [...process.execArgv, bin, ...args], { cwd: r.command.cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20, timeout: Math.ceil(timeout * 1000), killSignal: 'SIGKILL' });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    throw new CandorError(WHERE, 're-run', `to finish within ${timeout} s (${opts.timeout === undefined ? `10x the recorded ${r.timings.seconds} s + 60 s; --timeout to change` : '--timeout'})`, `still running after ${timeout} s: stopped (its partial outputs are in ${outDir})`, 'io');
  }
  const code = run.status ?? 1;
  if (code !== r.exitCode) {
    const last = (run.stderr ?? '').trim().split('\n').pop() ?? '';
    throw new CandorError(WHERE, 're-run', `exit code ${r.exitCode} as recorded`, `exit code ${run.status ?? run.signal}${last ? ` (${last.slice(0, 200)})` : ''}`, 'io');
  }
  const outputs: OutputComparison[] = [];
  const seen = new Set<string>();
  for (const o of r.outputs) {
    const name = o.role === 'out' ? o.path : `${o.role}:${o.path}`;
    const orig = originalPath(receiptPath, r, policy, o);
    const fresh = freshPath(policy, paths, outDir, o);
    outputs.push(o.compare === 'sqlite-export' ? await compareStores(name, orig, fresh, o) : compareFiles(name, orig, fresh, volatile, o));
    seen.add(name);
  }
  // outputs the replay wrote that the receipt does not list (in the output folders)
  const freshReceipt = readReceiptFile(join(outDir, isFileRoot(r) ? `${basename(r.command.roots.out)}.receipt.json` : 'receipt.json'));
  const storeName = policy.store && paths[policy.store] ? basename(paths[policy.store]) : null;
  const extra = freshReceipt.outputs
    .filter((o) => o.role === 'out' || (policy.outputDirs ?? []).includes(o.role)) // stores and output files are compared above
    .map((o) => (o.role === 'out' ? o.path : `${o.role}:${o.path}`))
    .filter((n) => !seen.has(n) && n !== storeName);
  const first = outputs.find((o) => o.status !== 'identical') ?? null;
  return { receipt: receiptPath, outDir, command: args, volatile, identical: first === null && extra.length === 0, outputs, extra, first };
}
