/**
 * Node-only: gathers by path (SEG-Y, SU, NPY by extension), with errors that name the file, and
 * atomic writes (no partial output on failure).
 *
 * @example
 * import { readGatherFile } from './files.ts';
 * const g = readGatherFile('../shared/data/seismic/pylops_mobil_viking_graben_crg.npy');
 * g.gather.ntraces; g.gather.ns;   // 60, 1000
 */
import { CandorError } from '../../../core/errors.ts';
import { onStreams, readFileBytes, writeFileAtomic } from '../../../io/node/files.ts';
import { sniffFormat } from '../../../io/sniff.ts';
import { type DecodeGatherOptions, decodeGather, encodeGatherAs, type GatherFormat, gatherFormatOf, type LoadedGather, segyInterval } from '../gather.ts';

/** Reads a gather file (SEG-Y, SU or NPY, by extension then content) with {@link decodeGather}. */
export function readGatherFile(path: string, opts: DecodeGatherOptions = {}): LoadedGather {
  return decodeGather(readFileBytes(path, `gather ${path}`, 'file', onStreams(path, (head) => streamHead(path, head, opts.format))), path, opts);
}

/**
 * A stream's head judged before the rest is read: an NPY needs its magic, a SEG-Y a sample count
 * in its binary header (bytes 3221-3222), an SU one in its first trace header (bytes 115-116), so
 * /dev/zero is refused after 4 KiB rather than read to the stream limit.
 */
function streamHead(path: string, head: Uint8Array, given?: GatherFormat): void {
  const format = given ?? gatherFormatOf(path, head);
  const refuse = (expected: string) => {
    throw new CandorError(`gather ${path}`, 'header', expected, head.length === 0 ? '0 bytes (an empty input)' : 'none in its first bytes (a stream refused before the rest was read)');
  };
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (format === 'npy' && sniffFormat(head) !== '.npy') refuse('an NPY file (its magic \\x93NUMPY)');
  if (format === 'segy' && (head.length < 3600 || dv.getUint16(3220, false) === 0)) refuse('a SEG-Y binary header with its samples per trace');
  if (format === 'su' && (head.length < 240 || dv.getUint16(114, false) === 0)) refuse('an SU trace header with its number of samples');
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
