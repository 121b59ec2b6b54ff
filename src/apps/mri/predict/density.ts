/**
 * Sampling densities of the MRI mask families at an acceleration R, per k-space band, without
 * drawing a mask: the "pattern statistics" the prediction needs (../../../predict/levels-se.ts).
 *
 * Bands (`samplingBands`): the calibration square (band 0, always sampled) and `rings` radial rings
 * of the rest (centred k-space, normalised radius as ../masks/common.ts), on which both families'
 * densities are (nearly) constant:
 *
 * - poisson-disc (vd = 0): uniform outside the square, p = (n/R - |calib|) / (n - |calib|) (the
 *   generator hits R within 1%);
 * - variable-density: the M = round(n/R) - |calib| largest keys log(u)/w_k (Efraimidis-Spirakis)
 *   include entry k with probability pi_k = 1 - t^{w_k} in the large-n limit, t in (0, 1) solving
 *   sum_k (1 - t^{w_k}) = M; w_k = (1 - r_k / sqrt 2)^power as the generator.
 *
 * Any other family (or any mask) is measured: `maskFractions` counts the sampled share of every
 * band of a drawn mask.
 *
 * @example
 * import { familyFractions, samplingBands } from './density.ts';
 * const bands = samplingBands(128, 128, 12, 32);
 * familyFractions('poisson-disc', 128, 128, 4, bands, { calib: 12 })[20];   // (4096 - 144) / (16384 - 144) = 0.2433...
 */
import { CandorError, checkInt, checkNumber, describe } from '../../../core/errors.ts';
import { checkPartition, type Partition } from '../../../predict/levels.ts';
import { defaultCalib, type MaskKind, radius } from '../masks/common.ts';
import { VARIABLE_DENSITY_DEFAULTS } from '../masks/variable-density.ts';

const bandCache = new Map<string, Partition>();

/** Calibration square (band 0, when calib > 0) plus `rings` radial rings of the rest, centred layout. Cached. */
export function samplingBands(ny: number, nx: number, calib: number, rings: number): Partition {
  const where = 'samplingBands';
  checkInt(where, 'rows ny', ny, 1);
  checkInt(where, 'columns nx', nx, 1);
  checkInt(where, 'calib', calib, 0, Math.max(ny, nx));
  checkInt(where, 'rings', rings, 1, 4096);
  const key = `${ny}x${nx}:${calib}:${rings}`;
  const hit = bandCache.get(key);
  if (hit) return hit;
  const labels = new Int32Array(ny * nx);
  const cy = Math.min(calib, ny);
  const cx = Math.min(calib, nx);
  const y0 = Math.floor((ny - cy) / 2);
  const x0 = Math.floor((nx - cx) / 2);
  const w = Math.SQRT2 / rings;
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const inCalib = calib > 0 && i >= y0 && i < y0 + cy && j >= x0 && j < x0 + cx;
      labels[i * nx + j] = inCalib ? 0 : 1 + Math.min(rings - 1, Math.floor(radius(i, j, ny, nx) / w));
    }
  }
  const count = rings + 1;
  const sizes = new Int32Array(count);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]]++;
  const names = ['calibration square', ...Array.from({ length: rings }, (_, b) => `ring ${b + 1} (r in [${(b * w).toFixed(3)}, ${((b + 1) * w).toFixed(3)}))`)];
  const p: Partition = Object.freeze({ name: `calibration square + ${rings} rings`, labels, count, sizes, names });
  bandCache.set(key, p);
  if (bandCache.size > 16) bandCache.delete(bandCache.keys().next().value as string);
  return p;
}

/** The sampled share of every band of a 0/1 mask (centred layout). */
export function maskFractions(mask: ArrayLike<number>, bands: Partition): Float64Array {
  const where = 'maskFractions';
  const n = bands.labels.length;
  if (!mask || mask.length !== n) throw new CandorError(where, 'mask', `${n} entries`, describe(mask));
  checkPartition(where, 'bands', bands, n);
  const m = new Float64Array(bands.count);
  for (let i = 0; i < n; i++) m[bands.labels[i]] += mask[i] ? 1 : 0;
  for (let b = 0; b < bands.count; b++) m[b] = bands.sizes[b] ? m[b] / bands.sizes[b] : 1;
  return m;
}

/** Families whose density is known in closed form. */
export const DENSITY_FAMILIES: readonly MaskKind[] = Object.freeze(['poisson-disc', 'variable-density']);

export interface FamilyOptions {
  /** Calibration square side (default: the generators' defaultCalib). */
  calib?: number;
  /** Variable-density power (default 3, the generator's). */
  power?: number;
}

/** Histogram bins of the variable-density weights (global and per band). */
const WBINS = 256;

