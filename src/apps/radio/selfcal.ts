/**
 * Self-calibration: station gains g_i per solution interval that make the data agree with a model,
 *
 *     min_g sum_{ij} w_ij |V_ij - g_i g_j^* M_ij|^2        (Cornwell & Wilkinson 1981; TMS 2017 sec. 11.3)
 *
 * solved per interval by alternating least squares in the manner of StEFCal (Salvini & Wijnholds
 * 2014, A&A 571, A97): with z_ij = g_j^* M_ij, each station's gain given the others is
 * g_i = sum_j w_ij V_ij conj(z_ij) / sum_j w_ij |z_ij|^2 (every baseline counted from both ends with
 * V_ji = V_ij^*), updated station by station (Gauss-Seidel sweeps, which converge in far fewer
 * sweeps than StEFCal's simultaneous updates on 3 to 10 stations), then refined by Levenberg-Marquardt
 * on (Re g, Im g) or the phases (the alternating updates crawl on 3 to 5 stations). `phase`
 * keeps |g_i| = 1 (phase-only self-calibration); `both` solves amplitude and phase, with the
 * amplitudes clipped to [1 - gainTol, 1 + gainTol] when a tolerance is given. The calibrated data
 * are V_ij / (g_i g_j^*) with weights w_ij |g_i g_j|^2 (sigma divided by the gain amplitudes).
 *
 * @example
 * import { selfCalibrate } from './selfcal.ts';
 * // const model = A.apply(image, ...);                 // model visibilities, one per sample
 * // const { vis, gains } = selfCalibrate(vs, model, { mode: 'phase' });
 */
import { cholesky, choleskySolve } from '../../core/dense/cholesky.ts';
import { matrix } from '../../core/dense/matrix.ts';
import { CandorError, checkNumber, describe } from '../../core/errors.ts';
import type { Visibilities } from './visibilities.ts';

/** Options of {@link selfCalibrate}: phase or amplitude-and-phase, solution interval, gain tolerance and iterations. */
export interface SelfCalOptions {
  /** 'phase' (default) or 'both' (amplitude and phase). */
  mode?: 'phase' | 'both';
  /** Solution interval in seconds (default 0: every time stamp on its own). */
  interval?: number;
  /** Gain amplitude tolerance for 'both': |g| within [1 - tol, 1 + tol] (default: none). */
  gainTol?: number;
  /** Sweeps over the stations per interval before the Levenberg-Marquardt refinement (default 30). */
  iterations?: number;
}

/** The result of {@link selfCalibrate}: the calibrated visibilities and the station gains per solution interval. */
export interface SelfCalResult {
  /** The calibrated visibilities (a copy of vs with vis and weights corrected). */
  vis: Visibilities;
  /** Gains per interval: [interval, station] -> complex (re, im), with the interval start times. */
  gains: { time: number; station: number; re: number; im: number }[];
  intervals: number;
}

type Vs = Pick<Visibilities, 'n' | 'vis' | 'weight' | 'time' | 'ant1' | 'ant2'>;

/**
 * Gains of one interval (samples `ks`): station by station (Gauss-Seidel: each update uses the
 * latest gains of the others, which converges in far fewer sweeps than StEFCal's simultaneous
 * updates on arrays of 3 to 10 stations); returns a map station -> [re, im].
 */
