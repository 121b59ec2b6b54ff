/** Small DOM glue shared by the pages: the error banner, element builders, API calls. */
export function showError(message: string | null): void {
  const el = document.getElementById('error')!;
  if (message) {
    el.textContent = message;
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

/** Calls the lab server's JSON API; a 4xx/5xx becomes an Error carrying the server's message. */
export async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const r = await fetch(path, init);
  const body = (await r.json().catch(() => null)) as { error?: { message: string } } | null;
  if (!r.ok) throw new Error(body?.error?.message ?? `request failed: ${r.status} ${r.statusText}`);
  return body as T;
}
