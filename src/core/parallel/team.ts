/**
 * A team: the image-sized passes of an iterative reconstruction split into a fixed number of
 * `parts` and run by one or more threads on shared memory, with results that depend on `parts`
 * only, never on how many threads ran them.
 *
 * A pass is a kernel, a plain function registered by name ({@link registerKernel}) that does
 * part p of P of the work on the arrays and scalars it is given, and may write partial sums
 * (up to {@link PARTIAL_SLOTS}) into its `out`. `team.run(name, arrays, ...scalars)` runs every
 * part and leaves the partial sums added in part order (0, 1, ..., P - 1) in `team.sums`: the
 * same floating-point operations in the same order whatever the thread count, so a result is
 * bit-identical on one thread and on two (the issue-12 rule). Elementwise kernels split index
 * ranges ({@link partRange}); transforms split rows, columns or pairs, each item computed whole.
 *
 * {@link soloTeam} runs the parts one after the other on the calling thread (plain arrays, no
 * worker: the browser's and the default). A thread team (Node: ../../experiments/node/team-threads.ts)
 * shares its arrays through SharedArrayBuffers ({@link Team.f64}) and hands every run to its
 * workers through a control block of Int32 words: the caller writes the kernel, array ids and
 * scalars, bumps a sequence word and wakes the workers (Atomics.notify), runs its own parts, and
 * waits until every worker has counted itself done. Workers spin briefly between runs (measured
 * here 0.3-0.5 us per hand-over while spinning; see SPINS) and then sleep on the sequence word. {@link serveTeam} is the worker's loop,
 * written without Node imports (the message port's synchronous receive is passed in).
 *
 * Design after the fork-join teams of OpenMP (BART parallelises its loops the same way) and
 * stdlib-js's plain-function kernels; partial sums in a fixed order as in reproducible BLAS
 * (Demmel & Nguyen 2015) in its simplest form.
 *
 * @example
 * import { registerKernel, soloTeam, partRange } from './team.ts';
 * registerKernel('sum', ({ part, parts, arrays, out, o }) => {
 *   const a = arrays[0] as Float64Array;
 *   const [lo, hi] = partRange(a.length, part, parts);
 *   let s = 0;
 *   for (let i = lo; i < hi; i++) s += a[i];
 *   out[o] = s;
 * });
 * const team = soloTeam(2);
 * const a = team.f64(4);
 * a.set([1, 2, 3, 4]);
 * team.run('sum', [a]);
 * team.sums[0]; // 10, summed as (1 + 2) + (3 + 4) on any number of threads
 */
import { CandorError, describe } from '../errors.ts';

/** Partial sums a kernel part may write. */
export const PARTIAL_SLOTS = 4;
/** Most arrays and scalars one run takes. */
export const MAX_ARRAYS = 12;
export const MAX_SCALARS = 16;

/** What a kernel is given for one part. */
export interface KernelArgs {
  /** This part (0 .. parts - 1) and the number of parts. */
  part: number;
  parts: number;
  /** The arrays of the run (each visible to every thread of the team). */
  arrays: readonly (Float64Array | Int32Array)[];
  /** The scalars of the run (a view: read, do not keep). */
  s: Float64Array;
  /** Partial sums: this part's are out[o], ..., out[o + PARTIAL_SLOTS - 1] (zeroed before the call). */
  out: Float64Array;
  o: number;
}

export type Kernel = (a: KernelArgs) => void;

const kernels = new Map<string, Kernel>();

/** Registers kernel `name` in this thread (modules that define kernels do it when loaded). */
export function registerKernel(name: string, k: Kernel): void {
  kernels.set(name, k);
}

/** The kernel registered as `name` (a CandorError when none is). */
export function kernel(name: string): Kernel {
  const k = kernels.get(name);
  if (!k) throw new CandorError('team', 'kernel', `a registered kernel (${[...kernels.keys()].join(', ')})`, describe(name));
  return k;
}

/** Index range [lo, hi) of part p of P over n items (the first n mod P parts one longer). */
export function partRange(n: number, p: number, P: number): [number, number] {
  const q = Math.floor(n / P);
  const r = n - q * P;
  const lo = p * q + Math.min(p, r);
  return [lo, lo + q + (p < r ? 1 : 0)];
}

/** Complex-aligned range of part p of P over n doubles (whole complex entries: n even). */
export function partRangeComplex(n: number, p: number, P: number): [number, number] {
  const [lo, hi] = partRange(n >> 1, p, P);
  return [2 * lo, 2 * hi];
}

