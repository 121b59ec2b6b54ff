/**
 * `candor mri recon`: k-space (+ mask) -> image by zero filling, l1-wavelet, TV or both; writes the
 * reconstruction (array + PNG), the zero-filled PNG, the error map and metrics.json when the truth
 * is given. `candor mri report` (./mri-report.ts) shares the options and adds the theory report.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { CandorError } from '../../core/errors.ts';
import { parseCflHeader } from '../../io/cfl.ts';
import type { Acquisition } from '../../apps/mri/acquisition.ts';
import { nrmse, nrmseScaled, psnr, ssim } from '../../core/imaging/metrics.ts';
import { cartesianOperator } from '../../apps/mri/operators.ts';
import {
  MRI_RECON_DEFAULTS,
  RECON_METHODS,
  type ReconMethod,
  type ReconResult,
  reconstruct,
} from '../../apps/mri/recon/reconstruct.ts';
import { isIsmrmrdKspace, isNpyContent, npyKspaceShape } from '../../apps/mri/node/multicoil-files.ts';
import { MULTICOIL_METHODS, MULTICOIL_RECON_DEFAULTS, type MultiCoilMethod } from '../../apps/mri/recon/multicoil.ts';
import { optionsCall } from '../errors.ts';
import { lambdaChoiceSvg } from '../../apps/report/lambda-figure.ts';
import { MRI_LAMBDA_DEFAULTS } from '../../apps/mri/recon/weight-choice.ts';
import { LAMBDA_RULES, lambdaChoiceJson } from '../../solvers/lambda-choice.ts';
import { choiceOption, intOption, type LambdaAuto, lambdaOrAutoOption, numberOption } from '../options.ts';
import { acquisitionWarnings, commitOutputs, loadAcquisition, loadTruthFor, Outputs, RECON_OUTPUT_FILES, refuseAllZeroKspace, sliceOption } from './mri-common.ts';
import { matrixOption } from './mri-ecalib.ts';
import { noteResolvedOptions } from '../receipts.ts';
import type { Team } from '../../core/parallel/team.ts';
import { withReconTeam } from './recon-team.ts';
import { type MultiCoilRun, runMultiCoilRecon } from './mri-multicoil.ts';

/** Every --method: the single-coil ones and the multi-coil ones (cg-sense, gridding). */
export const CLI_RECON_METHODS: readonly (ReconMethod | MultiCoilMethod)[] = Object.freeze([...new Set([...RECON_METHODS, ...MULTICOIL_METHODS])]);

export interface ReconCliOpts {
  kspace: string;
  mask?: string;
  truth?: string;
  slice?: number[];
  method: ReconMethod | MultiCoilMethod;
  sens?: string;
  traj?: string;
  coilAxis?: number;
  matrix?: number[];
  coilImages?: boolean;
  virtualCoils?: number;
  lambda?: number | LambdaAuto;
  lambdaTv?: number;
  wavelet: string;
  iters: number;
  tol: number;
  seed: number;
  spin: boolean;
  solver: 'fista' | 'primal-dual';
  noiseStd?: number;
  constrained?: boolean;
  format: 'cfl' | 'npy';
  out: string;
  json?: boolean;
  threads?: number;
}

