/**
 * Image figures that can be read: each {@link ImageView} draws a 2-D array at its true aspect
 * ratio (a 64 x 128 image is twice as wide as tall; `aspect: 'fill'` stretches data whose axes
 * have different units, such as traces x time, and says so), with a colour bar and its end
 * values, magnitude / phase / real part of complex data, window/level and zoom, a text
 * alternative (`role="img"`, `aria-label`) and PNG / SVG / CSV downloads (./export.ts).
 *
 * A {@link ViewGroup} gives several views one set of controls: the display (magnitude, phase), a
 * window in data units as level and width (applied to the views marked `windowed`, which share
 * it, e.g. truth, zero-filled and reconstruction), and the zoom (fit, 1x, 2x, 4x; a zoomed view
 * scrolls inside its figure, never the page).
 *
 * @example
 * const g = new ViewGroup('mri', { complex: true });
 * const v = g.add(new ImageView({ id: 'mri-truth', caption: 'truth', windowed: true }));
 * v.set({ ny: 128, nx: 128, re: image });  g.setWindow(0, 1);
 */
import { canvasPng, csvText, downloadButtons, type FigureSources, rasterSvg } from './export.ts';
import { h } from './ui.ts';

export interface ViewData {
  ny: number;
  nx: number;
  /** Real part (or the real image), row-major ny x nx. */
  re: ArrayLike<number>;
  /** Imaginary part of complex data. */
  im?: ArrayLike<number>;
}

export type Display = 'magnitude' | 'phase' | 'real';
export type Colormap = 'grey' | 'grey-inverted' | 'hot';

export interface ViewOptions {
  id: string;
  caption: string;
  /** Shares the group's window (else its own, from set()). */
  windowed?: boolean;
  /** 'true' (default): square pixels; 'fill': stretched to `height`, said in the caption. */
  aspect?: 'true' | 'fill';
  /** CSS height of a 'fill' view. */
  height?: string;
  colormap?: Colormap;
  /** What the values are, for the colour bar and the text alternative ('log10 |k|', 'amplitude'). */
  unit?: string;
  /** Columns to tint (missing traces of a seismic gather). */
  tint?: Uint8Array;
  /** File name stem of the downloads (default the id). */
  name?: string;
}

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : Number(v.toPrecision(3)).toString());

function colour(map: Colormap, t: number): [number, number, number] {
  const u = Math.max(0, Math.min(1, t));
  if (map === 'grey-inverted') {
    const v = Math.round(255 * (1 - u));
    return [v, v, v];
  }
  if (map === 'hot') return [Math.round(255 * Math.min(1, 3 * u)), Math.round(255 * Math.min(1, Math.max(0, 3 * u - 1))), Math.round(255 * Math.max(0, 3 * u - 2))];
  const v = Math.round(255 * u);
  return [v, v, v];
}

export class ImageView {
  readonly el: HTMLElement;
  readonly opts: ViewOptions;
  private readonly canvas: HTMLCanvasElement;
  private readonly bar: HTMLCanvasElement;
  private readonly hiLabel: HTMLSpanElement;
  private readonly loLabel: HTMLSpanElement;
  private readonly viewport: HTMLDivElement;
  private readonly downloads: HTMLDivElement;
  private data: ViewData | null = null;
  private ownWindow: [number, number] | null = null;
  group: ViewGroup | null = null;

  constructor(opts: ViewOptions) {
    this.opts = opts;
    this.canvas = h('canvas', { id: opts.id, role: 'img', 'aria-label': `${opts.caption}: no image yet` });
    this.bar = h('canvas', { class: 'colourbar', width: '1', height: '64', 'aria-hidden': 'true' });
    this.hiLabel = h('span', { class: 'bar-hi' });
    this.loLabel = h('span', { class: 'bar-lo' });
    this.viewport = h('div', { class: `viewport${opts.aspect === 'fill' ? ' fill' : ''}` }, this.canvas);
    if (opts.aspect === 'fill') this.canvas.style.height = opts.height ?? '360px';
    this.downloads = h('div', { class: 'downloads-slot' });
    const caption = opts.aspect === 'fill' ? `${opts.caption} (stretched to fit)` : opts.caption;
    this.el = h(
      'figure',
      { class: 'view empty' },
      h('div', { class: 'view-body' }, this.viewport, h('div', { class: 'bar-box' }, this.hiLabel, this.bar, this.loLabel)),
      h('figcaption', {}, caption),
      this.downloads,
    );
  }