/** A fork-join team (see the file comment). */
export interface Team {
  /** Threads that run parts at once (1: the calling thread alone). */
  readonly threads: number;
  /** Parts every run is split into (results depend on this only). */
  readonly parts: number;
  /** A zeroed array every thread of the team can read and write. */
  f64(len: number): Float64Array;
  /** A zeroed Int32Array every thread of the team can read and write (indices, e.g. sample positions). */
  i32(len: number): Int32Array;
  /** True when `a` came from this team's f64 / i32 (and was not freed). */
  owns(a: Float64Array | Int32Array): boolean;
  /** Gives `a` back: a later f64 / i32 of its length may hand it out again (zeroed), so do not use it after. */
  free(a: Float64Array | Int32Array): void;
  /** Runs kernel `name` on every part; the part sums are then in `sums` (added in part order). */
  run(name: string, arrays: readonly (Float64Array | Int32Array)[], ...scalars: number[]): void;
  readonly sums: Float64Array;
  /** Ends the team's threads (a solo team: nothing). Idempotent. */
  close(): void;
}

/** Checks a parts count for a team. */
export function checkParts(where: string, parts: unknown, threads = 1): number {
  if (typeof parts !== 'number' || !Number.isInteger(parts) || parts < threads || parts > 64) {
    throw new CandorError(where, 'parts', `an integer in [${threads}, 64] (at least the thread count ${threads})`, describe(parts));
  }
  return parts;
}

/** Adds the parts' partial sums in part order into `sums`. */
export function addPartials(partials: Float64Array, parts: number, sums: Float64Array): void {
  for (let k = 0; k < PARTIAL_SLOTS; k++) {
    let s = 0;
    for (let p = 0; p < parts; p++) s += partials[p * PARTIAL_SLOTS + k];
    sums[k] = s;
  }
}

/** The team of the calling thread alone: the `parts` run one after the other, on plain arrays. */
export function soloTeam(parts = 2, opts: { shared?: boolean } = {}): Team {
  checkParts('soloTeam', parts);
  const shared = opts.shared === true;
  const sums = new Float64Array(PARTIAL_SLOTS);
  const partials = new Float64Array(parts * PARTIAL_SLOTS);
  const s = new Float64Array(MAX_SCALARS);
  const owned = new WeakSet<Float64Array | Int32Array>();
  const args: KernelArgs = { part: 0, parts, arrays: [], s, out: partials, o: 0 };
  return {
    threads: 1,
    parts,
    f64(len) {
      const a = shared ? new Float64Array(new SharedArrayBuffer(8 * Math.max(1, len)), 0, len) : new Float64Array(len);
      owned.add(a);
      return a;
    },
    i32(len) {
      const a = shared ? new Int32Array(new SharedArrayBuffer(4 * Math.max(1, len)), 0, len) : new Int32Array(len);
      owned.add(a);
      return a;
    },
    owns: (a) => owned.has(a),
    free: (a) => {
      owned.delete(a);
    },
    run(name, arrays, ...scalars) {
      const k = kernel(name);
      checkRun(name, arrays, scalars);
      for (let i = 0; i < scalars.length; i++) s[i] = scalars[i];
      args.arrays = arrays;
      partials.fill(0);
      for (let p = 0; p < parts; p++) {
        args.part = p;
        args.o = p * PARTIAL_SLOTS;
        k(args);
      }
      addPartials(partials, parts, sums);
    },
    sums,
    close() {},
  };
}

/**
 * A scope on a team: the arrays allocated through it are freed together by `close()` (which
 * does not end the team's threads). Give it where a team is expected, close it when the
 * objects built on it (operator, prox, solver) are done.
 */
export function teamScope(team: Team): Team {
  const held: (Float64Array | Int32Array)[] = [];
  const keep = <T extends Float64Array | Int32Array>(a: T): T => {
    held.push(a);
    return a;
  };
  return {
    threads: team.threads,
    parts: team.parts,
    f64: (len) => keep(team.f64(len)),
    i32: (len) => keep(team.i32(len)),
    owns: (a) => team.owns(a),
    free: (a) => team.free(a),
    run: (name, arrays, ...scalars) => team.run(name, arrays, ...scalars),
    get sums() {
      return team.sums;
    },
    close() {
      for (const a of held) team.free(a);
      held.length = 0;
    },
  };
}

/** Argument counts within the control block's room. */
export function checkRun(name: string, arrays: readonly unknown[], scalars: readonly number[]): void {
  if (arrays.length > MAX_ARRAYS || scalars.length > MAX_SCALARS) {
    throw new CandorError(`team.run(${name})`, 'arguments', `at most ${MAX_ARRAYS} arrays and ${MAX_SCALARS} scalars`, `${arrays.length} and ${scalars.length}`);
  }
}

// ---- the shared control block of a thread team (words of an Int32Array) ----

/** Sequence word: bumped by the caller for every run. */
export const C_SEQ = 0;
/** Workers done with the current run. */
export const C_DONE = 1;
/** Messages posted to the workers since the last run (array and kernel registrations). */
export const C_POSTED = 2;
/** 1: the workers leave their loop. */
export const C_STOP = 3;
/** Kernel id of the run. */
export const C_KERNEL = 4;
/** Number of arrays of the run, then their ids. */
export const C_NARRAYS = 5;
export const C_ARRAYS = 6;
/** 1: a worker's kernel threw (its message is posted back). */
export const C_FAILED = C_ARRAYS + MAX_ARRAYS;
export const CONTROL_WORDS = C_FAILED + 1;

