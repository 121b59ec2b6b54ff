/**
 * Preparing VLBI visibilities for imaging, as the EHT imaging pipelines do (EHT Collaboration
 * 2019, M87 Paper IV, sec. 6; the eht-imaging pipeline of data release 2019-D01-02):
 *
 * - `scanAverage(vs, { gap })`: coherent averages per baseline over each scan (a run of samples
 *   without a gap longer than `gap` seconds; default 120 s), inverse-variance weighted
 *   (./averaging.ts's rule: exact for the noise);
 * - `selectUv(vs, { min, max })`: keeps the samples with min <= |uv| <= max (wavelengths), e.g.
 *   leaving out the intra-site baselines of a compact-source image;
 * - `rescaleShortBaselines(vs, flux, uvCut)`: the samples shorter than uvCut (the EHT's intra-site
 *   "zero baselines", 0.1 Glambda) see the extended jet as well as the compact source: scaling them
 *   by flux / median |V| there (visibilities and sigmas alike) makes them measure the compact flux
 *   only, as eht-imaging's `rescale_zerobaseline` does;
 * - `addSystematicNoise(vs, f)`: sigma^2 <- sigma^2 + (f |V|)^2 (fractional, non-closing errors).
 *
 * @example
 * import { scanAverage, rescaleShortBaselines } from './preprocess.ts';
 * // const avg = rescaleShortBaselines(scanAverage(vs), 0.6, 1e8);
 */
import { CandorError, checkNumber, describe } from '../../core/errors.ts';
import { binAverage } from './averaging.ts';
import type { Visibilities } from './visibilities.ts';

/** The samples `keep` of vs (in that order), with a note. */
export function subsetVisibilities(vs: Visibilities, keep: number[], note: string): Visibilities {
  const pick = (a: Float64Array) => Float64Array.from(keep, (k) => a[k]);
  const vis = new Float64Array(2 * keep.length);
  keep.forEach((k, j) => {
    vis[2 * j] = vs.vis[2 * k];
    vis[2 * j + 1] = vs.vis[2 * k + 1];
  });
  return {
    ...vs,
    n: keep.length,
    u: pick(vs.u),
    v: pick(vs.v),
    w: pick(vs.w),
    vis,
    weight: pick(vs.weight),
    time: pick(vs.time),
    freq: pick(vs.freq),
    ant1: Int32Array.from(keep, (k) => vs.ant1[k]),
    ant2: Int32Array.from(keep, (k) => vs.ant2[k]),
    notes: [...vs.notes, note],
  };
}

/** The samples with min <= |uv| <= max (see the file comment); errors when none is left. */
export function selectUv(vs: Visibilities, o: { min?: number; max?: number }): Visibilities {
  const min = checkNumber('selectUv', 'min', o.min ?? 0, 0);
  const max = checkNumber('selectUv', 'max', o.max ?? Number.MAX_VALUE, 0);
  if (max < min) {
    throw new CandorError(`selectUv(${vs.name})`, 'uv range', `a minimum (--uv-min) at most the maximum (--uv-max)`, `min ${min.toPrecision(3)} > max ${max.toPrecision(3)} wavelengths`);
  }
  const keep: number[] = [];
  for (let k = 0; k < vs.n; k++) {
    const r = Math.hypot(vs.u[k], vs.v[k]);
    if (r >= min && r <= max) keep.push(k);
  }
  if (keep.length === 0) {
    throw new CandorError(`selectUv(${vs.name})`, 'uv range', `some of the ${vs.n} samples within [${min.toPrecision(3)}, ${max.toPrecision(3)}] wavelengths`, 'none');
  }
  return subsetVisibilities(vs, keep, `uv range [${min.toPrecision(3)}, ${max.toPrecision(3)}] wavelengths: ${keep.length} of ${vs.n} samples`);
}

/**
 * Coherent scan averages per baseline (see the file comment): scans are found over the whole
 * array (a gap longer than `gap` seconds between consecutive samples of any baseline ends a scan),
 * and every average of a scan carries the scan's mean time, so closure quantities see one time
 * stamp per scan.
 */
