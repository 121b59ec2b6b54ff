/**
 * The calling thread's side of a thread team (see ./team.ts for the protocol): shared arrays,
 * kernel and array registrations posted to the workers, and `run`, which hands the workers their
 * parts through the control block, does its own, waits and adds the partial sums in part order.
 * Free of Node imports: the worker threads and their message ports are given
 * (../../experiments/node/team-threads.ts starts them in Node).
 *
 * @example
 * // const team = hostTeam({ threads: 2, parts: 2, shared, post, receiveFailure, close });
 * // team.run('fista.momentum', [xNew, x, z, v, g], beta, step);
 */
import { CandorError, describe } from '../errors.ts';
import {
  addPartials,
  C_ARRAYS,
  C_DONE,
  C_FAILED,
  C_KERNEL,
  C_NARRAYS,
  C_POSTED,
  C_SEQ,
  C_STOP,
  checkParts,
  checkRun,
  type KernelArgs,
  kernel,
  PARTIAL_SLOTS,
  type Team,
  type TeamMessage,
  type TeamShared,
} from './team.ts';

/** What the host needs from the environment that started the workers. */
export interface HostOptions {
  threads: number;
  parts: number;
  /** The shared memory the workers were started with (member is ignored). */
  shared: Omit<TeamShared, 'member'>;
  /** Posts a registration to every worker (in order). */
  post(m: TeamMessage): void;
  /** A worker's error message posted back, received synchronously (undefined: none yet). */
  receiveFailure(): string | undefined;
  /** Ends the workers (after C_STOP has been set). */
  close(): void;
  /** Longest wait for the workers of one run, ms (default 120 000): then the team is declared dead. */
  timeoutMs?: number;
}

/** Spins before the caller sleeps while waiting for the workers (a few tens of microseconds). */
const SPINS = 20_000;

/** Allocates the control block, scalars and partials of a team of `threads` and `parts`. */
export function teamShared(threads: number, parts: number): Omit<TeamShared, 'member'> {
  checkParts('teamShared', parts, threads);
  return {
    control: new SharedArrayBuffer(4 * 32),
    scalars: new SharedArrayBuffer(8 * 16),
    partials: new SharedArrayBuffer(8 * PARTIAL_SLOTS * parts),
    threads,
    parts,
  };
}

