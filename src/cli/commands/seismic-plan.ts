/**
 * `candor seismic plan`: the fewest traces (largest decimation factor) for a target SNR of the
 * interpolation, predicted without interpolating from the f-k sparsity in levels of a fully
 * sampled reference (../../apps/seismic/plan/predict-decimation.ts), with its provenance, the
 * held-back error and "does not know" lines; `--verify` runs the retrospective decimation scan
 * (decimate, interpolate, score) as a stored, resumable sweep (../../apps/seismic/node/plan-scan.ts)
 * and compares the recommendations.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { gatherPanels } from '../../apps/seismic/gather.ts';
import { type DecimationScanRun, runDecimationScan } from '../../apps/seismic/node/plan-scan.ts';
import { type DecimationPrediction, predictDecimation } from '../../apps/seismic/plan/predict-decimation.ts';
import { checkFullySampled, type DecimationPlan, decimationScanSpec, PLAN_PATTERNS, type PlanPattern, SEISMIC_PLAN_DEFAULTS } from '../../apps/seismic/plan/scan.ts';
import type { Gather } from '../../apps/seismic/gather.ts';
import { CandorError } from '../../core/errors.ts';
import { ensureDir } from '../../io/node/files.ts';
import { optionsCall, UsageError } from '../errors.ts';
import { choiceOption, distinctNumberListOption, intOption, numberOption } from '../options.ts';
import { makeProgress, runInterruptible } from '../progress.ts';
import { type GatherReadOpts, gatherReadOptions, loadGather } from './seismic-common.ts';
import { noteStoreSweeps } from '../receipts.ts';

interface PlanOpts extends GatherReadOpts {
  data: string;
  targetSnr: number;
  pattern: PlanPattern;
  keeps?: number[];
  repeats: number;
  seed: number;
  panels: 'auto' | 'none';
  verify?: boolean;
  store: string;
  workers?: number;
  json?: boolean;
  out?: string;
  quiet?: boolean;
}

/**
 * --pattern: the names of `candor seismic decimate --pattern` (random, jitter; regular decimation
 * aliases, so it has no plan); 'jittered', the name of earlier releases, is read as jitter.
 */
function patternOption(v: string): PlanPattern {
  if (v === 'jittered') return 'jitter';
  if (!(PLAN_PATTERNS as readonly string[]).includes(v)) throw new UsageError('candor', 'option --pattern', `one of ${PLAN_PATTERNS.join(', ')}`, JSON.stringify(v));
  return v as PlanPattern;
}

/**
 * The reference must be fully sampled, in panels of at least 3 traces (the first and last are
 * always kept): checked here, naming the file and the dead (all-zero) traces, the same for the
 * prediction and for --verify. A decimated section is not a reference: its dead traces would be
 * scored as signal the interpolation must recover.
 */
export function checkPlanReference(file: string, g: Gather, panels: readonly Int32Array[]): void {
  const where = 'candor seismic plan';
  panels.forEach((p, i) => {
    if (p.length < 3) throw new UsageError(where, `--data ${file}`, 'panels of at least 3 traces (the first and last are always kept)', `${p.length} trace${p.length === 1 ? '' : 's'} in panel ${i}${panels.length > 1 ? ' (--panels none plans the whole file as one)' : ''}`);
  });
  optionsCall(() => checkFullySampled(where, g, `--data ${file}`));
}

