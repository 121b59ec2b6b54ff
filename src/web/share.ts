/**
 * Sharing a page: its settings in the URL, the equivalent `candor` command, and a slot for the
 * run's receipt.
 *
 * - Settings live in the hash's query, `#/mri?mask=radial&acceleration=6`: {@link bindSettings}
 *   fills a page's named controls from the URL when it mounts and writes them back on every
 *   change (history.replaceState, so Back is not flooded); opening the link restores the page.
 * - {@link shareBar}: "Copy link", the equivalent command (./commands.ts builds it; "Copy"), and
 *   the receipt button, shown once a receipt builder is registered.
 * - Run records: each page calls {@link recordRun} when a run ends (done, stopped, cancelled) with
 *   its settings, link, command, status, the numbers it shows and its figures' download sources.
 *   {@link registerReceiptBuilder} plugs in whatever turns a run record into a receipt file
 *   (issue 18); `window` also gets a `candor:run` event with the record as `detail`.
 *
 * @example
 * const bar = shareBar('planner');
 * bindSettings('planner', [n, k], () => bar.setCommand(planCommand(read())));
 */
import type { FigureSources } from './export.ts';
import { downloadBlob } from './export.ts';
import { h, type RunState } from './ui.ts';

type Control = HTMLInputElement | HTMLSelectElement;

/** The settings in the current URL (the query of the hash, `#/page?a=1&b=2`). */
export function urlSettings(): URLSearchParams {
  const i = location.hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : location.hash.slice(i + 1));
}

/** The page name of the current URL (`#/mri?...` -> 'mri'). */
export function urlPage(): string {
  return location.hash.replace(/^#\/?/, '').split('?')[0];
}

/** Values of the named controls (file inputs excluded), in order. */
export function settingsOf(controls: readonly Control[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of controls) if (c.name && !(c instanceof HTMLInputElement && c.type === 'file')) out[c.name] = c.value;
  return out;
}

/** The link that opens `page` with these settings. */
export function settingsLink(page: string, values: Record<string, string>): string {
  const q = new URLSearchParams(values).toString();
  return `${location.origin}${location.pathname}#/${page}${q ? `?${q}` : ''}`;
}

/**
 * Fills the controls from the URL (a select only with one of its options), then keeps the URL in
 * step with them; `onChange` runs after each change and once now (e.g. to redraw the command).
 */
export function bindSettings(page: string, controls: readonly Control[], onChange?: () => void): void {
  const p = urlSettings();
  for (const c of controls) {
    if (!c.name || (c instanceof HTMLInputElement && c.type === 'file')) continue;
    const v = p.get(c.name);
    if (v === null) continue;
    if (c instanceof HTMLSelectElement) {
      if ([...c.options].some((o) => o.value === v)) c.value = v;
    } else c.value = v;
  }
  const write = () => {
    const q = new URLSearchParams(settingsOf(controls)).toString();
    history.replaceState(null, '', `#/${page}${q ? `?${q}` : ''}`);
    onChange?.();
  };
  for (const c of controls) {
    c.addEventListener('input', write);
    c.addEventListener('change', write);
  }
  write();
}

/** One run of a page, as the receipt (issue 18) and anything else may want it. */
export interface RunRecord {
  /** 'phase', 'planner', 'mri', 'seismic', ... */
  page: string;
  /** What ran: 'sweep', 'plan', 'reconstruction', 'acceleration plan', 'interpolation'. */
  kind: string;
  status: RunState;
  /** The form's values, as in the URL. */
  settings: Record<string, string>;
  /** The link that reopens the page with these settings. */
  link: string;
  /** The equivalent `candor` command (with notes as `#` lines where the lab differs). */
  command: string;
  startedAt: string;
  seconds: number;
  /** The numbers the page shows (metrics, m, the recommendation, ...). */
  results: Record<string, unknown>;
  /** Download sources of the run's figures and tables, by file name without extension. */
  figures: Record<string, FigureSources>;
  /** The files the run read (an uploaded image, gather, ...), by the control that named them. */
  files?: { role: string; file: File }[];
}

/** Turns a run record into a receipt file (registered by the receipts module, issue 18). */
export type ReceiptBuilder = (run: RunRecord) => Promise<{ filename: string; blob: Blob }> | { filename: string; blob: Blob };

let receiptBuilder: ReceiptBuilder | null = null;
const lastRuns = new Map<string, RunRecord>();
const receiptButtons = new Set<{ page: string; button: HTMLButtonElement }>();

function refreshReceiptButtons(): void {
  for (const entry of receiptButtons) {
    entry.button.hidden = receiptBuilder === null;
    entry.button.disabled = !lastRuns.has(entry.page);
  }
}

/** Registers (or with null removes) the receipt builder; every page's receipt button follows. */
export function registerReceiptBuilder(builder: ReceiptBuilder | null): void {
  receiptBuilder = builder;
  refreshReceiptButtons();
}

/** Stores the page's latest run, enables its receipt button and announces it (`candor:run`). */
export function recordRun(run: RunRecord): void {
  lastRuns.set(run.page, run);
  refreshReceiptButtons();
  window.dispatchEvent(new CustomEvent('candor:run', { detail: run }));
}

/** The page's latest run record, if any. */
export function lastRun(page: string): RunRecord | undefined {
  return lastRuns.get(page);
}

/** Forgets the page's run (a new run started: its old figures are gone). */
export function clearRun(page: string): void {
  lastRuns.delete(page);
  refreshReceiptButtons();
}

async function copy(text: string, button: HTMLButtonElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Select and copy';
  }
  setTimeout(() => {
    button.textContent = button.dataset.label ?? 'Copy';
  }, 1500);
}

export interface ShareBar {
  el: HTMLElement;
  /** Shows the equivalent command. */
  setCommand(command: string): void;
  command(): string;
}

/** "Copy link", the equivalent command with "Copy", and the receipt button (see the file comment). */
export function shareBar(page: string): ShareBar {
  const pre = h('pre', { class: 'command', id: `${page}-command`, 'aria-label': 'the equivalent candor command' });
  const copyCmd = h('button', { type: 'button', class: 'small secondary', 'data-label': 'Copy command' }, 'Copy command');
  const copyLink = h('button', { type: 'button', class: 'small secondary', id: `${page}-copy-link`, 'data-label': 'Copy link' }, 'Copy link');
  const receipt = h('button', { type: 'button', class: 'small secondary', id: `${page}-receipt`, hidden: '', disabled: '' }, 'Receipt');
  copyCmd.addEventListener('click', () => void copy(pre.textContent ?? '', copyCmd));
  copyLink.addEventListener('click', () => void copy(location.href, copyLink));
  receipt.addEventListener('click', async () => {
    const run = lastRuns.get(page);
    if (!run || !receiptBuilder) return;
    const r = await receiptBuilder(run);
    downloadBlob(r.filename, r.blob);
  });
  // one entry per mounted page: the old page's bar is dropped when the page unmounts
  for (const e of receiptButtons) if (e.page === page) receiptButtons.delete(e);
  receiptButtons.add({ page, button: receipt });
  const el = h(
    'details',
    { class: 'share', id: `${page}-share` },
    h('summary', {}, 'Share and reproduce: link, equivalent command, receipt'),
    h('p', { class: 'status' }, 'The link reopens this page with these settings; the command runs the same computation with the candor command line.'),
    pre,
    h('div', { class: 'downloads' }, copyLink, copyCmd, receipt),
  );
  refreshReceiptButtons();
  return {
    el,
    setCommand: (c) => {
      pre.textContent = c;
    },
    command: () => pre.textContent ?? '',
  };
}
