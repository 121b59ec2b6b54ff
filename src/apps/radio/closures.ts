/**
 * Closure quantities: the combinations of visibilities that station gains cannot change
 * (Jennison 1958; Twiss et al. 1960; Thompson, Moran & Swenson 2017, sec. 10.3). With
 * V_ij^obs = g_i g_j^* V_ij, at one time:
 *
 * - closure phase of a cycle of baselines, psi = sum_b s_b arg V_b (s_b = +1 along the cycle's
 *   direction i -> j, -1 against it): the gain phases cancel around any closed loop (a triangle
 *   i -> j -> k -> i gives arg V_ij + arg V_jk - arg V_ik);
 * - log closure amplitude of a quadrangle, ln(|V_ij| |V_kl| / (|V_ik| |V_jl|)): every station's
 *   gain amplitude appears once above and once below.
 *
 * Per time stamp, an independent (minimal) set is chosen greedily by signal-to-noise: candidate
 * triangles (quadrangles) sorted by their sigma, each kept when its coefficient vector over the
 * baselines is linearly independent of those kept, until the set spans the closure space:
 * (baselines - stations + 1) phases and (baselines - stations) amplitudes for a connected array
 * (the counts of eht-imaging's `count='min'` sets; ehtim's own choice of which triangles differs,
 * the span is the same). Baselines shorter than `uvMin` (e.g. the EHT's intra-site ALMA-APEX and
 * SMA-JCMT, 0.1 Glambda in the EHT pipelines) are left out.
 *
 * Uncertainties (first order, as eht-imaging): sigma_psi^2 = sum_b sigma_b^2 / |V_b|^2 (radians)
 * and sigma_lnA^2 = sum_b sigma_b^2 / |V_b|^2, with sigma_b = 1 / sqrt(w_b) per component.
 *
 * Chi-squared terms with eht-imaging's normalisations (`ehtim.imaging.imager_utils`: chisq_vis,
 * chisq_amp, chisq_cphase, chisq_logcamp), each about 1 for a model that fits to the noise:
 *
 *     vis:     sum_k |V_k - V_k(x)|^2 / sigma_k^2 / (2 N_vis)
 *     amp:     sum_k (|V_k| - |V_k(x)|)^2 / sigma_k^2 / N_vis
 *     cphase:  (2 / N_cp) sum (1 - cos(psi - psi(x))) / sigma_psi^2
 *     logcamp: sum (lnA - lnA(x))^2 / sigma_lnA^2 / N_ca
 *
 * with their gradients with respect to the model visibilities (`closureChi2`), which the imaging
 * maps to the image through the adjoint of the measurement operator.
 *
 * @example
 * import { closureSet, closureChi2 } from './closures.ts';
 * // const cs = closureSet(vs, { uvMin: 1e8 });   cs.phases.length, cs.amplitudes.length
 * // const { value, grad } = closureChi2(cs, 'cphase', modelVis);   // grad: d chi2 / d(Re, Im) V
 */
import { CandorError, describe } from '../../core/errors.ts';

/** A closure quantity: the baselines (sample indices) with their coefficients. */
export interface Closure {
  samples: Int32Array;
  coefs: Float64Array;
  /** Observed value: closure phase (radians, in (-pi, pi]) or log closure amplitude. */
  value: number;
  sigma: number;
  /** Time of the samples (seconds from the first). */
  time: number;
}

/**
 * A minimal independent set of closure phases and log closure amplitudes per time stamp, chosen
 * greedily by signal-to-noise, with the counts of time stamps and short baselines left out.
 */
export interface ClosureSet {
  phases: Closure[];
  amplitudes: Closure[];
  /** Time stamps used, and those with too few stations. */
  times: number;
  /** Samples left out as shorter than uvMin. */
  short: number;
}

/** Options of {@link closureSet}: shortest baseline kept and the time tolerance of one time stamp. */
export interface ClosureOptions {
  /** Leave out baselines with |uv| below this (wavelengths; default 0). */
  uvMin?: number;
  /** Samples within this many seconds are one time stamp (default 1e-3). */
  timeTolerance?: number;
}

