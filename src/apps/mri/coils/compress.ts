/**
 * SVD coil compression (Huang, Vijayakumar, Li, Hertel, Duensing, "A software channel compression
 * technique for faster reconstruction with many channels", Magn. Reson. Imaging 26 (2008) 133;
 * BART `cc -S`): nc physical coils to p virtual coils by one unitary-column matrix for all samples.
 *
 * With the calibration samples as the rows of D (m x nc; D[i][c] = sample i of coil c), the coil
 * covariance C = D^H D (C[a][b] = sum_i conj(d_ia) d_ib) has eigenvectors V (the right singular
 * vectors of D) and eigenvalues s_k^2 (descending). The virtual coils are the columns of D V_p:
 *
 *   y'_j = sum_c V[c][j] y_c,   j < p,
 *
 * which keeps the fraction sum_{k<p} s_k^2 / sum_k s_k^2 of the calibration energy (`retained`).
 * Since every coil's samples are F(S_c x), the same combination compresses sensitivities
 * (S'_j = sum_c V[c][j] S_c), so a SENSE model stays exact on the virtual coils; ESPIRiT can
 * equally be run on the compressed k-space. The calibration samples are BART's default: the
 * fully sampled centre (`calibrationRegion`, 24 x 24 at most), or every sample (`-A`, and always
 * for a trajectory).
 *
 * Cost: O(m nc^2) for C, O(nc^3) for its eigenvectors (../../../core/dense/herm-eig.ts), O(M nc p)
 * to compress M samples per coil. Geometric (GCC, per readout position) compression is not
 * implemented.
 *
 * `compressAcquisition(acq, p)` does it all for a multi-coil acquisition (Cartesian: matrix from the
 * calibration region as `bart cc -p p -S`; a trajectory: from every sample, as `-A`) and
 * `compressMaps` applies the same matrix to given sensitivities.
 *
 * @example
 * import { compressionMatrix, compressCoils } from './compress.ts';
 * // 8 coils of k-space (coil-major), 4 virtual coils from its calibration region:
 * // const cc = compressionMatrix(calibrationRegion(k).data, 8, 4);   cc.retained ~ 0.99
 * // const k4 = compressCoils(k.data, 8, k.ny * k.nx, cc);            4 coils, coil-major
 */
import { hermEigTop } from '../../../core/dense/herm-eig.ts';
import { CandorError, checkInt, describe } from '../../../core/errors.ts';
import { type MultiCoilAcquisition, multiCoilAcquisition, nonCartesianAcquisition } from '../multicoil.ts';
import { calibrationRegion } from './calibration.ts';
import { type CoilArray, maskCoilKspace } from './types.ts';

/**
 * An SVD coil compression: nc physical to `virtual` coils by the matrix V_p (y'_j = sum_c V[c][j]
 * y_c), with the coil covariance's eigenvalues and the calibration energy retained.
 */
export interface CoilCompression {
  /** Physical coils. */
  nc: number;
  /** Virtual coils. */
  virtual: number;
  /** V_p: nc x p complex, row-major (row c: coil c's weight in each virtual coil). */
  matrix: Float64Array;
  /** Eigenvalues of the coil covariance (squared singular values), descending, all nc. */
  energy: Float64Array;
  /** Fraction of the calibration energy the virtual coils keep. */
  retained: number;
}

/** The compression matrix from coil-major calibration samples (nc x m complex). */
export function compressionMatrix(samples: Float64Array, nc: number, virtual: number, where = 'compressionMatrix'): CoilCompression {
  checkInt(where, 'coils', nc, 1, 1024);
  checkInt(where, 'virtual coils', virtual, 1, nc);
  if (!(samples instanceof Float64Array) || samples.length === 0 || samples.length % (2 * nc) !== 0) {
    throw new CandorError(where, 'calibration samples', `nc x m complex values, coil-major (a multiple of ${2 * nc})`, describe(samples));
  }
  const m = samples.length / (2 * nc);
  const C = new Float64Array(2 * nc * nc);
  for (let a = 0; a < nc; a++) {
    const oa = 2 * m * a;
    for (let b = a; b < nc; b++) {
      const ob = 2 * m * b;
      let re = 0;
      let im = 0;
      for (let i = 0; i < 2 * m; i += 2) {
        const ar = samples[oa + i];
        const ai = samples[oa + i + 1];
        const br = samples[ob + i];
        const bi = samples[ob + i + 1];
        re += ar * br + ai * bi;
        im += ar * bi - ai * br;
      }
      C[2 * (a * nc + b)] = re;
      C[2 * (a * nc + b) + 1] = im;
      C[2 * (b * nc + a)] = re;
      C[2 * (b * nc + a) + 1] = -im;
    }
  }
  let trace = 0;
  for (let a = 0; a < nc; a++) trace += C[2 * (a * nc + a)];
  if (!(trace > 0)) throw new CandorError(where, 'calibration samples', 'some non-zero samples', trace === 0 ? 'all zeros' : `energy ${trace}`);
  const eig = hermEigTop(C, nc, { count: virtual });
  const matrix = new Float64Array(2 * nc * virtual);
  for (let j = 0; j < virtual; j++) {
    const v = eig.vectors[j];
    for (let c = 0; c < nc; c++) {
      matrix[2 * (c * virtual + j)] = v[2 * c];
      matrix[2 * (c * virtual + j) + 1] = v[2 * c + 1];
    }
  }
  const energy = eig.values.map((e) => Math.max(e, 0));
  let kept = 0;
  let all = 0;
  for (let k = 0; k < nc; k++) {
    all += energy[k];
    if (k < virtual) kept += energy[k];
  }
  return { nc, virtual, matrix, energy, retained: kept / all };
}