/** Adds the reconstruction options shared by `mri recon` and `mri report`. */
export function reconOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--kspace <file>', 'k-space: full grid (zeros where not sampled) or trajectory samples; one coil or several (CFL coils in BART dimension 3, NPY --coil-axis, ISMRMRD .h5)')
    .option('--mask <file>', 'sampling mask (0/1; default: the non-zero k-space entries, as BART)')
    .option('--sens <file>', 'coil sensitivities (CFL [ny, nx, 1, coils] as bart ecalib, NPY [coils, ny, nx]); default: ESPIRiT from the data')
    .option('--traj <file>', 'non-Cartesian trajectory (BART CFL [3, samples, spokes], k-space units, or NPY [..., 2])')
    .option('--coil-axis <a>', 'coil axis of an NPY k-space (default 0 of a 3-D array)', intOption('--coil-axis', 0, 15))
    .option('--matrix <ny,nx>', 'image size of a trajectory (default 2 ceil(max |k|) per axis)', matrixOption)
    .option('--coil-images', 'also write the coil images S_c x (multi-coil)')
    .option('--virtual-coils <p>', 'SVD coil compression to p virtual coils first (as bart cc -p p -S; --sens maps of the physical coils are compressed alike)', intOption('--virtual-coils', 1, 1024))
    .option('--truth <file>', 'true image for metrics (any image format)')
    .option('--slice <z[,t]>', 'slice of a truth volume', sliceOption)
    .option(
      '--method <m>',
      `${CLI_RECON_METHODS.join(', ')} (cg-sense and gridding: multi-coil or a trajectory)`,
      choiceOption('--method', CLI_RECON_METHODS),
      MRI_RECON_DEFAULTS.method,
    )
    .option(
      '--lambda <r>',
      `l1-wavelet weight relative to the data scale (default ${MRI_RECON_DEFAULTS.lambda}; wavelet-tv ${MRI_RECON_DEFAULTS.combined.lambda}), ` +
        `or auto[:${LAMBDA_RULES.join('|')}]: the weight of any method chosen from the data, single- or multi-coil Cartesian (default rule ${MRI_LAMBDA_DEFAULTS.rule}; docs/lambda.md)`,
      lambdaOrAutoOption('--lambda', 0, false, LAMBDA_RULES),
    )
    .option(
      '--lambda-tv <r>',
      `TV weight relative to the data scale (default ${MRI_RECON_DEFAULTS.lambdaTV}; wavelet-tv ${MRI_RECON_DEFAULTS.combined.lambdaTV})`,
      numberOption('--lambda-tv', 0),
    )
    .option('--wavelet <name>', 'wavelet: haar, db1 ... db8', MRI_RECON_DEFAULTS.wavelet)
    .option('--iters <n>', 'maximum iterations', intOption('--iters', 1), MRI_RECON_DEFAULTS.maxIter)
    .option('--tol <t>', 'relative-change tolerance', numberOption('--tol', 0), MRI_RECON_DEFAULTS.tol)
    .option('--seed <n>', 'seed of the cycle spinning', intOption('--seed'), 0)
    .option('--no-spin', 'l1-wavelet without random cycle spinning')
    .option(
      '--solver <s>',
      'l1-wavelet algorithm: fista or primal-dual',
      choiceOption('--solver', ['fista', 'primal-dual'] as const),
      'fista',
    )
    .option(
      '--noise-std <s>',
      'noise standard deviation per complex sample (--constrained, --lambda auto; default for auto: estimated from the outer k-space)',
      numberOption('--noise-std', 0),
    )
    .option('--constrained', 'solve min R(x) s.t. ||Ax - y|| <= noise-std sqrt(m)')
    .option(
      '--format <f>',
      'array output format: cfl or npy',
      choiceOption('--format', ['cfl', 'npy'] as const),
      'cfl',
    )
    .requiredOption('--out <dir>', 'output directory')
    .option('--threads <n>', 'threads of the l1-wavelet (haar, FISTA) reconstruction, 1 or 2 (default 2 from 256x256 pixels on an idle 2-core machine, else 1; the same image either way)', intOption('--threads', 1, 2))
    .option('--json', 'print the summary as JSON');
}

export interface ReconRun {
  acq: Acquisition;
  truth?: Float64Array;
  result: ReconResult;
  zeroFilled: Float64Array;
  out: Outputs;
  summary: Record<string, unknown>;
}

/**
 * Whether `mri recon` takes the multi-coil route: sensitivities, a trajectory, an ISMRMRD file, a
 * coil axis, a multi-coil method, or a CFL/NPY k-space with more than one coil.
 */
export function isMultiCoil(o: ReconCliOpts): boolean {
  // (--matrix sizes a trajectory: the multi-coil route refuses it on a Cartesian grid)
  if (o.sens || o.traj || o.matrix || o.coilAxis !== undefined || o.coilImages || o.virtualCoils !== undefined || isIsmrmrdKspace(o.kspace)) return true;
  if (o.method === 'cg-sense' || o.method === 'gridding') return true;
  if (!/\.(cfl|hdr|npy)$/i.test(o.kspace) && !isNpyContent(o.kspace)) return false;
  // the coils from the header (CFL: BART dimension 3; NPY: the first axis of a 3-D array): the data
  // are read once, later; a coil count past the limit is refused here, on the header
  if (/\.(cfl|hdr)$/i.test(o.kspace)) {
    try {
      return (parseCflHeader(readFileSync(o.kspace.replace(/\.(cfl|hdr)$/i, '.hdr'), 'utf8'))[3] ?? 1) > 1;
    } catch {
      return false; // the single-coil reader reports what is wrong with the file
    }
  }
  let shape: number[] | undefined;
  try {
    shape = npyKspaceShape(o.kspace, 'k-space', undefined);
  } catch (e) {
    if (e instanceof CandorError && e.what === 'coil axis') throw e;
    return false; // the single-coil reader reports what is wrong with the file
  }
  return shape !== undefined && shape.length >= 3 && shape[0] > 1;
}

