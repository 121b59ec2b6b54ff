/**
 * How a kind of sweep (../engine.ts) is stored and run on Node: which worker module runs its
 * tasks, what a worker needs to rebuild the spec, and how its results go into the store
 * (phase transitions into `trials`, other kinds as records into `results`; ./store.ts).
 *
 * @example
 * import { phaseTransitionStored } from './stored-kind.ts';
 * phaseTransitionStored.kind.name;  // 'phase-transition'
 */
import type { SweepKind, TaskResult } from '../engine.ts';
import { phaseTransitionKind } from '../phase-kind.ts';
import { canonicalSpec, type ParsedSpec, parseSpec } from '../spec.ts';
import type { TrialResult } from '../trial.ts';
import { type InsertOutcome, kindSpecHash, type Store, type StoredResult, type SweepRow } from './store.ts';

/**
 * A sweep kind with what storing and distributing it needs: the worker module, the spec's round
 * trip to a worker, and how its sweep is opened and its results are stored.
 */
export interface StoredKind<S, R extends TaskResult> {
  kind: SweepKind<S, R>;
  /** The worker module (TypeScript) that serves this kind's tasks (./worker-loop.ts). */
  workerEntry: URL;
  /** What a worker thread needs to rebuild the spec (structured-clone-able). */
  workerData(spec: S): unknown;
  /** The spec back from `workerData` (a queue worker checks it against the sweep's id). */
  fromData(data: unknown): S;
  /** Opens (or creates) the sweep of this spec in the store. */
  open(store: Store, spec: S, codeVersion: string): { sweep: SweepRow; resumed: boolean; warnings: string[] };
  /** Keys (cell * trials + trial) already stored. */
  done(store: Store, sweepId: number, spec: S): Set<number>;
  /** Stores results idempotently. */
  save(store: Store, sweepId: number, spec: S, results: readonly R[], seconds: number): InsertOutcome;
}

/** The stored form of the phase-transition kind: results in the `trials` table, spec carried to workers in canonical form. */
export const phaseTransitionStored: StoredKind<ParsedSpec, TrialResult> = {
  kind: phaseTransitionKind,
  workerEntry: new URL('./worker.ts', import.meta.url),
  workerData: (spec) => canonicalSpec(spec),
  fromData: (data) => parseSpec(data),
  open: (store, spec, version) => store.openSweep(spec, version),
  done: (store, id, spec) => store.doneKeys(id, spec.trials),
  save: (store, id, spec, rs, seconds) => store.insertTrials(id, spec, rs, seconds),
};

/**
 * The stored form of a kind whose results are records: `workerData`/`fromData` carry the spec to
 * a worker and back, `split` separates a result into its reproducible record and its timing.
 */
export function recordStored<S, R extends TaskResult>(
  kind: SweepKind<S, R>,
  workerEntry: URL,
  workerData: (spec: S) => unknown,
  fromData: (data: unknown) => S,
  split: (r: R) => { record: Record<string, unknown>; timing: Record<string, unknown> },
): StoredKind<S, R> {
  return {
    kind,
    workerEntry,
    workerData,
    fromData,
    open: (store, spec, version) => {
      const c = kind.canonical(spec);
      return store.openKind(kind.name, c, kindSpecHash(kind.name, c), kind.summary(spec), kind.cells(spec) * kind.trials(spec), version);
    },
    done: (store, id, spec) => store.doneKeys(id, kind.trials(spec), kind.name),
    save: (store, id, _spec, rs, seconds) =>
      store.insertResults(
        id,
        rs.map((r): StoredResult => ({ cell: r.cell, trial: r.trial, seconds: r.seconds, ...split(r) })),
        seconds,
      ),
  };
}

/**
 * The id of a sweep on a job queue (./queue/): the hash of its kind and canonical spec, the same
 * on every machine (a store's own ids are local to it).
 */
export function queueSweepId<S, R extends TaskResult>(stored: StoredKind<S, R>, spec: S): string {
  return kindSpecHash(stored.kind.name, stored.kind.canonical(spec));
}
