/**
 * The standard byte positions of the SEG-Y binary file header (bytes 3201-3600) and of the
 * 240-byte trace header, with the field names segyio uses (`segyio.BinField`,
 * `segyio.TraceField`), so a header read here can be compared key by key with segyio's
 * `f.bin` and `f.header[i]`. Positions are 1-based, as in the standard.
 *
 * Trace header: 91 fields covering all 240 bytes (the last 8 bytes, unassigned in rev 1, as two
 * 4-byte integers), read as signed big- or little-endian integers, except the sample count
 * (bytes 115-116), unsigned as in rev 2 and segyio. The commonly used ones: source coordinates
 * `SourceX`/`SourceY` (73, 77), receiver `GroupX`/`GroupY` (81, 85), their scalar
 * `SourceGroupScalar` (71: positive multiplies, negative divides), `offset` (37), `CDP` (21),
 * `CDP_X`/`CDP_Y` (181, 185), `INLINE_3D`/`CROSSLINE_3D` (189, 193), `ElevationScalar` (69).
 *
 * Binary header: the rev 1 fields, the rev 2 extensions (extended trace, sample and fold counts,
 * the float64 sample interval at 3273, the byte-order constant 16909060 at 3297, additional trace
 * headers, trace count and first-trace offset as unsigned 64-bit integers, trailer stanzas), and
 * `SEGYRevision` as segyio reads it: major revision byte 3501 times 256 plus minor byte 3502
 * (0x0100 is rev 1.0, 0x0200 rev 2.0), independent of the byte order. The rev 2 fields are read
 * from every file but used only when the major revision is 2 or more (older files may hold
 * anything in those unassigned bytes).
 *
 * Reference: SEG-Y rev 1 (2002) and rev 2.0 (2017), tables 2 and 3; segyio `tracefield.py`,
 * `binfield.py`.
 *
 * @example
 * import { TRACE_FIELDS, traceFieldIndex } from './segy-fields.ts';
 * TRACE_FIELDS[traceFieldIndex('INLINE_3D')];   // { name: 'INLINE_3D', byte: 189, size: 4 }
 */

export type FieldType = 'i16' | 'u16' | 'i32' | 'u8pair' | 'f64' | 'u64';

/** A field of the SEG-Y binary or trace header: segyio's name, 1-based byte position, size and type. */
export interface HeaderField {
  /** segyio's name. */
  readonly name: string;
  /** 1-based byte position in the standard (trace header: 1-240; binary header: 3201-3600). */
  readonly byte: number;
  /** Bytes the field occupies. */
  readonly size: number;
  readonly type: FieldType;
}

