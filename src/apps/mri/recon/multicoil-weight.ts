/**
 * The regularisation weight of a multi-coil (SENSE) reconstruction chosen from the data
 * (`candor mri recon --lambda auto[:rule]` with several coils): the same machinery as single-coil
 * (./weight-choice.ts `chooseMriWeight`) over the SENSE operator A = [S F C_1; ...; S F C_nc]:
 * a warm-started path of short reconstructions (`reconstructMultiCoil` itself, at a fixed data
 * scale, fixed iteration counts, no adaptive restart), a rule, then the full reconstruction at the
 * chosen weight warm-started from the nearest path point.
 *
 * - Cartesian k-space only: a trajectory's data term is density-weighted (W^{1/2} y, coloured
 *   noise), which SURE, the discrepancy principle and the hold-out estimate do not model.
 * - Rule 'cv' holds out whole k-space locations (every coil's sample of a location together) and
 *   weighs them by the mask's sampling density (./weight-choice.ts `maskDensity`).
 * - Noise: given (`noiseStd`, `--noise-std`, the acquisition's), else estimated from the coils:
 *   the lower half of the singular values of the calibration matrix against white noise's
 *   (../coils/noise.ts; 1.13x to 1.33x the truth on simulated coils); without a fully sampled
 *   centre, per coil the MAD of its outermost acquired samples (`kspaceNoiseStd` 'outer'; the
 *   conjugate-pair estimate of single-coil data does not apply, a coil image S_c x is complex),
 *   the median over the coils, which is high (2.5x to 7x) when the image puts signal in the outer
 *   k-space: give --noise-std when a noise scan is at hand.
 *
 * References: Pruessmann et al., MRM 42 (1999) 952 (SENSE); Ramani, Liu, Rosen, Nielsen & Fessler,
 * IEEE TIP 21 (2012) 3659 (weight selection for parallel MRI by SURE / GCV); the hold-out rule:
 * ../../../solvers/lambda-holdout.ts.
 *
 * @example
 * import { reconstructMultiCoil } from './multicoil.ts';
 * // const r = reconstructMultiCoil(acq, maps, { method: 'l1-wavelet', autoLambda: { rule: 'cv' } });
 * // r.lambda (chosen), r.lambdaChoice.path, r.lambdaChoice.noiseSource
 */
import { CandorError, checkNumber, describe } from '../../../core/errors.ts';
import { dataScaleDetail } from '../../../core/imaging/scaling.ts';
import type { NoiseLevel } from '../../../solvers/lambda-choice.ts';
import type { CoilArray } from '../coils/types.ts';
import { calibrationNoiseStd } from '../coils/noise.ts';
import { calibrationKspace, type MultiCoilAcquisition } from '../multicoil.ts';
import { kspaceNoiseStd } from '../noise.ts';
import type { MultiCoilReconOptions, MultiCoilReconResult } from './multicoil.ts';
import { chooseMriWeight, maskDensity, maskLocations, type MriHoldout, type MriLambdaOptions, type MriWeightRun, movingWeights } from './weight-choice.ts';
import { mapsPeakPower, senseCartesian } from '../sense.ts';

/**
 * The noise std per complex sample of a multi-coil Cartesian acquisition: from the calibration
 * region's singular values (../coils/noise.ts), else (no fully sampled centre of 6 x 6) the median
 * over the coils of the outer k-space MAD.
 */
export function multiCoilNoiseStd(acq: MultiCoilAcquisition): NoiseLevel {
  const where = 'multiCoilNoiseStd';
  if (!acq.mask) throw new CandorError(where, 'acquisition', 'Cartesian k-space (a mask)', 'a trajectory');
  try {
    return calibrationNoiseStd(calibrationKspace(acq));
  } catch (e) {
    if (!(e instanceof CandorError)) throw e;
  }
  const { ny, nx, nc, m, mask } = acq;
  const stds: number[] = [];
  for (let c = 0; c < nc; c++) {
    const y = acq.y.subarray(2 * c * m, 2 * (c + 1) * m);
    stds.push(kspaceNoiseStd({ ny, nx, mask, y }, { method: 'outer' }).std);
  }
  stds.sort((a, b) => a - b);
  const std = nc % 2 ? stds[nc >> 1] : (stds[nc / 2 - 1] + stds[nc / 2]) / 2;
  const one = kspaceNoiseStd({ ny, nx, mask, y: acq.y.subarray(0, 2 * m) }, { method: 'outer' });
  return { std, source: `estimated: median over the ${nc} coils of the MAD of each coil's ${one.samples} outermost acquired k-space samples (radius >= ${one.radius.toFixed(2)} of the half-width; an upper bound: signal in the outer k-space raises it, 2.5x to 7x on phantoms, so give --noise-std when a noise scan is at hand)` };
}

