/**
 * The MRI acceleration scan on the sweep engine (src/experiments/node/run-stored.ts): every
 * (acceleration, mask) task is stored in the SQLite store as it completes, so a scan killed at
 * any moment (kill -9) resumes where it stopped when run again with the same reference and
 * options, and tasks run in parallel on worker threads (two reconstructions at once on two
 * cores). The reference image (multi-coil: its k-space) is identified in the store by its sha256. The plan is assembled
 * from the stored results, identical to `planAcceleration` in one thread.
 *
 * @example
 * import { runAccelerationScan } from './scan.ts';
 * // const r = await runAccelerationScan(image, 128, 128, { accelerations: [2, 4, 6] }, { store: 'candor.db' });
 * // r.plan.recommended; r.resumed; r.ran
 */
import { createHash } from 'node:crypto';
import { type RunStoredOptions, type RunStoredResult, runStored } from '../../../experiments/node/run-stored.ts';
import { recordStored } from '../../../experiments/node/stored-kind.ts';
import {
  type AccelerationPlan,
  accelerationScanKind,
  type PlanAccelerationOptions,
  type ScanSpec,
  type ScanTaskResult,
  scanFromData,
  scanPlan,
  scanSpec,
  scanToData,
} from '../plan-acceleration.ts';

/** The stored form of the MRI acceleration scan: records without their reconstruction times, which are kept as timing. */
export const accelerationScanStored = recordStored<ScanSpec, ScanTaskResult>(
  accelerationScanKind,
  new URL('./scan-worker.ts', import.meta.url),
  scanToData,
  scanFromData,
  (r) => {
    const { cell: _c, trial: _t, seconds: _s, recon, ...rest } = r;
    return {
      record: { ...rest, recon: recon.map(({ seconds: _x, ...q }) => q) },
      timing: { seconds: recon.map((q) => q.seconds) },
    };
  },
);

/** A stored record back as a task result. */
function fromStored(s: { cell: number; trial: number; seconds: number; record: Record<string, unknown>; timing: Record<string, unknown> }): ScanTaskResult {
  const rec = s.record as unknown as Omit<ScanTaskResult, 'cell' | 'trial' | 'seconds' | 'recon'> & { recon: Omit<ScanTaskResult['recon'][number], 'seconds'>[] };
  const secs = (s.timing.seconds as number[] | undefined) ?? [];
  return { ...rec, cell: s.cell, trial: s.trial, seconds: s.seconds, recon: rec.recon.map((q, i) => ({ ...q, seconds: secs[i] ?? 0 })) };
}

/** What {@link runAccelerationScan} did: the stored run and the plan. */
export interface ScanRun extends RunStoredResult {
  /** The plan, once every task is stored (null after an interrupted run). */
  plan: AccelerationPlan | null;
}

/** Runs (or resumes) the scan into `run.store` and returns the plan from every stored result. */
export async function runAccelerationScan(
  reference: Float64Array | null,
  ny: number,
  nx: number,
  opts: Omit<PlanAccelerationOptions, 'onProgress' | 'signal'>,
  run: RunStoredOptions,
): Promise<ScanRun> {
  const spec0 = scanSpec(reference, ny, nx, opts);
  // the data scanned: the reference image, or the multi-coil k-space itself
  const data = spec0.coilKspace ? spec0.coilKspace.data : spec0.reference;
  const hash = createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
  const spec: ScanSpec = { ...spec0, referenceId: `sha256:${hash}` };
  let plan: AccelerationPlan | null = null;
  const r = await runStored(accelerationScanStored, spec, {
    ...run,
    onComplete: (store, sweep) => {
      plan = scanPlan(spec, store.results(sweep.id).map(fromStored));
      run.onComplete?.(store, sweep);
    },
  });
  return { ...r, plan };
}