const T: [string, number][] = [
  ['TRACE_SEQUENCE_LINE', 1],
  ['TRACE_SEQUENCE_FILE', 5],
  ['FieldRecord', 9],
  ['TraceNumber', 13],
  ['EnergySourcePoint', 17],
  ['CDP', 21],
  ['CDP_TRACE', 25],
  ['TraceIdentificationCode', 29],
  ['NSummedTraces', 31],
  ['NStackedTraces', 33],
  ['DataUse', 35],
  ['offset', 37],
  ['ReceiverGroupElevation', 41],
  ['SourceSurfaceElevation', 45],
  ['SourceDepth', 49],
  ['ReceiverDatumElevation', 53],
  ['SourceDatumElevation', 57],
  ['SourceWaterDepth', 61],
  ['GroupWaterDepth', 65],
  ['ElevationScalar', 69],
  ['SourceGroupScalar', 71],
  ['SourceX', 73],
  ['SourceY', 77],
  ['GroupX', 81],
  ['GroupY', 85],
  ['CoordinateUnits', 89],
  ['WeatheringVelocity', 91],
  ['SubWeatheringVelocity', 93],
  ['SourceUpholeTime', 95],
  ['GroupUpholeTime', 97],
  ['SourceStaticCorrection', 99],
  ['GroupStaticCorrection', 101],
  ['TotalStaticApplied', 103],
  ['LagTimeA', 105],
  ['LagTimeB', 107],
  ['DelayRecordingTime', 109],
  ['MuteTimeStart', 111],
  ['MuteTimeEND', 113],
  ['TRACE_SAMPLE_COUNT', 115],
  ['TRACE_SAMPLE_INTERVAL', 117],
  ['GainType', 119],
  ['InstrumentGainConstant', 121],
  ['InstrumentInitialGain', 123],
  ['Correlated', 125],
  ['SweepFrequencyStart', 127],
  ['SweepFrequencyEnd', 129],
  ['SweepLength', 131],
  ['SweepType', 133],
  ['SweepTraceTaperLengthStart', 135],
  ['SweepTraceTaperLengthEnd', 137],
  ['TaperType', 139],
  ['AliasFilterFrequency', 141],
  ['AliasFilterSlope', 143],
  ['NotchFilterFrequency', 145],
  ['NotchFilterSlope', 147],
  ['LowCutFrequency', 149],
  ['HighCutFrequency', 151],
  ['LowCutSlope', 153],
  ['HighCutSlope', 155],
  ['YearDataRecorded', 157],
  ['DayOfYear', 159],
  ['HourOfDay', 161],
  ['MinuteOfHour', 163],
  ['SecondOfMinute', 165],
  ['TimeBaseCode', 167],
  ['TraceWeightingFactor', 169],
  ['GeophoneGroupNumberRoll1', 171],
  ['GeophoneGroupNumberFirstTraceOrigField', 173],
  ['GeophoneGroupNumberLastTraceOrigField', 175],
  ['GapSize', 177],
  ['OverTravel', 179],
  ['CDP_X', 181],
  ['CDP_Y', 185],
  ['INLINE_3D', 189],
  ['CROSSLINE_3D', 193],
  ['ShotPoint', 197],
  ['ShotPointScalar', 201],
  ['TraceValueMeasurementUnit', 203],
  ['TransductionConstantMantissa', 205],
  ['TransductionConstantPower', 209],
  ['TransductionUnit', 211],
  ['TraceIdentifier', 213],
  ['ScalarTraceHeader', 215],
  ['SourceType', 217],
  ['SourceEnergyDirectionMantissa', 219],
  ['SourceEnergyDirectionExponent', 223],
  ['SourceMeasurementMantissa', 225],
  ['SourceMeasurementExponent', 229],
  ['SourceMeasurementUnit', 231],
  ['UnassignedInt1', 233],
  ['UnassignedInt2', 237],
];

/** The 91 trace header fields, in byte order; sizes follow from the next field's position. */
export const TRACE_FIELDS: readonly HeaderField[] = Object.freeze(
  T.map(([name, byte], i) => {
    const size = (i + 1 < T.length ? T[i + 1][1] : 241) - byte;
    const type: FieldType = name === 'TRACE_SAMPLE_COUNT' ? 'u16' : size === 2 ? 'i16' : 'i32';
    return Object.freeze({ name, byte, size, type });
  }),
);

/** Number of trace header fields: a trace's headers are this many Int32Array entries. */
export const NTRACE_FIELDS = TRACE_FIELDS.length;

const TRACE_INDEX = new Map(TRACE_FIELDS.map((f, i) => [f.name, i]));

/** Index of a trace header field by segyio name (see {@link TRACE_FIELDS}), or -1. */
export function traceFieldIndex(name: string): number {
  return TRACE_INDEX.get(name) ?? -1;
}

const B: [string, number, number, FieldType][] = [
  ['JobID', 3201, 4, 'i32'],
  ['LineNumber', 3205, 4, 'i32'],
  ['ReelNumber', 3209, 4, 'i32'],
  ['Traces', 3213, 2, 'i16'],
  ['AuxTraces', 3215, 2, 'i16'],
  ['Interval', 3217, 2, 'i16'],
  ['IntervalOriginal', 3219, 2, 'i16'],
  ['Samples', 3221, 2, 'u16'],
  ['SamplesOriginal', 3223, 2, 'u16'],
  ['Format', 3225, 2, 'i16'],
  ['EnsembleFold', 3227, 2, 'i16'],
  ['SortingCode', 3229, 2, 'i16'],
  ['VerticalSum', 3231, 2, 'i16'],
  ['SweepFrequencyStart', 3233, 2, 'i16'],
  ['SweepFrequencyEnd', 3235, 2, 'i16'],
  ['SweepLength', 3237, 2, 'i16'],
  ['Sweep', 3239, 2, 'i16'],
  ['SweepChannel', 3241, 2, 'i16'],
  ['SweepTaperStart', 3243, 2, 'i16'],
  ['SweepTaperEnd', 3245, 2, 'i16'],
  ['Taper', 3247, 2, 'i16'],
  ['CorrelatedTraces', 3249, 2, 'i16'],
  ['BinaryGainRecovery', 3251, 2, 'i16'],
  ['AmplitudeRecovery', 3253, 2, 'i16'],
  ['MeasurementSystem', 3255, 2, 'i16'],
  ['ImpulseSignalPolarity', 3257, 2, 'i16'],
  ['VibratoryPolarity', 3259, 2, 'i16'],
  ['ExtTraces', 3261, 4, 'i32'],
  ['ExtAuxTraces', 3265, 4, 'i32'],
  ['ExtSamples', 3269, 4, 'i32'],
  ['ExtInterval', 3273, 8, 'f64'],
  ['ExtIntervalOriginal', 3281, 8, 'f64'],
  ['ExtSamplesOriginal', 3289, 4, 'i32'],
  ['ExtEnsembleFold', 3293, 4, 'i32'],
  ['ByteOrderConstant', 3297, 4, 'i32'],
  ['SEGYRevision', 3501, 2, 'u8pair'],
  ['TraceFlag', 3503, 2, 'i16'],
  ['ExtendedHeaders', 3505, 2, 'i16'],
  ['MaxAdditionalTraceHeaders', 3507, 4, 'i32'],
  ['TimeBasisCode', 3511, 2, 'i16'],
  ['TracesInFile', 3513, 8, 'u64'],
  ['FirstTraceOffset', 3521, 8, 'u64'],
  ['TrailerStanzas', 3529, 4, 'i32'],
];

