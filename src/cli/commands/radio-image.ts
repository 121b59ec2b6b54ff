/**
 * `candor radio image --vis FILE --size N --cell ANGLE --method dirty|clean|cs|rml --out DIR`:
 * image visibilities (UVFITS or an EHT text export) and write DIR/image.fits, image.png,
 * residual.fits, psf.fits (and model.fits for CLEAN) with a celestial WCS and the restoring beam,
 * and DIR/summary.json (chi-squared, residual rms, dynamic range, peak, total flux, beam, core and
 * jet direction, ring, the theory and its explain paragraph). One library call:
 * `imageVisibilities` (src/apps/radio/image.ts).
 */
import type { Command } from 'commander';
import { CS_DEFAULTS, CS_DICTIONARIES, type CsDictionary } from '../../apps/radio/cs.ts';
import { IMAGING_METHODS, type ImagingMethod, imageVisibilities } from '../../apps/radio/image.ts';
import { formatAngle } from '../../apps/radio/angles.ts';
import { writeImagingOutputs } from '../../apps/radio/node/outputs.ts';
import { readVisibilityFile } from '../../apps/radio/node/files.ts';
import { RML_DEFAULTS, RML_PRESETS, type RmlPreset } from '../../apps/radio/rml.ts';
import { visibilitiesFromUvfits } from '../../apps/radio/visibilities.ts';
import { UsageError } from '../errors.ts';
import { choiceOption, intOption, numberOption } from '../options.ts';
import { noteStaleOutputs } from '../stale-outputs.ts';
import { cellOption } from './radio-info.ts';

interface ImageOpts {
  vis: string;
  size: number;
  cell: number;
  method: ImagingMethod;
  out: string;
  weight: string;
  clean: 'hogbom' | 'cotton-schwab';
  niter?: number;
  gain?: number;
  mgain?: number;
  dictionary: CsDictionary;
  tv?: number;
  iterations?: number;
  data: RmlPreset;
  flux?: number;
  priorFwhm?: number;
  uvMin?: number;
  uvMax?: number;
  scanAverage?: number;
  zeroBaseline?: number;
  sysNoise?: number;
  allowSingleHand?: boolean;
  json?: boolean;
}

function weightOption(v: string): string {
  if (v === 'natural' || v === 'uniform' || /^briggs(:[-+]?\d+(\.\d*)?)?$/.test(v)) {
    const r = v.startsWith('briggs:') ? Number(v.slice(7)) : 0;
    if (r >= -5 && r <= 5) return v;
  }
  throw new UsageError('candor', 'option --weight', 'natural, uniform or briggs:R with R in [-5, 5]', JSON.stringify(v));
}

function angleOption(flag: string) {
  return (v: string) => {
    try {
      return cellOption(v);
    } catch (e) {
      if (e instanceof UsageError) throw new UsageError('candor', `option ${flag}`, e.expected, e.got);
      throw e;
    }
  };
}

/**
 * The largest image side: the PSF is imaged on a 2N x 2N field through a 2x oversampled NUFFT, a
 * 4N x 4N grid, which at N = 2048 is 2^26 points (the grid FFT stops at 2^27): a larger --size is
 * refused before any memory is spent.
 */
export const MAX_RADIO_SIZE = 2048;

/** --size: an even integer in [8, MAX_RADIO_SIZE] (the phase centre at pixel N/2). */
function radioSizeOption(v: string): number {
  const n = Number(v);
  // decimal digits (or exponent notation), as intOption reads them; one message for every way to miss
  if (!/^[-+]?\d+(\.\d*)?(e[-+]?\d+)?$/i.test(v.trim()) || !Number.isInteger(n) || n < 8 || n > MAX_RADIO_SIZE || n % 2 !== 0) throw new UsageError('candor', 'option --size', `an even integer in [8, ${MAX_RADIO_SIZE}] (the phase centre at pixel N/2)`, JSON.stringify(v));
  return n;
}

