/**
 * Node-only: a trajectory file by path (`.npy`, or a BART `.cfl`/`.hdr` pair; under another name,
 * as a pipe, an NPY array by its first bytes), checked for layout
 * and range against the image shape (../trajectory.ts); every error names the file.
 *
 * @example
 * import { readTrajectoryFile } from './trajectory-file.ts';
 * const t = readTrajectoryFile('traj.cfl', [256, 256]);   // from `bart traj -r -x 512 -y 64` + scale 0.5
 * t.samples;                                              // 32768
 */
import { CandorError, describe } from '../../core/errors.ts';
import { type NpyTrajectoryOptions, type Trajectory, trajectoryFromCfl, trajectoryFromNpy } from '../trajectory.ts';
import { sniffFormat } from '../sniff.ts';
import { peekHead, refuseMissingUnnamed } from './files.ts';
import { readCflFiles, readNpyFile } from './formats.ts';

/** Reads coordinates from `path` by its extension, or an NPY array by its content (see ../trajectory.ts for the layouts). */
export function readTrajectoryFile(path: string, imageShape: readonly number[], opts: Omit<NpyTrajectoryOptions, 'name'> = {}): Trajectory {
  const p = path.toLowerCase();
  if (p.endsWith('.npy')) return trajectoryFromNpy(readNpyFile(path), imageShape, { ...opts, name: path });
  if (p.endsWith('.cfl') || p.endsWith('.hdr')) {
    const base = path.replace(/\.(cfl|hdr)$/, '');
    return trajectoryFromCfl(readCflFiles(path), imageShape, { name: base });
  }
  // a name that tells nothing (a pipe: /dev/stdin) holding an NPY array is read as one; a missing
  // file without an extension says so
  refuseMissingUnnamed(path, `readTrajectoryFile(${path})`);
  const unknown = () => new CandorError('readTrajectoryFile', 'file extension', '.npy, .cfl or .hdr (or, under another name, the content of an NPY file)', describe(path));
  const head = peekHead(path, `readTrajectoryFile(${path})`, (h) => {
    if (sniffFormat(h) !== '.npy') throw unknown();
  });
  if (head === null) throw unknown();
  return trajectoryFromNpy(readNpyFile(path), imageShape, { ...opts, name: path });
}
