/**
 * SEG-Y files (revisions 0, 1 and 2), read and written on bytes (browser-safe).
 *
 * Layout: a 3200-byte textual header (EBCDIC or ASCII, ./segy-text.ts), a 400-byte binary
 * header (./segy-fields.ts), `ExtendedHeaders` extended textual headers of 3200 bytes (rev 1+;
 * -1 in rev 2: blocks up to the one holding `((SEG: EndText))`), then the traces: each a 240-byte
 * header (plus `MaxAdditionalTraceHeaders` further 240-byte headers in rev 2) and `ns` samples of
 * the data format (./segy-formats.ts); rev 2 may end with `TrailerStanzas` 3200-byte blocks.
 *
 * - Byte order: big-endian by the standard; little-endian files exist (rev 2 marks them with
 *   16909060 at byte 3297). Detected from that constant, else from which reading of the format
 *   code (bytes 3225-3226) is a known code; `endian` forces one.
 * - Samples per trace and interval: bytes 3221 and 3217 (rev 2: the extended fields 3269 and the
 *   float64 at 3273 when non-zero). Every trace has that many samples: variable trace lengths
 *   (rev 1+ with the fixed-length flag 3503 unset and a trace header whose sample count, bytes
 *   115-116, differs) are refused with a message naming the trace. As segyio does, the trace
 *   headers' own sample counts are otherwise ignored (real files often hold stale values there).
 * - Sizes are checked before any memory is spent: the headers must be there, the trace area must
 *   hold a whole number of traces, and a rev 2 trace count (3513) must match.
 *
 * The result keeps everything needed to write the file back byte for byte: the textual blocks as
 * text, the decoded binary fields and the raw 400 binary-header bytes (unassigned areas are kept),
 * every trace header as 91 integers (`headers`, all 240 bytes), additional trace headers and
 * trailer stanzas as raw bytes. `writeSegy(readSegy(b))` reproduces `b` exactly.
 *
 * Reference: SEG-Y rev 1 (SEG Technical Standards Committee, 2002); SEG-Y rev 2.0 (2017);
 * segyio (Equinor) for names and behaviour.
 *
 * @example
 * import { readSegy, writeSegy, segyFromTraces } from './segy.ts';
 * const f = segyFromTraces(Float64Array.of(1, 2, 3, 4, 5, 6), 2, { interval: 4000, format: 5 });
 * const back = readSegy(writeSegy(f));
 * back.ntraces; back.ns; back.data;   // 2, 3, [1, 2, 3, 4, 5, 6]
 */
import { CandorError, describe } from '../core/errors.ts';
import { checkBytes, ioWhere } from './ndarray.ts';
import {
  BYTE_ORDER_CONSTANT,
  NTRACE_FIELDS,
  readBinaryFields,
  readTraceField,
  TRACE_FIELDS,
  traceFieldIndex,
  writeBinaryFields,
  writeTraceField,
} from './segy-fields.ts';
import { decodeSamples, encodeSamples, firstUnrepresentable, formatList, SAMPLE_FORMATS } from './segy-formats.ts';
import type { IbmRounding } from './segy-ibm.ts';
import { decodeText, detectTextEncoding, encodeText, type TextEncoding } from './segy-text.ts';

/** Byte order of a SEG-Y or SU file. */
export type Endian = 'big' | 'little';

/** A SEG-Y file in memory (see the file comment). */
export interface SegyFile {
  /** Textual headers: the main one, then any extended ones (3200 characters each). */
  text: string[];
  textEncoding: TextEncoding;
  /** Decoded binary header fields by segyio name (./segy-fields.ts). */
  binary: Record<string, number>;
  /** The 400 binary-header bytes as read (unassigned areas are written back from here). */
  binaryBytes?: Uint8Array;
  endian: Endian;
  /** Sample format code. */
  format: number;
  /** Samples per trace. */
  ns: number;
  /** Sample interval in microseconds (or the depth unit's equivalent), from the binary header. */
  interval: number;
  ntraces: number;
  /** Trace headers: `ntraces * NTRACE_FIELDS` integers, trace-major, fields as TRACE_FIELDS. */
  headers: Int32Array;
  /** Additional 240-byte trace headers (rev 2), raw, `ntraces * 240 * k` bytes; empty when k = 0. */
  extraHeaders: Uint8Array;
  /** Trailer stanzas (rev 2), raw bytes. */
  trailer: Uint8Array;
  /** Samples, `ntraces * ns`, trace after trace (row-major [ntraces, ns]). */
  data: Float64Array;
}

