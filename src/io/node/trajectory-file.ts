/**
 * Node-only: a trajectory file by path (`.npy`, or a BART `.cfl`/`.hdr` pair), checked for layout
 * and range against the image shape (../trajectory.ts); every error names the file.
 *
 * @example
 * import { readTrajectoryFile } from './trajectory-file.ts';
 * const t = readTrajectoryFile('traj.cfl', [256, 256]);   // from `bart traj -r -x 512 -y 64` + scale 0.5
 * t.samples;                                              // 32768
 */
import { CandorError, describe } from '../../core/errors.ts';
import { type NpyTrajectoryOptions, type Trajectory, trajectoryFromCfl, trajectoryFromNpy } from '../trajectory.ts';
import { readCflFiles, readNpyFile } from './formats.ts';

/** Reads coordinates from `path` by its extension (see ../trajectory.ts for the layouts). */
export function readTrajectoryFile(path: string, imageShape: readonly number[], opts: Omit<NpyTrajectoryOptions, 'name'> = {}): Trajectory {
  const p = path.toLowerCase();
  if (p.endsWith('.npy')) return trajectoryFromNpy(readNpyFile(path), imageShape, { ...opts, name: path });
  if (p.endsWith('.cfl') || p.endsWith('.hdr')) {
    const base = path.replace(/\.(cfl|hdr)$/, '');
    return trajectoryFromCfl(readCflFiles(path), imageShape, { name: base });
  }
  throw new CandorError('readTrajectoryFile', 'file extension', '.npy, .cfl or .hdr', describe(path));
}