function printPrediction(p: DecimationPrediction, file: string): void {
  console.log(`${file}: ${p.ntraces} traces x ${p.ns} samples in ${p.panels} panel(s); predicted without interpolating, pattern ${p.pattern}, ${p.method}, target SNR >= ${p.targetSnr} dB`);
  const share = `sampled share${p.recommended === null ? '' : ` at keep ${p.recommended}`}`;
  console.log(`  level              coefficients  energy share  sparsity (99.9%)  ${share}`);
  for (const l of p.levels) {
    console.log(`  ${l.name.padEnd(18)} ${String(l.size).padStart(12)}  ${l.energyShare.toFixed(4).padStart(12)}  ${String(l.sparsity).padStart(16)}  ${(l.sampled === null ? 'n/a' : l.sampled.toFixed(3)).padStart(share.length)}`);
  }
  console.log(`  (sampled share: m / N of the first panel at the recommended kept fraction${p.recommended === null ? ', n/a as none is recommended' : ''}; f-k atoms are flat along x: every level sees the same share, local coherence |band| / N)`);
  console.log('   keep  factor  traces kept  predicted SNR (dB)  meets');
  for (const r of p.rows) console.log(`  ${r.keep.toFixed(2).padStart(5)}  ${r.factor.toFixed(2).padStart(6)}  ${String(r.kept).padStart(11)}  ${r.snr.toFixed(2).padStart(18)}  ${r.meets ? 'yes' : 'no'}`);
  const last = p.rows.at(-1);
  if (last && !last.meets) console.log(`  (smaller fractions not evaluated: ${last.keep} already fails)`);
  console.log(`predicted: ${p.recommended === null ? 'none of the listed kept fractions' : `keep >= ${p.recommended} (decimation factor <= ${(1 / p.recommended).toFixed(2)})`}${p.confident ? '' : ' (outside calibration: see below)'}`);
  for (const o of p.outside) console.log(`  outside calibration: ${o}`);
  if (p.patternStats) {
    const s = p.patternStats;
    console.log(`pattern (seed ${s.seed}, first panel): ${s.m} of ${s.n} traces on a grid of ${s.N}; PSF side lobe ${s.psfSideLobe.toFixed(3)} (Welch bound ${s.welch.toFixed(3)}); largest gap ${s.maxGap}; kept share per quarter ${s.quarters.map((q) => q.toFixed(2)).join(', ')}`);
  }
  console.log(`error: ${p.error}`);
  console.log(`provenance: ${p.provenance}`);
  if (p.bound) console.log(`rigorous bound at keep ${p.bound.keep} (m >= k_f ln N per frequency, C = 1): met for ${(100 * p.bound.energyMet).toFixed(1)}% of the energy; ${p.bound.note}`);
  console.log(`prediction time: ${(p.seconds * 1000).toFixed(0)} ms`);
}

/** The prediction against the scan, in steps of the list of kept fractions. */
export function seismicVerifyLine(p: DecimationPrediction, plan: DecimationPlan): string {
  if (p.recommended === null || plan.recommended === null) return `check: predicted ${p.recommended ?? 'none'}, scan ${plan.recommended ?? 'none'}`;
  const keeps = plan.rows.map((r) => r.keep);
  const d = Math.abs(keeps.indexOf(p.recommended) - keeps.indexOf(plan.recommended));
  return `check: predicted keep >= ${p.recommended}, scan keep >= ${plan.recommended}: ${d === 0 ? 'the same' : `${d} step(s) of the list apart`}`;
}

function printPlan(plan: DecimationPlan, run: DecimationScanRun, store: string): void {
  console.log(`retrospective scan: ${plan.repeats} ${plan.pattern} pattern(s) per kept fraction, ${plan.method}, SNR over the missing traces`);
  console.log('   keep  factor  traces kept  min SNR (dB)  linear (dB)  PSF side lobe  passed');
  for (const r of plan.rows) {
    console.log(`  ${r.keep.toFixed(2).padStart(5)}  ${r.factor.toFixed(2).padStart(6)}  ${r.kept.toFixed(1).padStart(11)}  ${r.minSnr.toFixed(2).padStart(12)}  ${r.snrLinear.toFixed(2).padStart(11)}  ${r.psfSideLobe.toFixed(3).padStart(13)}  ${`${r.passed}/${plan.repeats}`.padStart(6)}`);
  }
  console.log(`scan: ${plan.recommended === null ? 'none of the scanned kept fractions' : `keep >= ${plan.recommended}${plan.atEdge ? ', the smallest scanned: the limit may lie below' : ''}`}`);
  console.log(`${run.resumed ? `resumed scan ${run.sweep.id}` : `scan ${run.sweep.id}`} in ${store}: ${run.ran} of ${run.sweep.totalTrials} tasks run in this run`);
}

