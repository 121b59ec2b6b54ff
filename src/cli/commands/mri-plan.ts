/**
 * `candor mri plan`: how far can this acquisition be accelerated? Retrospective undersampling of a
 * reference image (the phantom or a fully sampled scan) over a list of accelerations, several
 * seeded masks each, reconstructing and scoring every one (../../apps/mri/plan-acceleration.ts)
 * on the sweep engine: every (acceleration, mask) result is stored in the SQLite store as it
 * completes (resumable after an interruption, two reconstructions at once on two cores); prints
 * the table and the recommended acceleration, and with --out writes plan.json.
 */
import { noteStoreSweeps } from '../receipts.ts';
import type { Command } from 'commander';
import type { MaskKind } from '../../apps/mri/masks/index.ts';
import { runAccelerationScan, type ScanRun } from '../../apps/mri/node/scan.ts';
import { PLAN_ACCELERATION_DEFAULTS, type QualityMetric, scanSpec } from '../../apps/mri/plan-acceleration.ts';
import { type AccelerationPrediction, predictAcceleration } from '../../apps/mri/predict/predict-acceleration.ts';
import { MRI_RECON_DEFAULTS, RECON_METHODS, type ReconMethod } from '../../apps/mri/recon/reconstruct.ts';
import type { ScanMethod } from '../../apps/mri/acceleration-scan.ts';
import { checkCoilAxisOption } from './mri-multicoil.ts';
import { readFullCoilKspace, simulatedCoilKspace } from './mri-plan-coils.ts';
import { CandorError } from '../../core/errors.ts';
import { optionsCall, UsageError } from '../errors.ts';
import { choiceOption, intOption, numberListOption, numberOption } from '../options.ts';
import { makeProgress, runInterruptible } from '../progress.ts';
import { QUEUE_NAME_HELP, type QueueRunOptions, queueExecutorFor, queueNameOption, queueUrlOption } from '../queue.ts';
import { commitOutputs, imageAndMaskOptions, loadTruth, Outputs, refuseAllZeroKspace } from './mri-common.ts';
import { printPrediction, verifyLine } from './mri-plan-predict.ts';

interface PlanOpts extends QueueRunOptions {
  image: string;
  size: number;
  slice?: number[];
  mask: MaskKind;
  accelerations: number[];
  repeats: number;
  seed: number;
  calib?: number;
  snrDb?: number;
  metric: QualityMetric;
  target?: number;
  method: ScanMethod;
  lambda?: number;
  lambdas?: number[];
  lambdaTv?: number;
  wavelet: string;
  iters: number;
  store: string;
  workers?: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  predict?: boolean;
  verify?: boolean;
  kspace?: string;
  coilAxis?: number;
  coils?: number;
}

/** The plan's methods: single-coil ones, and cg-sense for multi-coil data. */
const PLAN_METHODS = [...RECON_METHODS, 'cg-sense'] as const;

/** `--lambdas 0.001,0.005`: weights > 0. */
const lambdaList = numberListOption('--lambdas', (x) => x > 0, 'a comma-separated list of weights > 0 (e.g. 0.001,0.002,0.005,0.01)');

/** `--accelerations 2,4,6.5`: numbers > 1. */
const accelerationList = numberListOption('--accelerations', (x) => x > 1, 'a comma-separated list of numbers > 1 (e.g. 2,4,6,8)');

