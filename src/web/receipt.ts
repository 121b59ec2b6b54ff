/**
 * The web lab's receipts (issue 18): the "Receipt" button of every page's share bar downloads the
 * page's last run as a receipt of the same schema the command line writes (src/io/receipt.ts,
 * docs/receipts.md), with origin "web":
 * - `command.line` is the page's equivalent `candor` command (./commands.ts), `command.words` its
 *   command words, `command.options` the form's settings (source "web");
 * - `inputs`: the files the page was given (an uploaded image, gather or visibility file), each
 *   with its sha256 computed by WebCrypto (`crypto.subtle.digest`);
 * - `outputs`: the run's figures and tables as the page offers them for download (SVG, CSV, PNG),
 *   each hashed the same way;
 * - `web`: the run's status, link (reopens the page with these settings) and the numbers it shows;
 * - the browser (user agent) as the runtime, Candor's version from the lab server when it has one.
 * A web receipt documents a run; `candor replay` refuses it and points at its equivalent command.
 *
 * @example
 * import { registerReceiptBuilder } from './share.ts';
 * import { webReceipt } from './receipt.ts';
 * registerReceiptBuilder(webReceipt);
 */
import { buildReceipt, type ReceiptFile, type ReceiptOption, receiptJson } from '../io/receipt.ts';
import type { RunRecord } from './share.ts';

/** Hex sha256 of bytes by WebCrypto. */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const d = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The command word that does a run of each kind (the equivalent command may hold several commands). */
const KIND_WORD: Record<string, string> = { reconstruction: 'report', 'acceleration plan': 'plan', interpolation: 'interpolate', sweep: 'run', plan: 'plan' };

/**
 * The command words of the command that did the run, from its equivalent command text: of its
 * `candor` lines (the MRI page's simulates, then reports, then offers a plan), the one whose last
 * word is the run kind's ({@link KIND_WORD}), else the last one. `candor mri report --x ...` ->
 * ['mri', 'report'].
 */
export function commandWordsOf(command: string, kind = ''): string[] {
  const all = command
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('candor '))
    .map((l) => {
      const words: string[] = [];
      for (const w of l.split(/\s+/).slice(1)) {
        if (w.startsWith('-') || w === '\\' || w === '&&') break;
        words.push(w);
      }
      return words;
    })
    .filter((w) => w.length > 0);
  const want = KIND_WORD[kind];
  return all.find((w) => w[w.length - 1] === want) ?? all[all.length - 1] ?? ['lab'];
}

let version: Promise<string> | null = null;

/** Candor's version as the lab server reports it (`GET api/health`), or 'unknown' for a static lab. */
function labVersion(): Promise<string> {
  version ??= fetch('api/health')
    .then((r) => (r.ok ? (r.json() as Promise<{ version?: unknown }>) : {}))
    .then((j: { version?: unknown }) => (typeof j.version === 'string' ? j.version : 'unknown'))
    .catch(() => 'unknown');
  return version;
}

/** The run's figures and tables as files: `<name>.svg`, `<name>.csv`, `<name>.png`, each hashed. */
async function figureFiles(run: RunRecord): Promise<ReceiptFile[]> {
  const out: ReceiptFile[] = [];
  const enc = new TextEncoder();
  for (const name of Object.keys(run.figures).sort()) {
    const f = run.figures[name];
    const add = async (ext: string, bytes: Uint8Array) => out.push({ role: 'figure', path: `${name}.${ext}`, sha256: await sha256Hex(bytes), bytes: bytes.length });
    if (f.svg) await add('svg', enc.encode(await f.svg()));
    if (f.csv) await add('csv', enc.encode(f.csv()));
    if (f.png) await add('png', new Uint8Array(await (await f.png()).arrayBuffer()));
  }
  return out;
}

/** Builds the receipt of a run record (the share bar's receipt builder). */
export async function webReceipt(run: RunRecord): Promise<{ filename: string; blob: Blob }> {
  const inputs: ReceiptFile[] = [];
  for (const { role, file } of run.files ?? []) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    inputs.push({ role, path: file.name, sha256: await sha256Hex(bytes), bytes: bytes.length });
  }
  const options: Record<string, ReceiptOption> = {};
  for (const [k, v] of Object.entries(run.settings)) options[k] = { value: v, source: 'web', flag: k, arg: v };
  const ua = typeof navigator === 'undefined' ? 'unknown' : navigator.userAgent;
  const receipt = buildReceipt({
    origin: 'web',
    command: commandWordsOf(run.command, run.kind),
    argv: [],
    cwd: '',
    options,
    inputs,
    outputs: await figureFiles(run),
    version: await labVersion(),
    runtime: { name: 'browser', version: ua, platform: typeof navigator === 'undefined' ? 'unknown' : (navigator.platform ?? 'unknown'), arch: 'unknown' },
    startedAt: run.startedAt,
    seconds: run.seconds,
    line: run.command,
    web: { page: run.page, kind: run.kind, status: run.status, link: run.link, results: run.results },
  });
  const stamp = run.startedAt.replace(/[:.]/g, '-');
  return { filename: `candor-receipt-${run.page}-${stamp}.json`, blob: new Blob([receiptJson(receipt)], { type: 'application/json' }) };
}
