/**
 * Worker thread of the MRI acceleration scan: the scan (its reference image and options) arrives
 * once in workerData; batches of (acceleration, mask) tasks run through the engine's worker loop.
 */
import { serveSweepTasks } from '../../../experiments/node/worker-loop.ts';
import { accelerationScanKind, scanFromData } from '../plan-acceleration.ts';

await serveSweepTasks(accelerationScanKind, scanFromData);
