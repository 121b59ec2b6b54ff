/**
 * The reconstruction team of `candor mri recon` (single- and multi-coil): how many threads, when
 * they start, and the warnings (../../experiments/node/team-threads.ts for the threads,
 * ../../core/parallel/team.ts for the rule that every thread count gives the same image).
 *
 * - `--threads n` given: n threads, started at once (while the k-space is read);
 * - by default: two when the work is large enough (`big`, decided on the loaded data), a second
 *   core is idle (load average below cores - 0.5: two spinning threads lost on a busy machine,
 *   measured 3.7 s against 1.7 s at load ~2), else one;
 * - one thread runs the same two-part passes (soloTeam(2)), so the image does not change.
 */
import { loadavg } from 'node:os';
import { soloTeam, type Team } from '../../core/parallel/team.ts';
import { defaultThreads, startTeam } from '../../experiments/node/team-threads.ts';

/** Loads with `load` (the team starting meanwhile when asked for), then runs `body` with the team, closed after. */
export async function withReconTeam<T, R>(
  threads: number | undefined,
  teamed: boolean,
  load: () => T | Promise<T>,
  big: (loaded: T) => boolean,
  body: (loaded: T, team: Team | undefined) => R,
): Promise<R> {
  const explicit = threads !== undefined;
  const cores = defaultThreads();
  const start = (n: number) => startTeam({ threads: n }).then((t): { team: Team } | { error: unknown } => ({ team: t }), (e: unknown) => ({ error: e }));
  let starting = teamed && explicit && (threads as number) > 1 ? start(threads as number) : null;
  let team: Team | undefined;
  try {
    const loaded = await load();
    const idle = loadavg()[0] < cores - 0.5;
    if (!starting && teamed && !explicit && cores > 1 && idle && big(loaded)) starting = start(2);
    if (starting) {
      const s = await starting;
      if ('team' in s) team = s.team;
      else process.stderr.write(`candor: warning: reconstructing on one thread: ${s.error instanceof Error ? s.error.message : String(s.error)}\n`);
    }
    if (explicit && (threads as number) > cores) {
      process.stderr.write(`candor: warning: --threads ${threads} on ${cores === 1 ? 'one core' : `${cores} cores`}: the threads share it and run slower than one (the image is the same)\n`);
    }
    team ??= teamed ? soloTeam(2) : undefined;
    return body(loaded, team);
  } finally {
    team?.close();
    // a team still starting when loading failed
    if (team === undefined && starting) void starting.then((s) => 'team' in s && s.team.close());
  }
}
