/**
 * Worker thread of the seismic decimation scan: the scan (its reference and options) arrives once
 * in workerData; batches of (kept fraction, pattern) tasks run through the engine's worker loop.
 */
import { serveSweepTasks } from '../../../experiments/node/worker-loop.ts';
import { decimationScanFromData, decimationScanKind } from '../plan/scan.ts';

await serveSweepTasks(decimationScanKind, decimationScanFromData);
