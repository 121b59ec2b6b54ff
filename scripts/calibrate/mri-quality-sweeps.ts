/**
 * Runs (or resumes) the two structured image-quality sweeps the MRI quality predictor is calibrated
 * and checked on (src/apps/mri/node/calibration-set.ts: calibration and held-back images, none a
 * reference the predictor is judged on), and writes every result to
 * scripts/calibrate/mri-quality-results.json (committed, so the fit in ./mri-predict-fit.ts can be
 * re-run without the sweeps). Sweeps: Poisson disc and variable density, R = 2 .. 12, two seeded
 * trials per cell (mask seed and random circular shift), l1-wavelet with the MRI defaults.
 *
 *     node --import tsx scripts/calibrate/mri-quality-sweeps.ts [--store calibration.db] [--workers 2]
 */
import { writeFileSync } from 'node:fs';
import { predictorImages } from '../../src/apps/mri/node/calibration-set.ts';
import { runQualitySweep } from '../../src/apps/mri/node/quality-sweep.ts';
import { qualitySweepSpec } from '../../src/apps/mri/quality-sweep.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const store = arg('--store', 'mri-quality.db');
const workers = Number(arg('--workers', '2'));
const { calibration, heldBack } = predictorImages('../shared/data');
const opts = { masks: ['poisson-disc', 'variable-density'] as const, accelerations: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], repeats: 2, seed: 0, shift: true };
const out: Record<string, unknown> = {};
for (const [name, images] of [['calibration', calibration], ['held-back', heldBack]] as const) {
  const spec = qualitySweepSpec(images, { ...opts, masks: [...opts.masks] }, `mri predictor ${name}`);
  const t0 = Date.now();
  const r = await runQualitySweep(spec, {
    store,
    workers,
    onProgress: (p) => process.stderr.write(`\r${name}: ${p.done}/${p.total} (${p.rate.toFixed(2)}/s, eta ${Math.round(p.eta)} s)   `),
  });
  process.stderr.write(`\n${name}: ${r.ran} ran in ${((Date.now() - t0) / 1000).toFixed(0)} s, complete ${r.complete}\n`);
  if (!r.results) throw new Error(`${name}: incomplete`);
  out[name] = {
    sweep: r.sweep.id,
    specHash: r.sweep.specHash,
    codeVersion: r.sweep.codeVersion,
    images: r.spec.images.map((im) => ({ id: im.id, ny: im.ny, nx: im.nx })),
    options: { ...opts, recon: 'l1-wavelet, MRI_RECON_DEFAULTS' },
    results: r.results.map(({ seconds: _s, ...x }) => x),
  };
}
writeFileSync(new URL('./mri-quality-results.json', import.meta.url), `${JSON.stringify(out)}\n`);
console.log('wrote scripts/calibrate/mri-quality-results.json');
