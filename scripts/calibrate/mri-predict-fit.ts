/**
 * Fits the MRI quality predictor (src/apps/mri/predict/model.ts, the levels budget model) per mask
 * family on the calibration images of scripts/calibrate/mri-quality-results.json (written by
 * ./mri-quality-sweeps.ts) and checks it on the held-back images, then writes
 * src/apps/mri/predict/calibration.ts (the constants, what they were fitted on, and the held-back
 * error).
 *
 * Fit: a grid over (c, gamma, alpha) (alpha: the image-class exponent, c kappa^-alpha); the loss counts the (image, target) pairs whose predicted largest R
 * (SSIM >= 0.95 and scaled NRMSE <= 0.1, R = 2 .. 12, every smaller R meeting it too, as the scan's
 * rule) is off the sweep's by more than 1, plus the RMS SSIM error as the tie-break. The measured
 * R* of a sweep cell requires every trial (two seeded masks with random circular shifts) to meet
 * the target.
 *
 *     node --import tsx scripts/calibrate/mri-predict-fit.ts [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { predictorImages } from '../../src/apps/mri/node/calibration-set.ts';
import { familyFractions } from '../../src/apps/mri/predict/density.ts';
import { predictQuality, type QualityContext, qualityContext } from '../../src/apps/mri/predict/model.ts';
import type { SweepImage } from '../../src/apps/mri/quality-sweep.ts';

type Family = 'poisson-disc' | 'variable-density';
interface Row {
  image: string;
  mask: string;
  target: number;
  ssim: number;
  nrmse: number;
}
const RS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const CS = [0.75, 1, 1.5, 2, 3];
const GS = [0.25, 0.5];
const AS = [0, 0.5, 1];
const TARGETS = [
  { metric: 'ssim' as const, value: 0.95 },
  { metric: 'nrmse' as const, value: 0.1 },
];
const data = JSON.parse(readFileSync(new URL('./mri-quality-results.json', import.meta.url), 'utf8'));
const sets = predictorImages('../shared/data');

const meets = (metric: 'ssim' | 'nrmse', value: number, q: number) => (metric === 'ssim' ? q >= value : q <= value);
/** Largest R of RS with every R' <= R meeting the target (1 when R = 2 fails). */
function rStar(ok: (i: number) => boolean): number {
  let best = 1;
  for (let i = 0; i < RS.length && ok(i); i++) best = RS[i];
  return best;
}

interface Evaluation {
  off: number;
  pairs: number;
  rmsSsim: number;
  rmsNrmse: number;
  maxOff: number;
  lines: string[];
}

function evaluate(images: SweepImage[], results: Row[], contexts: QualityContext[], fam: Family, c: number, gamma: number, alpha: number): Evaluation {
  let off = 0;
  let pairs = 0;
  let se = 0;
  let ne = 0;
  let cnt = 0;
  let maxOff = 0;
  const lines: string[] = [];
  images.forEach((im, k) => {
    const ctx = contexts[k];
    const meas = RS.map((R) => results.filter((r) => r.image.startsWith(`${im.id} sha256:`) && r.mask === fam && r.target === R));
    const pred = RS.map((R) => predictQuality(ctx, familyFractions(fam, im.ny, im.nx, R, ctx.bands, { calib: ctx.calib }), { c, gamma, alpha }));
    for (let i = 0; i < RS.length; i++) {
      const ms = meas[i].reduce((a, r) => a + r.ssim, 0) / meas[i].length;
      const mn = meas[i].reduce((a, r) => a + r.nrmse, 0) / meas[i].length;
      se += (pred[i].ssim - ms) ** 2;
      ne += (Math.min(pred[i].nrmse, 0.5) - Math.min(mn, 0.5)) ** 2;
      cnt++;
    }
    for (const t of TARGETS) {
      const p = rStar((i) => meets(t.metric, t.value, pred[i][t.metric]));
      const m = rStar((i) => meas[i].every((r) => meets(t.metric, t.value, r[t.metric])));
      const d = Math.abs(p - m);
      pairs++;
      if (d > 1) off++;
      maxOff = Math.max(maxOff, d);
      lines.push(`${im.id} | ${t.metric} ${t.value} | predicted ${p} | swept ${m}`);
    }
  });
  return { off, pairs, rmsSsim: Math.sqrt(se / cnt), rmsNrmse: Math.sqrt(ne / cnt), maxOff, lines };
}