interface WeightTable {
  cnt: Float64Array;
  mean: Float64Array;
  /** Per band: calibration entries (always sampled), and the weight histogram of the free ones. */
  fixed: Float64Array;
  bandCnt: Float64Array;
  bandSum: Float64Array;
}

const weightCache = new Map<string, { bands: Partition; table: WeightTable }>();

function weightTable(ny: number, nx: number, calib: number, power: number, bands: Partition): WeightTable {
  const key = `${ny}x${nx}:${calib}:${power}`;
  const hit = weightCache.get(key);
  if (hit && hit.bands === bands) return hit.table;
  const B = bands.count;
  const cnt = new Float64Array(WBINS);
  const sum = new Float64Array(WBINS);
  const fixed = new Float64Array(B);
  const bandCnt = new Float64Array(B * WBINS);
  const bandSum = new Float64Array(B * WBINS);
  const cy = Math.min(calib, ny);
  const cx = Math.min(calib, nx);
  const y0 = Math.floor((ny - cy) / 2);
  const x0 = Math.floor((nx - cx) / 2);
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const b = bands.labels[i * nx + j];
      if (calib > 0 && i >= y0 && i < y0 + cy && j >= x0 && j < x0 + cx) {
        fixed[b]++;
        continue;
      }
      const v = Math.max(0, 1 - radius(i, j, ny, nx) / Math.SQRT2) ** power;
      const q = Math.min(WBINS - 1, Math.floor(v * WBINS));
      cnt[q]++;
      sum[q] += v;
      bandCnt[b * WBINS + q]++;
      bandSum[b * WBINS + q] += v;
    }
  }
  const mean = new Float64Array(WBINS);
  for (let q = 0; q < WBINS; q++) mean[q] = cnt[q] > 0 ? sum[q] / cnt[q] : 0;
  const table = { cnt, mean, fixed, bandCnt, bandSum };
  weightCache.set(key, { bands, table });
  if (weightCache.size > 8) weightCache.delete(weightCache.keys().next().value as string);
  return table;
}

/** Expected sampled share of every band for mask family `kind` at acceleration R (see the file comment). */
export function familyFractions(kind: MaskKind, ny: number, nx: number, R: number, bands: Partition, opts: FamilyOptions = {}): Float64Array {
  const where = 'familyFractions';
  if (!DENSITY_FAMILIES.includes(kind)) {
    throw new CandorError(where, 'mask family', `one of ${DENSITY_FAMILIES.join(', ')} (others: measure drawn masks with maskFractions)`, describe(kind));
  }
  checkNumber(where, 'acceleration R', R, 1);
  const n = ny * nx;
  checkPartition(where, 'bands', bands, n);
  const calib = checkInt(where, 'calib', opts.calib ?? defaultCalib(ny, nx), 0, Math.max(ny, nx));
  const nCalib = calib > 0 ? Math.min(calib, ny) * Math.min(calib, nx) : 0;
  if (calib > 0 && bands.sizes[0] !== nCalib) {
    throw new CandorError(where, 'bands', `band 0 the calibration square of ${nCalib} entries (samplingBands with calib ${calib})`, `${bands.sizes[0]} entries`);
  }
  const out = new Float64Array(bands.count);
  const free = n - nCalib;
  const want = Math.max(0, Math.min(free, Math.round(n / R) - nCalib));
  if (kind === 'poisson-disc') {
    const p = free > 0 ? Math.max(0, Math.min(1, (n / R - nCalib) / free)) : 1;
    for (let b = 0; b < bands.count; b++) out[b] = bands.sizes[b] === 0 ? 1 : p;
    if (calib > 0) out[0] = 1;
    return out;
  }
  const power = checkNumber(where, 'power', opts.power ?? VARIABLE_DENSITY_DEFAULTS.power, 0, 100);
  const tab = weightTable(ny, nx, calib, power, bands);
  // expected count at t = e^{-s}: sum (1 - t^w); decreasing in t, so bisect on s = -log t
  const expected = (s: number) => {
    let e = 0;
    for (let b = 0; b < WBINS; b++) if (tab.cnt[b] > 0) e += tab.cnt[b] * (1 - Math.exp(-s * tab.mean[b]));
    return e;
  };
  let lo = 0;
  let hi = 1;
  while (expected(hi) < want && hi < 1e12) hi *= 2;
  for (let it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (expected(mid) < want) lo = mid;
    else hi = mid;
  }
  const sv = 0.5 * (lo + hi);
  for (let b = 0; b < bands.count; b++) {
    if (bands.sizes[b] === 0) {
      out[b] = 1;
      continue;
    }
    let e = tab.fixed[b];
    for (let q = 0; q < WBINS; q++) {
      const c = tab.bandCnt[b * WBINS + q];
      if (c > 0) e += c * (1 - Math.exp(-sv * (tab.bandSum[b * WBINS + q] / c)));
    }
    out[b] = e / bands.sizes[b];
  }
  return out;
}
