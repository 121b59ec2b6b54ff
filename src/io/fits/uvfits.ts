/**
 * UVFITS visibility files (AIPS Memo 117, "Going AIPS-FITS"; Greisen 2012): a random-groups
 * primary HDU (GROUPS = T, NAXIS1 = 0) whose every group holds PCOUNT parameters and then a
 * small array COMPLEX x STOKES x FREQ x IF x RA x DEC, plus AIPS tables (AN antennas, FQ
 * frequencies, ...) as binary table extensions.
 *
 * - Group parameter n is `PSCALn * stored + PZEROn` (astropy's `data.par(n)`); parameters with the
 *   same name are added together, so the usual pair of DATE parameters gives the full Julian date
 *   (AIPS splits it to keep float32 precision; `_DATE` is taken as DATE too).
 * - u, v, w: PTYPE `UU`, `UU--`, `UU---SIN`, `UU---NCP` (AIPS: light seconds). Files written with
 *   wavelengths instead are recognised when max |u|, |v|, |w| exceeds 10 s (3e6 km, far beyond
 *   any baseline, even RadioAstron's 1.2 s), or forced with `uvwUnit`.
 * - Baselines: `BASELINE` = 256 a1 + a2 + (subarray - 1)/100 (a1, a2 < 256), or the MIRIAD form
 *   2048 a1 + a2 + 65536 above 65535; or the newer `ANTENNA1`, `ANTENNA2` (and `SUBARRAY`).
 * - The array: COMPLEX has 3 entries (re, im, weight) or 2 (weights 1); a weight <= 0 marks a
 *   flagged sample (AIPS); STOKES codes 1..4 = I Q U V, -1..-4 = RR LL RL LR, -5..-8 = XX YY XY YX.
 * - Channel frequency (Hz) of channel c (0-based) in IF i: CRVAL + (c + 1 - CRPIX) CDELT of the
 *   FREQ axis + the FQ table's `IF FREQ`[i] (0 when there is one IF and no FQ table).
 *
 * Every declared size is checked against the file length before anything is allocated.
 *
 * @example
 * import { readUvfits, visOffset } from './uvfits.ts';
 * // const uv = readUvfits(bytes, { name: 'vlba.uvfits' });
 * // uv.nGroups, uv.stokes -> 3150, [-1, -2, -3, -4]
 * // uv.data[visOffset(uv, g, 0, 0, 0)]      real part of RR in group g, IF 0, channel 0
 */
import { CandorError, describe } from '../../core/errors.ts';
import { checkBytes, ioWhere } from '../ndarray.ts';
import { type BinTable, binTableFromHdu } from './bintable.ts';
import { listHdus } from './hdus.ts';
import { type FitsHeader, headerNumber, headerString, headerValue } from './header.ts';
import { rawSample } from './image.ts';

/** A random-groups parameter of a UVFITS file (PTYPE, PSCAL, PZERO) with its raw values per group. */
export interface UvfitsParam {
  /** PTYPEn as written (trimmed), e.g. 'UU---SIN'. */
  ptype: string;
  pscal: number;
  pzero: number;
  /** The stored values, one per group (physical = pscal * raw + pzero). */
  raw: Float64Array;
}

/** An axis of a UVFITS visibility array (CTYPE, NAXIS, CRVAL, CDELT, CRPIX, CROTA). */
export interface UvfitsAxis {
  /** CTYPEn (trimmed, upper case); '' when the header has none (a degenerate axis). */
  ctype: string;
  n: number;
  crval: number;
  cdelt: number;
  crpix: number;
  crota: number;
}

/** An antenna of the AIPS AN table: number, name and station position. */
export interface UvfitsAntenna {
  /** Antenna number used in BASELINE (NOSTA). */
  number: number;
  name: string;
  /** Station position, metres (STABXYZ). */
  xyz: [number, number, number];
}

/**
 * A UVFITS file in memory: the random-groups header, parameters and visibility array, the axes'
 * strides and sizes, u, v, w per group in light seconds, the antennas and the other tables, and
 * notes on how the file was read.
 */
