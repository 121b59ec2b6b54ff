import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { pendingTaskPairs, type TaskResult } from '../../src/experiments/engine.ts';
import { localExecutor, stopIdleWorkers } from '../../src/experiments/node/executor.ts';
import { recordStored } from '../../src/experiments/node/stored-kind.ts';
import { type ToySpec, toyFromData, toyKind } from './support/toy-kind.ts';

after(() => stopIdleWorkers());

const toyStored = recordStored(
  toyKind,
  new URL('./support/toy-worker.ts', import.meta.url),
  (s) => s,
  toyFromData,
  (r) => ({ record: { cell: r.cell, trial: r.trial }, timing: { seconds: r.seconds } }),
);

/** Runs the toy spec on the local executor; returns the sizes of the result batches from worker threads and every (cell, trial) delivered. */
async function run(spec: ToySpec, mainThreadHelps: boolean) {
  const tasks = pendingTaskPairs(spec.cells, spec.trials);
  const keys: number[] = [];
  const sizes: number[] = [];
  const stats = await localExecutor({ workers: 2, mainThreadHelps }).run({
    stored: toyStored,
    spec,
    tasks,
    accept: (rs: TaskResult[]) => {
      sizes.push(rs.length);
      for (const r of rs) keys.push(r.cell * spec.trials + r.trial);
    },
  });
  return { stats, sizes, keys: keys.sort((a, b) => a - b) };
}

describe('local executor', () => {
  it('sends slow trials one per message once timed, fast ones in batches', { timeout: 60000 }, async () => {
    const slow = await run({ cells: 4, trials: 6, ms: 40 }, false);
    assert.deepEqual(
      slow.keys,
      Array.from({ length: 24 }, (_, i) => i),
    );
    // every message after the first (untimed) one holds one 40 ms trial: 25 ms of work per message
    assert.ok(
      slow.sizes.every((n) => n === 1),
      `batch sizes ${slow.sizes}`,
    );
    const fast = await run({ cells: 10, trials: 40, ms: 0.05 }, false);
    assert.equal(fast.keys.length, 400);
    assert.equal(new Set(fast.keys).size, 400);
    assert.ok(
      fast.sizes.some((n) => n === 8),
      `batch sizes ${fast.sizes}`,
    );
  });

  it('with trials longer than 100 ms the calling thread hands its share to one more worker after its first trial', {
    timeout: 60000,
  }, async () => {
    await stopIdleWorkers();
    const r = await run({ cells: 4, trials: 4, ms: 150 }, true);
    assert.deepEqual(
      r.keys,
      Array.from({ length: 16 }, (_, i) => i),
    );
    assert.equal(r.stats.ranElsewhere, 15);
    // a run of one batch's worth (8 tasks) of slow trials uses the threads too
    const few = await run({ cells: 2, trials: 4, ms: 150 }, true);
    assert.deepEqual(
      few.keys,
      Array.from({ length: 8 }, (_, i) => i),
    );
    assert.equal(few.stats.ranElsewhere, 7);
    // and with quick trials it keeps running its share: it ran more than its first batch
    const q = await run({ cells: 10, trials: 40, ms: 0.2 }, true);
    assert.equal(new Set(q.keys).size, 400);
    assert.ok(q.stats.ranElsewhere < 392, `ran elsewhere ${q.stats.ranElsewhere} of 400`);
  });

  it('a worker thread that exits mid-run ends the run with an error naming it (no hang, no silent loss)', {
    timeout: 30000,
  }, async () => {
    await stopIdleWorkers();
    await assert.rejects(run({ cells: 2, trials: 5, ms: 1, exitTrial: 2 }, false), {
      message:
        'sweep worker: thread: expected a thread running until the sweep ends, got a thread that exited with code 3 before the sweep ended',
    });
  });
});
