/**
 * Distributed sweeps under failure (issue 17, acceptance): workers killed with SIGKILL at five
 * seeded moments and replaced, `redis-server` restarted mid-run (append-only persistence), the
 * coordinator killed and started again, and a worker stalled (SIGSTOP) longer than its job's lock:
 * each time no trial is lost and none stored twice (COUNT = COUNT DISTINCT = 2,000), and the
 * table is identical to a local run's. Trials are fast (OMP at n = 40) and job locks short
 * (1-2 s), so each test takes seconds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import Database from 'better-sqlite3';
import { createRng } from '../../src/core/rng/index.ts';
import { queueExecutor } from '../../src/experiments/node/queue/coordinator.ts';
import { BULL_PREFIX } from '../../src/experiments/node/queue/protocol.ts';
import { parseQueueUrl } from '../../src/experiments/node/queue/url.ts';
import { runSweep } from '../../src/experiments/node/run-sweep.ts';
import { PHASE_TRANSITION, Store } from '../../src/experiments/node/store.ts';
import { type Candor, candorProcess, killAll, type RedisServer, startRedis, startWorker } from './redis-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-queue-faults-'));
const children: Candor[] = [];
const servers: RedisServer[] = [];
after(async () => {
  killAll(children);
  for (const s of servers) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** 2,000 OMP trials at n = 40: 4 x 5 cells x 100 trials. */
const SPEC = { name: 'faults', n: 40, solver: 'omp', delta: [0.3, 0.5, 0.7, 0.9], rho: [0.1, 0.2, 0.3, 0.4, 0.5], trials: 100, seed: 21 };

type Row = Record<string, unknown>;
function rows(path: string): Row[] {
  const s = Store.open(path, { readonly: true });
  try {
    return s.trials(s.sweeps(PHASE_TRANSITION)[0].id).map(({ seconds: _s, ...t }) => t);
  } finally {
    s.close();
  }
}

function counts(path: string): { count: number; distinct: number; duplicates: number } {
  const db = new Database(path, { readonly: true });
  try {
    const c = db.prepare('SELECT COUNT(*) AS count, (SELECT COUNT(*) FROM (SELECT DISTINCT sweep_id, cell, trial FROM trials)) AS "distinct" FROM trials').get() as { count: number; distinct: number };
    const d = db.prepare('SELECT SUM(duplicates) AS d FROM sweeps').get() as { d: number };
    return { ...c, duplicates: d.d };
  } finally {
    db.close();
  }
}