export interface Uvfits {
  /** The primary header (all cards). */
  header: FitsHeader;
  bitpix: number;
  bscale: number;
  bzero: number;
  nGroups: number;
  params: UvfitsParam[];
  /** The array axes NAXIS2..NAXISn in file order (COMPLEX first). */
  axes: UvfitsAxis[];
  /** Visibility array values (after BSCALE/BZERO), group by group, in file order (NAXIS2 fastest). */
  data: Float64Array;
  /** Values per group (the product of the axis lengths). */
  groupSize: number;
  /** Strides in `data` of the COMPLEX, STOKES, FREQ and IF axes. */
  strides: { complex: number; stokes: number; freq: number; if: number };
  nComplex: 2 | 3;
  nStokes: number;
  nFreq: number;
  nIf: number;
  /** STOKES codes along the axis (-1 RR, -2 LL, ... 1 I). */
  stokes: number[];
  /** u, v, w in light seconds, one per group. */
  uu: Float64Array;
  vv: Float64Array;
  ww: Float64Array;
  /** How u, v, w were stored, and why we think so. */
  uvwUnit: 'seconds' | 'wavelengths';
  uvwUnitReason: string;
  ant1: Int32Array;
  ant2: Int32Array;
  subarray: Int32Array;
  /** Julian date of each group (sum of the DATE parameters); NaN when the file has none. */
  jd: Float64Array;
  /** Integration time per group, seconds (INTTIM), when present. */
  inttim?: Float64Array;
  /** Frequency of each (IF, channel), Hz: index i * nFreq + c. */
  freqs: Float64Array;
  /** Reference frequency (the FREQ axis CRVAL), Hz. */
  refFreq: number;
  /** FREQ axis channel width CDELT, Hz. */
  chanWidth: number;
  object: string;
  telescope: string;
  instrument: string;
  dateObs: string;
  /** Phase centre (RA, Dec axis CRVALs, else OBSRA/OBSDEC), degrees. */
  raDeg: number;
  decDeg: number;
  bunit: string;
  antennas: UvfitsAntenna[];
  /** Every binary table of the file (AIPS AN, FQ, NX, ...). */
  tables: BinTable[];
  /** Notes on how the file was interpreted (unit choice, missing tables). */
  notes: string[];
}

/** Options of {@link readUvfits}: file name and the units of UU/VV/WW. */
export interface ReadUvfitsOptions {
  name?: string;
  /** Units of UU/VV/WW: 'auto' (default; see above), 'seconds' or 'wavelengths'. */
  uvwUnit?: 'auto' | 'seconds' | 'wavelengths';
}

/** The parameter's base name: 'UU---SIN' -> 'UU', '_DATE' -> 'DATE', 'ANTENNA1' -> 'ANTENNA1'. */
export function paramBase(ptype: string): string {
  const t = ptype.trim().toUpperCase();
  if (t === '_DATE') return 'DATE';
  const m = /^([A-Z0-9_]+?)(-.*)?$/.exec(t);
  return m ? m[1] : t;
}

/** Sum of the physical values of every parameter whose base name is `base`, or null if none. */
export function paramValues(uv: { params: UvfitsParam[]; nGroups: number }, base: string): Float64Array | null {
  const ps = uv.params.filter((p) => paramBase(p.ptype) === base);
  if (ps.length === 0) return null;
  const out = new Float64Array(uv.nGroups);
  for (const p of ps) for (let g = 0; g < uv.nGroups; g++) out[g] += p.pscal * p.raw[g] + p.pzero;
  return out;
}

/** Offset in `uv.data` of the real part of (group, IF, channel, Stokes); imaginary at + strides.complex, weight at + 2 strides.complex. */
export function visOffset(uv: Uvfits, g: number, i: number, c: number, s: number): number {
  return g * uv.groupSize + i * uv.strides.if + c * uv.strides.freq + s * uv.strides.stokes;
}

/** Stokes code -> name. */
export const STOKES_NAMES: Readonly<Record<number, string>> = Object.freeze({
  1: 'I', 2: 'Q', 3: 'U', 4: 'V', [-1]: 'RR', [-2]: 'LL', [-3]: 'RL', [-4]: 'LR', [-5]: 'XX', [-6]: 'YY', [-7]: 'XY', [-8]: 'YX',
});

function decodeBaselines(uv: { params: UvfitsParam[]; nGroups: number }, where: string, names: string) {
  const n = uv.nGroups;
  const ant1 = new Int32Array(n);
  const ant2 = new Int32Array(n);
  const subarray = new Int32Array(n).fill(1);
  const a1 = paramValues(uv, 'ANTENNA1');
  const a2 = paramValues(uv, 'ANTENNA2');
  const bl = paramValues(uv, 'BASELINE');
  if (a1 && a2) {
    const sub = paramValues(uv, 'SUBARRAY');
    for (let g = 0; g < n; g++) {
      ant1[g] = Math.round(a1[g]);
      ant2[g] = Math.round(a2[g]);
      if (sub) subarray[g] = Math.round(sub[g]);
    }
  } else if (bl) {
    for (let g = 0; g < n; g++) {
      const b = bl[g];
      if (!Number.isFinite(b) || b < 0) throw new CandorError(where, 'BASELINE', 'a non-negative number', `${describe(b)} in group ${g}`);
      const whole = Math.floor(b + 1e-6);
      subarray[g] = Math.round((b - whole) * 100) + 1;
      if (whole > 65535) {
        ant2[g] = (whole - 65536) % 2048;
        ant1[g] = (whole - 65536 - ant2[g]) / 2048;
      } else {
        ant1[g] = Math.floor(whole / 256);
        ant2[g] = whole % 256;
      }
    }
  } else {
    throw new CandorError(where, 'group parameters', 'BASELINE, or ANTENNA1 and ANTENNA2', names);
  }
  return { ant1, ant2, subarray };
}

