/**
 * The summary of a visibility file that `candor radio info` prints: what was observed (object,
 * telescope, phase centre, frequencies, IFs, Stokes), by whom (stations, baselines), how much
 * (samples, flagged, used), when (time range), and what it can image (uv range, nominal
 * resolution, largest recoverable scale, suggested cell and image size: see ./coverage.ts).
 *
 * @example
 * import { readUvfits } from '../../io/index.ts';
 * import { radioInfo } from './info.ts';
 * // const info = radioInfo(readUvfits(bytes, { name: f }), f);
 * // info.resolution.text   -> '24.6 uas' for the EHT 2017 M87 file
 */
import type { Uvfits } from '../../io/fits/uvfits.ts';
import { STOKES_NAMES } from '../../io/fits/uvfits.ts';
import { formatAngle } from './angles.ts';
import { type CoverageStats, coverageStats } from './coverage.ts';
import { type Visibilities, type VisibilityCounts, visibilitiesFromUvfits } from './visibilities.ts';

/**
 * What `candor radio info` prints of a visibility file: source, telescope, date, phase centre,
 * frequencies, Stokes, stations, counts, time span, uv range, resolution and a suggested cell and
 * size.
 */
export interface RadioInfo {
  file: string;
  object: string;
  telescope: string;
  instrument: string;
  dateObs: string;
  phaseCentre: { raDeg: number; decDeg: number; text: string };
  frequency: { referenceHz: number; ifs: number; channels: number; channelWidthHz: number; ifFrequenciesHz: number[]; minHz: number; maxHz: number };
  stokes: string[];
  stokesI: string;
  stations: { number: number; name: string }[];
  baselines: number;
  groups: number;
  visibilities: VisibilityCounts;
  time: { startJd: number; endJd: number; startUtc: string; endUtc: string; hours: number; integrationSeconds: number | null };
  uv: { minLambda: number; maxLambda: number; longest: string; shortest: string; unitInFile: string };
  resolution: { rad: number; text: string };
  largestScale: { rad: number; text: string };
  suggested: { cellRad: number; cell: string; size: number; nyquistCellRad: number };
  notes: string[];
}

