/**
 * External commands some tests run themselves (BART, Chromium): a missing command FAILS the test
 * with the Debian package to install, never skips it. `.ci/run` installs every one of them.
 */
import { spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';

/** Runs `cmd args`; throws a clear error naming the package when the command is not installed. */
export function runCommand(
  cmd: string,
  args: string[],
  pkg: string,
  opts: Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'> = {},
): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { ...opts, encoding: 'utf8' });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    throw new Error(`${cmd}: not installed: this test runs ${cmd} itself (apt-get install ${pkg}; .ci/run installs it)`);
  }
  if (r.error) throw r.error;
  return r;
}

/** Runs `bart args` (BART 0.8, Debian package bart). */
export function bart(args: string[], opts: Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'> = {}): SpawnSyncReturns<string> {
  return runCommand('bart', args, 'bart', opts);
}

/** Runs libhdf5's `h5dump args` (Debian package hdf5-tools). */
export function h5dump(args: string[]): SpawnSyncReturns<string> {
  return runCommand('h5dump', args, 'hdf5-tools');
}

/** Runs the ISMRMRD library's `ismrmrd_recon_cartesian_2d file` (Debian package ismrmrd-tools). */
export function ismrmrdReconCartesian2d(file: string): SpawnSyncReturns<string> {
  return runCommand('ismrmrd_recon_cartesian_2d', [file], 'ismrmrd-tools');
}
