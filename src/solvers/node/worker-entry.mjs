// Team-thread bootstrap from the TypeScript sources (tests, tsx): register tsx, then load the
// worker module named in workerData.entry. The command and the compiled package start
// ./team-worker's JavaScript directly (see ./threads.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
