/**
 * The MRI lab's acceleration plan view: quality against R with a legend (each mask a point, the
 * mean a line, the target a dashed rule, the recommended R a vertical rule; Vega-Lite), the table
 * of ../../apps/mri/plan-acceleration.ts's rows, the recommendation and the paragraph; the chart
 * and the table download as PNG / SVG / CSV.
 */
import type { AccelerationPlan } from '../../apps/mri/index.ts';
import { chart } from '../charts.ts';
import { csvText, downloadButtons, type FigureSources, tableCsv } from '../export.ts';
import { h } from '../ui.ts';

/** SSIM against R (legend: mean, each mask, target, recommended R), the table and the paragraph. */
export async function showPlan(card: HTMLElement, p: AccelerationPlan): Promise<Record<string, FigureSources>> {
  const chartBox = h('div', { id: 'mri-plan-chart' });
  const head = h('tr', {}, ...['R', 'actual', 'mean SSIM', 'mean NRMSE', 'zero-filled SSIM', 'PSF side lobe', 'TPSF side lobe', 'passed'].map((t) => h('th', {}, t)));
  const f3 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
  const rows = p.rows.map((r) =>
    h(
      'tr',
      {},
      h('td', {}, String(r.target)),
      h('td', {}, r.acceleration.toFixed(2)),
      h('td', {}, r.ssim.toFixed(4)),
      h('td', {}, r.nrmse.toFixed(4)),
      h('td', {}, r.zeroFilledSsim.toFixed(4)),
      h('td', {}, f3(r.psfSideLobe)),
      h('td', {}, p.method === 'tv' ? 'n/a (TV)' : f3(r.tpsfSideLobe)),
      h('td', {}, `${r.passed}/${p.repeats}`),
    ),
  );
  const table = h('table', { class: 'metrics', id: 'mri-plan-table' }, head, ...rows);
  const verdict = p.recommended === null ? 'no scanned acceleration met the target' : `recommended: R <= ${p.recommended}${p.atEdge ? ' (the largest scanned)' : ''}`;
  const figures: Record<string, FigureSources> = { 'mri-plan-table': { csv: () => tableCsv(table) } };
  card.replaceChildren(
    h('h3', {}, 'Acceleration plan'),
    chartBox,
    h('div', { class: 'table-wrap' }, table),
    downloadButtons('mri-plan-table', figures['mri-plan-table'], 'the plan table'),
    h('p', { id: 'mri-plan-verdict' }, verdict),
    h('p', {}, p.paragraph),
  );
  const label = p.metric === 'ssim' ? 'SSIM' : 'scaled NRMSE';
  const S = { mean: `mean ${label}`, mask: 'each mask', target: `target ${label} ${p.target}`, rec: p.recommended === null ? 'no recommended R' : `recommended R <= ${p.recommended}` };
  const points = p.rows.flatMap((r) => r.quality.map((q, s) => ({ R: r.acceleration, quality: q, mask: `mask ${s + 1}`, series: S.mask })));
  const means = p.rows.map((r) => ({ R: r.acceleration, quality: p.metric === 'ssim' ? r.ssim : r.nrmse, series: S.mean }));
  const recRow = p.rows.find((r) => r.target === p.recommended);
  const domain = [S.mean, S.mask, S.target, ...(recRow ? [S.rec] : [])];
  const colours = ['#2f6fde', '#7a869a', '#b3261e', '#1b7837'].slice(0, domain.length);
  const x = { field: 'R', type: 'quantitative', title: 'acceleration R (actual)' };
  // legend symbols drawn as the marks they name: the target a dashed horizontal line, the
  // recommended R a vertical line (the mean and the masks keep their points)
  const is = (s: string) => `datum.value === ${JSON.stringify(s)}`;
  const symbols = {
    shape: { signal: `${is(S.target)} ? 'stroke' : ${is(S.rec)} ? 'M0,-1L0,1' : 'circle'` },
    stroke: { scale: 'color', field: 'value' },
    strokeWidth: { signal: `${is(S.target)} || ${is(S.rec)} ? 2 : 1.5` },
    strokeDash: { signal: `${is(S.target)} ? [4, 2] : [1, 0]` },
  };
  figures['mri-plan-chart'] = await chart(
    chartBox,
    {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: `${label} against acceleration (${p.mask}, ${p.method})`, subtitle: verdict },
      width: 420,
      height: 220,
      encoding: { color: { field: 'series', type: 'nominal', title: null, scale: { domain, range: colours }, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 360, encode: { symbols: { update: symbols } } } } },
      layer: [
        { data: { values: means }, mark: { type: 'line', point: true }, encoding: { x, y: { field: 'quality', type: 'quantitative', title: label, scale: { zero: false } } } },
        { data: { values: points }, mark: { type: 'point', opacity: 0.6 }, encoding: { x, y: { field: 'quality', type: 'quantitative' }, tooltip: [{ field: 'mask' }, { field: 'R', format: '.2f' }, { field: 'quality', format: '.4f' }] } },
        { data: { values: [{ t: p.target, series: S.target }] }, mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { y: { field: 't', type: 'quantitative' } } },
        ...(recRow ? [{ data: { values: [{ R: recRow.acceleration, series: S.rec }] }, mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'R', type: 'quantitative' } } }] : []),
      ],
    },
    {
      name: 'mri-plan-chart',
      description: `Acceleration plan chart: ${label} of each mask (points) and their mean (line) against the actual acceleration R, the target ${p.target} (dashed) and ${recRow ? `the recommended R <= ${p.recommended} (vertical rule)` : 'no recommended R'}`,
      csv: () => csvText(['series', 'R', 'quality', 'mask'], [...means.map((m) => [m.series, m.R, m.quality, null]), ...points.map((q) => [q.series, q.R, q.quality, q.mask])]),
    },
  );
  return figures;
}
