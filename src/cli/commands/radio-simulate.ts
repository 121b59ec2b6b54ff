/**
 * `candor radio simulate --vis FILE --sky IMAGE.fits --out FILE.uvfits`: the real coverage of a
 * UVFITS file observing a known sky (a FITS image in Jy/pixel with its own pixel size), with the
 * noise its weights state (Gaussian, sigma = 1/sqrt(w) per component, seeded): every group, IF
 * and channel keeps its u, v, w, time, baseline and weights; the parallel hands get the model plus
 * noise, the cross hands noise only. One library call: `simulateUvfits` (src/apps/radio/simulate.ts).
 */
import type { Command } from 'commander';
import { readUvfitsFile } from '../../apps/radio/node/files.ts';
import { simulateUvfits, skyFromFits } from '../../apps/radio/simulate.ts';
import { formatAngle } from '../../apps/radio/angles.ts';
import { fitsHead, onStreams, readFileBytes, sameFile } from '../../io/node/files.ts';
import { writeUvfitsFile } from '../../io/node/formats.ts';
import { UsageError } from '../errors.ts';
import { intOption } from '../options.ts';
import { cellOption } from './radio-info.ts';

interface SimulateOpts {
  vis: string;
  sky: string;
  out: string;
  seed: number;
  noise: boolean;
  skyCell?: number;
  json?: boolean;
}

export function registerRadioSimulate(radio: Command): void {
  radio
    .command('simulate')
    .description('simulate visibilities: the coverage of a UVFITS file observing a known sky image, with the noise of its weights')
    .requiredOption('--vis <file>', 'UVFITS file whose coverage (u, v, times, baselines, weights) is used')
    .requiredOption('--sky <file>', 'FITS image of the sky in Jy/pixel (square pixels, CDELT1 = -CDELT2; 2-D)')
    .requiredOption('--out <file>', 'output UVFITS file')
    .option('--seed <n>', 'seed of the noise', intOption('--seed', 0), 0)
    .option('--no-noise', 'the model visibilities without noise')
    .option('--sky-cell <angle>', "the sky's pixel size instead of its CDELT (e.g. to place any image, such as a solar image, at VLBI scales)", (v: string) => {
      try {
        return cellOption(v);
      } catch (e) {
        if (e instanceof UsageError) throw new UsageError('candor', 'option --sky-cell', e.expected, e.got);
        throw e;
      }
    })
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  candor radio simulate --vis ../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits --sky ring.fits --out ring.uvfits\n' +
        '  candor radio simulate --vis ../shared/data/astro/pyuvdata_vlba_mojave.uvfits --sky ../shared/data/astro/reproject_sdo_aia_171_level1.fits --sky-cell 0.2mas --out sun-vlba.uvfits',
    )
    .action((o: SimulateOpts) => {
      if (sameFile(o.out, o.vis)) throw new UsageError('candor', 'option --out', 'a file other than --vis (the observed visibilities would be overwritten)', JSON.stringify(o.out));
      if (sameFile(o.out, o.sky)) throw new UsageError('candor', 'option --out', 'a file other than --sky (the sky model would be overwritten)', JSON.stringify(o.out));
      const uv = readUvfitsFile(o.vis);
      const sky = skyFromFits(readFileBytes(o.sky, `radio simulate(${o.sky})`, 'file', onStreams(o.sky, fitsHead(`sky ${o.sky}`))), o.sky, { cellOverride: o.skyCell });
      const sim = simulateUvfits(uv, sky, { seed: o.seed, noise: o.noise });
      writeUvfitsFile(o.out, sim, { history: [`candor radio simulate: ${o.sky} observed with the coverage of ${o.vis}${o.noise ? `, noise from the weights (seed ${o.seed})` : ''}`] });
      let flux = 0;
      for (const v of sky.image) flux += v;
      const summary = { vis: o.vis, sky: o.sky, out: o.out, skySize: sky.size, skyCell: formatAngle(sky.cell), skyFlux: flux, groups: uv.nGroups, seed: o.seed, noise: o.noise, notes: sky.notes };
      if (o.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      for (const n of sky.notes) process.stderr.write(`candor: note: ${n}\n`);
      console.log(`${o.out}: ${o.sky} (${sky.size}x${sky.size} at ${formatAngle(sky.cell)}, ${flux.toPrecision(4)} Jy) observed with the coverage of ${o.vis} (${uv.nGroups} groups)${o.noise ? `, noise from the weights (seed ${o.seed})` : ', no noise'}`);
    });
}
