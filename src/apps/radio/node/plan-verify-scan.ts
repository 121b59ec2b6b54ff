/**
 * The check of `candor radio plan --verify` (../plan-verify.ts) on the sweep engine: each track
 * fraction's simulated CS image is stored in the SQLite store as it completes, so a check killed
 * at any moment (kill -9) resumes where it stopped when run again with the same coverage, sky and
 * options; fractions run in parallel on worker threads. The coverage and the sky are identified in
 * the store by their sha256.
 *
 * @example
 * import { runRadioVerify } from './plan-verify-scan.ts';
 * // const r = await runRadioVerify(vs, 64, cell, sky, [0.5, 1], { targetNrmse: 0.3 }, { store: 'candor.db' });
 */
import { createHash } from 'node:crypto';
import { type RunStoredOptions, type RunStoredResult, runStored } from '../../../experiments/node/run-stored.ts';
import { recordStored } from '../../../experiments/node/stored-kind.ts';
import { type RadioVerifyRow, type RadioVerifySpec, type RadioVerifyTaskResult, radioVerifyFromData, radioVerifyKind, radioVerifyRows } from '../plan-verify.ts';
import type { Visibilities } from '../visibilities.ts';

export const radioVerifyStored = recordStored<RadioVerifySpec, RadioVerifyTaskResult>(
  radioVerifyKind,
  new URL('./plan-verify-worker.ts', import.meta.url),
  (spec) => spec,
  radioVerifyFromData,
  (r) => {
    const { cell: _c, trial: _t, seconds, ...record } = r;
    return { record, timing: { seconds } };
  },
);

export interface RadioVerifyRun extends RunStoredResult {
  verify: { rows: RadioVerifyRow[]; recommended: number | null } | null;
}

/** Runs (or resumes) the check into `run.store`. */
export async function runRadioVerify(
  vs: Visibilities,
  size: number,
  cell: number,
  sky: Float64Array,
  fractions: readonly number[],
  o: { targetNrmse: number; seed?: number; maxIter?: number },
  run: RunStoredOptions,
): Promise<RadioVerifyRun> {
  const h = createHash('sha256');
  for (const a of [vs.u, vs.v, vs.weight, vs.time, sky]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  const spec: RadioVerifySpec = { vs, size, cell, sky, fractions: [...fractions].sort((a, b) => a - b), targetNrmse: o.targetNrmse, seed: o.seed ?? 0, maxIter: o.maxIter ?? null, referenceId: `sha256:${h.digest('hex')}` };
  let verify: RadioVerifyRun['verify'] = null;
  const r = await runStored(radioVerifyStored, spec, {
    ...run,
    onComplete: (store, sweep) => {
      const results = store.results(sweep.id).map((s) => ({ ...(s.record as unknown as Omit<RadioVerifyTaskResult, 'cell' | 'trial' | 'seconds'>), cell: s.cell, trial: s.trial, seconds: s.seconds }));
      verify = radioVerifyRows(spec, results);
      run.onComplete?.(store, sweep);
    },
  });
  return { ...r, verify };
}