export function registerRadioImage(radio: Command): void {
  radio
    .command('image')
    .description('image visibilities: dirty image, CLEAN (Hogbom, Cotton-Schwab), compressed sensing (starlet, SARA, TV) or RML (MEM + TV, closure quantities); FITS, PNG and a summary with the theory')
    .requiredOption('--vis <file>', 'visibilities: UVFITS (.uvfits, .uvf, .fits) or an EHT text export (.txt, .csv)')
    .requiredOption('--size <n>', `image side in pixels (even, 8 .. ${MAX_RADIO_SIZE})`, radioSizeOption)
    .requiredOption('--cell <angle>', 'pixel size (e.g. 2uas, 0.1mas, 1arcsec)', cellOption)
    .requiredOption('--method <m>', IMAGING_METHODS.join(', '), choiceOption('--method', IMAGING_METHODS))
    .requiredOption('--out <dir>', 'output directory')
    .option('--weight <w>', 'imaging weights of the dirty image, PSF and CLEAN: natural, uniform, briggs:R', weightOption, 'natural')
    .option('--clean <alg>', 'CLEAN algorithm: hogbom (image plane) or cotton-schwab (major cycles)', choiceOption('--clean', ['hogbom', 'cotton-schwab'] as const), 'cotton-schwab')
    .option('--niter <n>', 'CLEAN components (default 1000)', intOption('--niter', 0, 10000000))
    .option('--gain <g>', 'CLEAN loop gain (default 0.1)', numberOption('--gain', 0, 1, true))
    .option('--mgain <g>', 'Cotton-Schwab major-cycle gain (default 0.9)', numberOption('--mgain', 0, 1, true))
    .option('--dictionary <d>', `CS dictionary: ${CS_DICTIONARIES.join(', ')}`, choiceOption('--dictionary', CS_DICTIONARIES), 'starlet')
    .option('--tv <w>', 'CS: add total variation with this weight relative to the l1 term', numberOption('--tv', 0))
    .option('--iterations <n>', `CS primal-dual iterations (default ${CS_DEFAULTS.maxIter}); RML L-BFGS iterations per pass (default ${RML_DEFAULTS.maxIter})`, intOption('--iterations', 1, 1000000))
    .option('--data <d>', 'RML data terms: vis (calibrated visibilities) or closure (closure phases, log closure amplitudes and amplitudes, with self-calibration: VLBI)', choiceOption('--data', RML_PRESETS), 'vis')
    .option('--flux <jy>', 'RML: total compact flux in Jy (default: the median amplitude of the shortest 5% of baselines)', numberOption('--flux', 0, Infinity, true))
    .option('--prior-fwhm <angle>', 'RML: FWHM of the Gaussian prior (default a third of the field)', angleOption('--prior-fwhm'))
    .option('--uv-min <lambda>', 'leave out baselines shorter than this (wavelengths)', numberOption('--uv-min', 0))
    .option('--uv-max <lambda>', 'leave out baselines longer than this (wavelengths)', numberOption('--uv-max', 0, Infinity, true))
    .option('--scan-average <seconds>', 'average each baseline over scans (gaps longer than this split scans)', numberOption('--scan-average', 0, Infinity, true))
    .option('--zero-baseline <jy>', 'scale baselines shorter than 0.1 Glambda (or --uv-min) to this compact flux (EHT intra-site baselines)', numberOption('--zero-baseline', 0, Infinity, true))
    .option('--sys-noise <f>', 'fractional systematic noise added to every sigma (e.g. 0.02)', numberOption('--sys-noise', 0, 1))
    .option('--allow-single-hand', 'use a lone unflagged RR or LL (XX or YY) as Stokes I')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nWrites DIR/image.fits (Jy/beam for dirty and CLEAN, Jy/pixel for CS and RML), image.png, residual.fits, psf.fits,\n' +
        'model.fits (CLEAN components) and summary.json. w-terms are ignored (small fields).\n' +
        '\nExamples:\n' +
        '  candor radio image --vis ../shared/data/astro/pyuvdata_vlba_mojave.uvfits --size 128 --cell 0.2mas --method clean --out vlba-clean\n' +
        '  candor radio image --vis ../shared/data/astro/pyuvdata_vlba_mojave.uvfits --size 128 --cell 0.2mas --method cs --out vlba-cs\n' +
        '  candor radio image --vis ../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits --size 64 --cell 2uas \\\n' +
        '      --method rml --data closure --flux 0.6 --prior-fwhm 40uas --scan-average 120 --zero-baseline 0.6 --sys-noise 0.02 --out eht-rml',
    )
    .action((o: ImageOpts) => {
      if (o.uvMin !== undefined && o.uvMax !== undefined && o.uvMin > o.uvMax) {
        throw new UsageError('candor', 'options --uv-min and --uv-max', 'a minimum at most the maximum (wavelengths)', `--uv-min ${o.uvMin} > --uv-max ${o.uvMax}`);
      }
      const f = readVisibilityFile(o.vis);
      const vs = f.kind === 'uvfits' ? visibilitiesFromUvfits(f.uv, { name: o.vis, allowSingleHand: o.allowSingleHand }) : f.vis;
      const [scheme, robust] = o.weight.startsWith('briggs') ? (['briggs', o.weight.includes(':') ? Number(o.weight.split(':')[1]) : 0] as const) : ([o.weight as 'natural' | 'uniform', undefined] as const);
      const zbCut = o.uvMin ?? 1e8;
      const r = imageVisibilities(vs, {
        method: o.method,
        size: o.size,
        cell: o.cell,
        weighting: scheme,
        robust,
        name: o.vis,
        uvMin: o.zeroBaseline !== undefined ? undefined : o.uvMin,
        uvMax: o.uvMax,
        scanGap: o.scanAverage,
        zeroBaseline: o.zeroBaseline !== undefined ? { flux: o.zeroBaseline, uvCut: zbCut } : undefined,
        systematicNoise: o.sysNoise,
        clean: { algorithm: o.clean, niter: o.niter, gain: o.gain, mgain: o.mgain },
        cs: { dictionary: o.dictionary, tv: o.tv, maxIter: o.iterations },
        rml: {
          data: o.data,
          flux: o.flux,
          priorFwhm: o.priorFwhm,
          maxIter: o.iterations,
          closureUvMin: o.zeroBaseline !== undefined ? zbCut : (o.uvMin ?? 0),
        },
      });
      const files = writeImagingOutputs(o.out, r, vs);
      // a CLEAN model beside an image of another method would be read as its model
      noteStaleOutputs(o.out, ['model.fits'], [...files, o.vis]);
      if (o.json) {
        console.log(JSON.stringify({ ...r.summary, files }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2));
        return;
      }
      for (const w of r.summary.warnings) process.stderr.write(`candor: warning: ${w}\n`);
      const s = r.summary;
      const lines = [
        `${s.file}: ${s.algorithm}, ${s.size}x${s.size} at ${s.cell} (${s.visibilities} visibilities${s.dropped ? `, ${s.dropped} dropped` : ''}, ${s.weighting} weights for the PSF)`,
        `  chi-squared ${s.chi2.toFixed(1)} (reduced ${s.reducedChi2.toFixed(3)} for ${2 * s.visibilities} real measurements)`,
        `  peak ${s.peak.toPrecision(4)} Jy/beam, residual rms ${s.residualRms.toPrecision(3)} Jy/beam, dynamic range ${s.dynamicRange.toFixed(0)}${s.totalFlux !== null ? `, total flux ${s.totalFlux.toPrecision(4)} Jy` : ''}`,
        `  beam ${s.beam.major} x ${s.beam.minor}, PA ${s.beam.bpaDeg.toFixed(1)} deg (fitted to the PSF main lobe)`,
        `  core at ${s.core.l} east, ${s.core.m} north of the phase centre${s.jet ? `; jet PA ${s.jet.paDeg.toFixed(1)} deg (${(100 * s.jet.fluxFraction).toFixed(0)}% of the flux, mean distance ${s.jet.distance})` : ''}`,
      ];
      if (s.ring) lines.push(`  ring diameter ${s.ring.diameter} (twice the mean radius of peak brightness), width ${s.ring.width}, brightest at PA ${s.ring.paDeg.toFixed(0)} deg`);
      lines.push(`  ${s.explain}`);
      lines.push(`  wrote ${files.join(', ')} (${formatAngle(s.cellRad)} pixels, ${s.seconds.toFixed(2)} s)`);
      console.log(lines.join('\n'));
    });
}
