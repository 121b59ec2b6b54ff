import { spawnSync } from 'node:child_process';

/** Runs the real `candor` binary and returns its exit code and output. */
export function candor(args: string[], opts: { cwd?: string; input?: string | Uint8Array; timeout?: number } = {}) {
  const r = spawnSync(process.execPath, [new URL('../../bin/candor.mjs', import.meta.url).pathname, ...args], {
    cwd: opts.cwd,
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeout ?? 120000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** sha256 of a file by Python's hashlib (an independent implementation, not our code). */
export function pySha256(path: string): string {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pySha256: python3 failed: ${r.stderr}`);
  return r.stdout.trim();
}
