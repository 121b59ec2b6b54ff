/**
 * The EHT's text exports of visibilities (no formal specification exists; these are the layouts
 * the EHT collaboration and eht-imaging write, supported as they are):
 *
 * 1. The 2019 M87 data release (EHT Collaboration 2019, data set 2019-D01-01, `txt/dump_txt.py`
 *    and `csv/dump_csv.py`): two `#` header lines
 *        # SRC:M87 DATE(MJD):57848 FREQ:227.0707GHz
 *        # time(UTC)      T1     T2   U(lambda)        V(lambda)         Iamp(Jy)    Iphase(d)   Isigma(Jy)
 *    then one row per visibility: time (UTC hours), station 1, station 2, u, v (wavelengths),
 *    Stokes I amplitude (Jy), phase (degrees), sigma (Jy). The CSV variant separates by commas
 *    (`#SRC:M87,DATE(MJD):57848,FREQ:227.0707GHz`).
 * 2. eht-imaging's `Obsdata.save_txt` (`ehtim/io/save.py`, `save_obs_txt`): `#` header lines
 *    `SRC:`, `RA:`, `DEC:`, `MJD:`, `RF: <GHz> GHz`, `BW:`, a station table, then 20 columns:
 *    time, tint, T1, T2, Tau1, Tau2, U, V, then amplitude/phase pairs and four sigmas, for Stokes
 *    I Q U V (polrep 'stokes') or RR LL RL LR (polrep 'circ', recognised by `RRamp` in the
 *    header). We keep Stokes I; for 'circ', I = (RR + LL)/2 with sigma = sqrt(s_RR^2 + s_LL^2)/2.
 *
 * Visibility = amp * exp(i phase); the weight a reader would use is 1/sigma^2.
 *
 * @example
 * import { readEhtText } from './eht-text.ts';
 * const text = '# SRC:M87 DATE(MJD):57848 FREQ:227.0707GHz\n# time(UTC) T1 T2 U(lambda) V(lambda) Iamp(Jy) Iphase(d) Isigma(Jy)\n' +
 *   '00.76805556 AA PV -4361512960.0 -4470103552.0 0.15033433 172.4572 0.00471922\n';
 * const vis = readEhtText(new TextEncoder().encode(text));
 * vis.n; vis.freqHz; vis.t1[0];   // 1, 227070700000, 'AA'
 */
import { CandorError, describe } from '../core/errors.ts';
import { checkBytes, ioWhere } from './ndarray.ts';

/**
 * Visibilities read from an EHT text export: source, day, frequency, and per visibility its time,
 * stations, (u, v) in wavelengths, complex Stokes I (interleaved re/im, Jy) and thermal noise.
 */
export interface EhtVisibilities {
  format: 'eht-release-txt' | 'eht-release-csv' | 'ehtim-txt-stokes' | 'ehtim-txt-circ';
  source: string;
  /** Integer MJD of the observation day. */
  mjd: number;
  /** Observing frequency, Hz. */
  freqHz: number;
  n: number;
  /** UTC hours since `mjd` 0h. */
  timeHours: Float64Array;
  t1: string[];
  t2: string[];
  /** u, v in wavelengths. */
  u: Float64Array;
  v: Float64Array;
  /** Stokes I, Jy: interleaved re, im. */
  vis: Float64Array;
  /** Thermal noise, Jy. */
  sigma: Float64Array;
}

const decoder = new TextDecoder('utf-8');

function num(where: string, line: number, col: string, s: string): number {
  const v = Number(s);
  if (s === '' || !Number.isFinite(v)) throw new CandorError(where, `line ${line} column ${col}`, 'a finite number', describe(s));
  return v;
}

