/**
 * Worker thread of the MRI acceleration scan: the scan (its reference image and options) arrives
 * once in workerData; batches of (acceleration, mask) tasks run through the engine's worker loop.
 */
import { workerData } from 'node:worker_threads';
import { serveSweepTasks } from '../../../experiments/node/worker-loop.ts';
import { accelerationScanKind, type ScanSpec, scanFromData } from '../plan-acceleration.ts';

const spec: ScanSpec = scanFromData((workerData as { spec: unknown }).spec);
await serveSweepTasks(accelerationScanKind, spec);
