/**
 * The structured decimation sweeps the seismic plan's predictor is calibrated on: for every
 * reference of ./seismic-plan-set.ts, both plan patterns (random, jitter), kept fractions
 * 0.8 .. 0.2 and three seeded patterns each, the decimation scan's tasks
 * (src/apps/seismic/plan/scan.ts: decimate, POCS with its defaults, SNR over the missing traces),
 * written to scripts/calibrate/seismic-plan-results.json with each cell's SNR per seed.
 *
 *     nice -n 10 node --import tsx scripts/calibrate/seismic-plan-sweeps.ts
 */
import { writeFileSync } from 'node:fs';
import { decimationScanSpec, PLAN_PATTERNS, runDecimationTask, SEISMIC_PLAN_DEFAULTS } from '../../src/apps/seismic/plan/scan.ts';
import { planReferences } from './seismic-plan-set.ts';

const rows: { reference: string; set: string; pattern: string; keep: number; snr: number[]; snrLinear: number[] }[] = [];
const t0 = performance.now();
for (const ref of planReferences()) {
  const all = [Int32Array.from({ length: ref.gather.ntraces }, (_, i) => i)];
  for (const pattern of PLAN_PATTERNS) {
    const spec = decimationScanSpec(ref.gather, all, { pattern, keeps: SEISMIC_PLAN_DEFAULTS.keeps, repeats: 3 });
    spec.keeps.forEach((keep, c) => {
      const rs = [0, 1, 2].map((t) => runDecimationTask(spec, c, t));
      const db = (s: number, e: number) => Number((10 * Math.log10(s / e)).toFixed(3));
      rows.push({ reference: ref.name, set: ref.set, pattern, keep, snr: rs.map((r) => db(r.signal, r.error)), snrLinear: rs.map((r) => db(r.signal, r.errorLinear)) });
    });
    process.stderr.write(`${ref.name} ${pattern}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
}
writeFileSync(new URL('./seismic-plan-results.json', import.meta.url), `${JSON.stringify({ method: 'pocs (defaults)', repeats: 3, rows }, null, 1)}\n`);
