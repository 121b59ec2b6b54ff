/**
 * `candor mri plan --predict` (and `--verify`): the prediction of the largest acceleration without
 * reconstructing (../../apps/mri/predict/predict-acceleration.ts), printed as a table with its
 * provenance, stated error and the rigorous sufficient condition beside it; with --verify, next to
 * the retrospective scan's recommendation.
 */
import type { AccelerationPlan } from '../../apps/mri/plan-acceleration.ts';
import type { AccelerationPrediction } from '../../apps/mri/predict/predict-acceleration.ts';

export function printPrediction(p: AccelerationPrediction, image: string): void {
  const q = p.metric === 'ssim' ? 'SSIM' : 'NRMSE(s)';
  console.log(`${p.ny}x${p.nx} ${image}: predicted without reconstructing, ${p.mask} masks, target ${q} ${p.metric === 'ssim' ? '>=' : '<='} ${p.target}`);
  console.log('     R  predicted SSIM  predicted NRMSE(s)  meets');
  for (const r of p.rows) console.log(`${String(r.R).padStart(6)}  ${r.ssim.toFixed(4).padStart(14)}  ${r.nrmse.toFixed(4).padStart(18)}  ${r.meets ? 'yes' : 'no'}`);
  if (p.evaluated < p.accelerations.length) console.log(`  (${p.evaluated} of the ${p.accelerations.length} listed R evaluated: the bisection over the list needs no more, the predicted quality falling with R)`);
  console.log(`predicted: ${p.recommended === null ? 'none of the listed accelerations' : `R <= ${p.recommended}`}${p.confident ? '' : ' (outside the calibration: see below)'}`);
  for (const o of p.outside) console.log(`  does not know: ${o}`);
  console.log(`error: ${p.error}`);
  console.log(`provenance: ${p.provenance}`);
  if (p.bound) {
    const b = p.bound;
    console.log(
      `rigorous bound at R = ${b.R} (Adcock-Hansen-Poon-Roman, C = 1): ${b.satisfied ? 'met' : `not met (worst band has ${Number.isFinite(b.worstRatio) ? b.worstRatio.toFixed(3) : 'n/a'} of the samples it asks for)`}; sufficient only`,
    );
  }
  console.log(`prediction time: ${(p.seconds * 1000).toFixed(0)} ms`);
}

/** The prediction against the scan: the difference of the recommendations. */
export function verifyLine(p: AccelerationPrediction, plan: AccelerationPlan): string {
  if (p.recommended === null || plan.recommended === null) return `check: predicted ${p.recommended ?? 'none'}, scan ${plan.recommended ?? 'none'}`;
  const i = plan.rows.findIndex((r) => r.target === plan.recommended);
  const j = plan.rows.findIndex((r) => r.target === p.recommended);
  const steps = i >= 0 && j >= 0 ? Math.abs(i - j) : null;
  const d = Math.abs(p.recommended - plan.recommended);
  return `check: predicted R <= ${p.recommended}, scan R <= ${plan.recommended}: ${d <= 1 ? 'within 1' : `off by ${d}`}${steps === null ? '' : ` (${steps} step(s) of the list)`}`;
}
