/**
 * Planner page: n, k, ensemble, target -> minimum m with its provenance (the server's `plan`,
 * which also sees the stored empirical curves), drawn on the theoretical phase-transition curve
 * with each estimate (asymptotic, rigorous, empirical) as a point in the legend. Settings live in
 * the URL; the equivalent `candor plan` is shown; table and chart download as CSV / PNG / SVG.
 * Below it, the MRI section (./planner-mri.ts): the predicted largest acceleration for a target
 * quality, without reconstructing, next to the retrospective scan that checks it.
 */
import { ENSEMBLE_NAMES } from '../../linops/catalogue.ts';
import type { PlanResult } from '../../predict/plan.ts';
import { chart } from '../charts.ts';
import { planCommand } from '../commands.ts';
import { downloadButtons, type FigureSources, csvText, tableCsv } from '../export.ts';
import { clearInvalid, FieldError, fieldForMessage, markInvalid, numberField, readNumber } from '../fields.ts';
import { PLANNER_RULES } from '../limits.ts';
import { bindSettings, clearRun, recordRun, settingsLink, settingsOf, shareBar } from '../share.ts';
import { api, errorMessage, field, h, select, setStatus, showError, statusLine } from '../ui.ts';
import { mountMriPlanner } from './planner-mri.ts';

const PAGE = 'planner';

/** The estimates of a plan as points (delta = m/n, rho = k/m), in the legend's order. */
export function planPoints(p: PlanResult): { estimate: string; m: number; delta: number; rho: number; probability: number }[] {
  const pt = (estimate: string, m: number, probability: number) => ({ estimate, m, delta: m / p.n, rho: p.k / m, probability });
  const out = [pt('asymptotic (statistical dimension)', p.asymptotic.m, p.asymptotic.probability)];
  if (p.rigorous?.certified) out.push(pt('rigorous (ALMT, Gaussian)', p.rigorous.m, p.rigorous.probability));
  if (p.empirical) out.push(pt('empirical (stored sweeps)', p.empirical.m, p.empirical.probability));
  return out;
}