/** Options of {@link readSegy}. */
export interface ReadSegyOptions {
  /** File name for error messages. */
  name?: string;
  /** Force the byte order (default: detected). */
  endian?: Endian;
  /** Accept NaN/Infinity samples of float formats (default false). */
  allowNonFinite?: boolean;
}

/** Options of {@link writeSegy}: sample format, byte order and textual header encoding (each defaults to the file's). */
export interface WriteSegyOptions {
  name?: string;
  /** Sample format code (default: the file's). */
  format?: number;
  /** Byte order (default: the file's). */
  endian?: Endian;
  /** Textual header encoding (default: the file's). */
  textEncoding?: TextEncoding;
  /** IBM float rounding for format 1 (default 'nearest'; 'truncate' as segyio). */
  ibmRounding?: IbmRounding;
}

const TEXT = 3200;
const BIN = 400;
const THDR = 240;
const END_TEXT = '((SEG: EndText))';

const le = (e: Endian) => e === 'little';

/** Byte order from the rev 2 constant, else from the format code (undefined: neither reading is a known code). */
function detectEndian(dv: DataView): Endian | undefined {
  if (dv.getInt32(3296, false) === BYTE_ORDER_CONSTANT) return 'big';
  if (dv.getInt32(3296, true) === BYTE_ORDER_CONSTANT) return 'little';
  if (SAMPLE_FORMATS[dv.getInt16(3224, false)]) return 'big';
  if (SAMPLE_FORMATS[dv.getInt16(3224, true)]) return 'little';
  return undefined;
}

function formatError(where: string, code: number): CandorError {
  if (code === 4) {
    return new CandorError(
      where,
      'data sample format code (bytes 3225-3226)',
      `one of ${formatList()}`,
      '4 (4-byte fixed point with gain, obsolete since rev 1 and not supported)',
    );
  }
  return new CandorError(where, 'data sample format code (bytes 3225-3226)', `one of ${formatList()}`, String(code));
}

/** Number of extended textual blocks and where the traces start. */
function extendedText(where: string, bytes: Uint8Array, count: number, enc: TextEncoding): number {
  if (count >= 0) {
    const need = TEXT + BIN + TEXT * count;
    if (bytes.length < need) {
      throw new CandorError(
        where,
        'extended textual headers',
        `${count} blocks of 3200 bytes after byte 3600 (binary header bytes 3505-3506), ${need} bytes in all`,
        `a file of ${bytes.length} bytes (truncated)`,
      );
    }
    return count;
  }
  // -1: blocks up to and including the one holding ((SEG: EndText))
  let k = 0;
  for (let o = TEXT + BIN; o + TEXT <= bytes.length; o += TEXT) {
    k++;
    if (decodeText(bytes.subarray(o, o + TEXT), enc).includes(END_TEXT)) return k;
  }
  throw new CandorError(
    where,
    'extended textual headers',
    `blocks of 3200 bytes ending with one that holds ${END_TEXT} (binary header bytes 3505-3506 say -1)`,
    `no ${END_TEXT} stanza in the file`,
  );
}

/**
 * Reads a SEG-Y file. Throws a CandorError naming the file for: a file shorter than its headers,
 * an unknown or unsupported format code, zero samples per trace, missing extended headers, a trace
 * area that is not a whole number of traces, a rev 2 trace count that does not match, variable
 * trace lengths, and (unless allowed) non-finite float samples.
 */
