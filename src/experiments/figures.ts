/**
 * Vega-Lite specifications for sweep figures (pure data -> spec, so the web lab and the Node
 * renderer draw the same figure). The phase diagram is a heatmap of the success rate over the
 * (delta, rho) grid, with the theoretical weak threshold rho_W(delta) (solid line), the finite-n
 * prediction (dashed) and the empirical 50% points with their 95% intervals overlaid. The theory
 * lines are white over a dark edge, so they stay visible on every colour of the heatmap (dark
 * purple and bright yellow alike).
 */
import type { CellStats, TransitionSummary } from './analysis.ts';

/** Options of {@link phaseDiagramSpec}: title, size in pixels and the theory curve. */
export interface PhaseDiagramOptions {
  title?: string;
  width?: number;
  height?: number;
  /** The theory curve on a fine delta grid: [{ delta, rho }]. */
  theory?: { delta: number; rho: number }[];
}

function spacing(v: readonly number[]): number {
  const s = [...new Set(v)].sort((a, b) => a - b);
  let d = Infinity;
  for (let i = 1; i < s.length; i++) d = Math.min(d, s[i] - s[i - 1]);
  return Number.isFinite(d) ? d : 0.05;
}

/**
 * Vega-Lite spec of the phase diagram: success rate per (delta, rho) cell as a heat map, the fitted
 * 50% points with their 95% intervals, the theory curve rho_W(delta) (`opts.theory`, else at the
 * sweep's deltas) and the finite-n prediction.
 */
export function phaseDiagramSpec(stats: readonly CellStats[], tr: TransitionSummary, opts: PhaseDiagramOptions = {}): Record<string, unknown> {
  const dx = spacing(stats.map((c) => c.delta)) / 2;
  const dy = spacing(stats.map((c) => c.rho)) / 2;
  const cells = stats
    .filter((c) => c.trials > 0)
    .map((c) => ({
      delta: c.delta,
      rho: c.rho,
      x0: Math.max(0, c.delta - dx),
      x1: Math.min(1, c.delta + dx),
      y0: Math.max(0, c.rho - dy),
      y1: Math.min(1, c.rho + dy),
      rate: c.rate,
      successes: c.successes,
      trials: c.trials,
      m: c.m,
      k: c.k,
    }));
  const empirical = tr.points.filter((p) => p.rho50 !== null).map((p) => ({ delta: p.delta, rho50: p.rho50, lo: p.rho50Lo, hi: p.rho50Hi }));
  const theory = (opts.theory ?? tr.points.map((p) => ({ delta: p.delta, rho: p.theoryRho }))).map((p) => ({ ...p, curve: 'theory rho_W(delta)' }));
  const finite = tr.points.map((p) => ({ delta: p.delta, rho: p.finiteRho, curve: 'finite-n prediction' }));
  const xs = { field: 'delta', type: 'quantitative', title: 'delta = m/n', scale: { domain: [0, 1] } };
  const ys = { field: 'rho', type: 'quantitative', title: 'rho = k/m', scale: { domain: [0, 1] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: opts.title ?? 'Phase diagram: success rate', subtitle: 'red: empirical 50% transition (logistic fit, 95% CI); white with a dark edge: theory', subtitleColor: '#555555' },
    width: opts.width ?? 420,
    height: opts.height ?? 360,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'x0', type: 'quantitative', title: 'delta = m/n', scale: { domain: [0, 1] } },
          x2: { field: 'x1' },
          y: { field: 'y0', type: 'quantitative', title: 'rho = k/m', scale: { domain: [0, 1] } },
          y2: { field: 'y1' },
          color: { field: 'rate', type: 'quantitative', title: 'success rate', scale: { domain: [0, 1], scheme: 'viridis' } },
          tooltip: [
            { field: 'delta', format: '.3f' },
            { field: 'rho', format: '.3f' },
            { field: 'm' },
            { field: 'k' },
            { field: 'successes' },
            { field: 'trials' },
          ],
        },
      },
      {
        // the dark edge under the white theory lines (visible on bright cells)
        data: { values: [...theory, ...finite] },
        mark: { type: 'line', strokeWidth: 4.5, clip: true, color: '#1d2433', opacity: 0.85 },
        encoding: {
          x: xs,
          y: ys,
          detail: { field: 'curve', type: 'nominal' },
          strokeDash: { field: 'curve', type: 'nominal', title: 'theory', scale: { domain: ['theory rho_W(delta)', 'finite-n prediction'], range: [[1, 0], [5, 3]] }, legend: { symbolStrokeColor: '#333333' } },
        },
      },
      {
        data: { values: [...theory, ...finite] },
        mark: { type: 'line', strokeWidth: 2, clip: true },
        encoding: {
          x: xs,
          y: ys,
          color: { value: '#ffffff' },
          strokeDash: {
            field: 'curve',
            type: 'nominal',
            title: 'theory',
            scale: { domain: ['theory rho_W(delta)', 'finite-n prediction'], range: [[1, 0], [5, 3]] },
            legend: { symbolStrokeColor: '#333333' },
          },
        },
      },
      {
        data: { values: empirical },
        mark: { type: 'rule', color: '#e4572e', strokeWidth: 1.5, clip: true },
        encoding: { x: { field: 'delta', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
      {
        data: { values: empirical },
        mark: { type: 'line', color: '#e4572e', clip: true, point: { filled: true, size: 30, color: '#e4572e' } },
        encoding: { x: { field: 'delta', type: 'quantitative' }, y: { field: 'rho50', type: 'quantitative', title: 'rho = k/m' } },
      },
    ],
    config: { font: 'DejaVu Sans', legend: { orient: 'right' } },
  };
}
