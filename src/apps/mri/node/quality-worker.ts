/**
 * Worker thread of the structured image-quality sweep (../quality-sweep.ts): the spec (its images)
 * arrives once in workerData; batches of (cell, trial) tasks run through the engine's worker loop.
 */
import { serveSweepTasks } from '../../../experiments/node/worker-loop.ts';
import { qualityFromData, qualitySweepKind } from '../quality-sweep.ts';

await serveSweepTasks(qualitySweepKind, qualityFromData);
