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
 * (./store-export.ts). The receipt's declared volatile fields are removed from both sides first;
 * nothing else is excluded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CandorError } from '../core/errors.ts';
import { codeVersion } from '../experiments/node/version.ts';
import { readFitsImage } from '../io/fits/image.ts';
import { ensureDir } from '../io/node/files.ts';
import { readArrayFile, readSegyFile, readSuFile, readUvfitsFile } from '../io/node/formats.ts';
import { readReceiptFile, sha256File } from '../io/node/receipt-files.ts';
import type { NdArray } from '../io/ndarray.ts';
import { checkReplayable, explicitArgs, firstJsonDifference, maskText, type Receipt, type ReceiptFile, volatileFor, withoutPaths } from '../io/receipt.ts';

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
  return mkdtempSync(`${base}.replay-`);
}

/** The new paths of the receipt's output roots inside `outDir`. */
function newRoots(r: Receipt, outDir: string): Record<string, string> {
  const roots: Record<string, string> = {};
  for (const [role, p] of Object.entries(r.command.roots)) {
    if (role === 'out') roots.out = isFileRoot(r) ? join(outDir, basename(p)) : outDir;
    else roots[role] = join(outDir, `${role}-${basename(p)}`);
  }
  return roots;
}

/** A single-file --out (its receipt is `<file>.receipt.json`)? */
function isFileRoot(r: Receipt): boolean {
  return r.command.outKind === 'file';
}

/** Refuses a receipt whose inputs changed: "input X changed: expected sha256 was ..., got sha256 is now ...". */
export function checkInputs(r: Receipt): void {
  for (const f of r.inputs) {
    const abs = resolve(r.command.cwd, f.path);
    const now = sha256File(abs);
    if (now === null) throw new CandorError(WHERE, `input ${f.path} (${f.role}) changed`, `sha256 was ${f.sha256}`, `the file is gone (${abs})`, 'io');
    if (now.sha256 !== f.sha256) throw new CandorError(WHERE, `input ${f.path} (${f.role}) changed`, `sha256 was ${f.sha256}`, `sha256 is now ${now.sha256}`, 'io');
  }
}

/** The root path of an output role in the original run. */
function originalRoot(receiptPath: string, r: Receipt, role: string): string {
  if (role === 'out') return dirname(resolve(receiptPath)); // the receipt sits in the folder, or beside the file
  return resolve(r.command.cwd, r.command.roots[role] ?? role);
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
  if (hOrig === null) {
    // the original is gone: only the recorded hash is left to compare with
    return hNew.sha256 === recorded.sha256 ? { output: name, status: 'identical' } : { output: name, status: 'differs', detail: `sha256 was ${recorded.sha256}, is now ${hNew.sha256} (the original file is gone: no finer comparison)` };
  }
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

/** Compares a store output (the canonical export of its sweeps). */
async function compareStores(name: string, original: string, fresh: string, recorded: ReceiptFile): Promise<OutputComparison> {
  const { storeExport, storeExportText } = await import('./store-export.ts');
  const { sha256Of } = await import('../io/node/receipt-files.ts');
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
    }
    return { output: name, status: 'identical' };
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

/** The command line that re-runs a receipt into `roots`. */
export function replayArgs(r: Receipt, roots: Record<string, string>, storePath: string | null, storeOption: string | null): string[] {
  const options = structuredClone(r.command.options);
  for (const [role, p] of Object.entries(roots)) {
    if (options[role]) options[role] = { ...options[role], value: p, arg: p };
  }
  if (storeOption && storePath && options[storeOption]) options[storeOption] = { ...options[storeOption], value: storePath, arg: storePath };
  return explicitArgs(r.command.words, r.command.args, options);
}

/** Runs the replay of a receipt. `bin` is the `candor` script to run (default: this process's). */
export async function replay(receiptPath: string, opts: { out?: string; bin?: string; onLine?: (s: string) => void } = {}): Promise<ReplayResult> {
  const r = readReceiptFile(receiptPath);
  checkReplayable(r, receiptPath, codeVersion());
  const written = `${r.candor.version}${r.candor.commit ? `+${r.candor.commit}${r.candor.dirty ? '-dirty' : ''}` : ''}`;
  if (written !== codeVersion()) opts.onLine?.(`candor replay: note: the receipt was written by candor ${written}; this is ${codeVersion()}`);
  if (!existsSync(r.command.cwd) || !statSync(r.command.cwd).isDirectory()) {
    throw new CandorError(WHERE, 'working directory of the run', `an existing folder ${r.command.cwd} (relative paths in the command resolve against it)`, 'no such folder', 'io');
  }
  checkInputs(r);
  const outDir = newOutDir(receiptPath, opts.out);
  const roots = newRoots(r, outDir);
  const storeEntry = r.outputs.find((o) => o.compare === 'sqlite-export' && o.sweeps !== undefined && !(o.role in r.command.roots));
  const storePath = storeEntry ? join(outDir, `store-${storeEntry.path}`) : null;
  const args = replayArgs(r, roots, storePath, storeEntry?.role ?? null);
  opts.onLine?.(`candor replay: re-running in ${outDir}: candor ${args.join(' ')}`);
  const bin = opts.bin ?? process.argv[1];
  const run = spawnSync(process.execPath, [...process.execArgv, bin, ...args], { cwd: r.command.cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const code = run.status ?? 1;
  if (code !== r.exitCode) {
    const last = (run.stderr ?? '').trim().split('\n').pop() ?? '';
    throw new CandorError(WHERE, 're-run', `exit code ${r.exitCode} as recorded`, `exit code ${run.status ?? run.signal}${last ? ` (${last.slice(0, 200)})` : ''}`, 'io');
  }
  const outputs: OutputComparison[] = [];
  const seen = new Set<string>();
  for (const o of r.outputs) {
    const name = o.role === 'out' ? o.path : `${o.role}:${o.path}`;
    if (o.compare === 'sqlite-export') {
      const inRoot = o.role in r.command.roots;
      const orig = inRoot ? join(originalRoot(receiptPath, r, o.role), o.path) : resolve(r.command.cwd, String(r.command.options[o.role]?.value));
      const fresh = inRoot ? join(isFileRoot(r) && o.role === 'out' ? outDir : roots[o.role], o.path) : (storePath as string);
      outputs.push(await compareStores(name, orig, fresh, o));
      seen.add(name);
      continue;
    }
    const orig = join(originalRoot(receiptPath, r, o.role), o.path);
    const freshRoot = o.role === 'out' && isFileRoot(r) ? outDir : roots[o.role];
    outputs.push(compareFiles(name, orig, join(freshRoot, o.path), r.volatile, o));
    seen.add(name);
  }
  // outputs the replay wrote that the receipt does not list
  const fresh = readReceiptFile(join(outDir, isFileRoot(r) ? `${basename(r.command.roots.out)}.receipt.json` : 'receipt.json'));
  const extra = fresh.outputs
    .filter((o) => o.role in fresh.command.roots) // the store of a sweep is compared above by its export
    .map((o) => (o.role === 'out' ? o.path : `${o.role}:${o.path}`))
    .filter((n) => !seen.has(n) && (storePath === null || n !== basename(storePath))); // the replay's own store, compared above
  const first = outputs.find((o) => o.status !== 'identical') ?? null;
  return { receipt: receiptPath, outDir, command: args, volatile: r.volatile, identical: first === null && extra.length === 0, outputs, extra, first };
}
