/**
 * MRI lab: the phantom or an uploaded PNG/DICOM/NPY/NIfTI image, a seeded mask at a chosen
 * acceleration, and a reconstruction run in a Web Worker by the library's own `reconstruct`, drawn
 * as it iterates. Truth, zero-filled, reconstruction, error and mask side by side (true aspect
 * ratio, colour bars, window/level, zoom, magnitude or phase), the k-space / PSF panel, metrics and
 * the theory report. "Predict acceleration" predicts the largest R for the target SSIM without
 * reconstructing (`predictAcceleration`, as `candor mri plan --predict`: its provenance, stated
 * error and what lies outside its calibration, ./mri-predict-view.ts); "Plan acceleration" shows
 * that prediction at once and then runs the retrospective acceleration scan (`planAcceleration`,
 * as `candor mri plan`) on the same image in another worker, next to it: SSIM against R with the
 * target and the recommended R, the table, the recommendation and the check of the prediction
 * against it (as `--verify`). "coils" > 1 simulates that many receive coils on the image: the
 * reconstruction is then ESPIRiT + SENSE (`reconstructMultiCoil`, cg-sense too) and the plan scans
 * the coils (no prediction: the model is single-coil). Source "coil k-space" uploads an NPY of
 * fully sampled coil k-space [coils, ny, nx] (decoded and checked by the server): the mask
 * undersamples it, the truth is its root sum of squares. Both runs estimate
 * their time (asking above a minute) and have Cancel. Uploads are decoded by the server (POST
 * /api/decode), which caps their size. Settings live in the URL; the equivalent commands are
 * shown; every figure and table downloads.
 */
import {
  type AccelerationPlan,
  type AccelerationPrediction,
  type CoilArray,
  coilReference,
  MASK_KINDS,
  PLAN_ACCELERATION_DEFAULTS,
  RECON_METHODS,
  sheppLogan,
} from '../../apps/mri/index.ts';
import { mriPlanCommand, mriReconCommand } from '../commands.ts';
import { downloadButtons, type FigureSources, tableCsv } from '../export.ts';
import { clearInvalid, FieldError, fieldForMessage, markInvalid, numberField, readNumber } from '../fields.ts';
import { ImageView, ViewGroup } from '../image-view.ts';
import { WorkerJob } from '../job.ts';
import { MRI_RULES } from '../limits.ts';
import { bindSettings, clearRun, recordRun, settingsLink, settingsOf, shareBar } from '../share.ts';
import { api, errorMessage, field, formatDuration, h, select, setStatus, showError, statusLine } from '../ui.ts';
import { showPlan } from './mri-plan-view.ts';
import { predictionCheck, showPrediction } from './mri-predict-view.ts';

const PAGE = 'mri';

interface Decoded {
  name: string;
  format: string;
  shape: [number, number];
  /** Coil k-space uploads: the number of coils (data: coil-major complex). */
  coils?: number;
  data: string;
}

