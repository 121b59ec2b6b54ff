/**
 * MRI lab: the phantom or an uploaded PNG/DICOM/NPY/NIfTI image, a seeded mask at a chosen
 * acceleration, and a reconstruction run in a Web Worker by the library's own `reconstruct`, drawn
 * as it iterates. Truth, zero-filled, reconstruction and error side by side, with metrics and the
 * theory report. "Plan acceleration" runs the retrospective acceleration scan (`planAcceleration`,
 * as `candor mri plan`) on the same image in another worker: SSIM against R with the target, the
 * table and the recommendation. Uploads are decoded by the server (POST /api/decode), which caps
 * their size.
 */
import { type AccelerationPlan, MASK_KINDS, PLAN_ACCELERATION_DEFAULTS, RECON_METHODS, sheppLogan } from '../../apps/mri/index.ts';
import { api, errorMessage, field, h, numberInput, select, showError } from '../ui.ts';
import { showPlan } from './mri-plan-view.ts';

interface Decoded {
  name: string;
  format: string;
  shape: [number, number];
  data: string;
}

function draw(canvas: HTMLCanvasElement, img: ArrayLike<number>, ny: number, nx: number, peak: number): void {
  canvas.width = nx;
  canvas.height = ny;
  const ctx = canvas.getContext('2d')!;
  const data = ctx.createImageData(nx, ny);
  for (let i = 0; i < ny * nx; i++) {
    const v = Math.max(0, Math.min(255, Math.round((255 * img[i]) / peak)));
    data.data[4 * i] = v;
    data.data[4 * i + 1] = v;
    data.data[4 * i + 2] = v;
    data.data[4 * i + 3] = 255;
  }
  ctx.putImageData(data, 0, 0);
}

/** Zero-pads to multiples of 16 (wavelet levels) and scales to a peak of 1. */
function prepare(src: Float64Array, ny: number, nx: number): { image: Float64Array; ny: number; nx: number } {
  const py = Math.ceil(ny / 16) * 16;
  const px = Math.ceil(nx / 16) * 16;
  let peak = 0;
  for (const v of src) peak = Math.max(peak, Math.abs(v));
  if (!(peak > 0)) throw new Error('image: expected some nonzero pixels, got an all-zero image');
  const image = new Float64Array(py * px);
  for (let i = 0; i < ny; i++) for (let j = 0; j < nx; j++) image[i * px + j] = Math.abs(src[i * nx + j]) / peak;
  return { image, ny: py, nx: px };
}

