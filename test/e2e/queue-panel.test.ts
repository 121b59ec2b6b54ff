/**
 * End-to-end: the phase page follows a distributed sweep (issue 17). A lab server started with a
 * queue (`candor serve --queue`) answers GET /api/queue with the queue's status, and the phase
 * page's panel shows the sweep, its progress and the workers alive, read from a real Redis while
 * a queue worker serves it. Without a queue the panel stays hidden; with a Redis that is down the
 * API answers 503 and the panel says why. Debian Chromium via playwright-core.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { queueExecutor } from '../../src/experiments/node/queue/coordinator.ts';
import { parseQueueUrl } from '../../src/experiments/node/queue/url.ts';
import { type QueueWorker, startQueueWorker } from '../../src/experiments/node/queue/worker.ts';
import { runSweep } from '../../src/experiments/node/run-sweep.ts';
import { phaseTransitionStored } from '../../src/experiments/node/stored-kind.ts';
import { buildWeb } from '../../src/server/build-web.ts';
import { createLabServer, listen } from '../../src/server/server.ts';
import { freePort, type RedisServer, startRedis } from '../experiments/redis-server.ts';
import { chromiumMissing, launch, SHOTS } from './browser.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-e2e-queue-'));
let browser: Browser;
let redis: RedisServer;
let root = '';
let worker: QueueWorker | null = null;
const servers: ReturnType<typeof createLabServer>[] = [];

before(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  redis = await startRedis();
  root = await buildWeb();
  browser = await launch();
});

after(async () => {
  await worker?.stop('return');
  await browser?.close();
  for (const s of servers) s.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(queue?: { url: string; name: string }): Promise<string> {
  const server = createLabServer({ webRoot: root, storePath: join(dir, 'lab.db'), queue: queue && { url: parseQueueUrl(queue.url), name: queue.name } });
  servers.push(server);
  const a = await listen(server, 0, '127.0.0.1');
  return `http://127.0.0.1:${a.port}`;
}

describe('the phase page follows a distributed sweep', () => {
  it('shows the sweep on the queue, its progress and the workers alive; the API gives the same status', async () => {
    const q = 'lab';
    const url = parseQueueUrl(redis.url);
    // a coordinator enqueues a 2,000-trial sweep and stops (its jobs stay); one worker serves it
    const ac = new AbortController();
    const ex = await queueExecutor({ url, queueName: q, local: false, batch: 10, onEvent: (e) => e.type === 'enqueued' && ac.abort() });
    const spec = { name: 'panel', n: 40, solver: 'omp', delta: [0.3, 0.5, 0.7, 0.9], rho: [0.1, 0.2, 0.3, 0.4, 0.5], trials: 100, seed: 5 };
    await runSweep(spec, { store: join(dir, 'coord.db'), executor: ex, signal: ac.signal });
    worker = await startQueueWorker({ url, queueName: q, concurrency: 1, kinds: [phaseTransitionStored], label: 'lab-worker' });
    const base = await serve({ url: redis.url, name: q });
    const api = (await (await fetch(`${base}/api/queue`)).json()) as { configured: boolean; sweep: { id: string; total: number }; workers: { label: string }[] };
    assert.equal(api.configured, true);
    assert.equal(api.sweep.total, 2000);
    assert.deepEqual(
      api.workers.map((w) => w.label),
      ['lab-worker'],
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/#/phase`);
    await page.waitForSelector('#queue-panel[data-state=sweep]', { timeout: 30000 });
    const text = (await page.textContent('#queue-panel'))!;
    assert.match(text, new RegExp(`Distributed sweep: queue lab on ${redis.url}`));
    assert.match(text, new RegExp(`sweep ${api.sweep.id} \\(panel, phase-transition\\)`));
    assert.match((await page.textContent('#queue-progress'))!, /^\d+\/2000 trials \(\d+\.\d%\), \d+\.\d trials\/s, ETA \? \(no coordinator\)$/);
    assert.equal(await page.textContent('#queue-workers'), 'workers alive: 1 (1 thread)');
    assert.deepEqual(await page.locator('#queue-worker-table td:first-child').allTextContents(), ['lab-worker']);
    assert.equal(await page.getAttribute('#queue-bar', 'max'), '2000');
    await page.screenshot({ path: join(SHOTS, 'phase-queue-panel.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('without a queue the API says so and the panel stays hidden; with Redis down the API answers 503 and the panel says why', async () => {
    const plain = await serve();
    assert.deepEqual(await (await fetch(`${plain}/api/queue`)).json(), { configured: false });
    const page = await browser.newPage();
    const answered = page.waitForResponse((res) => res.url().endsWith('/api/queue'));
    await page.goto(`${plain}/#/phase`);
    assert.deepEqual(await (await answered).json(), { configured: false });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100))); // the answer handled
    assert.equal(await page.locator('#queue-panel').count(), 1);
    assert.equal(await page.isHidden('#queue-panel'), true);
    await page.close();

    const port = await freePort();
    const down = await serve({ url: `redis://127.0.0.1:${port}`, name: 'lab' });
    const r = await fetch(`${down}/api/queue`);
    assert.equal(r.status, 503);
    const message = `queue lab on redis://127.0.0.1:${port}: Redis server: expected a Redis server (6.2 or newer) answering at redis://127.0.0.1:${port}, got connect ECONNREFUSED 127.0.0.1:${port} (nothing was enqueued or stored)`;
    assert.deepEqual(await r.json(), { error: { status: 503, message } });
    const p2 = await browser.newPage();
    await p2.goto(`${down}/#/phase`);
    await p2.waitForSelector('#queue-panel[data-state=error]', { timeout: 30000 });
    assert.equal(await p2.textContent('#queue-progress'), message);
    await p2.close();
  });
});
