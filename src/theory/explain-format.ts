/**
 * Number formats of `explain()`'s plain-language paragraph, fixed so that a test (or a reader) can
 * find every number the paragraph claims in the structured findings:
 *
 * - probabilities: `formatPercent` (whole percents from 1% to 99%, one decimal in the tails,
 *   `<0.1%` and `>99.9%` beyond);
 * - other quantities: `formatNumber(v, digits)` = v.toFixed(digits) for |v| >= 0.01, else
 *   v.toExponential(1) (e.g. residuals `3.1e-16`).
 *
 * @example
 * import { formatPercent, formatNumber } from './explain-format.ts';
 * formatPercent(0.8473);      // '85%'
 * formatPercent(0.0042);      // '0.4%'
 * formatPercent(0.99996);     // '>99.9%'
 * formatNumber(65.7587, 1);   // '65.8'
 * formatNumber(3.1e-16, 2);   // '3.1e-16'
 */

/** A probability as a percentage (see the file comment). */
export function formatPercent(p: number): string {
  if (p === 0) return '0%';
  if (p === 1) return '100%';
  if (p < 0.001) return '<0.1%';
  if (p > 0.999) return '>99.9%';
  if (p < 0.01 || p > 0.99) return `${(100 * p).toFixed(1)}%`;
  return `${Math.round(100 * p)}%`;
}

/** v with `digits` decimals, or in exponent form when 0 < |v| < 0.01. */
export function formatNumber(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && Math.abs(v) < 0.01) return v.toExponential(1);
  return v.toFixed(digits);
}
