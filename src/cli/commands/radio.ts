/**
 * `candor radio`: radio-interferometric visibilities (docs/radio.md): `info` (what a file holds
 * and can image), `image` (dirty, CLEAN, compressed sensing, RML) `simulate` (a known sky
 * observed with a real coverage) and `plan` (what the coverage can constrain, per fraction of the track).
 */
import type { Command } from 'commander';
import { registerRadioImage } from './radio-image.ts';
import { registerRadioInfo } from './radio-info.ts';
import { registerRadioPlan } from './radio-plan.ts';
import { registerRadioSimulate } from './radio-simulate.ts';

export function registerRadio(program: Command): void {
  const radio = program
    .command('radio')
    .description('radio interferometry: visibility files (UVFITS, EHT text exports), uv coverage, imaging (dirty, CLEAN, compressed sensing, RML), simulation and planning')
    .addHelpText(
      'after',
      '\nExamples:\n  candor radio info ../shared/data/astro/pyuvdata_vlba_mojave.uvfits\n  candor radio info obs.uvfits --plots out --cell 2uas --size 128\n' +
        '  candor radio image --vis obs.uvfits --size 128 --cell 0.2mas --method cs --out img\n  candor radio simulate --vis obs.uvfits --sky sky.fits --out sim.uvfits\n  candor radio plan --vis obs.uvfits --size 64 --cell 2uas --sky sky.fits --verify',
    );
  registerRadioInfo(radio);
  registerRadioImage(radio);
  registerRadioSimulate(radio);
  registerRadioPlan(radio);
}
