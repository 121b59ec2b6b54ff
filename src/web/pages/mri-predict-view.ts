/**
 * The predicted acceleration (../../apps/mri/predict/predict-acceleration.ts, as `candor mri plan
 * --predict`) shown next to the retrospective scan: the recommendation with its confidence, what
 * the prediction does not know ("outside the calibration"), the rows it evaluated, its stated
 * error and provenance, the rigorous sufficient condition beside it, and, once the scan is done,
 * the check line (as `--verify` prints it). Used by the MRI lab and the planner page.
 */
import type { AccelerationPlan, AccelerationPrediction } from '../../apps/mri/index.ts';
import { downloadButtons, type FigureSources, tableCsv } from '../export.ts';
import { h } from '../ui.ts';

/** The verdict line of a prediction: "predicted: R <= a", or none, with "(outside the calibration)" when not confident. */
export function predictionVerdict(p: AccelerationPrediction): string {
  const r = p.recommended === null ? 'none of the listed accelerations' : `R <= ${p.recommended}`;
  return `predicted without reconstructing: ${r}${p.confident ? '' : ' (outside the calibration)'}`;
}

/** The check against the scan (as `candor mri plan --predict --verify`). */
export function predictionCheck(p: AccelerationPrediction, plan: AccelerationPlan): string {
  if (p.recommended === null || plan.recommended === null) return `check: predicted ${p.recommended ?? 'none'}, scan ${plan.recommended ?? 'none'}`;
  const d = Math.abs(p.recommended - plan.recommended);
  return `check: predicted R <= ${p.recommended}, scan R <= ${plan.recommended}: ${d <= 1 ? 'within 1' : `off by ${d}`}`;
}

/**
 * Fills `card` (id prefix `prefix`) with the prediction, or with why there is none (`reason`: a
 * family without a calibration). Returns the card's figures (the rows as CSV).
 */
export function showPrediction(card: HTMLElement, prefix: string, p: AccelerationPrediction | null, reason = ''): Record<string, FigureSources> {
  if (!p) {
    card.replaceChildren(h('h3', {}, 'Predicted acceleration'), h('p', { id: `${prefix}-verdict` }, `no prediction: ${reason}`));
    return {};
  }
  const label = p.metric === 'ssim' ? `SSIM >= ${p.target}` : `scaled NRMSE <= ${p.target}`;
  const head = h('tr', {}, ...['R', 'predicted SSIM', 'predicted NRMSE', 'meets'].map((t) => h('th', {}, t)));
  const rows = p.rows.map((r) => h('tr', {}, h('td', {}, String(r.R)), h('td', {}, r.ssim.toFixed(4)), h('td', {}, r.nrmse.toFixed(4)), h('td', {}, r.meets ? 'yes' : 'no')));
  const table = h('table', { class: 'metrics', id: `${prefix}-table` }, head, ...rows);
  const figures: Record<string, FigureSources> = { [`${prefix}-table`]: { csv: () => tableCsv(table) } };
  const b = p.bound;
  card.replaceChildren(
    h('h3', {}, `Predicted acceleration (${p.mask}, ${label})`),
    h('p', { id: `${prefix}-verdict`, 'data-confident': String(p.confident) }, h('strong', {}, predictionVerdict(p))),
    ...(p.outside.length ? [h('ul', { id: `${prefix}-outside` }, ...p.outside.map((o) => h('li', {}, `outside the calibration: ${o}`)))] : []),
    h('div', { class: 'table-wrap' }, table),
    downloadButtons(`${prefix}-table`, figures[`${prefix}-table`], 'the predicted rows'),
    h('p', { class: 'status' }, `${p.evaluated} of the ${p.accelerations.length} listed R evaluated (bisection: the predicted quality falls with R); ${(1000 * p.seconds).toFixed(0)} ms, no reconstruction`),
    h('p', { id: `${prefix}-provenance` }, `provenance: ${p.provenance}`),
    h('p', { id: `${prefix}-error` }, `stated error: ${p.error}`),
    ...(b ? [h('p', {}, `rigorous bound at R = ${b.R} (Adcock-Hansen-Poon-Roman, C = 1): ${b.satisfied ? 'met' : `not met (the worst band has ${Number.isFinite(b.worstRatio) ? b.worstRatio.toFixed(3) : 'n/a'} of the samples it asks for)`}; sufficient only`)] : []),
    h('p', { id: `${prefix}-check` }, 'the retrospective scan is the check: run it to compare'),
  );
  return figures;
}
