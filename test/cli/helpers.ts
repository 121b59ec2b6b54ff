import { spawnSync } from 'node:child_process';

/** Runs the real `candor` binary and returns its exit code and output. */
export function candor(args: string[], opts: { cwd?: string; input?: string; timeout?: number } = {}) {
  const r = spawnSync(process.execPath, [new URL('../../bin/candor.mjs', import.meta.url).pathname, ...args], {
    cwd: opts.cwd,
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeout ?? 120000,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
