/**
 * Small DOM glue shared by the pages: the error banner (messages in the user's words, never an
 * internal function's name), element builders, the aria-live status line, an in-page
 * confirmation, API calls. Field validation is in ./fields.ts, sharing and downloads in
 * ./share.ts and ./export.ts, image figures in ./image-view.ts, charts in ./charts.ts.
 */

/**
 * Library messages begin with `<where>`, often a function name (`decodeImage2d(notes.png): format:
 * ...`, `interpolateGather: kept traces: ...`). The lab shows the user's word for it instead:
 * a camelCase name becomes the word of {@link WHERE_WORDS} (or `fallback`), and its argument (a
 * file name) is kept: `upload notes.png: format: ...`.
 */
const WHERE_WORDS: Record<string, string> = {
  decodeImage2d: 'upload',
  decodeGather: 'upload',
  readSegy: 'upload',
  readSu: 'upload',
  readNpy: 'upload',
  readNifti: 'upload',
  readDicom: 'upload',
  readPng: 'upload',
  makeMask: 'mask',
  poissonDiscMask: 'mask',
  variableDensityMask: 'mask',
  linesMask: 'mask',
  radialMask: 'mask',
  reconstruct: 'reconstruction',
  planAcceleration: 'acceleration plan',
  interpolateGather: 'interpolation',
  decimationMask: 'decimation',
  theoryReport: 'theory report',
  seismicReport: 'theory report',
  gradientSparsity: 'theory report',
  waveletSparsity: 'theory report',
};

const INTERNAL = /^([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)(?:\((.*)\))?$/;

/** The message with an internal function name at its head replaced by the user's word. */
export function publicMessage(message: string, fallback = 'input'): string {
  const line = message.split('\n')[0];
  const i = line.indexOf(': ');
  if (i < 0) return line;
  const m = INTERNAL.exec(line.slice(0, i));
  if (!m) return line;
  const word = WHERE_WORDS[m[1]] ?? fallback;
  return `${word}${m[2] ? ` ${m[2]}` : ''}${line.slice(i)}`;
}

export function showError(message: string | null, fallback?: string): void {
  const el = document.getElementById('error')!;
  if (message) {
    el.textContent = publicMessage(message, fallback);
    el.hidden = false;
  } else {
    el.textContent = '';
    el.hidden = true;
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

/** A labelled input or select for a controls form. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLLabelElement {
  return h('label', {}, label, input);
}

export function numberInput(name: string, value: number, attrs: Record<string, string> = {}): HTMLInputElement {
  return h('input', { name, type: 'number', value: String(value), ...attrs });
}

export function select(name: string, options: readonly string[], value: string): HTMLSelectElement {
  const s = h('select', { name });
  for (const o of options) s.append(h('option', { value: o, ...(o === value ? { selected: '' } : {}) }, o));
  return s;
}

/** Final states of a run, kept in the status line's `data-done` for scripts and tests. */
export type RunState = 'done' | 'stopped' | 'cancelled' | 'failed';

/** The page's status line: announced to screen readers as it changes (aria-live). */
export function statusLine(id: string, text: string): HTMLDivElement {
  return h('div', { class: 'status', id, role: 'status', 'aria-live': 'polite' }, text);
}

/** Sets the status text and, for a finished run, its state (`data-done`). */
export function setStatus(el: HTMLElement, text: string, state?: RunState | ''): void {
  el.textContent = text;
  if (state !== undefined) el.dataset.done = state;
}

/** "45 s", "3.2 min", "1.5 h": a run-time estimate in words. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Run-time estimates above this many seconds ask for a confirmation before the work goes on. */
export const CONFIRM_ABOVE_S = 60;

/**
 * An in-page confirmation (not a blocking dialog): the question with Continue and Cancel
 * buttons inserted at the top of `host`; resolves true for Continue, false for Cancel or when
 * `abort` fires. The bar removes itself.
 */
export function confirmBar(host: HTMLElement, question: string, abort?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: 'confirm-yes' }, 'Continue');
    const no = h('button', { type: 'button', class: 'confirm-no secondary' }, 'Cancel');
    const bar = h('div', { class: 'confirm', role: 'alertdialog', 'aria-label': 'confirm a long run' }, h('span', {}, question), yes, no);
    const done = (v: boolean) => {
      bar.remove();
      resolve(v);
    };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    abort?.addEventListener('abort', () => done(false), { once: true });
    host.prepend(bar);
    yes.focus();
  });
}

/** Calls the lab server's JSON API; a 4xx/5xx becomes an Error carrying the server's message. */
export async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const r = await fetch(path, init);
  const body = (await r.json().catch(() => null)) as { error?: { message: string } } | null;
  if (!r.ok) throw new Error(body?.error?.message ?? `request failed: ${r.status} ${r.statusText}`);
  return body as T;
}