function readAxes(h: FitsHeader, naxis: number[]): UvfitsAxis[] {
  return naxis.slice(1).map((n, k) => {
    const i = k + 2;
    const num = (key: string, d: number) => {
      const v = headerValue(h, `${key}${i}`);
      return typeof v === 'number' ? v : d;
    };
    return {
      ctype: headerString(h, `CTYPE${i}`).trim().toUpperCase(),
      n,
      crval: num('CRVAL', 0),
      cdelt: num('CDELT', 1),
      crpix: num('CRPIX', 1),
      crota: num('CROTA', 0),
    };
  });
}

/** A numeric column of an AIPS table (with `repeat` values per row when given), or an error naming it. */
function numericColumn(t: BinTable, name: string, where: string, repeat?: number): { repeat: number; values: Float64Array } {
  const c = t.column(name);
  if (!c.values || c.type === 'C' || c.type === 'M') {
    throw new CandorError(where, `${t.name} table ${name}`, 'a real numeric column (TFORMn B, I, J, K, E or D)', `type ${c.type}`);
  }
  if (repeat !== undefined && c.repeat !== repeat) throw new CandorError(where, `${t.name} table ${name}`, `${repeat} value(s) per row`, String(c.repeat));
  return { repeat: c.repeat, values: c.values };
}

/** A character column of an AIPS table, or an error naming it. */
function stringColumn(t: BinTable, name: string, where: string): string[] {
  const c = t.column(name);
  if (!c.strings) throw new CandorError(where, `${t.name} table ${name}`, "a character column (TFORMn 'nA')", `type ${c.type}`);
  return c.strings;
}

/**
 * Reads a UVFITS file. Errors name the file for: not FITS, a primary HDU that is not random groups,
 * truncated header or data, missing UU or VV, no BASELINE (nor ANTENNA1/2), no COMPLEX, STOKES or
 * FREQ axis, a COMPLEX axis of other than 2 or 3 entries.
 */
