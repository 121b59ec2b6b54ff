/**
 * Seismic lab: the steps of `candor seismic decimate` and `interpolate` in the browser. A gather
 * (the built-in synthetic one, or an uploaded SEG-Y, SU or NPY file, read in a Web Worker by the
 * same readers as the CLI; a 3-D file gives one panel per inline), a decimation pattern (random,
 * regular, jittered; keep fraction, seed), a method (POCS, FISTA in f-k or Radon, SPGL1, linear);
 * input, output and truth in variable density with a colour bar, window and zoom, redrawn as POCS
 * iterates; the SNR over the missing traces against linear interpolation, the f-k spectra before
 * and after, the PSF of the pattern and the theory paragraph (with the aliasing limit for regular
 * decimation). The run-time estimate asks above a minute; Cancel stops the worker. Settings live
 * in the URL; the equivalent commands are shown; every figure and table downloads.
 */
import { DECIMATION_PATTERNS } from '../../apps/seismic/decimate.ts';
import { INTERPOLATION_METHODS } from '../../apps/seismic/interpolate.ts';
import { writeNpy } from '../../io/npy.ts';
import { SYNTHETIC_FILE, seismicCommand } from '../commands.ts';
import { csvText, downloadBlob, downloadButtons, type FigureSources, svgToPng, tableCsv } from '../export.ts';
import { clearInvalid, FieldError, fieldForMessage, markInvalid, numberField, readNumber } from '../fields.ts';
import { ImageView, ViewGroup } from '../image-view.ts';
import { WorkerJob } from '../job.ts';
import { SEISMIC_RULES } from '../limits.ts';
import { bindSettings, clearRun, recordRun, settingsLink, settingsOf, shareBar } from '../share.ts';
import { errorMessage, field, formatDuration, h, select, setStatus, showError, statusLine } from '../ui.ts';

const PAGE = 'seismic';

function clipOf(x: ArrayLike<number>): number {
  const a = Float32Array.from(x, Math.abs).sort();
  return a[Math.floor(0.98 * (a.length - 1))] || 1;
}

/** Trace-major [nx traces][nt samples] -> an image with time down and traces across. */
function transpose(data: ArrayLike<number>, nx: number, nt: number): Float32Array {
  const out = new Float32Array(nx * nt);
  for (let t = 0; t < nx; t++) for (let j = 0; j < nt; j++) out[j * nx + t] = data[t * nt + j];
  return out;
}

/** An SVG string figure with SVG / PNG downloads (and CSV when given). */
function svgFigure(host: HTMLElement, name: string, svg: string, label: string, csv?: () => string): FigureSources {
  const w = Number(/width='(\d+(?:\.\d+)?)'/.exec(svg)?.[1] ?? 600);
  const hgt = Number(/height='(\d+(?:\.\d+)?)'/.exec(svg)?.[1] ?? 300);
  const src: FigureSources = { svg: () => svg, png: () => svgToPng(svg, w, hgt), ...(csv ? { csv } : {}) };
  const box = h('div', { class: 'chart', role: 'img', 'aria-label': label });
  box.innerHTML = svg;
  host.replaceChildren(box, downloadButtons(name, src, label));
  return src;
}

