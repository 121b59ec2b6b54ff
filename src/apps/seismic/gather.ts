/**
 * A seismic gather in memory and the files it comes from (browser-safe: bytes in and out).
 *
 * A {@link Gather} is `ntraces` traces of `ns` samples at interval `dt` seconds, row-major
 * `[ntraces, ns]` (one trace after the other). It is read from SEG-Y (`.sgy`, `.segy`), Seismic Unix
 * (`.su`) or NumPy (`.npy`, a 2-D array: axis 0 traces, axis 1 time, as the Viking Graben gather in
 * ../shared/data) bytes, and written back in the format it came from with every header kept, only
 * the samples replaced ({@link encodeGather}). A missing trace is an all-zero trace.
 *
 * Panels: a 3-D post-stack file (like the F3 crop: 23 inlines x 18 crosslines) is interpolated one
 * 2-D line at a time. {@link gatherPanels} groups the traces by the inline number (trace header
 * bytes 189-192) when the file holds more than one, in order of appearance, each panel in
 * crossline order when the file's is scrambled; otherwise one panel, in CDP order (bytes 21-24)
 * when the file's is scrambled (a note says so; the output keeps the file's trace order).
 *
 * @example
 * import { decodeGather } from './gather.ts';
 * // const g = decodeGather(bytes, 'segyio_f3.sgy');   g.gather.ntraces === 414, g.gather.ns === 75
 */
import { CandorError, describe } from '../../core/errors.ts';
import { normInf } from '../../core/vec.ts';
import type { NdArray } from '../../io/ndarray.ts';
import { readNpy, writeNpy } from '../../io/npy.ts';
import { SAMPLE_FORMATS } from '../../io/segy-formats.ts';
import { readSegy, type SegyFile, segyFromTraces, traceField, writeSegy } from '../../io/segy.ts';
import { readSu, type SuFile, writeSu } from '../../io/su.ts';

/** A 2-D seismic gather: ntraces traces of ns samples at interval dt seconds, trace after trace. */
export interface Gather {
  ntraces: number;
  ns: number;
  /** Sample interval in seconds. */
  dt: number;
  /** Samples, `[ntraces, ns]` row-major. */
  data: Float64Array;
}

/** The file formats a gather is read from and written to: SEG-Y, Seismic Unix or NPY. */
export type GatherFormat = 'segy' | 'su' | 'npy';
/** Every {@link GatherFormat}. */
export const GATHER_FORMATS: readonly GatherFormat[] = Object.freeze(['segy', 'su', 'npy']);

/** A gather and the file it was read from (kept to write the result in the same format). */
export interface LoadedGather {
  name: string;
  format: GatherFormat;
  gather: Gather;
  segy?: SegyFile;
  su?: SuFile;
  npy?: NdArray;
  /** What was assumed (e.g. the interval of an NPY file). */
  notes: string[];
}

/** Default interval for files that do not store one (NPY) or store 0: 4 ms. */
export const DEFAULT_DT = 0.004;

/** The format by extension (.sgy .segy .su .npy), else by content (NPY magic, a valid SEG-Y format code). */
export function gatherFormatOf(name: string, bytes: Uint8Array): GatherFormat {
  const n = name.toLowerCase();
  if (n.endsWith('.sgy') || n.endsWith('.segy')) return 'segy';
  if (n.endsWith('.su')) return 'su';
  if (n.endsWith('.npy')) return 'npy';
  if (bytes.length >= 6 && bytes[0] === 0x93 && bytes[1] === 0x4e) return 'npy';
  if (bytes.length >= 3600) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (SAMPLE_FORMATS[dv.getInt16(3224, false)] || SAMPLE_FORMATS[dv.getInt16(3224, true)]) return 'segy';
  }
  return 'su';
}

/** Options of {@link decodeGather}: the format and the sample interval of files without one. */
export interface DecodeGatherOptions {
  /** Force the format (default: by extension, then content). */
  format?: GatherFormat;
  /** Sample interval in seconds for files without one (default 0.004). */
  dt?: number;
}

function checkDt(where: string, dt: number): number {
  if (typeof dt !== 'number' || !(dt > 0) || !Number.isFinite(dt)) {
    throw new CandorError(where, 'sample interval dt', 'a positive number of seconds', describe(dt));
  }
  return dt;
}

