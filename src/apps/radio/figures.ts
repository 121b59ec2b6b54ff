/**
 * Vega-Lite specifications of the two plots every interferometric data set is first looked at
 * with (pure data -> spec: the web lab embeds them, the CLI renders them to SVG and PNG):
 *
 * - the uv coverage: every sample (u, v) and its conjugate (-u, -v), coloured by baseline, in
 *   Mlambda or Glambda, u increasing to the LEFT (east), as radio astronomers draw it;
 * - amplitude against uv distance |V| vs sqrt(u^2 + v^2): the radial profile of the sky's
 *   Fourier transform (a point source is flat; a ring of diameter d has its first null near
 *   0.38/d; a Gaussian falls off).
 *
 * At most `maxPoints` samples are drawn (a fixed stride over the samples, so the plot is
 * deterministic); the title says when they were thinned.
 *
 * @example
 * import { uvCoverageSpec } from './figures.ts';
 * // const spec = uvCoverageSpec(vs);   // renderSvg(spec) in Node, vegaEmbed in the browser
 */
import type { Visibilities } from './visibilities.ts';

/** Options of the visibility figures: title, size in pixels and the most samples drawn. */
export interface FigureOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Largest number of samples drawn (default 6000; the uv plot draws twice as many points). */
  maxPoints?: number;
}

type Vs = Pick<Visibilities, 'n' | 'u' | 'v' | 'vis' | 'ant1' | 'ant2' | 'stations' | 'object' | 'name'>;

function unitOf(vs: Vs): { div: number; name: string } {
  let max = 0;
  for (let k = 0; k < vs.n; k++) max = Math.max(max, Math.abs(vs.u[k]), Math.abs(vs.v[k]));
  return max >= 1e9 ? { div: 1e9, name: 'Glambda' } : max >= 1e6 ? { div: 1e6, name: 'Mlambda' } : { div: 1e3, name: 'klambda' };
}

function stride(n: number, max: number): number {
  return Math.max(1, Math.ceil(n / max));
}

function baselineName(vs: Vs, k: number): string {
  const a = vs.stations.get(vs.ant1[k]) ?? String(vs.ant1[k]);
  const b = vs.stations.get(vs.ant2[k]) ?? String(vs.ant2[k]);
  return `${a}-${b}`;
}

function colour(rows: Record<string, unknown>[]) {
  const names = new Set(rows.map((r) => r.baseline));
  return names.size <= 60
    ? { field: 'baseline', type: 'nominal', title: 'baseline', scale: { scheme: 'tableau20' }, legend: names.size <= 24 ? { columns: 1, symbolSize: 30 } : null }
    : { value: '#1f77b4' };
}

/** The uv-coverage scatter plot (see above). */
export function uvCoverageSpec(vs: Vs, opts: FigureOptions = {}): Record<string, unknown> {
  const { div, name } = unitOf(vs);
  const s = stride(vs.n, opts.maxPoints ?? 6000);
  const rows: Record<string, unknown>[] = [];
  for (let k = 0; k < vs.n; k += s) {
    const bl = baselineName(vs, k);
    rows.push({ u: vs.u[k] / div, v: vs.v[k] / div, baseline: bl }, { u: -vs.u[k] / div, v: -vs.v[k] / div, baseline: bl });
  }
  let ext = 0;
  for (const r of rows) ext = Math.max(ext, Math.abs(r.u as number), Math.abs(r.v as number));
  ext *= 1.05;
  const thin = s > 1 ? ` (1 in ${s} of ${vs.n} samples drawn)` : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: opts.title ?? `uv coverage: ${vs.object || vs.name}`, subtitle: `samples and their conjugates${thin}`, subtitleColor: '#555555' },
    width: opts.width ?? 420,
    height: opts.height ?? 420,
    data: { values: rows },
    mark: { type: 'circle', size: 6, opacity: 0.7 },
    encoding: {
      x: { field: 'u', type: 'quantitative', title: `u (${name}), east to the left`, scale: { domain: [ext, -ext] } },
      y: { field: 'v', type: 'quantitative', title: `v (${name})`, scale: { domain: [-ext, ext] } },
      color: colour(rows),
    },
    config: { font: 'DejaVu Sans' },
  };
}

/** Visibility amplitude against uv distance (see above). */
export function amplitudeSpec(vs: Vs, opts: FigureOptions = {}): Record<string, unknown> {
  const { div, name } = unitOf(vs);
  const s = stride(vs.n, opts.maxPoints ?? 6000);
  const rows: Record<string, unknown>[] = [];
  for (let k = 0; k < vs.n; k += s) {
    rows.push({ r: Math.hypot(vs.u[k], vs.v[k]) / div, amp: Math.hypot(vs.vis[2 * k], vs.vis[2 * k + 1]), baseline: baselineName(vs, k) });
  }
  const thin = s > 1 ? ` (1 in ${s} of ${vs.n} samples drawn)` : '';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: opts.title ?? `Amplitude vs uv distance: ${vs.object || vs.name}`, subtitle: `Stokes I${thin}`, subtitleColor: '#555555' },
    width: opts.width ?? 480,
    height: opts.height ?? 320,
    data: { values: rows },
    mark: { type: 'circle', size: 6, opacity: 0.7 },
    encoding: {
      x: { field: 'r', type: 'quantitative', title: `uv distance (${name})` },
      y: { field: 'amp', type: 'quantitative', title: 'amplitude (Jy)' },
      color: colour(rows),
    },
    config: { font: 'DejaVu Sans' },
  };
}
