/**
 * Radio lab: load a visibility file (UVFITS or an EHT text export) and compare imaging methods
 * side by side, in the browser: the dirty image, CLEAN, compressed sensing (starlet, SARA or TV)
 * and RML, each through `imageVisibilities` in a Web Worker (the code of `candor radio image`);
 * images north up (square-root stretch), a table of chi-squared, residual rms, dynamic range,
 * peak and total flux (and the NRMSE against the truth when a known sky is simulated with the
 * file's coverage), the beam, the jet direction or ring diameter, the uv coverage and the theory.
 */
import { CS_DICTIONARIES } from '../../apps/radio/cs.ts';
import { IMAGING_METHODS } from '../../apps/radio/image.ts';
import { field, h, numberInput, select, showError } from '../ui.ts';

function draw(canvas: HTMLCanvasElement, img: ArrayLike<number>, n: number): void {
  canvas.width = n;
  canvas.height = n;
  const ctx = canvas.getContext('2d')!;
  const d = ctx.createImageData(n, n);
  let hi = 0;
  for (let i = 0; i < n * n; i++) hi = Math.max(hi, img[i]);
  for (let i = 0; i < n * n; i++) {
    const v = hi > 0 && img[i] > 0 ? Math.round(255 * Math.sqrt(img[i] / hi)) : 0;
    d.data[4 * i] = v;
    d.data[4 * i + 1] = Math.round(0.85 * v);
    d.data[4 * i + 2] = Math.round(0.6 * v);
    d.data[4 * i + 3] = 255;
  }
  ctx.putImageData(d, 0, 0);
}

const fmt = (x: number | null, digits = 3) => (x === null || !Number.isFinite(x) ? '-' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(digits) : x.toExponential(1));

