/**
 * `candor demo` (behind `npm run demo`): the whole story in about ten seconds with no input and no
 * network. Predict (planner), recover a sparse signal at the planned m and below it, certify and
 * explain both, acquire and reconstruct an MR phantom at acceleration 4 with its theory report,
 * scan how far that acquisition could be accelerated (R = 4 ... 12), and run a small
 * phase-transition sweep against theory. Writes a self-contained HTML report to
 * ./candor-out/ and prints its path and a summary table.
 */
import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { codeVersion } from '../../experiments/node/version.ts';
import { ensureDir, writeFileAtomic } from '../../io/node/files.ts';
import { demoReport } from '../demo/report.ts';
import { DEMO_PLAN_R, mriPlanStep, mriStep, predictStep, recoveryStep, sweepStep } from '../demo/steps.ts';
import { intOption } from '../options.ts';
import { makeProgress } from '../progress.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the end-to-end demonstration on built-in data (no input, no network): predict, recover, certify, explain, MRI, phase transition')
    .option('--seed <n>', 'master seed', intOption('--seed'), 1)
    .option('--out <dir>', 'output folder', 'candor-out')
    .option('--workers <n>', 'threads running the sweep, this one included (default: all cores)', intOption('--workers', 0, 256))
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', '\nExamples:\n  candor demo\n  candor demo --seed 7 --out /tmp/demo\n\nWrites <out>/report.html (self-contained), <out>/summary.json and the sweep figures.')
    .action(async (o: { seed: number; out: string; workers?: number; json?: boolean }) => {
      const t0 = performance.now();
      const outDir = resolve(o.out);
      ensureDir(outDir, 'candor demo');
      const say = (s: string) => {
        if (!o.json) process.stderr.write(`${s}\n`);
      };
      const n = 256;
      const k = 20;
      say('candor demo: 1/4 predict: how many measurements does a 20-sparse signal of length 256 need?');
      const predict = predictStep(n, k);
      say(`candor demo: 2/4 recover, certify and explain at m = ${predict.plan.m} and m = ${Math.round(0.75 * predict.plan.delta)}`);
      const ok = await recoveryStep(n, k, predict.plan.m, o.seed);
      const bad = await recoveryStep(n, k, Math.round(0.75 * predict.plan.delta), o.seed);
      say('candor demo: 3/4 MRI: 256x256 phantom, Poisson-disc mask at acceleration 4, l1-wavelet reconstruction');
      const mri = mriStep(256, 4, o.seed);
      say(`candor demo: 3/4 MRI: how far could it go? retrospective scan at R = ${DEMO_PLAN_R.join(', ')}`);
      const mriPlan = mriPlanStep(256, o.seed);
      const workers = o.workers ?? availableParallelism();
      const on = o.workers === undefined ? `all ${workers} cores` : workers <= 1 ? 'this thread' : `${workers} threads`;
      say(`candor demo: 4/4 phase transition: 972 seeded trials on ${on}`);
      const bar = makeProgress('candor demo sweep', { quiet: o.json });
      const sweep = await sweepStep(outDir, workers, (done, total, rate, eta) => bar.update(done, total, rate, eta));
      bar.stop();
      const seconds = (performance.now() - t0) / 1000;
      const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`;
      const html = await demoReport({ seed: o.seed, predict, ok, bad, mri, mriPlan, sweep, seconds, version: codeVersion(), machine });
      const reportPath = join(outDir, 'report.html');
      const summary = {
        report: reportPath,
        seconds,
        predict: { n, k, m: predict.plan.m, provenance: predict.plan.provenance, rigorousM: predict.plan.rigorous?.m ?? null, statisticalDimension: predict.plan.delta },
        recover: [ok, bad].map((r) => ({ m: r.m, relativeError: r.error, recovered: r.success, predictedSuccess: r.predicted, certificate: r.verdict, supportSize: r.supportSize, truth: r.truthStatement })),
        mri: {
          size: mri.size,
          acceleration: mri.acceleration,
          method: mri.method,
          nrmse: mri.metrics.recon.nrmse,
          psnr: mri.metrics.recon.psnr,
          ssim: mri.metrics.recon.ssim,
          zeroFilledNrmse: mri.metrics.zeroFilled.nrmse,
          plan: { target: mriPlan.target, recommended: mriPlan.recommended, rows: mriPlan.rows.map((r) => ({ R: r.target, acceleration: r.acceleration, ssim: r.ssim, nrmse: r.nrmse })) },
        },
        sweep: { trials: sweep.trials, trialsPerSecond: sweep.trialsPerSecond, maxDeviation: sweep.transition.maxDeviation, meanDeviation: sweep.transition.meanDeviation },
      };
      const enc = new TextEncoder();
      writeFileAtomic(reportPath, enc.encode(html), 'candor demo');
      writeFileAtomic(join(outDir, 'summary.json'), enc.encode(`${JSON.stringify(summary, null, 2)}\n`), 'candor demo');
      if (o.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      const rows: [string, string][] = [
        ['predict', `m = ${predict.plan.m} for 95% success (${predict.plan.provenance}); rigorous bound m = ${predict.plan.rigorous?.m ?? '-'}`],
        ...[ok, bad].map((r): [string, string] => [
          `recover m=${r.m}`,
          `error ${r.error.toExponential(1)}, ${r.success ? 'recovered' : 'failed'} (predicted P = ${r.predicted.toFixed(2)}); BP solution ${r.verdict === 'certified unique l1 minimiser' ? 'certified unique' : 'not certified'} with ${r.supportSize} nonzeros${r.supportSize > k ? ` (not the ${k}-sparse truth)` : ''}`,
        ]),
        ['MRI 256x256 R=4', `${mri.method}: NRMSE ${mri.metrics.recon.nrmse.toFixed(3)} (zero-filled ${mri.metrics.zeroFilled.nrmse.toFixed(3)}), PSNR ${mri.metrics.recon.psnr.toFixed(1)} dB, SSIM ${mri.metrics.recon.ssim.toFixed(3)}`],
        [
          'MRI plan',
          `${mriPlan.recommended === null ? `no R in ${DEMO_PLAN_R.join(', ')} meets` : `R <= ${mriPlan.recommended} meets`} SSIM >= ${mriPlan.target} (one mask per R; SSIM ${mriPlan.rows.map((r) => `${r.target}: ${r.ssim.toFixed(3)}`).join(', ')})`,
        ],
        ['phase transition', `${sweep.trials} trials, max |rho50 - rho_W| = ${sweep.transition.maxDeviation?.toFixed(3) ?? '-'} (mean ${sweep.transition.meanDeviation?.toFixed(3) ?? '-'})`],
      ];
      const w = Math.max(...rows.map((r) => r[0].length));
      console.log('\nCandor demo summary');
      for (const [a, b] of rows) console.log(`  ${a.padEnd(w)}  ${b}`);
      console.log(`\nreport: ${reportPath}  (${seconds.toFixed(1)} s)`);
    });
}
