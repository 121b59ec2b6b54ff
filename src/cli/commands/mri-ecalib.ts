/**
 * `candor mri ecalib`: ESPIRiT coil sensitivities of multi-coil k-space, as `bart ecalib -m1`
 * (../../apps/mri/coils/espirit.ts): writes <out>/sens (CFL dims [ny, nx, 1, coils], or NPY
 * [coils, ny, nx]), the eigenvalue map, a PNG of the maps' root sum of squares and ecalib.json.
 */
import type { Command } from 'commander';
import { ESPIRIT_DEFAULTS, espirit } from '../../apps/mri/coils/espirit.ts';
import { rootSumOfSquares } from '../../apps/mri/coils/types.ts';
import { checkReduction, gFactorCartesian } from '../../apps/mri/gfactor.ts';
import { calibrationKspace } from '../../apps/mri/multicoil.ts';
import { optionsCall } from '../errors.ts';
import { choiceOption, intOption, numberListOption, numberOption } from '../options.ts';
import { commitOutputs, Outputs, realKspaceWarning, refuseAllZeroKspace } from './mri-common.ts';
import { loadMultiCoil, MAX_TRAJECTORY_MATRIX } from './mri-multicoil.ts';

interface EcalibOpts {
  kspace: string;
  traj?: string;
  coilAxis?: number;
  matrix?: number[];
  virtualCoils?: number;
  gfactor?: number[];
  calib: number;
  kernel: number;
  threshold: number;
  crop: number;
  format: 'cfl' | 'npy';
  out: string;
  json?: boolean;
}

/** `--matrix 256,256`: the image size of a trajectory (default from its extent). */
export const matrixOption = numberListOption(
  '--matrix',
  (x) => Number.isInteger(x) && x >= 1 && x <= MAX_TRAJECTORY_MATRIX,
  `ny,nx: two integers in [1, ${MAX_TRAJECTORY_MATRIX}]`,
);

