/**
 * Self-calibration: station gains g_i per solution interval that make the data agree with a model,
 *
 *     min_g sum_{ij} w_ij |V_ij - g_i g_j^* M_ij|^2        (Cornwell & Wilkinson 1981; TMS 2017 sec. 11.3)
 *
 * solved per interval by alternating least squares (StEFCal, Salvini & Wijnholds 2014, A&A 571,
 * A97): each station's gain given the others is g_i = sum_j w V_ij conj(g_j^* M_ij) ... written with
 * z_ij = g_j^* M_ij as g_i = sum_j w_ij V_ij conj(z_ij) / sum_j w_ij |z_ij|^2 (every baseline counted
 * from both ends with V_ji = V_ij^*), with StEFCal's averaging of every other iterate. `phase`
 * keeps |g_i| = 1 (phase-only self-calibration); `both` solves amplitude and phase, with the
 * amplitudes clipped to [1 - gainTol, 1 + gainTol] when a tolerance is given. The calibrated data
 * are V_ij / (g_i g_j^*) with weights w_ij |g_i g_j|^2 (sigma divided by the gain amplitudes).
 *
 * @example
 * import { selfCalibrate } from './selfcal.ts';
 * // const model = A.apply(image, ...);                 // model visibilities, one per sample
 * // const { vis, gains } = selfCalibrate(vs, model, { mode: 'phase' });
 */
import { CandorError, checkNumber, describe } from '../../core/errors.ts';
import type { Visibilities } from './visibilities.ts';

export interface SelfCalOptions {
  /** 'phase' (default) or 'both' (amplitude and phase). */
  mode?: 'phase' | 'both';
  /** Solution interval in seconds (default 0: every time stamp on its own). */
  interval?: number;
  /** Gain amplitude tolerance for 'both': |g| within [1 - tol, 1 + tol] (default: none). */
  gainTol?: number;
  /** Iterations per interval (default 50). */
  iterations?: number;
}

export interface SelfCalResult {
  /** The calibrated visibilities (a copy of vs with vis and weights corrected). */
  vis: Visibilities;
  /** Gains per interval: [interval, station] -> complex (re, im), with the interval start times. */
  gains: { time: number; station: number; re: number; im: number }[];
  intervals: number;
}

type Vs = Pick<Visibilities, 'n' | 'vis' | 'weight' | 'time' | 'ant1' | 'ant2'>;

/** Gains of one interval (samples `ks`) by StEFCal; returns a map station -> [re, im]. */
function solveInterval(vs: Vs, model: Float64Array, ks: number[], mode: 'phase' | 'both', iters: number, tol: number | null): Map<number, [number, number]> {
  const st = [...new Set(ks.flatMap((k) => [vs.ant1[k], vs.ant2[k]]))];
  const idx = new Map(st.map((s, i) => [s, i]));
  const n = st.length;
  const gr = new Float64Array(n).fill(1);
  const gi = new Float64Array(n);
  const nr = new Float64Array(n);
  const ni = new Float64Array(n);
  const num = new Float64Array(2 * n);
  const den = new Float64Array(n);
  for (let it = 0; it < iters; it++) {
    num.fill(0);
    den.fill(0);
    for (const k of ks) {
      const w = vs.weight[k];
      if (!(w > 0)) continue;
      const i = idx.get(vs.ant1[k]) as number;
      const j = idx.get(vs.ant2[k]) as number;
      const vr = vs.vis[2 * k];
      const vi = vs.vis[2 * k + 1];
      const mr = model[2 * k];
      const mi = model[2 * k + 1];
      // for g_i: z = conj(g_j) M ; V_ij ~ g_i z
      let zr = gr[j] * mr + gi[j] * mi;
      let zi = gr[j] * mi - gi[j] * mr;
      num[2 * i] += w * (vr * zr + vi * zi);
      num[2 * i + 1] += w * (vi * zr - vr * zi);
      den[i] += w * (zr * zr + zi * zi);
      // for g_j: V_ji = conj(V_ij) ~ g_j conj(g_i M)
      zr = gr[i] * mr - gi[i] * mi; // z' = conj(g_i M)
      zi = -(gr[i] * mi + gi[i] * mr);
      num[2 * j] += w * (vr * zr - vi * zi);
      num[2 * j + 1] += w * (-vi * zr - vr * zi);
      den[j] += w * (zr * zr + zi * zi);
    }
    for (let s = 0; s < n; s++) {
      if (!(den[s] > 0)) {
        nr[s] = gr[s];
        ni[s] = gi[s];
        continue;
      }
      let a = num[2 * s] / den[s];
      let b = num[2 * s + 1] / den[s];
      if (mode === 'phase') {
        const m = Math.hypot(a, b) || 1;
        a /= m;
        b /= m;
      } else if (tol !== null) {
        const m = Math.hypot(a, b);
        const c = Math.min(1 + tol, Math.max(1 - tol, m));
        if (m > 0) {
          a *= c / m;
          b *= c / m;
        }
      }
      nr[s] = a;
      ni[s] = b;
    }
    // StEFCal: average every other iterate with the previous one
    for (let s = 0; s < n; s++) {
      if (it % 2 === 1) {
        let a = 0.5 * (nr[s] + gr[s]);
        let b = 0.5 * (ni[s] + gi[s]);
        if (mode === 'phase') {
          const m = Math.hypot(a, b) || 1;
          a /= m;
          b /= m;
        }
        gr[s] = a;
        gi[s] = b;
      } else {
        gr[s] = nr[s];
        gi[s] = ni[s];
      }
    }
  }
  return new Map(st.map((s, i) => [s, [gr[i], gi[i]]]));
}