export function registerSeismicPlan(seismic: Command): void {
  gatherReadOptions(seismic.command('plan').description('the fewest traces for a target interpolation SNR, predicted from the f-k sparsity in levels; --verify runs the decimation scan'))
    .requiredOption('--data <file>', 'fully sampled reference gather or section (.sgy, .segy, .su, .npy; no all-zero trace)')
    .option('--target-snr <dB>', 'target SNR over the missing traces', numberOption('--target-snr', -100, 300), SEISMIC_PLAN_DEFAULTS.targetSnr)
    .option('--pattern <p>', `decimation pattern, as seismic decimate names it: ${PLAN_PATTERNS.join(' or ')}`, patternOption, 'random')
    .option('--keeps <list>', `kept fractions to consider (default ${SEISMIC_PLAN_DEFAULTS.keeps.join(',')})`, distinctNumberListOption('--keeps', (x) => x > 0 && x < 1, 'a comma-separated list of distinct fractions in (0, 1)'))
    .option('--repeats <n>', 'with --verify: patterns (seeds) per kept fraction', intOption('--repeats', 1, 1000), SEISMIC_PLAN_DEFAULTS.repeats)
    .option('--seed <n>', 'first seed (pattern s uses seed + s; panel p stream p)', intOption('--seed'), 0)
    .option('--panels <mode>', 'auto (one panel per inline of a 3-D file) or none', choiceOption('--panels', ['auto', 'none'] as const), 'auto')
    .option('--verify', 'run the retrospective scan (decimate, interpolate, score) and compare')
    .option('--store <file>', 'with --verify: SQLite store; a run with the same data and options resumes (":memory:" keeps nothing)', 'candor.db')
    .option('--workers <n>', 'with --verify: threads running trials, this one included (default: all cores; 0 or 1 = in-process)', intOption('--workers', 0, 256))
    .option('--json', 'print the prediction (and the scan) as JSON')
    .option('--out <dir>', 'write <dir>/plan.json')
    .option('--quiet', 'no progress output')
    .addHelpText(
      'after',
      '\nThe prediction is empirical, calibrated for POCS on synthetic gathers and F3 inlines (docs/seismic.md,\n' +
        '"Planning the decimation"); what it was not calibrated on is printed as "outside calibration".\n' +
        '\nExamples:\n  candor seismic plan --data ../shared/data/seismic/pylops_mobil_viking_graben_crg.npy --target-snr 10\n' +
        '  candor seismic plan --data ../shared/data/seismic/segyio_f3.sgy --pattern jitter --verify --store plan.db',
    )
    .action(async (o: PlanOpts) => {
      const src = loadGather(o.data, o, 'option --data');
      const panels = gatherPanels(src, o.panels);
      checkPlanReference(o.data, src.gather, panels);
      const opts = { pattern: o.pattern, keeps: o.keeps, targetSnr: o.targetSnr, seed: o.seed };
      const prediction = optionsCall(() => predictDecimation(src.gather, panels, { ...opts, allRows: o.verify }));
      let plan: DecimationPlan | null = null;
      let run: DecimationScanRun | null = null;
      if (o.verify) {
        const scanOpts = { ...opts, repeats: o.repeats };
        optionsCall(() => decimationScanSpec(src.gather, panels, scanOpts));
        const bar = makeProgress('candor seismic plan', { quiet: o.quiet || o.json, unit: 'patterns' });
        run = await runInterruptible(bar, (hooks) => runDecimationScan(src.gather, panels, scanOpts, { store: o.store, workers: o.workers, ...hooks }));
        if (!run.plan) throw new CandorError('candor seismic plan', 'scan', 'every (kept fraction, pattern) interpolation', `${run.sweep.done} of ${run.sweep.totalTrials} stored in ${o.store} (interrupted: run the same command again to resume)`);
        plan = run.plan;
        noteStoreSweeps([run.sweep.id]); // its receipt compares this sweep's stored results
      }
      const summary: Record<string, unknown> = { data: o.data, notes: src.notes, prediction };
      if (plan && run) Object.assign(summary, { store: o.store, sweep: run.sweep.id, resumed: run.resumed, scan: plan, check: seismicVerifyLine(prediction, plan) });
      if (o.out) {
        ensureDir(o.out, 'candor seismic plan');
        writeFileSync(join(o.out, 'plan.json'), `${JSON.stringify(summary, null, 2)}\n`);
      }
      if (o.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      for (const n of src.notes) process.stderr.write(`candor: note: ${n}\n`);
      printPrediction(prediction, o.data);
      if (plan && run) {
        console.log('');
        printPlan(plan, run, o.store);
        console.log(seismicVerifyLine(prediction, plan));
      }
      if (o.out) console.log(`wrote ${join(o.out, 'plan.json')}`);
    });
}
