/**
 * Multi-coil acquisitions, validated once so that every reconstruction can trust them:
 *
 * - Cartesian (`multiCoilAcquisition(kspace, mask?)`): full-grid k-space of nc coils (zeros where
 *   not sampled, BART's convention) and the 0/1 mask, by default the entries where any coil is
 *   non-zero (as BART's `pics` infers it). Data: each coil's samples in row-major order of the mask,
 *   coil by coil (the data vector of ./sense.ts `senseCartesian`).
 * - Non-Cartesian (`nonCartesianAcquisition(ny, nx, coords, samples, nc)`): M trajectory points
 *   (cycles per sample in [-1/2, 1/2], 2 per sample, ../../linops/trajectories.ts) and the nc x M
 *   complex samples, coil-major.
 *
 * `calibrationKspace` gives the Cartesian k-space ESPIRiT calibrates from: the acquired grid
 * (Cartesian; entries off a given mask are zeroed, they were not acquired), or for a trajectory the density-compensated gridding of each coil
 * (x_c = N^H W y_c with Pipe-Menon weights W, then F_c x_c), whose centre is fully sampled
 * wherever the trajectory covers it (radial: the disc of radius spokes / pi samples).
 *
 * Errors name the caller's label (`where`, e.g. the file): sizes that disagree, non-finite samples,
 * an all-zero mask or all-zero data.
 *
 * @example
 * import { multiCoilAcquisition } from './multicoil.ts';
 * // const acq = multiCoilAcquisition(kspace);   acq.m samples per coil, acq.y: nc x m complex
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { centeredFft2Plan } from '../../core/fft/centered.ts';
import { pipeMenonDensity } from '../../linops/nufft-density.ts';
import { type NufftPlan, nufftPlan } from '../../linops/nufft-plan.ts';
import type { CoilArray } from './coils/types.ts';
import { checkMask, countSamples } from './masks/common.ts';

/**
 * A multi-coil acquisition: Cartesian (mask) or non-Cartesian (trajectory in cycles per sample), m
 * samples per coil, nc x m complex samples, coil-major.
 */
export interface MultiCoilAcquisition {
  ny: number;
  nx: number;
  nc: number;
  /** Cartesian: the 0/1 mask (ny nx, centred); null for a trajectory. */
  mask: Uint8Array | null;
  /** Non-Cartesian: M x 2 coordinates, cycles per sample; null for Cartesian. */
  coords: Float64Array | null;
  /** Samples per coil. */
  m: number;
  /** The samples, nc x m complex, coil-major. */
  y: Float64Array;
  /** Cartesian: the full-grid k-space it came from. */
  kspace: CoilArray | null;
  /** Noise standard deviation per complex sample, when known. */
  noiseStd?: number;
}

/**
 * Finite samples whose largest part is within 1e-100 .. 1e100 (or all zero, refused later): the
 * solvers sum their squares (and products with the maps'), which overflow or underflow beyond.
 */
function checkFiniteSamples(where: string, x: Float64Array, what: (i: number) => string): void {
  let peak = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new CandorError(where, 'k-space', 'finite samples', `${x[i]} at ${what(i >> 1)}`);
    const a = Math.abs(x[i]);
    if (a > peak) peak = a;
  }
  if (peak > 1e100 || (peak > 0 && peak < 1e-100)) {
    throw new CandorError(where, 'k-space', 'samples within 1e-100 .. 1e100 in size (the solvers sum their squares, which overflow or underflow beyond: rescale the data)', `largest ${peak.toExponential(2)}`);
  }
}

/** A Cartesian multi-coil acquisition (see the file comment). */
export function multiCoilAcquisition(kspace: CoilArray, mask?: ArrayLike<number>, opts: { where?: string; noiseStd?: number } = {}): MultiCoilAcquisition {
  const where = opts.where ?? 'multiCoilAcquisition';
  const { ny, nx, nc, data } = kspace;
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  checkInt(where, 'coils', nc, 1, 1024);
  const n = ny * nx;
  if (!(data instanceof Float64Array) || data.length !== 2 * n * nc) {
    throw new CandorError(where, 'k-space size', `${n * nc} complex entries (${nc} coils of ${ny}x${nx})`, describe(data));
  }
  checkFiniteSamples(where, data, (e) => `coil ${Math.floor(e / n)}, entry (${Math.floor((e % n) / nx)}, ${e % nx})`);
  let m0: Uint8Array;
  if (mask === undefined) {
    m0 = new Uint8Array(n);
    for (let c = 0; c < nc; c++) markNonZero(data, 2 * n * c, m0);
    if (countSamples(m0) === 0) throw new CandorError(where, 'k-space', 'at least one non-zero sample', 'all zeros');
  } else {
    m0 = checkMask(where, mask, ny, nx);
  }
  const m = countSamples(m0);
  const y = new Float64Array(2 * m * nc);
  let any = false;
  for (let c = 0; c < nc; c++) any = gatherCoil(data, 2 * n * c, m0, y, 2 * m * c) || any;
  if (!any) throw new CandorError(where, 'k-space', 'non-zero samples on the mask', 'all sampled entries zero');
  const acq: MultiCoilAcquisition = { ny, nx, nc, mask: m0, coords: null, m, y, kspace };
  if (opts.noiseStd !== undefined) acq.noiseStd = opts.noiseStd;
  return acq;
}

// The two whole-k-space loops as functions of their own: V8 compiles them after the first coil,
// where inside multiCoilAcquisition's body they ran unoptimised over every coil (a CLI's one call).

/** m0[i] <- 1 where the coil's k-space entry i (complex, at offset o of data) is non-zero. */
function markNonZero(data: Float64Array, o: number, m0: Uint8Array): void {
  for (let i = 0; i < m0.length; i++) if (data[o + 2 * i] !== 0 || data[o + 2 * i + 1] !== 0) m0[i] = 1;
}

