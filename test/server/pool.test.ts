/**
 * The server's compute pool (issue 19, defect 1): computations run in worker threads with a time
 * budget; one over budget is terminated and answered with a 503 error naming the budget, one that
 * exhausts its heap likewise, and the pool keeps serving with a fresh worker. The worker here is
 * a stand-in (test/server/spin-worker.mjs) that can spin forever, which no real request can be
 * made to do on demand.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ComputePool } from '../../src/server/pool.ts';
import { HttpError } from '../../src/server/http.ts';

const pool = new ComputePool({ entry: new URL('./spin-worker.mjs', import.meta.url), size: 2, budgetMs: { spin: 300, grow: 60000 }, defaultBudgetMs: 10000, queueLimit: 4, heapMb: 64 });
after(() => pool.close());

describe('server/pool', () => {
  it('answers from a worker, and passes an error body through as an HttpError', async () => {
    assert.deepEqual(await pool.run('echo', { a: 1 }), { a: 1 });
    await assert.rejects(pool.run('fail', {}), (e) => e instanceof HttpError && e.status === 400 && e.message === 'fail: input: expected nothing, got something');
  });

  it('terminates a computation over its budget with a 503, and serves the next request', async () => {
    await assert.rejects(pool.run('spin', {}), (e) => e instanceof HttpError && e.status === 503 && e.message === 'spin: computation time: expected at most 0.3 s (the server budget for one request), got more (stopped)');
    assert.deepEqual(await pool.run('echo', 2), 2);
  });

  it('a worker that runs out of heap is a 503, and the pool recovers', async () => {
    await assert.rejects(pool.run('grow', {}), (e) => e instanceof HttpError && e.status === 503 && e.message === 'grow: memory: expected at most a 64 MB heap (the server limit for one request), got more (stopped)');
    assert.deepEqual(await pool.run('echo', 3), 3);
  });

  it('refuses work beyond the queue limit with a 503 instead of piling it up', async () => {
    const jobs = Array.from({ length: 8 }, () => pool.run('spin', {}).catch((e: HttpError) => e.message));
    const out = await Promise.all(jobs);
    const busy = out.filter((m) => m === 'server: queue: expected at most 4 waiting computations, got more (busy: try again shortly)');
    assert.equal(busy.length, 2); // 2 running + 4 queued are taken; the last 2 are refused at once
    assert.deepEqual(await pool.run('echo', 4), 4);
  });
});