function solveInterval(vs: Vs, model: Float64Array, ks: number[], mode: 'phase' | 'both', iters: number, tol: number | null): Map<number, [number, number]> {
  const st = [...new Set(ks.flatMap((k) => [vs.ant1[k], vs.ant2[k]]))];
  const idx = new Map(st.map((s, i) => [s, i]));
  const n = st.length;
  const gr = new Float64Array(n).fill(1);
  const gi = new Float64Array(n);
  const ofStation: number[][] = st.map(() => []);
  for (const k of ks) {
    if (!(vs.weight[k] > 0)) continue;
    ofStation[idx.get(vs.ant1[k]) as number].push(k);
    ofStation[idx.get(vs.ant2[k]) as number].push(k);
  }
  for (let it = 0; it < iters; it++) {
    let change = 0;
    for (let s = 0; s < n; s++) {
      let nr = 0;
      let ni = 0;
      let den = 0;
      for (const k of ofStation[s]) {
        const w = vs.weight[k];
        const first = idx.get(vs.ant1[k]) === s;
        const o = idx.get(first ? vs.ant2[k] : vs.ant1[k]) as number;
        const mr = model[2 * k];
        const mi = model[2 * k + 1];
        // V_so ~ g_s z: from V_ij = g_i conj(g_j) M_ij with s = i (z = conj(g_j) M) or s = j (V_ji = conj(V_ij), z = conj(g_i M))
        const vr = vs.vis[2 * k];
        const vi = first ? vs.vis[2 * k + 1] : -vs.vis[2 * k + 1];
        let zr: number;
        let zi: number;
        if (first) {
          zr = gr[o] * mr + gi[o] * mi;
          zi = gr[o] * mi - gi[o] * mr;
        } else {
          zr = gr[o] * mr - gi[o] * mi;
          zi = -(gr[o] * mi + gi[o] * mr);
        }
        nr += w * (vr * zr + vi * zi);
        ni += w * (vi * zr - vr * zi);
        den += w * (zr * zr + zi * zi);
      }
      if (!(den > 0)) continue;
      let a = nr / den;
      let b = ni / den;
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
      change = Math.max(change, Math.hypot(a - gr[s], b - gi[s]));
      gr[s] = a;
      gi[s] = b;
    }
    if (change < 1e-14) break;
  }
  if (tol === null) refineLm(vs, model, ofStation, idx, n, gr, gi, mode);
  return new Map(st.map((s, i) => [s, [gr[i], gi[i]]]));
}

/**
 * Levenberg-Marquardt refinement of the gains (the alternating updates crawl on 3 to 5 stations):
 * parameters (Re g, Im g) per station ('both') or the phases ('phase'); residuals
 * sqrt(w) (V - g_i conj(g_j) M); the gauge freedom (a common phase) is held by the damping.
 */
