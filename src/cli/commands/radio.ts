/**
 * `candor radio`: radio-interferometric visibilities (docs/radio.md). Today: `info`; the imaging
 * commands (`image`, `simulate`) come with the NUFFT.
 */
import type { Command } from 'commander';
import { registerRadioInfo } from './radio-info.ts';

export function registerRadio(program: Command): void {
  const radio = program
    .command('radio')
    .description('radio interferometry: summarise visibility files (UVFITS, EHT text exports), uv coverage, resolution and cell size')
    .addHelpText('after', '\nExamples:\n  candor radio info ../shared/data/astro/pyuvdata_vlba_mojave.uvfits\n  candor radio info obs.uvfits --plots out --cell 2uas --size 128');
  registerRadioInfo(radio);
}
