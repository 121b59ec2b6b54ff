/**
 * The MRI lab's acceleration plan view: quality against R (each mask a point, the mean a line, the
 * target a dashed rule; Vega-Lite), the table of ../../apps/mri/plan-acceleration.ts's rows, the
 * recommendation and the paragraph.
 */
import embed from 'vega-embed';
import type { AccelerationPlan } from '../../apps/mri/index.ts';
import { h } from '../ui.ts';

/** SSIM against R (each mask a point, the mean a line, the target a rule), the table and the paragraph. */
export async function showPlan(card: HTMLElement, p: AccelerationPlan): Promise<void> {
  const chart = h('div', { id: 'mri-plan-chart' });
  const head = h('tr', {}, ...['R', 'actual', 'mean SSIM', 'mean NRMSE', 'zero-filled SSIM', 'TPSF side lobe', 'passed'].map((t) => h('th', {}, t)));
  const rows = p.rows.map((r) =>
    h(
      'tr',
      {},
      h('td', {}, String(r.target)),
      h('td', {}, r.acceleration.toFixed(2)),
      h('td', {}, r.ssim.toFixed(4)),
      h('td', {}, r.nrmse.toFixed(4)),
      h('td', {}, r.zeroFilledSsim.toFixed(4)),
      h('td', {}, r.tpsfSideLobe === null ? 'n/a' : r.tpsfSideLobe.toFixed(3)),
      h('td', {}, `${r.passed}/${p.repeats}`),
    ),
  );
  const verdict = p.recommended === null ? 'no scanned acceleration met the target' : `recommended: R <= ${p.recommended}${p.atEdge ? ' (the largest scanned)' : ''}`;
  card.replaceChildren(h('h3', {}, 'Acceleration plan'), chart, h('table', { class: 'metrics', id: 'mri-plan-table' }, head, ...rows), h('p', { id: 'mri-plan-verdict' }, verdict), h('p', {}, p.paragraph));
  const points = p.rows.flatMap((r) => r.quality.map((q, s) => ({ R: r.acceleration, quality: q, mask: `seed ${s}` })));
  const means = p.rows.map((r) => ({ R: r.acceleration, quality: p.metric === 'ssim' ? r.ssim : r.nrmse }));
  const label = p.metric === 'ssim' ? 'SSIM' : 'scaled NRMSE';
  await embed(
    chart,
    {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 420,
      height: 220,
      layer: [
        { data: { values: means }, mark: { type: 'line', point: true }, encoding: { x: { field: 'R', type: 'quantitative', title: 'acceleration R' }, y: { field: 'quality', type: 'quantitative', title: label, scale: { zero: false } } } },
        { data: { values: points }, mark: { type: 'point', opacity: 0.5 }, encoding: { x: { field: 'R', type: 'quantitative' }, y: { field: 'quality', type: 'quantitative' } } },
        { data: { values: [{ t: p.target }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'firebrick' }, encoding: { y: { field: 't', type: 'quantitative' } } },
      ],
    } as never,
    { actions: false, renderer: 'svg' },
  );
}
