/**
 * Node's thread teams (../../core/parallel/team.ts): `startTeam({ threads })` starts threads - 1
 * worker threads on shared memory and returns the team; with one thread it is the solo team.
 * Either way the results depend only on `parts` (default 2), so a two-thread reconstruction is
 * bit-identical to a one-thread one.
 *
 * The workers start from ./team-worker's JavaScript: the `candor` command's start-up bundle
 * names it (bin/cli-bundle.mjs builds it beside the command, and bin/candor.mjs records its URL),
 * the compiled package has team-worker.js, and from the TypeScript sources (tests) a tsx
 * bootstrap loads it (slower to start: a few hundred ms). A worker costs ~40 ms to start from
 * the bundle, and a thread is only worth it for image-sized work: see `teamThreads`.
 *
 * @example
 * import { startTeam } from './threads.ts';
 * const team = await startTeam({ threads: 2 });
 * try {
 *   // reconstruct(acq, { team })
 * } finally {
 *   team.close();
 * }
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { CandorError, describe } from '../../core/errors.ts';
import { hostTeam, teamShared } from '../../core/parallel/host.ts';
import { checkParts, soloTeam, type Team, type TeamMessage } from '../../core/parallel/team.ts';
import '../../solvers/team-kernels.ts';

/** Options of {@link startTeam}. */
export interface StartTeamOptions {
  /** Threads, the caller's included (default: the cores available, at most 2). */
  threads?: number;
  /** Parts of every pass (default 2; at least `threads`). Results depend on this only. */
  parts?: number;
}

/** The thread count a default team gets here: the cores available, at most 2. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

const SOURCE_ENTRY = new URL('./team-worker.ts', import.meta.url);
const TSX_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** The URL the workers start from, and the workerData entry the tsx bootstrap needs. */
function workerEntry(): { url: URL; entry: string } {
  const bundled = (globalThis as { __candorTeamWorker?: string }).__candorTeamWorker;
  if (bundled) return { url: new URL(bundled), entry: bundled };
  if (import.meta.url.endsWith('.js')) {
    const js = new URL('./team-worker.js', import.meta.url);
    return { url: js, entry: js.href };
  }
  return { url: TSX_ENTRY, entry: SOURCE_ENTRY.href };
}

/** A worker's next message, or a CandorError when it fails or exits first. */
function messageFrom(w: Worker): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
    };
    const onMessage = () => {
      done();
      resolve();
    };
    const onError = (e: Error) => {
      done();
      reject(new CandorError('startTeam', 'worker thread', 'a thread that starts', `an error: ${e.message}`));
    };
    const onExit = (code: number) => {
      done();
      reject(new CandorError('startTeam', 'worker thread', 'a thread that starts', `an exit with code ${code}`));
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
  });
}

/**
 * A thread the `candor` command started before it knew it would need it (bin/candor.mjs, for
 * `mri recon` and `mri report`: it loads while the command does), and its 'loaded' message.
 */
interface Prestarted {
  worker: Worker;
  loaded: Promise<void>;
}

function takePrestarted(): Prestarted | undefined {
  return (globalThis as { __candorPrestarted?: Prestarted[] }).__candorPrestarted?.shift();
}

/** Starts a team (see the file comment). Close it when done (its threads keep no process alive). */
export async function startTeam(opts: StartTeamOptions = {}): Promise<Team> {
  const where = 'startTeam';
  const threads = opts.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new CandorError(where, 'threads', 'an integer in [1, 64]', describe(threads));
  const parts = checkParts(where, opts.parts ?? Math.max(2, threads), threads);
  if (threads === 1) return soloTeam(parts);
  const shared = teamShared(threads, parts);
  const { url, entry } = workerEntry();
  const regs: MessagePort[] = [];
  const fails: MessagePort[] = [];
  const workers: Worker[] = [];
  const started: Promise<void>[] = [];
  const closeAll = () => {
    for (const p of [...regs, ...fails]) p.close();
    for (const w of workers) void w.terminate();
  };
  for (let member = 1; member < threads; member++) {
    const reg = new MessageChannel();
    const fail = new MessageChannel();
    // a thread the command started early (bin/candor.mjs), or a new one
    const early = takePrestarted();
    let w: Worker;
    try {
      // no flags of this process: a worker refuses some (--expose-gc), and tsx registers itself
      w = early?.worker ?? new Worker(url, { workerData: { entry }, execArgv: [] });
    } catch (e) {
      closeAll();
      throw new CandorError(where, 'worker thread', 'a thread that starts', `an error: ${(e as Error).message}`);
    }
    const loaded = early
      ? early.loaded.catch((e: unknown) => {
          throw new CandorError(where, 'worker thread', 'a thread that starts', `an error: ${e instanceof Error ? e.message : String(e)}`);
        })
      : messageFrom(w);
    regs.push(reg.port1);
    fails.push(fail.port1);
    workers.push(w);
    started.push(
      (async () => {
        await loaded;
        const ready = messageFrom(w);
        w.postMessage({ shared: { ...shared, member }, port: reg.port2, failures: fail.port2 }, [reg.port2, fail.port2]);
        await ready;
      })(),
    );
  }
  try {
    await Promise.all(started);
  } catch (e) {
    closeAll();
    throw e;
  }
  for (const w of workers) {
    // a later failure of a serving thread is seen by the run that waits for it (its timeout)
    w.on('error', () => {});
    w.unref();
  }
  for (const p of [...regs, ...fails]) p.unref();
  return hostTeam({
    threads,
    parts,
    shared,
    post: (m: TeamMessage) => {
      for (const p of regs) p.postMessage(m);
    },
    receiveFailure: () => {
      // every worker's message of this run (each failed worker posted one), the first reported
      let first: string | undefined;
      for (const p of fails) {
        const m = receiveMessageOnPort(p);
        if (m) first ??= String(m.message);
      }
      return first;
    },
    close: closeAll,
  });
}