/** Calendar date and time (UTC) of a Julian date, ISO 8601 to the second. */
export function jdToIso(jd: number): string {
  if (!Number.isFinite(jd)) return 'unknown';
  const ms = (jd - 2440587.5) * 86400000;
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** RA (hours) and Dec (degrees) as `12h30m49.423s +12d23m28.04s`. */
export function formatRaDec(raDeg: number, decDeg: number): string {
  const ra = (((raDeg % 360) + 360) % 360) / 15;
  const h = Math.floor(ra);
  const m = Math.floor((ra - h) * 60);
  const s = ((ra - h) * 60 - m) * 60;
  const sign = decDeg < 0 ? '-' : '+';
  const d = Math.abs(decDeg);
  const dd = Math.floor(d);
  const dm = Math.floor((d - dd) * 60);
  const ds = ((d - dd) * 60 - dm) * 60;
  return `${h}h${String(m).padStart(2, '0')}m${s.toFixed(3).padStart(6, '0')}s ${sign}${dd}d${String(dm).padStart(2, '0')}m${ds.toFixed(2).padStart(5, '0')}s`;
}

function median(x: number[]): number | null {
  if (x.length === 0) return null;
  const s = [...x].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** The summary from visibilities alone (EHT text exports: one frequency, no tables). */
export function infoFromVisibilities(vis: Visibilities, file: string): { info: RadioInfo; vis: Visibilities; coverage: CoverageStats } {
  const cov = coverageStats(vis);
  const name = (a: number) => vis.stations.get(a) ?? String(a);
  const pairs = new Set<string>();
  for (let k = 0; k < vis.n; k++) pairs.add(`${vis.ant1[k]}-${vis.ant2[k]}`);
  let t1 = 0;
  for (let k = 0; k < vis.n; k++) t1 = Math.max(t1, vis.time[k]);
  const j0 = vis.t0Jd;
  const j1 = j0 + t1 / 86400;
  let fmin = Number.POSITIVE_INFINITY;
  let fmax = 0;
  for (let k = 0; k < vis.n; k++) [fmin, fmax] = [Math.min(fmin, vis.freq[k]), Math.max(fmax, vis.freq[k])];
  const info: RadioInfo = {
    file,
    object: vis.object,
    telescope: vis.telescope,
    instrument: '',
    dateObs: jdToIso(j0).slice(0, 10),
    phaseCentre: { raDeg: vis.raDeg, decDeg: vis.decDeg, text: formatRaDec(vis.raDeg, vis.decDeg) },
    frequency: { referenceHz: vis.refFreq, ifs: 1, channels: 1, channelWidthHz: 0, ifFrequenciesHz: [vis.refFreq], minHz: fmin, maxHz: fmax },
    stokes: [vis.stokesFrom],
    stokesI: vis.stokesFrom === 'I' ? 'I (in the file)' : `I = (${vis.stokesFrom.replace('+', ' + ')})/2`,
    stations: [...vis.stations].map(([number, n]) => ({ number, name: n })),
    baselines: pairs.size,
    groups: vis.counts.samples,
    visibilities: vis.counts,
    time: { startJd: j0, endJd: j1, startUtc: jdToIso(j0), endUtc: jdToIso(j1), hours: t1 / 3600, integrationSeconds: null },
    uv: {
      minLambda: cov.uvMin,
      maxLambda: cov.uvMax,
      longest: `${name(cov.longest.ant1)}-${name(cov.longest.ant2)}`,
      shortest: `${name(cov.shortest.ant1)}-${name(cov.shortest.ant2)}`,
      unitInFile: 'wavelengths',
    },
    resolution: { rad: cov.resolution, text: formatAngle(cov.resolution, 1) },
    largestScale: { rad: cov.largestScale, text: formatAngle(cov.largestScale, 1) },
    suggested: { cellRad: cov.suggestedCell, cell: formatAngle(cov.suggestedCell, 2), size: cov.suggestedSize, nyquistCellRad: cov.nyquistCell },
    notes: [...vis.notes, 'w-terms are ignored by the imaging (small fields)'],
  };
  return { info, vis, coverage: cov };
}

/** Everything `candor radio info` reports for a UVFITS file (see above); also returns the visibilities and coverage it computed. */
export function radioInfo(uv: Uvfits, file: string, opts: { allowSingleHand?: boolean } = {}): { info: RadioInfo; vis: Visibilities; coverage: CoverageStats } {
  const vis = visibilitiesFromUvfits(uv, { name: file, allowSingleHand: opts.allowSingleHand });
  const base = infoFromVisibilities(vis, file);
  const pairs = new Set<string>();
  for (let g = 0; g < uv.nGroups; g++) if (uv.ant1[g] !== uv.ant2[g]) pairs.add(`${uv.ant1[g]}-${uv.ant2[g]}`);
  let j0 = Number.POSITIVE_INFINITY;
  let j1 = Number.NEGATIVE_INFINITY;
  for (const j of uv.jd) {
    if (j < j0) j0 = j;
    if (j > j1) j1 = j;
  }
  const used = new Set<number>();
  for (let g = 0; g < uv.nGroups; g++) used.add(uv.ant1[g]).add(uv.ant2[g]);
  const info: RadioInfo = {
    ...base.info,
    instrument: uv.instrument,
    dateObs: uv.dateObs,
    phaseCentre: { raDeg: uv.raDeg, decDeg: uv.decDeg, text: formatRaDec(uv.raDeg, uv.decDeg) },
    frequency: {
      referenceHz: uv.refFreq,
      ifs: uv.nIf,
      channels: uv.nFreq,
      channelWidthHz: uv.chanWidth,
      ifFrequenciesHz: Array.from({ length: uv.nIf }, (_, i) => uv.freqs[i * uv.nFreq]),
      minHz: Math.min(...uv.freqs),
      maxHz: Math.max(...uv.freqs),
    },
    stokes: uv.stokes.map((s) => STOKES_NAMES[s] ?? String(s)),
    stations: uv.antennas.length
      ? uv.antennas.map((a) => ({ number: a.number, name: a.name }))
      : [...used].sort((a, b) => a - b).map((n) => ({ number: n, name: String(n) })),
    baselines: pairs.size,
    groups: uv.nGroups,
    time: {
      startJd: j0,
      endJd: j1,
      startUtc: jdToIso(j0),
      endUtc: jdToIso(j1),
      hours: Number.isFinite(j1 - j0) ? (j1 - j0) * 24 : 0,
      integrationSeconds: uv.inttim ? median(Array.from(uv.inttim)) : null,
    },
    uv: { ...base.info.uv, unitInFile: `${uv.uvwUnit} (${uv.uvwUnitReason})` },
  };
  return { info, vis, coverage: base.coverage };
}
