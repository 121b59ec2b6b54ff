/**
 * Seismic figures as standalone SVG (browser-safe): side-by-side panels of a gather in
 * variable density (grey raster, black positive, clipped at a percentile of |amplitude|) or in
 * wiggle display (one trace per line, positive lobes filled), the f-k amplitude spectra (dB,
 * wavenumber centred, positive frequencies), and the point-spread function of the decimation
 * pattern. Time runs down, traces across; missing traces are marked on the input panel. PNG copies
 * are rendered from these SVGs in Node (./node/figures.ts).
 *
 * @example
 * import { densityFigure } from './figures.ts';
 * // const svg = densityFigure([{ title: 'input', data, kept }], nx, nt, dt);
 */
import { writePng } from '../../io/png.ts';
import { fkEnergy } from './theory.ts';

/** One panel of a figure: a title, the gather's samples (ntraces x ns, row-major) and optionally its kept traces. */
export interface Panel {
  title: string;
  data: Float64Array;
  /** Kept traces (missing ones are marked with a tick at the top). */
  kept?: Uint8Array;
}

const W = 300;
const H = 420;
const M = { l: 56, r: 12, t: 34, b: 40 };
const FONT = "font-family='DejaVu Sans, sans-serif'";

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function base64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** "Nice" ticks over [lo, hi]: about `n` of them at 1, 2 or 5 times a power of ten. */
export function ticks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function frame(x0: number, title: string, xlab: string, ylab: string, xr: [number, number], yr: [number, number], inner: string): string {
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const sx = (v: number) => x0 + M.l + ((v - xr[0]) / (xr[1] - xr[0] || 1)) * pw;
  const sy = (v: number) => M.t + ((v - yr[0]) / (yr[1] - yr[0] || 1)) * ph;
  const xt = ticks(Math.min(...xr), Math.max(...xr))
    .map((v) => `<line x1='${sx(v)}' x2='${sx(v)}' y1='${M.t + ph}' y2='${M.t + ph + 4}' stroke='#333'/><text x='${sx(v)}' y='${M.t + ph + 16}' text-anchor='middle' font-size='11' ${FONT}>${v}</text>`)
    .join('');
  const yt = ticks(Math.min(...yr), Math.max(...yr))
    .map((v) => `<line x1='${x0 + M.l - 4}' x2='${x0 + M.l}' y1='${sy(v)}' y2='${sy(v)}' stroke='#333'/><text x='${x0 + M.l - 6}' y='${sy(v) + 4}' text-anchor='end' font-size='11' ${FONT}>${v}</text>`)
    .join('');
  return (
    `<g>${inner}<rect x='${x0 + M.l}' y='${M.t}' width='${pw}' height='${ph}' fill='none' stroke='#333'/>${xt}${yt}` +
    `<text x='${x0 + M.l + pw / 2}' y='${M.t - 10}' text-anchor='middle' font-size='13' font-weight='bold' ${FONT}>${esc(title)}</text>` +
    `<text x='${x0 + M.l + pw / 2}' y='${H - 6}' text-anchor='middle' font-size='11' ${FONT}>${esc(xlab)}</text>` +
    `<text transform='translate(${x0 + 14} ${M.t + ph / 2}) rotate(-90)' text-anchor='middle' font-size='11' ${FONT}>${esc(ylab)}</text></g>`
  );
}

function svg(panels: string[], note?: string): string {
  const w = W * panels.length;
  const h = H + (note ? 18 : 0);
  return `<svg xmlns='http://www.w3.org/2000/svg' width='${w}' height='${h}' viewBox='0 0 ${w} ${h}'><rect width='${w}' height='${h}' fill='white'/>${panels.join('')}${note ? `<text x='8' y='${H + 12}' font-size='11' fill='#555' ${FONT}>${esc(note)}</text>` : ''}</svg>`;
}

/** The `q` quantile of |x| (a display clip). */
export function clipLevel(x: Float64Array, q = 0.98): number {
  const a = Float64Array.from(x, Math.abs).sort();
  return a[Math.min(a.length - 1, Math.floor(q * a.length))] || 1;
}

function raster(x0: number, img: Float64Array, rows: number, cols: number, window: [number, number]): string {
  const png = writePng({ shape: [rows, cols], data: img, complex: false }, { window });
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  return `<image x='${x0 + M.l}' y='${M.t}' width='${pw}' height='${ph}' preserveAspectRatio='none' style='image-rendering: pixelated' href='data:image/png;base64,${base64(png)}'/>`;
}

function missingMarks(x0: number, p: Panel, nx: number): string {
  if (!p.kept) return '';
  const pw = W - M.l - M.r;
  let s = '';
  for (let t = 0; t < nx; t++) {
    if (p.kept[t]) continue;
    const x = x0 + M.l + ((t + 0.5) / nx) * pw;
    s += `<line x1='${x}' x2='${x}' y1='${M.t - 6}' y2='${M.t}' stroke='#d62728' stroke-width='1.5'/>`;
  }
  return s;
}

/** Variable-density panels of [nx, nt] gathers, one clip for all (from the first panel). */
export function densityFigure(panels: Panel[], nx: number, nt: number, dt: number, clip?: number): string {
  const c = clip ?? clipLevel(panels[0].data);
  const out = panels.map((p, i) => {
    const img = new Float64Array(nt * nx);
    for (let t = 0; t < nx; t++) for (let j = 0; j < nt; j++) img[j * nx + t] = -p.data[t * nt + j];
    return frame(i * W, p.title, 'trace', 'time (ms)', [0, nx - 1], [0, (nt - 1) * dt * 1000], raster(i * W, img, nt, nx, [-c, c]) + missingMarks(i * W, p, nx));
  });
  return svg(out, `variable density, black = positive, clipped at +-${c.toPrecision(3)}; red ticks: missing traces`);
}

