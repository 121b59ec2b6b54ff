/**
 * Seismic Unix (SU) files, read and written on bytes (browser-safe).
 *
 * An SU file is a sequence of traces, each a 240-byte SEG-Y trace header followed by `ns` 4-byte
 * IEEE floats, in the byte order of the machine that wrote it (no textual or binary header). The
 * sample count is in the trace header (bytes 115-116, `ns`) and the interval in microseconds at
 * bytes 117-118 (`dt`). The byte order is detected: the reading of the first trace's `ns` that
 * divides the file into whole traces of 240 + 4 ns bytes (big-endian preferred when both do), and
 * every trace must then carry the same `ns` (variable trace lengths are refused, naming the trace).
 *
 * Headers are kept as the 91 SEG-Y trace fields of ./segy-fields.ts (segyio's names; segyio's
 * `segyio.su.open` reads them the same way). SU's own float fields at bytes 181-204 (`d1`, `f1`,
 * `d2`, `f2`, `ungpow`, `unscale`) share their bytes with SEG-Y integer fields and are kept bit for
 * bit, so `writeSu(readSu(b))` reproduces `b` exactly.
 *
 * Reference: J. W. Stockwell, "The CWP/SU: Seismic Un*x package", Computers & Geosciences 25
 * (1999); CWP/SU `include/segy.h`.
 *
 * @example
 * import { readSu, writeSu } from './su.ts';
 * const bytes = writeSu({ ns: 2, ntraces: 1, interval: 4000, endian: 'little',
 *   headers: new Int32Array(91), data: Float64Array.of(0.5, -1) });
 * readSu(bytes).data;   // [0.5, -1]
 */
import { CandorError, describe } from '../core/errors.ts';
import { checkBytes, ioWhere } from './ndarray.ts';
import { NTRACE_FIELDS, readTraceField, TRACE_FIELDS, traceFieldIndex, writeTraceField } from './segy-fields.ts';
import { decodeSamples, encodeSamples, firstUnrepresentable } from './segy-formats.ts';
import type { Endian } from './segy.ts';

/** An SU file in memory: every trace has `ns` float samples. */
export interface SuFile {
  endian: Endian;
  ns: number;
  /** Sample interval in microseconds (bytes 117-118 of the first trace header). */
  interval: number;
  ntraces: number;
  /** Trace headers: `ntraces * NTRACE_FIELDS` integers (see ./segy-fields.ts). */
  headers: Int32Array;
  /** Samples, `ntraces * ns`, trace after trace. */
  data: Float64Array;
}

/** Options of {@link readSu}: file name, byte order and acceptance of NaN/Infinity samples. */
export interface ReadSuOptions {
  name?: string;
  /** Force the byte order (default: detected). */
  endian?: Endian;
  allowNonFinite?: boolean;
}

/** Options of {@link writeSu}. */
export interface WriteSuOptions {
  name?: string;
  /** Byte order (default: the file's). */
  endian?: Endian;
}

const THDR = 240;
const NS = TRACE_FIELDS[traceFieldIndex('TRACE_SAMPLE_COUNT')];
const DT = TRACE_FIELDS[traceFieldIndex('TRACE_SAMPLE_INTERVAL')];

/**
 * Reads an SU file. Throws a CandorError naming the file when it is shorter than one trace header,
 * no byte order makes `ns` divide the file, `ns` is 0, a later trace declares another `ns`, or
 * (unless allowed) a sample is not finite.
 */
