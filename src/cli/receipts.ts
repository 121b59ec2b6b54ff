/**
 * Every `candor` command that writes outputs (`--out`) also writes a receipt (issue 18,
 * docs/receipts.md): `<out>/receipt.json` when `--out` is a folder, `<file>.receipt.json` beside it
 * when `--out` is one file. The program's pre/post-action hooks do it for every command, so a
 * command file does nothing but (where it has them) declare volatile output fields or note the
 * sweeps it stored ({@link noteStoreSweeps}).
 *
 * - Before the action: the start time, every option's raw text (captured while commander parses),
 *   and the sha256 of every input: each option or positional argument whose value names an
 *   existing file (outputs and stores excepted), hashed before the command may overwrite it; one
 *   larger than {@link EARLY_HASH_BYTES} is hashed after the command instead (which has read it,
 *   or refused it by its declared sizes: a 16 GiB sparse file is not read whole for a receipt
 *   the failed command never writes), and only if its size and modification time are unchanged.
 * - After the action: the files the run wrote under each output (modified since the start;
 *   older files in an output folder are listed as `untouched`, never compared), their sha256,
 *   the store sweeps the command noted (compared by canonical export), the declared volatile
 *   fields of the command's outputs ({@link RECEIPT_POLICIES}), and the elapsed time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { platform, arch } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import type { Command, Option } from 'commander';
import { codeVersionAsync, prefetchCodeVersion } from '../experiments/node/version.ts';
import { isDescriptorName, sharedStreamKey } from '../io/node/files.ts';
import { isSqliteFile, receiptPathFor, sha256File, sha256Of, writeReceiptFile } from '../io/node/receipt-files.ts';
import { UsageError } from './errors.ts';
import { buildReceipt, maskedContent, type ReceiptFile, type ReceiptOption, volatileFor } from '../io/receipt.ts';

/** How a command's outputs are found and compared. */
export interface ReceiptPolicy {
  /** No receipt (`candor replay`: its --out is the replayed command's, which writes its own). */
  none?: boolean;
  /** Options that name further output folders (besides --out), e.g. seismic interpolate's --report. */
  outputDirs?: string[];
  /** Options that name further output files (besides --out), e.g. recover's --lambda-figure. */
  outputFiles?: string[];
  /** Option naming a SQLite store the command writes (compared by its canonical export of the noted sweeps). */
  store?: string;
  /** Declared volatile parts of outputs (`FILE:$.path`, `FILE:~REGEX`; FILE relative to its output root). */
  volatile?: string[];
}

/**
 * The commands whose outputs hold fields that differ between identical runs, or that write more
 * than `--out`. Every other command with `--out` gets a receipt with no volatile field.
 */
export const RECEIPT_POLICIES: Readonly<Record<string, ReceiptPolicy>> = Object.freeze({
  demo: {
    volatile: [
      'summary.json:$.report',
      'summary.json:$.seconds',
      'summary.json:$.sweep.trialsPerSecond',
      // run times and the machine in the report's text (the numbers it reports are compared)
      'report.html:~[0-9.]+ ms\\)',
      'report.html:~iterations in [0-9.]+ s',
      'report.html:~[0-9.]+ trials/s',
      'report.html:~candor [^,<]+, seed [0-9]+, [0-9.]+ s on [^.<]+\\.',
    ],
  },
  recover: { outputFiles: ['lambdaFigure'] },
  'sweep run': { store: 'store' },
  'mri simulate': { volatile: ['simulate.json:$.files'] },
  'mri recon': { volatile: ['recon.json:$.files', 'recon.json:$.seconds'] },
  'mri ecalib': { volatile: ['ecalib.json:$.files', 'ecalib.json:$.seconds'] },
  'mri report': { volatile: ['recon.json:$.files', 'recon.json:$.seconds', 'report.json:$.recon.seconds'] },
  // the scan's store is replaced by a fresh one: its path, sweep id and resume state differ
  'mri plan': { store: 'store', volatile: ['plan.json:$.store', 'plan.json:$.sweep', 'plan.json:$.resumed', 'plan.json:$.rows.*.seconds', 'plan.json:$.prediction.seconds'] },
  'mri transition': { store: 'store', volatile: ['transition.json:$.store', 'transition.json:$.sweep', 'transition.json:$.resumed', 'transition.json:$.ran'] },
  'radio image': { volatile: ['summary.json:$.seconds', 'summary.json:$.details.cs.solverSeconds'] },
  'radio plan': { volatile: ['plan.json:$.verify.rows.*.seconds'] },
  'seismic plan': { store: 'store', volatile: ['plan.json:$.prediction.seconds', 'plan.json:$.store', 'plan.json:$.sweep', 'plan.json:$.resumed'] },
  'seismic interpolate': {
    outputDirs: ['report'],
    volatile: [
      'report:report.json:$.out',
      'report:report.json:$.panels.*.seconds',
      'report:report.json:$.report.result.seconds',
      'report:report.json:~ iterations in [0-9.]+ s',
      'report:report.html:~ iterations in [0-9.]+ s',
    ],
  },
  replay: { none: true },
});