/** y'_j = sum_c V[c][j] y_c for coil-major data (nc x m complex) to p x m, coil-major. */
export function compressCoils(data: Float64Array, nc: number, m: number, cc: CoilCompression, where = 'compressCoils'): Float64Array {
  if (nc !== cc.nc) throw new CandorError(where, 'coils', `${cc.nc} (the compression matrix's)`, `${nc}`);
  checkInt(where, 'samples per coil', m, 1);
  if (!(data instanceof Float64Array) || data.length !== 2 * nc * m) {
    throw new CandorError(where, 'data', `${nc * m} complex values (${nc} coils x ${m}, coil-major)`, describe(data));
  }
  const p = cc.virtual;
  const V = cc.matrix;
  const out = new Float64Array(2 * p * m);
  for (let j = 0; j < p; j++) {
    const oj = 2 * m * j;
    for (let c = 0; c < nc; c++) {
      const vr = V[2 * (c * p + j)];
      const vi = V[2 * (c * p + j) + 1];
      const oc = 2 * m * c;
      for (let i = 0; i < 2 * m; i += 2) {
        const yr = data[oc + i];
        const yi = data[oc + i + 1];
        out[oj + i] += vr * yr - vi * yi;
        out[oj + i + 1] += vr * yi + vi * yr;
      }
    }
  }
  return out;
}

/** Sensitivities (or coil images) on the virtual coils: S'_j = sum_c V[c][j] S_c. */
export function compressMaps(maps: CoilArray, cc: CoilCompression, where = 'compressMaps'): CoilArray {
  const { ny, nx } = maps;
  return { ny, nx, nc: cc.virtual, data: compressCoils(maps.data, maps.nc, ny * nx, cc, where) };
}

/**
 * A multi-coil acquisition on `virtual` coils (see the file comment); `all` computes the matrix
 * from every sample even when the acquisition is Cartesian (BART's -A). Noise that is white and
 * equal across the coils stays so (orthonormal columns), so `noiseStd` carries over.
 */
export function compressAcquisition(acq: MultiCoilAcquisition, virtual: number, opts: { all?: boolean; calib?: number; where?: string } = {}): { acq: MultiCoilAcquisition; compression: CoilCompression } {
  const where = opts.where ?? 'compressAcquisition';
  const { ny, nx, nc } = acq;
  checkInt(where, 'virtual coils', virtual, 1, nc);
  const keep = acq.noiseStd === undefined ? { where } : { where, noiseStd: acq.noiseStd };
  if (acq.kspace && acq.mask) {
    let cal = acq.y;
    if (!opts.all) {
      // the centre that was acquired: the k-space on the mask only (a given mask may drop entries the grid holds)
      const r = calibrationRegion(maskCoilKspace(acq.kspace, acq.mask), { size: opts.calib ?? 24, minSize: 0, where });
      // a centre of fewer samples than coils cannot rank them: every sample then
      if (r.sy * r.sx >= nc) cal = r.data;
    }
    const compression = compressionMatrix(cal, nc, virtual, where);
    const k = compressMaps(acq.kspace, compression, where);
    return { acq: multiCoilAcquisition(k, acq.mask, keep), compression };
  }
  if (!acq.coords) throw new CandorError(where, 'acquisition', 'Cartesian k-space (with its mask) or a trajectory', 'neither');
  const compression = compressionMatrix(acq.y, nc, virtual, where);
  const y = compressCoils(acq.y, nc, acq.m, compression, where);
  return { acq: nonCartesianAcquisition(ny, nx, acq.coords, y, virtual, keep), compression };
}