/** Self-calibrates `vs` against model visibilities (interleaved, one per sample); see the file comment. */
export function selfCalibrate(vs: Visibilities, model: Float64Array, opts: SelfCalOptions = {}): SelfCalResult {
  const where = 'selfCalibrate';
  const mode = opts.mode ?? 'phase';
  if (mode !== 'phase' && mode !== 'both') throw new CandorError(where, 'mode', "'phase' or 'both'", describe(mode));
  if (!(model instanceof Float64Array) || model.length !== 2 * vs.n) throw new CandorError(where, 'model', `${2 * vs.n} values (one complex per sample)`, describe(model));
  const interval = checkNumber(where, 'interval', opts.interval ?? 0, 0);
  const tol = opts.gainTol === undefined ? null : checkNumber(where, 'gainTol', opts.gainTol, 0);
  const iters = opts.iterations ?? 50;
  const order = Array.from({ length: vs.n }, (_, k) => k).sort((a, b) => vs.time[a] - vs.time[b]);
  const vis = vs.vis.slice();
  const weight = vs.weight.slice();
  const gains: SelfCalResult['gains'] = [];
  let p = 0;
  let intervals = 0;
  while (p < order.length) {
    const t0 = vs.time[order[p]];
    const ks: number[] = [];
    while (p < order.length && vs.time[order[p]] - t0 <= Math.max(interval, 1e-3)) ks.push(order[p++]);
    intervals++;
    const g = solveInterval(vs, model, ks, mode, iters, tol);
    for (const [s, [re, im]] of g) gains.push({ time: t0, station: s, re, im });
    for (const k of ks) {
      const [ar, ai] = g.get(vs.ant1[k]) as [number, number];
      const [br, bi] = g.get(vs.ant2[k]) as [number, number];
      // G = g_a conj(g_b)
      const Gr = ar * br + ai * bi;
      const Gi = ai * br - ar * bi;
      const G2 = Gr * Gr + Gi * Gi;
      if (!(G2 > 0)) continue;
      const vr = vs.vis[2 * k];
      const vi = vs.vis[2 * k + 1];
      vis[2 * k] = (vr * Gr + vi * Gi) / G2;
      vis[2 * k + 1] = (vi * Gr - vr * Gi) / G2;
      weight[k] = vs.weight[k] * G2;
    }
  }
  return { vis: { ...vs, vis, weight, notes: [...vs.notes, `self-calibrated (${mode}) on ${intervals} intervals`] }, gains, intervals };
}