/** Every option of a command that names an output (--out, further folders and files, the store it writes). */
export function outputOptions(policy: ReceiptPolicy): string[] {
  return ['out', ...(policy.outputDirs ?? []), ...(policy.outputFiles ?? []), ...(policy.store ? [policy.store] : [])];
}

/**
 * The files a reader opens beside a named input (hashed as inputs too): a CFL's `.hdr` for its
 * `.cfl` and the reverse (io/node/formats.ts reads both whichever is named).
 */
export function companionFiles(path: string): string[] {
  const m = /^(.*)\.(cfl|hdr)$/i.exec(path);
  if (!m) return [];
  return [`${m[1]}.${m[2].toLowerCase() === 'cfl' ? 'hdr' : 'cfl'}`];
}

/** The options of a run as the receipt records them. */
interface Pending {
  words: string[];
  startedAt: Date;
  t0: number;
  options: Record<string, ReceiptOption>;
  args: string[];
  inputs: ReceiptFile[];
  /** Inputs hashed after the action: their entry in `inputs` and their stat at the start. */
  deferred: { entry: ReceiptFile; abs: string; size: number; mtimeMs: number }[];
  outs: { role: string; path: string }[];
}

/** Inputs up to this size (64 MiB) are hashed before the action, larger ones after it. */
export const EARLY_HASH_BYTES = 64 * 1024 * 1024;

let pending: Pending | null = null;
let notedSweeps: number[] = [];
let notedResolved: Record<string, { value: unknown; arg: string }> = {};

/** A command notes the sweeps it stored (sweep run), so its receipt compares their export. */
export function noteStoreSweeps(ids: readonly number[]): void {
  notedSweeps = [...ids];
}

/**
 * A command notes the values it resolved itself for options left unset or left at commander's
 * default when it uses another (sweep run: the spec's defaults; multi-coil mri recon: the
 * method's iterations), so its receipt states them (source 'resolved') and a replay passes them
 * explicitly.
 */
export function noteResolvedOptions(values: Record<string, { value: unknown; arg: string }>): void {
  notedResolved = { ...values };
}

/** The words naming a command (`['mri', 'recon']`). */
export function commandWords(cmd: Command): string[] {
  const words: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) words.unshift(c.name());
  return words;
}

const rawText = new WeakMap<Command, Record<string, string[]>>();

