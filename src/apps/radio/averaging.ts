/**
 * Time and frequency averaging of visibilities: samples of one baseline falling in one time bin
 * (width `timeSeconds`, bins counted from the first sample) and one frequency bin (width
 * `frequencyHz`, or every channel together with 'all') are replaced by their weighted mean,
 *
 *     V = sum w_k V_k / sum w_k,   u = sum w_k u_k / sum w_k (likewise v, w, time, frequency),
 *     weight = sum w_k                                           (inverse-variance combination),
 *
 * which is exact for the noise and approximate for the signal: averaging over a time or band in
 * which u, v move by a sizeable fraction of 1/field-of-view smears the image (time- and
 * bandwidth-smearing, Thompson, Moran & Swenson 2017, sec. 6.3-6.4). The result keeps the sample
 * order of first appearance.
 *
 * @example
 * import { averageVisibilities } from './averaging.ts';
 * // const avg = averageVisibilities(vs, { timeSeconds: 60, frequency: 'all' });
 * // avg.n < vs.n; avg.weight sums the weights of each bin
 */
import { CandorError, describe } from '../../core/errors.ts';
import type { Visibilities } from './visibilities.ts';

/** Options of {@link averageVisibilities}: time bin width in seconds and frequency bin width in Hz (or all frequencies). */
export interface AverageOptions {
  /** Time bin width in seconds (omit for no time averaging: identical times only). */
  timeSeconds?: number;
  /** Frequency bin width in Hz, or 'all' to average every frequency (omit: identical frequencies only). */
  frequency?: number | 'all';
}

/** Weighted averages per (baseline, time bin, frequency bin) (see above). */
export function averageVisibilities(vs: Visibilities, opts: AverageOptions): Visibilities {
  const where = 'averageVisibilities';
  const dt = opts.timeSeconds;
  if (dt !== undefined && !(dt > 0 && Number.isFinite(dt))) throw new CandorError(where, 'timeSeconds', 'a positive number of seconds', describe(dt));
  const df = opts.frequency;
  if (df !== undefined && df !== 'all' && !(df > 0 && Number.isFinite(df))) {
    throw new CandorError(where, 'frequency', "a positive bin width in Hz or 'all'", describe(df));
  }
  let fmin = Number.POSITIVE_INFINITY;
  for (let k = 0; k < vs.n; k++) if (vs.freq[k] < fmin) fmin = vs.freq[k];
  const bins = new Map<string, number>();
  const slot = new Int32Array(vs.n);
  for (let k = 0; k < vs.n; k++) {
    const tb = dt === undefined ? vs.time[k] : Math.floor(vs.time[k] / dt);
    const fb = df === undefined ? vs.freq[k] : df === 'all' ? 0 : Math.floor((vs.freq[k] - fmin) / df);
    const key = `${vs.ant1[k]},${vs.ant2[k]},${tb},${fb}`;
    let s = bins.get(key);
    if (s === undefined) {
      s = bins.size;
      bins.set(key, s);
    }
    slot[k] = s;
  }
  const what = [dt !== undefined ? `${dt} s` : '', df === 'all' ? 'all frequencies' : df !== undefined ? `${df} Hz` : ''].filter(Boolean).join(' and ');
  return binAverage(vs, slot, bins.size, `averaged over ${what || 'identical samples'}: ${vs.n} -> ${bins.size} visibilities`);
}

/**
 * The visibilities of m bins, sample k going to bin slot[k]: u, v, w, time, frequency and the
 * visibility are weight-averaged, the weights add (the inverse variance of a weighted mean), the
 * baseline is the bin's (its last sample's). `time`, when given, replaces the bins' mean times.
 */
export function binAverage(vs: Visibilities, slot: Int32Array, m: number, note: string, time?: Float64Array): Visibilities {
  const acc = { u: new Float64Array(m), v: new Float64Array(m), w: new Float64Array(m), t: new Float64Array(m), f: new Float64Array(m), vis: new Float64Array(2 * m), wt: new Float64Array(m) };
  const a1 = new Int32Array(m);
  const a2 = new Int32Array(m);
  for (let k = 0; k < vs.n; k++) {
    const s = slot[k];
    const wk = vs.weight[k];
    acc.u[s] += wk * vs.u[k];
    acc.v[s] += wk * vs.v[k];
    acc.w[s] += wk * vs.w[k];
    acc.t[s] += wk * vs.time[k];
    acc.f[s] += wk * vs.freq[k];
    acc.vis[2 * s] += wk * vs.vis[2 * k];
    acc.vis[2 * s + 1] += wk * vs.vis[2 * k + 1];
    acc.wt[s] += wk;
    a1[s] = vs.ant1[k];
    a2[s] = vs.ant2[k];
  }
  for (let s = 0; s < m; s++) {
    const inv = 1 / acc.wt[s];
    acc.u[s] *= inv;
    acc.v[s] *= inv;
    acc.w[s] *= inv;
    acc.t[s] *= inv;
    acc.f[s] *= inv;
    acc.vis[2 * s] *= inv;
    acc.vis[2 * s + 1] *= inv;
  }
  return {
    ...vs,
    n: m,
    u: acc.u,
    v: acc.v,
    w: acc.w,
    time: time ?? acc.t,
    freq: acc.f,
    vis: acc.vis,
    weight: acc.wt,
    ant1: a1,
    ant2: a2,
    notes: [...vs.notes, note],
  };
}
