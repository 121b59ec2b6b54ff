/**
 * One entry point for the interpolation methods of `candor seismic interpolate` and the web lab:
 *
 * - `pocs`: POCS with a decreasing f-k threshold (./pocs.ts; Abma & Kabir 2006);
 * - `fista-fk`: FISTA with continuation, l1 on the f-k coefficients (./sparse.ts);
 * - `fista-radon`: FISTA with continuation, l1 on a linear Radon panel (./sparse.ts);
 * - `spgl1-fk`: SPGL1 (basis pursuit denoising) on the f-k coefficients (./sparse.ts);
 * - `linear`: trace-wise linear interpolation, the baseline (./linear.ts).
 *
 * Missing traces are the all-zero traces of the input (or the zeros of `kept` when given); a gather
 * with no kept trace, or with nothing missing, is refused with one clear message.
 *
 * @example
 * import { interpolateGather } from './interpolate.ts';
 * // const r = interpolateGather(gather, { method: 'pocs' });  r.data, r.kept, r.seconds
 */
import { CandorError, describe } from '../../core/errors.ts';
import type { Gather } from './gather.ts';
import { liveTraces } from './gather.ts';
import { linearInterpolate } from './linear.ts';
import { type PocsOptions, pocsInterpolate } from './pocs.ts';
import { type SparseOptions, type SparseTransform, sparseInterpolate } from './sparse.ts';

/** A trace interpolation method: POCS with an f-k threshold, FISTA in f-k or linear Radon, SPGL1 in f-k, or linear interpolation. */
export type InterpolationMethod = 'pocs' | 'fista-fk' | 'fista-radon' | 'spgl1-fk' | 'linear';
/** Every {@link InterpolationMethod}. */
export const INTERPOLATION_METHODS: readonly InterpolationMethod[] = Object.freeze(['pocs', 'fista-fk', 'fista-radon', 'spgl1-fk', 'linear']);

/** The transform each method's sparsity lives in (linear: none; reported in f-k). */
export const METHOD_TRANSFORM: Readonly<Record<InterpolationMethod, SparseTransform>> = Object.freeze({
  pocs: 'fk',
  'fista-fk': 'fk',
  'fista-radon': 'radon-linear',
  'spgl1-fk': 'fk',
  linear: 'fk',
});

/** Options of {@link interpolateGather}: method (default pocs), kept traces, the method's options and a progress callback. */
export interface InterpolateOptions {
  method?: InterpolationMethod;
  /** Kept traces (default: the traces with a non-zero sample). */
  kept?: Uint8Array;
  pocs?: PocsOptions;
  sparse?: SparseOptions;
  /** Progress: iteration count so far (and the POCS threshold); return false to stop. */
  // biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing are the common case
  onIterate?: (iteration: number, snapshot?: () => Float64Array) => boolean | void;
}

/** An interpolated gather: the method, the samples, the kept traces, iterations, time and the solver's details. */
export interface Interpolated {
  method: InterpolationMethod;
  data: Float64Array;
  kept: Uint8Array;
  iterations: number;
  seconds: number;
  /** Solver details (thresholds, padded sizes, transform). */
  details: Record<string, unknown>;
}

/** Checks the kept/missing split of a gather and returns the mask. */
export function checkSplit(where: string, g: Gather, kept?: Uint8Array): Uint8Array {
  const mask = kept ?? liveTraces(g);
  if (!(mask instanceof Uint8Array) || mask.length !== g.ntraces) {
    throw new CandorError(where, 'kept traces', `a 0/1 mask of ${g.ntraces} traces`, describe(mask));
  }
  let m = 0;
  for (const v of mask) m += v;
  if (m === 0) throw new CandorError(where, 'gather', 'some non-zero traces (kept data)', 'an all-zero gather');
  if (m < 2) throw new CandorError(where, 'kept traces', 'at least 2 non-zero traces', `${m} of ${g.ntraces}`);
  if (m === g.ntraces) throw new CandorError(where, 'missing traces', 'at least one all-zero trace to interpolate', `all ${g.ntraces} traces hold data`);
  return mask;
}

/** Fills the missing traces of a gather with one method (default POCS); the kept traces default to those with a non-zero sample. */
export function interpolateGather(g: Gather, opts: InterpolateOptions = {}): Interpolated {
  const where = 'interpolateGather';
  const method = opts.method ?? 'pocs';
  if (!INTERPOLATION_METHODS.includes(method)) throw new CandorError(where, 'method', INTERPOLATION_METHODS.join(', '), describe(method));
  const kept = checkSplit(where, g, opts.kept);
  const { ntraces: nx, ns: nt, data } = g;
  const t0 = performance.now();
  if (method === 'linear') {
    return { method, data: linearInterpolate(data, nx, nt, kept), kept, iterations: 0, seconds: (performance.now() - t0) / 1000, details: {} };
  }
  if (method === 'pocs') {
    const r = pocsInterpolate(data, nx, nt, kept, {
      ...opts.pocs,
      onIterate: (k, _lam, snap) => (opts.onIterate ? opts.onIterate(k, snap) : undefined),
    });
    return {
      method,
      data: r.data,
      kept,
      iterations: r.iterations,
      seconds: r.seconds,
      details: { nxPad: r.nxPad, ntPad: r.ntPad, firstThreshold: r.thresholds[0], lastThreshold: r.thresholds[r.thresholds.length - 1], schedule: opts.pocs?.schedule ?? 'linear' },
    };
  }
  const transform = METHOD_TRANSFORM[method];
  const solver = method === 'spgl1-fk' ? 'spgl1' : 'fista';
  let count = 0;
  const r = sparseInterpolate(data, nx, nt, kept, {
    ...opts.sparse,
    transform,
    solver,
    onIterate: () => (opts.onIterate ? opts.onIterate(++count) : undefined),
  });
  return { method, data: r.data, kept, iterations: r.iterations, seconds: r.seconds, details: { transform, solver, synthesis: r.synthesis.name } };
}