/** Reads a gather from file bytes (see the file comment). */
export function decodeGather(bytes: Uint8Array, name: string, opts: DecodeGatherOptions = {}): LoadedGather {
  const format = opts.format ?? gatherFormatOf(name, bytes);
  const notes: string[] = [];
  const fallback = checkDt(`gather ${name}`, opts.dt ?? DEFAULT_DT);
  if (format === 'segy') {
    const f = readSegy(bytes, { name });
    checkAmplitudes(name, f.data);
    const traces = traceIntervals(name, f, !(f.interval > 0));
    let dt = f.interval * 1e-6;
    if (dt > 0) {
      // the binary header rules (real files carry stale trace values): a disagreement is said
      if (traces.interval > 0 && traces.interval !== f.interval) {
        notes.push(`the trace headers give a sample interval of ${traces.interval} us (trace ${traces.first}), the binary header ${f.interval} us: the binary header's used`);
      }
    } else if (traces.interval > 0) {
      dt = traces.interval * 1e-6;
      notes.push(`the binary header gives no sample interval: the trace headers' ${+(dt * 1000).toPrecision(9)} ms used`);
    } else {
      dt = fallback;
      notes.push(`neither header gives a sample interval: ${+(dt * 1000).toPrecision(9)} ms assumed`);
    }
    return { name, format, gather: { ntraces: f.ntraces, ns: f.ns, dt, data: f.data }, segy: f, notes };
  }
  if (format === 'su') {
    const f = readSu(bytes, { name });
    checkAmplitudes(name, f.data);
    // SU has no binary header: the traces' own intervals are the only ones, and must agree
    const traces = traceIntervals(name, f, true);
    let dt = traces.interval * 1e-6;
    if (!(dt > 0)) {
      dt = fallback;
      notes.push(`the trace headers give no sample interval: ${+(dt * 1000).toPrecision(9)} ms assumed`);
    }
    return { name, format, gather: { ntraces: f.ntraces, ns: f.ns, dt, data: f.data }, su: f, notes };
  }
  if (format !== 'npy') throw new CandorError(`gather ${name}`, 'format', GATHER_FORMATS.join(', '), describe(format));
  const a = readNpy(bytes, { name });
  const shape = a.shape.filter((d) => d !== 1);
  if (a.complex || shape.length !== 2) {
    throw new CandorError(
      `readNpy(${name})`,
      'gather shape',
      'a real 2-D array [traces, time samples]',
      `${a.complex ? 'a complex ' : ''}[${a.shape.join(', ')}]`,
    );
  }
  checkAmplitudes(name, a.data);
  notes.push(`NPY holds no sample interval: ${+(fallback * 1000).toPrecision(6)} ms ${opts.dt === undefined ? 'assumed' : 'as given'} (axis 0 traces, axis 1 time)`);
  return { name, format, gather: { ntraces: shape[0], ns: shape[1], dt: fallback, data: a.data }, npy: a, notes };
}

/**
 * The traces' own sample interval (trace header bytes 117-118, microseconds): the one value the
 * set (non-zero) headers share, with the first trace that sets it; 0 when none is set. When
 * `strict` (they are the only source), traces set to different values are refused (the gather is
 * not on one time axis), naming both; else the first trace's value is returned.
 */
function traceIntervals(name: string, file: Pick<SegyFile, 'headers' | 'ntraces'>, strict: boolean): { interval: number; first: number } {
  const dts = traceField(file, 'TRACE_SAMPLE_INTERVAL');
  let interval = 0;
  let first = -1;
  for (let t = 0; t < dts.length; t++) {
    const dt = dts[t];
    if (dt === 0) continue;
    if (interval === 0) {
      interval = dt;
      first = t;
    } else if (dt !== interval) {
      if (!strict) break;
      throw new CandorError(
        `gather ${name}`,
        `trace ${t} sample interval`,
        `${interval} us as trace ${first} gives (one time axis for every trace: traces of different sample intervals cannot be interpolated together)`,
        `${dt} us`,
      );
    }
  }
  return { interval, first };
}