/** What a worker receives before a run that needs it. */
export type TeamMessage =
  | { type: 'array'; id: number; buffer: SharedArrayBuffer; kind: 'f64' | 'i32'; length: number }
  | { type: 'kernel'; id: number; name: string };

/** Shared memory of a thread team: control words, scalars, partial sums (parts x PARTIAL_SLOTS). */
export interface TeamShared {
  control: SharedArrayBuffer;
  scalars: SharedArrayBuffer;
  partials: SharedArrayBuffer;
  threads: number;
  parts: number;
  /** This worker's index (1 .. threads - 1; the caller is 0). */
  member: number;
}

/**
 * Spins before a worker sleeps between runs (about 2 us of Atomics.load once compiled): long
 * enough to catch the next run of a solver's back-to-back passes, short enough not to burn a
 * core the caller's own work (ESPIRiT, reading, writing) could use. (Up to Dec 2026 this was
 * 200 000, ~0.2 ms, which hid the stale wake-up handled in serveTeam.)
 */
const SPINS = 2_000;

/**
 * A worker's loop: waits for runs and does its parts (member, member + threads, ...) until
 * C_STOP. `receive()` returns the next posted message synchronously (Node:
 * receiveMessageOnPort), `fail(message)` reports a kernel's error to the caller, `ready()` is
 * called once the loop has read the sequence word (tell the caller then, not before).
 */
export function serveTeam(sh: TeamShared, receive: () => TeamMessage | undefined, fail: (message: string) => void, ready: () => void = () => {}): void {
  const ctl = new Int32Array(sh.control);
  const s = new Float64Array(sh.scalars);
  const partials = new Float64Array(sh.partials);
  const arrays = new Map<number, Float64Array | Int32Array>();
  const byId = new Map<number, Kernel>();
  const args: KernelArgs = { part: 0, parts: sh.parts, arrays: [], s, out: partials, o: 0 };
  const list: (Float64Array | Int32Array)[] = [];
  // the sequence is read before the caller hears 'ready': a run it starts after is never missed
  let seen = Atomics.load(ctl, C_SEQ);
  ready();
  let received = 0;
  /** Kernels posted that this thread does not have (a name in no module it loaded). */
  const unknown = new Map<number, string>();
  for (;;) {
    let spins = 0;
    while (Atomics.load(ctl, C_SEQ) === seen && spins < SPINS) spins++;
    // a wake-up is no run: the caller's notify can arrive after this thread has already seen its
    // bump, done the run and gone back to sleep, and wakes it with the sequence unchanged (then a
    // run here would redo the last one on words the caller is rewriting and count itself done of
    // the next: measured ~1 wake in 100 000 with a short spin). Sleep until the word changes.
    while (Atomics.load(ctl, C_SEQ) === seen) Atomics.wait(ctl, C_SEQ, seen);
    seen = Atomics.load(ctl, C_SEQ);
    if (Atomics.load(ctl, C_STOP) === 1) return;
    try {
      const posted = Atomics.load(ctl, C_POSTED);
      while (received < posted) {
        const m = receive();
        if (m === undefined) throw new Error(`a registration message is missing (${received} of ${posted} received)`);
        received++;
        if (m.type === 'array') arrays.set(m.id, m.kind === 'f64' ? new Float64Array(m.buffer, 0, m.length) : new Int32Array(m.buffer, 0, m.length));
        else {
          const k = kernels.get(m.name);
          if (k) byId.set(m.id, k);
          else unknown.set(m.id, m.name);
        }
      }
      const k = byId.get(ctl[C_KERNEL]);
      if (!k) {
        const name = unknown.get(ctl[C_KERNEL]);
        throw new Error(
          name === undefined
            ? `kernel id ${ctl[C_KERNEL]} was never posted`
            : `kernel ${JSON.stringify(name)} is not registered in the team's threads (they load the modules src/solvers/team-kernels.ts imports)`,
        );
      }
      list.length = ctl[C_NARRAYS];
      for (let i = 0; i < list.length; i++) {
        const a = arrays.get(ctl[C_ARRAYS + i]);
        if (!a) throw new Error(`array id ${ctl[C_ARRAYS + i]} was never registered`);
        list[i] = a;
      }
      args.arrays = list;
      for (let p = sh.member; p < sh.parts; p += sh.threads) {
        args.part = p;
        args.o = p * PARTIAL_SLOTS;
        k(args);
      }
    } catch (e) {
      Atomics.store(ctl, C_FAILED, 1);
      fail(e instanceof Error ? e.message : String(e));
    }
    Atomics.add(ctl, C_DONE, 1);
    Atomics.notify(ctl, C_DONE);
  }
}