  private get display(): Display {
    return this.data?.im && this.group ? this.group.display : 'real';
  }

  /** The displayed quantity (magnitude, phase or the real values), row-major. */
  values(): Float64Array {
    const d = this.data;
    if (!d) return new Float64Array(0);
    const n = d.ny * d.nx;
    const out = new Float64Array(n);
    const mode = d.im ? (this.group?.display ?? 'magnitude') : 'real';
    for (let i = 0; i < n; i++) {
      const re = d.re[i];
      const im = d.im ? d.im[i] : 0;
      out[i] = mode === 'phase' ? Math.atan2(im, re) : mode === 'magnitude' && d.im ? Math.hypot(re, im) : re;
    }
    return out;
  }

  /** [lo, hi] in data units: phase [-pi, pi]; the group's window when shared; else its own or the range. */
  window(): [number, number] {
    if (this.data?.im && this.group?.display === 'phase') return [-Math.PI, Math.PI];
    if (this.opts.windowed && this.group?.window) return this.group.window;
    if (this.ownWindow) return this.ownWindow;
    const v = this.values();
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of v) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    return Number.isFinite(lo) && hi > lo ? [lo, hi] : [0, 1];
  }

  /** New data (and optionally its own window); redraws. */
  set(data: ViewData, window?: [number, number]): void {
    this.data = data;
    if (window) this.ownWindow = window;
    this.el.classList.remove('empty');
    this.render();
    if (!this.downloads.firstChild) this.downloads.append(downloadButtons(this.opts.name ?? this.opts.id, this.sources(), this.opts.caption));
  }

  /** Empties the view (a new run started). */
  clear(): void {
    this.data = null;
    this.ownWindow = null;
    this.el.classList.add('empty');
    this.canvas.width = 0;
    this.canvas.height = 0;
    this.canvas.setAttribute('aria-label', `${this.opts.caption}: no image yet`);
    this.hiLabel.textContent = '';
    this.loLabel.textContent = '';
    this.downloads.replaceChildren();
  }

  hasData(): boolean {
    return this.data !== null;
  }

  render(): void {
    const d = this.data;
    if (!d) return;
    const { ny, nx } = d;
    const v = this.values();
    const [lo, hi] = this.window();
    const map = this.opts.colormap ?? 'grey';
    this.canvas.width = nx;
    this.canvas.height = ny;
    const ctx = this.canvas.getContext('2d')!;
    const img = ctx.createImageData(nx, ny);
    const span = hi > lo ? hi - lo : 1;
    for (let i = 0; i < ny * nx; i++) {
      const [r, g, b] = colour(map, (v[i] - lo) / span);
      const tinted = this.opts.tint && this.opts.tint[i % nx] === 0;
      img.data[4 * i] = tinted ? Math.min(255, r + 60) : r;
      img.data[4 * i + 1] = g;
      img.data[4 * i + 2] = b;
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    // the colour bar: top = hi
    const bh = 64;
    this.bar.width = 1;
    this.bar.height = bh;
    const bctx = this.bar.getContext('2d')!;
    const bar = bctx.createImageData(1, bh);
    for (let j = 0; j < bh; j++) {
      const [r, g, b] = colour(map, 1 - j / (bh - 1));
      bar.data.set([r, g, b, 255], 4 * j);
    }
    bctx.putImageData(bar, 0, 0);
    this.hiLabel.textContent = fmt(hi);
    this.loLabel.textContent = fmt(lo);
    const zoom = this.group?.zoom ?? 'fit';
    if (this.opts.aspect === 'fill') {
      this.canvas.style.width = zoom === 'fit' ? '100%' : `${nx * zoom}px`;
    } else if (zoom === 'fit') {
      this.canvas.style.width = '100%';
      this.canvas.style.height = 'auto';
    } else {
      this.canvas.style.width = `${nx * zoom}px`;
      this.canvas.style.height = `${ny * zoom}px`;
    }
    const what = d.im ? this.display : (this.opts.unit ?? 'values');
    const unit = this.opts.unit && d.im ? ` of ${this.opts.unit}` : '';
    this.canvas.setAttribute('aria-label', `${this.opts.caption}: ${ny} x ${nx} image, ${what}${unit}, ${map === 'grey-inverted' ? 'dark' : 'bright'} = high, window ${fmt(lo)} to ${fmt(hi)}`);
  }

  /** PNG (the windowed image, one pixel per sample), SVG (image, title, colour bar), CSV (the values). */
  sources(): FigureSources {
    const title = () => `${this.opts.caption}${this.data?.im ? ` (${this.display})` : ''}`;
    return {
      png: () => canvasPng(this.canvas),
      svg: async () => {
        const d = this.data!;
        const [lo, hi] = this.window();
        const scale = Math.max(1, Math.floor(256 / Math.max(d.ny, d.nx)));
        return rasterSvg({ title: title(), png: await canvasPng(this.canvas), width: d.nx * scale, height: d.ny * scale, bar: { png: await canvasPng(this.bar), lo: fmt(lo), hi: fmt(hi), label: this.data?.im ? this.display : (this.opts.unit ?? '') } });
      },
      csv: () => {
        const d = this.data!;
        const v = this.values();
        const rows: (string | number)[][] = [];
        for (let i = 0; i < d.ny; i++) {
          const row: (string | number)[] = [i];
          for (let j = 0; j < d.nx; j++) row.push(Number(v[i * d.nx + j].toPrecision(8)));
          rows.push(row);
        }
        return csvText(['row', ...Array.from({ length: d.nx }, (_, j) => `col ${j}`)], rows);
      },
    };
  }
}