/** Records every option's raw text as commander parses it (for replaying with the same text). */
export function captureRawOptions(cmd: Command): void {
  const raw: Record<string, string[]> = {};
  rawText.set(cmd, raw);
  for (const opt of cmd.options as Option[]) {
    cmd.on(`option:${opt.name()}`, (v: string | undefined | null) => {
      if (typeof v !== 'string') return;
      const k = opt.attributeName();
      raw[k] = opt.variadic ? [...(raw[k] ?? []), v] : [v];
    });
  }
  for (const sub of cmd.commands) captureRawOptions(sub);
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * A pipe, socket or device, or a name of a file descriptor (`/dev/stdin` redirected from a file is
 * a regular file, but the name does not name it; a regular file in /dev/shm is a file): input read
 * once, whose content a replay cannot find again.
 */
function isStream(p: string): boolean {
  try {
    const st = statSync(p);
    return st.isFIFO() || st.isSocket() || st.isCharacterDevice() || st.isBlockDevice() || isDescriptorName(p);
  } catch {
    return false;
  }
}

/** The text that gives an option's value on a command line. */
function argText(value: unknown, raw: string[] | undefined): string | null {
  if (raw && raw.length === 1) return raw[0];
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return null;
}

/**
 * Refuses two options (or arguments) naming the same file descriptor (`--kspace /dev/stdin --truth
 * /dev/stdin`): a stream is read once, so the second would silently get the first's bytes.
 */
function refuseSharedStreams(cmd: Command): void {
  const opts = cmd.opts() as Record<string, unknown>;
  const seen = new Map<string, [string, string]>();
  const named: [string, unknown][] = [
    ...(cmd.options as Option[]).map((o): [string, unknown] => [o.long ?? o.flags, opts[o.attributeName()]]),
    ...cmd.args.map((a, i): [string, unknown] => [`argument ${i + 1}`, a]),
  ];
  for (const [who, v] of named) {
    // /dev/fd/0 and /proc/self/fd/0 are /dev/stdin; a pipe is one under any name
    const key = typeof v === 'string' ? sharedStreamKey(v) : null;
    if (key === null) continue;
    const seenAs = seen.get(key);
    if (seenAs !== undefined && seenAs[0] !== who) {
      const [first, as] = seenAs;
      const got = as === v ? `${v} for both` : `${as} and ${v}, one stream under two names`;
      throw new UsageError('candor', `${first} and ${who}`, `different inputs (a stream is read once: ${v} cannot be both)`, got);
    }
    seen.set(key, [who, v as string]);
  }
}

/** Before a command's action: its options, inputs and start time. */
export function beforeAction(cmd: Command): void {
  refuseSharedStreams(cmd);
  notedSweeps = [];
  notedResolved = {};
  const words = commandWords(cmd);
  const policy = RECEIPT_POLICIES[words.join(' ')] ?? {};
  const opts = cmd.opts() as Record<string, unknown>;
  const raw = rawText.get(cmd) ?? {};
  const options: Record<string, ReceiptOption> = {};
  for (const opt of cmd.options as Option[]) {
    const k = opt.attributeName();
    if (k in options) continue; // --x and --no-x share one value
    const value = opts[k];
    options[k] = {
      value: value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown),
      source: cmd.getOptionValueSource(k) ?? 'unset',
      flag: opt.flags,
      arg: typeof value === 'boolean' || value === undefined ? null : argText(value, raw[k]),
    };
  }
  if (typeof opts.out !== 'string' || policy.none) {
    pending = null;
    return;
  }
  const outs = [{ role: 'out', path: opts.out }];
  for (const d of [...(policy.outputDirs ?? []), ...(policy.outputFiles ?? [])]) if (typeof opts[d] === 'string') outs.push({ role: d, path: opts[d] as string });
  const skip = new Set(outputOptions(policy));
  const inputs: ReceiptFile[] = [];
  const deferred: Pending['deferred'] = [];
  const cwd = process.cwd();
  const consider = (role: string, v: unknown) => {
    if (typeof v !== 'string' || v === '') return;
    if (isStream(resolve(cwd, v))) {
      inputs.push({ role, path: v, sha256: null, bytes: null, stream: true });
      return;
    }
    if (!isFile(resolve(cwd, v))) return;
    for (const [r, path] of [[role, v], ...companionFiles(v).map((c) => [`${role} (beside)`, c])]) {
      const abs = resolve(cwd, path);
      if (r !== role && !isFile(abs)) continue;
      const st = statSync(abs);
      if (st.size > EARLY_HASH_BYTES) {
        const entry: ReceiptFile = { role: r, path, sha256: null, bytes: st.size };
        inputs.push(entry);
        deferred.push({ entry, abs, size: st.size, mtimeMs: st.mtimeMs });
        continue;
      }
      const h = sha256File(abs);
      inputs.push({ role: r, path, sha256: h?.sha256 ?? null, bytes: h?.bytes ?? null });
    }
  };
  for (const [k, o] of Object.entries(options)) if (!skip.has(k)) consider(`--${o.flag.split(/[ ,|]+/).find((f) => f.startsWith('--'))?.slice(2) ?? k}`, o.value);
  for (const [i, a] of cmd.args.entries()) consider(`<arg ${i + 1}>`, a);
  pending = { words, startedAt: new Date(), t0: performance.now(), options, args: [...cmd.args], inputs, deferred, outs };
  prefetchCodeVersion(); // git runs beside the command; the receipt awaits it at the end
}