export function mount(el: HTMLElement): () => void {
  const source = select('source', ['phantom', 'upload'], 'phantom');
  const size = select('size', ['128', '256'], '128');
  const file = h('input', { type: 'file', name: 'file', accept: '.png,.dcm,.npy,.nii,.gz' });
  const mask = select('mask', MASK_KINDS, 'poisson-disc');
  const accel = numberInput('acceleration', 4, { step: '0.5', min: '1.5', max: '12' });
  const method = select('method', RECON_METHODS.filter((m) => m !== 'zero-filled'), 'l1-wavelet');
  const iters = numberInput('maxIter', 100, { min: '5', max: '1000' });
  const seed = numberInput('seed', 1, { min: '0' });
  const repeats = numberInput('repeats', PLAN_ACCELERATION_DEFAULTS.repeats, { min: '1', max: '20' });
  const target = numberInput('targetSsim', PLAN_ACCELERATION_DEFAULTS.target.ssim, { step: '0.01', min: '0', max: '1' });
  const run = h('button', { type: 'submit', id: 'mri-run' }, 'Reconstruct');
  const planBtn = h('button', { type: 'button', id: 'mri-plan-run' }, 'Plan acceleration');
  const form = h(
    'form',
    { class: 'controls', id: 'mri-form' },
    field('image', source),
    field('phantom size', size),
    field('upload (PNG, DICOM, NPY, NIfTI)', file),
    field('mask', mask),
    field('acceleration', accel),
    field('method', method),
    field('iterations', iters),
    field('seed', seed),
    run,
    field('plan: masks per R', repeats),
    field('plan: target SSIM', target),
    planBtn,
  );
  const canvases = ['truth', 'mask', 'zero-filled', 'reconstruction', 'error x10'].map((label) => {
    const c = h('canvas', { id: `mri-${label.split(' ')[0]}` });
    return { label, c, fig: h('figure', {}, c, h('figcaption', {}, label)) };
  });
  const status = h('div', { class: 'status', id: 'mri-status' }, 'Choose an image and a mask, then Reconstruct: it runs here, in your browser.');
  const metrics = h('div', { class: 'card', id: 'mri-metrics' });
  const report = h('div', { class: 'card explain', id: 'mri-report' });
  const planCard = h('div', { class: 'card explain', id: 'mri-plan' });
  el.append(
    h('h2', {}, 'MRI lab'),
    form,
    status,
    h('div', { class: 'images', style: 'margin-top: 1rem; grid-template-columns: repeat(5, minmax(140px, 1fr))' }, ...canvases.map((c) => c.fig)),
    h('div', { class: 'row' }, metrics, report),
    planCard,
  );
  let worker: Worker | null = null;
  let planWorker: Worker | null = null;

  const loadImage = async (): Promise<{ image: Float64Array; ny: number; nx: number }> => {
    if (source.value === 'phantom') {
      const s = Number(size.value);
      return { image: sheppLogan(s), ny: s, nx: s };
    }
    const f = file.files?.[0];
    if (!f) throw new Error('upload: expected a file (PNG, DICOM, NPY or NIfTI), got none');
    const body = await f.arrayBuffer();
    const d = await api<Decoded>(`/api/decode?name=${encodeURIComponent(f.name)}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
    const bin = atob(d.data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return prepare(new Float64Array(bytes.buffer), d.shape[0], d.shape[1]);
  };

  /** The image, or null after showing why not (and re-enabling the button that asked). */
  const imageOrError = async (button: HTMLButtonElement): Promise<{ image: Float64Array; ny: number; nx: number } | null> => {
    try {
      return await loadImage();
    } catch (e) {
      showError(errorMessage(e));
      status.textContent = 'no image';
      button.removeAttribute('disabled');
      return null;
    }
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(null);
    worker?.terminate();
    run.setAttribute('disabled', '');
    status.dataset.done = '';
    const img = await imageOrError(run);
    if (!img) return;
    const { ny, nx, image } = img;
    let peak = 0;
    for (const v of image) peak = Math.max(peak, v);
    draw(canvases[0].c, image, ny, nx, peak);
    status.textContent = `simulating k-space of a ${ny}x${nx} image ...`;
    const w = new Worker(new URL('../workers/mri-worker.ts', import.meta.url), { type: 'module' });
    worker = w;
    w.onmessage = (m: MessageEvent) => {
      const d = m.data;
      if (d.kind === 'error') {
        showError(d.message);
        status.textContent = 'failed';
        run.removeAttribute('disabled');
        return;
      }
      if (d.kind === 'setup') {
        draw(canvases[1].c, d.mask, ny, nx, 1);
        draw(canvases[2].c, d.zeroFilled, ny, nx, peak);
        status.textContent = `mask: ${d.samples} of ${ny * nx} samples (acceleration ${d.acceleration.toFixed(2)}); reconstructing ...`;
      } else if (d.kind === 'step') {
        draw(canvases[3].c, d.image, ny, nx, peak);
        status.textContent = `iteration ${d.iteration}: objective ${d.objective.toExponential(3)}`;
      } else if (d.kind === 'done') {
        draw(canvases[3].c, d.image, ny, nx, peak);
        const err = Float32Array.from(d.image as Float32Array, (v, i) => Math.abs(v - image[i]));
        draw(canvases[4].c, err, ny, nx, 0.1 * peak);
        const row = (label: string, x: { nrmse: number; psnr: number; ssim: number }) => h('tr', {}, h('td', {}, label), h('td', {}, x.nrmse.toFixed(4)), h('td', {}, x.psnr.toFixed(1)), h('td', {}, x.ssim.toFixed(3)));
        metrics.replaceChildren(
          h('h3', {}, 'Metrics'),
          h('table', { class: 'metrics', id: 'mri-metrics-table' }, h('tr', {}, h('th', {}, 'image'), h('th', {}, 'NRMSE'), h('th', {}, 'PSNR (dB)'), h('th', {}, 'SSIM')), row('zero-filled', d.metrics.zeroFilled), row(method.value, d.metrics.recon)),
          h('p', { class: 'status' }, `PSF side lobes ${(100 * d.report.psfSideLobe).toFixed(1)}% of the peak; TPSF (${d.report.wavelet}) ${(100 * d.report.tpsfSideLobe).toFixed(1)}%; coherence ${d.report.coherence.toFixed(3)}`),
        );
        report.replaceChildren(h('h3', {}, 'Theory report'), h('p', {}, d.report.paragraph));
        status.textContent = `done: ${d.iterations} iterations in ${d.seconds.toFixed(2)} s (${d.converged ? 'converged' : 'iteration limit'})`;
        status.dataset.done = 'done';
        run.removeAttribute('disabled');
        w.terminate();
      }
    };
    w.postMessage({ image, ny, nx, mask: mask.value, acceleration: Number(accel.value), method: method.value, seed: Number(seed.value), maxIter: Number(iters.value) });
  });

  planBtn.addEventListener('click', async () => {
    showError(null);
    planWorker?.terminate();
    planBtn.setAttribute('disabled', '');
    status.dataset.planned = '';
    const targetSsim = Number(target.value);
    if (target.value.trim() === '' || !(targetSsim >= 0 && targetSsim <= 1)) {
      showError(`plan: target SSIM: expected a number in [0, 1], got ${target.value.trim() === '' ? 'nothing' : JSON.stringify(target.value)}`);
      planBtn.removeAttribute('disabled');
      return;
    }
    const img = await imageOrError(planBtn);
    if (!img) return;
    let peak = 0;
    for (const v of img.image) peak = Math.max(peak, v);
    draw(canvases[0].c, img.image, img.ny, img.nx, peak);
    const w = new Worker(new URL('../workers/mri-plan-worker.ts', import.meta.url), { type: 'module' });
    planWorker = w;
    planCard.replaceChildren(h('h3', {}, 'Acceleration plan'), h('p', { class: 'status' }, 'starting ...'));
    w.onerror = (e) => {
      showError(`plan worker: ${e.message || 'failed to start'}`);
      planCard.replaceChildren();
      planBtn.removeAttribute('disabled');
      w.terminate();
    };
    w.onmessage = async (m: MessageEvent) => {
      const d = m.data;
      if (d.kind === 'error') {
        showError(d.message);
        planCard.replaceChildren();
        planBtn.removeAttribute('disabled');
        w.terminate();
      } else if (d.kind === 'progress') {
        status.textContent = `planning: reconstruction ${d.done} of ${d.total} ...`;
      } else if (d.kind === 'done') {
        w.terminate();
        await showPlan(planCard, d.plan as AccelerationPlan);
        status.textContent = `plan done: ${(d.plan as AccelerationPlan).rows.length * (d.plan as AccelerationPlan).repeats} reconstructions`;
        status.dataset.planned = 'done';
        planBtn.removeAttribute('disabled');
      }
    };
    w.postMessage({
      image: img.image,
      ny: img.ny,
      nx: img.nx,
      mask: mask.value,
      method: method.value,
      repeats: Number(repeats.value),
      seed: Number(seed.value),
      maxIter: Number(iters.value),
      target: targetSsim,
    });
  });
  return () => {
    worker?.terminate();
    planWorker?.terminate();
  };
}
