/**
 * Worker thread of the seismic decimation scan: the scan (its reference and options) arrives once
 * in workerData; batches of (kept fraction, pattern) tasks run through the engine's worker loop.
 */
import { workerData } from 'node:worker_threads';
import { serveSweepTasks } from '../../../experiments/node/worker-loop.ts';
import { type DecimationScanSpec, decimationScanFromData, decimationScanKind } from '../plan/scan.ts';

const spec: DecimationScanSpec = decimationScanFromData((workerData as { spec: unknown }).spec);
await serveSweepTasks(decimationScanKind, spec);
