/**
 * The predicted SNR of trace interpolation from a decimation, without interpolating: sparsity in
 * levels of the f-k spectrum and the budget of the l1 phase transition per temporal frequency.
 *
 * Trace decimation keeps whole traces, so in the f-k domain every temporal frequency f is its own
 * problem: N wavenumbers (the padded trace grid the interpolation uses, ../pocs.ts
 * `defaultNxPad`) seen through the same m kept traces, delta = m / N. The f-k atoms have flat
 * magnitude along x, so the local coherence between any band of traces and any wavenumber level is
 * the same, |band| / N: trace sampling is perfectly incoherent with every level, and what decides
 * the result is the sparsity of each frequency slice (Hennenfent & Herrmann 2008; Adcock, Hansen,
 * Poon & Roman 2017 with flat local coherences). The complex Donoho-Tanner transition
 * (../../../predict/threshold-risk.ts `transitionSparsity`, eps(delta): the share of N that l1
 * recovers) gives each frequency a budget
 *
 *     k_f = min(N, c eps(delta) N, #{ |C(k, f)| >= p_min (m / n) max |C| })
 *
 * of its largest coefficients (the last term: POCS's last threshold, p_min of the largest
 * coefficient of the zero-filled input, which holds about m / n of the reference's largest;
 * coefficients below it are never recovered, whatever the sampling); the rest (the tail) is the error, and the predicted SNR over the
 * missing traces is
 *
 *     SNR = s 10 log10( sum_f E_f / sum_f tail_f(k_f) ) + b     (dB),
 *
 * with E_f the energy of slice f. c scales the budget (compressible slices past the transition are
 * partly recovered); s and b map the best-k error of the whole padded plane to the error on the
 * missing traces of the thresholding method (its error falls faster than the best-k tail as the
 * budget grows: s > 1). All three are calibrated per decimation pattern on
 * structured sweeps (./calibration.ts); the prediction is empirical and says so
 * (./predict-decimation.ts).
 *
 * The levels reported ({@link fkLevels}): dyadic wavenumber bands |k| <= 1, 2 <= |k| < 4, ...,
 * N/4 <= |k| <= N/2, with each level's size, energy share and sparsity (its coefficients among
 * the fewest that hold 99.9 % of the energy, ../../../predict/levels.ts `levelSparsity`).
 *
 * Cost: the f-k spectrum of every panel and one sort per frequency slice, once; then O(nf) per
 * kept fraction.
 *
 * @example
 * import { fkContext, predictSnr } from './model.ts';
 * import { syntheticGather } from '../synthetic.ts';
 * const g = syntheticGather();
 * const ctx = fkContext(g, [Int32Array.from({ length: 64 }, (_, i) => i)]);
 * predictSnr(ctx, 0.5, { c: 1, s: 1, b: 0 }).snr;   // dB
 */
import { CandorError, checkNumber, describe } from '../../../core/errors.ts';
import { levelSparsity, type LevelSparsity, type Partition } from '../../../predict/levels.ts';
import { transitionSparsityOnGrid } from '../../../predict/threshold-risk.ts';
import { type Gather, subGather } from '../gather.ts';
import { defaultNxPad, POCS_DEFAULTS } from '../pocs.ts';
import { fkEnergy } from '../theory.ts';

/** The calibrated constants (see the file comment). */
export interface SeismicModelParams {
  c: number;
  s: number;
  b: number;
}

/** One panel's spectrum, reduced to what the prediction needs. */
export interface PanelSpectrum {
  traces: number;
  /** Padded trace grid N and frequencies nf. */
  N: number;
  nf: number;
  /** Per frequency slice: the energies sorted descending, cumulated (cum[f * N + j] = sum of the j + 1 largest; interior slices weighted twice). */
  cum: Float64Array;
  /** The same energies unweighted (sorted[f * N + j]) and the largest of the panel: the method's last threshold is relative to it. */
  sorted: Float64Array;
  peak: number;
  total: number;
  /** Per-level sparsity of the f-k plane (dyadic wavenumber levels). */
  levels: LevelSparsity;
}

/** Everything about the reference that does not depend on the decimation. */
export interface FkContext {
  panels: PanelSpectrum[];
  total: number;
}

/** Dyadic wavenumber levels of an N x nf f-k plane (index k * nf + f): |k| <= 1, then [2^j, 2^(j+1)), the last up to N/2. */
export function fkLevels(N: number, nf: number): Partition {
  const J = Math.max(1, Math.round(Math.log2(N)) - 1);
  const labels = new Int32Array(N * nf);
  for (let k = 0; k < N; k++) {
    const a = Math.min(k, N - k);
    const l = a <= 1 ? 0 : Math.min(J - 1, Math.floor(Math.log2(a)));
    labels.fill(l, k * nf, (k + 1) * nf);
  }
  const sizes = new Int32Array(J);
  for (const l of labels) sizes[l]++;
  const names = Array.from({ length: J }, (_, l) => (l === 0 ? '|k| <= 1' : l === J - 1 ? `${2 ** l} <= |k| <= ${N / 2}` : `${2 ** l} <= |k| < ${2 ** (l + 1)}`));
  return { name: `dyadic wavenumber levels (${N} traces)`, labels, count: J, sizes, names };
}

