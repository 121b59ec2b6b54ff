/**
 * Phase-transition lab: pick an ensemble, solver, n and grid; the sweep runs in Web Workers in the
 * page with the same library code as `candor sweep run`, filling a live heatmap with the theory
 * curve. Or open a sweep stored in the server's SQLite store.
 */
import embed from 'vega-embed';
import { type CellStats, cellStats, transition, type TransitionSummary } from '../../experiments/analysis.ts';
import { phaseDiagramSpec } from '../../experiments/figures.ts';
import { sweepSolverNames } from '../../experiments/solvers.ts';
import { canonicalSpec, ENSEMBLES, type ParsedSpec, parseSpec, SIGNALS } from '../../experiments/spec.ts';
import { pendingTaskPairs } from '../../experiments/engine.ts';
import type { TrialResult } from '../../experiments/trial.ts';
import { dtCurve } from '../../predict/transition.ts';
import { api, errorMessage, field, h, numberInput, select, showError } from '../ui.ts';
import { queuePanel } from './queue-panel.ts';

const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

function theory(signal: string) {
  const c = dtCurve(GRID, { signal: signal === 'nonneg' ? 'nonneg' : 'signed' });
  return GRID.map((d, i) => ({ delta: d, rho: c.rho[i] }));
}

export function mount(el: HTMLElement): () => void {
  const solvers = sweepSolverNames().map((s) => s.name);
  const ensemble = select('ensemble', ENSEMBLES, 'gaussian');
  const signal = select('signal', SIGNALS, 'signed');
  const solver = select('solver', solvers, solvers.includes('bp-homotopy') ? 'bp-homotopy' : 'bp-lp');
  const n = numberInput('n', 100, { min: '8', max: '2000' });
  const nDelta = numberInput('nDelta', 10, { min: '2', max: '30' });
  const nRho = numberInput('nRho', 10, { min: '2', max: '30' });
  const trials = numberInput('trials', 10, { min: '1', max: '200' });
  const seed = numberInput('seed', 1, { min: '0' });
  const run = h('button', { type: 'submit', id: 'sweep-run' }, 'Run sweep');
  const stop = h('button', { type: 'button', id: 'sweep-stop', disabled: '' }, 'Stop');
  const form = h(
    'form',
    { class: 'controls', id: 'sweep-form' },
    field('ensemble', ensemble),
    field('signal', signal),
    field('solver', solver),
    field('n', n),
    field('delta points', nDelta),
    field('rho points', nRho),
    field('trials / cell', trials),
    field('seed', seed),
    run,
    stop,
  );
  const stored = h('select', { id: 'stored-sweeps' });
  const open = h('button', { type: 'button', id: 'stored-open' }, 'Open stored sweep');
  const storedBox = h('div', { class: 'controls', style: 'margin-top: 0.6rem' }, h('label', {}, 'stored sweeps (server store)', stored), open);
  const status = h('div', { class: 'status', id: 'sweep-status' }, 'Choose a sweep and press Run: it runs here, in your browser.');
  const chart = h('div', { class: 'card', id: 'phase-chart' });
  const summary = h('div', { class: 'card', id: 'phase-summary' });
  el.append(h('h2', {}, 'Phase-transition lab'), form, storedBox, status, h('div', { class: 'row' }, chart, summary));
  el.append(queuePanel()); // a distributed sweep's progress (candor serve --queue); hidden without one

  let workers: Worker[] = [];
  let cancelled = false;
  let drawPending = false;
  let redrawTimer: ReturnType<typeof setTimeout> | undefined;
  /** Drops a live redraw still waiting, so it cannot paint over a final or stored figure. */
  const cancelRedraw = () => {
    clearTimeout(redrawTimer);
    drawPending = false;
  };

  const draw = async (spec: ParsedSpec, stats: CellStats[], tr: TransitionSummary) => {
    const title = `${spec.ensemble}, ${spec.signal}, ${spec.solver.name}, n=${spec.n}`;
    await embed(chart, phaseDiagramSpec(stats, tr, { title, theory: theory(spec.signal), width: 420, height: 360 }) as never, { actions: false, renderer: 'svg' });
    summary.replaceChildren(
      h('h3', {}, 'Transition vs theory'),
      h(
        'table',
        { class: 'metrics' },
        h('tr', {}, h('th', {}, 'delta'), h('th', {}, 'rho50'), h('th', {}, 'rho_W')),
        ...tr.points.map((p) => h('tr', {}, h('td', {}, p.delta.toFixed(3)), h('td', {}, p.rho50 === null ? '-' : p.rho50.toFixed(3)), h('td', {}, p.theoryRho.toFixed(3)))),
      ),
      h('p', { class: 'status', id: 'phase-deviation' }, tr.maxDeviation === null ? 'no fitted transition yet' : `max |rho50 - rho_W| = ${tr.maxDeviation.toFixed(3)} over ${tr.fitted} columns`),
    );
  };

  const stopAll = () => {
    cancelled = true;
    for (const w of workers) w.terminate();
    workers = [];
    run.removeAttribute('disabled');
    stop.setAttribute('disabled', '');
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(null);
    let spec: ParsedSpec;
    try {
      const nd = Number(nDelta.value);
      const nr = Number(nRho.value);
      spec = parseSpec({
        ensemble: ensemble.value,
        signal: signal.value,
        solver: solver.value,
        n: Number(n.value),
        delta: { from: 0.05, to: 0.95, count: nd },
        rho: { from: 0.05, to: 0.95, count: nr },
        trials: Number(trials.value),
        seed: Number(seed.value),
      });
      if (spec.n > 2000 || spec.cells.length * spec.trials > 100000) throw new Error('sweep size: expected n <= 2000 and at most 100000 trials in the browser; use `candor sweep run` for larger sweeps');
    } catch (e) {
      showError(errorMessage(e));
      return;
    }
    cancelled = false;
    run.setAttribute('disabled', '');
    stop.removeAttribute('disabled');
    const tasks = pendingTaskPairs(spec.cells.length, spec.trials);
    const total = tasks.length / 2;
    const results: TrialResult[] = [];
    const t0 = performance.now();
    const nWorkers = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4));
    let next = 0;
    const batch = 4;
    const redraw = () => {
      if (drawPending) return;
      drawPending = true;
      redrawTimer = setTimeout(async () => {
        drawPending = false;
        const stats = cellStats(spec, results);
        await draw(spec, stats, transition(spec, stats)).catch((e) => showError(errorMessage(e)));
      }, 300);
    };
    await new Promise<void>((resolve) => {
      let live = nWorkers;
      const finish = (w: Worker) => {
        w.terminate();
        if (--live === 0) resolve();
      };
      const feed = (w: Worker) => {
        if (cancelled || next >= tasks.length) return finish(w);
        const end = Math.min(tasks.length, next + 2 * batch);
        w.postMessage({ tasks: tasks.slice(next, end) });
        next = end;
      };
      for (let i = 0; i < nWorkers; i++) {
        const w = new Worker(new URL('../workers/sweep-worker.ts', import.meta.url), { type: 'module' });
        workers.push(w);
        w.onmessage = (m: MessageEvent<{ ready?: boolean; results?: TrialResult[]; error?: string }>) => {
          if (m.data.error) {
            showError(m.data.error);
            cancelled = true;
            return finish(w);
          }
          if (m.data.results) {
            results.push(...m.data.results);
            const s = (performance.now() - t0) / 1000;
            status.textContent = `${results.length}/${total} trials, ${(results.length / s).toFixed(1)} trials/s on ${nWorkers} workers`;
            redraw();
          }
          feed(w);
        };
        w.postMessage({ spec: canonicalSpec(spec) });
      }
    });
    workers = [];
    cancelRedraw();
    const stats = cellStats(spec, results);
    await draw(spec, stats, transition(spec, stats));
    status.textContent = `${cancelled ? 'stopped' : 'done'}: ${results.length}/${total} trials in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
    status.dataset.done = cancelled ? 'stopped' : 'done';
    run.removeAttribute('disabled');
    stop.setAttribute('disabled', '');
  });
  stop.addEventListener('click', stopAll);

  const loadList = async () => {
    try {
      const r = await api<{ sweeps: { id: number; name: string; spec: ParsedSpec; done: number; total: number }[] }>('/api/sweeps');
      stored.replaceChildren(...r.sweeps.map((s) => h('option', { value: String(s.id) }, `${s.id}: ${s.spec.ensemble}/${s.spec.signal}/${s.spec.solver.name} n=${s.spec.n} (${s.done}/${s.total})`)));
      if (r.sweeps.length === 0) stored.append(h('option', { value: '' }, '(no stored sweeps)'));
    } catch (e) {
      showError(errorMessage(e));
    }
  };
  open.addEventListener('click', async () => {
    showError(null);
    cancelRedraw();
    if (!stored.value) return showError('stored sweeps: expected a sweep to open, got none (run `candor sweep run` to store one)');
    try {
      const r = await api<{ spec: unknown; cells: CellStats[]; transition: TransitionSummary }>(`/api/sweeps/${stored.value}`);
      const spec = parseSpec(r.spec, {}, { legacy: true });
      await draw(spec, r.cells, r.transition);
      status.textContent = `stored sweep ${stored.value}`;
    } catch (e) {
      showError(errorMessage(e));
    }
  });
  void loadList();
  return stopAll;
}