/**
 * Amplitudes within 1e100 (NPY float64 holds up to 1.8e308; SEG-Y and SU floats stop at 7.2e75):
 * the methods sum squares of samples, which overflow beyond (an SNR of NaN, an Infinity in a
 * solver), so such a gather is refused naming its largest value.
 */
function checkAmplitudes(name: string, data: Float64Array): void {
  const peak = normInf(data);
  if (peak > 1e100) {
    throw new CandorError(`gather ${name}`, 'amplitudes', 'samples of size at most 1e100 (their squares are summed: rescale the data)', `largest ${peak.toExponential(2)}`);
  }
}

/**
 * File bytes of `data` (`[ntraces, ns]`, the loaded gather's size) in the loaded file's format,
 * every header kept. Integer SEG-Y formats get the samples rounded to the nearest integer (an
 * interpolated int16 gather stays int16); a value out of the format's range is an error naming
 * the trace.
 */
export function encodeGather(src: LoadedGather, data: Float64Array, name = src.name): Uint8Array {
  const { ntraces, ns } = src.gather;
  if (!(data instanceof Float64Array) || data.length !== ntraces * ns) {
    throw new CandorError(`gather ${name}`, 'data', `a Float64Array of ${ntraces} x ${ns} samples`, describe(data));
  }
  if (src.format === 'segy' && src.segy) {
    const sf = SAMPLE_FORMATS[src.segy.format];
    const out = sf.integer ? data.map((v) => Math.round(v)) : data;
    return writeSegy({ ...src.segy, data: out }, { name });
  }
  if (src.format === 'su' && src.su) return writeSu({ ...src.su, data }, { name });
  if (src.npy) {
    const dtype = src.npy.dtype === 'float32' ? '<f4' : '<f8';
    return writeNpy({ shape: src.npy.shape, data, complex: false }, { name, dtype });
  }
  throw new CandorError(`gather ${name}`, 'source', 'a gather read by decodeGather', describe(src.format));
}

/**
 * The sample interval `dt` (s) as SEG-Y and SU store it: a 16-bit count of microseconds, 1 to
 * 32 767. An interval outside that range, or not a whole number of microseconds (within 1e-6 us:
 * 2 ms given as 0.002 s is 2000 us), is refused rather than clamped or rounded, naming `format`.
 */
export function segyInterval(dt: number, format: 'segy' | 'su', name: string): number {
  const us = dt * 1e6;
  const interval = Math.round(us);
  const fmt = format === 'segy' ? 'SEG-Y' : 'SU';
  if (!(interval >= 1 && interval <= 32767)) {
    throw new CandorError(
      `gather ${name}`,
      'sample interval',
      `1 us to 32.767 ms for ${fmt} (a 16-bit count of microseconds): write .npy, or give --dt within that range`,
      `${+(dt * 1000).toPrecision(6)} ms`,
    );
  }
  if (Math.abs(us - interval) > 1e-6) {
    throw new CandorError(
      `gather ${name}`,
      'sample interval',
      `a whole number of microseconds for ${fmt} (a 16-bit count of microseconds): write .npy, or give --dt in whole microseconds`,
      `${+(dt * 1000).toPrecision(9)} ms (${+us.toPrecision(9)} us)`,
    );
  }
  return interval;
}

/**
 * Like {@link encodeGather} but in `format`: the source's format keeps its headers; SEG-Y and SU
 * convert into each other with the trace headers kept (SEG-Y from SU or NPY gets a new rev 1 header
 * with the interval, IEEE float samples); NPY holds the samples only, `[ntraces, ns]` float64.
 */
export function encodeGatherAs(src: LoadedGather, data: Float64Array, format: GatherFormat, name = src.name): Uint8Array {
  if (format === src.format) return encodeGather(src, data, name);
  const { ntraces, ns, dt } = src.gather;
  if (!(data instanceof Float64Array) || data.length !== ntraces * ns) {
    throw new CandorError(`gather ${name}`, 'data', `a Float64Array of ${ntraces} x ${ns} samples`, describe(data));
  }
  if (format === 'npy') return writeNpy({ shape: [ntraces, ns], data, complex: false }, { name });
  const interval = segyInterval(dt, format, name);
  const headers = (src.segy ?? src.su)?.headers;
  if (format === 'segy') {
    const f = segyFromTraces(data, ntraces, { interval, format: 5 });
    if (headers) f.headers.set(headers);
    return writeSegy(f, { name });
  }
  const seg = segyFromTraces(data, ntraces, { interval });
  if (headers) seg.headers.set(headers);
  return writeSu({ endian: 'big', ns, interval: seg.interval, ntraces, headers: seg.headers, data }, { name });
}