/** Reads an EHT text export (see above for the two layouts). Errors name the file and line. */
export function readEhtText(bytes: Uint8Array, opts: { name?: string } = {}): EhtVisibilities {
  const where = ioWhere('readEhtText', opts.name);
  checkBytes(where, bytes);
  const lines = decoder.decode(bytes).split(/\r?\n/);
  const header: string[] = [];
  const rows: { line: number; cells: string[] }[] = [];
  let csv = false;
  lines.forEach((raw, i) => {
    const l = raw.trim();
    if (l === '') return;
    if (l.startsWith('#')) {
      header.push(l.replace(/^#\s*/, ''));
      return;
    }
    if (rows.length === 0) csv = l.includes(',');
    rows.push({ line: i + 1, cells: (csv ? l.split(',') : l.split(/\s+/)).map((c) => c.trim()) });
  });
  const head = header.join('\n');
  const src = /SRC:\s*([^,\s]+)/.exec(head);
  const mjdM = /(?:DATE\(MJD\)|MJD):\s*([0-9.]+)/.exec(head);
  const freqM = /(?:FREQ|RF):\s*([0-9.eE+-]+)\s*GHz/.exec(head);
  if (!src || !mjdM || !freqM) {
    throw new CandorError(
      where,
      'header',
      "'# SRC:... DATE(MJD):... FREQ:...GHz' (EHT release) or '# SRC:', '# MJD:', '# RF: ... GHz' lines (eht-imaging)",
      header.length ? describe(header[0]) : 'no # header lines',
    );
  }
  if (rows.length === 0) throw new CandorError(where, 'data', 'at least one visibility row', 'none');
  const ncol = rows[0].cells.length;
  const circ = /RRamp/.test(head);
  let format: EhtVisibilities['format'];
  if (ncol === 8) format = csv ? 'eht-release-csv' : 'eht-release-txt';
  else if (ncol === 20) format = circ ? 'ehtim-txt-circ' : 'ehtim-txt-stokes';
  else throw new CandorError(where, `line ${rows[0].line}`, '8 columns (EHT release) or 20 (eht-imaging save_txt)', `${ncol} columns`);
  const n = rows.length;
  const out: EhtVisibilities = {
    format,
    source: src[1],
    mjd: Math.floor(Number(mjdM[1])),
    freqHz: positiveFrequency(where, freqM[1]),
    n,
    timeHours: new Float64Array(n),
    t1: new Array<string>(n),
    t2: new Array<string>(n),
    u: new Float64Array(n),
    v: new Float64Array(n),
    vis: new Float64Array(2 * n),
    sigma: new Float64Array(n),
  };
  const D2R = Math.PI / 180;
  rows.forEach(({ line, cells }, k) => {
    if (cells.length !== ncol) throw new CandorError(where, `line ${line}`, `${ncol} columns (like the first row)`, `${cells.length} columns`);
    const f = (i: number, name: string) => num(where, line, name, cells[i]);
    let amp: number;
    let ph: number;
    out.timeHours[k] = f(0, 'time');
    if (ncol === 8) {
      [out.t1[k], out.t2[k]] = [cells[1], cells[2]];
      out.u[k] = f(3, 'U');
      out.v[k] = f(4, 'V');
      amp = f(5, 'Iamp');
      ph = f(6, 'Iphase');
      out.sigma[k] = f(7, 'Isigma');
    } else {
      [out.t1[k], out.t2[k]] = [cells[2], cells[3]];
      out.u[k] = f(6, 'U');
      out.v[k] = f(7, 'V');
      if (circ) {
        const [ra, rp, la, lp] = [f(8, 'RRamp'), f(9, 'RRphase'), f(10, 'LLamp'), f(11, 'LLphase')];
        const re = (ra * Math.cos(rp * D2R) + la * Math.cos(lp * D2R)) / 2;
        const im = (ra * Math.sin(rp * D2R) + la * Math.sin(lp * D2R)) / 2;
        amp = Math.hypot(re, im);
        ph = Math.atan2(im, re) / D2R;
        out.sigma[k] = Math.hypot(f(16, 'RRsigma'), f(17, 'LLsigma')) / 2;
      } else {
        amp = f(8, 'Iamp');
        ph = f(9, 'Iphase');
        out.sigma[k] = f(16, 'Isigma');
      }
    }
    out.vis[2 * k] = amp * Math.cos(ph * D2R);
    out.vis[2 * k + 1] = amp * Math.sin(ph * D2R);
  });
  return out;
}

/** The header's frequency in Hz from its GHz text: a finite positive number (uv in wavelengths need one), else an error. */
function positiveFrequency(where: string, ghz: string): number {
  const f = Number(ghz) * 1e9;
  if (!(f > 0) || !Number.isFinite(f)) throw new CandorError(where, 'header frequency', 'a positive number of GHz (FREQ: or RF:)', `${ghz} GHz`);
  return f;
}
