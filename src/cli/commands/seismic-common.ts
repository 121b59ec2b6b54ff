/**
 * Shared pieces of the `candor seismic` commands: the options that say how to read a gather
 * (--format, --dt for NPY files) and loading it with errors that name the file.
 */
import type { Command } from 'commander';
import { DEFAULT_DT, GATHER_FORMATS, type GatherFormat, type LoadedGather } from '../../apps/seismic/gather.ts';
import { readGatherFile } from '../../apps/seismic/node/files.ts';
import { UsageError } from '../errors.ts';
import { choiceOption, numberOption } from '../options.ts';

export interface GatherReadOpts {
  format?: GatherFormat;
  dt?: number;
}

/** --format (force segy, su or npy) and --dt (ms, for files without an interval). */
export function gatherReadOptions(cmd: Command): Command {
  return cmd
    .option('--format <f>', `input format: ${GATHER_FORMATS.join(', ')} (default: by extension)`, choiceOption('--format', GATHER_FORMATS))
    .option('--dt <ms>', `sample interval in ms for files that store none (NPY; default ${DEFAULT_DT * 1000})`, numberOption('--dt', 0, 1e6, true));
}

/** The file names a gather is read by (others need --format). */
export const GATHER_EXTENSIONS: readonly string[] = Object.freeze(['.sgy', '.segy', '.su', '.npy']);

/**
 * Reads the gather named by `label` (e.g. 'option --data'): a name without a gather extension is
 * refused unless --format says what it is (a UVFITS or text file would otherwise be read as SU).
 */
export function loadGather(path: string, o: GatherReadOpts, label = 'option --in'): LoadedGather {
  const lower = path.toLowerCase();
  if (o.format === undefined && !GATHER_EXTENSIONS.some((e) => lower.endsWith(e))) {
    throw new UsageError('candor', label, `a gather file named ${GATHER_EXTENSIONS.join(', ')} (or its format given by --format ${GATHER_FORMATS.join('|')})`, JSON.stringify(path));
  }
  return readGatherFile(path, { format: o.format, dt: o.dt === undefined ? undefined : o.dt / 1000 });
}
