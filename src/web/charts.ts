/**
 * Vega-Lite charts of the lab: drawn as SVG that scales down with its box (never wider than the
 * screen), with a text alternative (the spec's `description` becomes the SVG's aria-label) and
 * PNG / SVG / CSV downloads of the chart and its data (./export.ts).
 *
 * @example
 * await chart(el, spec, { name: 'planner-curve', description: 'the weak threshold ...', csv: () => csvText(...) });
 */
import embed from 'vega-embed';
import { downloadButtons, type FigureSources } from './export.ts';
import { h } from './ui.ts';

export interface ChartOptions {
  /** File name stem of the downloads. */
  name: string;
  /** The text alternative: what the chart shows, in a sentence or two. */
  description: string;
  /** The data behind the chart as CSV. */
  csv?: () => string;
}

/** Embeds `spec` in `el` (replacing what was there) with downloads; returns the figure's sources. */
export async function chart(el: HTMLElement, spec: Record<string, unknown>, o: ChartOptions): Promise<FigureSources> {
  const box = h('div', { class: 'chart' });
  const slot = h('div', { class: 'downloads-slot' });
  el.replaceChildren(box, slot);
  const res = await embed(box, { ...spec, description: o.description } as never, { actions: false, renderer: 'svg' });
  const svg = box.querySelector('svg');
  if (svg) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', o.description);
  }
  const sources: FigureSources = {
    svg: async () => res.view.toSVG(),
    png: async () => (await fetch(await res.view.toImageURL('png', 2))).blob(),
    ...(o.csv ? { csv: o.csv } : {}),
  };
  slot.append(downloadButtons(o.name, sources, o.description.split(':')[0]));
  return sources;
}