export function scanAverage(vs: Visibilities, o: { gap?: number } = {}): Visibilities {
  const gap = checkNumber('scanAverage', 'gap', o.gap ?? 120, 0);
  const order = Array.from({ length: vs.n }, (_, k) => k).sort((a, b) => vs.time[a] - vs.time[b]);
  const scan = new Int32Array(vs.n);
  let scans = 0;
  for (let p = 0; p < order.length; p++) {
    if (p > 0 && vs.time[order[p]] - vs.time[order[p - 1]] > gap) scans++;
    scan[order[p]] = scans;
  }
  scans++;
  const scanTime = new Float64Array(scans);
  const scanCount = new Float64Array(scans);
  for (let k = 0; k < vs.n; k++) {
    scanTime[scan[k]] += vs.time[k];
    scanCount[scan[k]]++;
  }
  const bins = new Map<string, number>();
  const bin = new Int32Array(vs.n);
  for (const k of order) {
    const key = `${vs.ant1[k]},${vs.ant2[k]},${vs.freq[k]},${scan[k]}`;
    let b = bins.get(key);
    if (b === undefined) {
      b = bins.size;
      bins.set(key, b);
    }
    bin[k] = b;
  }
  const t = new Float64Array(bins.size); // each bin at its scan's mean time
  for (let k = 0; k < vs.n; k++) t[bin[k]] = scanTime[scan[k]] / scanCount[scan[k]];
  return binAverage(vs, bin, bins.size, `scan-averaged (${scans} scans, gaps > ${gap} s): ${vs.n} -> ${bins.size} visibilities`, t);
}

/** Scales the samples shorter than uvCut to the compact flux (see the file comment). */
export function rescaleShortBaselines(vs: Visibilities, flux: number, uvCut: number): { vis: Visibilities; factor: number; measured: number } {
  checkNumber('rescaleShortBaselines', 'flux', flux, Number.MIN_VALUE);
  checkNumber('rescaleShortBaselines', 'uvCut', uvCut, 0);
  const amps: number[] = [];
  for (let k = 0; k < vs.n; k++) if (Math.hypot(vs.u[k], vs.v[k]) < uvCut) amps.push(Math.hypot(vs.vis[2 * k], vs.vis[2 * k + 1]));
  if (amps.length === 0) return { vis: vs, factor: 1, measured: Number.NaN };
  amps.sort((a, b) => a - b);
  const measured = amps[amps.length >> 1];
  const f = flux / measured;
  const vis = vs.vis.slice();
  const weight = vs.weight.slice();
  for (let k = 0; k < vs.n; k++) {
    if (Math.hypot(vs.u[k], vs.v[k]) >= uvCut) continue;
    vis[2 * k] *= f;
    vis[2 * k + 1] *= f;
    weight[k] /= f * f;
  }
  return { vis: { ...vs, vis, weight, notes: [...vs.notes, `baselines shorter than ${uvCut.toPrecision(3)} wavelengths scaled by ${f.toFixed(3)} (median ${measured.toFixed(3)} Jy -> compact flux ${flux} Jy)`] }, factor: f, measured };
}

/** sigma^2 <- sigma^2 + (f |V|)^2 (see the file comment). */
export function addSystematicNoise(vs: Visibilities, f: number): Visibilities {
  if (!(f >= 0 && f < 1)) throw new CandorError('addSystematicNoise', 'fraction', 'a number in [0, 1)', describe(f));
  if (f === 0) return vs;
  const weight = vs.weight.slice();
  for (let k = 0; k < vs.n; k++) {
    const a2 = vs.vis[2 * k] ** 2 + vs.vis[2 * k + 1] ** 2;
    weight[k] = 1 / (1 / vs.weight[k] + f * f * a2);
  }
  return { ...vs, weight, notes: [...vs.notes, `systematic noise ${f} |V| added to every sigma`] };
}
