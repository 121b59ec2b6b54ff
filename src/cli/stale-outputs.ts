/**
 * The note a command prints when its output folder holds files of its own family that this run
 * did not write (a truth.png beside a reconstruction made without --truth, a CLEAN model.fits
 * beside an RML image): they belong to an earlier run and are left in place, since a folder's
 * files are never deleted by a command that did not ask to.
 *
 * @example
 * import { noteStaleOutputs } from './stale-outputs.ts';
 * // noteStaleOutputs('out', ['model.fits'], ['out/image.fits', 'out/summary.json']);
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Names on stderr the files of `family` (names inside `dir`) that exist there and are not among
 * `skip` (paths written by this run, and its inputs); returns them.
 */
export function noteStaleOutputs(dir: string, family: readonly string[], skip: readonly string[]): string[] {
  const keep = new Set(skip.map((x) => resolve(x)));
  const stale = family.filter((f) => !keep.has(resolve(dir, f)) && existsSync(join(dir, f)));
  if (stale.length > 0) {
    process.stderr.write(
      `candor: note: ${dir} also holds ${stale.join(', ')} from an earlier run (not written by this one; left in place)\n`,
    );
  }
  return stale;
}
