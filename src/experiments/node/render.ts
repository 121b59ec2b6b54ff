/**
 * Renders a Vega-Lite spec to SVG (vega's headless renderer) and to PNG (resvg, with the system's
 * DejaVu fonts from Debian's fonts-dejavu-core). The libraries load on first use, so commands that
 * draw nothing start fast.
 */
import type { TopLevelSpec } from 'vega-lite';

/** Renders a Vega-Lite spec to SVG text (vega's headless renderer). */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const vg = vl.compile(spec as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises SVG text to PNG bytes (resvg) at `scale` times its size, on a white background. */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return new Uint8Array(r.render().asPng());
}