let localRows: Row[] = [];
let redis: RedisServer;
before(async () => {
  redis = await startRedis();
  servers.push(redis);
  const path = join(dir, 'local.db');
  await runSweep(SPEC, { store: path, workers: 0 });
  localRows = rows(path);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a distributed sweep under failure', () => {
  it('five workers killed with SIGKILL at seeded moments and replaced: no trial lost, none doubled, the local table', async () => {
    const q = 'kill';
    const live: Candor[] = [];
    for (let i = 0; i < 2; i++) live.push(await startWorker(redis.url, q, 1));
    children.push(...live);
    const rng = createRng(2024, 17);
    // the five moments: progress points drawn uniformly in [200, 1800), in order
    const at = Array.from({ length: 5 }, () => 200 + Math.floor(1600 * rng.uniform())).sort((a, b) => a - b);
    const killed: number[] = [];
    const replacements: Promise<void>[] = [];
    const ex = await queueExecutor({ url: parseQueueUrl(redis.url), queueName: q, local: false, batch: 10 });
    const path = join(dir, 'kill.db');
    const r = await runSweep(SPEC, {
      store: path,
      executor: ex,
      onProgress: (p) => {
        while (killed.length < at.length && p.done >= at[killed.length] && live.length > 0) {
          const victim = live.splice(Math.floor(rng.uniform() * live.length), 1)[0];
          victim.child.kill('SIGKILL');
          killed.push(p.done);
          replacements.push(
            startWorker(redis.url, q, 1).then((w) => {
              children.push(w);
              live.push(w);
            }),
          );
        }
      },
    });
    await Promise.all(replacements);
    assert.equal(killed.length, 5, `killed at ${killed}`);
    assert.equal(r.complete, true);
    const c = counts(path);
    assert.deepEqual([c.count, c.distinct], [2000, 2000]);
    assert.deepEqual(rows(path), localRows);
    killAll(live);
  });

  it('redis-server restarted mid-run (append-only file): no trial lost, none doubled, the local table', async () => {
    const aof = await startRedis({ appendonly: true });
    servers.push(aof);
    const q = 'restart';
    const ws = [await startWorker(aof.url, q, 2), await startWorker(aof.url, q, 2)];
    children.push(...ws);
    const ex = await queueExecutor({ url: parseQueueUrl(aof.url), queueName: q, local: false, batch: 10 });
    const path = join(dir, 'restart.db');
    let restarted: Promise<void> | null = null;
    let doneAtRestart = -1;
    const r = await runSweep(SPEC, {
      store: path,
      executor: ex,
      onProgress: (p) => {
        if (!restarted && p.done >= 600) {
          doneAtRestart = p.done;
          restarted = aof.restart();
        }
      },
    });
    assert.ok(restarted, 'the server was restarted');
    await restarted;
    assert.ok(doneAtRestart < 2000);
    assert.equal(r.complete, true);
    const c = counts(path);
    assert.deepEqual([c.count, c.distinct], [2000, 2000]);
    assert.deepEqual(rows(path), localRows);
    killAll(ws);
  });

  it('a coordinator killed (SIGKILL) and started again picks up where it stopped: the results that arrived meanwhile are collected, nothing is lost or doubled', async () => {
    const q = 'coord';
    const ws = [await startWorker(redis.url, q, 1), await startWorker(redis.url, q, 1)];
    children.push(...ws);
    const spec = join(dir, 'coord.json');
    writeFileSync(spec, JSON.stringify(SPEC));
    const path = join(dir, 'coord.db');
    const args = ['sweep', 'run', spec, '--store', path, '--queue', redis.url, '--queue-name', q, '--no-local', '--batch', '10', '--json'];
    const first = candorProcess(args);
    children.push(first);
    // kill it once some results are committed to its store
    let stored = 0;
    for (;;) {
      await sleep(100);
      try {
        const db = new Database(path, { readonly: true, fileMustExist: true });
        stored = (db.prepare('SELECT COUNT(*) AS c FROM trials').get() as { c: number }).c;
        db.close();
      } catch {
        stored = 0;
      }
      if (stored >= 300 || first.child.exitCode !== null) break;
    }
    first.child.kill('SIGKILL');
    await first.exited;
    assert.ok(stored < 2000, `the first coordinator had stored ${stored}`);
    await sleep(500); // the workers go on meanwhile: their results wait in the queue
    const second = candorProcess(args);
    children.push(second);
    assert.equal(await second.exited, 0, second.err());
    const out = JSON.parse(second.out());
    assert.equal(out.resumed, true);
    assert.equal(out.complete, true);
    const c = counts(path);
    assert.deepEqual([c.count, c.distinct], [2000, 2000]);
    assert.deepEqual(rows(path), localRows);
    killAll(ws);
  });

  it('a job stalled (SIGSTOP) longer than its lock is run again by another worker; the stalled copy, delivered later, is counted as a duplicate and not stored twice', async () => {
    const q = 'stall';
    const a = await startWorker(redis.url, q, 1);
    children.push(a);
    const url = parseQueueUrl(redis.url);
    const ex = await queueExecutor({ url, queueName: q, local: false, batch: 5 });
    const path = join(dir, 'stall.db');
    const queue = new Queue(q, { connection: { host: '127.0.0.1', port: redis.port }, prefix: BULL_PREFIX });
    let stolen = '';
    let b: Candor | null = null;
    let phase: Promise<void> | null = null;
    /**
     * Stops A while it holds a job and pauses the queue; starts B, whose stalled check returns the
     * job (A's lock lapsed) to the paused queue; wakes A, which finishes the job and delivers its
     * copy; then resumes the queue, where the job runs again: its second copy arrives while the
     * rest of the sweep is still pending, so the coordinator must count it as a duplicate.
     */
    const stall = async () => {
      for (;;) {
        a.child.kill('SIGSTOP');
        const held = (await queue.getJobs(['active'])).find((j) => j.processedBy?.endsWith(`:${a.child.pid}`));
        if (held?.id) {
          stolen = held.id;
          break;
        }
        a.child.kill('SIGCONT');
        await sleep(20);
      }
      await queue.pause();
      b = await startWorker(redis.url, q, 1);
      children.push(b);
      while ((await queue.getJobState(stolen)) === 'active') await sleep(20);
      a.child.kill('SIGCONT');
      await sleep(1000);
      await queue.resume();
    };
    const r = await runSweep(SPEC, {
      store: path,
      executor: ex,
      onProgress: (p) => {
        if (!phase && p.done >= 50) phase = stall();
      },
    });
    await phase;
    await queue.close();
    assert.match(stolen, /\.c\d+\.t\d+-\d+$/);
    assert.equal(r.complete, true);
    const c = counts(path);
    assert.deepEqual([c.count, c.distinct], [2000, 2000]);
    assert.ok(c.duplicates >= 5, `duplicates counted: ${c.duplicates} (the stalled job's 5 trials)`);
    assert.equal(r.duplicates, c.duplicates);
    assert.deepEqual(rows(path), localRows);
    killAll([a, ...(b ? [b] : [])]);
  });
});
