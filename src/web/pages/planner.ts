/**
 * Planner page: n, k, ensemble, target -> minimum m with its provenance (the server's `plan`,
 * which also sees the stored empirical curves), drawn on the theoretical phase-transition curve.
 */
import { ENSEMBLE_NAMES } from '../../linops/catalogue.ts';
import embed from 'vega-embed';
import type { PlanResult } from '../../predict/plan.ts';
import { api, errorMessage, field, h, numberInput, select, showError } from '../ui.ts';

const ENSEMBLES = ENSEMBLE_NAMES;

export function mount(el: HTMLElement): void {
  const n = numberInput('n', 1000, { min: '2' });
  const k = numberInput('k', 50, { min: '1' });
  const ensemble = select('ensemble', ENSEMBLES, 'gaussian');
  const signal = select('signal', ['signed', 'nonneg'], 'signed');
  const target = numberInput('target', 0.95, { step: '0.01', min: '0.01', max: '0.99' });
  const go = h('button', { type: 'submit', id: 'plan-go' }, 'Plan');
  const form = h('form', { class: 'controls', id: 'plan-form' }, field('n (unknowns)', n), field('k (nonzeros)', k), field('ensemble', ensemble), field('signal', signal), field('target success', target), go);
  const result = h('div', { class: 'card', id: 'plan-result' }, 'Enter a problem size and press Plan.');
  const chart = h('div', { class: 'card', id: 'plan-chart' });
  el.append(h('h2', {}, 'Planner: how many measurements?'), form, h('div', { class: 'row' }, result, chart));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    showError(null);
    go.setAttribute('disabled', '');
    try {
      const body = { n: Number(n.value), k: Number(k.value), ensemble: ensemble.value, signal: signal.value, target: Number(target.value) };
      const r = await api<{ plan: PlanResult; curve: { delta: number; rho: number }[] }>('/api/plan', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const p = r.plan;
      result.replaceChildren(
        h('div', { class: 'big', id: 'plan-m' }, `m = ${p.m}`),
        h('div', { id: 'plan-provenance' }, `provenance: ${p.provenance}`),
        h(
          'table',
          { class: 'metrics' },
          h('tr', {}, h('th', {}, 'estimate'), h('th', {}, 'm'), h('th', {}, 'probability')),
          h('tr', {}, h('td', {}, 'asymptotic (statistical dimension)'), h('td', {}, String(p.asymptotic.m)), h('td', {}, p.asymptotic.probability.toFixed(3))),
          ...(p.rigorous
            ? [
                p.rigorous.certified === false
                  ? h('tr', {}, h('td', {}, 'rigorous (ALMT, Gaussian)'), h('td', {}, 'none below n'), h('td', {}, `ALMT bound at n: ${p.rigorous.almtBound.toFixed(2)} (m = n trivial)`))
                  : h('tr', {}, h('td', {}, 'rigorous (ALMT, Gaussian)'), h('td', {}, String(p.rigorous.m)), h('td', {}, `>= ${p.rigorous.probability.toFixed(3)}`)),
              ]
            : []),
          ...(p.empirical ? [h('tr', {}, h('td', {}, 'empirical (stored sweeps)'), h('td', {}, String(p.empirical.m)), h('td', {}, p.empirical.probability.toFixed(3)))] : []),
        ),
        ...p.notes.map((t) => h('p', { class: 'status' }, t)),
        ...p.warnings.map((t) => h('p', { class: 'status' }, `warning: ${t}`)),
      );
      await embed(
        chart,
        {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title: 'Weak threshold and this plan',
          width: 380,
          height: 300,
          layer: [
            { data: { values: r.curve }, mark: { type: 'line', color: '#2f6fde' }, encoding: { x: { field: 'delta', type: 'quantitative', title: 'delta = m/n' }, y: { field: 'rho', type: 'quantitative', title: 'rho = k/m' } } },
            { data: { values: [{ delta: p.m / p.n, rho: p.k / p.m }] }, mark: { type: 'point', filled: true, size: 90, color: '#e4572e' }, encoding: { x: { field: 'delta', type: 'quantitative' }, y: { field: 'rho', type: 'quantitative' } } },
          ],
        },
        { actions: false, renderer: 'svg' },
      );
    } catch (e) {
      showError(errorMessage(e));
    } finally {
      go.removeAttribute('disabled');
    }
  });
}
