/**
 * Seismic lab: the steps of `candor seismic decimate` and `interpolate` in the browser. A gather
 * (the built-in synthetic one, or an uploaded SEG-Y, SU or NPY file, read in a Web Worker by the
 * same readers as the CLI; a 3-D file gives one panel per inline), a decimation pattern (random,
 * regular, jittered; keep fraction, seed), a method (POCS, FISTA in f-k or Radon, SPGL1, linear);
 * input, output and truth in variable density, redrawn as POCS iterates; the SNR over the missing
 * traces against linear interpolation, the f-k spectra before and after, the PSF of the pattern and
 * the theory paragraph (with the aliasing limit for regular decimation).
 */
import { DECIMATION_PATTERNS } from '../../apps/seismic/decimate.ts';
import { INTERPOLATION_METHODS } from '../../apps/seismic/interpolate.ts';
import { field, h, numberInput, select, showError } from '../ui.ts';

/** Variable density: [nx, nt] traces across, time down, grey (black positive), clipped at +-clip. */
function draw(canvas: HTMLCanvasElement, data: ArrayLike<number>, nx: number, nt: number, clip: number, kept?: Uint8Array): void {
  canvas.width = nx;
  canvas.height = nt;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(nx, nt);
  for (let t = 0; t < nx; t++) {
    for (let j = 0; j < nt; j++) {
      const v = Math.max(0, Math.min(255, Math.round(127.5 * (1 - data[t * nt + j] / clip))));
      const o = 4 * (j * nx + t);
      const miss = kept && !kept[t];
      img.data[o] = miss ? Math.min(255, v + 60) : v;
      img.data[o + 1] = v;
      img.data[o + 2] = v;
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}

function clipOf(x: ArrayLike<number>): number {
  const a = Float32Array.from(x, Math.abs).sort();
  return a[Math.floor(0.98 * (a.length - 1))] || 1;
}

export function mount(el: HTMLElement): () => void {
  const source = select('source', ['synthetic', 'upload'], 'synthetic');
  const file = h('input', { type: 'file', name: 'file', accept: '.sgy,.segy,.su,.npy' });
  const panel = numberInput('panel', 0, { min: '0' });
  const pattern = select('pattern', DECIMATION_PATTERNS, 'random');
  const keep = numberInput('keep', 0.5, { step: '0.05' });
  const seed = numberInput('seed', 1, { min: '0' });
  const method = select('method', INTERPOLATION_METHODS, 'pocs');
  const iters = numberInput('iterations', 100, { min: '1', max: '2000' });
  const run = h('button', { type: 'submit', id: 'seismic-run' }, 'Decimate and interpolate');
  const form = h(
    'form',
    { class: 'controls', id: 'seismic-form' },
    field('gather', source),
    field('upload (SEG-Y, SU, NPY)', file),
    field('panel (inline)', panel),
    field('pattern', pattern),
    field('keep fraction', keep),
    field('seed', seed),
    field('method', method),
    field('iterations', iters),
    run,
  );
  const canvases = ['input', 'output', 'truth'].map((label) => {
    const c = h('canvas', { id: `seismic-${label}`, style: 'height: 380px' });
    return { c, fig: h('figure', {}, c, h('figcaption', {}, label)) };
  });
  const status = h('div', { class: 'status', id: 'seismic-status' }, 'Choose a gather and a pattern, then run: everything runs here, in your browser.');
  const metrics = h('div', { class: 'card', id: 'seismic-metrics' });
  const report = h('div', { class: 'card explain', id: 'seismic-report' });
  const fk = h('div', { class: 'card', id: 'seismic-fk' });
  const psf = h('div', { class: 'card', id: 'seismic-psf' });
  el.append(
    h('h2', {}, 'Seismic lab: trace interpolation'),
    form,
    status,
    h('div', { class: 'images', style: 'margin-top: 1rem; grid-template-columns: repeat(3, minmax(160px, 1fr))' }, ...canvases.map((c) => c.fig)),
    h('div', { class: 'row' }, metrics, report),
    h('div', { class: 'row' }, fk, psf),
  );
  let worker: Worker | null = null;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(null);
    worker?.terminate();
    const q = Number(keep.value);
    if (keep.value.trim() === '' || !(q > 0 && q < 1)) {
      showError(`keep fraction: expected a number in (0, 1), got ${keep.value.trim() === '' ? 'nothing' : JSON.stringify(keep.value)}`);
      return;
    }
    let bytes: ArrayBuffer | undefined;
    let name: string | undefined;
    if (source.value === 'upload') {
      const f = file.files?.[0];
      if (!f) {
        showError('upload: expected a SEG-Y, SU or NPY file, got none');
        return;
      }
      bytes = await f.arrayBuffer();
      name = f.name;
    }
    run.setAttribute('disabled', '');
    status.dataset.done = '';
    status.textContent = 'reading and decimating ...';
    const w = new Worker(new URL('../workers/seismic-worker.ts', import.meta.url), { type: 'module' });
    worker = w;
    let nx = 0;
    let nt = 0;
    let clip = 1;
    w.onmessage = (m: MessageEvent) => {
      const d = m.data;
      if (d.kind === 'error') {
        showError(d.message);
        status.textContent = 'failed';
        run.removeAttribute('disabled');
        w.terminate();
        return;
      }
      if (d.kind === 'setup') {
        ({ nx, nt } = d);
        clip = clipOf(d.truth);
        draw(canvases[0].c, d.input, nx, nt, clip, d.kept);
        draw(canvases[2].c, d.truth, nx, nt, clip);
        status.textContent = `${d.label}: ${nx} traces x ${nt} samples at ${(d.dt * 1000).toFixed(1)} ms; interpolating ...`;
      } else if (d.kind === 'step') {
        draw(canvases[1].c, d.data, nx, nt, clip);
        status.textContent = `iteration ${d.iteration} ...`;
      } else if (d.kind === 'done') {
        draw(canvases[1].c, d.data, nx, nt, clip);
        const mt = d.metrics;
        metrics.replaceChildren(
          h('h3', {}, 'Result'),
          h(
            'table',
            { class: 'metrics', id: 'seismic-metrics-table' },
            h('tr', {}, h('th', {}, 'method'), h('th', {}, 'SNR missing traces (dB)')),
            h('tr', {}, h('td', {}, method.value), h('td', {}, mt.snr.toFixed(2))),
            h('tr', {}, h('td', {}, 'linear'), h('td', {}, mt.snrLinear.toFixed(2))),
          ),
          h('p', { class: 'status' }, `kept ${d.kept} traces; PSF side lobe ${(100 * d.psfSideLobe).toFixed(1)}%; planner: ${d.tracesNeeded ?? '-'} traces needed`),
        );
        report.replaceChildren(h('h3', {}, 'Theory report'), h('p', { id: 'seismic-paragraph' }, d.paragraph));
        fk.innerHTML = d.fkSvg;
        psf.innerHTML = d.psfSvg;
        status.textContent = `done: ${d.iterations} iterations in ${d.seconds.toFixed(2)} s`;
        status.dataset.done = 'done';
        run.removeAttribute('disabled');
        w.terminate();
      }
    };
    w.postMessage({ source: source.value, bytes, name, panel: Number(panel.value), pattern: pattern.value, keep: q, seed: Number(seed.value), method: method.value, iterations: Number(iters.value) }, bytes ? [bytes] : []);
  });
  return () => worker?.terminate();
}