export function registerMriPlan(mri: Command): void {
  imageAndMaskOptions(
    mri
      .command('plan')
      .description(
        'how far can it be accelerated? retrospective undersampling of a reference image over a list of accelerations',
      ),
    'fully sampled reference',
    11,
  )
    .option('--accelerations <list>', 'accelerations to try', accelerationList, [
      ...PLAN_ACCELERATION_DEFAULTS.accelerations,
    ])
    .option(
      '--repeats <n>',
      'masks (seeds) per acceleration',
      intOption('--repeats', 1, 1000),
      PLAN_ACCELERATION_DEFAULTS.repeats,
    )
    .option('--seed <n>', 'first seed (mask s uses seed + s)', intOption('--seed'), 0)
    .option(
      '--calib <n>',
      'fully sampled centre (square side; lines: number of lines)',
      intOption('--calib', 0),
    )
    .option(
      '--snr-db <dB>',
      'simulate complex Gaussian noise at this SNR (dB)',
      numberOption('--snr-db', -100, 300),
    )
    .option(
      '--metric <m>',
      'quality metric: ssim (target >= value) or nrmse (scaled, target <= value)',
      choiceOption('--metric', ['ssim', 'nrmse'] as const),
      'ssim',
    )
    .option(
      '--target <q>',
      `quality target (default: SSIM ${PLAN_ACCELERATION_DEFAULTS.target.ssim}, NRMSE ${PLAN_ACCELERATION_DEFAULTS.target.nrmse})`,
      numberOption('--target', 0),
    )
    .option(
      '--method <m>',
      `${PLAN_METHODS.join(', ')} (cg-sense: multi-coil only)`,
      choiceOption('--method', PLAN_METHODS),
      MRI_RECON_DEFAULTS.method,
    )
    .option(
      '--kspace <file>',
      'fully sampled multi-coil k-space instead of --image (CFL with coils in dimension 3, NPY with --coil-axis, ISMRMRD .h5): each mask undersamples it, ESPIRiT calibrates on the mask\'s centre, SENSE reconstructs; quality against the coil images\' root sum of squares',
    )
    .option('--coil-axis <a>', 'coil axis of an NPY --kspace (default 0 of a 3-D array)', intOption('--coil-axis', 0, 31))
    .option('--coils <n>', 'simulate n receive coils on the reference image (loop coils, as mri simulate --coils) and plan the multi-coil acquisition', intOption('--coils', 2, 64))
    .option('--lambda <r>', 'l1-wavelet weight relative to the data scale', numberOption('--lambda', 0))
    .option('--lambda-tv <r>', 'TV weight relative to the data scale', numberOption('--lambda-tv', 0))
    .option(
      '--lambdas <list>',
      'tune the weight per R over this grid (l1-wavelet: lambda; tv: lambda-tv; wavelet-tv: half each)',
      lambdaList,
    )
    .option('--wavelet <name>', 'wavelet: haar, db1 ... db8', MRI_RECON_DEFAULTS.wavelet)
    .option(
      '--iters <n>',
      'maximum iterations per reconstruction',
      intOption('--iters', 1),
      MRI_RECON_DEFAULTS.maxIter,
    )
    .option('--store <file>', 'SQLite store: every result is kept there, and a run with the same image and options resumes (":memory:" keeps nothing)', 'candor.db')
    .option('--workers <n>', 'threads running trials, this one included (default: all cores; 0 or 1 = in-process)', intOption('--workers', 0, 256))
    .option('--predict', 'predict the largest R without reconstructing (calibrated levels model; poisson-disc and variable-density masks)')
    .option('--verify', 'with --predict: run the retrospective scan too and compare the recommendations')
    .option('--queue <url>', 'run the reconstructions as jobs on a Redis queue (redis://HOST:PORT) served by `candor worker` on other machines', queueUrlOption)
    .option('--queue-name <name>', QUEUE_NAME_HELP, queueNameOption)
    .option('--no-local', 'with --queue: only coordinate (no reconstructions on this machine)')
    .option('--out <dir>', 'write <dir>/plan.json')
    .option('--json', 'print the plan as JSON')
    .option('--quiet', 'no progress output')
    .addHelpText(
      'after',
      '\nEvery mask s at every acceleration uses seed + s: two runs give the same table. Results are stored\n' +
        'in --store as they complete: an interrupted scan (Ctrl-C, kill -9) resumes when run again.\n' +
        'Examples:\n  candor mri plan\n' +
        '  candor mri plan --size 128 --accelerations 2,3,4,6 --repeats 2\n' +
        '  candor mri plan --image ../shared/data/mri/nibabel_example4d.nii.gz --slice 12,0 --metric nrmse --target 0.1\n' +
        '  candor mri plan --size 256 --predict            (no reconstruction: well under a second)\n' +
        '  candor mri plan --size 128 --predict --verify   (the prediction, then the scan as its check)\n' +
        '  candor mri plan --kspace full.cfl --accelerations 4,6,8,10   (fully sampled multi-coil k-space: SENSE with ESPIRiT)\n' +
        '  candor mri plan --size 128 --coils 8            (coils simulated on the phantom)\n' +
        '  candor mri plan --size 256 --repeats 8 --queue redis://10.0.0.5:6379   (workers: candor worker, docs/cluster.md)',
    )
    .action(async (o: PlanOpts, cmd: Command) => {
      if (o.kspace && (o.coils !== undefined || cmd.getOptionValueSource('image') === 'cli' || o.slice)) {
        throw new UsageError('candor', 'option --kspace', 'the reference on its own (not with --image, --slice or --coils)', JSON.stringify(o.kspace));
      }
      if ((o.kspace || o.coils !== undefined) && (o.predict || o.verify)) {
        throw new UsageError('candor', 'option --predict', 'single-coil data (the prediction models single-coil reconstructions; for coils run the scan)', o.kspace ? `--kspace ${o.kspace}` : `--coils ${o.coils}`);
      }
      if (o.kspace) {
        checkCoilAxisOption(o.kspace, o.coilAxis);
        refuseAllZeroKspace(o.kspace);
      } else if (o.coilAxis !== undefined) throw new UsageError('candor', 'option --coil-axis', 'an NPY --kspace (the coils\' axis of its array)', `${o.coilAxis} without --kspace`);
      const coilKspace = o.kspace ? await readFullCoilKspace(o.kspace, o.coilAxis) : undefined;
      if (coilKspace && cmd.getOptionValueSource('size') === 'cli') {
        process.stderr.write(`candor: warning: --size ${o.size} is ignored with --kspace: the file defines the image size (${coilKspace.ny}x${coilKspace.nx})\n`);
      }
      const ref = coilKspace ? { ny: coilKspace.ny, nx: coilKspace.nx, data: null, path: o.kspace as string } : loadTruth(o.image, o.size, o.slice);
      const coils = coilKspace ?? (o.coils !== undefined ? simulatedCoilKspace(ref.data as Float64Array, ref.ny, ref.nx, o.coils) : undefined);
      if (o.metric === 'ssim' && o.target !== undefined && o.target > 1) {
        throw new UsageError(
          'candor',
          'option --target',
          'an SSIM in [0, 1] with --metric ssim',
          JSON.stringify(String(o.target)),
        );
      }
      let prediction: AccelerationPrediction | null = null;
      if (o.predict || o.verify) {
        prediction = optionsCall(() =>
          predictAcceleration(ref.data as Float64Array, ref.ny, ref.nx, {
            mask: o.mask,
            accelerations: o.accelerations,
            metric: o.metric,
            target: o.target ?? PLAN_ACCELERATION_DEFAULTS.target[o.metric],
            calib: o.calib,
            recon: { method: o.method, lambda: o.lambda, tuned: o.lambdas !== undefined, wavelet: o.wavelet, snrDb: o.snrDb, maxIter: o.iters },
          }),
        );
        if (!o.verify) {
          const summary = { image: ref.path, prediction };
          if (o.out) {
            const out = new Outputs(o.out);
            out.json('plan', summary);
            commitOutputs(out, 'mri plan');
          }
          if (o.json) console.log(JSON.stringify(summary, null, 2));
          else {
            printPrediction(prediction, ref.path);
            if (o.out) console.log(`wrote ${o.out}/plan.json`);
          }
          return;
        }
      }
      const say = (s: string) => !(o.quiet || o.json) && process.stderr.write(`candor mri plan: ${s}\n`);
      const opts = {
        mask: o.mask,
        accelerations: o.accelerations,
        repeats: o.repeats,
        seed: o.seed,
        calib: o.calib,
        snrDb: o.snrDb,
        metric: o.metric,
        target: o.target,
        lambdas: o.lambdas,
        recon: { method: o.method as ReconMethod, lambda: o.lambda, lambdaTV: o.lambdaTv, wavelet: o.wavelet, maxIter: o.iters },
        coilKspace: coils,
      };
      const refData = coils ? null : (ref.data as Float64Array);
      // bad option values (an impossible --calib, --target, ...) are usage errors: exit 2
      optionsCall(() => scanSpec(refData, ref.ny, ref.nx, opts));
      // one reconstruction per job (each takes seconds)
      const executor = await queueExecutorFor({ ...o, batch: 1 }, say);
      const bar = makeProgress('candor mri plan', { quiet: o.quiet || o.json, unit: 'masks' });
      const run: ScanRun = await runInterruptible(bar, (hooks) => runAccelerationScan(refData, ref.ny, ref.nx, opts, { store: o.store, workers: o.workers, executor, ...hooks }));
      if (!run.plan) {
        throw new CandorError('candor mri plan', 'scan', 'every (acceleration, mask) reconstruction', `${run.sweep.done} of ${run.sweep.totalTrials} stored in ${o.store} (interrupted: run the same command again to resume)`);
      }
      noteStoreSweeps([run.sweep.id]); // its receipt compares this sweep's stored results
      const plan = run.plan;
      const summary = { image: ref.path, ...(coils ? { coils: coils.nc, coilSource: o.kspace ? 'file' : 'simulated' } : {}), store: o.store, sweep: run.sweep.id, resumed: run.resumed, ...plan, ...(prediction ? { prediction, check: verifyLine(prediction, plan) } : {}) };
      if (o.out) {
        const out = new Outputs(o.out);
        out.json('plan', summary);
        commitOutputs(out, 'mri plan');
      }
      if (o.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      if (prediction) {
        printPrediction(prediction, ref.path);
        console.log('');
      }
      const q = plan.metric === 'ssim' ? 'SSIM' : 'NRMSE(s)';
      console.log(
        `${plan.ny}x${plan.nx} ${ref.path}${coils ? ` (${coils.nc} coils${o.kspace ? '' : ', simulated'})` : ''}: ${plan.method}, ${plan.repeats} ${plan.mask} mask(s) per R, target ${q} ${plan.metric === 'ssim' ? '>=' : '<='} ${plan.target}`,
      );
      const lam = (r: { lambda: number | null }) => (plan.lambdas ? `  ${String(r.lambda).padStart(7)}` : '');
      console.log(
        `     R  actual   mean SSIM  mean NRMSE(s)  zero-filled SSIM  TPSF side lobe  passed${plan.lambdas ? '   lambda' : ''}`,
      );
      for (const r of plan.rows) {
        console.log(
          `${String(r.target).padStart(6)}  ${r.acceleration.toFixed(2).padStart(6)}  ${r.ssim.toFixed(4).padStart(10)}  ${r.nrmse.toFixed(4).padStart(13)}  ${r.zeroFilledSsim.toFixed(4).padStart(16)}  ${(r.tpsfSideLobe === null ? 'n/a' : r.tpsfSideLobe.toFixed(3)).padStart(14)}  ${`${r.passed}/${plan.repeats}`.padStart(6)}${lam(r)}`,
        );
      }
      const actual = plan.recommendedActual === null ? '' : ` (actual ${plan.recommendedActual.toFixed(2)})`;
      console.log(
        `recommended: ${plan.recommended === null ? 'none of the scanned accelerations' : `R <= ${plan.recommended}${actual}${plan.atEdge ? ', the largest scanned: the limit may lie beyond' : ''}`}`,
      );
      console.log(plan.paragraph);
      console.log(`${run.resumed ? `resumed scan ${run.sweep.id}` : `scan ${run.sweep.id}`} in ${o.store}: ${run.ran} of ${run.sweep.totalTrials} masks reconstructed in this run`);
      if (prediction) console.log(verifyLine(prediction, plan));
      if (o.out) console.log(`wrote ${o.out}/plan.json`);
    });
}
