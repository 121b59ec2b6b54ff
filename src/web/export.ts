/**
 * Downloads of the lab's figures and tables: PNG and SVG of every figure, CSV of every table and
 * of the data behind a figure. A figure registers its sources ({@link FigureSources}); a small row
 * of buttons ({@link downloadButtons}) saves them, named `<page>-<figure>.<ext>`. The same sources
 * are listed on the page's run record (./share.ts), where a receipt can collect them.
 *
 * @example
 * const bar = downloadButtons('planner-curve', { svg: () => svgText(chartSvg), csv: () => csvText(['delta', 'rho'], rows) });
 */
import { h } from './ui.ts';

/** How to produce each format of one figure or table (absent: not offered). */
export interface FigureSources {
  png?: () => Promise<Blob>;
  svg?: () => Promise<string> | string;
  csv?: () => string;
}

/** Saves a blob under `filename` (an object URL clicked through a temporary link). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: '' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text: a header and rows (numbers at full precision). */
export function csvText(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/** A table's cells as CSV (th and td, row by row, as displayed). */
export function tableCsv(table: HTMLTableElement): string {
  const rows = [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim()));
  return csvText(rows[0] ?? [], rows.slice(1));
}

/** A standalone SVG document from an element (namespace, a title and a white background added). */
export function svgText(svg: SVGSVGElement, title?: string): string {
  const c = svg.cloneNode(true) as SVGSVGElement;
  c.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  c.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  if (title && !c.querySelector(':scope > title')) {
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    t.textContent = title;
    c.prepend(t);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(c)}\n`;
}

/** A canvas as a PNG blob. */
export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export: expected a drawable canvas, got none'))), 'image/png'));
}

/** Renders SVG text to a PNG blob at `scale` times its size (white background). */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('PNG export: expected a renderable SVG, got one the browser cannot draw'));
      img.src = url;
    });
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.round(width * scale));
    c.height = Math.max(1, Math.round(height * scale));
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(img, 0, 0, c.width, c.height);
    return await canvasPng(c);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * An SVG figure around a raster image: title, the image at its true aspect ratio (embedded PNG,
 * pixels kept sharp), and a colour bar with its end values. For the SVG download of image views.
 */
export async function rasterSvg(o: { title: string; png: Blob; width: number; height: number; bar?: { png: Blob; lo: string; hi: string; label: string } }): Promise<string> {
  const url = (b: Blob) =>
    new Promise<string>((resolve) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result));
      r.readAsDataURL(b);
    });
  const W = o.width;
  const H = o.height;
  const top = 24;
  const barW = o.bar ? 70 : 0;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W + barW + 8}" height="${H + top + 8}" viewBox="0 0 ${W + barW + 8} ${H + top + 8}" font-family="DejaVu Sans, sans-serif" font-size="11">`,
    `<title>${esc(o.title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="4" y="16" font-size="13">${esc(o.title)}</text>`,
    `<image x="4" y="${top}" width="${W}" height="${H}" preserveAspectRatio="none" style="image-rendering:pixelated" xlink:href="${await url(o.png)}"/>`,
  ];
  if (o.bar) {
    const x = W + 12;
    parts.push(
      `<image x="${x}" y="${top}" width="12" height="${H}" preserveAspectRatio="none" xlink:href="${await url(o.bar.png)}"/>`,
      `<text x="${x + 16}" y="${top + 10}">${esc(o.bar.hi)}</text>`,
      `<text x="${x + 16}" y="${top + H}">${esc(o.bar.lo)}</text>`,
      `<text x="${x + 16}" y="${top + H / 2}">${esc(o.bar.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${parts.join('\n')}\n`;
}

/**
 * PNG / SVG / CSV buttons for one figure or table; `name` is the file name without extension.
 * Each button carries `data-download="<name>.<ext>"` (for scripts and tests).
 */
export function downloadButtons(name: string, src: FigureSources, label = name): HTMLElement {
  const bar = h('div', { class: 'downloads', role: 'group', 'aria-label': `download ${label}` });
  const add = (ext: 'png' | 'svg' | 'csv', make: () => Promise<Blob>) => {
    const b = h('button', { type: 'button', class: 'small secondary', 'data-download': `${name}.${ext}`, title: `download ${label} as ${ext.toUpperCase()}` }, ext.toUpperCase());
    b.addEventListener('click', async () => {
      b.setAttribute('disabled', '');
      try {
        downloadBlob(`${name}.${ext}`, await make());
      } finally {
        b.removeAttribute('disabled');
      }
    });
    bar.append(b);
  };
  if (src.png) add('png', src.png);
  if (src.svg) add('svg', async () => new Blob([await src.svg!()], { type: 'image/svg+xml' }));
  if (src.csv) add('csv', async () => new Blob([src.csv!()], { type: 'text/csv' }));
  return bar;
}
