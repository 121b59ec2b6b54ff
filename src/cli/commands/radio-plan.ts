/**
 * `candor radio plan`: what an array's real uv tracks can constrain on an image grid, per fraction
 * of the track (resolution, largest recoverable scale, sampled cells, PSF side lobes and coherence),
 * and with a reference sky its sparsity in starlet levels, the sampled share of each level and the
 * predicted NRMSE of the CS image (../../apps/radio/plan.ts; calibrated on one coverage, with its
 * held-back error and "outside calibration" lines); `--verify` simulates and images the sky at
 * every fraction (../../apps/radio/plan-verify.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatAngle } from '../../apps/radio/angles.ts';
import { readVisibilityFile } from '../../apps/radio/node/files.ts';
import { RADIO_PLAN_DEFAULTS, radioPlan } from '../../apps/radio/plan.ts';
import { runRadioVerify } from '../../apps/radio/node/plan-verify-scan.ts';
import type { RadioVerifyRow } from '../../apps/radio/plan-verify.ts';
import { skyFromFits } from '../../apps/radio/simulate.ts';
import { visibilitiesFromUvfits } from '../../apps/radio/visibilities.ts';
import { CandorError } from '../../core/errors.ts';
import { ensureDir, fitsHead, onStreams, readFileBytes } from '../../io/node/files.ts';
import { optionsCall, UsageError } from '../errors.ts';
import { distinctNumberListOption, intOption, numberOption } from '../options.ts';
import { type Progress, runInterruptible } from '../progress.ts';
import { cellOption } from './radio-info.ts';

interface PlanOpts {
  vis: string;
  sky?: string;
  size: number;
  cell: number;
  targetNrmse: number;
  fractions?: number[];
  verify?: boolean;
  seed: number;
  iterations?: number;
  store: string;
  workers?: number;
  json?: boolean;
  out?: string;
}

/** --size: an even number of pixels in [16, 4096] (the centred FFT grid). */
function sizeOption(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !(n >= 16 && n <= 4096) || n % 2 !== 0) throw new UsageError('candor', 'option --size', 'an even integer in [16, 4096]', JSON.stringify(v));
  return n;
}

/** "the whole track" for 1, "the first 0.5 of the track" otherwise. */
function fractionText(f: number): string {
  return f === 1 ? 'the whole track' : `the first ${f} of the track`;
}