/**
 * `reconstructMultiCoil(acq, maps, { ...opts, autoLambda })`: the weight chosen by
 * `chooseMriWeight` over the SENSE reconstruction, then `recon` at that weight; the result carries
 * `lambdaChoice`.
 */
export function reconstructMultiCoilWithChosenWeight(
  acq: MultiCoilAcquisition,
  maps: CoilArray,
  opts: MultiCoilReconOptions,
  recon: (acq: MultiCoilAcquisition, maps: CoilArray, opts: MultiCoilReconOptions) => MultiCoilReconResult,
): MultiCoilReconResult {
  const where = 'reconstructMultiCoil';
  const t0 = performance.now();
  const auto = opts.autoLambda as MriLambdaOptions;
  const method = opts.method ?? 'l1-wavelet';
  if (method !== 'l1-wavelet' && method !== 'tv' && method !== 'wavelet-tv') {
    throw new CandorError(where, 'autoLambda', 'a method with a weight (l1-wavelet, tv, wavelet-tv)', describe(method));
  }
  if (opts.constrained) {
    throw new CandorError(where, 'autoLambda', 'the penalised form (the constrained form sets its data term from the noise level: no weight to choose)', 'constrained: true');
  }
  const mask = acq.mask;
  if (!mask) throw new CandorError(where, 'autoLambda', 'Cartesian k-space (a trajectory weighs its data term by the density: coloured noise the rules do not model)', 'a trajectory');
  const { ny, nx, nc, m, y } = acq;
  const n = ny * nx;
  if (maps.ny !== ny || maps.nx !== nx || maps.nc !== nc) {
    throw new CandorError(where, 'coil sensitivities', `${nc} maps of ${ny}x${nx} (the k-space's coils and size)`, `${maps.nc} maps of ${maps.ny}x${maps.nx}`);
  }
  const A = senseCartesian(maps, mask);
  const scale = opts.scale ?? dataScaleDetail(A.adjoint(y, new Float64Array(2 * n))).scale; // the scale reconstructMultiCoil would use
  const given = auto.noiseStd ?? opts.noiseStd ?? acq.noiseStd;
  const noise: NoiseLevel = given !== undefined && given > 0 ? { std: checkNumber(where, 'noiseStd', given, 0), source: auto.noiseSource ?? 'given' } : multiCoilNoiseStd(acq);
  const { weights, penalty } = movingWeights(method, ny, nx, opts);
  const base: MultiCoilReconOptions = { ...opts, autoLambda: undefined, onIterate: undefined, xTrue: undefined, historyEvery: 0, coilImages: false, scale };
  const short = (iterations: number, x0: Float64Array | null): MultiCoilReconOptions => ({ ...base, x0: x0 ?? undefined, maxIter: iterations, tol: 0, restart: 'none' });
  const run: MriWeightRun = (w, data, x0, iterations) => {
    const r = recon({ ...acq, y: data }, maps, { ...short(iterations, x0), ...weights(w) });
    return { x: r.image, fit: A.apply(r.image, new Float64Array(y.length)), penalty: data === y ? penalty(r.image) : Number.NaN };
  };
  // rule 'cv': a held-out unit is a k-space location, every coil's sample of it
  const locations = maskLocations(mask);
  const unitOf = new Uint32Array(nc * m);
  for (let c = 0; c < nc; c++) for (let j = 0; j < m; j++) unitOf[c * m + j] = j;
  const holdout: MriHoldout = {
    units: m,
    unitOf,
    density: maskDensity(mask, ny, nx),
    run: (w, data, keep, x0, iterations) => {
      const sub = new Uint8Array(n);
      let mk = 0;
      for (let j = 0; j < m; j++) {
        sub[locations[j]] = keep[j];
        mk += keep[j];
      }
      const yk = new Float64Array(2 * nc * mk);
      for (let c = 0, t = 0; c < nc; c++) {
        for (let j = 0; j < m; j++) {
          if (!keep[j]) continue;
          yk[2 * t] = data[2 * (c * m + j)];
          yk[2 * t + 1] = data[2 * (c * m + j) + 1];
          t++;
        }
      }
      const r = recon({ ...acq, mask: sub, m: mk, y: yk, kspace: null }, maps, { ...short(iterations, x0), ...weights(w) });
      return { x: r.image, fit: A.apply(r.image, new Float64Array(y.length)), penalty: data === y ? penalty(r.image) : Number.NaN };
    },
  };
  // A^H e has std sigma sqrt(sum_c |S_c|^2) per pixel: the path's top follows the maps' scale
  const choice = chooseMriWeight(y, scale, noise, run, auto, holdout, Math.sqrt(mapsPeakPower(maps)));
  const final = recon(acq, maps, { ...opts, autoLambda: undefined, ...weights(choice.lambda), x0: choice.warm, scale });
  return { ...final, seconds: (performance.now() - t0) / 1000, lambdaChoice: choice };
}