/** Files under `dir` (relative paths, sorted), recursively. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

/** After a command's action: hashes what it wrote and writes the receipt. */
export async function afterAction(): Promise<void> {
  const p = pending;
  pending = null;
  if (!p) return;
  const seconds = (performance.now() - p.t0) / 1000;
  for (const d of p.deferred) {
    // hashed only when the file is as it was at the start (else its sha256 stays null: unknown)
    let same = false;
    try {
      const st = statSync(d.abs);
      same = st.isFile() && st.size === d.size && st.mtimeMs === d.mtimeMs;
    } catch {
      same = false;
    }
    const h = same ? sha256File(d.abs) : null;
    if (h) d.entry.sha256 = h.sha256;
  }
  const where = `candor ${p.words.join(' ')}`;
  const policy = RECEIPT_POLICIES[p.words.join(' ')] ?? {};
  const outputs: ReceiptFile[] = [];
  const untouched: string[] = [];
  let receiptPath: string | null = null;
  let outKind: 'dir' | 'file' = 'dir';
  const since = p.startedAt.getTime() - 1;
  // a store the command writes is compared by its export below, even when it sits in an output folder
  const storeFile = policy.store ? resolve(String(p.options[policy.store]?.value)) : null;
  const isStore = (abs: string) => storeFile !== null && (abs === storeFile || abs === `${storeFile}-wal` || abs === `${storeFile}-shm` || abs === `${storeFile}-journal`);
  for (const o of p.outs) {
    const root = resolve(o.path);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(root);
    } catch {
      continue; // nothing written (e.g. an optional report the run did not produce)
    }
    if (st.isDirectory()) {
      if (o.role === 'out') receiptPath = receiptPathFor(root, 'dir');
      for (const rel of listFiles(root)) {
        if (o.role === 'out' && rel === 'receipt.json') continue;
        const abs = join(root, rel);
        if (isStore(abs)) continue;
        if (statSync(abs).mtimeMs < since) {
          untouched.push(o.role === 'out' ? rel : `${o.role}:${rel}`);
          continue;
        }
        outputs.push(await outputEntry(o.role, rel, abs, policy));
      }
    } else {
      if (o.role === 'out') {
        receiptPath = receiptPathFor(root, 'file');
        outKind = 'file';
      }
      if (o.role !== 'out' && st.mtimeMs < since) continue; // an output file option the run did not write this time
      outputs.push(await outputEntry(o.role, basename(root), root, policy));
    }
  }
  if (receiptPath === null) return;
  const storePath = policy.store ? String(p.options[policy.store]?.value) : ':memory:';
  // recorded whenever it exists (even with no sweep noted); a run that wrote none (mri plan --predict,
  // seismic plan without --verify) records none. A replay's store is always a fresh one in its folder.
  if (policy.store && storePath !== ':memory:' && isFile(resolve(storePath))) {
    outputs.push({ role: policy.store, path: basename(storePath), sha256: null, bytes: null, compare: 'sqlite-export', exportSha256: (await import('./store-export.ts')).storeExportHash(resolve(storePath), notedSweeps), sweeps: notedSweeps });
  }
  for (const [k, r] of Object.entries(notedResolved)) {
    const o = p.options[k];
    // unset, or a commander default the command replaced by its own (mri recon's CG-SENSE iterations)
    if (o && (o.source === 'unset' || o.source === 'default')) p.options[k] = { ...o, value: r.value, source: 'resolved', arg: r.arg };
  }
  const receipt = buildReceipt({
    command: p.words,
    argv: process.argv.slice(2),
    args: p.args,
    cwd: process.cwd(),
    options: p.options,
    inputs: p.inputs,
    outputs,
    untouched,
    volatile: policy.volatile ?? [],
    version: await codeVersionAsync(),
    runtime: { name: 'node', version: process.version, platform: platform(), arch: arch() },
    startedAt: p.startedAt.toISOString(),
    seconds,
    roots: Object.fromEntries(p.outs.map((o) => [o.role, o.path])),
    outKind,
    exitCode: typeof process.exitCode === 'number' ? process.exitCode : 0,
  });
  writeReceiptFile(receiptPath, receipt, where);
}

async function outputEntry(role: string, rel: string, abs: string, policy: ReceiptPolicy): Promise<ReceiptFile> {
  const h = sha256File(abs);
  const entry: ReceiptFile = { role, path: rel, sha256: h?.sha256 ?? null, bytes: h?.bytes ?? null };
  const name = role === 'out' ? rel : `${role}:${rel}`;
  const v = volatileFor(policy.volatile ?? [], name);
  if (v.paths.length > 0 || v.patterns.length > 0) entry.maskedSha256 = sha256Of(maskedContent(name, readFileSync(abs, 'utf8'), v));
  if (isSqliteFile(abs)) {
    entry.compare = 'sqlite-export';
    entry.exportSha256 = (await import('./store-export.ts')).storeExportHash(abs, null);
  }
  return entry;
}

/** Installs the receipt hooks on the program (called by main after the commands are registered). */
export function installReceipts(program: Command): void {
  captureRawOptions(program);
  program.hook('preAction', (_root, action) => beforeAction(action));
  program.hook('postAction', async () => afterAction());
}
