/**
 * The batch size of a new distributed sweep (trials per job) when `--batch` is not given: the
 * coordinator times a few of the first tasks itself (their results are kept) and aims at
 * {@link JOB_SECONDS} of work per job, since a job costs about a millisecond of queue work (two
 * Redis round trips and a stream entry). With b trials of cost c per job and a queue cost q per
 * job, the overhead is q / (b c): 1% at b c = 0.1 s. A batch is also at most the trials per cell
 * (a job is one cell's range), at most {@link MAX_BATCH}, and leaves at least {@link MIN_JOBS}
 * jobs so the last ones do not leave workers idle long.
 *
 * The first task pays for compiling (JIT, WebAssembly) and, on a loaded machine, can take over a
 * second alone; it never decides the batch on its own: the timing goes on to a second task
 * unless the first took longer than {@link MAX_TIMING_SECONDS} (a slow task, such as an MRI
 * reconstruction, gives a batch of one anyway), and the cost per task is the lower quartile of
 * the tasks after the first (a task's cost once compiled, undisturbed by other processes).
 * The coordinator times in CPU seconds: on a loaded machine a task's wall time includes its wait
 * for a core (15 times its work at a load of 30 on 2 cores, seen in the bench: a batch of 1, 2,000
 * jobs of 5 ms), which says nothing about the work a job carries on the workers.
 *
 * @example
 * import { timedBatch, timingDone } from './batch.ts';
 * timingDone([1.4]);                        // false: the cold first task alone decides nothing
 * timedBatch([1.4, 0.005, 0.004], 100, 2000); // 25: 0.1 s / 4 ms, within 100 trials and 63 (2000 / 32)
 */

/** Seconds of work a timed job aims at. */
export const JOB_SECONDS = 0.1;
/** A timed batch leaves at least this many jobs. */
export const MIN_JOBS = 32;
export const MAX_BATCH = 256;
/** At most this many tasks are timed. */
export const MAX_TIMED = 16;
/** A first task longer than this (s) ends the timing at once. */
export const MAX_TIMING_SECONDS = 5;

/** Whether the tasks timed so far (seconds each, in order) are enough to choose the batch. */
export function timingDone(times: readonly number[]): boolean {
  const n = times.length;
  let spent = 0;
  for (const t of times) spent += t;
  if (n >= MAX_TIMED || spent > MAX_TIMING_SECONDS) return true;
  if (n >= 2 && spent > 1) return true;
  return n >= 3 && spent > JOB_SECONDS;
}

/** Trials per job from the timed tasks (seconds each, in order; at least one). */
export function timedBatch(times: readonly number[], trials: number, total: number): number {
  const warm = (times.length > 1 ? times.slice(1) : [...times]).sort((x, y) => x - y);
  const per = warm[Math.floor((warm.length - 1) / 4)];
  return Math.max(1, Math.min(trials, MAX_BATCH, Math.ceil(total / MIN_JOBS), Math.round(JOB_SECONDS / Math.max(per, 1e-6))));
}