type Vis = { n: number; u: Float64Array; v: Float64Array; vis: Float64Array; weight: Float64Array; time: Float64Array; ant1: Int32Array; ant2: Int32Array };

/** Greedy independent subset: vectors kept when their residual after projection is above tol. */
class Basis {
  private rows: Float64Array[] = [];
  constructor(private readonly dim: number) {}
  get size() {
    return this.rows.length;
  }
  /** Adds v (over `dim` baselines) when independent; returns whether it was added. */
  add(v: Float64Array): boolean {
    const r = v.slice();
    for (const q of this.rows) {
      let d = 0;
      for (let i = 0; i < this.dim; i++) d += q[i] * r[i];
      for (let i = 0; i < this.dim; i++) r[i] -= d * q[i];
    }
    let n = 0;
    for (let i = 0; i < this.dim; i++) n += r[i] * r[i];
    if (n < 1e-9) return false;
    const s = 1 / Math.sqrt(n);
    for (let i = 0; i < this.dim; i++) r[i] *= s;
    this.rows.push(r);
    return true;
  }
}

const amp = (vis: Float64Array, k: number) => Math.hypot(vis[2 * k], vis[2 * k + 1]);

/** The minimal closure phases and log closure amplitudes of the samples (see the file comment). */
export function closureSet(vs: Vis, opts: ClosureOptions = {}): ClosureSet {
  const where = 'closureSet';
  const uvMin = opts.uvMin ?? 0;
  if (!(uvMin >= 0)) throw new CandorError(where, 'uvMin', 'a non-negative uv distance in wavelengths', describe(uvMin));
  const tol = opts.timeTolerance ?? 1e-3;
  const order = Array.from({ length: vs.n }, (_, k) => k).sort((a, b) => vs.time[a] - vs.time[b]);
  const phases: Closure[] = [];
  const amplitudes: Closure[] = [];
  let short = 0;
  let times = 0;
  let i0 = 0;
  while (i0 < order.length) {
    let i1 = i0 + 1;
    while (i1 < order.length && vs.time[order[i1]] - vs.time[order[i0]] <= tol) i1++;
    // one time stamp: baselines (a < b) -> sample (the best-weighted if repeated)
    const bl = new Map<string, number>();
    for (let p = i0; p < i1; p++) {
      const k = order[p];
      if (Math.hypot(vs.u[k], vs.v[k]) < uvMin) {
        short++;
        continue;
      }
      const a = Math.min(vs.ant1[k], vs.ant2[k]);
      const b = Math.max(vs.ant1[k], vs.ant2[k]);
      if (a === b || !(vs.weight[k] > 0) || !(amp(vs.vis, k) > 0)) continue;
      const key = `${a},${b}`;
      const prev = bl.get(key);
      if (prev === undefined || vs.weight[k] > vs.weight[prev]) bl.set(key, k);
    }
    const t = vs.time[order[i0]];
    i0 = i1;
    if (bl.size < 3) continue;
    times++;
    const keys = [...bl.keys()];
    const index = new Map(keys.map((k, i) => [k, i]));
    const stations = [...new Set(keys.flatMap((k) => k.split(',').map(Number)))].sort((a, b) => a - b);
    const sample = (a: number, b: number) => bl.get(`${Math.min(a, b)},${Math.max(a, b)}`);
    const rel2 = (k: number) => 1 / vs.weight[k] / amp(vs.vis, k) ** 2; // (sigma / |V|)^2
    // closure phases: triangles a < b < c: arg V_ab + arg V_bc - arg V_ac
    type Cand = { s: number[]; c: number[]; sig: number };
    const tri: Cand[] = [];
    for (let x = 0; x < stations.length; x++) {
      for (let y = x + 1; y < stations.length; y++) {
        for (let z = y + 1; z < stations.length; z++) {
          const [a, b, c] = [stations[x], stations[y], stations[z]];
          const kab = sample(a, b);
          const kbc = sample(b, c);
          const kac = sample(a, c);
          if (kab === undefined || kbc === undefined || kac === undefined) continue;
          // the sign of a sample is +1 when it is stored as (first, second) in the loop's direction
          const sg = (k: number, p: number) => (vs.ant1[k] === p ? 1 : -1);
          tri.push({ s: [kab, kbc, kac], c: [sg(kab, a), sg(kbc, b), -sg(kac, a)], sig: Math.sqrt(rel2(kab) + rel2(kbc) + rel2(kac)) });
        }
      }
    }
    tri.sort((p, q) => p.sig - q.sig);
    const nb = keys.length;
    const phaseBasis = new Basis(nb);
    for (const c of tri) {
      const vec = new Float64Array(nb);
      for (let j = 0; j < 3; j++) vec[index.get(keyOf(vs, c.s[j])) as number] = c.c[j];
      if (!phaseBasis.add(vec)) continue;
      let psi = 0;
      for (let j = 0; j < 3; j++) psi += c.c[j] * Math.atan2(vs.vis[2 * c.s[j] + 1], vs.vis[2 * c.s[j]]);
      phases.push({ samples: Int32Array.from(c.s), coefs: Float64Array.from(c.c), value: wrap(psi), sigma: c.sig, time: t });
    }
    // log closure amplitudes: quadrangles, the three pairings of 4 stations
    const quad: Cand[] = [];
    for (let x = 0; x < stations.length; x++) {
      for (let y = x + 1; y < stations.length; y++) {
        for (let z = y + 1; z < stations.length; z++) {
          for (let w = z + 1; w < stations.length; w++) {
            const [a, b, c, d] = [stations[x], stations[y], stations[z], stations[w]];
            for (const [p1, p2, q1, q2] of [
              [
                [a, b],
                [c, d],
                [a, c],
                [b, d],
              ],
              [
                [a, b],
                [c, d],
                [a, d],
                [b, c],
              ],
              [
                [a, c],
                [b, d],
                [a, d],
                [b, c],
              ],
            ]) {
              const ks = [sample(p1[0], p1[1]), sample(p2[0], p2[1]), sample(q1[0], q1[1]), sample(q2[0], q2[1])];
              if (ks.some((k) => k === undefined)) continue;
              const kk = ks as number[];
              quad.push({ s: kk, c: [1, 1, -1, -1], sig: Math.sqrt(kk.reduce((s, k) => s + rel2(k), 0)) });
            }
          }
        }
      }
    }
    quad.sort((p, q) => p.sig - q.sig);
    const ampBasis = new Basis(nb);
    for (const c of quad) {
      const vec = new Float64Array(nb);
      for (let j = 0; j < 4; j++) vec[index.get(keyOf(vs, c.s[j])) as number] = c.c[j];
      if (!ampBasis.add(vec)) continue;
      let la = 0;
      for (let j = 0; j < 4; j++) la += c.c[j] * Math.log(amp(vs.vis, c.s[j]));
      amplitudes.push({ samples: Int32Array.from(c.s), coefs: Float64Array.from(c.c), value: la, sigma: c.sig, time: t });
    }
  }
  return { phases, amplitudes, times, short };
}

