/**
 * Node-only: multi-coil k-space from an ISMRMRD HDF5 file (../../../io/ismrmrd.ts), arranged for
 * the MRI application:
 *
 * - Cartesian (no trajectory in the records): a grid of encodedSpace y (phase-encoding lines,
 *   our rows) by x (readout, our columns, oversampling included), each acquisition's samples on
 *   row `line` with its centre sample at column floor(x/2) (our centred convention); unacquired
 *   lines stay zero. Only slice 0, partition 0 and repetition 0 are taken (others are reported).
 * - Non-Cartesian (records with trajectory_dimensions >= 2): every sample with its trajectory
 *   point (k-space units of the encoded matrix: readout k_x over x, k_y over y), coil-major; when
 *   every point lies on the integer grid (once), it is Cartesian sampling under a mask and is
 *   arranged on the grid as above (a 2-D random mask written by ../ismrmrd-export.ts).
 *
 * @example
 * import { readIsmrmrdFile } from './ismrmrd-file.ts';
 * // const k = await readIsmrmrdFile('testdata.h5');  k.coils, k.ny, k.nx, k.data (coil-major grid)
 */
import { CandorError } from '../../../core/errors.ts';
import { hdf5DeclaredBytes } from '../../../io/hdf5-superblock.ts';
import { readIsmrmrd } from '../../../io/ismrmrd.ts';
import { readFileBytes } from '../../../io/node/files.ts';

export interface IsmrmrdKspace {
  coils: number;
  ny: number;
  nx: number;
  /** Cartesian: coils x ny nx complex (coil-major grid); trajectory: coils x samples. */
  data: Float64Array;
  /** Trajectory: samples x 2 cycles per sample (axis 0 = rows); null for Cartesian. */
  coords: Float64Array | null;
  samples: number;
  /** Acquisitions left out (other slices, partitions, repetitions) and noise scans. */
  skipped: number;
  noise: number;
}

/**
 * Trajectory points that all lie on the integer grid, each at most once, are Cartesian sampling
 * under a mask (how ISMRMRD carries a 2-D random mask, ../ismrmrd-export.ts): the coil-major grid
 * with zeros elsewhere, or null when any point is off the grid or repeated.
 */
function onGrid(coords: Float64Array, data: Float64Array, M: number, coils: number, ny: number, nx: number): Float64Array | null {
  const n = ny * nx;
  const at = new Int32Array(M);
  const seen = new Uint8Array(n);
  for (let j = 0; j < M; j++) {
    const y = coords[2 * j] * ny + (ny >> 1);
    const x = coords[2 * j + 1] * nx + (nx >> 1);
    const iy = Math.round(y);
    const ix = Math.round(x);
    if (Math.abs(y - iy) > 1e-6 || Math.abs(x - ix) > 1e-6 || iy < 0 || iy >= ny || ix < 0 || ix >= nx || seen[iy * nx + ix]) return null;
    seen[iy * nx + ix] = 1;
    at[j] = iy * nx + ix;
  }
  const grid = new Float64Array(2 * n * coils);
  for (let c = 0; c < coils; c++) {
    for (let j = 0; j < M; j++) {
      grid[2 * (c * n + at[j])] = data[2 * (c * M + j)];
      grid[2 * (c * n + at[j]) + 1] = data[2 * (c * M + j) + 1];
    }
  }
  return grid;
}

export async function readIsmrmrdFile(path: string): Promise<IsmrmrdKspace> {
  const where = `readIsmrmrd(${path})`;
  // a stream is read no further than the size its superblock declares
  const f = await readIsmrmrd(readFileBytes(path, where, 'file', (head) => hdf5DeclaredBytes(head)), { name: path });
  const acqs = f.acquisitions.filter((a) => a.slice === 0 && a.partition === 0 && a.repetition === 0);
  const skipped = f.acquisitions.length - acqs.length;
  if (acqs.length === 0) throw new CandorError(where, 'acquisitions', 'at least one imaging acquisition (slice 0)', 'none');
  const coils = acqs[0].channels;
  for (const [i, a] of acqs.entries()) {
    if (a.channels !== coils) throw new CandorError(where, `acquisition ${i}`, `${coils} channels (as the first)`, `${a.channels}`);
  }
  const ny = f.matrix.y;
  const nx = f.matrix.x;
  if (ny * nx * coils > 2 ** 27) throw new CandorError(where, 'matrix', 'at most 2^27 complex samples (y x x x coils)', `${ny} x ${nx} x ${coils}`);
  const nonCart = acqs[0].trajectoryDimensions >= 2;
  if (nonCart) {
    let M = 0;
    for (const a of acqs) M += a.samples;
    const data = new Float64Array(2 * M * coils);
    const coords = new Float64Array(2 * M);
    let j = 0;
    for (const [i, a] of acqs.entries()) {
      const td = a.trajectoryDimensions;
      if (td < 2) throw new CandorError(where, `acquisition ${i}`, 'a 2-D trajectory (as the first)', `trajectory_dimensions ${td}`);
      for (let s = 0; s < a.samples; s++, j++) {
        const kx = a.traj[s * td];
        const ky = a.traj[s * td + 1];
        const wy = ky / ny;
        const wx = kx / nx;
        if (!(Math.abs(wy) <= 0.5 && Math.abs(wx) <= 0.5)) {
          throw new CandorError(where, `trajectory of acquisition ${i}, sample ${s}`, `k-space positions in [-n/2, n/2] (matrix ${ny} x ${nx})`, `(${kx}, ${ky})`);
        }
        coords[2 * j] = wy;
        coords[2 * j + 1] = wx;
        for (let c = 0; c < coils; c++) {
          data[2 * (c * M + j)] = a.data[2 * (c * a.samples + s)];
          data[2 * (c * M + j) + 1] = a.data[2 * (c * a.samples + s) + 1];
        }
      }
    }
    const grid = onGrid(coords, data, M, coils, ny, nx);
    if (grid) return { coils, ny, nx, data: grid, coords: null, samples: ny * nx, skipped, noise: f.noiseAcquisitions };
    return { coils, ny, nx, data, coords, samples: M, skipped, noise: f.noiseAcquisitions };
  }
  const n = ny * nx;
  const data = new Float64Array(2 * n * coils);
  const cx = nx >> 1;
  for (const [i, a] of acqs.entries()) {
    if (!(a.line >= 0 && a.line < ny)) throw new CandorError(where, `acquisition ${i} line`, `in [0, ${ny - 1}] (encodedSpace y = ${ny})`, `${a.line}`);
    const off = cx - a.centerSample;
    if (off < 0 || off + a.samples > nx) {
      throw new CandorError(where, `acquisition ${i}`, `${a.samples} samples centred at ${a.centerSample} inside the readout of ${nx}`, `columns ${off} .. ${off + a.samples - 1}`);
    }
    for (let c = 0; c < coils; c++) {
      for (let s = 0; s < a.samples; s++) {
        const t = 2 * (c * n + a.line * nx + off + s);
        data[t] = a.data[2 * (c * a.samples + s)];
        data[t + 1] = a.data[2 * (c * a.samples + s) + 1];
      }
    }
  }
  return { coils, ny, nx, data, coords: null, samples: n, skipped, noise: f.noiseAcquisitions };
}