export function mount(el: HTMLElement): () => void {
  const source = select('source', ['synthetic', 'upload'], 'synthetic');
  const file = h('input', { type: 'file', name: 'file', accept: '.sgy,.segy,.su,.npy' });
  const panel = numberField('panel', 0, SEISMIC_RULES.panel);
  /** The uploaded file the run read (for its receipt's input hash), if the source is an upload. */
  const uploaded = () => (source.value === 'upload' && file.files?.[0] ? [{ role: 'file', file: file.files[0] }] : []);
  const pattern = select('pattern', DECIMATION_PATTERNS, 'random');
  const keep = numberField('keep', 0.5, SEISMIC_RULES.keep);
  const seed = numberField('seed', 1, SEISMIC_RULES.seed);
  const method = select('method', INTERPOLATION_METHODS, 'pocs');
  const iters = numberField('iterations', 100, SEISMIC_RULES.iterations);
  const run = h('button', { type: 'submit', id: 'seismic-run' }, 'Decimate and interpolate');
  const cancel = h('button', { type: 'button', id: 'seismic-cancel', class: 'secondary', disabled: '' }, 'Cancel');
  const synth = h('button', { type: 'button', id: 'seismic-synthetic-npy', class: 'small secondary' }, 'Synthetic gather (NPY)');
  const form = h(
    'form',
    { class: 'controls', id: 'seismic-form', novalidate: '' },
    field('gather', source),
    field('upload (SEG-Y, SU, NPY)', file),
    field('panel (inline)', panel),
    field('pattern', pattern),
    field('keep fraction', keep),
    field('seed', seed),
    field('method', method),
    field('iterations', iters),
    run,
    cancel,
  );
  const group = new ViewGroup('seismic');
  const views = ['input', 'output', 'truth'].map((label) =>
    group.add(new ImageView({ id: `seismic-${label}`, name: `seismic-${label}`, caption: `${label} (time down, traces across)`, windowed: true, aspect: 'fill', height: '360px', colormap: 'grey-inverted', unit: 'amplitude' })),
  );
  const status = statusLine('seismic-status', 'Choose a gather and a pattern, then run: everything runs here, in your browser.');
  const metrics = h('div', { class: 'card', id: 'seismic-metrics' });
  const report = h('div', { class: 'card explain', id: 'seismic-report' });
  const fk = h('div', { class: 'card', id: 'seismic-fk' });
  const psf = h('div', { class: 'card', id: 'seismic-psf' });
  const share = shareBar(PAGE);
  el.append(
    h('h2', {}, 'Seismic lab: trace interpolation'),
    form,
    status,
    share.el,
    group.controls,
    h('div', { class: 'images' }, ...views.map((v) => v.el)),
    h('div', { class: 'row' }, metrics, report),
    h('div', { class: 'row' }, fk, psf),
  );
  share.el.querySelector('.downloads')?.append(synth);
  const controls = [source, panel, pattern, keep, seed, method, iters];
  let dt: number | undefined;
  let panels = 1;
  const read = () => ({
    source: source.value === 'upload' ? (file.files?.[0]?.name ?? 'upload.sgy') : 'synthetic',
    panel: readNumber(panel),
    pattern: pattern.value,
    keep: readNumber(keep),
    seed: readNumber(seed),
    method: method.value,
    iterations: readNumber(iters),
  });
  const command = () => {
    try {
      share.setCommand(seismicCommand({ ...read(), dt, panels }));
    } catch {
      share.setCommand('# complete the form: every field needs a valid value');
    }
  };
  bindSettings(PAGE, controls, command);
  file.addEventListener('change', command);
  synth.addEventListener('click', async () => {
    const { syntheticGather } = await import('../../apps/seismic/synthetic.ts');
    const g = syntheticGather();
    downloadBlob(SYNTHETIC_FILE, new Blob([writeNpy({ shape: [g.ntraces, g.ns], data: g.data, complex: false }) as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  });

  let job: WorkerJob | null = null;
  cancel.addEventListener('click', () => job?.cancel());
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(null);
    clearInvalid(form);
    job?.cancel();
    for (const v of views) v.clear();
    group.resetDefault();
    for (const c of [metrics, report, fk, psf]) c.replaceChildren();
    clearRun(PAGE);
    let s: ReturnType<typeof read>;
    let bytes: ArrayBuffer | undefined;
    let name: string | undefined;
    try {
      s = read();
      if (source.value === 'upload') {
        const f = file.files?.[0];
        if (!f) throw new FieldError(file, 'upload: expected a SEG-Y, SU or NPY file, got none');
        bytes = await f.arrayBuffer();
        name = f.name;
      }
    } catch (e) {
      if (e instanceof FieldError && e.input) markInvalid(e.input);
      showError(errorMessage(e), 'seismic');
      setStatus(status, 'not run: see the message above', 'failed');
      return;
    }
    run.setAttribute('disabled', '');
    cancel.removeAttribute('disabled');
    setStatus(status, 'reading and decimating ...', '');
    const t0 = performance.now();
    const startedAt = new Date().toISOString();
    let nx = 0;
    let nt = 0;
    let kept: Uint8Array | undefined;
    let estimate = '';
    const figures: Record<string, FigureSources> = {};
    const results: Record<string, unknown> = {};
    const j = new WorkerJob(() => new Worker(new URL('../workers/seismic-worker.ts', import.meta.url), { type: 'module' }), el, {
      what: 'This interpolation',
      estimate: (secs, basis) => {
        estimate = `; estimated ${formatDuration(secs)} (${basis})`;
        setStatus(status, `interpolating${estimate} ...`);
      },
      message: (d) => {
        if (d.kind === 'setup') {
          ({ nx, nt } = d as { nx: number; nt: number });
          dt = d.dt as number;
          panels = d.panels as number;
          command();
          kept = d.kept as Uint8Array;
          const clip = clipOf(d.truth as Float32Array);
          views[0].opts.tint = kept;
          views[0].set({ ny: nt, nx, re: transpose(d.input as Float32Array, nx, nt) });
          views[2].set({ ny: nt, nx, re: transpose(d.truth as Float32Array, nx, nt) });
          group.setWindow(-clip, clip);
          setStatus(status, `${d.label}: ${nx} traces x ${nt} samples at ${((d.dt as number) * 1000).toFixed(1)} ms; interpolating ...`);
        } else if (d.kind === 'step') {
          views[1].set({ ny: nt, nx, re: transpose(d.data as Float32Array, nx, nt) });
          setStatus(status, `iteration ${d.iteration}${estimate} ...`);
        } else if (d.kind === 'done') {
          views[1].set({ ny: nt, nx, re: transpose(d.data as Float32Array, nx, nt) });
          for (const v of views) figures[v.opts.name as string] = v.sources();
          const mt = d.metrics as { snr: number; snrLinear: number };
          const table = h(
            'table',
            { class: 'metrics', id: 'seismic-metrics-table' },
            h('tr', {}, h('th', {}, 'method'), h('th', {}, 'SNR missing traces (dB)')),
            h('tr', {}, h('td', {}, s.method), h('td', {}, mt.snr.toFixed(2))),
            h('tr', {}, h('td', {}, 'linear'), h('td', {}, mt.snrLinear.toFixed(2))),
          );
          figures['seismic-metrics'] = { csv: () => tableCsv(table) };
          metrics.replaceChildren(
            h('h3', {}, 'Result'),
            h('div', { class: 'table-wrap' }, table),
            downloadButtons('seismic-metrics', figures['seismic-metrics'], 'the SNR table'),
            h('p', { class: 'status' }, `kept ${d.kept} traces; PSF side lobe ${(100 * (d.psfSideLobe as number)).toFixed(1)}%; planner: ${d.tracesNeeded ?? '-'} traces needed`),
          );
          report.replaceChildren(h('h3', {}, 'Theory report'), h('p', { id: 'seismic-paragraph' }, String(d.paragraph)));
          const f = d.fk as { NX: number; nf: number; NT: number; titles: string[]; db: Float32Array[] };
          figures['seismic-fk'] = svgFigure(fk, 'seismic-fk', String(d.fkSvg), 'f-k spectra of the input, output and truth (dB below the input peak)', () => {
            const rows: (string | number)[][] = [];
            f.db.forEach((db, p) => {
              for (let k = 0; k < f.NX; k++) for (let q = 0; q < f.nf; q++) rows.push([f.titles[p], (k > f.NX / 2 ? k - f.NX : k) / f.NX, q / (f.NT * (dt as number)), Number(db[k * f.nf + q].toPrecision(6))]);
            });
            return csvText(['panel', 'wavenumber (cycles per trace)', 'frequency (Hz)', 'energy (dB)'], rows);
          });
          const mag = d.psf as Float32Array;
          figures['seismic-psf'] = svgFigure(psf, 'seismic-psf', String(d.psfSvg), 'point-spread function of the kept traces', () =>
            csvText(['shift (cycles per trace)', '|PSF|'], Array.from(mag, (v, q) => [(q > mag.length / 2 ? q - mag.length : q) / mag.length, Number(v.toPrecision(8))])),
          );
          Object.assign(results, { snr: mt.snr, snrLinear: mt.snrLinear, kept: d.kept, psfSideLobe: d.psfSideLobe, tracesNeeded: d.tracesNeeded, iterations: d.iterations, paragraph: d.paragraph });
          setStatus(status, `done: ${d.iterations} iterations in ${(d.seconds as number).toFixed(2)} s`);
          return 'done';
        }
        return undefined;
      },
    });
    job = j;
    j.start({ source: source.value, bytes, name, panel: s.panel, pattern: s.pattern, keep: s.keep, seed: s.seed, method: s.method, iterations: s.iterations }, bytes ? [bytes] : []);
    const how = await j.finished;
    if (job === j) job = null;
    run.removeAttribute('disabled');
    cancel.setAttribute('disabled', '');
    if (how === 'failed') {
      const msg = j.error ?? 'failed';
      const bad = fieldForMessage(form, msg);
      if (bad) markInvalid(bad);
      showError(msg, 'seismic');
      setStatus(status, 'failed', 'failed');
    } else if (how === 'cancelled') {
      setStatus(status, `cancelled after ${((performance.now() - t0) / 1000).toFixed(1)} s (what was drawn stays)`, 'cancelled');
    } else status.dataset.done = 'done';
    if (how !== 'failed') {
      recordRun({ page: PAGE, kind: 'interpolation', status: how, settings: settingsOf(controls), link: settingsLink(PAGE, settingsOf(controls)), command: share.command(), startedAt, seconds: (performance.now() - t0) / 1000, files: uploaded(), results, figures });
    }
  });
  return () => job?.cancel();
}
