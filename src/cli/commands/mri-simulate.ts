/**
 * `candor mri simulate`: an image (the phantom or a file) -> centred unitary k-space, a seeded
 * mask, optional noise; writes k-space and mask (CFL or NPY), the truth (PNG and array) and a JSON
 * summary with the mask's acceleration, PSF side lobes and wavelet coherence.
 */
import type { Command } from 'commander';
import { simulatedCoilMaps, simulateMultiCoil } from '../../apps/mri/coils/simulate.ts';
import { rootSumOfSquares } from '../../apps/mri/coils/types.ts';
import { coilCalibDefault } from '../../apps/mri/scan-multicoil.ts';
import { simulateKspace } from '../../apps/mri/kspace.ts';
import { type MaskKind, makeMask } from '../../apps/mri/masks/index.ts';
import { maskReport } from '../../apps/mri/psf.ts';
import { ismrmrdFromKspace } from '../../apps/mri/ismrmrd-export.ts';
import { writeIsmrmrd } from '../../io/ismrmrd-write.ts';
import { optionsCall } from '../errors.ts';
import { choiceOption, intOption, numberOption } from '../options.ts';
import { commitOutputs, imageAndMaskOptions, loadTruth, Outputs } from './mri-common.ts';

interface SimulateOpts {
  image: string;
  size: number;
  slice?: number[];
  mask: MaskKind;
  accel: number;
  calib?: number;
  seed: number;
  snrDb?: number;
  coils: number;
  wavelet: string;
  format: 'cfl' | 'npy';
  ismrmrd?: boolean;
  out: string;
  json?: boolean;
}

