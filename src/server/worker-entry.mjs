// Worker-thread bootstrap for the lab server's compute pool: worker threads cannot start from a
// .ts file, so register tsx here and load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
