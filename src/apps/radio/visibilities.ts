/**
 * The visibility model: Stokes I samples V(u, v) with weights, from a UVFITS file or an EHT text
 * export, as flat arrays (one entry per unflagged sample).
 *
 * - Stokes I: taken directly when the file has I; otherwise I = (RR + LL)/2 or (XX + YY)/2, with
 *   variance (1/w_RR + 1/w_LL)/4, i.e. weight w_I = 4 w_RR w_LL / (w_RR + w_LL) (both hands must
 *   be unflagged, as CASA does; `allowSingleHand` uses a lone hand as the estimate of I, correct
 *   only when circular/linear polarisation is negligible).
 * - Flags: a weight <= 0 (AIPS), a non-finite weight or value flags the sample; autocorrelations
 *   (a1 = a2) are left out. Counts of each are reported.
 * - u, v, w in wavelengths = light seconds x the sample's frequency (per IF and channel).
 * - Sign convention: V(u, v) = sum I(l, m) exp(+2 pi i (u l + v m)) for u, v as the file stores
 *   them, l towards east (RA increasing), m towards north (checked against WSClean and the known
 *   orientation of M87's jet: ./dft-reference.ts); the w-term is ignored (small fields; stated in
 *   the outputs).
 *
 * @example
 * import { readUvfits } from '../../io/index.ts';
 * import { visibilitiesFromUvfits } from './visibilities.ts';
 * // const vs = visibilitiesFromUvfits(readUvfits(bytes, { name: f }), { name: f });
 * // vs.n, vs.counts.flagged, vs.u[0] (wavelengths)
 */
import { CandorError } from '../../core/errors.ts';
import type { EhtVisibilities } from '../../io/eht-text.ts';
import { STOKES_NAMES, type Uvfits, visOffset } from '../../io/fits/uvfits.ts';

/** Counts of the samples of a UVFITS file: all, flagged (of which zero-weight and non-finite), autocorrelations, and used. */
export interface VisibilityCounts {
  /** Samples in the file: groups x IFs x channels. */
  samples: number;
  /** Flagged (weight <= 0, or one hand of I flagged). */
  flagged: number;
  /** Weight exactly 0 in every hand used (no data), counted within `flagged`. */
  zeroWeight: number;
  /** Non-finite weights or values (e.g. inf weights on unused hands), counted within `flagged`. */
  nonFinite: number;
  autocorrelations: number;
  used: number;
}

/**
 * Stokes I visibilities, one per sample: (u, v, w) in wavelengths, complex values interleaved re/im
 * (Jy), weights (1/sigma^2 where statistical), stations, times and frequencies, with the file's
 * counts and notes.
 */
export interface Visibilities {
  /** File name (for messages). */
  name: string;
  object: string;
  telescope: string;
  n: number;
  /** Wavelengths. */
  u: Float64Array;
  v: Float64Array;
  w: Float64Array;
  /** Stokes I, Jy, interleaved re/im. */
  vis: Float64Array;
  /** Weights (1/sigma^2 where the file's weights are statistical). */
  weight: Float64Array;
  /** Seconds since `t0Jd`. */
  time: Float64Array;
  /** Julian date of time 0 (NaN when the file has no times). */
  t0Jd: number;
  ant1: Int32Array;
  ant2: Int32Array;
  /** Frequency of each sample, Hz. */
  freq: Float64Array;
  refFreq: number;
  raDeg: number;
  decDeg: number;
  /** Antenna number -> station name. */
  stations: Map<number, string>;
  /** How Stokes I was formed: 'I', 'RR+LL', 'XX+YY', or the text format's polarisation. */
  stokesFrom: string;
  counts: VisibilityCounts;
  notes: string[];
}

/** Options of {@link visibilitiesFromUvfits}: file name, single-hand use and how the two hands' weights combine into I. */
export interface FromUvfitsOptions {
  /** File name for messages. */
  name?: string;
  /** Use a lone unflagged hand (RR or LL, XX or YY) as the estimate of I (default false). */
  allowSingleHand?: boolean;
  /**
   * Weight of I from the two hands: 'inverse-variance' (default) 4 w_a w_b / (w_a + w_b), the
   * weight of (a + b)/2 for independent noise; or 'min', min(w_a, w_b), the rule WSClean 3 applies
   * (its dirty images of the VLBA file match ours to 6e-5 with it, 1.4% without: test/apps/radio/wsclean.test.ts).
   */
  handWeights?: 'inverse-variance' | 'min';
}

/** The Stokes axis positions that make I: [a] for I itself, [a, b] for a pair of hands. */
function stokesIPlan(uv: Uvfits, where: string): { idx: number[]; from: string } {
  const at = (code: number) => uv.stokes.indexOf(code);
  if (at(1) >= 0) return { idx: [at(1)], from: 'I' };
  if (at(-1) >= 0 && at(-2) >= 0) return { idx: [at(-1), at(-2)], from: 'RR+LL' };
  if (at(-5) >= 0 && at(-6) >= 0) return { idx: [at(-5), at(-6)], from: 'XX+YY' };
  const got = uv.stokes.map((s) => STOKES_NAMES[s] ?? String(s)).join(', ');
  throw new CandorError(where, 'Stokes axis', 'I, or RR and LL, or XX and YY (to form Stokes I)', got);
}

