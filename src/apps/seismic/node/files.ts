/**
 * Node-only: gathers by path (SEG-Y, SU, NPY by extension), with errors that name the file, and
 * atomic writes (no partial output on failure).
 *
 * @example
 * import { readGatherFile } from './files.ts';
 * const g = readGatherFile('../shared/data/seismic/pylops_mobil_viking_graben_crg.npy');
 * g.gather.ntraces; g.gather.ns;   // 60, 1000
 */
import { readFileBytes, writeFileAtomic } from '../../../io/node/files.ts';
import { type DecodeGatherOptions, decodeGather, encodeGatherAs, type GatherFormat, gatherFormatOf, type LoadedGather, segyInterval } from '../gather.ts';

/** Reads a gather file (SEG-Y, SU or NPY, by extension then content) with {@link decodeGather}. */
export function readGatherFile(path: string, opts: DecodeGatherOptions = {}): LoadedGather {
  return decodeGather(readFileBytes(path, `gather ${path}`), path, opts);
}

/**
 * The format `src` is written in as `path` (its extension's, default the source's), checked before
 * any work: a conversion to SEG-Y or SU needs an interval those can store (`segyInterval`).
 */
export function gatherOutputFormat(path: string, src: LoadedGather): GatherFormat {
  const lower = path.toLowerCase();
  const known = lower.endsWith('.sgy') || lower.endsWith('.segy') || lower.endsWith('.su') || lower.endsWith('.npy');
  const format = known ? gatherFormatOf(path, new Uint8Array(0)) : src.format;
  if (format !== src.format && format !== 'npy') segyInterval(src.gather.dt, format, path);
  return format;
}

/** `data` encoded as `path` in the format its extension names (default: the source's), not written. */
export function encodeGatherFile(path: string, src: LoadedGather, data: Float64Array): { format: GatherFormat; bytes: Uint8Array } {
  const format = gatherOutputFormat(path, src);
  return { format, bytes: encodeGatherAs(src, data, format, path) };
}

/** Writes `data` as `path` in the format its extension names (default: the source's), atomically. */
export function writeGatherFile(path: string, src: LoadedGather, data: Float64Array): GatherFormat {
  const { format, bytes } = encodeGatherFile(path, src, data);
  writeFileAtomic(path, bytes, `gather ${path}`);
  return format;
}
