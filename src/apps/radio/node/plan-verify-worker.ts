/**
 * Worker thread of the radio plan's check: the spec (coverage, sky, fractions) arrives once in
 * workerData; tasks (one track fraction each) run through the engine's worker loop.
 */
import { workerData } from 'node:worker_threads';
import { serveSweepTasks } from '../../../experiments/node/worker-loop.ts';
import { type RadioVerifySpec, radioVerifyFromData, radioVerifyKind } from '../plan-verify.ts';

const spec: RadioVerifySpec = radioVerifyFromData((workerData as { spec: unknown }).spec);
await serveSweepTasks(radioVerifyKind, spec);