export function registerRadioPlan(radio: Command): void {
  radio
    .command('plan')
    .description("what the array's uv tracks can constrain per fraction of the track, and with a reference sky the starlet sparsity in levels and the predicted NRMSE; --verify simulates and images")
    .requiredOption('--vis <file>', 'visibilities whose coverage is planned: UVFITS or an EHT text export')
    .option('--sky <file>', 'reference sky: a FITS image of --size x --size pixels in Jy/pixel, placed at --cell (its CDELT, if any, is not used: a different one is noted)')
    .requiredOption('--size <n>', 'image side in pixels (even, 16 .. 4096)', sizeOption)
    .requiredOption('--cell <angle>', 'pixel size (e.g. 2uas, 0.2mas)', cellOption)
    .option('--target-nrmse <x>', 'target NRMSE against the sky at the nominal resolution, in (0, 1]', numberOption('--target-nrmse', 0, 1, true), RADIO_PLAN_DEFAULTS.targetNrmse)
    .option('--fractions <list>', `fractions of the track (default ${RADIO_PLAN_DEFAULTS.fractions.join(',')})`, distinctNumberListOption('--fractions', (x) => x > 0 && x <= 1, 'a comma-separated list of distinct fractions in (0, 1]'))
    .option('--verify', 'with --sky: simulate the sky with each fraction of the track and image it (CS, starlet)')
    .option('--seed <n>', 'with --verify: seed of the simulated noise', intOption('--seed', 0), 0)
    .option('--iterations <n>', 'with --verify: CS iterations (default the imager\'s)', intOption('--iterations', 1, 1000000))
    .option('--store <file>', 'with --verify: SQLite store; a run with the same coverage, sky and options resumes (":memory:" keeps nothing)', 'candor.db')
    .option('--workers <n>', 'with --verify: threads running trials, this one included (default: all cores; 0 or 1 = in-process)', intOption('--workers', 0, 256))
    .option('--json', 'print the plan as JSON')
    .option('--out <dir>', 'write <dir>/plan.json (the --json text)')
    .addHelpText(
      'after',
      '\nThe predicted NRMSE is empirical, calibrated on the EHT 2017 tracks at 64 x 64, 2 uas (docs/radio.md "Planning the observation");\n' +
        'elsewhere it says "outside calibration"; --verify is the check.\n' +
        '\nExamples:\n  candor radio plan --vis ../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits --size 64 --cell 2uas\n' +
        '  candor radio plan --vis ../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits --size 64 --cell 2uas --sky ring.fits --verify',
    )
    .action(async (o: PlanOpts) => {
      if (o.verify && !o.sky) throw new UsageError('candor', 'option --verify', 'a reference sky (--sky) to simulate', 'no --sky');
      const f = readVisibilityFile(o.vis);
      const vs = f.kind === 'uvfits' ? visibilitiesFromUvfits(f.uv, { name: o.vis }) : f.vis;
      let sky: Float64Array | undefined;
      const notes: string[] = [];
      if (o.sky) {
        const s = skyFromFits(readFileBytes(o.sky, `radio plan(${o.sky})`, 'file', onStreams(o.sky, fitsHead(`sky ${o.sky}`))), o.sky, { cell: o.cell });
        if (s.size !== o.size) throw new CandorError(`radio plan(${o.sky})`, 'sky size', `${o.size} x ${o.size} pixels (--size)`, `${s.size} x ${s.size}`);
        if (Math.abs(s.cell / o.cell - 1) > 1e-6) notes.push(`${o.sky}: pixels of ${formatAngle(s.cell)} in the header: the sky is placed at --cell ${formatAngle(o.cell)}`);
        notes.push(...s.notes);
        sky = s.image;
      }
      const plan = optionsCall(() => radioPlan(vs, o.size, o.cell, { sky, fractions: o.fractions, targetNrmse: o.targetNrmse }));
      let verify: { rows: RadioVerifyRow[]; recommended: number | null } | null = null;
      if (o.verify && sky) {
        // one line per imaged fraction (each takes seconds), not a bar
        const lines: Progress = { update: (done, total) => !o.json && process.stderr.write(`candor radio plan: ${done} of ${total} fractions imaged\n`), stop: () => {} };
        const fractions = plan.rows.map((r) => r.fraction);
        const run = await runInterruptible(lines, (hooks) => runRadioVerify(vs, o.size, o.cell, sky, fractions, { targetNrmse: o.targetNrmse, seed: o.seed, maxIter: o.iterations }, { store: o.store, workers: o.workers, batch: 1, ...hooks }));
        if (!run.verify) throw new CandorError('candor radio plan', 'verify', 'every track fraction imaged', `${run.sweep.done} of ${run.sweep.totalTrials} stored in ${o.store} (interrupted: run the same command again to resume)`);
        verify = run.verify;
      }
      const json = `${JSON.stringify({ vis: o.vis, sky: o.sky ?? null, notes, ...plan, verify }, null, 2)}\n`;
      if (o.out) {
        ensureDir(o.out, 'candor radio plan');
        writeFileSync(join(o.out, 'plan.json'), json);
      }
      if (o.json) {
        process.stdout.write(json);
        return;
      }
      for (const n of notes) process.stderr.write(`candor: note: ${n}\n`);
      console.log(`${o.vis}: ${vs.n} visibilities, image ${o.size}x${o.size} at ${formatAngle(o.cell)}`);
      console.log('  fraction  hours  visibilities  cells  resolution  largest scale  PSF side lobe  coherence (Welch)  predicted NRMSE');
      for (const r of plan.rows) {
        console.log(
          `  ${r.fraction.toFixed(2).padStart(8)}  ${r.hours.toFixed(1).padStart(5)}  ${String(r.visibilities).padStart(12)}  ${String(r.sampledCells).padStart(5)}  ${formatAngle(r.resolution).padStart(10)}  ${formatAngle(r.largestScale).padStart(13)}  ${r.gridSideLobe.toFixed(3).padStart(13)}  ${`${r.coherence.toFixed(3)} (${r.welch.toFixed(3)})`.padStart(17)}  ${(r.predictedNrmse === null ? 'n/a' : r.predictedNrmse.toFixed(3)).padStart(15)}`,
        );
      }
      if (plan.levels) {
        console.log('  starlet level   energy share  sparsity (99.9%)  sampled share of its atoms per fraction');
        plan.levels.forEach((l, j) => {
          console.log(`  ${l.name.padEnd(14)}  ${l.energyShare.toFixed(4).padStart(12)}  ${String(l.sparsity).padStart(16)}  ${plan.rows.map((r) => (r.levelSampled as number[])[j].toFixed(3)).join('  ')}`);
        });
        console.log(`predicted${plan.calibrated ? '' : ' (uncalibrated)'}: ${plan.recommended === null ? 'no fraction of the list' : `${fractionText(plan.recommended)} (${(plan.rows.find((r) => r.fraction === plan.recommended)?.hours ?? 0).toFixed(1)} h)`} for NRMSE <= ${plan.targetNrmse}${plan.confident ? '' : ' (outside calibration: see below)'}`);
        for (const x of plan.outside) console.log(`  outside calibration: ${x}`);
        if (plan.error) console.log(`error: ${plan.error}`);
        console.log(`provenance: ${plan.provenance}`);
      }
      if (verify) {
        console.log('  fraction  CS NRMSE  reduced chi2  meets');
        for (const r of verify.rows) console.log(`  ${r.fraction.toFixed(2).padStart(8)}  ${r.nrmse.toFixed(3).padStart(8)}  ${r.reducedChi2.toFixed(2).padStart(12)}  ${r.meets ? 'yes' : 'no'}`);
        console.log(`check: predicted ${plan.recommended ?? 'none'}, simulated and imaged ${verify.recommended ?? 'none'}`);
      }
      if (o.out) console.log(`wrote ${join(o.out, 'plan.json')}`);
    });
}