/** Indices of the traces of each 2-D panel (see the file comment). */
export function gatherPanels(src: LoadedGather, mode: 'auto' | 'none' = 'auto'): Int32Array[] {
  const n = src.gather.ntraces;
  const all = () => [Int32Array.from({ length: n }, (_, i) => i)];
  if (mode === 'none' || n === 0) return all();
  const hdr = src.segy ?? src.su;
  if (!hdr) return all();
  const il = traceField(hdr, 'INLINE_3D');
  const groups = new Map<number, number[]>();
  for (let t = 0; t < n; t++) {
    const g = groups.get(il[t]);
    if (g) g.push(t);
    else groups.set(il[t], [t]);
  }
  if (groups.size <= 1 || groups.size === n) {
    // one 2-D line: along its CDP numbers when the file holds them out of order
    const line = Array.from({ length: n }, (_, i) => i);
    const cdp = traceField(hdr, 'CDP');
    if (sortWhenScrambled(line, cdp) && !src.notes.some((x) => x.startsWith('traces out of CDP order'))) {
      src.notes.push("traces out of CDP order: the line taken in CDP order (the output keeps the file's trace order)");
    }
    return [Int32Array.from(line)];
  }
  // each panel along its crossline numbers when the file holds them out of order
  const xl = traceField(hdr, 'CROSSLINE_3D');
  let reordered = 0;
  const panels = [...groups.values()].map((g) => {
    if (sortWhenScrambled(g, xl)) reordered++;
    return Int32Array.from(g);
  });
  if (reordered > 0 && !src.notes.some((x) => x.startsWith('traces out of crossline order'))) {
    src.notes.push(`traces out of crossline order in ${reordered} of ${panels.length} inlines: each panel taken in crossline order (the output keeps the file's trace order)`);
  }
  return panels;
}

/**
 * Sorts the traces `g` by their header numbers `key` when the file holds them out of order, all
 * set and distinct (the methods then see neighbouring traces side by side); returns whether it
 * did. File order stands when it is monotonic (ascending or descending), or when a number is
 * unset (0) or repeated: then the numbers cannot order the traces.
 */
function sortWhenScrambled(g: number[], key: ArrayLike<number>): boolean {
  const keys = g.map((t) => key[t]);
  const monotonic = keys.every((k, i) => i === 0 || k > keys[i - 1]) || keys.every((k, i) => i === 0 || k < keys[i - 1]);
  if (monotonic || keys.includes(0) || new Set(keys).size !== keys.length) return false;
  g.sort((a, b) => key[a] - key[b]);
  return true;
}

/** The traces `idx` of a gather as a gather of their own. */
export function subGather(g: Gather, idx: ArrayLike<number>): Gather {
  const data = new Float64Array(idx.length * g.ns);
  for (let i = 0; i < idx.length; i++) data.set(g.data.subarray(idx[i] * g.ns, (idx[i] + 1) * g.ns), i * g.ns);
  return { ntraces: idx.length, ns: g.ns, dt: g.dt, data };
}

/** Writes the traces of `part` back into `into` at trace indices `idx`. */
export function putTraces(into: Float64Array, ns: number, idx: ArrayLike<number>, part: Float64Array): void {
  for (let i = 0; i < idx.length; i++) into.set(part.subarray(i * ns, (i + 1) * ns), idx[i] * ns);
}

/** 0/1 per trace: 1 when the trace holds a non-zero sample (kept), 0 when all zero (missing). */
export function liveTraces(g: Gather): Uint8Array {
  const m = new Uint8Array(g.ntraces);
  for (let t = 0; t < g.ntraces; t++) {
    const o = t * g.ns;
    for (let j = 0; j < g.ns; j++) {
      if (g.data[o + j] !== 0) {
        m[t] = 1;
        break;
      }
    }
  }
  return m;
}
