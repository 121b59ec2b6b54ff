/**
 * Parsers for option values: each returns the value or throws a UsageError naming the flag,
 * what was expected and what was given.
 */
import { type LambdaRule, PATH_RULES } from '../solvers/lambda-choice.ts';
import { UsageError } from './errors.ts';

export function intOption(flag: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const n = Number(v);
    // decimal digits, or exponent notation for an integer value (1e12, 2E3)
    if (!/^[-+]?\d+(\.\d*)?(e[-+]?\d+)?$/i.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
      throw new UsageError('candor', `option ${flag}`, range, JSON.stringify(v));
    }
    return n;
  };
}

export function numberOption(flag: string, min = -Infinity, max = Infinity, openMin = false, openMax = false) {
  return (v: string): number => {
    const n = Number(v);
    const ok = v.trim() !== '' && Number.isFinite(n) && (openMin ? n > min : n >= min) && (openMax ? n < max : n <= max);
    if (!ok) {
      let range = 'a finite number';
      if (min > -Infinity && max < Infinity) range = `a number in ${openMin ? '(' : '['}${min}, ${max}${openMax ? ')' : ']'}`;
      else if (min > -Infinity) range = `a number ${openMin ? '>' : '>='} ${min}`;
      throw new UsageError('candor', `option ${flag}`, range, JSON.stringify(v));
    }
    return n;
  };
}

export function choiceOption<T extends string>(flag: string, choices: readonly T[]) {
  return (v: string): T => {
    if (!(choices as readonly string[]).includes(v)) {
      throw new UsageError('candor', `option ${flag}`, `one of ${choices.join(', ')}`, JSON.stringify(v));
    }
    return v as T;
  };
}

/** A comma-separated list of numbers, each passing `ok` (`expected` says what a good list is). */
export function numberListOption(flag: string, ok: (x: number) => boolean, expected: string, maxCount = Number.POSITIVE_INFINITY) {
  return (v: string): number[] => {
    const parts = v.split(',').map((s) => s.trim());
    const xs = parts.map(Number);
    if (parts.length > maxCount || parts.some((p) => p === '') || xs.some((x) => !Number.isFinite(x) || !ok(x))) {
      throw new UsageError('candor', `option ${flag}`, expected, JSON.stringify(v));
    }
    return xs;
  };
}

/** {@link numberListOption} that also refuses a repeated value (a list that would silently collapse). */
export function distinctNumberListOption(flag: string, ok: (x: number) => boolean, expected: string) {
  const list = numberListOption(flag, ok, expected);
  return (v: string): number[] => {
    const xs = list(v);
    const seen = xs.find((x, i) => xs.indexOf(x) !== i);
    if (seen !== undefined) throw new UsageError('candor', `option ${flag}`, expected, `${JSON.stringify(v)} (${seen} twice)`);
    return xs;
  };
}

/** `--lambda auto[:rule]`: choose the weight from the data by a rule of src/solvers/lambda-choice.ts. */
export interface LambdaAuto {
  auto: true;
  /** The rule (undefined: the command's default, SURE). */
  rule?: LambdaRule;
}

/**
 * A weight > min (or >= min), or `auto` / `auto:<rule>` with a rule among `rules` (default every
 * rule the generic path supports: sure, gcv, discrepancy, lcurve; MRI adds cv).
 */
export function lambdaOrAutoOption(flag: string, min = 0, openMin = false, rules: readonly LambdaRule[] = PATH_RULES) {
  const num = numberOption(flag, min, Infinity, openMin);
  const expected = `a number, auto or auto:<rule> with a rule among ${rules.join(', ')}`;
  return (v: string): number | LambdaAuto => {
    const s = v.trim();
    if (s === 'auto') return { auto: true };
    if (s.startsWith('auto:')) {
      const rule = s.slice(5);
      if (!(rules as readonly string[]).includes(rule)) throw new UsageError('candor', `option ${flag}`, expected, JSON.stringify(v));
      return { auto: true, rule: rule as LambdaRule };
    }
    if (/^[a-z]/i.test(s)) throw new UsageError('candor', `option ${flag}`, expected, JSON.stringify(v));
    return num(v);
  };
}
