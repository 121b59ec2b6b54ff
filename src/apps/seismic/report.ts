/**
 * The seismic interpolation report: the theory numbers of ./theory.ts next to what the
 * interpolation achieved, and a plain-language paragraph built from them. It says:
 *
 * - how many traces were kept, in what pattern, with the largest gap;
 * - the PSF side lobe of the pattern on the f-k grid and the coherence in the method's transform,
 *   and what they mean (noise-like aliasing for random and jittered patterns; coherent replicas
 *   for regular ones);
 * - for regular decimation, the aliasing limit: f-k sparsity cannot undo it; the largest
 *   unaliased dip at the dominant frequency and the energy beyond the decimated Nyquist wavenumber;
 * - the f-k compressibility of the gather (truth when known, else the reconstruction, said so);
 * - the planner's traces needed against the traces kept;
 * - with the truth: the SNR over the missing traces of the method and of linear interpolation.
 *
 * @example
 * import { seismicReport } from './report.ts';
 * // seismicReport({ decimated, nx, nt, dt, result, truth }).paragraph
 */
import { linearInterpolate } from './linear.ts';
import { type Interpolated, METHOD_TRANSFORM } from './interpolate.ts';
import { missingSnr } from './metrics.ts';
import { type InterpolationTheory, interpolationTheory } from './theory.ts';

/**
 * The interpolation report: sizes, the theory (decimation PSF, coherence, sparsity, frequency
 * plan), SNR metrics when the truth is known, and a plain-language paragraph.
 */
export interface SeismicReport {
  method: string;
  nx: number;
  nt: number;
  dtMs: number;
  theory: InterpolationTheory;
  metrics: { snr: number; snrLinear: number; gain: number } | null;
  result: { iterations: number; seconds: number; details: Record<string, unknown> };
  /** True when the pattern is regular (period >= 2): the aliasing statement is in the paragraph. */
  aliased: boolean;
  paragraph: string;
}

/** What {@link seismicReport} needs: the decimated gather, its sizes and sample interval, the interpolation result and optionally the truth. */
export interface ReportInput {
  decimated: Float64Array;
  nx: number;
  nt: number;
  dt: number;
  result: Interpolated;
  truth?: Float64Array;
}

const pct = (v: number) => `${v >= 0.1 ? (100 * v).toFixed(1) : (100 * v).toPrecision(2)}%`;
const db = (v: number) => `${v.toFixed(1)} dB`;

/**
 * The report of an interpolation: the theory of the decimation and transform, the SNR gains over
 * linear interpolation when the truth is known, and a paragraph.
 */