/** The host side of a thread team (see the file comment). */
export function hostTeam(o: HostOptions): Team {
  const { threads, parts, shared } = o;
  checkParts('hostTeam', parts, threads);
  const ctl = new Int32Array(shared.control);
  const s = new Float64Array(shared.scalars);
  const partials = new Float64Array(shared.partials);
  const sums = new Float64Array(PARTIAL_SLOTS);
  const arrayIds = new WeakMap<Float64Array | Int32Array, number>();
  /** Arrays handed out and not freed. */
  const live = new WeakSet<Float64Array | Int32Array>();
  /**
   * Freed arrays by kind and length, handed out again (zeroed) by f64 / i32: the threads keep
   * their views, so memory stays at the most arrays alive at once. (Freeing on the threads'
   * side instead left the buffers to a garbage collector that, in a thread which allocates
   * nothing, never runs: measured 7 MB more per 256x256 reconstruction.)
   */
  const pool = new Map<string, (Float64Array | Int32Array)[]>();
  let running = false;
  const kernelIds = new Map<string, number>();
  const timeoutMs = o.timeoutMs ?? 120_000;
  let posted = 0;
  let nextArray = 0;
  let closed = false;
  let dead: string | null = null;
  const args: KernelArgs = { part: 0, parts, arrays: [], s, out: partials, o: 0 };
  const post = (m: TeamMessage) => {
    o.post(m);
    posted++;
  };
  const alive = (where: string) => {
    if (closed) throw new CandorError(where, 'team', 'an open team', 'a closed one');
    if (dead !== null) throw new CandorError(where, 'team', 'working threads', dead);
  };
  const share = <T extends Float64Array | Int32Array>(kind: 'f64' | 'i32', len: number, make: (b: SharedArrayBuffer) => T): T => {
    alive(`team.${kind}`);
    if (!Number.isInteger(len) || len < 0 || len > 2 ** 28) throw new CandorError(`team.${kind}`, 'length', 'an integer in [0, 2^28]', describe(len));
    const again = pool.get(`${kind}:${len}`)?.pop();
    if (again) {
      again.fill(0);
      live.add(again);
      return again as T;
    }
    const buffer = new SharedArrayBuffer(Math.max(1, len) * (kind === 'f64' ? 8 : 4));
    const a = make(buffer);
    const id = nextArray++;
    arrayIds.set(a, id);
    live.add(a);
    post({ type: 'array', id, buffer, kind, length: len });
    return a;
  };
  const team: Team = {
    threads,
    parts,
    f64: (len) => share('f64', len, (b) => new Float64Array(b, 0, len)),
    i32: (len) => share('i32', len, (b) => new Int32Array(b, 0, len)),
    owns: (a) => live.has(a),
    free(a) {
      if (!live.has(a)) return;
      live.delete(a);
      const key = `${a instanceof Float64Array ? 'f64' : 'i32'}:${a.length}`;
      let list = pool.get(key);
      if (!list) pool.set(key, (list = []));
      list.push(a);
    },
    sums,
    run(name, arrays, ...scalars) {
      const where = `team.run(${name})`;
      alive(where);
      if (running) throw new CandorError(where, 'call', 'one run at a time (no team.run inside a kernel)', 'a run while another is in progress');
      checkRun(name, arrays, scalars);
      const k = kernel(name);
      let kid = kernelIds.get(name);
      if (kid === undefined) {
        kid = kernelIds.size;
        kernelIds.set(name, kid);
        post({ type: 'kernel', id: kid, name });
      }
      ctl[C_KERNEL] = kid;
      ctl[C_NARRAYS] = arrays.length;
      for (let i = 0; i < arrays.length; i++) {
        const id = live.has(arrays[i]) ? arrayIds.get(arrays[i]) : undefined;
        if (id === undefined) throw new CandorError(where, `array ${i}`, "an array from this team's f64 or i32 (shared with its threads)", 'another array');
        ctl[C_ARRAYS + i] = id;
      }
      for (let i = 0; i < scalars.length; i++) s[i] = scalars[i];
      partials.fill(0);
      Atomics.store(ctl, C_DONE, 0);
      Atomics.store(ctl, C_FAILED, 0);
      Atomics.store(ctl, C_POSTED, posted);
      Atomics.add(ctl, C_SEQ, 1);
      Atomics.notify(ctl, C_SEQ);
      args.arrays = arrays;
      let error: unknown = null;
      running = true;
      try {
        for (let p = 0; p < parts; p += threads) {
          args.part = p;
          args.o = p * PARTIAL_SLOTS;
          k(args);
        }
      } catch (e) {
        error = e;
      }
      running = false;
      const workers = threads - 1;
      let spins = 0;
      let done = Atomics.load(ctl, C_DONE);
      while (done < workers && spins < SPINS) {
        spins++;
        done = Atomics.load(ctl, C_DONE);
      }
      const t0 = done < workers ? performance.now() : 0;
      while (done < workers) {
        Atomics.wait(ctl, C_DONE, done, 1000);
        done = Atomics.load(ctl, C_DONE);
        if (done < workers && performance.now() - t0 > timeoutMs) {
          dead = `a thread that has not finished its part of ${name} in ${timeoutMs / 1000} s`;
          team.close();
          throw new CandorError(where, 'team', 'every thread to finish its part', dead);
        }
      }
      // a worker's failure message is read even when this thread failed too (the next failure
      // must not find it)
      const failed = Atomics.load(ctl, C_FAILED) === 1 ? (o.receiveFailure() ?? 'no message') : null;
      if (error !== null) throw error;
      if (failed !== null) throw new CandorError(where, 'worker thread', 'its part to run', `an error: ${failed}`);
      addPartials(partials, parts, sums);
    },
    close() {
      if (closed) return;
      closed = true;
      Atomics.store(ctl, C_STOP, 1);
      Atomics.add(ctl, C_SEQ, 1);
      Atomics.notify(ctl, C_SEQ);
      o.close();
    },
  };
  return team;
}