/** Binary header fields (rev 1 and rev 2), in byte order. */
export const BINARY_FIELDS: readonly HeaderField[] = Object.freeze(
  B.map(([name, byte, size, type]) => Object.freeze({ name, byte, size, type })),
);

/** The rev 1 names segyio 1.8 reports in `dict(f.bin)` (the rest are rev 2 additions). */
export const SEGYIO_REV1_BINARY_FIELDS: readonly string[] = Object.freeze(
  BINARY_FIELDS.filter((f) => f.byte <= 3259 || f.byte >= 3501).filter((f) => f.byte <= 3505).map((f) => f.name),
);

/** The value 16909060 = 0x01020304 that rev 2 stores at byte 3297 to show the byte order. */
export const BYTE_ORDER_CONSTANT = 0x01020304;

/** Reads an integer field of `size` 2 or 4 at byte offset `o`. */
export function readTraceField(dv: DataView, o: number, f: HeaderField, le: boolean): number {
  if (f.type === 'u16') return dv.getUint16(o, le);
  return f.size === 2 ? dv.getInt16(o, le) : dv.getInt32(o, le);
}

/** Writes an integer trace field (values are stored as their low 16 or 32 bits). */
export function writeTraceField(dv: DataView, o: number, f: HeaderField, v: number, le: boolean): void {
  if (f.size === 2) dv.setUint16(o, v & 0xffff, le);
  else dv.setInt32(o, v | 0, le);
}

/** Decodes the binary header fields from the 400 bytes at `off` (byte 3201 of the file). */
export function readBinaryFields(dv: DataView, off: number, le: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of BINARY_FIELDS) {
    const o = off + f.byte - 3201;
    switch (f.type) {
      case 'i16':
        out[f.name] = dv.getInt16(o, le);
        break;
      case 'u16':
        out[f.name] = dv.getUint16(o, le);
        break;
      case 'i32':
        out[f.name] = dv.getInt32(o, le);
        break;
      case 'u8pair':
        out[f.name] = dv.getUint8(o) * 256 + dv.getUint8(o + 1);
        break;
      case 'f64':
        out[f.name] = dv.getFloat64(o, le);
        break;
      case 'u64': {
        const v = dv.getBigUint64(o, le);
        out[f.name] = v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(v);
        break;
      }
    }
  }
  return out;
}

/**
 * Writes the binary header fields present in `values` into the 400 bytes at `off`. NaN values of
 * float64 or uint64 fields leave the stored bytes as they are (bits that are not a number).
 */
export function writeBinaryFields(dv: DataView, off: number, values: Record<string, number>, le: boolean): void {
  for (const f of BINARY_FIELDS) {
    const v = values[f.name];
    if (v === undefined) continue;
    const o = off + f.byte - 3201;
    switch (f.type) {
      case 'i16':
      case 'u16':
        dv.setUint16(o, v & 0xffff, le);
        break;
      case 'i32':
        dv.setInt32(o, v | 0, le);
        break;
      case 'u8pair':
        dv.setUint8(o, (v >> 8) & 0xff);
        dv.setUint8(o + 1, v & 0xff);
        break;
      case 'f64':
        if (!Number.isNaN(v)) dv.setFloat64(o, v, le);
        break;
      case 'u64':
        if (Number.isInteger(v) && v >= 0) dv.setBigUint64(o, BigInt(v), le);
        break;
    }
  }
}