export function seismicReport(inp: ReportInput): SeismicReport {
  const { decimated, nx, nt, dt, result, truth } = inp;
  const kept = result.kept;
  const transform = METHOD_TRANSFORM[result.method];
  const th = interpolationTheory({
    decimated,
    kept,
    nx,
    nt,
    dt,
    transform,
    spectrumOf: truth ?? result.data,
    source: truth ? 'truth' : 'reconstruction',
  });
  let metrics: SeismicReport['metrics'] = null;
  if (truth) {
    const snr = missingSnr(result.data, truth, nt, kept);
    const snrLinear = missingSnr(linearInterpolate(decimated, nx, nt, kept), truth, nt, kept);
    metrics = { snr, snrLinear, gain: snr - snrLinear };
  }
  const p = th.pattern;
  const parts: string[] = [];
  const kind = p.period !== null ? `a regular pattern (every ${p.period}${p.period === 2 ? 'nd' : p.period === 3 ? 'rd' : 'th'} trace)` : 'an irregular pattern';
  parts.push(
    `The input keeps m = ${p.m} of n = ${nx} traces (${pct(p.keep)}) in ${kind}, with gaps of up to ${p.maxGap - 1} missing trace${p.maxGap - 1 === 1 ? '' : 's'}.`,
  );
  const side = th.psf.sideLobe;
  let psfText = `Along the line its point-spread function in wavenumber has its largest side lobe at ${pct(side)} of the peak (at a shift of ${Math.abs(th.psf.sideLobeCyclesPerTrace).toFixed(3)} cycles per trace; the Welch bound for ${p.m} of ${th.psf.grid} traces is ${pct(th.psf.welch)})`;
  if (side >= 0.75) psfText += ': the kept traces alias coherently, a replica of every event appears at that wavenumber shift.';
  else if (side >= 0.45) psfText += ': part of the aliasing is coherent, so thresholding may keep some artefacts.';
  else psfText += ': the gaps alias like noise spread over all wavenumbers, which thresholding removes (Abma & Kabir 2006).';
  parts.push(psfText);
  if (transform !== 'fk') {
    const c = th.coherence;
    parts.push(
      `In the ${result.method === 'fista-radon' ? 'linear Radon' : transform} dictionary the coherence (${c.what}) is ${c.coherence.toFixed(3)}${c.coherenceFull !== null ? ` (${c.coherenceFull.toFixed(3)} with every trace kept)` : ''}.`,
    );
  }
  const a = th.aliasing;
  if (a) {
    parts.push(
      `Aliasing: decimation by ${a.period} halves the spatial Nyquist wavenumber to 1/${2 * a.period} cycle per trace, and regular decimation of steep events cannot be undone by f-k sparsity: an aliased event and its replica fit the kept traces (almost) equally well and are equally sparse, so the method has no reason to prefer the true dip (only the edges of a finite line break the tie, enough at best for a lone event, not for crossing ones). ` +
        `At the dominant frequency (90% of the energy lies below ${a.f90.toFixed(0)} Hz) events dipping more than ${a.maxDipAtF90.toFixed(1)} ms per trace are aliased (${a.maxDipAtFMean.toFixed(1)} ms per trace at the mean frequency, ${a.fMean.toFixed(0)} Hz)` +
        (a.energyBeyond !== null
          ? `; ${pct(a.energyBeyond)} of the ${th.sparsity.of === 'truth' ? "true gather's" : "reconstruction's"} f-k energy lies beyond that wavenumber${th.sparsity.of === 'truth' ? '' : ' (a reconstruction cannot show what aliasing hid)'}.`
          : '.') +
        ' Random or jittered sampling with the same number of traces turns these replicas into weak noise instead.',
    );
  }
  const e10 = th.sparsity.energyInLargest.find((f) => f.fraction === 0.1)?.energy ?? 0;
  parts.push(
    `The ${th.sparsity.of === 'truth' ? 'true gather' : 'reconstructed gather (the truth is unknown)'} holds ${pct(e10)} of its energy in the largest 10% of its f-k coefficients; 99% needs ${pct(th.sparsity.k99 / th.sparsity.n)} of them.`,
  );
  const fp = th.plan;
  if (fp.tracesNeeded !== null) {
    const ok = fp.tracesNeeded <= p.m;
    parts.push(
      `Frequency by frequency (each a sparse problem on ${fp.grid} wavenumbers seen through the same kept traces), the planner asks for ${fp.tracesNeeded} traces to recover the frequencies holding 90% of the energy with 95% probability (partial-Fourier ensemble, Gaussian baseline); ${p.m} are kept, ${ok ? 'enough' : 'fewer than that'}, and the kept traces suffice for frequencies holding ${pct(fp.energySupported)} of the energy.` +
        (fp.notes.length ? ` ${fp.notes.join('; ')}.` : ''),
    );
  }
  const conv = `${result.method} ran ${result.iterations} iterations in ${result.seconds.toFixed(2)} s`;
  if (metrics) {
    const better = metrics.gain > 0;
    parts.push(
      `Against the truth, ${conv} and reaches ${db(metrics.snr)} over the missing traces, against ${db(metrics.snrLinear)} for trace-wise linear interpolation (${metrics.gain >= 0 ? '+' : ''}${metrics.gain.toFixed(1)} dB).` +
        (better
          ? ''
          : ' Linear interpolation does better here: the events are nearly flat across neighbouring traces, which linear interpolation exploits directly, while the gather is too little compressible in f-k for the kept traces, as the sparsity and planner numbers say.'),
    );
  } else {
    parts.push(`${conv[0].toUpperCase()}${conv.slice(1)}; without the truth no error can be measured.`);
  }
  return {
    method: result.method,
    nx,
    nt,
    dtMs: dt * 1000,
    theory: th,
    metrics,
    result: { iterations: result.iterations, seconds: result.seconds, details: result.details },
    aliased: a !== null,
    paragraph: parts.join(' '),
  };
}