export function registerMriSimulate(mri: Command): void {
  imageAndMaskOptions(
    mri
      .command('simulate')
      .description(
        'simulate undersampled k-space from an image (centred unitary FFT, seeded mask, optional noise)',
      ),
    'input image',
    8,
  )
    .option('--accel <R>', 'target acceleration (> 1)', numberOption('--accel', 1, 1000, true), 4.5)
    .option(
      '--calib <n>',
      'fully sampled centre (square side; lines: number of lines); default about a tenth of the side, with --coils ESPIRiT\'s max(12, min(24, side/4))',
      intOption('--calib', 0),
    )
    .option('--seed <n>', 'seed of the mask and the noise', intOption('--seed'), 0)
    .option(
      '--snr-db <dB>',
      'add complex Gaussian noise at this SNR (dB)',
      numberOption('--snr-db', -100, 300),
    )
    .option('--coils <n>', 'simulate an array of n receive coils (multi-coil k-space and their sensitivities)', intOption('--coils', 1, 128), 1)
    .option('--wavelet <name>', 'wavelet for the coherence report', 'haar')
    .option(
      '--format <f>',
      'array output format: cfl or npy',
      choiceOption('--format', ['cfl', 'npy'] as const),
      'cfl',
    )
    .option('--ismrmrd', "also write the acquired k-space as ISMRMRD raw data, <out>/kspace.h5 (whole-line masks as Cartesian readouts, other masks as their points with a 2-D trajectory)")
    .requiredOption('--out <dir>', 'output directory')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nWrites <out>/kspace, <out>/mask (CFL or NPY), <out>/truth (array and PNG), <out>/simulate.json;\n' +
        'with --coils n the k-space has n coils (CFL dims [ny, nx, 1, n], NPY [n, ny, nx]) and <out>/sens-true holds their sensitivities.\n' +
        'Examples:\n  candor mri simulate --out sim\n' +
        '  candor mri simulate --coils 8 --accel 6 --out sim8\n' +
        '  candor mri simulate --image ../shared/data/mri/nibabel_example4d.nii.gz --slice 12,0 --accel 4 --out epi',
    )
    .action((o: SimulateOpts) => {
      const truth = loadTruth(o.image, o.size, o.slice);
      const { ny, nx } = truth;
      // option values the generators reject (--calib larger than the image, --wavelet db9) are usage errors
      // with coils, a centre large enough for ESPIRiT (the masks' own ~10% leaves 6x6 at 64x64:
      // zero maps), as mri plan --coils and the lab use; at most the image
      const calib = o.calib ?? (o.coils > 1 ? Math.min(coilCalibDefault(ny, nx), ny, nx) : undefined);
      const { m, rep } = optionsCall(() => {
        const m = makeMask(o.mask, ny, nx, { acceleration: o.accel, calib, seed: o.seed });
        return { m, rep: maskReport(m.mask, ny, nx, { wavelet: o.wavelet }) };
      });
      const maps = o.coils > 1 ? simulatedCoilMaps(ny, nx, o.coils) : null;
      const sim = maps
        ? simulateMultiCoil(truth.data, maps, { mask: m.mask, snrDb: o.snrDb, seed: o.seed })
        : null;
      const { kspace, noiseStd } = sim
        ? { kspace: sim.kspace.data, noiseStd: sim.noiseStd }
        : simulateKspace(truth.data, ny, nx, { mask: m.mask, snrDb: o.snrDb, seed: o.seed });
      const warnings: string[] = [];
      if (rep.levels === 0) {
        warnings.push(
          `the image size ${ny}x${nx} admits no wavelet level (both sides must be even): the TPSF equals the PSF and an l1-wavelet reconstruction acts on pixels; crop or pad to even sizes`,
        );
      }
      if (m.acceleration < 0.9 * o.accel) {
        warnings.push(
          `the ${m.kind} mask reached acceleration ${m.acceleration.toFixed(2)}, not the ${o.accel} asked for: its fully sampled centre (calib ${m.calib}) and the ${ny}x${nx} grid cap it; lower --calib or use a larger image`,
        );
      }
      const out = new Outputs(o.out);
      const files: Record<string, string> = {
        kspace: sim ? out.coils('kspace', sim.kspace, o.format) : out.array('kspace', kspace, ny, nx, true, o.format),
        mask: out.array('mask', Float64Array.from(m.mask), ny, nx, false, o.format),
        truth: out.array('truth', truth.data, ny, nx, truth.complex, o.format),
        truthPng: out.png('truth', truth.data, ny, nx, truth.complex),
        maskPng: out.png('mask', Float64Array.from(m.mask), ny, nx, false, [0, 1]),
      };
      if (o.ismrmrd) {
        const k = sim ? sim.kspace : { ny, nx, nc: 1, data: kspace };
        const x = ismrmrdFromKspace(k, m.mask);
        files.ismrmrd = out.bytes('kspace.h5', writeIsmrmrd(x.xml, x.records));
      }
      if (maps) {
        files.sens = out.coils('sens-true', maps, o.format);
        files.sensPng = out.png('sens-true', rootSumOfSquares(maps), ny, nx, false, [0, 1]);
      }
      const summary = {
        image: truth.path,
        ny,
        nx,
        note: 'k-space is simulated from the image: k = fftshift(fft2(ifftshift(x)))/sqrt(ny nx), BART fft -u 3',
        mask: { kind: m.kind, target: m.target, calib: m.calib, seed: m.seed, params: m.params, ...rep },
        coils: o.coils,
        coilModel: maps ? 'loop coils on a circle of radius 1.5 half-widths, normalised to sum |s_c|^2 = 1 per pixel (apps/mri/coils/simulate.ts)' : null,
        noiseStd,
        snrDb: o.snrDb ?? null,
        warnings,
        files,
      };
      out.json('simulate', summary);
      commitOutputs(out, 'mri simulate');
      if (o.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      for (const w of warnings) process.stderr.write(`candor: warning: ${w}\n`);
      console.log(
        `simulated ${ny}x${nx} k-space from ${truth.path} (${m.kind} mask, acceleration ${rep.acceleration.toFixed(2)}, ${rep.samples} samples)`,
      );
      console.log(
        `  PSF side lobe ${rep.psfSideLobe.toFixed(4)}, TPSF side lobe (${rep.wavelet}) ${rep.tpsfSideLobe.toFixed(4)}${noiseStd ? `, noise std ${noiseStd.toExponential(3)}` : ''}`,
      );
      console.log(`  wrote ${o.out}/{kspace,mask,truth}.${o.format}, truth.png, mask.png${maps ? `, sens-true.${o.format} (${o.coils} coils)` : ''}${o.ismrmrd ? ', kspace.h5 (ISMRMRD)' : ''}, simulate.json`);
    });
}
