/**
 * The seismic decimation scan (../plan/scan.ts) on the sweep engine
 * (src/experiments/node/run-stored.ts): every (kept fraction, pattern) task is stored in the
 * SQLite store as it completes, so a scan killed at any moment (kill -9) resumes where it stopped
 * when run again with the same reference and options, and tasks run in parallel on worker
 * threads. The reference is identified in the store by the sha256 of its samples. The plan is
 * assembled from the stored results, identical to running the tasks in one thread.
 *
 * @example
 * import { runDecimationScan } from './plan-scan.ts';
 * // const r = await runDecimationScan(gather, panels, { keeps: [0.5, 0.33] }, { store: 'candor.db' });
 * // r.plan?.recommended; r.resumed; r.ran
 */
import { createHash } from 'node:crypto';
import { type RunStoredOptions, type RunStoredResult, runStored } from '../../../experiments/node/run-stored.ts';
import { recordStored } from '../../../experiments/node/stored-kind.ts';
import type { Gather } from '../gather.ts';
import {
  type DecimationPlan,
  type DecimationScanOptions,
  type DecimationScanSpec,
  type DecimationTaskResult,
  decimationScanFromData,
  decimationScanKind,
  decimationScanPlan,
  decimationScanSpec,
  decimationScanToData,
} from '../plan/scan.ts';

/** The stored form of the scan: the record without its time (kept as timing). */
export const decimationScanStored = recordStored<DecimationScanSpec, DecimationTaskResult>(
  decimationScanKind,
  new URL('./plan-scan-worker.ts', import.meta.url),
  decimationScanToData,
  decimationScanFromData,
  (r) => {
    const { cell: _c, trial: _t, seconds, ...record } = r;
    return { record, timing: { seconds } };
  },
);

function fromStored(s: { cell: number; trial: number; seconds: number; record: Record<string, unknown> }): DecimationTaskResult {
  return { ...(s.record as unknown as Omit<DecimationTaskResult, 'cell' | 'trial' | 'seconds'>), cell: s.cell, trial: s.trial, seconds: s.seconds };
}

/** What {@link runDecimationScan} did: the stored run and the plan (null after an interrupted run). */
export interface DecimationScanRun extends RunStoredResult {
  plan: DecimationPlan | null;
}

/** Runs (or resumes) the scan into `run.store` and returns the plan from every stored result. */
export async function runDecimationScan(g: Gather, panels: readonly Int32Array[], opts: DecimationScanOptions, run: RunStoredOptions): Promise<DecimationScanRun> {
  const spec0 = decimationScanSpec(g, panels, opts);
  const hash = createHash('sha256').update(new Uint8Array(spec0.data.buffer, spec0.data.byteOffset, spec0.data.byteLength)).digest('hex');
  const spec: DecimationScanSpec = { ...spec0, referenceId: `sha256:${hash}` };
  let plan: DecimationPlan | null = null;
  const r = await runStored(decimationScanStored, spec, {
    ...run,
    onComplete: (store, sweep) => {
      plan = decimationScanPlan(spec, store.results(sweep.id).map(fromStored));
      run.onComplete?.(store, sweep);
    },
  });
  return { ...r, plan };
}