export function readSegy(bytes: Uint8Array, opts: ReadSegyOptions = {}): SegyFile {
  const where = ioWhere('readSegy', opts.name);
  checkBytes(where, bytes);
  if (bytes.length < TEXT + BIN) {
    throw new CandorError(
      where,
      'file size',
      'at least 3600 bytes (the 3200-byte textual and 400-byte binary headers)',
      `${bytes.length} bytes (truncated, or not a SEG-Y file)`,
    );
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let endian = opts.endian;
  if (endian !== undefined && endian !== 'big' && endian !== 'little') {
    throw new CandorError(where, 'option endian', "'big' or 'little'", describe(endian));
  }
  if (!endian) {
    endian = detectEndian(dv);
    if (!endian) throw formatError(where, dv.getInt16(3224, false));
  }
  const L = le(endian);
  const binary = readBinaryFields(dv, TEXT, L);
  const format = binary.Format;
  const sf = SAMPLE_FORMATS[format];
  if (!sf) throw formatError(where, format);
  const major = binary.SEGYRevision >> 8;
  const rev2 = major >= 2;
  let ns = binary.Samples;
  if (rev2 && binary.ExtSamples > 0) ns = binary.ExtSamples;
  if (ns === 0) {
    throw new CandorError(where, 'samples per trace (binary header bytes 3221-3222)', 'a positive count', '0');
  }
  let interval = binary.Interval;
  if (rev2 && binary.ExtInterval > 0 && Number.isFinite(binary.ExtInterval)) interval = binary.ExtInterval;
  const textEncoding = detectTextEncoding(bytes.subarray(0, TEXT));
  const nExt = major >= 1 ? extendedText(where, bytes, binary.ExtendedHeaders, textEncoding) : 0;
  const text: string[] = [];
  for (let k = 0; k <= nExt; k++) {
    const o = k === 0 ? 0 : TEXT + BIN + (k - 1) * TEXT;
    text.push(decodeText(bytes.subarray(o, o + TEXT), textEncoding));
  }
  let first = TEXT + BIN + nExt * TEXT;
  if (rev2 && binary.FirstTraceOffset > 0) {
    const f = binary.FirstTraceOffset;
    if (!(f >= first && f <= bytes.length)) {
      throw new CandorError(
        where,
        'byte offset of the first trace (binary header bytes 3521-3528)',
        `an offset in [${first}, ${bytes.length}] (after the headers, within the file)`,
        describe(f),
      );
    }
    first = f;
  }
  const extra = rev2 ? binary.MaxAdditionalTraceHeaders : 0;
  if (extra < 0 || extra > 1000) {
    throw new CandorError(where, 'additional trace headers (binary header bytes 3507-3510)', 'a count in [0, 1000]', String(extra));
  }
  const stanzas = rev2 ? binary.TrailerStanzas : 0;
  if (stanzas < 0 || first + stanzas * TEXT > bytes.length) {
    throw new CandorError(
      where,
      'trailer stanzas (binary header bytes 3529-3532)',
      `a count of 3200-byte blocks that fits in the ${bytes.length - first} bytes after the headers`,
      String(stanzas),
    );
  }
  const end = bytes.length - stanzas * TEXT;
  const hdrBytes = THDR * (1 + extra);
  const block = hdrBytes + ns * sf.bytes;
  const body = end - first;
  const ntraces = Math.floor(body / block);
  const left = body - ntraces * block;
  if (left !== 0) {
    throw new CandorError(
      where,
      'trace data',
      `a whole number of ${block}-byte traces (${hdrBytes}-byte header + ${ns} samples x ${sf.bytes} bytes, format ${format}) after byte ${first}`,
      `${body} bytes: ${ntraces} traces and ${left} bytes left over (a truncated file, or a wrong samples-per-trace count)`,
    );
  }
  if (rev2 && binary.TracesInFile > 0 && binary.TracesInFile !== ntraces) {
    throw new CandorError(
      where,
      'trace count (binary header bytes 3513-3520)',
      `${binary.TracesInFile} traces of ${block} bytes`,
      `${ntraces} traces in the file (truncated, or a wrong count)`,
    );
  }
  // variable trace lengths: rev 1+ with the fixed-length flag unset and disagreeing trace headers
  const nsField = TRACE_FIELDS[traceFieldIndex('TRACE_SAMPLE_COUNT')];
  if (major >= 1 && binary.TraceFlag === 0) {
    for (let t = 0; t < ntraces; t++) {
      const tn = readTraceField(dv, first + t * block + nsField.byte - 1, nsField, L);
      if (tn !== 0 && tn !== ns) {
        throw new CandorError(
          where,
          'trace length',
          `every trace to hold the binary header's ${ns} samples (fixed-length traces)`,
          `${tn} samples in the header of trace ${t} with the fixed-length flag (bytes 3503-3504) unset: variable trace lengths are not supported`,
        );
      }
    }
  }
  const headers = new Int32Array(ntraces * NTRACE_FIELDS);
  const data = new Float64Array(ntraces * ns);
  const extraHeaders = new Uint8Array(ntraces * THDR * extra);
  for (let t = 0; t < ntraces; t++) {
    const o = first + t * block;
    for (let j = 0; j < NTRACE_FIELDS; j++) {
      const f = TRACE_FIELDS[j];
      headers[t * NTRACE_FIELDS + j] = readTraceField(dv, o + f.byte - 1, f, L);
    }
    if (extra > 0) extraHeaders.set(bytes.subarray(o + THDR, o + hdrBytes), t * THDR * extra);
    const bad = decodeSamples(dv, o + hdrBytes, ns, format, L, data, t * ns);
    if (bad >= 0) {
      throw new CandorError(where, 'samples', 'integers within +-2^53 (exact in float64)', `a larger value at trace ${t}, sample ${bad}`);
    }
  }
  if (!opts.allowNonFinite && !sf.integer) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (v - v !== 0) {
        throw new CandorError(where, 'samples', 'finite values', `${describe(v)} at trace ${Math.floor(i / ns)}, sample ${i % ns}`);
      }
    }
  }
  return {
    text,
    textEncoding,
    binary,
    binaryBytes: bytes.slice(TEXT, TEXT + BIN),
    endian,
    format,
    ns,
    interval,
    ntraces,
    headers,
    extraHeaders,
    trailer: bytes.slice(end),
    data,
  };
}