export function readUvfits(bytes: Uint8Array, opts: ReadUvfitsOptions = {}): Uvfits {
  const where = ioWhere('readUvfits', opts.name);
  checkBytes(where, bytes);
  const hdus = listHdus(bytes, where);
  const p = hdus[0];
  if (p.kind !== 'groups') {
    const got = p.naxis.length === 0 ? 'a primary HDU without data (NAXIS = 0)' : `a primary image of ${p.naxis.join('x')} (NAXIS1 = ${p.naxis[0]}, GROUPS ${describe(headerValue(p.header, 'GROUPS'))})`;
    throw new CandorError(where, 'primary HDU', 'random groups (GROUPS = T, NAXIS1 = 0): a UVFITS visibility file', got);
  }
  const h = p.header;
  const pcount = p.pcount;
  const axes = readAxes(h, p.naxis);
  const groupSize = axes.reduce((a, x) => a * x.n, 1);
  const nGroups = p.gcount;
  const bscale = headerNumber(h, 'BSCALE', where, 1);
  const bzero = headerNumber(h, 'BZERO', where, 0);
  const size = Math.abs(p.bitpix) / 8;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + p.dataOffset, p.dataBytes);
  const params: UvfitsParam[] = [];
  for (let k = 1; k <= pcount; k++) {
    params.push({
      ptype: headerString(h, `PTYPE${k}`).trim(),
      pscal: headerNumber(h, `PSCAL${k}`, where, 1),
      pzero: headerNumber(h, `PZERO${k}`, where, 0),
      raw: new Float64Array(nGroups),
    });
  }
  // a zero scale makes every value of the parameter its PZERO: u = v = 0 for the coordinates, one
  // baseline for every group (closures and averages grouped wrongly) from the antenna parameters
  // the decoder uses (ANTENNA1 and ANTENNA2 when both are present, else BASELINE). DATE parameters
  // are added, and a constant one (the day in PZERO) is how writers split the date: refused only
  // when every DATE parameter is constant (one time for every group)
  const has = (b: string) => params.some((x) => paramBase(x.ptype) === b);
  const checked = ['UU', 'VV', 'WW', ...(has('ANTENNA1') && has('ANTENNA2') ? ['ANTENNA1', 'ANTENNA2'] : ['BASELINE'])];
  for (const [i, x] of params.entries()) {
    if (x.pscal === 0 && checked.includes(paramBase(x.ptype))) {
      throw new CandorError(where, `PSCAL${i + 1} (${x.ptype})`, 'a non-zero scale (physical = PSCAL x stored + PZERO)', '0');
    }
  }
  const dates = params.flatMap((x, i) => (paramBase(x.ptype) === 'DATE' ? [i + 1] : []));
  if (dates.length > 0 && dates.every((k) => params[k - 1].pscal === 0)) {
    throw new CandorError(where, `PSCAL${dates.join(', PSCAL')} (DATE)`, 'a non-zero scale on at least one DATE parameter (physical = PSCAL x stored + PZERO: all zero gives every group one time)', '0');
  }
  const names = params.map((x) => x.ptype).join(', ') || 'none';
  if (!has('UU') || !has('VV')) {
    throw new CandorError(where, 'group parameters', "UU and VV (PTYPEn 'UU', 'UU--' or 'UU---SIN'; 'VV' likewise)", names);
  }
  const axisOf = (t: string) => axes.findIndex((a) => a.ctype === t);
  for (const t of ['COMPLEX', 'STOKES', 'FREQ']) {
    if (axisOf(t) < 0) throw new CandorError(where, 'array axes', `a ${t} axis (CTYPEn)`, `axes ${axes.map((a) => a.ctype || '(none)').join(', ')}`);
  }
  const stride = (t: string) => {
    const i = axisOf(t);
    let s = 1;
    for (let k = 0; k < i; k++) s *= axes[k].n;
    return i < 0 ? 0 : s;
  };
  const cx = axes[axisOf('COMPLEX')];
  if (cx.n !== 2 && cx.n !== 3) throw new CandorError(where, 'COMPLEX axis', '2 (re, im) or 3 (re, im, weight) entries', String(cx.n));
  // one pass over the groups: parameters, then the array
  const data = new Float64Array(nGroups * groupSize);
  const intData = p.bitpix > 0;
  for (let g = 0, o = 0; g < nGroups; g++) {
    for (let k = 0; k < pcount; k++, o += size) params[k].raw[g] = Number(rawSample(dv, p.bitpix, o));
    const base = g * groupSize;
    for (let k = 0; k < groupSize; k++, o += size) {
      const r = Number(rawSample(dv, p.bitpix, o));
      data[base + k] = intData || bscale !== 1 || bzero !== 0 ? bzero + bscale * r : r;
    }
  }
  const uv0 = { params, nGroups };
  let uu = paramValues(uv0, 'UU')!;
  let vv = paramValues(uv0, 'VV')!;
  let ww = paramValues(uv0, 'WW') ?? new Float64Array(nGroups);
  const fAxis = axes[axisOf('FREQ')];
  const refFreq = fAxis.crval;
  let maxAbs = 0;
  for (let g = 0; g < nGroups; g++) maxAbs = Math.max(maxAbs, Math.abs(uu[g]), Math.abs(vv[g]), Math.abs(ww[g]));
  const notes: string[] = [];
  let uvwUnit: 'seconds' | 'wavelengths' = 'seconds';
  let uvwUnitReason = 'AIPS convention (light seconds)';
  if (opts.uvwUnit === 'wavelengths' || (opts.uvwUnit !== 'seconds' && maxAbs > 10)) {
    uvwUnit = 'wavelengths';
    uvwUnitReason = opts.uvwUnit === 'wavelengths' ? 'asked for' : `max |u|, |v|, |w| = ${maxAbs.toExponential(3)} > 10 s is no baseline in light seconds: read as wavelengths at the reference frequency`;
    if (!(refFreq > 0)) throw new CandorError(where, 'FREQ axis CRVAL', 'a positive reference frequency (to convert wavelengths)', describe(refFreq));
    const k = 1 / refFreq;
    uu = uu.map((x) => x * k);
    vv = vv.map((x) => x * k);
    ww = ww.map((x) => x * k);
    notes.push(`u, v, w ${uvwUnitReason}`);
  }
  const { ant1, ant2, subarray } = decodeBaselines(uv0, where, names);
  const jd = paramValues(uv0, 'DATE') ?? new Float64Array(nGroups).fill(Number.NaN);
  if (!has('DATE')) notes.push('no DATE parameter: times unknown');
  const inttim = paramValues(uv0, 'INTTIM') ?? undefined;
  // tables
  const tables: BinTable[] = [];
  for (const x of hdus.slice(1)) if (x.kind === 'bintable') tables.push(binTableFromHdu(bytes, x, where));
  const table = (n: string) => tables.find((t) => t.name.toUpperCase() === n);
  const nIf = axisOf('IF') >= 0 ? axes[axisOf('IF')].n : 1;
  const nFreq = fAxis.n;
  const ifOffsets = new Float64Array(nIf);
  const fq = table('AIPS FQ');
  if (fq?.has('IF FREQ')) {
    const col = numericColumn(fq, 'IF FREQ', where);
    if (col.repeat !== nIf) throw new CandorError(where, 'AIPS FQ table IF FREQ', `${nIf} values (the IF axis)`, String(col.repeat));
    for (let i = 0; i < nIf; i++) ifOffsets[i] = col.values[i];
    if (fq.rows > 1) notes.push(`AIPS FQ has ${fq.rows} rows: the first (FRQSEL ${fq.column('FRQSEL').values?.[0]}) is used`);
  } else if (nIf > 1) {
    throw new CandorError(where, 'AIPS FQ table', `the IF FREQ offsets of the ${nIf} IFs`, 'no AIPS FQ table');
  }
  const freqs = new Float64Array(nIf * nFreq);
  for (let i = 0; i < nIf; i++) {
    for (let c = 0; c < nFreq; c++) {
      const f = refFreq + (c + 1 - fAxis.crpix) * fAxis.cdelt + ifOffsets[i];
      if (!(f > 0 && Number.isFinite(f))) {
        throw new CandorError(
          where,
          `frequency of IF ${i + 1} channel ${c + 1}`,
          'a positive frequency in Hz (FREQ axis CRVAL + (channel - CRPIX) x CDELT + the AIPS FQ IF FREQ offset)',
          `${describe(f)} (CRVAL ${refFreq}, CRPIX ${fAxis.crpix}, CDELT ${fAxis.cdelt}, IF offset ${ifOffsets[i]})`,
        );
      }
      freqs[i * nFreq + c] = f;
    }
  }
  const stokesAxis = axes[axisOf('STOKES')];
  const stokes = Array.from({ length: stokesAxis.n }, (_, s) => Math.round(stokesAxis.crval + (s + 1 - stokesAxis.crpix) * stokesAxis.cdelt));
  const antennas: UvfitsAntenna[] = [];
  const an = table('AIPS AN');
  if (an) {
    const names2 = an.has('ANNAME') ? stringColumn(an, 'ANNAME', where) : [];
    const nosta = an.has('NOSTA') ? numericColumn(an, 'NOSTA', where, 1).values : null;
    const xyz = an.has('STABXYZ') ? numericColumn(an, 'STABXYZ', where, 3).values : null;
    for (let r = 0; r < an.rows; r++) {
      antennas.push({
        number: nosta ? nosta[r] : r + 1,
        name: names2[r] ?? `${r + 1}`,
        xyz: xyz ? [xyz[3 * r], xyz[3 * r + 1], xyz[3 * r + 2]] : [0, 0, 0],
      });
    }
  } else notes.push('no AIPS AN table: antennas are known by number only');
  const ra = axisOf('RA') >= 0 ? axes[axisOf('RA')].crval : headerNumber(h, 'OBSRA', where, 0);
  const dec = axisOf('DEC') >= 0 ? axes[axisOf('DEC')].crval : headerNumber(h, 'OBSDEC', where, 0);
  return {
    header: h,
    bitpix: p.bitpix,
    bscale,
    bzero,
    nGroups,
    params,
    axes,
    data,
    groupSize,
    strides: { complex: stride('COMPLEX'), stokes: stride('STOKES'), freq: stride('FREQ'), if: stride('IF') },
    nComplex: cx.n as 2 | 3,
    nStokes: stokesAxis.n,
    nFreq,
    nIf,
    stokes,
    uu,
    vv,
    ww,
    uvwUnit,
    uvwUnitReason,
    ant1,
    ant2,
    subarray,
    jd,
    inttim,
    freqs,
    refFreq,
    chanWidth: fAxis.cdelt,
    object: headerString(h, 'OBJECT').trim(),
    telescope: headerString(h, 'TELESCOP').trim(),
    instrument: headerString(h, 'INSTRUME').trim(),
    dateObs: headerString(h, 'DATE-OBS').trim(),
    raDeg: ra,
    decDeg: dec,
    bunit: headerString(h, 'BUNIT').trim(),
    antennas,
    tables,
    notes,
  };
}
