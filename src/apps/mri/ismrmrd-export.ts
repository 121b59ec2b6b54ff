/**
 * Multi-coil Cartesian k-space (centred, coil-major, zeros where not acquired) as ISMRMRD
 * acquisitions (../../io/ismrmrd-write.ts), the layout ./node/ismrmrd-file.ts reads back:
 *
 * - a mask of whole rows (phase-encoding lines): one Cartesian acquisition per acquired row
 *   (kspace_encode_step_1 = the row, the full readout, center_sample = floor(nx / 2));
 * - any other mask (Poisson disc, variable density, radial on the grid): ISMRMRD marks no single
 *   readout point as missing, so each row's acquired points form one acquisition with a 2-D
 *   trajectory (k_x, k_y) = (column - floor(nx / 2), row - floor(ny / 2)) in units of the matrix
 *   (trajectory "other"): the same samples, read back as non-Cartesian ones on the grid.
 *
 * @example
 * import { ismrmrdFromKspace } from './ismrmrd-export.ts';
 * // const { xml, records } = ismrmrdFromKspace(kspace, mask);  writeIsmrmrd(xml, records)
 */
import { CandorError } from '../../core/errors.ts';
import { ACQ_FLAGS, type IsmrmrdRecord, ismrmrdXml } from '../../io/ismrmrd-write.ts';
import type { CoilArray } from './coils/types.ts';
import { checkMask } from './masks/common.ts';

/** The XML header and records of k-space under a mask (see the file comment). */
export function ismrmrdFromKspace(kspace: CoilArray, mask: ArrayLike<number>): { xml: string; records: IsmrmrdRecord[]; cartesian: boolean } {
  const where = 'ismrmrdFromKspace';
  const { ny, nx, nc, data } = kspace;
  const m = checkMask(where, mask, ny, nx);
  const n = ny * nx;
  let wholeRows = true;
  for (let y = 0; y < ny && wholeRows; y++) {
    const first = m[y * nx];
    for (let x = 1; x < nx; x++) if (m[y * nx + x] !== first) wholeRows = false;
  }
  const cx = nx >> 1;
  const cy = ny >> 1;
  const records: IsmrmrdRecord[] = [];
  for (let y = 0; y < ny; y++) {
    const cols: number[] = [];
    for (let x = 0; x < nx; x++) if (m[y * nx + x]) cols.push(x);
    if (cols.length === 0) continue;
    const s = cols.length;
    const d = new Float32Array(2 * s * nc);
    for (let c = 0; c < nc; c++) {
      for (let i = 0; i < s; i++) {
        const t = 2 * (c * n + y * nx + cols[i]);
        d[2 * (c * s + i)] = data[t];
        d[2 * (c * s + i) + 1] = data[t + 1];
      }
    }
    if (wholeRows) records.push({ line: y, samples: s, channels: nc, centerSample: cx, data: d });
    else {
      const traj = new Float32Array(2 * s);
      for (let i = 0; i < s; i++) {
        traj[2 * i] = cols[i] - cx;
        traj[2 * i + 1] = y - cy;
      }
      records.push({ line: y, samples: s, channels: nc, centerSample: 0, data: d, traj, trajectoryDimensions: 2 });
    }
  }
  if (records.length === 0) throw new CandorError(where, 'mask', 'at least one acquired sample', 'none');
  records[0].flags = (records[0].flags ?? 0n) | ACQ_FLAGS.firstInSlice;
  const last = records[records.length - 1];
  last.flags = (last.flags ?? 0n) | ACQ_FLAGS.lastInSlice;
  return { xml: ismrmrdXml({ nx, ny, coils: nc, trajectory: wholeRows ? 'cartesian' : 'other' }), records, cartesian: wholeRows };
}
