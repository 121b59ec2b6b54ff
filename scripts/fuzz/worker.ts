/**
 * A fuzz worker (started by ./run.ts): runs inputs [from, to) of one target, writing the index it
 * is on into the shared progress cell before each input, so the parent can see a hang, and
 * posting its findings when done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runRange } from './engine.ts';
import { loadTargets } from './targets.ts';

const { name, seed, from, to, memoryLimit, progress } = workerData as { name: string; seed: number; from: number; to: number; memoryLimit: number; progress: SharedArrayBuffer };
const cell = new Int32Array(progress);
const [target] = await loadTargets([name]);
const seeds = target.seeds();
const r = runRange(target, seeds, { seed, from, to, memoryLimit, progress: (i) => Atomics.store(cell, 0, i) });
parentPort?.postMessage(r);