function refineLm(vs: Vs, model: Float64Array, ofStation: number[][], idx: Map<number, number>, n: number, gr: Float64Array, gi: Float64Array, mode: 'phase' | 'both'): void {
  const ks = [...new Set(ofStation.flat())];
  const P = mode === 'both' ? 2 * n : n;
  const JtJ = new Float64Array(P * P);
  const Jtr = new Float64Array(P);
  const col = new Float64Array(2 * P);
  const cost = (ar: Float64Array, ai: Float64Array) => {
    let c = 0;
    for (const k of ks) {
      const i = idx.get(vs.ant1[k]) as number;
      const j = idx.get(vs.ant2[k]) as number;
      const Gr = ar[i] * ar[j] + ai[i] * ai[j];
      const Gi = ai[i] * ar[j] - ar[i] * ai[j];
      const er = vs.vis[2 * k] - (Gr * model[2 * k] - Gi * model[2 * k + 1]);
      const ei = vs.vis[2 * k + 1] - (Gr * model[2 * k + 1] + Gi * model[2 * k]);
      c += vs.weight[k] * (er * er + ei * ei);
    }
    return c;
  };
  let c0 = cost(gr, gi);
  let mu = 1e-3;
  const tr = new Float64Array(n);
  const ti = new Float64Array(n);
  for (let it = 0; it < 60 && c0 > 0; it++) {
    JtJ.fill(0);
    Jtr.fill(0);
    for (const k of ks) {
      const w = vs.weight[k];
      const i = idx.get(vs.ant1[k]) as number;
      const j = idx.get(vs.ant2[k]) as number;
      const mr = model[2 * k];
      const mi = model[2 * k + 1];
      const Gr = gr[i] * gr[j] + gi[i] * gi[j];
      const Gi = gi[i] * gr[j] - gr[i] * gi[j];
      const pr = Gr * mr - Gi * mi;
      const pi = Gr * mi + Gi * mr;
      const er = vs.vis[2 * k] - pr;
      const ei = vs.vis[2 * k + 1] - pi;
      col.fill(0);
      // d(model) / d parameter, as (re, im) pairs per parameter
      if (mode === 'both') {
        // d/d a_i: conj(g_j) M; d/d b_i: i conj(g_j) M; d/d a_j: g_i M; d/d b_j: -i g_i M
        const cr = gr[j] * mr + gi[j] * mi;
        const ci = gr[j] * mi - gi[j] * mr;
        const dr = gr[i] * mr - gi[i] * mi;
        const di = gr[i] * mi + gi[i] * mr;
        col[2 * (2 * i)] = cr;
        col[2 * (2 * i) + 1] = ci;
        col[2 * (2 * i + 1)] = -ci;
        col[2 * (2 * i + 1) + 1] = cr;
        col[2 * (2 * j)] += dr;
        col[2 * (2 * j) + 1] += di;
        col[2 * (2 * j + 1)] += di;
        col[2 * (2 * j + 1) + 1] += -dr;
      } else {
        // g = e^{i phi}: d/d phi_i = i model, d/d phi_j = -i model
        col[2 * i] = -pi;
        col[2 * i + 1] = pr;
        col[2 * j] += pi;
        col[2 * j + 1] += -pr;
      }
      for (let a = 0; a < P; a++) {
        const xa = col[2 * a];
        const ya = col[2 * a + 1];
        if (xa === 0 && ya === 0) continue;
        Jtr[a] += w * (xa * er + ya * ei);
        for (let b = 0; b < P; b++) JtJ[a * P + b] += w * (xa * col[2 * b] + ya * col[2 * b + 1]);
      }
    }
    let improved = false;
    for (let t = 0; t < 20; t++) {
      const A = new Float64Array(JtJ);
      let dmax = 0;
      for (let a = 0; a < P; a++) dmax = Math.max(dmax, JtJ[a * P + a]);
      for (let a = 0; a < P; a++) A[a * P + a] += mu * (JtJ[a * P + a] + 1e-12 * dmax);
      let step: Float64Array;
      try {
        step = choleskySolve(cholesky(matrix(P, P, A)), Jtr, new Float64Array(P));
      } catch {
        mu *= 10;
        continue;
      }
      for (let s = 0; s < n; s++) {
        if (mode === 'both') {
          tr[s] = gr[s] + step[2 * s];
          ti[s] = gi[s] + step[2 * s + 1];
        } else {
          const ph = Math.atan2(gi[s], gr[s]) + step[s];
          tr[s] = Math.cos(ph);
          ti[s] = Math.sin(ph);
        }
      }
      const c1 = cost(tr, ti);
      if (c1 < c0) {
        gr.set(tr);
        gi.set(ti);
        const rel = (c0 - c1) / c0;
        c0 = c1;
        mu = Math.max(mu / 10, 1e-15);
        improved = rel > 1e-15;
        break;
      }
      mu *= 10;
    }
    if (!improved) break;
  }
}

/** Self-calibrates `vs` against model visibilities (interleaved, one per sample); see the file comment. */
export function selfCalibrate(vs: Visibilities, model: Float64Array, opts: SelfCalOptions = {}): SelfCalResult {
  const where = 'selfCalibrate';
  const mode = opts.mode ?? 'phase';
  if (mode !== 'phase' && mode !== 'both') throw new CandorError(where, 'mode', "'phase' or 'both'", describe(mode));
  if (!(model instanceof Float64Array) || model.length !== 2 * vs.n) throw new CandorError(where, 'model', `${2 * vs.n} values (one complex per sample)`, describe(model));
  const interval = checkNumber(where, 'interval', opts.interval ?? 0, 0);
  const tol = opts.gainTol === undefined ? null : checkNumber(where, 'gainTol', opts.gainTol, 0);
  const iters = opts.iterations ?? 30;
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