export function mount(el: HTMLElement): () => void {
  const file = h('input', { type: 'file', name: 'file', accept: '.uvfits,.uvf,.fits,.txt,.csv' });
  const sky = select('sky', ['data', 'ring', 'corejet'], 'data');
  const size = numberInput('size', 64, { min: '16', max: '256', step: '2' });
  const cell = h('input', { name: 'cell', type: 'text', value: '', placeholder: 'suggested (e.g. 0.2mas, 2uas)' });
  const dictionary = select('dictionary', CS_DICTIONARIES, 'starlet');
  const iterations = numberInput('iterations', 200, { min: '10', max: '5000' });
  const seed = numberInput('seed', 1, { min: '0' });
  const boxes = IMAGING_METHODS.map((m) => h('input', { type: 'checkbox', name: `method-${m}`, ...(m === 'dirty' || m === 'clean' ? { checked: '' } : {}) }));
  const run = h('button', { type: 'submit', id: 'radio-run' }, 'Image');
  const methodsField = h('label', {}, 'methods', h('span', { style: 'display: flex; gap: 0.6rem; align-items: center' }, ...IMAGING_METHODS.flatMap((m, i) => [h('span', { style: 'display: flex; align-items: center; gap: 0.2rem' }, boxes[i], m)])));
  const form = h(
    'form',
    { class: 'controls', id: 'radio-form' },
    field('visibilities (UVFITS, EHT .txt/.csv)', file),
    field('sky', sky),
    field('size (pixels)', size),
    field('cell', cell),
    methodsField,
    field('CS dictionary', dictionary),
    field('iterations', iterations),
    field('noise seed', seed),
    run,
  );
  const status = h('div', { class: 'status', id: 'radio-status' }, 'Load a visibility file and choose the methods: everything runs here, in your browser.');
  const images = h('div', { class: 'images', id: 'radio-images', style: 'margin-top: 1rem; grid-template-columns: repeat(4, minmax(140px, 1fr))' });
  const table = h('table', { class: 'metrics', id: 'radio-table' });
  const metrics = h('div', { class: 'card', id: 'radio-metrics' }, h('h3', {}, 'Methods'), table);
  const uv = h('div', { class: 'card', id: 'radio-uv' });
  const report = h('div', { class: 'card explain', id: 'radio-report' });
  el.append(h('h2', {}, 'Radio lab: CLEAN and compressed sensing side by side'), form, status, images, h('div', { class: 'row' }, metrics, uv), report);
  let worker: Worker | null = null;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(null);
    worker?.terminate();
    const f = file.files?.[0];
    if (!f) {
      showError('visibilities: expected a UVFITS or EHT text file, got none');
      return;
    }
    const n = Number(size.value);
    if (!(Number.isInteger(n) && n >= 16 && n <= 256 && n % 2 === 0)) {
      showError(`size: expected an even integer in [16, 256], got ${JSON.stringify(size.value)}`);
      return;
    }
    const methods = IMAGING_METHODS.filter((_, i) => boxes[i].checked);
    if (methods.length === 0) {
      showError('methods: expected at least one of dirty, clean, cs, rml, got none');
      return;
    }
    const bytes = await f.arrayBuffer();
    run.setAttribute('disabled', '');
    status.dataset.done = '';
    status.textContent = 'reading ...';
    images.replaceChildren();
    table.replaceChildren(h('tr', {}, ...['method', 'reduced chi2', 'residual rms (Jy/beam)', 'dynamic range', 'peak (Jy/beam)', 'total flux (Jy)', 'NRMSE', 'seconds', 'beam', 'jet PA (deg)', 'ring'].map((t) => h('th', {}, t))));
    report.replaceChildren();
    const w = new Worker(new URL('../workers/radio-worker.ts', import.meta.url), { type: 'module' });
    worker = w;
    w.onmessage = (m: MessageEvent) => {
      const d = m.data;
      if (d.kind === 'error') {
        showError(d.message);
        status.textContent = 'failed';
        run.removeAttribute('disabled');
        w.terminate();
        return;
      }
      if (d.kind === 'truth') {
        const c = h('canvas', { id: 'radio-truth', style: 'width: 100%; image-rendering: pixelated' });
        draw(c, d.image, d.size);
        images.append(h('figure', {}, c, h('figcaption', {}, 'truth (sky * nominal beam)')));
      } else if (d.kind === 'setup') {
        uv.innerHTML = `<h3>uv coverage</h3>${d.uvSvg}`;
        status.textContent = `${d.label}; imaging ...`;
      } else if (d.kind === 'image') {
        const c = h('canvas', { id: `radio-${d.method}`, style: 'width: 100%; image-rendering: pixelated' });
        draw(c, d.image, d.size);
        images.append(h('figure', {}, c, h('figcaption', {}, `${d.method} (${d.unit === 'JY/BEAM' ? 'Jy/beam' : 'Jy/pixel'})`)));
        const s = d.summary;
        table.append(
          h(
            'tr',
            { 'data-method': d.method },
            ...[d.method, fmt(s.reducedChi2), fmt(s.residualRms), fmt(s.dynamicRange, 4), fmt(s.peak), fmt(s.totalFlux), fmt(d.nrmse), d.seconds.toFixed(2), s.beam, s.jetPa === null ? '-' : s.jetPa.toFixed(1), s.ring ?? '-'].map((t) => h('td', {}, String(t))),
          ),
        );
        report.replaceChildren(h('h3', {}, 'Theory'), h('p', { id: 'radio-paragraph' }, d.explain), ...d.warnings.map((x: string) => h('p', { class: 'status' }, `warning: ${x}`)));
        status.textContent = `${d.method}: done in ${d.seconds.toFixed(2)} s ...`;
      } else if (d.kind === 'done') {
        status.textContent = `done: ${methods.join(', ')}`;
        status.dataset.done = 'done';
        run.removeAttribute('disabled');
        w.terminate();
      }
    };
    w.postMessage(
      { bytes, name: f.name, size: n, cell: cell.value, methods, dictionary: dictionary.value, iterations: Number(iterations.value), sky: sky.value, seed: Number(seed.value) },
      [bytes],
    );
  });
  return () => worker?.terminate();
}