/** The multi-coil run of `mri recon` (../../apps/mri/recon/multicoil.ts). */
export async function runReconMultiCoil(o: ReconCliOpts, itersGiven: boolean, after?: (run: MultiCoilRun, team: Team | undefined) => void): Promise<MultiCoilRun> {
  const auto = typeof o.lambda === 'object' ? o.lambda : null;
  return runMultiCoilRecon(
    {
      ...o,
      lambda: auto ? undefined : (o.lambda as number | undefined),
      method: o.method as MultiCoilMethod,
      ...(auto ? { autoLambda: { rule: auto.rule, ...(o.noiseStd !== undefined ? { noiseStd: o.noiseStd, noiseSource: 'given (--noise-std)' } : {}) } } : {}),
    },
    !itersGiven,
    after,
  );
}

/**
 * By default, images smaller than this reconstruct on the calling thread alone: a worker's start and its
 * cold first iterations (~0.2 s) did not pay at 230x180 (whole process 0.89 s on two threads
 * against 0.83 s on one, median of 6) and paid a little at 320x320 (1.44 s against 1.49 s).
 */
const TEAM_MIN_PIXELS = 256 * 256;

/**
 * runRecon with the reconstruction team (--threads, ../../experiments/node/team-threads.ts): the worker
 * threads start while the k-space is read, and the l1-wavelet (haar) FISTA runs its passes on
 * them. Every thread count gives the same image (a one-thread run uses the same two-part passes).
 */
export async function runReconThreaded(o: ReconCliOpts): Promise<ReconRun> {
  const teamed = o.method === 'l1-wavelet' && (o.wavelet === 'haar' || o.wavelet === 'db1') && o.solver !== 'primal-dual' && !o.constrained && typeof o.lambda !== 'object';
  return withReconTeam(
    o.threads,
    teamed,
    () => loadAcquisition(o.kspace, o.mask, o.noiseStd),
    (acq) => acq.ny * acq.nx >= TEAM_MIN_PIXELS,
    (acq, team) => {
      const run = runRecon(o, { acq, team });
      run.summary.threads = team ? team.threads : 1;
      if (o.threads !== undefined && !teamed) {
        const w = '--threads is used by l1-wavelet with the haar wavelet and FISTA only; this reconstruction ran on one thread';
        run.result.warnings.push(w); // the summary's warnings are this array
      }
      return run;
    },
  );
}

