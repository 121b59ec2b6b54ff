// Worker-thread bootstrap: worker threads cannot start from a .ts file, so register tsx here and
// load the TypeScript worker module named in workerData.entry (a file: URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
