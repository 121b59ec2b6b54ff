/** Worker thread of the toy sweep kind (./toy-kind.ts). */
import { serveSweepTasks } from '../../../src/experiments/node/worker-loop.ts';
import { toyFromData, toyKind } from './toy-kind.ts';

await serveSweepTasks(toyKind, toyFromData);
