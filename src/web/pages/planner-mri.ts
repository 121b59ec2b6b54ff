/**
 * The planner page's MRI section: how far can a Cartesian acquisition of the phantom be
 * accelerated? "Predict R" gives the calibrated prediction without reconstructing
 * (`predictAcceleration`, as `candor mri plan --predict`) with its provenance, stated error and
 * what lies outside its calibration; "Predict and scan" runs the retrospective scan after it (as
 * `--verify`, in a worker) and shows the scan's recommendation and the check next to it. The
 * shown command is the equivalent `candor mri plan --predict [--verify]`.
 */
import { type AccelerationPlan, type AccelerationPrediction, MASK_KINDS, MRI_RECON_DEFAULTS, PLAN_ACCELERATION_DEFAULTS, sheppLogan } from '../../apps/mri/index.ts';
import { numberField, readNumber } from '../fields.ts';
import { WorkerJob } from '../job.ts';
import { errorMessage, field, h, select, setStatus, showError, statusLine } from '../ui.ts';
import { predictionCheck, showPrediction } from './mri-predict-view.ts';

const TARGET = { label: 'MRI: target', min: 0, max: 10, openMin: true, step: '0.01' };

/** Appends the MRI section to the planner page; returns its clean-up. */
export function mountMriPlanner(el: HTMLElement): () => void {
  const size = select('mriSize', ['64', '128', '256'], '128');
  const mask = select('mriMask', MASK_KINDS, 'poisson-disc');
  const metric = select('mriMetric', ['ssim', 'nrmse'], 'ssim');
  const target = numberField('mriTarget', PLAN_ACCELERATION_DEFAULTS.target.ssim, TARGET);
  const predict = h('button', { type: 'submit', id: 'plan-mri-predict' }, 'Predict R');
  const verify = h('button', { type: 'button', id: 'plan-mri-verify', class: 'secondary' }, 'Predict and scan');
  const form = h('form', { class: 'controls', id: 'plan-mri-form', novalidate: '' }, field('phantom size', size), field('mask', mask), field('metric', metric), field('target', target), predict, verify);
  const status = statusLine('plan-mri-status', 'MRI: predict the largest acceleration for a target quality, without reconstructing.');
  const command = h('pre', { id: 'plan-mri-command', style: 'white-space: pre-wrap; overflow-wrap: anywhere' });
  const predictCard = h('div', { class: 'card explain', id: 'plan-mri-prediction', style: 'flex: 1 1 300px; max-width: 520px' });
  const scanCard = h('div', { class: 'card explain', id: 'plan-mri-scan', style: 'flex: 1 1 300px; max-width: 520px' });
  el.append(h('h2', {}, 'MRI: how far can it be accelerated?'), form, status, command, h('div', { class: 'row' }, predictCard, scanCard));
  // the default target follows the metric (SSIM 0.95, scaled NRMSE 0.1, the calibrated targets)
  metric.addEventListener('change', () => {
    target.value = metric.value === 'ssim' ? '0.95' : '0.1';
    show();
  });
  const show = () => {
    const t = target.value.trim() || '?';
    command.textContent = `candor mri plan --size ${size.value} --mask ${mask.value} --metric ${metric.value} --target ${t} --predict   # add --verify for the scan`;
  };
  for (const c of [size, mask, target]) c.addEventListener('change', show);
  show();
  let job: WorkerJob | null = null;

  const run = async (scan: boolean) => {
    job?.cancel();
    showError(null);
    predictCard.replaceChildren();
    scanCard.replaceChildren();
    status.dataset.done = '';
    let t: number;
    try {
      t = readNumber(target);
    } catch (e) {
      showError(errorMessage(e), 'plan');
      setStatus(status, 'not predicted: see the message above', 'failed');
      return;
    }
    const n = Number(size.value);
    let prediction: AccelerationPrediction | null = null;
    setStatus(status, 'predicting ...');
    const j = new WorkerJob(() => new Worker(new URL('../workers/mri-plan-worker.ts', import.meta.url), { type: 'module' }), el, {
      what: 'This scan',
      message: (d) => {
        if (d.kind === 'prediction') {
          prediction = d.prediction as AccelerationPrediction | null;
          showPrediction(predictCard, 'plan-mri', prediction, d.reason as string);
          if (scan) {
            scanCard.replaceChildren(h('h3', {}, 'Retrospective scan (the check)'), h('p', { class: 'status' }, 'reconstructing ...'));
            setStatus(status, 'predicted; the retrospective scan runs ...');
          }
        } else if (d.kind === 'progress') {
          setStatus(status, `scan: reconstruction ${d.done} of ${d.total} ...`);
        } else if (d.kind === 'done') {
          const plan = d.plan as AccelerationPlan | null;
          if (plan) {
            const rec = plan.recommended === null ? 'no scanned acceleration met the target' : `R <= ${plan.recommended}${plan.atEdge ? ' (the largest scanned)' : ''}`;
            scanCard.replaceChildren(
              h('h3', {}, 'Retrospective scan (the check)'),
              h('p', { id: 'plan-mri-scan-verdict' }, `scan: ${rec}`),
              h('p', { class: 'status' }, `${plan.rows.length} accelerations x ${plan.repeats} masks reconstructed (l1-wavelet, ${plan.maxIter} iterations)`),
            );
            const check = predictCard.querySelector('#plan-mri-check');
            if (prediction && check) check.textContent = predictionCheck(prediction, plan);
          }
          setStatus(status, plan ? 'predicted and scanned' : prediction ? `predicted in ${(1000 * prediction.seconds).toFixed(0)} ms, no reconstruction` : 'no prediction for this mask family', 'done');
          return 'done';
        }
        return undefined;
      },
    });
    job = j;
    j.start({ image: sheppLogan(n), ny: n, nx: n, mask: mask.value, method: 'l1-wavelet', repeats: PLAN_ACCELERATION_DEFAULTS.repeats, seed: 0, maxIter: MRI_RECON_DEFAULTS.maxIter, target: t, metric: metric.value, scan });
    const how = await j.finished;
    if (job === j) job = null;
    if (how === 'failed') {
      showError(j.error ?? 'failed', 'plan');
      setStatus(status, 'failed: see the message above', 'failed');
    }
    status.dataset.done = how;
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void run(false);
  });
  verify.addEventListener('click', () => void run(true));
  return () => job?.cancel();
}