/** Checks the parts of a SegyFile a writer relies on; returns the number of extra headers per trace. */
function checkFile(where: string, f: SegyFile): number {
  if (typeof f !== 'object' || f === null) throw new CandorError(where, 'file', 'a SegyFile object', describe(f));
  if (!Number.isInteger(f.ns) || f.ns < 1) throw new CandorError(where, 'ns', 'a positive integer', describe(f.ns));
  if (!Number.isInteger(f.ntraces) || f.ntraces < 0) throw new CandorError(where, 'ntraces', 'an integer >= 0', describe(f.ntraces));
  if (!(f.data instanceof Float64Array) || f.data.length !== f.ntraces * f.ns) {
    throw new CandorError(where, 'data', `a Float64Array of ntraces * ns = ${f.ntraces * f.ns} samples`, describe(f.data));
  }
  if (!(f.headers instanceof Int32Array) || f.headers.length !== f.ntraces * NTRACE_FIELDS) {
    throw new CandorError(where, 'headers', `an Int32Array of ntraces * ${NTRACE_FIELDS} fields`, describe(f.headers));
  }
  if (!Array.isArray(f.text) || f.text.length < 1) throw new CandorError(where, 'text', 'at least one textual header', describe(f.text));
  const extra = f.extraHeaders?.length ? f.extraHeaders.length / (THDR * Math.max(1, f.ntraces)) : 0;
  if (!Number.isInteger(extra)) {
    throw new CandorError(where, 'extraHeaders', `a multiple of ${THDR} bytes per trace`, `${f.extraHeaders.length} bytes for ${f.ntraces} traces`);
  }
  if (f.trailer && f.trailer.length % TEXT !== 0) {
    throw new CandorError(where, 'trailer', 'whole 3200-byte stanzas', `${f.trailer.length} bytes`);
  }
  return f.ntraces === 0 ? 0 : extra;
}

/**
 * Writes a SegyFile. The binary header is written from `binary` over `binaryBytes` (so unassigned
 * bytes survive); the format code, samples per trace, extended-header count (unless -1) and, in
 * rev 2, the byte-order constant, trace count, first-trace offset and trailer count follow the
 * content. Throws a CandorError for a sample the format cannot hold (naming trace and sample),
 * more than 65535 samples before rev 2, or a textual header that does not fit 3200 characters.
 */