/** Loads (unless given), reconstructs and encodes the outputs (not yet written). */
export function runRecon(o: ReconCliOpts, given: { acq?: Acquisition; team?: Team } = {}): ReconRun {
  if (o.method === 'cg-sense' || o.method === 'gridding') throw new Error(`runRecon: ${o.method} is a multi-coil method`);
  const method = o.method;
  const acq = given.acq ?? loadAcquisition(o.kspace, o.mask, o.noiseStd);
  const truth = o.truth ? loadTruthFor(o.truth, acq, o.kspace, o.slice) : undefined;
  // option values the library rejects (--constrained without --noise-std, --wavelet db9) are usage errors
  const auto = typeof o.lambda === 'object' ? o.lambda : null;
  const result = optionsCall(() =>
    reconstruct(acq, {
      method,
      lambda: auto ? undefined : (o.lambda as number | undefined),
      lambdaTV: o.lambdaTv,
      wavelet: o.wavelet,
      maxIter: o.iters,
      tol: o.tol,
      seed: o.seed,
      spin: o.spin,
      solver: o.solver,
      constrained: o.constrained,
      team: given.team,
      ...(auto ? { autoLambda: { rule: auto.rule, ...(o.noiseStd !== undefined ? { noiseStd: o.noiseStd, noiseSource: 'given (--noise-std)' } : {}) } } : {}),
    }),
  );
  const { ny, nx } = acq;
  const zeroFilled = cartesianOperator(ny, nx, acq.mask).adjoint(acq.y, new Float64Array(2 * ny * nx));
  const out = new Outputs(o.out);
  let peak = 0;
  for (let i = 0; i < ny * nx; i++)
    peak = Math.max(peak, Math.hypot((truth ?? result.image)[2 * i], (truth ?? result.image)[2 * i + 1]));
  const win: [number, number] = [0, peak];
  const files: Record<string, string> = {
    recon: out.array('recon', result.image, ny, nx, true, o.format),
    reconPng: out.png('recon', result.image, ny, nx, true, win),
    zeroFilledPng: out.png('zero-filled', zeroFilled, ny, nx, true, win),
  };
  let metrics: Record<string, unknown> | null = null;
  if (truth) {
    const err = new Float64Array(2 * ny * nx);
    for (let i = 0; i < err.length; i++) err[i] = result.image[i] - truth[i];
    files.truthPng = out.png('truth', truth, ny, nx, true, win);
    files.errorPng = out.png('error', err, ny, nx, true);
    const m = (x: Float64Array) => ({
      nrmse: nrmse(x, truth),
      nrmseScaled: nrmseScaled(x, truth),
      psnr: psnr(x, truth),
      ssim: ny >= 11 && nx >= 11 ? ssim(x, truth, ny, nx) : null,
    });
    metrics = { recon: m(result.image), zeroFilled: m(zeroFilled) };
  }
  // options the chosen method does not use: said, not silently dropped
  const ignored: string[] = [];
  const usesW = o.method === 'l1-wavelet' || o.method === 'wavelet-tv';
  const usesTV = o.method === 'tv' || o.method === 'wavelet-tv';
  if (typeof o.lambda === 'number' && !usesW) ignored.push(`--lambda is not used by --method ${o.method}`);
  if (o.lambdaTv !== undefined && !usesTV) ignored.push(`--lambda-tv is not used by --method ${o.method}`);
  if (o.solver === 'primal-dual' && o.method !== 'l1-wavelet') ignored.push(`--solver chooses the l1-wavelet algorithm; --method ${o.method} always runs primal-dual`);
  if (o.noiseStd !== undefined && !o.constrained && !auto) ignored.push('--noise-std is used only with --constrained and --lambda auto');
  if (auto && o.lambdaTv !== undefined) ignored.push('--lambda-tv is not used with --lambda auto (it chooses the weight of every term; wavelet-tv keeps them equal)');
  if (result.lambdaChoice) {
    files.lambdaChoiceSvg = out.text('lambda-choice.svg', lambdaChoiceSvg(result.lambdaChoice));
    result.warnings.push(...result.lambdaChoice.notes);
  }
  result.warnings.push(...ignored);
  result.warnings.unshift(...acquisitionWarnings(acq));
  const { image: _image, history: _history, lambdaChoice, ...info } = result;
  const summary = {
    kspace: o.kspace,
    mask: o.mask ?? '(non-zero k-space entries)',
    truth: o.truth ?? null,
    ...info,
    ...(lambdaChoice ? { lambdaChoice: lambdaChoiceJson(lambdaChoice) } : {}),
    metrics,
    files,
  };
  return { acq, truth, result, zeroFilled, out, summary };
}

export function printRecon(run: ReconRun): void {
  const r = run.result;
  for (const w of r.warnings) process.stderr.write(`candor: warning: ${w}\n`);
  console.log(
    `${r.method}: ${r.ny}x${r.nx}, ${r.iterations} iterations (${r.converged ? 'converged' : r.stopReason}), ${r.seconds.toFixed(2)} s, data residual ${r.dataResidual.toExponential(2)}`,
  );
  const c = r.lambdaChoice;
  if (c) {
    console.log(
      `  lambda     ${c.lambda.toPrecision(3)} chosen by ${c.rule} over ${c.path.length} weights (${c.solves} short solves); noise std ${c.noiseStd?.toPrecision(3)}, ${c.noiseSource}`,
    );
  }
  const m = run.summary.metrics as {
    recon: { nrmse: number; nrmseScaled: number; psnr: number; ssim: number | null };
    zeroFilled: { nrmseScaled: number };
  } | null;
  if (m) {
    console.log(
      `  NRMSE ${m.recon.nrmse.toFixed(4)} (scaled ${m.recon.nrmseScaled.toFixed(4)}; zero-filled ${m.zeroFilled.nrmseScaled.toFixed(4)}), PSNR ${m.recon.psnr.toFixed(2)} dB${m.recon.ssim === null ? '' : `, SSIM ${m.recon.ssim.toFixed(4)}`}`,
    );
  }
}

