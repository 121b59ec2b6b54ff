/**
 * Validation at the field. Each numeric field is built from one {@link NumberRule} that sets its
 * HTML `min`/`max`/`step` AND is what the page checks, so the form and the page never disagree;
 * the rules quote the library's limits (see ./limits.ts). An empty field is "no value", never 0.
 * A bad field is highlighted (`aria-invalid`, class `invalid`), focused and named in the message:
 *
 *     n: expected an integer in [2, 2000], got no value
 *
 * (the library's `<what>: expected <expected>, got <got>` form, with the field's label as what).
 *
 * @example
 * const n = numberField('n', 100, { label: 'n', integer: true, min: 2, max: 2000 });
 * const v = readNumber(n);   // 100, or throws FieldError naming n
 */
import { h } from './ui.ts';

export interface NumberRule {
  /** The field's name in messages (its visible label). */
  label: string;
  integer?: boolean;
  min?: number;
  max?: number;
  /** min / max excluded (e.g. a fraction in (0, 1)). */
  openMin?: boolean;
  openMax?: boolean;
  /** The input's step (default 1 for integers, 'any' otherwise). */
  step?: string;
  /** Said after the range, e.g. "(the browser's limit; candor sweep run takes 100000)". */
  note?: string;
}

/** A field's value was refused: the message names the field; `input` is highlighted. */
export class FieldError extends Error {
  readonly input: HTMLInputElement | HTMLSelectElement | null;
  constructor(input: HTMLInputElement | HTMLSelectElement | null, message: string) {
    super(message);
    this.name = 'FieldError';
    this.input = input;
  }
}

const rules = new WeakMap<HTMLInputElement, NumberRule>();

/** "an integer in [2, 2000]", "a number in (0, 1)", "an integer >= 0", "a number > 1". */
export function rangeText(r: NumberRule): string {
  const what = r.integer ? 'an integer' : 'a number';
  const lo = r.min !== undefined;
  const hi = r.max !== undefined;
  let s = what;
  if (lo && hi) s = `${what} in ${r.openMin ? '(' : '['}${r.min}, ${r.max}${r.openMax ? ')' : ']'}`;
  else if (lo) s = `${what} ${r.openMin ? '>' : '>='} ${r.min}`;
  else if (hi) s = `${what} ${r.openMax ? '<' : '<='} ${r.max}`;
  return r.note ? `${s} ${r.note}` : s;
}

/** A number input whose attributes come from `rule` (the rule is kept for {@link readNumber}). */
export function numberField(name: string, value: number, rule: NumberRule): HTMLInputElement {
  const attrs: Record<string, string> = { name, type: 'number', value: String(value), step: rule.step ?? (rule.integer ? '1' : 'any'), 'aria-label': rule.label };
  if (rule.min !== undefined) attrs.min = String(rule.min);
  if (rule.max !== undefined) attrs.max = String(rule.max);
  const input = h('input', attrs);
  rules.set(input, rule);
  return input;
}

/** The value of a {@link numberField} (or any input with an explicit rule), or a FieldError. */
export function readNumber(input: HTMLInputElement, rule: NumberRule | undefined = rules.get(input)): number {
  if (!rule) throw new Error(`field ${input.name}: no rule`);
  const text = input.value.trim();
  const fail = (got: string) => new FieldError(input, `${rule.label}: expected ${rangeText(rule)}, got ${got}`);
  // a number input holding text the browser cannot parse reports an empty value but badInput
  if (text === '') throw fail(input.validity?.badInput ? 'text that is not a number' : 'no value');
  const v = Number(text);
  if (!Number.isFinite(v)) throw fail(JSON.stringify(text));
  // integers are exact (safe) integers, as the library's checks ask
  if (rule.integer && !Number.isSafeInteger(v)) throw fail(text);
  if (rule.min !== undefined && (rule.openMin ? !(v > rule.min) : !(v >= rule.min))) throw fail(text);
  if (rule.max !== undefined && (rule.openMax ? !(v < rule.max) : !(v <= rule.max))) throw fail(text);
  return v;
}

/** Removes every highlight under `root`. */
export function clearInvalid(root: ParentNode): void {
  for (const el of root.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    el.classList.remove('invalid');
  }
}

/** Highlights a field and moves the focus there. */
export function markInvalid(input: HTMLInputElement | HTMLSelectElement): void {
  input.setAttribute('aria-invalid', 'true');
  input.classList.add('invalid');
  input.focus();
}

/**
 * The field a library or server message is about, by its `<what>` (`plan: k: expected ...` ->
 * the input named k; `sweep spec: field n: ...` -> n), for highlighting; null when none is.
 */
export function fieldForMessage(form: HTMLFormElement, message: string): HTMLInputElement | HTMLSelectElement | null {
  const parts = message.split(': ');
  for (const part of parts.slice(0, 3)) {
    const key = part.replace(/^field /, '').trim();
    const byName = form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${CSS.escape(key)}"]`);
    if (byName) return byName;
    for (const el of form.querySelectorAll<HTMLInputElement>('input')) {
      const r = rules.get(el);
      if (r && r.label === key) return el;
    }
  }
  return null;
}