export function writeSegy(file: SegyFile, opts: WriteSegyOptions = {}): Uint8Array {
  const where = ioWhere('writeSegy', opts.name);
  const extra = checkFile(where, file);
  const format = opts.format ?? file.format;
  const sf = SAMPLE_FORMATS[format];
  if (!sf) throw formatError(where, format);
  const endian = opts.endian ?? file.endian;
  if (endian !== 'big' && endian !== 'little') throw new CandorError(where, 'endian', "'big' or 'little'", describe(endian));
  const enc = opts.textEncoding ?? file.textEncoding;
  if (enc !== 'ebcdic' && enc !== 'ascii') throw new CandorError(where, 'textEncoding', "'ebcdic' or 'ascii'", describe(enc));
  const rounding = opts.ibmRounding ?? 'nearest';
  const { ns, ntraces, data } = file;
  const L = le(endian);
  const binary: Record<string, number> = { ...file.binary, Format: format };
  const major = (binary.SEGYRevision ?? 0) >> 8;
  const rev2 = major >= 2;
  if (ns > 65535 && !rev2) {
    throw new CandorError(where, 'ns', 'at most 65535 samples per trace before SEG-Y rev 2', String(ns));
  }
  if (rev2 && (ns > 65535 || (binary.ExtSamples ?? 0) > 0)) {
    // the extended count holds ns; the 16-bit one keeps a 0 it had, else ns when it fits
    binary.ExtSamples = ns;
    if (ns > 65535) binary.Samples = 0;
    else if (binary.Samples !== 0) binary.Samples = ns;
  } else {
    binary.Samples = ns;
  }
  const nExt = file.text.length - 1;
  if (nExt > 0 && major < 1) {
    throw new CandorError(where, 'text', 'one textual header before SEG-Y rev 1 (extended headers need rev 1 or later)', `${nExt + 1} headers`);
  }
  if (major >= 1 && (binary.ExtendedHeaders !== -1 || nExt === 0)) binary.ExtendedHeaders = nExt;
  if (binary.ExtendedHeaders === -1 && !file.text[nExt].includes(END_TEXT)) {
    throw new CandorError(
      where,
      `textual header ${nExt}`,
      `the ${END_TEXT} stanza that ends a variable list of extended headers (ExtendedHeaders = -1)`,
      'a block without it',
    );
  }
  const stanzas = (file.trailer?.length ?? 0) / TEXT;
  const hdrBytes = THDR * (1 + extra);
  const first = TEXT + BIN + nExt * TEXT;
  if (rev2) {
    binary.ByteOrderConstant = BYTE_ORDER_CONSTANT;
    binary.MaxAdditionalTraceHeaders = extra;
    if ((binary.TracesInFile ?? 0) > 0) binary.TracesInFile = ntraces;
    if ((binary.FirstTraceOffset ?? 0) > 0) binary.FirstTraceOffset = first;
    binary.TrailerStanzas = stanzas;
  }
  const block = hdrBytes + ns * sf.bytes;
  const out = new Uint8Array(first + ntraces * block + stanzas * TEXT);
  const dv = new DataView(out.buffer);
  for (let k = 0; k <= nExt; k++) {
    const t = encodeText(file.text[k], enc, TEXT);
    if (!t) {
      throw new CandorError(
        where,
        `textual header ${k}`,
        `at most 3200 characters in U+0000..U+00FF (${enc.toUpperCase()})`,
        `${file.text[k].length} characters`,
      );
    }
    out.set(t, k === 0 ? 0 : TEXT + BIN + (k - 1) * TEXT);
  }
  if (file.binaryBytes && file.binaryBytes.length === BIN) out.set(file.binaryBytes, TEXT);
  writeBinaryFields(dv, TEXT, binary, L);
  for (let t = 0; t < ntraces; t++) {
    const o = first + t * block;
    for (let j = 0; j < NTRACE_FIELDS; j++) {
      const f = TRACE_FIELDS[j];
      writeTraceField(dv, o + f.byte - 1, f, file.headers[t * NTRACE_FIELDS + j], L);
    }
    if (extra > 0) out.set(file.extraHeaders.subarray(t * THDR * extra, (t + 1) * THDR * extra), o + THDR);
    const bad = firstUnrepresentable(data, t * ns, ns, format);
    if (bad >= 0) {
      throw new CandorError(
        where,
        'samples',
        `values that format ${format} (${sf.name}) holds: ${sf.integer ? `integers in [${sf.min}, ${sf.max}]` : `finite values with |v| <= ${sf.max}`}`,
        `${describe(data[t * ns + bad])} at trace ${t}, sample ${bad}`,
      );
    }
    encodeSamples(dv, o + hdrBytes, data, t * ns, ns, format, L, rounding);
  }
  if (stanzas > 0) out.set(file.trailer, out.length - stanzas * TEXT);
  return out;
}