export function printMultiCoil(run: MultiCoilRun): void {
  const r = run.result;
  for (const w of r.warnings) process.stderr.write(`candor: warning: ${w}\n`);
  const e = run.espirit;
  console.log(
    `${r.method}: ${r.ny}x${r.nx}, ${r.nc} coil${r.nc === 1 ? '' : 's'}, ${r.trajectory}, sensitivities ${e ? `ESPIRiT (${e.kernels}/${e.kernelsTotal} kernels, calibration ${e.calib.sy}x${e.calib.sx})` : run.unitSensitivity ? '1 (one coil)' : 'given'}; ${r.iterations} iterations (${r.converged ? 'converged' : r.stopReason}), ${r.seconds.toFixed(2)} s, data residual ${r.dataResidual.toExponential(2)}`,
  );
  const c = r.lambdaChoice;
  if (c) {
    console.log(
      `  lambda     ${c.lambda.toPrecision(3)} chosen by ${c.rule} over ${c.path.length} weights (${c.solves} short solves); noise std ${c.noiseStd?.toPrecision(3)}, ${c.noiseSource}`,
    );
  }
  const m = run.summary.metrics as { recon: { nrmse: number; nrmseScaled: number; psnr: number; ssim: number | null } } | null;
  if (m) console.log(`  magnitude NRMSE ${m.recon.nrmse.toFixed(4)} (scaled ${m.recon.nrmseScaled.toFixed(4)}), PSNR ${m.recon.psnr.toFixed(2)} dB${m.recon.ssim === null ? '' : `, SSIM ${m.recon.ssim.toFixed(4)}`}`);
}

/** The iterations of a multi-coil reconstruction when --iters is not given: CG-SENSE's own count, else the solvers'. */
export function multiCoilDefaultIters(method: ReconCliOpts['method']): number {
  return method === 'cg-sense' ? MULTICOIL_RECON_DEFAULTS.cgIter : MULTICOIL_RECON_DEFAULTS.maxIter;
}

/**
 * Whether --iters was given to a multi-coil `mri recon` / `mri report`; when not, the method's own
 * iteration count ({@link multiCoilDefaultIters}, which differs from --iters' default for
 * CG-SENSE) is stated in the receipt, so that a replay passing it explicitly runs the same iterations.
 */
export function noteMultiCoilIters(method: ReconCliOpts['method'], cmd: Command): boolean {
  const itersGiven = cmd.getOptionValueSource('iters') !== 'default';
  if (!itersGiven) {
    const it = multiCoilDefaultIters(method);
    noteResolvedOptions({ iters: { value: it, arg: String(it) } });
  }
  return itersGiven;
}

export function registerMriRecon(mri: Command): void {
  reconOptions(mri.command('recon').description('reconstruct an image from undersampled k-space'))
    .addHelpText(
      'after',
      '\nWrites <out>/recon (array), recon.png, zero-filled.png (multi-coil with --traj: gridding.png), and with --truth truth.png, error.png; <out>/recon.json;\n' +
        'with --lambda auto also lambda-choice.svg (the criterion over the weight path) and recon.json lambdaChoice.\n' +
        'Examples:\n  candor mri recon --kspace sim/kspace.cfl --truth sim/truth.cfl --out rec\n' +
        '  candor mri recon --kspace sim/kspace.cfl --mask sim/mask.cfl --method tv --out rec-tv\n' +
        '  candor mri recon --kspace sim/kspace.cfl --lambda auto:gcv --out rec-auto',
    )
    .action(async (o: ReconCliOpts, cmd: Command) => {
      refuseAllZeroKspace(o.kspace);
      if (isMultiCoil(o)) {
        const itersGiven = noteMultiCoilIters(o.method, cmd);
        const run = await runReconMultiCoil(o, itersGiven);
        run.out.json('recon', run.summary);
        commitOutputs(run.out, 'mri recon', RECON_OUTPUT_FILES, [o.kspace, o.mask, o.truth, o.sens, o.traj]);
        if (o.json) console.log(JSON.stringify(run.summary, null, 2));
        else printMultiCoil(run);
        return;
      }
      const run = await runReconThreaded(o);
      run.out.json('recon', run.summary);
      commitOutputs(run.out, 'mri recon', RECON_OUTPUT_FILES, [o.kspace, o.mask, o.truth, o.sens, o.traj]);
      if (o.json) console.log(JSON.stringify(run.summary, null, 2));
      else printRecon(run);
    });
}
