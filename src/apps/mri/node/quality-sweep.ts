/**
 * The structured image-quality sweep (../quality-sweep.ts) on the sweep engine: every (image,
 * family, acceleration, trial) result is stored as it completes (resumable after kill -9),
 * tasks run on worker threads, and images are identified in the store by their content
 * (`<id> sha256:<hex>`), so a changed image is another sweep.
 *
 * @example
 * import { runQualitySweep } from './quality-sweep.ts';
 * // const { results } = await runQualitySweep(spec, { store: 'calibration.db' });
 */
import { createHash } from 'node:crypto';
import { type RunStoredOptions, type RunStoredResult, runStored } from '../../../experiments/node/run-stored.ts';
import { recordStored } from '../../../experiments/node/stored-kind.ts';
import type { Store, SweepRow } from '../../../experiments/node/store.ts';
import { type QualitySweepSpec, type QualityTaskResult, qualityFromData, qualitySweepKind } from '../quality-sweep.ts';

export const qualitySweepStored = recordStored<QualitySweepSpec, QualityTaskResult>(
  qualitySweepKind,
  new URL('./quality-worker.ts', import.meta.url),
  (s) => s,
  qualityFromData,
  (r) => {
    const { cell: _c, trial: _t, seconds: _s, ...record } = r;
    return { record, timing: {} };
  },
);

/** The spec with every image id extended by the sha256 of its values. */
export function hashedImages(spec: QualitySweepSpec): QualitySweepSpec {
  return {
    ...spec,
    images: spec.images.map((im) => {
      const h = createHash('sha256').update(new Uint8Array(im.data.buffer, im.data.byteOffset, im.data.byteLength)).digest('hex');
      return { ...im, id: im.id.includes(' sha256:') ? im.id : `${im.id} sha256:${h}` };
    }),
  };
}

/** Stored results back as task results. */
export function storedQualityResults(store: Store, sweep: SweepRow): QualityTaskResult[] {
  return store.results(sweep.id).map((r) => ({ ...(r.record as unknown as QualityTaskResult), cell: r.cell, trial: r.trial, seconds: r.seconds }));
}

export interface QualitySweepRun extends RunStoredResult {
  /** Every result, once complete (null after an interrupted run). */
  results: QualityTaskResult[] | null;
  spec: QualitySweepSpec;
}

/** Runs (or resumes) the sweep into `run.store`. */
export async function runQualitySweep(spec: QualitySweepSpec, run: RunStoredOptions): Promise<QualitySweepRun> {
  const s = hashedImages(spec);
  let results: QualityTaskResult[] | null = null;
  const r = await runStored(qualitySweepStored, s, {
    ...run,
    onComplete: (store, sweep) => {
      results = storedQualityResults(store, sweep);
      run.onComplete?.(store, sweep);
    },
  });
  return { ...r, results, spec: s };
}