const out: Record<string, unknown> = {};
const calCtx = sets.calibration.map((im) => qualityContext(im.data, im.ny, im.nx));
const heldCtx = sets.heldBack.map((im) => qualityContext(im.data, im.ny, im.nx));
for (const fam of ['poisson-disc', 'variable-density'] as Family[]) {
  let best: { c: number; gamma: number; alpha: number; e: Evaluation } | null = null;
  for (const alpha of AS) {
    for (const c of CS) {
      for (const gamma of GS) {
        const e = evaluate(sets.calibration, data.calibration.results, calCtx, fam, c, gamma, alpha);
        process.stderr.write(`${fam} c ${c} gamma ${gamma} alpha ${alpha}: off ${e.off}/${e.pairs}, RMS SSIM ${e.rmsSsim.toFixed(3)}\n`);
        if (!best || e.off < best.e.off || (e.off === best.e.off && e.rmsSsim < best.e.rmsSsim)) best = { c, gamma, alpha, e };
      }
    }
  }
  if (!best) throw new Error('no fit');
  const held = evaluate(sets.heldBack, data['held-back'].results, heldCtx, fam, best.c, best.gamma, best.alpha);
  console.log(`${fam}: c ${best.c} gamma ${best.gamma} alpha ${best.alpha}; calibration off>1 ${best.e.off}/${best.e.pairs} RMS SSIM ${best.e.rmsSsim.toFixed(3)}; held back off>1 ${held.off}/${held.pairs} (max ${held.maxOff}) RMS SSIM ${held.rmsSsim.toFixed(3)} RMS NRMSE ${held.rmsNrmse.toFixed(3)}`);
  for (const l of held.lines) console.log(`  held back: ${l}`);
  out[fam] = {
    c: best.c,
    gamma: best.gamma,
    alpha: best.alpha,
    calibration: { offByMoreThanOne: best.e.off, pairs: best.e.pairs, rmsSsim: round(best.e.rmsSsim), rmsNrmse: round(best.e.rmsNrmse), maxOff: best.e.maxOff },
    heldBack: { offByMoreThanOne: held.off, pairs: held.pairs, rmsSsim: round(held.rmsSsim), rmsNrmse: round(held.rmsNrmse), maxOff: held.maxOff },
  };
}
function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

if (process.argv.includes('--write')) {
  const sizes = [...sets.calibration, ...sets.heldBack].map((im) => im.ny * im.nx);
  const kappas = calCtx.map((c) => c.kappa);
  const text = `/**
 * The calibrated constants of the MRI quality predictor (./model.ts), per mask family. GENERATED by
 * scripts/calibrate/mri-predict-fit.ts from scripts/calibrate/mri-quality-results.json (structured
 * quality sweeps: l1-wavelet with the MRI defaults, R = 2 .. 12, two seeded masks with random
 * circular shifts per cell); do not edit by hand.
 *
 * Calibrated on: ${sets.calibration.map((im) => im.id).join('; ')}.
 * Held back: ${sets.heldBack.map((im) => im.id).join('; ')}.
 * None of them is a reference the predictor is judged on (Shepp-Logan phantom, EPI slice 12, the DICOM image).
 */
import type { QualityModelParams } from './model.ts';

export interface FamilyCalibration extends QualityModelParams {
  /** (image, target) pairs (SSIM >= 0.95 and NRMSE <= 0.1) whose predicted R* is off the swept one by more than 1, RMS errors of the predicted SSIM and scaled NRMSE (capped at 0.5) over every (image, R). */
  calibration: { offByMoreThanOne: number; pairs: number; rmsSsim: number; rmsNrmse: number; maxOff: number };
  heldBack: { offByMoreThanOne: number; pairs: number; rmsSsim: number; rmsNrmse: number; maxOff: number };
}

export const MRI_PREDICTOR_CALIBRATION: Readonly<Record<'poisson-disc' | 'variable-density', FamilyCalibration>> = Object.freeze(${JSON.stringify(out, null, 2)});

/** The domain the constants were fitted on: image sizes (pixels), accelerations, reconstruction. */
export const MRI_PREDICTOR_DOMAIN = Object.freeze({
  minPixels: ${Math.min(...sizes)},
  maxPixels: ${Math.max(...sizes)},
  /** Image class kappa (./model.ts) of the calibration images: a reference outside [minKappa, maxKappa] (their range widened by 10%) is outside the calibration. */
  minKappa: ${round(Math.min(...kappas) / 1.1)},
  maxKappa: ${round(Math.max(...kappas) * 1.1)},
  /** Largest effective share of nonzeros of the calibration images' wavelet details (widened by 10%): above it (noise-like images) is outside. */
  maxDetailShare: ${round(Math.max(...calCtx.map((c) => c.detailShare)) * 1.1)},
  accelerations: Object.freeze([${RS.join(', ')}]),
  recon: 'l1-wavelet with the MRI defaults (haar, default levels and lambda, no noise)',
  provenance: 'empirical, structured, calibrated on ${sets.calibration.length} images (random head phantoms, EPI slices of another volume than the reference, a solar image) with Poisson-disc and variable-density masks, checked on ${sets.heldBack.length} held-back images',
});
`;
  writeFileSync(new URL('../../src/apps/mri/predict/calibration.ts', import.meta.url), text);
  console.log('wrote src/apps/mri/predict/calibration.ts');
}
