/**
 * What `candor seismic info` prints: the file's format and headers, the gather's size and time
 * axis, the ranges of the common trace header fields (coordinates with their scalar applied), the
 * panels, the amplitude range and which traces are missing (all zero).
 *
 * @example
 * import { decodeGather } from './gather.ts';
 * import { gatherInfo } from './info.ts';
 * // gatherInfo(decodeGather(bytes, 'segyio_f3.sgy')).panels === 23
 */
import { SAMPLE_FORMATS } from '../../io/segy-formats.ts';
import { applyScalar, traceField } from '../../io/segy.ts';
import { textLines } from '../../io/segy-text.ts';
import { gatherPanels, type LoadedGather, liveTraces } from './gather.ts';

/** The range of a trace header field over the gather: min, max and count of distinct values. */
export interface FieldRange {
  field: string;
  min: number;
  max: number;
  /** Distinct values. */
  distinct: number;
}

/** What `candor seismic info` prints: format, sizes and time axis, header field ranges, panels, amplitude range and missing traces. */
export interface GatherInfo {
  file: string;
  format: string;
  ntraces: number;
  ns: number;
  dtMs: number;
  durationMs: number;
  segy: {
    revision: string;
    endian: string;
    sampleFormat: string;
    textEncoding: string;
    extendedTextHeaders: number;
    /** Non-blank lines of the textual header. */
    text: string[];
    binary: Record<string, number>;
  } | null;
  su: { endian: string } | null;
  /** Ranges of the common trace header fields that are not all zero. */
  headers: FieldRange[];
  panels: number;
  amplitude: { min: number; max: number; rms: number };
  missingTraces: number[];
  notes: string[];
}

const FIELDS = [
  'FieldRecord',
  'TraceNumber',
  'EnergySourcePoint',
  'CDP',
  'offset',
  'INLINE_3D',
  'CROSSLINE_3D',
  'SourceX',
  'SourceY',
  'GroupX',
  'GroupY',
  'CDP_X',
  'CDP_Y',
  'SourceGroupScalar',
  'ElevationScalar',
];
const COORDS = new Set(['SourceX', 'SourceY', 'GroupX', 'GroupY', 'CDP_X', 'CDP_Y']);

/**
 * Describes a loaded gather: format, size, time axis, ranges of the common trace header fields
 * (coordinates with their scalar applied), panels, amplitudes and missing (all-zero) traces.
 */
export function gatherInfo(src: LoadedGather): GatherInfo {
  const g = src.gather;
  const hdr = src.segy ?? src.su;
  const headers: FieldRange[] = [];
  if (hdr && g.ntraces > 0) {
    const scal = traceField(hdr, 'SourceGroupScalar');
    for (const name of FIELDS) {
      const col = traceField(hdr, name);
      if (col.every((v) => v === 0)) continue;
      const vals = Array.from(col, (v, t) => (COORDS.has(name) ? applyScalar(v, scal[t]) : v));
      headers.push({ field: name, min: Math.min(...vals), max: Math.max(...vals), distinct: new Set(vals).size });
    }
  }
  let min = Infinity;
  let max = -Infinity;
  let ss = 0;
  for (const v of g.data) {
    if (v < min) min = v;
    if (v > max) max = v;
    ss += v * v;
  }
  const live = liveTraces(g);
  const missing: number[] = [];
  for (let t = 0; t < g.ntraces; t++) if (!live[t]) missing.push(t);
  const f = src.segy;
  return {
    file: src.name,
    format: src.format === 'segy' ? 'SEG-Y' : src.format === 'su' ? 'Seismic Unix' : 'NumPy',
    ntraces: g.ntraces,
    ns: g.ns,
    dtMs: g.dt * 1000,
    durationMs: (g.ns - 1) * g.dt * 1000,
    segy: f
      ? {
          revision: `${f.binary.SEGYRevision >> 8}.${f.binary.SEGYRevision & 0xff}`,
          endian: f.endian,
          sampleFormat: `${f.format} (${SAMPLE_FORMATS[f.format].name})`,
          textEncoding: f.textEncoding.toUpperCase(),
          extendedTextHeaders: f.text.length - 1,
          text: textLines(f.text[0]).map((l) => l.trimEnd()).filter((l) => l.replace(/^C\s*\d*\s*/, '') !== ''),
          binary: Object.fromEntries(Object.entries(f.binary).filter(([, v]) => v !== 0 && !Number.isNaN(v))),
        }
      : null,
    su: src.su ? { endian: src.su.endian } : null,
    headers,
    panels: gatherPanels(src).length,
    amplitude: { min: g.data.length ? min : 0, max: g.data.length ? max : 0, rms: g.data.length ? Math.sqrt(ss / g.data.length) : 0 },
    missingTraces: missing,
    notes: src.notes,
  };
}

/** The info as a few lines of text. */
export function formatInfo(i: GatherInfo): string[] {
  const lines = [
    `${i.file}: ${i.format}, ${i.ntraces} traces x ${i.ns} samples, dt ${+i.dtMs.toPrecision(9)} ms (${+i.durationMs.toPrecision(9)} ms)`,
  ];
  if (i.segy) {
    lines.push(
      `  SEG-Y rev ${i.segy.revision}, ${i.segy.endian}-endian, format ${i.segy.sampleFormat}, ${i.segy.textEncoding} textual header${i.segy.extendedTextHeaders ? ` + ${i.segy.extendedTextHeaders} extended` : ''}`,
    );
    for (const l of i.segy.text.slice(0, 6)) lines.push(`  | ${l}`);
  }
  if (i.su) lines.push(`  SU, ${i.su.endian}-endian, 4-byte IEEE float samples`);
  for (const h of i.headers) {
    lines.push(`  ${h.field.padEnd(18)} ${h.min === h.max ? String(h.min) : `${h.min} .. ${h.max}`} (${h.distinct} distinct)`);
  }
  if (i.panels > 1) lines.push(`  ${i.panels} panels (one per inline), interpolated one at a time`);
  lines.push(`  amplitude ${i.amplitude.min.toPrecision(4)} .. ${i.amplitude.max.toPrecision(4)}, rms ${i.amplitude.rms.toPrecision(4)}`);
  lines.push(
    i.missingTraces.length
      ? `  ${i.missingTraces.length} missing (all-zero) traces: ${i.missingTraces.slice(0, 20).join(', ')}${i.missingTraces.length > 20 ? ', ...' : ''}`
      : '  no missing (all-zero) traces',
  );
  for (const n of i.notes) lines.push(`  note: ${n}`);
  return lines;
}