/** Wiggle panels: each trace a line, positive lobes filled black (at most `maxTraces`, every k-th). */
export function wiggleFigure(panels: Panel[], nx: number, nt: number, dt: number, clip?: number, maxTraces = 60): string {
  const c = clip ?? clipLevel(panels[0].data, 0.995);
  const step = Math.max(1, Math.ceil(nx / maxTraces));
  const tStep = Math.max(1, Math.ceil(nt / 300));
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const out = panels.map((p, i) => {
    const x0 = i * W;
    const dxp = (pw / nx) * step;
    let body = '';
    for (let t = 0; t < nx; t += step) {
      const base = x0 + M.l + ((t + 0.5) / nx) * pw;
      const pts: string[] = [];
      let fill = `M${base.toFixed(2)},${M.t}`;
      for (let j = 0; j < nt; j += tStep) {
        const v = Math.max(-1.5, Math.min(1.5, p.data[t * nt + j] / c)) * 0.9 * dxp;
        const y = (M.t + (j / Math.max(1, nt - 1)) * ph).toFixed(1);
        pts.push(`${(base + v).toFixed(1)},${y}`);
        fill += `L${(base + Math.max(0, v)).toFixed(1)},${y}`;
      }
      fill += `L${base.toFixed(2)},${M.t + ph}Z`;
      const missing = p.kept && !p.kept[t];
      body += `<path d='${fill}' fill='${missing ? '#d62728' : '#000'}' fill-opacity='0.85' stroke='none'/><polyline points='${pts.join(' ')}' fill='none' stroke='${missing ? '#d62728' : '#000'}' stroke-width='0.6'/>`;
    }
    return frame(x0, p.title, 'trace', 'time (ms)', [0, nx - 1], [0, (nt - 1) * dt * 1000], body);
  });
  return svg(out, `wiggle, ${step > 1 ? `every ${step}th trace, ` : ''}clipped at +-${c.toPrecision(3)}${panels[0].kept ? '; red: interpolated traces' : ''}`);
}

/** f-k amplitude spectra (dB relative to the largest of the first panel, 60 dB range). */
export function fkFigure(panels: Panel[], nx: number, nt: number, dt: number): string {
  const spectra = panels.map((p) => fkEnergy(p.data, nx, nt));
  const { NX, NT, nf } = spectra[0];
  let peak = 0;
  for (const v of spectra[0].energy) peak = Math.max(peak, v);
  const fMax = 1 / (2 * dt);
  const out = panels.map((p, i) => {
    const img = new Float64Array(nf * NX);
    for (let k = 0; k < NX; k++) {
      const kc = (k + (NX >> 1)) % NX; // centred column
      for (let f = 0; f < nf; f++) img[f * NX + kc] = -10 * Math.log10(Math.max(spectra[i].energy[k * nf + f], 1e-30) / peak);
    }
    return frame(i * W, p.title, 'wavenumber (cycles per trace)', 'frequency (Hz)', [-0.5, 0.5 - 1 / NX], [0, fMax], raster(i * W, img, nf, NX, [0, 60]));
  });
  return svg(out, `f-k amplitude, black = 0 dB, white = -60 dB; ${NX} traces (padded) x ${NT} samples`);
}

/** The PSF magnitude of the decimation pattern against wavenumber (cycles per trace). */
export function psfFigure(magnitude: readonly number[], title: string): string {
  const N = magnitude.length;
  const pw = 2 * W - M.l - M.r;
  const ph = 220 - M.t - M.b;
  const sx = (k: number) => M.l + ((k + 0.5) / 1) * pw;
  let bars = '';
  for (let d = 0; d < N; d++) {
    const k = (d > N / 2 ? d - N : d) / N;
    const x = sx(k);
    const y = M.t + (1 - magnitude[d]) * ph;
    bars += `<line x1='${x.toFixed(2)}' x2='${x.toFixed(2)}' y1='${M.t + ph}' y2='${y.toFixed(2)}' stroke='${d === 0 ? '#888' : '#1f77b4'}' stroke-width='2'/>`;
  }
  const xt = ticks(-0.5, 0.5)
    .map((v) => `<text x='${sx(v)}' y='${M.t + ph + 16}' text-anchor='middle' font-size='11' ${FONT}>${v}</text>`)
    .join('');
  const yt = [0, 0.5, 1].map((v) => `<text x='${M.l - 6}' y='${M.t + (1 - v) * ph + 4}' text-anchor='end' font-size='11' ${FONT}>${v}</text>`).join('');
  return (
    `<svg xmlns='http://www.w3.org/2000/svg' width='${2 * W}' height='220' viewBox='0 0 ${2 * W} 220'><rect width='${2 * W}' height='220' fill='white'/>${bars}` +
    `<rect x='${M.l}' y='${M.t}' width='${pw}' height='${ph}' fill='none' stroke='#333'/>${xt}${yt}` +
    `<text x='${M.l + pw / 2}' y='${M.t - 10}' text-anchor='middle' font-size='13' font-weight='bold' ${FONT}>${esc(title)}</text>` +
    `<text x='${M.l + pw / 2}' y='214' text-anchor='middle' font-size='11' ${FONT}>wavenumber shift (cycles per trace)</text></svg>`
  );
}
