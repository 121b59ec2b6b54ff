/**
 * `candor radio`: radio-interferometric visibilities (docs/radio.md): `info` (what a file holds
 * and can image), `image` (dirty, CLEAN, compressed sensing, RML) and `simulate` (a known sky
 * observed with a real coverage).
 */
import type { Command } from 'commander';
import { registerRadioImage } from './radio-image.ts';
import { registerRadioInfo } from './radio-info.ts';
import { registerRadioSimulate } from './radio-simulate.ts';

export function registerRadio(program: Command): void {
  const radio = program
    .command('radio')
    .description('radio interferometry: visibility files (UVFITS, EHT text exports), uv coverage, imaging (dirty, CLEAN, compressed sensing, RML) and simulation')
    .addHelpText(
      'after',
      '\nExamples:\n  candor radio info ../shared/data/astro/pyuvdata_vlba_mojave.uvfits\n  candor radio info obs.uvfits --plots out --cell 2uas --size 128\n' +
        '  candor radio image --vis obs.uvfits --size 128 --cell 0.2mas --method cs --out img\n  candor radio simulate --vis obs.uvfits --sky sky.fits --out sim.uvfits',
    );
  registerRadioInfo(radio);
  registerRadioImage(radio);
  registerRadioSimulate(radio);
}
