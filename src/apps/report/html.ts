/**
 * A self-contained HTML report: sections of text, tables, key numbers and figures (SVG inlined,
 * PNG as data URIs), one file with no external resource, readable offline and printable.
 *
 * @example
 * import { htmlReport, table, esc } from './html.ts';
 * const page = htmlReport('Demo', [{ id: 'predict', title: 'Predict', body: table(['m', 'P'], [[76, '0.95']]) }]);
 */
export interface ReportSection {
  id: string;
  title: string;
  /** HTML body (build it with the helpers below; text must go through esc). */
  body: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ESC[c]);
}

export function para(text: string, cls = ''): string {
  return `<p${cls ? ` class="${cls}"` : ''}>${esc(text)}</p>`;
}

export function table(head: readonly string[], rows: readonly (readonly unknown[])[], cls = 'data'): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${cls}"><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

/** A figure from SVG text (inlined) or PNG bytes (data URI), with a caption. */
export function figure(content: { svg?: string; png?: Uint8Array }, caption: string, alt = caption): string {
  let inner = '';
  if (content.svg) inner = content.svg.replace(/^<\?xml[^>]*>\s*/, '');
  else if (content.png) {
    let bin = '';
    const b = content.png;
    for (let i = 0; i < b.length; i += 0x8000) bin += String.fromCharCode(...b.subarray(i, i + 0x8000));
    inner = `<img alt="${esc(alt)}" src="data:image/png;base64,${btoa(bin)}">`;
  }
  return `<figure>${inner}<figcaption>${esc(caption)}</figcaption></figure>`;
}

export function keyNumbers(items: readonly { label: string; value: string; note?: string }[]): string {
  return `<div class="keys">${items
    .map((k) => `<div class="key"><div class="v">${esc(k.value)}</div><div class="l">${esc(k.label)}</div>${k.note ? `<div class="n">${esc(k.note)}</div>` : ''}</div>`)
    .join('')}</div>`;
}

const STYLE = `
body { font-family: 'DejaVu Sans', system-ui, sans-serif; color: #1d2433; max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; line-height: 1.45; }
header { border-bottom: 2px solid #1d2433; margin-bottom: 1rem; }
h1 { margin: 0.4rem 0; } h2 { margin-top: 2rem; border-bottom: 1px solid #dde1e8; }
nav a { margin-right: 1rem; }
table.data { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.92rem; }
table.data th, table.data td { border-bottom: 1px solid #e3e6ec; padding: 0.25rem 0.7rem; text-align: left; }
figure { display: inline-block; margin: 0.5rem 1rem 0.5rem 0; vertical-align: top; text-align: center; }
figure img { max-width: 100%; image-rendering: pixelated; }
figcaption { font-size: 0.85rem; color: #5b6475; }
.keys { display: flex; flex-wrap: wrap; gap: 0.8rem; margin: 0.8rem 0; }
.key { background: #f3f5f9; border-radius: 6px; padding: 0.5rem 0.9rem; min-width: 9rem; }
.key .v { font-size: 1.4rem; font-weight: bold; } .key .l { font-size: 0.85rem; color: #5b6475; } .key .n { font-size: 0.75rem; color: #8a92a3; }
.explain { background: #f7f9fc; border-left: 4px solid #2f6fde; padding: 0.6rem 0.9rem; }
.muted { color: #5b6475; font-size: 0.88rem; }
`;

export function htmlReport(title: string, sections: readonly ReportSection[], meta: { subtitle?: string; footer?: string } = {}): string {
  const nav = sections.map((s) => `<a href="#${esc(s.id)}">${esc(s.title)}</a>`).join('');
  const body = sections.map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>\n${s.body}\n</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${esc(title)}</h1>${meta.subtitle ? `<p class="muted">${esc(meta.subtitle)}</p>` : ''}<nav>${nav}</nav></header>
${body}
${meta.footer ? `<footer class="muted"><p>${esc(meta.footer)}</p></footer>` : ''}
</body></html>
`;
}