function allFlaggedError(where: string, c: VisibilityCounts): CandorError {
  if (c.zeroWeight === c.samples - c.autocorrelations && c.samples > c.autocorrelations) {
    return new CandorError(where, 'weights', 'positive weights on some visibilities', `all ${c.zeroWeight} cross-correlation samples have weight 0 (no usable data)`);
  }
  return new CandorError(
    where,
    'visibilities',
    'at least one unflagged Stokes I sample with a positive weight',
    `none of ${c.samples} (${c.flagged} flagged, ${c.zeroWeight} with weight 0, ${c.nonFinite} non-finite, ${c.autocorrelations} autocorrelations)`,
  );
}

/** Stokes I visibilities of a UVFITS file (see above). Errors name the file: no Stokes I, all flagged, all weights zero. */
export function visibilitiesFromUvfits(uv: Uvfits, opts: FromUvfitsOptions = {}): Visibilities {
  const where = `visibilities(${opts.name ?? 'uvfits'})`;
  if (opts.handWeights !== undefined && opts.handWeights !== 'inverse-variance' && opts.handWeights !== 'min') {
    throw new CandorError(where, 'handWeights', "'inverse-variance' or 'min'", String(opts.handWeights));
  }
  const plan = stokesIPlan(uv, where);
  const total = uv.nGroups * uv.nIf * uv.nFreq;
  const counts: VisibilityCounts = { samples: total, flagged: 0, zeroWeight: 0, nonFinite: 0, autocorrelations: 0, used: 0 };
  const cap = total;
  const out = {
    u: new Float64Array(cap),
    v: new Float64Array(cap),
    w: new Float64Array(cap),
    vis: new Float64Array(2 * cap),
    weight: new Float64Array(cap),
    time: new Float64Array(cap),
    ant1: new Int32Array(cap),
    ant2: new Int32Array(cap),
    freq: new Float64Array(cap),
  };
  let t0 = Number.POSITIVE_INFINITY;
  for (let g = 0; g < uv.nGroups; g++) if (uv.jd[g] < t0) t0 = uv.jd[g];
  if (!Number.isFinite(t0)) t0 = Number.NaN;
  const sc = uv.strides.complex;
  const hasW = uv.nComplex === 3;
  let n = 0;
  for (let g = 0; g < uv.nGroups; g++) {
    const auto = uv.ant1[g] === uv.ant2[g];
    // a group whose u, v or w is not a number cannot be placed on the uv plane
    const badUvw = !Number.isFinite(uv.uu[g]) || !Number.isFinite(uv.vv[g]) || !Number.isFinite(uv.ww[g]);
    for (let i = 0; i < uv.nIf; i++) {
      for (let c = 0; c < uv.nFreq; c++) {
        if (auto) {
          counts.autocorrelations++;
          continue;
        }
        if (badUvw) {
          counts.flagged++;
          counts.nonFinite++;
          continue;
        }
        let re = 0;
        let im = 0;
        let inv = 0; // sum of 1/w over the hands
        let wmin = Number.POSITIVE_INFINITY;
        let ok = 0;
        let zeros = 0;
        let bad = 0;
        for (const s of plan.idx) {
          const o = visOffset(uv, g, i, c, s);
          const a = uv.data[o];
          const b = uv.data[o + sc];
          const wt = hasW ? uv.data[o + 2 * sc] : 1;
          if (!Number.isFinite(wt) || !Number.isFinite(a) || !Number.isFinite(b)) bad++;
          else if (wt === 0) zeros++;
          else if (wt > 0) {
            re += a;
            im += b;
            inv += 1 / wt;
            if (wt < wmin) wmin = wt;
            ok++;
          }
        }
        const need = plan.idx.length;
        if (ok < need && !(opts.allowSingleHand && ok === 1)) {
          counts.flagged++;
          if (zeros === need) counts.zeroWeight++;
          if (bad > 0) counts.nonFinite++;
          continue;
        }
        const f = uv.freqs[i * uv.nFreq + c];
        out.u[n] = uv.uu[g] * f;
        out.v[n] = uv.vv[g] * f;
        out.w[n] = uv.ww[g] * f;
        out.vis[2 * n] = re / ok;
        out.vis[2 * n + 1] = im / ok;
        // variance of the mean of ok hands: sum(1/w) / ok^2
        out.weight[n] = opts.handWeights === 'min' ? wmin : (ok * ok) / inv;
        out.time[n] = (uv.jd[g] - t0) * 86400;
        out.ant1[n] = uv.ant1[g];
        out.ant2[n] = uv.ant2[g];
        out.freq[n] = f;
        n++;
      }
    }
  }
  counts.used = n;
  if (n === 0) throw allFlaggedError(where, counts);
  const stations = new Map<number, string>();
  for (const a of uv.antennas) stations.set(a.number, a.name);
  const notes = [...uv.notes];
  if (counts.nonFinite > 0) notes.push(`${counts.nonFinite} samples with non-finite u, v, w, weights or values were left out`);
  return {
    name: opts.name ?? 'uvfits',
    object: uv.object,
    telescope: uv.telescope,
    n,
    u: out.u.slice(0, n),
    v: out.v.slice(0, n),
    w: out.w.slice(0, n),
    vis: out.vis.slice(0, 2 * n),
    weight: out.weight.slice(0, n),
    time: out.time.slice(0, n),
    t0Jd: t0,
    ant1: out.ant1.slice(0, n),
    ant2: out.ant2.slice(0, n),
    freq: out.freq.slice(0, n),
    refFreq: uv.refFreq,
    raDeg: uv.raDeg,
    decDeg: uv.decDeg,
    stations,
    stokesFrom: plan.from,
    counts,
    notes,
  };
}

