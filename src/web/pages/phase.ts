/**
 * Phase-transition lab: pick an ensemble, solver, n and grid; the sweep runs in Web Workers in the
 * page with the same library code as `candor sweep run`, filling a live heatmap with the theory
 * curve. Or open a sweep stored in the server's SQLite store (not during a run).
 *
 * Long work is controllable: a pilot of trials spread over the grid estimates the run time, and
 * above a minute the page asks before going on; Stop ends the sweep at once (the workers are
 * terminated) and draws what was done, with the status "stopped". Settings live in the URL, the
 * equivalent `candor sweep run` is shown, the heatmap and the table download as PNG/SVG/CSV.
 */
import { type CellStats, cellStats, transition, type TransitionSummary } from '../../experiments/analysis.ts';
import { pendingTaskPairs } from '../../experiments/engine.ts';
import { phaseDiagramSpec } from '../../experiments/figures.ts';
import { sweepSolverNames } from '../../experiments/solvers.ts';
import { canonicalSpec, ENSEMBLES, type ParsedSpec, parseSpec, SIGNALS } from '../../experiments/spec.ts';
import { dtCurve } from '../../predict/transition.ts';
import { chart } from '../charts.ts';
import { sweepCommand, sweepSpecInput } from '../commands.ts';
import { csvText, downloadButtons, type FigureSources, tableCsv } from '../export.ts';
import { clearInvalid, FieldError, fieldForMessage, markInvalid, numberField, readNumber } from '../fields.ts';
import { BROWSER_SWEEP_TRIALS, PHASE_RULES } from '../limits.ts';
import { bindSettings, clearRun, recordRun, settingsLink, settingsOf, shareBar } from '../share.ts';
import { api, CONFIRM_ABOVE_S, confirmBar, errorMessage, field, formatDuration, h, select, setStatus, showError, statusLine } from '../ui.ts';
import { pilotOrder, SweepPool } from './sweep-pool.ts';
import { queuePanel } from './queue-panel.ts';

