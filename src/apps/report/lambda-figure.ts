/**
 * The figure of a regularisation-weight choice (src/solvers/lambda-choice.ts): the rule's
 * criterion over the lambda path (log lambda across, the criterion up: SURE / GCV risk, the
 * discrepancy ratio ||r|| / (sigma sqrt m) with its target line at 1, or the L-curve curvature),
 * one dot per path point, the chosen lambda as a vertical line, and the rule, the noise level and
 * its source and any edge-of-grid note as text. With an exact path (the real dense LASSO,
 * `exactPath`), the criterion at every knot is drawn too (grey), with its minimum (a grey ring). A
 * standalone SVG string, no dependencies.
 *
 * @example
 * import { lambdaChoiceSvg } from './lambda-figure.ts';
 * // writeFileSync('lambda-choice.svg', lambdaChoiceSvg(result.lambdaChoice));
 */
import type { LambdaChoice } from '../../solvers/lambda-choice.ts';
import { esc } from './html.ts';

const W = 640;
const H = 400;
const L = 70;
const R = 20;
const T = 40;
const B = 110;

function fmt(v: number): string {
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(2);
}

/** `text` in lines of at most `width` characters, broken at spaces (a longer word stays whole). */
function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = `  ${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(line);
  return out;
}

/** The choice as an SVG figure (see the file comment). */
export function lambdaChoiceSvg(c: LambdaChoice): string {
  const pts = c.path.filter((p) => p.criterion !== null).map((p) => ({ t: Math.log10(p.lambda), v: p.criterion as number }));
  const ts = c.path.map((p) => Math.log10(p.lambda));
  const tMin = Math.min(...ts);
  const tMax = Math.max(...ts);
  const knots = (c.exactPath?.knots ?? [])
    .filter((k) => k.criterion !== null && Number.isFinite(k.criterion) && k.lambda > 0)
    .map((k) => ({ t: Math.log10(k.lambda), v: k.criterion as number }))
    .filter((k) => k.t >= tMin - 1e-12 && k.t <= tMax + 1e-12);
  let vMin = Math.min(...pts.map((p) => p.v), ...knots.map((k) => k.v));
  let vMax = Math.max(...pts.map((p) => p.v), ...knots.map((k) => k.v));
  if (c.rule === 'discrepancy') {
    vMin = Math.min(vMin, 1);
    vMax = Math.max(vMax, 1);
  }
  if (!(vMax > vMin)) {
    vMax = vMin + 1;
  }
  const pad = 0.05 * (vMax - vMin);
  vMin -= pad;
  vMax += pad;
  const x = (t: number) => L + ((t - tMin) / (tMax - tMin || 1)) * (W - L - R);
  const y = (v: number) => T + (1 - (v - vMin) / (vMax - vMin)) * (H - T - B);
  const label =
    c.rule === 'sure' ? 'SURE (risk)' : c.rule === 'gcv' ? 'GCV' : c.rule === 'discrepancy' ? '||r|| / (sigma sqrt m)' : c.rule === 'cv' ? 'hold-out image error estimate' : 'L-curve curvature';
  // the body; the header follows the notes' height (below)
  const parts: string[] = [];
  parts.push(`<text x="${L}" y="22" font-size="14">${esc(`${c.rule}: lambda = ${fmt(c.lambda)}`)}</text>`);
  // axes and ticks (decades of lambda; five criterion ticks)
  parts.push(`<path d="M${L} ${T}V${H - B}H${W - R}" fill="none" stroke="black"/>`);
  for (let d = Math.ceil(tMin); d <= Math.floor(tMax); d++) {
    parts.push(`<line x1="${x(d)}" y1="${H - B}" x2="${x(d)}" y2="${H - B + 5}" stroke="black"/><text x="${x(d)}" y="${H - B + 18}" text-anchor="middle">1e${d}</text>`);
  }
  for (let k = 0; k <= 4; k++) {
    const v = vMin + ((vMax - vMin) * k) / 4;
    parts.push(`<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${esc(fmt(v))}</text>`);
  }
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - B + 36}" text-anchor="middle">lambda</text>`);
  parts.push(`<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(label)}</text>`);
  if (c.rule === 'discrepancy') parts.push(`<line x1="${L}" y1="${y(1)}" x2="${W - R}" y2="${y(1)}" stroke="#888" stroke-dasharray="4 3"/>`);
  if (knots.length > 1) {
    parts.push(`<polyline fill="none" stroke="#999" stroke-width="1" points="${knots.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}"/>`);
    const mn = c.exactPath?.minimum;
    if (mn) parts.push(`<circle cx="${x(Math.log10(mn.lambda)).toFixed(1)}" cy="${y(mn.criterion).toFixed(1)}" r="5" fill="none" stroke="#666" stroke-width="1.5"/>`);
  }
  if (pts.length > 0) {
    parts.push(`<polyline fill="none" stroke="#1f77b4" points="${pts.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) parts.push(`<circle cx="${x(p.t).toFixed(1)}" cy="${y(p.v).toFixed(1)}" r="3" fill="#1f77b4"/>`);
  }
  const tc = Math.log10(c.lambda);
  parts.push(`<line x1="${x(tc)}" y1="${T}" x2="${x(tc)}" y2="${H - B}" stroke="#d62728" stroke-width="2"/>`);
  const grid = c.grid.points;
  const notes = [
    c.statement,
    c.noiseStd === null ? 'noise level: not used' : `noise std ${fmt(c.noiseStd)} (${c.noiseSource})`,
    `grid: ${grid} points${c.path.length < grid ? ` (${c.path.length} solved: the path stopped early)` : ''}, the choice ${c.position.fromLargest} from the largest and ${c.position.fromSmallest} from the smallest`,
    ...(c.exactPath
      ? [
          `exact path: ${c.exactPath.knots.length} knots (grey)${c.exactPath.minimum ? `; minimum over them at lambda = ${fmt(c.exactPath.minimum.lambda)} (df ${c.exactPath.minimum.df}, ring)` : ''}`,
        ]
      : []),
    ...c.notes,
  ];
  // every note in full, wrapped at 120 characters; the figure grows to hold them
  const lines = notes.flatMap((n) => wrapText(n, 120));
  lines.forEach((n, i) => {
    parts.push(`<text x="10" y="${H - B + 56 + 14 * i}" font-size="10">${esc(n)}</text>`);
  });
  const height = Math.max(H, H - B + 56 + 14 * lines.length);
  const head = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${height}" fill="white"/>`,
  ];
  return `${[...head, ...parts, '</svg>'].join('\n')}\n`;
}