type Complex32 = { re: Float32Array; im: Float32Array };

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
  // 'coil k-space': an uploaded NPY of fully sampled coil k-space [coils, ny, nx], undersampled here
  const source = select('source', ['phantom', 'upload', 'coil k-space'], 'phantom');
  const size = select('size', ['64', '128', '256'], '128');
  const file = h('input', { type: 'file', name: 'file', accept: '.png,.dcm,.npy,.nii,.gz' });
  const mask = select('mask', MASK_KINDS, 'poisson-disc');
  /** The uploaded file the run read (for its receipt's input hash), if the source is an upload. */
  const uploaded = () => (source.value !== 'phantom' && file.files?.[0] ? [{ role: 'file', file: file.files[0] }] : []);
  const accel = numberField('acceleration', 4, MRI_RULES.acceleration);
  const method = select('method', [...RECON_METHODS.filter((m) => m !== 'zero-filled'), 'cg-sense'], 'l1-wavelet');
  // receive coils simulated on the image (1: single-coil); multi-coil runs ESPIRiT + SENSE
  const coils = select('coils', ['1', '4', '8', '16'], '1');
  const iters = numberField('maxIter', 100, MRI_RULES.maxIter);
  const seed = numberField('seed', 1, MRI_RULES.seed);
  const repeats = numberField('repeats', PLAN_ACCELERATION_DEFAULTS.repeats, MRI_RULES.repeats);
  const target = numberField('targetSsim', PLAN_ACCELERATION_DEFAULTS.target.ssim, MRI_RULES.targetSsim);
  const run = h('button', { type: 'submit', id: 'mri-run' }, 'Reconstruct');
  const cancel = h('button', { type: 'button', id: 'mri-cancel', class: 'secondary', disabled: '' }, 'Cancel');
  const predictBtn = h('button', { type: 'button', id: 'mri-predict-run' }, 'Predict acceleration');
  const planBtn = h('button', { type: 'button', id: 'mri-plan-run' }, 'Plan acceleration');
  const planCancel = h('button', { type: 'button', id: 'mri-plan-cancel', class: 'secondary', disabled: '' }, 'Cancel plan');
  const form = h(
    'form',
    { class: 'controls', id: 'mri-form', novalidate: '' },
    field('image', source),
    field('phantom size', size),
    field('upload (PNG, DICOM, NPY, NIfTI; coil k-space: NPY [coils, ny, nx])', file),
    field('coils', coils),
    field('mask', mask),
    field('acceleration', accel),
    field('method', method),
    field('iterations', iters),
    field('seed', seed),
    run,
    cancel,
    field('plan: masks per R', repeats),
    field('plan: target SSIM', target),
    predictBtn,
    planBtn,
    planCancel,
  );
  const group = new ViewGroup('mri', { complex: true });
  const view = (id: string, caption: string, o: Partial<ConstructorParameters<typeof ImageView>[0]> = {}) => group.add(new ImageView({ id, name: id, caption, ...o }));
  const truthV = view('mri-truth', 'truth', { windowed: true });
  const zfV = view('mri-zero-filled', 'zero-filled', { windowed: true });
  const recV = view('mri-reconstruction', 'reconstruction', { windowed: true });
  const errV = view('mri-error', 'error |x - truth| (window 0 to 10% of the peak)', { colormap: 'hot', unit: '|error|' });
  const maskV = view('mri-mask', 'mask (white: sampled)', { unit: 'sampled' });
  const kV = view('mri-kspace', 'k-space, sampled (log10 |k|)', { colormap: 'hot', unit: 'log10 |k|' });
  const psfV = view('mri-psf', 'point-spread function of the mask (dB)', { colormap: 'hot', unit: 'dB' });
  const images = [truthV, zfV, recV, errV, maskV];
  const status = statusLine('mri-status', 'Choose an image and a mask, then Reconstruct: it runs here, in your browser.');
  const metrics = h('div', { class: 'card', id: 'mri-metrics' });
  const report = h('div', { class: 'card explain', id: 'mri-report' });
  const planCard = h('div', { class: 'card explain', id: 'mri-plan', style: 'flex: 2 1 560px' });
  // the prediction beside the scan: a narrow card at the scan's left
  const predictCard = h('div', { class: 'card explain', id: 'mri-predict', style: 'flex: 1 1 300px; max-width: 420px' });
  const share = shareBar(PAGE);
  el.append(
    h('h2', {}, 'MRI lab'),
    form,
    status,
    share.el,
    group.controls,
    h('div', { class: 'images' }, ...images.map((v) => v.el)),
    h('div', { class: 'card', id: 'mri-kspace-panel' }, h('h3', {}, 'k-space and point-spread function'), h('div', { class: 'images' }, kV.el, psfV.el)),
    h('div', { class: 'row' }, metrics, report),
    h('div', { class: 'row' }, predictCard, planCard),
  );
  const controls = [source, size, coils, mask, accel, method, iters, seed, repeats, target];
  const read = () => ({
    image: source.value !== 'phantom' ? (file.files?.[0]?.name ?? 'upload') : 'phantom',
    kspace: source.value === 'coil k-space',
    size: Number(size.value),
    mask: mask.value,
    acceleration: readNumber(accel),
    method: method.value,
    maxIter: readNumber(iters),
    seed: readNumber(seed),
    coils: Number(coils.value),
  });
  const command = () => {
    try {
      const s = read();
      share.setCommand(`${mriReconCommand(s)}\n# Plan acceleration (add --predict to predict it without reconstructing, --predict --verify for both side by side):\n${mriPlanCommand({ ...s, repeats: readNumber(repeats), targetSsim: readNumber(target) })}`);
    } catch {
      share.setCommand('# complete the form: every field needs a valid value');
    }
  };
  bindSettings(PAGE, controls, command);
  file.addEventListener('change', command);
  let job: WorkerJob | null = null;
  let planJob: WorkerJob | null = null;

  const loadImage = async (): Promise<{ image: Float64Array; ny: number; nx: number; coilKspace?: CoilArray }> => {
    if (source.value === 'phantom') {
      const s = Number(size.value);
      return { image: sheppLogan(s), ny: s, nx: s };
    }
    const f = file.files?.[0];
    const kspace = source.value === 'coil k-space';
    if (!f) throw new FieldError(file, kspace ? 'upload: expected an NPY of coil k-space [coils, ny, nx], got none' : 'upload: expected a file (PNG, DICOM, NPY or NIfTI), got none');
    const body = await f.arrayBuffer();
    const d = await api<Decoded>(`/api/decode?name=${encodeURIComponent(f.name)}${kspace ? '&coils=1' : ''}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
    const bin = atob(d.data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const data = new Float64Array(bytes.buffer);
    if (!kspace) return prepare(data, d.shape[0], d.shape[1]);
    // coil k-space: the truth is its coil images' root sum of squares; both scaled to a peak of 1
    const [ny, nx] = d.shape;
    const k: CoilArray = { ny, nx, nc: d.coils as number, data };
    const rss = coilReference(k);
    let peak = 0;
    for (const v of rss) peak = Math.max(peak, v);
    if (!(peak > 0)) throw new Error(`upload ${f.name}: values: expected some nonzero k-space, got all zeros`);
    for (let i = 0; i < rss.length; i++) rss[i] /= peak;
    for (let i = 0; i < data.length; i++) data[i] /= peak;
    return { image: rss, ny, nx, coilKspace: k };
  };

  /** Validated settings and the image, or null after saying why not (the bad field highlighted). */
  const begin = async (plan: boolean) => {
    showError(null);
    clearInvalid(form);
    clearRun(PAGE);
    try {
      const s = read();
      const p = plan ? { repeats: readNumber(repeats), targetSsim: readNumber(target) } : null;
      const img = await loadImage();
      return { s, p, img };
    } catch (e) {
      const msg = errorMessage(e);
      const bad = e instanceof FieldError ? e.input : fieldForMessage(form, msg);
      if (bad) markInvalid(bad);
      showError(msg, 'upload');
      setStatus(status, 'no image: see the message above', 'failed');
      return null;
    }
  };

  const ended = (how: string, j: WorkerJob, what: string, t0: number) => {
    if (how === 'failed') {
      const msg = j.error ?? 'failed';
      const bad = fieldForMessage(form, msg);
      if (bad) markInvalid(bad);
      showError(msg, 'reconstruction');
      setStatus(status, `${what} failed`);
    } else if (how === 'cancelled') setStatus(status, `${what} cancelled after ${((performance.now() - t0) / 1000).toFixed(1)} s (what was drawn stays)`);
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    job?.cancel();
    for (const v of [...images, kV, psfV]) v.clear();
    group.resetDefault();
    metrics.replaceChildren();
    report.replaceChildren();
    status.dataset.done = '';
    run.setAttribute('disabled', '');
    const b = await begin(false);
    if (!b) {
      run.removeAttribute('disabled');
      return;
    }
    const { s, img } = b;
    const { ny, nx, image } = img;
    // an uploaded coil k-space brings its own coils
    const coilCount = img.coilKspace ? img.coilKspace.nc : s.coils;
    let peak = 0;
    for (const v of image) peak = Math.max(peak, v);
    truthV.set({ ny, nx, re: Float32Array.from(image) });
    group.setWindow(0, peak);
    cancel.removeAttribute('disabled');
    setStatus(status, `simulating k-space of a ${ny}x${nx} image ...`);
    const t0 = performance.now();
    const startedAt = new Date().toISOString();
    let estimate = '';
    const figures: Record<string, FigureSources> = {};
    const results: Record<string, unknown> = {};
    const showRecon = (x: Complex32) => {
      recV.set({ ny, nx, ...x });
      // multi-coil images carry the coil maps' phase: their error is that of the magnitude
      const err =
        coilCount > 1 ? Float32Array.from(x.re, (re, i) => Math.abs(Math.hypot(re, x.im[i]) - image[i])) : Float32Array.from(x.re, (re, i) => Math.hypot(re - image[i], x.im[i]));
      errV.set({ ny, nx, re: err }, [0, 0.1 * peak]);
    };
    const j = new WorkerJob(() => new Worker(new URL('../workers/mri-worker.ts', import.meta.url), { type: 'module' }), el, {
      what: 'This reconstruction',
      estimate: (secs, basis) => {
        estimate = `; estimated ${formatDuration(secs)} (${basis})`;
      },
      message: (d) => {
        if (d.kind === 'setup') {
          maskV.set({ ny, nx, re: d.mask as Float32Array }, [0, 1]);
          zfV.set({ ny, nx, ...(d.zeroFilled as Complex32) });
          kV.set({ ny, nx, re: d.kspace as Float32Array });
          psfV.set({ ny, nx, re: d.psf as Float32Array }, [-60, 0]);
          setStatus(status, `mask: ${d.samples} of ${ny * nx} samples (acceleration ${(d.acceleration as number).toFixed(2)}); reconstructing ...`);
        } else if (d.kind === 'step') {
          showRecon(d.image as Complex32);
          setStatus(status, `iteration ${d.iteration}: objective ${(d.objective as number).toExponential(3)}${estimate}`);
        } else if (d.kind === 'done') {
          showRecon(d.image as Complex32);
          const m = d.metrics as Record<'zeroFilled' | 'recon', { nrmse: number; psnr: number; ssim: number }>;
          const rep = d.report as { paragraph: string; psfSideLobe: number; tpsfSideLobe: number | null; coherence: number | null; wavelet: string | null };
          const row = (label: string, x: { nrmse: number; psnr: number; ssim: number }) => h('tr', {}, h('td', {}, label), h('td', {}, x.nrmse.toFixed(4)), h('td', {}, x.psnr.toFixed(1)), h('td', {}, x.ssim.toFixed(3)));
          const table = h('table', { class: 'metrics', id: 'mri-metrics-table' }, h('tr', {}, h('th', {}, 'image'), h('th', {}, 'NRMSE'), h('th', {}, 'PSNR (dB)'), h('th', {}, 'SSIM')), row('zero-filled', m.zeroFilled), row(s.method, m.recon));
          figures['mri-metrics'] = { csv: () => tableCsv(table) };
          const incoherence =
            rep.tpsfSideLobe === null
              ? `PSF side lobes ${(100 * rep.psfSideLobe).toFixed(1)}% of the peak (TV: no wavelet, so no TPSF)`
              : `PSF side lobes ${(100 * rep.psfSideLobe).toFixed(1)}% of the peak; TPSF (${rep.wavelet}) ${(100 * rep.tpsfSideLobe).toFixed(1)}%; coherence ${(rep.coherence as number).toFixed(3)}`;
          metrics.replaceChildren(h('h3', {}, 'Metrics'), h('div', { class: 'table-wrap' }, table), downloadButtons('mri-metrics', figures['mri-metrics'], 'the metrics table'), h('p', { class: 'status', id: 'mri-incoherence' }, incoherence));
          report.replaceChildren(h('h3', {}, 'Theory report'), h('p', {}, rep.paragraph));
          for (const v of [...images, kV, psfV]) figures[v.opts.name as string] = v.sources();
          Object.assign(results, { metrics: m, report: rep, iterations: d.iterations, converged: d.converged });
          setStatus(status, `done: ${d.iterations} iterations in ${(d.seconds as number).toFixed(2)} s (${d.converged ? 'converged' : 'iteration limit'})`);
          return 'done';
        }
        return undefined;
      },
    });
    job = j;
    j.start({ image, ny, nx, mask: s.mask, acceleration: s.acceleration, method: s.method, seed: s.seed, maxIter: s.maxIter, coils: coilCount, coilKspace: img.coilKspace });
    const how = await j.finished;
    if (job === j) job = null;
    ended(how, j, 'reconstruction', t0);
    status.dataset.done = how;
    run.removeAttribute('disabled');
    cancel.setAttribute('disabled', '');
    if (how !== 'failed') recordRun({ page: PAGE, kind: 'reconstruction', status: how, settings: settingsOf(controls), link: settingsLink(PAGE, settingsOf(controls)), command: share.command(), startedAt, seconds: (performance.now() - t0) / 1000, files: uploaded(), results, figures });
  });
  cancel.addEventListener('click', () => job?.cancel());

  /** The prediction, then (scan) the retrospective scan next to it, in one worker. */
  const plan = async (scan: boolean) => {
    planJob?.cancel();
    planCard.replaceChildren();
    predictCard.replaceChildren();
    status.dataset.planned = '';
    status.dataset.predicted = '';
    planBtn.setAttribute('disabled', '');
    predictBtn.setAttribute('disabled', '');
    const enable = () => {
      planBtn.removeAttribute('disabled');
      predictBtn.removeAttribute('disabled');
    };
    const b = await begin(true);
    if (!b?.p) {
      enable();
      return;
    }
    const { s, p, img } = b;
    let peak = 0;
    for (const v of img.image) peak = Math.max(peak, v);
    truthV.set({ ny: img.ny, nx: img.nx, re: Float32Array.from(img.image) });
    group.setWindow(0, peak);
    planCancel.removeAttribute('disabled');
    predictCard.replaceChildren(h('h3', {}, 'Predicted acceleration'), h('p', { class: 'status' }, 'predicting ...'));
    if (scan) planCard.replaceChildren(h('h3', {}, 'Acceleration plan'), h('p', { class: 'status' }, 'starting ...'));
    const t0 = performance.now();
    const startedAt = new Date().toISOString();
    let figures: Record<string, FigureSources> = {};
    let plan: AccelerationPlan | null = null;
    let prediction: AccelerationPrediction | null = null;
    let estimate = '';
    const j = new WorkerJob(() => new Worker(new URL('../workers/mri-plan-worker.ts', import.meta.url), { type: 'module' }), el, {
      what: 'This acceleration plan',
      estimate: (secs, basis) => {
        estimate = `; estimated ${formatDuration(secs)} in all (${basis})`;
      },
      message: async (d) => {
        if (d.kind === 'prediction') {
          prediction = d.prediction as AccelerationPrediction | null;
          figures = showPrediction(predictCard, 'mri-predict', prediction, d.reason as string);
          status.dataset.predicted = prediction ? String(prediction.confident) : 'none';
          if (scan) setStatus(status, 'predicted; the retrospective scan (its check) starts ...');
        } else if (d.kind === 'progress') setStatus(status, `planning: reconstruction ${d.done} of ${d.total}${estimate} ...`);
        else if (d.kind === 'done') {
          if (!scan) {
            setStatus(status, prediction ? `predicted in ${(1000 * prediction.seconds).toFixed(0)} ms, no reconstruction` : 'no prediction for this mask family');
            return 'done';
          }
          plan = d.plan as AccelerationPlan;
          figures = { ...figures, ...(await showPlan(planCard, plan)) };
          const check = predictCard.querySelector('#mri-predict-check');
          if (prediction && check) check.textContent = predictionCheck(prediction, plan);
          setStatus(status, `plan done: ${plan.rows.length * plan.repeats} reconstructions`);
          return 'done';
        }
        return undefined;
      },
    });
    planJob = j;
    j.start({ image: img.image, ny: img.ny, nx: img.nx, mask: s.mask, method: s.method, repeats: p.repeats, seed: s.seed, maxIter: s.maxIter, target: p.targetSsim, scan, coils: img.coilKspace ? img.coilKspace.nc : s.coils, coilKspace: img.coilKspace });
    const how = await j.finished;
    if (planJob === j) planJob = null;
    if (how !== 'done') planCard.replaceChildren();
    ended(how, j, scan ? 'acceleration plan' : 'prediction', t0);
    status.dataset.planned = how;
    enable();
    planCancel.setAttribute('disabled', '');
    if (how !== 'failed') recordRun({ page: PAGE, kind: scan ? 'acceleration plan' : 'acceleration prediction', status: how, settings: settingsOf(controls), link: settingsLink(PAGE, settingsOf(controls)), command: share.command(), startedAt, seconds: (performance.now() - t0) / 1000, files: uploaded(), results: { prediction, plan }, figures });
  };
  planBtn.addEventListener('click', () => plan(true));
  predictBtn.addEventListener('click', () => plan(false));
  planCancel.addEventListener('click', () => planJob?.cancel());
  return () => {
    job?.cancel();
    planJob?.cancel();
  };
}
