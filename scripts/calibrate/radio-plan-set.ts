/**
 * The skies of the radio plan's calibration (./radio-plan-sweeps.ts, ./radio-plan-fit.ts), on the
 * 64 x 64 grid at `cell`: calibration and held-back sets (see ./radio-plan-sweeps.ts).
 */
import { parseAngle } from '../../src/apps/radio/angles.ts';
import { coreJetSky, ringSky } from '../../src/apps/radio/skies.ts';

export function planSkies(cell: number): { name: string; set: 'calibration' | 'held-back'; sky: Float64Array }[] {
  const deg = Math.PI / 180;
  return [
    { name: 'ring 30uas', set: 'calibration', sky: ringSky(64, cell, { diameter: parseAngle('30uas'), flux: 0.6 }) },
    { name: 'ring 50uas', set: 'calibration', sky: ringSky(64, cell, { diameter: parseAngle('50uas'), flux: 0.6 }) },
    { name: 'corejet pa 20', set: 'calibration', sky: coreJetSky(64, cell, { flux: 0.6, pa: 20 * deg, length: 16 * cell }) },
    { name: 'corejet pa -150', set: 'calibration', sky: coreJetSky(64, cell, { flux: 0.6, pa: -150 * deg, length: 16 * cell }) },
    { name: 'ring 40uas (study)', set: 'held-back', sky: ringSky(64, cell, { diameter: parseAngle('40uas'), flux: 0.6 }) },
    { name: 'corejet (study)', set: 'held-back', sky: coreJetSky(64, cell, { flux: 0.6 }) },
    { name: 'ring 35uas 1Jy', set: 'held-back', sky: ringSky(64, cell, { diameter: parseAngle('35uas'), flux: 1 }) },
  ];
}