const PAGE = 'phase';
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
  const n = numberField('n', 100, PHASE_RULES.n);
  const nDelta = numberField('nDelta', 10, PHASE_RULES.nDelta);
  const nRho = numberField('nRho', 10, PHASE_RULES.nRho);
  const trials = numberField('trials', 10, PHASE_RULES.trials);
  const seed = numberField('seed', 1, PHASE_RULES.seed);
  const run = h('button', { type: 'submit', id: 'sweep-run' }, 'Run sweep');
  const stop = h('button', { type: 'button', id: 'sweep-stop', class: 'secondary', disabled: '' }, 'Stop');
  const form = h(
    'form',
    { class: 'controls', id: 'sweep-form', novalidate: '' },
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
  const stored = h('select', { id: 'stored-sweeps', 'aria-label': 'stored sweeps' });
  const open = h('button', { type: 'button', id: 'stored-open' }, 'Open stored sweep');
  const storedBox = h('div', { class: 'controls', style: 'margin-top: 0.6rem' }, h('label', {}, 'stored sweeps (server store)', stored), open);
  const status = statusLine('sweep-status', 'Choose a sweep and press Run: it runs here, in your browser.');
  const chartCard = h('div', { class: 'card', id: 'phase-chart' });
  const summary = h('div', { class: 'card', id: 'phase-summary' });
  const share = shareBar(PAGE);
  el.append(h('h2', {}, 'Phase-transition lab'), form, storedBox, status, share.el, h('div', { class: 'row' }, chartCard, summary));
  const controls = [ensemble, signal, solver, n, nDelta, nRho, trials, seed];
  el.append(queuePanel()); // a distributed sweep's progress (candor serve --queue); hidden without one

  /** The form's settings, validated field by field (a FieldError names the bad one). */
  const readSettings = () => ({
    ensemble: ensemble.value,
    signal: signal.value,
    solver: solver.value,
    n: readNumber(n),
    nDelta: readNumber(nDelta),
    nRho: readNumber(nRho),
    trials: readNumber(trials),
    seed: readNumber(seed),
  });
  bindSettings(PAGE, controls, () => {
    try {
      share.setCommand(sweepCommand(readSettings()));
    } catch {
      share.setCommand('# complete the form: every field needs a valid value');
    }
  });

  let pool: SweepPool | null = null;
  let abort: AbortController | null = null;
  let drawPending = false;
  let redrawTimer: ReturnType<typeof setTimeout> | undefined;
  /** Drops a live redraw still waiting, so it cannot paint over a final or stored figure. */
  const cancelRedraw = () => {
    clearTimeout(redrawTimer);
    drawPending = false;
  };

  const draw = async (spec: ParsedSpec, stats: CellStats[], tr: TransitionSummary, final: boolean): Promise<Record<string, FigureSources>> => {
    const title = `${spec.ensemble}, ${spec.signal}, ${spec.solver.name}, n=${spec.n}`;
    const filled = stats.filter((c) => c.trials > 0).length;
    const figures: Record<string, FigureSources> = {};
    figures['phase-heatmap'] = await chart(chartCard, phaseDiagramSpec(stats, tr, { title, theory: theory(spec.signal), width: 420, height: 360 }), {
      name: 'phase-heatmap',
      description: `Phase diagram: success rate of ${spec.solver.name} on ${spec.ensemble} measurements (n = ${spec.n}) over ${filled} of ${stats.length} (delta, rho) cells, with the theoretical weak threshold (white line with a dark edge) and the fitted empirical 50% transition (red)${tr.maxDeviation === null ? '' : `; max |rho50 - rho_W| = ${tr.maxDeviation.toFixed(3)}`}`,
      csv: () => csvText(['delta', 'rho', 'm', 'k', 'successes', 'trials', 'rate', 'rate_lo95', 'rate_hi95'], stats.map((c) => [c.delta, c.rho, c.m, c.k, c.successes, c.trials, c.rate, c.lo, c.hi])),
    });
    if (!final) return figures;
    const table = h(
      'table',
      { class: 'metrics', id: 'phase-table' },
      h('tr', {}, h('th', {}, 'delta'), h('th', {}, 'rho50'), h('th', {}, 'rho_W')),
      ...tr.points.map((p) => h('tr', {}, h('td', {}, p.delta.toFixed(3)), h('td', {}, p.rho50 === null ? '-' : p.rho50.toFixed(3)), h('td', {}, p.theoryRho.toFixed(3)))),
    );
    figures['phase-transition-table'] = { csv: () => tableCsv(table) };
    summary.replaceChildren(
      h('h3', {}, 'Transition vs theory'),
      h('div', { class: 'table-wrap' }, table),
      downloadButtons('phase-transition-table', figures['phase-transition-table'], 'the transition table'),
      h('p', { class: 'status', id: 'phase-deviation' }, tr.maxDeviation === null ? 'no fitted transition yet' : `max |rho50 - rho_W| = ${tr.maxDeviation.toFixed(3)} over ${tr.fitted} columns`),
    );
    return figures;
  };

  const setRunning = (on: boolean) => {
    for (const b of [run, open]) b.toggleAttribute('disabled', on);
    stop.toggleAttribute('disabled', !on);
  };

  const stopAll = () => {
    abort?.abort();
    pool?.stop();
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(null);
    clearInvalid(form);
    cancelRedraw();
    chartCard.replaceChildren();
    summary.replaceChildren();
    clearRun(PAGE);
    let spec: ParsedSpec;
    let settings: ReturnType<typeof readSettings>;
    try {
      settings = readSettings();
      const cells = settings.nDelta * settings.nRho;
      if (cells * settings.trials > BROWSER_SWEEP_TRIALS) {
        throw new FieldError(trials, `trials / cell: expected an integer in [1, ${Math.floor(BROWSER_SWEEP_TRIALS / cells)}] for a ${settings.nDelta} x ${settings.nRho} grid (at most ${BROWSER_SWEEP_TRIALS} trials in the browser; candor sweep run takes more), got ${settings.trials}`);
      }
      spec = parseSpec(sweepSpecInput(settings));
    } catch (e) {
      const bad = e instanceof FieldError ? e.input : fieldForMessage(form, errorMessage(e));
      if (bad) markInvalid(bad);
      showError(errorMessage(e), 'sweep');
      setStatus(status, 'not run: see the message above', 'failed');
      return;
    }
    setRunning(true);
    setStatus(status, 'starting the workers ...', '');
    abort = new AbortController();
    const t0 = performance.now();
    const startedAt = new Date().toISOString();
    const tasks = pendingTaskPairs(spec.cells.length, spec.trials);
    const total = tasks.length / 2;
    const nWorkers = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4));
    const redraw = () => {
      if (drawPending) return;
      drawPending = true;
      redrawTimer = setTimeout(async () => {
        drawPending = false;
        if (!pool) return;
        const stats = cellStats(spec, pool.results);
        await draw(spec, stats, transition(spec, stats), false).catch((e) => showError(errorMessage(e)));
      }, 300);
    };
    let state: 'done' | 'stopped' = 'done';
    let estimateText = '';
    const progress = () => {
      if (!pool) return;
      const done = pool.results.length;
      const s = (performance.now() - t0) / 1000;
      setStatus(status, `${done}/${total} trials, ${(done / s).toFixed(1)} trials/s on ${pool.size} workers${estimateText}`);
      redraw();
    };
    try {
      pool = await SweepPool.start(canonicalSpec(spec), nWorkers, progress);
      if (abort.signal.aborted) pool.stop();
      // the pilot: a few trials spread over the grid, timed in the workers
      const { pilot, rest } = pilotOrder(tasks, 2 * nWorkers);
      await pool.run(pilot, 1);
      const left = rest.length / 2;
      const est = pool.estimate(left);
      if (!pool.stopped && left > 0) {
        const basis = `${left} more trials at ${((1000 * pool.computeSeconds) / Math.max(1, pool.results.length)).toFixed(1)} ms each on ${pool.size} workers, estimated from ${pool.results.length} trials across the grid`;
        estimateText = `; estimated ${formatDuration(est)} in all`;
        if (est > CONFIRM_ABOVE_S) {
          setStatus(status, `waiting for your confirmation: about ${formatDuration(est)} (${basis})`);
          const go = await confirmBar(el, `This sweep needs about ${formatDuration(est)} (${basis}). Continue?`, abort.signal);
          if (!go) pool.stop();
        }
        await pool.run(rest, 4);
      }
      if (pool.error) showError(pool.error, 'sweep');
      if (pool.stopped) state = 'stopped';
    } catch (e) {
      showError(errorMessage(e), 'sweep');
      state = 'stopped';
    }
    pool?.stop();
    cancelRedraw();
    const results = pool?.results ?? [];
    const stats = cellStats(spec, results);
    const tr = transition(spec, stats);
    let figures: Record<string, FigureSources> = {};
    try {
      if (results.length) figures = await draw(spec, stats, tr, true);
    } catch (e) {
      showError(errorMessage(e));
    }
    const seconds = (performance.now() - t0) / 1000;
    setStatus(status, `${state}: ${results.length}/${total} trials in ${seconds.toFixed(1)} s`, state);
    setRunning(false);
    recordRun({
      page: PAGE,
      kind: 'sweep',
      status: state,
      settings: settingsOf(controls),
      link: settingsLink(PAGE, settingsOf(controls)),
      command: share.command(),
      startedAt,
      seconds,
      results: { trials: results.length, total, spec: canonicalSpec(spec), transition: tr },
      figures,
    });
    pool = null;
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
      await draw(spec, r.cells, r.transition, true);
      setStatus(status, `stored sweep ${stored.value}`);
    } catch (e) {
      showError(errorMessage(e));
    }
  });
  void loadList();
  return stopAll;
}