export function registerMriEcalib(mri: Command): void {
  mri
    .command('ecalib')
    .description('ESPIRiT coil sensitivities from the fully sampled centre of multi-coil k-space (as bart ecalib -m1)')
    .requiredOption('--kspace <file>', 'multi-coil k-space: CFL (coils in BART dimension 3), NPY (--coil-axis), ISMRMRD .h5')
    .option('--traj <file>', 'trajectory of non-Cartesian k-space (BART CFL [3, samples, spokes] or NPY [..., 2]): calibrates on its gridded centre')
    .option('--coil-axis <a>', 'coil axis of an NPY array (default 0 of a 3-D array)', intOption('--coil-axis', 0, 15))
    .option('--matrix <ny,nx>', 'image size of a trajectory (default 2 ceil(max |k|) per axis)', matrixOption)
    .option('--virtual-coils <p>', 'SVD coil compression to p virtual coils first (as bart cc -p p -S): maps of the virtual coils', intOption('--virtual-coils', 1, 1024))
    .option('--gfactor <ry[,rx]>', 'also the analytic SENSE g-factor map of regular undersampling by ry rows (and rx columns) with these maps', numberListOption('--gfactor', (x) => Number.isInteger(x) && x >= 1 && x <= 64, 'ry or ry,rx: integers in [1, 64]', 2))
    .option('--calib <n>', 'largest calibration region side (bart -r)', intOption('--calib', 2, 4096), ESPIRIT_DEFAULTS.calib)
    .option('--kernel <n>', 'kernel side (bart -k)', intOption('--kernel', 1, 16), ESPIRIT_DEFAULTS.kernel)
    .option('--threshold <t>', 'singular-value threshold (bart -t)', numberOption('--threshold', 0, 1, false, true), ESPIRIT_DEFAULTS.threshold)
    .option('--crop <c>', 'eigenvalue crop (bart -c)', numberOption('--crop', 0, 1, false, true), ESPIRIT_DEFAULTS.crop)
    .option('--format <f>', 'array output format: cfl or npy', choiceOption('--format', ['cfl', 'npy'] as const), 'cfl')
    .requiredOption('--out <dir>', 'output directory')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nWrites <out>/sens (CFL [ny, nx, 1, coils] as bart ecalib, or NPY [coils, ny, nx]), <out>/eigenvalues, sens.png (root sum of squares), ecalib.json.\n' +
        'Examples:\n  candor mri ecalib --kspace ksp.cfl --out cal\n  candor mri ecalib --kspace ksp.npy --coil-axis 0 --format npy --out cal',
    )
    .action(async (o: EcalibOpts) => {
      refuseAllZeroKspace(o.kspace);
      const { acq, file, compression } = await loadMultiCoil(o);
      const real = realKspaceWarning(file);
      if (real) process.stderr.write(`candor: warning: ${real}\n`);
      if (o.gfactor) {
        const [ry, rx = 1] = o.gfactor;
        optionsCall(() => checkReduction(acq.ny, acq.nx, ry, rx, `--gfactor ${o.gfactor?.join(',')}`));
      }
      const t0 = performance.now();
      const e = optionsCall(() => espirit(calibrationKspace(acq), { calib: o.calib, kernel: o.kernel, threshold: o.threshold, crop: o.crop, where: `k-space ${o.kspace}` }));
      const seconds = (performance.now() - t0) / 1000;
      const { ny, nx, nc } = e.maps;
      const out = new Outputs(o.out);
      const files: Record<string, string> = {
        sens: out.coils('sens', e.maps, o.format),
        eigenvalues: out.array('eigenvalues', e.eigenvalues, ny, nx, false, o.format),
        sensPng: out.png('sens', rootSumOfSquares(e.maps), ny, nx, false, [0, 1]),
      };
      let gfactor: { ry: number; rx: number; mean: number; max: number; unfoldable: number } | null = null;
      if (o.gfactor) {
        const [ry, rx = 1] = o.gfactor;
        const g = optionsCall(() => gFactorCartesian(e.maps, ry, rx, `--gfactor ${o.gfactor?.join(',')}`));
        let sum = 0;
        let count = 0;
        let max = 0;
        let unfoldable = 0;
        for (let i = 0; i < g.length; i++) {
          const v = g[i];
          if (!Number.isFinite(v)) {
            // E^H E singular there (more folded pixels than the coils separate): 0 in the files, counted
            unfoldable++;
            g[i] = 0;
            continue;
          }
          if (v === 0) continue;
          sum += v;
          count++;
          max = Math.max(max, v);
        }
        gfactor = { ry, rx, mean: count ? sum / count : 0, max, unfoldable };
        files.gfactor = out.array('gfactor', g, ny, nx, false, o.format);
        files.gfactorPng = out.png('gfactor', g, ny, nx, false, [0, max > 0 ? max : 1]);
      }
      let inSupport = 0;
      for (const v of e.eigenvalues) if (v > o.crop) inSupport++;
      const summary = {
        kspace: o.kspace,
        coils: file.coils,
        virtualCoils: compression ? { coils: compression.virtual, retainedEnergy: compression.retained } : null,
        ny,
        nx,
        calib: e.calib,
        kernel: o.kernel,
        kernels: e.kernels,
        kernelsTotal: e.kernelsTotal,
        threshold: o.threshold,
        crop: o.crop,
        support: inSupport,
        gfactor,
        seconds,
        /** What the user should know (also on stderr): e.g. a real-valued k-space. */
        warnings: real ? [real] : [],
        files,
      };
      out.json('ecalib', summary);
      commitOutputs(out, 'mri ecalib');
      if (o.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      console.log(`ESPIRiT: ${nc} coils, ${ny}x${nx}, calibration ${e.calib.sy}x${e.calib.sx}, ${e.kernels}/${e.kernelsTotal} kernels, ${inSupport} pixels in the support, ${seconds.toFixed(2)} s`);
      if (gfactor) console.log(`  g-factor at R = ${gfactor.ry} x ${gfactor.rx}: mean ${gfactor.mean.toFixed(3)}, max ${gfactor.max.toFixed(3)} in the support`);
      console.log(`  wrote ${files.sens}, eigenvalues, sens.png${gfactor ? ', gfactor, gfactor.png' : ''}, ecalib.json`);
    });
}