/**
 * Stokes I visibilities of an EHT text export (weights 1/sigma^2; stations numbered in order of
 * first appearance; the phase centre is not in the release layout and is set to 0, 0).
 */
export function visibilitiesFromEhtText(e: EhtVisibilities, name = 'eht text'): Visibilities {
  const where = `visibilities(${name})`;
  const ids = new Map<string, number>();
  const id = (s: string) => {
    if (!ids.has(s)) ids.set(s, ids.size + 1);
    return ids.get(s)!;
  };
  const keep: number[] = [];
  let bad = 0;
  for (let k = 0; k < e.n; k++) {
    if (e.sigma[k] > 0 && Number.isFinite(e.sigma[k])) keep.push(k);
    else bad++;
  }
  const counts: VisibilityCounts = { samples: e.n, flagged: bad, zeroWeight: 0, nonFinite: 0, autocorrelations: 0, used: keep.length };
  if (keep.length === 0) throw new CandorError(where, 'sigma', 'some positive, finite sigmas', `none of ${e.n}`);
  const n = keep.length;
  const pick = (a: Float64Array) => Float64Array.from(keep, (k) => a[k]);
  const vis = new Float64Array(2 * n);
  keep.forEach((k, j) => {
    vis[2 * j] = e.vis[2 * k];
    vis[2 * j + 1] = e.vis[2 * k + 1];
  });
  const t0 = Math.min(...keep.map((k) => e.timeHours[k]));
  return {
    name,
    object: e.source,
    telescope: 'EHT',
    n,
    u: pick(e.u),
    v: pick(e.v),
    w: new Float64Array(n),
    vis,
    weight: Float64Array.from(keep, (k) => 1 / (e.sigma[k] * e.sigma[k])),
    time: Float64Array.from(keep, (k) => (e.timeHours[k] - t0) * 3600),
    t0Jd: e.mjd + 2400000.5 + t0 / 24,
    ant1: Int32Array.from(keep, (k) => id(e.t1[k])),
    ant2: Int32Array.from(keep, (k) => id(e.t2[k])),
    freq: new Float64Array(n).fill(e.freqHz),
    refFreq: e.freqHz,
    raDeg: 0,
    decDeg: 0,
    stations: new Map([...ids].map(([s, i]) => [i, s])),
    stokesFrom: e.format === 'ehtim-txt-circ' ? 'RR+LL' : 'I',
    counts,
    notes: ['w = 0 (text exports carry no w)', 'phase centre unknown in the text export: RA, Dec set to 0'],
  };
}

/**
 * Every sample and its conjugate point: (u, v, w, V) and (-u, -v, -w, V*), weights repeated: the
 * 2n points a gridder or NUFFT uses to make a real image (V(-u, -v) = V(u, v)* for a real sky).
 */
export function hermitianPoints(vs: Pick<Visibilities, 'n' | 'u' | 'v' | 'w' | 'vis' | 'weight'>) {
  const n = vs.n;
  const u = new Float64Array(2 * n);
  const v = new Float64Array(2 * n);
  const w = new Float64Array(2 * n);
  const vis = new Float64Array(4 * n);
  const weight = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    u[k] = vs.u[k];
    v[k] = vs.v[k];
    w[k] = vs.w[k];
    u[n + k] = -vs.u[k];
    v[n + k] = -vs.v[k];
    w[n + k] = -vs.w[k];
    vis[2 * k] = vs.vis[2 * k];
    vis[2 * k + 1] = vs.vis[2 * k + 1];
    vis[2 * (n + k)] = vs.vis[2 * k];
    vis[2 * (n + k) + 1] = -vs.vis[2 * k + 1];
    weight[k] = vs.weight[k];
    weight[n + k] = vs.weight[k];
  }
  return { n: 2 * n, u, v, w, vis, weight };
}