/** The coil's entries where m0 is 1, in order, into y from offset t0; whether any is non-zero. */
function gatherCoil(data: Float64Array, o: number, m0: Uint8Array, y: Float64Array, t0: number): boolean {
  let any = false;
  for (let i = 0, t = t0; i < m0.length; i++) {
    if (!m0[i]) continue;
    y[t] = data[o + 2 * i];
    y[t + 1] = data[o + 2 * i + 1];
    if (y[t] !== 0 || y[t + 1] !== 0) any = true;
    t += 2;
  }
  return any;
}

/** A non-Cartesian multi-coil acquisition (see the file comment). */
export function nonCartesianAcquisition(
  ny: number,
  nx: number,
  coords: Float64Array,
  samples: Float64Array,
  nc: number,
  opts: { where?: string; noiseStd?: number } = {},
): MultiCoilAcquisition {
  const where = opts.where ?? 'nonCartesianAcquisition';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  checkInt(where, 'coils', nc, 1, 1024);
  if (!(coords instanceof Float64Array) || coords.length === 0 || coords.length % 2 !== 0) {
    throw new CandorError(where, 'trajectory', 'M x 2 coordinates (cycles per sample)', describe(coords));
  }
  const M = coords.length / 2;
  for (let i = 0; i < coords.length; i++) {
    if (!(coords[i] >= -0.5 && coords[i] <= 0.5)) {
      throw new CandorError(where, `trajectory sample ${i >> 1}`, `coordinates in [-0.5, 0.5] cycles per sample (k-space positions in [-n/2, n/2])`, describe(coords[i]));
    }
  }
  if (!(samples instanceof Float64Array) || samples.length !== 2 * M * nc) {
    throw new CandorError(where, 'samples', `${M * nc} complex values (${nc} coils x ${M} trajectory points)`, samples instanceof Float64Array ? `${samples.length / 2} complex values` : describe(samples));
  }
  checkFiniteSamples(where, samples, (e) => `coil ${Math.floor(e / M)}, sample ${e % M}`);
  let any = false;
  for (let i = 0; i < samples.length && !any; i++) if (samples[i] !== 0) any = true;
  if (!any) throw new CandorError(where, 'samples', 'some non-zero samples', 'all zeros');
  const acq: MultiCoilAcquisition = { ny, nx, nc, mask: null, coords, m: M, y: samples, kspace: null };
  if (opts.noiseStd !== undefined) acq.noiseStd = opts.noiseStd;
  return acq;
}

/** The NUFFT plan of a non-Cartesian acquisition (cached on it). */
const plans = new WeakMap<MultiCoilAcquisition, NufftPlan>();
export function acquisitionPlan(acq: MultiCoilAcquisition): NufftPlan {
  if (!acq.coords) throw new CandorError('acquisitionPlan', 'acquisition', 'a non-Cartesian acquisition', 'a Cartesian one');
  let p = plans.get(acq);
  if (!p) {
    p = nufftPlan([acq.ny, acq.nx], acq.coords);
    plans.set(acq, p);
  }
  return p;
}

/** Pipe-Menon density weights of a non-Cartesian acquisition (cached). */
const densities = new WeakMap<MultiCoilAcquisition, Float64Array>();
export function acquisitionDensity(acq: MultiCoilAcquisition): Float64Array {
  let w = densities.get(acq);
  if (!w) {
    w = pipeMenonDensity(acquisitionPlan(acq));
    densities.set(acq, w);
  }
  return w;
}

/** Per-coil gridded images N^H W y_c of a non-Cartesian acquisition (coil-major). */
export function griddedCoilImages(acq: MultiCoilAcquisition): CoilArray {
  const plan = acquisitionPlan(acq);
  const w = acquisitionDensity(acq);
  const { ny, nx, nc, m } = acq;
  const n = ny * nx;
  const out = new Float64Array(2 * n * nc);
  const yw = new Float64Array(2 * m);
  for (let c = 0; c < nc; c++) {
    for (let j = 0; j < m; j++) {
      yw[2 * j] = acq.y[2 * (c * m + j)] * w[j];
      yw[2 * j + 1] = acq.y[2 * (c * m + j) + 1] * w[j];
    }
    plan.adjoint(yw, out.subarray(2 * n * c, 2 * n * (c + 1)));
  }
  return { ny, nx, nc, data: out };
}

/** The Cartesian k-space to calibrate coil sensitivities from (see the file comment). */
export function calibrationKspace(acq: MultiCoilAcquisition): CoilArray {
  if (acq.kspace && acq.mask) {
    // only what was acquired: a given mask may drop entries the grid holds (retrospective undersampling)
    const { ny, nx, nc, data } = acq.kspace;
    const n = ny * nx;
    const mask = acq.mask;
    let masked: Float64Array | null = null;
    for (let c = 0; c < nc; c++) {
      for (let i = 0; i < n; i++) {
        const p = 2 * (c * n + i);
        if (mask[i] || (data[p] === 0 && data[p + 1] === 0)) continue;
        masked ??= data.slice();
        masked[p] = 0;
        masked[p + 1] = 0;
      }
    }
    return masked ? { ny, nx, nc, data: masked } : acq.kspace;
  }
  const imgs = griddedCoilImages(acq);
  const { ny, nx, nc } = acq;
  const n = ny * nx;
  const plan = centeredFft2Plan(ny, nx);
  const out = new Float64Array(2 * n * nc);
  for (let c = 0; c < nc; c++) plan.exec(imgs.data.subarray(2 * n * c, 2 * n * (c + 1)), out.subarray(2 * n * c, 2 * n * (c + 1)), false);
  return { ny, nx, nc, data: out };
}