/** The spectra of every panel of the reference (fully sampled). */
export function fkContext(g: Gather, panels: readonly Int32Array[]): FkContext {
  const where = 'fkContext';
  if (!g || !(g.data instanceof Float64Array) || g.data.length !== g.ntraces * g.ns) throw new CandorError(where, 'reference', 'a gather of ntraces x ns samples', describe(g));
  const out: PanelSpectrum[] = [];
  let total = 0;
  for (const idx of panels) {
    const sub = subGather(g, idx);
    const N = defaultNxPad(sub.ntraces);
    const sp = fkEnergy(sub.data, sub.ntraces, sub.ns, N);
    const { nf, energy } = sp;
    // the half spectrum f = 0 .. NT/2 stands for the whole (|c(k, f)| = |c(-k, -f)|); weight the
    // interior frequencies twice so the total is Parseval's
    const cum = new Float64Array(N * nf);
    const sorted = new Float64Array(N * nf);
    const slice = new Float64Array(N);
    let t = 0;
    let peak = 0;
    const mags = new Float64Array(N * nf);
    for (let f = 0; f < nf; f++) {
      const w = f === 0 || (f === nf - 1 && sp.NT % 2 === 0) ? 1 : 2;
      for (let k = 0; k < N; k++) {
        slice[k] = energy[k * nf + f];
        mags[k * nf + f] = Math.sqrt(w * slice[k]);
      }
      slice.sort().reverse();
      peak = Math.max(peak, slice[0]);
      sorted.set(slice, f * N);
      let acc = 0;
      for (let j = 0; j < N; j++) cum[f * N + j] = acc += w * slice[j];
      t += acc;
    }
    if (!(t > 0)) throw new CandorError(where, `panel ${out.length}`, 'some signal (a fully sampled reference)', 'all zeros');
    total += t;
    out.push({ traces: sub.ntraces, N, nf, cum, sorted, peak, total: t, levels: levelSparsity(mags, fkLevels(N, nf), { energy: 0.999 }) });
  }
  return { panels: out, total };
}

/** Kept traces of a panel of n at fraction keep (as ../decimate.ts draws them: first and last always). */
export function keptCount(n: number, keep: number): number {
  return Math.min(n, Math.max(2, Math.round(keep * n)));
}

/** The prediction at one kept fraction: SNR (dB), the error share, and per panel delta and the budget per slice. */
export interface SnrPrediction {
  snr: number;
  /** Predicted error energy over the total (before the offset b). */
  tailShare: number;
  panels: { delta: number; budget: number }[];
}

/**
 * The error share of the budget: per frequency slice of panel p, the energy beyond its
 * min(budgets[p], count above the floor) largest coefficients, over the total. `floors[p]` is an
 * energy: coefficients below it are never recovered (the method's last threshold; 0: none).
 */
export function tailShare(ctx: FkContext, budgets: readonly number[], floors?: readonly number[]): number {
  if (!Array.isArray(budgets) || budgets.length !== ctx.panels.length) throw new CandorError('tailShare', 'budgets', `one per panel (${ctx.panels.length})`, describe(budgets));
  let tail = 0;
  ctx.panels.forEach((p, i) => {
    const budget = budgets[i];
    if (!Number.isInteger(budget) || budget < 0 || budget > p.N) throw new CandorError('tailShare', `budgets[${i}]`, `an integer in [0, ${p.N}]`, describe(budget));
    const floor = floors?.[i] ?? 0;
    for (let f = 0; f < p.nf; f++) {
      const row = f * p.N;
      let k = budget;
      while (k > 0 && p.sorted[row + k - 1] < floor) k--;
      const all = p.cum[row + p.N - 1];
      tail += k === 0 ? all : all - p.cum[row + k - 1];
    }
  });
  return tail / ctx.total;
}

/**
 * POCS's last threshold as an energy, per panel: p_min of the largest coefficient of the
 * zero-filled input, which holds about m / n of the reference's largest (../pocs.ts).
 */
export function pocsFloor(p: PanelSpectrum, keep: number, pmin: number): number {
  return (pmin * (keptCount(p.traces, keep) / p.traces)) ** 2 * p.peak;
}

/** Predicted SNR over the missing traces at kept fraction `keep` (see the file comment). */
export function predictSnr(ctx: FkContext, keep: number, params: SeismicModelParams): SnrPrediction {
  const where = 'predictSnr';
  checkNumber(where, 'keep', keep, 0, 1);
  if (!params || typeof params !== 'object') throw new CandorError(where, 'params', 'an object { c, s, b }', describe(params));
  checkNumber(where, 'params.c', params.c, 0);
  checkNumber(where, 'params.s', params.s, 0, 10);
  checkNumber(where, 'params.b', params.b, -100, 100);
  const panels = ctx.panels.map((p) => {
    const delta = keptCount(p.traces, keep) / p.N;
    return { delta, budget: Math.min(p.N, Math.round(params.c * transitionSparsityOnGrid(delta, 'complex') * p.N)) };
  });
  const floors = ctx.panels.map((p) => pocsFloor(p, keep, POCS_DEFAULTS.pmin));
  const share = Math.max(tailShare(ctx, panels.map((p) => p.budget), floors), 1e-30);
  return { snr: -10 * params.s * Math.log10(share) + params.b, tailShare: share, panels };
}