function keyOf(vs: Vis, k: number): string {
  return `${Math.min(vs.ant1[k], vs.ant2[k])},${Math.max(vs.ant1[k], vs.ant2[k])}`;
}

/** An angle wrapped into (-pi, pi]. */
export function wrap(a: number): number {
  let x = a % (2 * Math.PI);
  if (x <= -Math.PI) x += 2 * Math.PI;
  if (x > Math.PI) x -= 2 * Math.PI;
  return x;
}

/** A chi-squared data term (eht-imaging's normalisations): complex visibilities, amplitudes, closure phases or log closure amplitudes. */
export type DataTerm = 'vis' | 'amp' | 'cphase' | 'logcamp';
/** Every {@link DataTerm}. */
export const DATA_TERMS: readonly DataTerm[] = Object.freeze(['vis', 'amp', 'cphase', 'logcamp']);

/**
 * A chi-squared term (see the file comment) of model visibilities `model` (interleaved, one per
 * sample of `vs`), with its gradient d chi2 / d(Re V, Im V) added into `grad` (when given).
 * `sigmaScale` multiplies every visibility sigma (systematic noise is added by the caller).
 */
export function dataChi2(term: DataTerm, vs: Pick<Vis, 'n' | 'vis' | 'weight'>, closures: ClosureSet | null, model: Float64Array, grad?: Float64Array, alpha = 1): number {
  if (term === 'vis' || term === 'amp') {
    let s = 0;
    let n = 0;
    for (let k = 0; k < vs.n; k++) {
      const w = vs.weight[k];
      if (!(w > 0)) continue;
      n++;
      const mr = model[2 * k];
      const mi = model[2 * k + 1];
      if (term === 'vis') {
        const dr = mr - vs.vis[2 * k];
        const di = mi - vs.vis[2 * k + 1];
        s += w * (dr * dr + di * di);
      } else {
        const ma = Math.hypot(mr, mi);
        const d = ma - amp(vs.vis, k);
        s += w * d * d;
      }
    }
    if (n === 0) return 0;
    const norm = term === 'vis' ? 2 * n : n;
    if (grad) {
      for (let k = 0; k < vs.n; k++) {
        const w = vs.weight[k];
        if (!(w > 0)) continue;
        const mr = model[2 * k];
        const mi = model[2 * k + 1];
        if (term === 'vis') {
          grad[2 * k] += (alpha * 2 * w * (mr - vs.vis[2 * k])) / norm;
          grad[2 * k + 1] += (alpha * 2 * w * (mi - vs.vis[2 * k + 1])) / norm;
        } else {
          const ma = Math.hypot(mr, mi);
          if (ma === 0) continue;
          const f = (alpha * 2 * w * (ma - amp(vs.vis, k))) / norm / ma;
          grad[2 * k] += f * mr;
          grad[2 * k + 1] += f * mi;
        }
      }
    }
    return s / norm;
  }
  if (!closures) throw new CandorError('dataChi2', 'closures', `a closure set for the ${term} term`, 'none');
  const list = term === 'cphase' ? closures.phases : closures.amplitudes;
  const N = list.length;
  if (N === 0) return 0;
  let s = 0;
  for (const c of list) {
    let q = 0;
    for (let j = 0; j < c.samples.length; j++) {
      const k = c.samples[j];
      const mr = model[2 * k];
      const mi = model[2 * k + 1];
      q += c.coefs[j] * (term === 'cphase' ? Math.atan2(mi, mr) : 0.5 * Math.log(mr * mr + mi * mi));
    }
    const s2 = c.sigma * c.sigma;
    if (term === 'cphase') {
      const d = c.value - q;
      s += (1 - Math.cos(d)) / s2;
      if (grad) {
        // d/dq of (2/N)(1 - cos(psi - q)) / s2 = -(2/N) sin(psi - q) / s2
        const f = (-alpha * 2 * Math.sin(d)) / (N * s2);
        for (let j = 0; j < c.samples.length; j++) {
          const k = c.samples[j];
          const mr = model[2 * k];
          const mi = model[2 * k + 1];
          const a2 = mr * mr + mi * mi;
          if (a2 === 0) continue;
          // d arg V / d(Re, Im) = (-Im, Re) / |V|^2
          grad[2 * k] += (f * c.coefs[j] * -mi) / a2;
          grad[2 * k + 1] += (f * c.coefs[j] * mr) / a2;
        }
      }
    } else {
      const d = q - c.value;
      s += (d * d) / s2;
      if (grad) {
        const f = (alpha * 2 * d) / (N * s2);
        for (let j = 0; j < c.samples.length; j++) {
          const k = c.samples[j];
          const mr = model[2 * k];
          const mi = model[2 * k + 1];
          const a2 = mr * mr + mi * mi;
          if (a2 === 0) continue;
          // d ln|V| / d(Re, Im) = (Re, Im) / |V|^2
          grad[2 * k] += (f * c.coefs[j] * mr) / a2;
          grad[2 * k + 1] += (f * c.coefs[j] * mi) / a2;
        }
      }
    }
  }
  return term === 'cphase' ? (2 * s) / N : s / N;
}