export function readSu(bytes: Uint8Array, opts: ReadSuOptions = {}): SuFile {
  const where = ioWhere('readSu', opts.name);
  checkBytes(where, bytes);
  if (bytes.length < THDR) {
    throw new CandorError(where, 'file size', 'at least one 240-byte trace header', `${bytes.length} bytes (truncated, or not an SU file)`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fits = (n: number) => n > 0 && bytes.length % (THDR + 4 * n) === 0;
  const nsBE = dv.getUint16(NS.byte - 1, false);
  const nsLE = dv.getUint16(NS.byte - 1, true);
  let endian = opts.endian;
  if (endian !== undefined && endian !== 'big' && endian !== 'little') {
    throw new CandorError(where, 'option endian', "'big' or 'little'", describe(endian));
  }
  if (!endian) {
    if (fits(nsBE)) endian = 'big';
    else if (fits(nsLE)) endian = 'little';
    else if (nsBE === 0) {
      throw new CandorError(where, 'samples per trace (ns, bytes 115-116 of the first trace header)', 'a positive count', '0');
    } else {
      throw new CandorError(
        where,
        'trace length',
        'ns (bytes 115-116 of the first trace header) that divides the file into whole traces of 240 + 4 ns bytes',
        `ns = ${nsBE} (big-endian) or ${nsLE} (little-endian) for a file of ${bytes.length} bytes (truncated, or not an SU file)`,
      );
    }
  }
  const L = endian === 'little';
  const ns = L ? nsLE : nsBE;
  if (ns === 0) throw new CandorError(where, 'samples per trace (ns, bytes 115-116 of the first trace header)', 'a positive count', '0');
  const block = THDR + 4 * ns;
  if (bytes.length % block !== 0) {
    const k = Math.floor(bytes.length / block);
    throw new CandorError(
      where,
      'trace data',
      `whole traces of ${block} bytes (240-byte header + ${ns} samples x 4 bytes)`,
      `${bytes.length} bytes: ${k} traces and ${bytes.length - k * block} bytes left over (truncated)`,
    );
  }
  const ntraces = bytes.length / block;
  const headers = new Int32Array(ntraces * NTRACE_FIELDS);
  const data = new Float64Array(ntraces * ns);
  for (let t = 0; t < ntraces; t++) {
    const o = t * block;
    const tn = readTraceField(dv, o + NS.byte - 1, NS, L);
    if (tn !== ns) {
      throw new CandorError(
        where,
        'trace length',
        `every trace to hold the first trace's ${ns} samples`,
        `ns = ${tn} in the header of trace ${t}: variable trace lengths are not supported`,
      );
    }
    for (let j = 0; j < NTRACE_FIELDS; j++) {
      const f = TRACE_FIELDS[j];
      headers[t * NTRACE_FIELDS + j] = readTraceField(dv, o + f.byte - 1, f, L);
    }
    decodeSamples(dv, o + THDR, ns, 5, L, data, t * ns);
  }
  if (!opts.allowNonFinite) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v - v !== 0) throw new CandorError(where, 'samples', 'finite values', `${describe(v)} at trace ${Math.floor(i / ns)}, sample ${i % ns}`);
    }
  }
  return { endian, ns, interval: readTraceField(dv, DT.byte - 1, DT, L), ntraces, headers, data };
}

/**
 * Writes an SU file: every trace header as given, except `ns` (bytes 115-116), which is set to
 * the sample count. Throws a CandorError for samples outside the float32 range or non-finite, and
 * for ns above 65535 (the field is 16 bits).
 */
export function writeSu(file: SuFile, opts: WriteSuOptions = {}): Uint8Array {
  const where = ioWhere('writeSu', opts.name);
  const { ns, ntraces, data, headers } = file;
  if (!Number.isInteger(ns) || ns < 1 || ns > 65535) throw new CandorError(where, 'ns', 'an integer in [1, 65535]', describe(ns));
  if (!Number.isInteger(ntraces) || ntraces < 0) throw new CandorError(where, 'ntraces', 'an integer >= 0', describe(ntraces));
  if (!(data instanceof Float64Array) || data.length !== ntraces * ns) {
    throw new CandorError(where, 'data', `a Float64Array of ntraces * ns = ${ntraces * ns} samples`, describe(data));
  }
  if (!(headers instanceof Int32Array) || headers.length !== ntraces * NTRACE_FIELDS) {
    throw new CandorError(where, 'headers', `an Int32Array of ntraces * ${NTRACE_FIELDS} fields`, describe(headers));
  }
  const endian = opts.endian ?? file.endian;
  if (endian !== 'big' && endian !== 'little') throw new CandorError(where, 'endian', "'big' or 'little'", describe(endian));
  const L = endian === 'little';
  const block = THDR + 4 * ns;
  const out = new Uint8Array(ntraces * block);
  const dv = new DataView(out.buffer);
  for (let t = 0; t < ntraces; t++) {
    const o = t * block;
    for (let j = 0; j < NTRACE_FIELDS; j++) {
      const f = TRACE_FIELDS[j];
      writeTraceField(dv, o + f.byte - 1, f, f === NS ? ns : headers[t * NTRACE_FIELDS + j], L);
    }
    const bad = firstUnrepresentable(data, t * ns, ns, 5);
    if (bad >= 0) {
      throw new CandorError(
        where,
        'samples',
        'finite values within the float32 range (SU samples are 4-byte IEEE floats)',
        `${describe(data[t * ns + bad])} at trace ${t}, sample ${bad}`,
      );
    }
    encodeSamples(dv, o + THDR, data, t * ns, ns, 5, L, 'nearest');
  }
  return out;
}
