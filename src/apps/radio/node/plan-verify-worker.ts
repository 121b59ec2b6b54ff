/**
 * Worker thread of the radio plan's check: the spec (coverage, sky, fractions) arrives once in
 * workerData; tasks (one track fraction each) run through the engine's worker loop.
 */
import { serveSweepTasks } from '../../../experiments/node/worker-loop.ts';
import { radioVerifyFromData, radioVerifyKind } from '../plan-verify.ts';

await serveSweepTasks(radioVerifyKind, radioVerifyFromData);