export class ViewGroup {
  readonly views: ImageView[] = [];
  readonly controls: HTMLElement;
  display: Display = 'magnitude';
  window: [number, number] | null = null;
  zoom: 'fit' | number = 'fit';
  private readonly level: HTMLInputElement;
  private readonly width: HTMLInputElement;
  private defaultWindow: [number, number] | null = null;

  constructor(prefix: string, opts: { complex?: boolean } = {}) {
    const display = h('select', { name: `${prefix}-display`, 'aria-label': 'display' }, ...['magnitude', 'phase', 'real'].map((v) => h('option', { value: v }, v)));
    this.level = h('input', { type: 'number', step: 'any', name: `${prefix}-level`, 'aria-label': 'window level' });
    this.width = h('input', { type: 'number', step: 'any', min: '0', name: `${prefix}-width`, 'aria-label': 'window width' });
    const zoom = h('select', { name: `${prefix}-zoom`, 'aria-label': 'zoom' }, ...['fit', '1x', '2x', '4x', '8x'].map((v) => h('option', { value: v }, v)));
    const reset = h('button', { type: 'button', class: 'small secondary' }, 'Reset window');
    display.addEventListener('change', () => {
      this.display = display.value as Display;
      this.render();
    });
    const setWin = () => {
      const l = Number(this.level.value);
      const w = Number(this.width.value);
      if (this.level.value.trim() === '' || this.width.value.trim() === '' || !Number.isFinite(l) || !(w > 0)) return;
      this.window = [l - w / 2, l + w / 2];
      this.render();
    };
    this.level.addEventListener('input', setWin);
    this.width.addEventListener('input', setWin);
    reset.addEventListener('click', () => {
      if (this.defaultWindow) this.setWindow(...this.defaultWindow);
    });
    zoom.addEventListener('change', () => {
      this.zoom = zoom.value === 'fit' ? 'fit' : Number.parseInt(zoom.value, 10);
      this.render();
    });
    this.controls = h(
      'div',
      { class: 'view-controls', role: 'group', 'aria-label': 'image display' },
      ...(opts.complex ? [h('label', {}, 'display', display)] : []),
      h('label', {}, 'level', this.level),
      h('label', {}, 'width', this.width),
      reset,
      h('label', {}, 'zoom', zoom),
    );
  }

  add(v: ImageView): ImageView {
    v.group = this;
    this.views.push(v);
    return v;
  }

  /** Sets the shared window [lo, hi] (and the controls); the first call is the Reset value. */
  setWindow(lo: number, hi: number): void {
    this.window = [lo, hi];
    if (!this.defaultWindow) this.defaultWindow = [lo, hi];
    this.level.value = String(Number(((lo + hi) / 2).toPrecision(4)));
    this.width.value = String(Number((hi - lo).toPrecision(4)));
    this.render();
  }

  /** Forgets the default window (a new image). */
  resetDefault(): void {
    this.defaultWindow = null;
  }

  render(): void {
    for (const v of this.views) v.render();
  }
}
