/**
 * Shared pieces of the `candor seismic` commands: the options that say how to read a gather
 * (--format, --dt for NPY files) and loading it with errors that name the file.
 */
import type { Command } from 'commander';
import { DEFAULT_DT, GATHER_FORMATS, type GatherFormat, type LoadedGather } from '../../apps/seismic/gather.ts';
import { readGatherFile } from '../../apps/seismic/node/files.ts';
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

export function loadGather(path: string, o: GatherReadOpts): LoadedGather {
  return readGatherFile(path, { format: o.format, dt: o.dt === undefined ? undefined : o.dt / 1000 });
}