/** Options of {@link segyFromTraces}: sample interval, format, byte order and textual header lines. */
export interface SegyFromTracesOptions {
  /** Sample interval in microseconds (default 4000). */
  interval?: number;
  /** Sample format (default 5, IEEE float). */
  format?: number;
  endian?: Endian;
  /** Lines of the textual header (at most 40 of 80 characters); default a one-line note. */
  textLines?: string[];
}

/**
 * A new rev 1 SegyFile around traces (`data` is `ntraces * ns`, trace after trace): the textual
 * header (EBCDIC), a binary header with interval, samples, format, revision 1.0 and the
 * fixed-length flag, and trace headers with their sequence numbers, sample count and interval.
 */
export function segyFromTraces(data: Float64Array, ntraces: number, opts: SegyFromTracesOptions = {}): SegyFile {
  const where = 'segyFromTraces';
  if (!Number.isInteger(ntraces) || ntraces < 1) throw new CandorError(where, 'ntraces', 'a positive integer', describe(ntraces));
  if (!(data instanceof Float64Array) || data.length % ntraces !== 0 || data.length === 0) {
    throw new CandorError(where, 'data', `a non-empty Float64Array whose length is a multiple of ntraces = ${ntraces}`, describe(data));
  }
  const ns = data.length / ntraces;
  const interval = opts.interval ?? 4000;
  if (!Number.isInteger(interval) || interval < 0 || interval > 32767) {
    throw new CandorError(where, 'interval', 'an integer number of microseconds in [0, 32767]', describe(interval));
  }
  const format = opts.format ?? 5;
  if (!SAMPLE_FORMATS[format]) throw formatError(where, format);
  const lines = opts.textLines ?? ['C 1 WRITTEN BY CANDOR'];
  if (lines.length > 40 || lines.some((l) => l.length > 80)) {
    throw new CandorError(where, 'textLines', 'at most 40 lines of at most 80 characters', `${lines.length} lines`);
  }
  const text = lines.map((l) => l.padEnd(80, ' ')).join('').padEnd(TEXT, ' ');
  const headers = new Int32Array(ntraces * NTRACE_FIELDS);
  const iSeqL = traceFieldIndex('TRACE_SEQUENCE_LINE');
  const iSeqF = traceFieldIndex('TRACE_SEQUENCE_FILE');
  const iNs = traceFieldIndex('TRACE_SAMPLE_COUNT');
  const iDt = traceFieldIndex('TRACE_SAMPLE_INTERVAL');
  for (let t = 0; t < ntraces; t++) {
    const h = t * NTRACE_FIELDS;
    headers[h + iSeqL] = t + 1;
    headers[h + iSeqF] = t + 1;
    headers[h + iNs] = ns <= 65535 ? ns : 0;
    headers[h + iDt] = interval;
  }
  return {
    text: [text],
    textEncoding: 'ebcdic',
    binary: { Interval: interval, Samples: ns, Format: format, SEGYRevision: 0x0100, TraceFlag: 1, ExtendedHeaders: 0 },
    endian: opts.endian ?? 'big',
    format,
    ns,
    interval,
    ntraces,
    headers,
    extraHeaders: new Uint8Array(0),
    trailer: new Uint8Array(0),
    data,
  };
}

/** The value of trace header field `name` for every trace (Int32Array of ntraces). */
export function traceField(file: Pick<SegyFile, 'headers' | 'ntraces'>, name: string): Int32Array {
  const j = traceFieldIndex(name);
  if (j < 0) {
    throw new CandorError('traceField', 'field name', 'a SEG-Y trace header field name (segyio TraceField)', describe(name));
  }
  const out = new Int32Array(file.ntraces);
  for (let t = 0; t < file.ntraces; t++) out[t] = file.headers[t * NTRACE_FIELDS + j];
  return out;
}

/**
 * Applies a SEG-Y scalar (bytes 69-70 or 71-72): a positive s multiplies, a negative s divides by
 * |s|, zero means 1. `applyScalar(6201972, -10)` is 620197.2.
 */
export function applyScalar(value: number, scalar: number): number {
  if (scalar > 0) return value * scalar;
  if (scalar < 0) return value / -scalar;
  return value;
}