export function mount(el: HTMLElement): () => void {
  const n = numberField('n', 1000, PLANNER_RULES.n);
  const k = numberField('k', 50, PLANNER_RULES.k);
  const ensemble = select('ensemble', ENSEMBLE_NAMES, 'gaussian');
  const signal = select('signal', ['signed', 'nonneg'], 'signed');
  const target = numberField('target', 0.95, PLANNER_RULES.target);
  const go = h('button', { type: 'submit', id: 'plan-go' }, 'Plan');
  const form = h('form', { class: 'controls', id: 'plan-form', novalidate: '' }, field('n (unknowns)', n), field('k (nonzeros)', k), field('ensemble', ensemble), field('signal', signal), field('target success', target), go);
  const status = statusLine('plan-status', 'Enter a problem size and press Plan.');
  const result = h('div', { class: 'card', id: 'plan-result' });
  const chartCard = h('div', { class: 'card', id: 'plan-chart' });
  const share = shareBar(PAGE);
  el.append(h('h2', {}, 'Planner: how many measurements?'), form, status, share.el, h('div', { class: 'row' }, result, chartCard));
  const controls = [n, k, ensemble, signal, target];
  let store: string | undefined;

  /** The validated settings (k at most n), or a FieldError naming the field. */
  const read = () => {
    const nv = readNumber(n);
    const kv = readNumber(k, { ...PLANNER_RULES.k, max: nv, note: '(at most n)' });
    return { n: nv, k: kv, ensemble: ensemble.value, signal: signal.value as 'signed' | 'nonneg', target: readNumber(target) };
  };
  const command = () => {
    try {
      share.setCommand(planCommand({ ...read(), store }));
    } catch {
      share.setCommand('# complete the form: every field needs a valid value');
    }
  };
  // k's form limit follows n, as the check does (k in [1, n])
  const kMax = () => {
    if (n.value.trim() !== '') k.max = n.value;
  };
  n.addEventListener('input', kMax);
  bindSettings(PAGE, controls, command);
  kMax();
  // the server's store, for the command's --store (the planner's empirical curves come from it)
  void api<{ store: string }>('/api/sweeps')
    .then((r) => {
      store = r.store;
      command();
    })
    .catch(() => undefined);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(null);
    clearInvalid(form);
    result.replaceChildren();
    chartCard.replaceChildren();
    clearRun(PAGE);
    let body: ReturnType<typeof read>;
    try {
      body = read();
    } catch (e) {
      if (e instanceof FieldError && e.input) markInvalid(e.input);
      showError(errorMessage(e));
      setStatus(status, 'not planned: see the message above', 'failed');
      return;
    }
    go.setAttribute('disabled', '');
    setStatus(status, 'planning ...', '');
    const t0 = performance.now();
    try {
      const r = await api<{ plan: PlanResult; curve: { delta: number; rho: number }[] }>('/api/plan', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const p = r.plan;
      const points = planPoints(p);
      const table = h(
        'table',
        { class: 'metrics', id: 'plan-table' },
        h('tr', {}, h('th', {}, 'estimate'), h('th', {}, 'm'), h('th', {}, 'probability')),
        ...points.map((q) => h('tr', {}, h('td', {}, q.estimate), h('td', {}, String(q.m)), h('td', {}, `${q.estimate.startsWith('rigorous') ? '>= ' : ''}${q.probability.toFixed(3)}`))),
        ...(p.rigorous && p.rigorous.certified === false ? [h('tr', {}, h('td', {}, 'rigorous (ALMT, Gaussian)'), h('td', {}, 'none below n'), h('td', {}, `ALMT bound at n: ${p.rigorous.almtBound.toFixed(2)} (m = n trivial)`))] : []),
      );
      const figures: Record<string, FigureSources> = { 'planner-table': { csv: () => tableCsv(table) } };
      result.replaceChildren(
        h('div', { class: 'big', id: 'plan-m' }, `m = ${p.m}`),
        h('div', { id: 'plan-provenance' }, `provenance: ${p.provenance}`),
        h('div', { class: 'table-wrap' }, table),
        downloadButtons('planner-table', figures['planner-table'], 'the estimates table'),
        ...p.notes.map((t) => h('p', { class: 'status' }, t)),
        ...p.warnings.map((t) => h('p', { class: 'status' }, `warning: ${t}`)),
      );
      const curveRows = r.curve.map((c) => ({ ...c, series: 'weak threshold rho_W(delta) (theory)' }));
      const series = ['weak threshold rho_W(delta) (theory)', ...points.map((q) => q.estimate)];
      const colours = ['#2f6fde', '#e4572e', '#1b7837', '#8e44ad'].slice(0, series.length);
      // one legend for colour and shape, every series in it: the theory curve as a line, each estimate as its point
      const shapes = ['stroke', 'circle', 'square', 'diamond'].slice(0, series.length);
      figures['planner-chart'] = await chart(
        chartCard,
        {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title: { text: `Weak threshold and the plan for n = ${p.n}, k = ${p.k}`, subtitle: `recommended m = ${p.m} (${p.provenance})` },
          width: 380,
          height: 300,
          encoding: { color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: colours }, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 360 } } },
          layer: [
            { data: { values: curveRows }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x: { field: 'delta', type: 'quantitative', title: 'delta = m/n', scale: { domain: [0, 1] } }, y: { field: 'rho', type: 'quantitative', title: 'rho = k/m', scale: { domain: [0, 1] } } } },
            {
              data: { values: points.map((q) => ({ ...q, series: q.estimate })) },
              mark: { type: 'point', filled: true, size: 110, opacity: 0.9 },
              encoding: { x: { field: 'delta', type: 'quantitative' }, y: { field: 'rho', type: 'quantitative' }, shape: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: shapes } }, tooltip: [{ field: 'estimate' }, { field: 'm' }, { field: 'probability', format: '.3f' }] },
            },
          ],
        },
        {
          name: 'planner-chart',
          description: `Planner chart: the weak threshold rho_W(delta) with ${points.map((q) => `the ${q.estimate.split(' (')[0]} estimate m = ${q.m}`).join(', ')} as points (delta = m/n, rho = k/m); recommended m = ${p.m}`,
          csv: () => csvText(['series', 'delta', 'rho', 'm'], [...curveRows.map((c) => [c.series, c.delta, c.rho, null]), ...points.map((q) => [q.estimate, q.delta, q.rho, q.m])]),
        },
      );
      setStatus(status, `done: m = ${p.m} (${p.provenance})`, 'done');
      recordRun({
        page: PAGE,
        kind: 'plan',
        status: 'done',
        settings: settingsOf(controls),
        link: settingsLink(PAGE, settingsOf(controls)),
        command: share.command(),
        startedAt: new Date(Date.now() - (performance.now() - t0)).toISOString(),
        seconds: (performance.now() - t0) / 1000,
        results: { plan: p },
        figures,
      });
    } catch (e) {
      const msg = errorMessage(e);
      const bad = fieldForMessage(form, msg);
      if (bad) markInvalid(bad);
      showError(msg, 'plan');
      setStatus(status, 'failed: see the message above', 'failed');
    } finally {
      go.removeAttribute('disabled');
    }
  });
  return mountMriPlanner(el);
}
