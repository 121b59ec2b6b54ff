/**
 * The structured sweeps of the radio plan's predictor (src/apps/radio/plan.ts): skies observed
 * with fractions of the real EHT 2017 M87 tracks (64 x 64 at 2 uas), imaged by CS with the defaults
 * (src/apps/radio/plan-verify.ts, noise of the weights, seed 0), scored as the imaging study
 * scores. Calibration skies: rings of 30 and 50 uas, core + jet at PA 20 and -150 deg (length a
 * quarter of the field); held back: the study's 40 uas ring and core + jet (default PA -70 deg),
 * and a 35 uas ring of 1 Jy. Writes scripts/calibrate/radio-plan-results.json.
 *
 *     nice -n 10 node --import tsx scripts/calibrate/radio-plan-sweeps.ts
 */
import { writeFileSync } from 'node:fs';
import { parseAngle } from '../../src/apps/radio/angles.ts';
import { readUvfitsFile } from '../../src/apps/radio/node/files.ts';
import { verifyRadioPlan } from '../../src/apps/radio/plan-verify.ts';
import { planSkies } from './radio-plan-set.ts';
import { visibilitiesFromUvfits } from '../../src/apps/radio/visibilities.ts';

const EHT = '../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits';
const FRACTIONS = [0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1];
const vs = visibilitiesFromUvfits(readUvfitsFile(EHT), { name: EHT });
const cell = parseAngle('2uas');
const rows: { sky: string; set: string; fraction: number; nrmse: number }[] = [];
const t0 = performance.now();
for (const s of planSkies(cell)) {
  const v = verifyRadioPlan(vs, 64, cell, s.sky, FRACTIONS, { targetNrmse: 0.3 });
  for (const r of v.rows) rows.push({ sky: s.name, set: s.set, fraction: r.fraction, nrmse: Number(r.nrmse.toFixed(4)) });
  process.stderr.write(`${s.name}: ${v.rows.map((r) => r.nrmse.toFixed(3)).join(' ')} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
}
writeFileSync(new URL('./radio-plan-results.json', import.meta.url), `${JSON.stringify({ coverage: 'EHT 2017 M87 day 95', size: 64, cell: '2uas', fractions: FRACTIONS, rows }, null, 1)}\n`);
