/**
 * `candor seismic decimate`: remove traces from a gather (random, regular or jittered; the first
 * and last trace of every panel kept) and write it in the same format, missing traces all zero.
 */
import type { Command } from 'commander';
import { DECIMATION_PATTERNS, type DecimationPattern } from '../../apps/seismic/decimate.ts';
import { gatherPanels } from '../../apps/seismic/gather.ts';
import { writeGatherFile } from '../../apps/seismic/node/files.ts';
import { decimatePanels } from '../../apps/seismic/panels.ts';
import { UsageError } from '../errors.ts';
import { sameFile } from '../../io/node/files.ts';
import { CandorError } from '../../core/errors.ts';
import { choiceOption, intOption } from '../options.ts';
import { type GatherReadOpts, gatherReadOptions, loadGather } from './seismic-common.ts';

/** --keep: a number in the open interval (0, 1). */
export function keepOption(v: string): number {
  const x = Number(v);
  if (v.trim() === '' || !(x > 0 && x < 1)) throw new UsageError('candor', 'option --keep', 'a number in (0, 1)', JSON.stringify(v));
  return x;
}

interface DecimateOpts extends GatherReadOpts {
  in: string;
  out: string;
  keep: number;
  seed: number;
  pattern: DecimationPattern;
  panels: 'auto' | 'none';
  json?: boolean;
}

export function registerSeismicDecimate(seismic: Command): void {
  gatherReadOptions(
    seismic
      .command('decimate')
      .description('remove traces (random, regular or jittered; first and last kept) and write the gather with them zeroed'),
  )
    .requiredOption('--in <file>', 'input gather (SEG-Y, SU, NPY)')
    .requiredOption('--keep <q>', 'fraction of traces to keep, in (0, 1)', keepOption)
    .option('--seed <n>', 'seed of the random and jittered patterns', intOption('--seed'), 0)
    .option('--pattern <p>', `${DECIMATION_PATTERNS.join(', ')}`, choiceOption('--pattern', DECIMATION_PATTERNS), 'random')
    .option('--panels <mode>', "auto (one panel per inline of a 3-D file) or none (the whole file)", choiceOption('--panels', ['auto', 'none'] as const), 'auto')
    .requiredOption('--out <file>', 'output gather (format by extension, default the input format)')
    .option('--json', 'print the kept traces as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  candor seismic decimate --in ../shared/data/seismic/pylops_mobil_viking_graben_crg.npy --keep 0.5 --seed 1 --out vg-half.npy\n' +
        '  candor seismic decimate --in ../shared/data/seismic/segyio_f3.sgy --keep 0.5 --pattern jitter --out f3-jitter.sgy',
    )
    .action((o: DecimateOpts) => {
      if (sameFile(o.out, o.in)) throw new UsageError('candor', 'option --out', 'a file other than --in (the input gather would be overwritten)', JSON.stringify(o.out));
      const src = loadGather(o.in, o);
      const panels = gatherPanels(src, o.panels);
      const d = decimatePanels(src.gather, panels, { keep: o.keep, pattern: o.pattern, seed: o.seed });
      const kept: number[] = [];
      for (let i = 0; i < d.kept.length; i++) if (d.kept[i]) kept.push(i);
      // a decimation that removes nothing is no test of interpolation (interpolate refuses it): said here
      if (kept.length === src.gather.ntraces) {
        throw new CandorError(
          'candor seismic decimate',
          '--keep',
          `a fraction that removes traces (the ${o.pattern} pattern keeps every trace at ${o.keep}${o.pattern === 'regular' ? ': it keeps one trace in round(1/keep), so below 2/3 for every other trace' : ''})`,
          `${kept.length} of ${src.gather.ntraces} traces kept`,
        );
      }
      const format = writeGatherFile(o.out, src, d.data);
      const summary = { in: o.in, out: o.out, format, pattern: o.pattern, keep: o.keep, seed: o.seed, panels: panels.length, traces: src.gather.ntraces, kept: kept.length, keptTraces: kept, notes: src.notes };
      if (o.json) console.log(JSON.stringify(summary, null, 2));
      else {
        // what the reader assumed or chose (an interval, panels re-sorted), as interpolate says it
        for (const n of src.notes) process.stderr.write(`candor: note: ${n}\n`);
        console.log(`kept ${kept.length} of ${src.gather.ntraces} traces (${o.pattern}, seed ${o.seed}${panels.length > 1 ? `, ${panels.length} panels` : ''}); wrote ${o.out}`);
      }
    });
}
