/**
 * Distributed sweeps on Redis (issue 17): the wire format, the job plan, a 2,000-trial sweep on
 * two `candor worker` processes giving the local run's table, the MRI acceleration scan through
 * the queue, progress across machines, and bad input (an unreachable or silent Redis, a
 * malformed URL, a queue holding another version or another sweep, a forged result): one clear
 * error each, nothing stored wrongly. A real `redis-server` runs on a free local port.
 * The failure tests (kill -9, Redis restart, a stalled job) are in ./queue-faults.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { runAccelerationScan } from '../../src/apps/mri/node/scan.ts';
import { sheppLogan } from '../../src/apps/mri/phantom.ts';
import { planAcceleration } from '../../src/apps/mri/plan-acceleration.ts';
import { pendingTaskPairs } from '../../src/experiments/engine.ts';
import { MAX_BATCH, timedBatch, timingDone } from '../../src/experiments/node/queue/batch.ts';
import { decodeValue, encodeValue } from '../../src/experiments/node/queue/codec.ts';
import { queueExecutor } from '../../src/experiments/node/queue/coordinator.ts';
import { readEntry } from '../../src/experiments/node/queue/entry.ts';
import { BULL_PREFIX, jobId, planJobs, queueKeys, versionHash } from '../../src/experiments/node/queue/protocol.ts';
import { readQueueStatus } from '../../src/experiments/node/queue/status.ts';
import { parseQueueUrl } from '../../src/experiments/node/queue/url.ts';
import { runSweep } from '../../src/experiments/node/run-sweep.ts';
import { PHASE_TRANSITION, Store } from '../../src/experiments/node/store.ts';
import { codeVersion } from '../../src/experiments/node/version.ts';
import { candor } from '../cli/helpers.ts';
import { type Candor, freePort, killAll, type RedisServer, silentServer, startRedis, startWorker } from './redis-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-queue-'));
let redis: RedisServer;
const children: Candor[] = [];
before(async () => {
  redis = await startRedis();
});
after(async () => {
  killAll(children);
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** 4 x 5 cells x 100 trials = 2,000 OMP trials at n = 40 (fast: about a millisecond each). */
const SPEC = { name: 'queue', n: 40, solver: 'omp', delta: [0.3, 0.5, 0.7, 0.9], rho: [0.1, 0.2, 0.3, 0.4, 0.5], trials: 100, seed: 11 };

type Row = Record<string, unknown>;
function rows(path: string): Row[] {
  const s = Store.open(path, { readonly: true });
  try {
    return s.trials(s.sweeps(PHASE_TRANSITION)[0].id).map(({ seconds: _s, ...t }) => t);
  } finally {
    s.close();
  }
}

/** COUNT(*) and COUNT(DISTINCT (cell, trial)) of the trials table. */
function counts(path: string): { count: number; distinct: number } {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) AS count, (SELECT COUNT(*) FROM (SELECT DISTINCT sweep_id, cell, trial FROM trials)) AS "distinct" FROM trials').get() as { count: number; distinct: number };
  } finally {
    db.close();
  }
}

let localRows: Row[] = [];
before(async () => {
  const path = join(dir, 'local.db');
  await runSweep(SPEC, { store: path, workers: 0 });
  localRows = rows(path);
});

describe('the wire format and the job plan', () => {
  it('encodeValue/decodeValue return every value bit for bit: NaN, +-Infinity, -0, typed arrays (property, seeded)', () => {
    const num = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, Number.MIN_VALUE));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, num, fc.string(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 5 }), tie('v'), { maxKeys: 4, noNullPrototype: true }), fc.float64Array({ maxLength: 6 })),
    })).v;
    fc.assert(
      fc.property(value, (x) => {
        assert.deepStrictEqual(decodeValue(encodeValue(x)), x); // deepStrictEqual compares with Object.is: -0 and NaN too
      }),
      { seed: 17, numRuns: 300 },
    );
    assert.equal(encodeValue({ e: Number.NaN, z: -0, x: Float64Array.of(0.1, 2) }), '{"e":{"$num":"NaN"},"z":{"$num":"-0"},"x":{"$f64":"mpmZmZmZuT8AAAAAAAAAQA=="}}');
    assert.throws(() => decodeValue('{"$num":"1e3"}'), { message: 'queue codec: tagged number: expected NaN, Infinity, -Infinity or -0, got "1e3"' });
  });

  it('jobs cover every pending task once, in blocks of whole trial ranges of a cell, with ids from (sweep, cell, range, version), trial-major', () => {
    const tasks = pendingTaskPairs(3, 10, new Set([0 * 10 + 3, 2 * 10 + 9]));
    const jobs = planJobs(tasks, 10, 4, 'aaaaaaaaaaaaaaaa', '1.0', 'phase-transition');
    assert.deepEqual(
      jobs.map((j) => [j.data.cell, j.data.t0, j.data.t1]),
      [[0, 0, 4], [1, 0, 4], [2, 0, 4], [0, 4, 8], [1, 4, 8], [2, 4, 8], [0, 8, 10], [1, 8, 10], [2, 8, 10]],
    );
    assert.equal(jobs[0].id, jobId('aaaaaaaaaaaaaaaa', '1.0', 0, 0, 4));
    assert.match(jobs[0].id, /^aaaaaaaaaaaaaaaa\.[0-9a-f]{8}\.c0\.t0-4$/);
    assert.notEqual(jobId('aaaaaaaaaaaaaaaa', '1.1', 0, 0, 4), jobs[0].id);
    for (let i = 0; i < tasks.length; i += 2) {
      const [c, t] = [tasks[i], tasks[i + 1]];
      assert.equal(jobs.filter((j) => j.data.cell === c && j.data.t0 <= t && t < j.data.t1).length, 1);
    }
  });

  it('a Redis URL is parsed strictly, and its password is never shown', () => {
    assert.deepEqual(parseQueueUrl('redis://10.0.0.5:6380/2'), { host: '10.0.0.5', port: 6380, db: 2, username: undefined, password: undefined, tls: false, display: 'redis://10.0.0.5:6380/2' });
    assert.equal(parseQueueUrl('rediss://:pw@h').display, 'rediss://:***@h:6379');
    assert.throws(() => parseQueueUrl('http://h:1'), { message: 'queue: Redis URL: expected redis://HOST:PORT (or rediss:// for TLS; optionally user:password@ and /DB), got "http://h:1"' });
    assert.throws(() => parseQueueUrl('redis://h:99999'), /got "redis:\/\/h:99999" \(not a URL\)|port outside/);
    assert.throws(() => parseQueueUrl('redis://h:1/x'), { message: 'queue: Redis URL: expected redis://HOST:PORT (or rediss:// for TLS; optionally user:password@ and /DB), got "redis://h:1/x" (the path must be a database number)' });
  });
});

describe('the timed batch size (no Redis)', () => {
  it('a cold first task never decides alone: the timing goes on to a second task unless the first is very slow', () => {
    // a first task of 1.4 s (compiling on a loaded machine) used to end the timing with a batch of 1
    assert.equal(timingDone([1.4]), false);
    assert.equal(timingDone([1.4, 0.005]), true);
    assert.equal(timedBatch([1.4, 0.005], 100, 2000), 20); // 0.1 s / 5 ms
    assert.equal(timingDone([6]), true); // a slow task (an MRI reconstruction): no second one here
    assert.equal(timedBatch([6], 16, 16), 1);
    assert.deepEqual([timingDone([0.01, 0.01]), timingDone([0.01, 0.01, 0.01]), timingDone([0.05, 0.03, 0.03])], [false, false, true]);
    assert.equal(timingDone(Array(16).fill(1e-4)), true);
  });

  it('~0.1 s of work per job from the lower quartile of the warm tasks, within the trials per cell, 256, and at least 32 jobs', () => {
    // warm tasks 2, 4, 4, 8 ms: lower quartile 2 ms -> 50 trials
    assert.equal(timedBatch([0.5, 0.008, 0.004, 0.002, 0.004], 100, 100_000), 50);
    assert.equal(timedBatch([0.5, 0.008, 0.004, 0.002, 0.004], 30, 100_000), 30); // the trials per cell
    assert.equal(timedBatch([0.5, 0.008, 0.004, 0.002, 0.004], 100, 640), 20); // 640 / 32 jobs
    assert.equal(timedBatch([0.01, 1e-7, 1e-7], 10_000, 1e7), MAX_BATCH);
    assert.equal(timedBatch([0.3, 0.3], 100, 2000), 1);
  });
});

describe('reading the results stream (no Redis)', () => {
  const sweep = '0123456789abcdef';
  const x = { where: 'queue q', sweep, version: '1.2.3', vhash: versionHash('1.2.3'), cells: 4, trials: 100 };
  const job = jobId(sweep, '1.2.3', 2, 10, 20);
  const entry = (over: Record<string, string>) => Object.entries({ t: 'results', job, w: 'h:7', v: '1.2.3', sweep, data: encodeValue([{ cell: 2, trial: 10, m: 5 }, { cell: 2, trial: 19, m: 5 }]), ...over }).flat();

  it('an entry of this sweep and version gives its results and notices; a task error becomes the run error', () => {
    assert.deepEqual(readEntry('5-0', entry({}), x), { type: 'results', job, results: [{ cell: 2, trial: 10, m: 5 }, { cell: 2, trial: 19, m: 5 }] });
    assert.deepEqual(readEntry('5-1', entry({ t: 'notice', msg: 'refused a job' }), x), { type: 'notice', message: 'refused a job' });
    assert.throws(() => readEntry('5-2', entry({ t: 'error', msg: 'omp: x: expected y, got z' }), x), { message: 'sweep worker h:7: trial: expected a completed trial, got omp: x: expected y, got z' });
  });

  it('an entry of another sweep or version, a foreign job id, results outside the job, damaged data: one clear error each', () => {
    const head = 'queue q: results stream entry 5-0 from worker h:7: expected';
    const cases: [Record<string, string>, string][] = [
      [{ sweep: 'fedcba9876543210' }, `${head} an entry of sweep ${sweep}, got one of sweep "fedcba9876543210" (nothing of it was stored)`],
      [{ v: '1.2.4' }, `${head} results of candor 1.2.3 (this coordinator), got results of candor 1.2.4 (nothing of it was stored)`],
      [{ t: 'result' }, `${head} results, an error or a notice, got "result"`],
      [{ job: jobId(sweep, '1.2.4', 2, 10, 20) }, `${head} a job of sweep ${sweep}, got job "${jobId(sweep, '1.2.4', 2, 10, 20)}" (nothing of it was stored)`],
      [{ job: jobId(sweep, '1.2.3', 4, 0, 10) }, `${head} a job of sweep ${sweep}, got job "${jobId(sweep, '1.2.3', 4, 0, 10)}" (nothing of it was stored)`],
      [{ job: jobId(sweep, '1.2.3', 0, 90, 101) }, `${head} a job of sweep ${sweep}, got job "${jobId(sweep, '1.2.3', 0, 90, 101)}" (nothing of it was stored)`],
      [{ job: 'x' }, `${head} a job of sweep ${sweep}, got job "x" (nothing of it was stored)`],
      [{ data: encodeValue([{ cell: 2, trial: 20 }]) }, `queue q: results of job ${job} from worker h:7: expected results of cell 2, trials 10 to 19, got other data (nothing of it was stored)`],
      [{ data: encodeValue([{ cell: 1, trial: 10 }]) }, `queue q: results of job ${job} from worker h:7: expected results of cell 2, trials 10 to 19, got other data (nothing of it was stored)`],
      [{ data: '[]' }, `queue q: results of job ${job} from worker h:7: expected results of cell 2, trials 10 to 19, got other data (nothing of it was stored)`],
      [{ data: '{"cell":2,"trial":10}' }, `queue q: results of job ${job} from worker h:7: expected results of cell 2, trials 10 to 19, got other data (nothing of it was stored)`],
    ];
    for (const [over, message] of cases) assert.throws(() => readEntry('5-0', entry(over), x), { message }, JSON.stringify(over));
    assert.throws(() => readEntry('5-0', entry({ data: '[{"cell":2' }), x), { message: /^queue q: results of job [^:]+: data: expected the JSON written by a Candor worker or coordinator, got / });
    const flat = entry({});
    assert.throws(() => readEntry('5-0', flat.slice(0, flat.indexOf('sweep')), x), { message: `${head} an entry of sweep ${sweep}, got one of sweep (none) (nothing of it was stored)` });
  });
});

describe('a sweep on the queue', () => {
  it('2,000 trials on two candor worker processes (this process only coordinates) give the local run table; COUNT = COUNT DISTINCT; the queue is left empty', async () => {
    const q = 'two';
    const w1 = await startWorker(redis.url, q);
    const w2 = await startWorker(redis.url, q);
    children.push(w1, w2);
    const path = join(dir, 'two.db');
    const events: string[] = [];
    const ex = await queueExecutor({ url: parseQueueUrl(redis.url), queueName: q, local: false, batch: 20, onEvent: (e) => events.push(e.type) });
    let mid: ReturnType<typeof readQueueStatus> | null = null;
    const r = await runSweep(SPEC, {
      store: path,
      executor: ex,
      onProgress: (p) => {
        if (!mid && p.done >= 1000) mid = readQueueStatus(parseQueueUrl(redis.url), q);
      },
    });
    assert.equal(r.complete, true);
    assert.equal(r.ran, 2000);
    assert.equal(r.ranElsewhere, 2000);
    assert.deepEqual(rows(path), localRows);
    assert.deepEqual(counts(path), { count: 2000, distinct: 2000 });
    // progress across machines, read by anyone while it ran
    const s = await (mid as unknown as ReturnType<typeof readQueueStatus>);
    assert.equal(s.sweep?.total, 2000);
    assert.equal(s.sweep?.batch, 20);
    assert.equal(s.progress?.total, 2000);
    assert.deepEqual(s.workers.map((w) => w.version), [codeVersion(), codeVersion()]);
    assert.ok(s.coordinator);
    assert.ok(events.includes('enqueued'));
    // both workers ran jobs, and the finished sweep left nothing on the queue
    const after = await readQueueStatus(parseQueueUrl(redis.url), q);
    assert.equal(after.sweep, null);
    assert.deepEqual(after.jobs, { waiting: 0, active: 0, delayed: 0, failed: 0 });
    assert.equal(after.backlog, 0);
    assert.equal(after.workers.length, 2);
    // SIGTERM: each worker finishes and says what it did (both ran trials)
    for (const w of [w1, w2]) w.child.kill('SIGTERM');
    assert.deepEqual(await Promise.all([w1.exited, w2.exited]), [0, 0]);
    const ran = [w1, w2].map((w) => Number(/stopped: \d+ jobs? \((\d+) trials\) done/.exec(w.err())?.[1]));
    assert.ok(ran.every((n) => n > 0), `trials per worker: ${ran}`);
    assert.equal(ran[0] + ran[1], 2000);
  });

  it('the MRI acceleration scan runs on the queue (reference image and all) and gives the one-thread plan', async () => {
    const q = 'mri';
    const w = await startWorker(redis.url, q);
    children.push(w);
    const N = 48;
    const truth = sheppLogan(N);
    const opts = { accelerations: [2, 4], repeats: 2, metric: 'nrmse' as const, target: 0.1, recon: { maxIter: 20 } };
    const one = planAcceleration(truth, N, N, opts);
    const ex = await queueExecutor({ url: parseQueueUrl(redis.url), queueName: q, local: false, batch: 1 });
    const r = await runAccelerationScan(truth, N, N, opts, { store: join(dir, 'scan.db'), executor: ex });
    assert.equal(r.complete, true);
    assert.equal(r.ranElsewhere, 4);
    const strip = (p: typeof one | null) => p && { ...p, rows: p.rows.map(({ seconds: _s, ...row }) => row) };
    assert.deepEqual(strip(r.plan), strip(one));
    w.child.kill('SIGTERM');
    assert.equal(await w.exited, 0);
  });

  it('candor mri plan --queue runs its reconstructions as jobs, one per job, on its local worker', () => {
    const r = candor(['mri', 'plan', '--size', '48', '--accelerations', '2,4', '--repeats', '1', '--iters', '10', '--metric', 'nrmse', '--target', '0.4', '--store', join(dir, 'mri-cli.db'), '--queue', redis.url, '--queue-name', 'mri-cli', '--workers', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /candor mri plan: sweep [0-9a-f]{16}: 2 jobs of up to 1 trial enqueued\n/);
    assert.match(r.stdout, /scan 1 in .*mri-cli\.db: 2 of 2 masks reconstructed in this run\n/);
  });

  it('candor sweep run --queue (with a local worker) and candor sweep status', async () => {
    const spec = join(dir, 'cli.json');
    writeFileSync(spec, JSON.stringify({ ...SPEC, trials: 10 }));
    const store = join(dir, 'cli.db');
    const url = redis.url;
    const r = candor(['sweep', 'run', spec, '--store', store, '--queue', url, '--queue-name', 'cli', '--workers', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.complete, true);
    assert.equal(out.done, 200);
    assert.deepEqual(rows(store), localRows.filter((t) => (t.trial as number) < 10));
    const st = candor(['sweep', 'status', '--queue', url, '--queue-name', 'cli']);
    assert.equal(st.code, 0, st.stderr);
    assert.match(st.stdout, new RegExp(`^queue cli on ${url}\\n  no sweep: the queue is free\\n  jobs: 0 waiting, 0 running, 0 delayed, 0 failed; 0 result entries not yet collected\\n  workers alive: 0 \\(0 threads\\)\\n$`));
  });
});

describe('stopping a worker', () => {
  it('SIGTERM lets the job in progress finish (its results reach the queue); a second SIGTERM returns it to the queue at once', async () => {
    const q = 'stop';
    const url = parseQueueUrl(redis.url);
    // two jobs of 40 slow trials each (bp-homotopy at n = 400: a second or more per job)
    const slow = { name: 'slow', n: 400, solver: 'bp-homotopy', delta: [0.5], rho: [0.2], trials: 80, seed: 3 };
    const ac = new AbortController();
    const ex = await queueExecutor({ url, queueName: q, local: false, batch: 40, onEvent: (e) => e.type === 'enqueued' && ac.abort() });
    await runSweep(slow, { store: join(dir, 'slow.db'), executor: ex, signal: ac.signal });
    const queue = new Queue(q, { connection: { host: '127.0.0.1', port: redis.port }, prefix: BULL_PREFIX });
    const client = new Redis(redis.port, '127.0.0.1');
    try {
      const holding = async (w: Candor) => {
        for (;;) {
          const jobs = await queue.getJobs(['active']);
          const j = jobs.find((x) => x.processedBy?.endsWith(`:${w.child.pid}`));
          if (j) return j.id!;
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      const a = await startWorker(redis.url, q);
      children.push(a);
      const first = await holding(a);
      a.child.kill('SIGTERM');
      assert.equal(await a.exited, 0, a.err());
      assert.match(a.err(), /SIGTERM: finishing the jobs in progress \(SIGTERM again: return them to the queue now\)\n.*stopped: 1 job \(40 trials\) done\n$/s);
      const entries = (await client.xrange(queueKeys(q).results, '-', '+')) as [string, string[]][];
      assert.deepEqual(entries.map(([, f]) => f[f.indexOf('job') + 1]), [first]);
      const b = await startWorker(redis.url, q);
      children.push(b);
      const second = await holding(b);
      assert.notEqual(second, first);
      b.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
      b.child.kill('SIGTERM');
      assert.equal(await b.exited, 0, b.err());
      assert.match(b.err(), /SIGTERM: returning the jobs in progress to the queue\n.*stopped: 0 jobs \(0 trials\) done, 1 returned to the queue\n$/s);
      assert.equal(await queue.getJobState(second), 'waiting');
      assert.equal(await client.xlen(queueKeys(q).results), 1);
    } finally {
      await queue.close();
      client.disconnect();
    }
  });
});

describe('bad input: one clear error, nothing stored wrongly', () => {
  it('an unreachable Redis (nothing listening) fails at once, a silent one within the probe deadline, before the store is touched', { timeout: 30000 }, async () => {
    const spec = join(dir, 'bad.json');
    writeFileSync(spec, JSON.stringify({ ...SPEC, trials: 2 }));
    const port = await freePort();
    const store = join(dir, 'unreachable.db');
    const r = candor(['sweep', 'run', spec, '--store', store, '--queue', `redis://127.0.0.1:${port}`, '--quiet'], { timeout: 20000 });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `candor sweep run: Redis server: expected a Redis server (6.2 or newer) answering at redis://127.0.0.1:${port}, got connect ECONNREFUSED 127.0.0.1:${port} (nothing was enqueued or stored)\n`);
    const silent = await silentServer();
    try {
      const w = candor(['worker', '--queue', `redis://127.0.0.1:${silent.port}`], { timeout: 20000 });
      assert.equal(w.code, 1);
      assert.match(w.stderr, new RegExp(`^candor worker: Redis server: expected a Redis server \\(6\\.2 or newer\\) answering at redis://127\\.0\\.0\\.1:${silent.port}, got .*(no answer within 4 s|timed out|ETIMEDOUT).* \\(nothing was enqueued or stored\\)\\n$`));
    } finally {
      silent.close();
    }
    const { existsSync } = await import('node:fs');
    assert.equal(existsSync(store), false);
  });

  it('a malformed URL or queue name is a usage error (exit 2) naming the option', () => {
    const r = candor(['sweep', 'run', '--n', '20', '--queue', 'localhost:6379']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'candor: option --queue: expected redis://HOST:PORT (or rediss:// for TLS; optionally user:password@ and /DB), got "localhost:6379"\n');
    const w = candor(['worker', '--queue', redis.url, '--queue-name', 'a:b']);
    assert.equal(w.code, 2);
    assert.equal(w.stderr, `candor: option --queue-name: expected letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit), got "a:b"\n`);
    const none = candor(['worker']);
    assert.equal(none.code, 2);
    assert.equal(none.stderr, 'candor worker: option --queue: expected redis://HOST:PORT (the queue to serve), got none\n');
  });

  it('a queue holding jobs of another code version: the coordinator and the workers refuse it, naming both versions; nothing is stored', async () => {
    const q = 'versions';
    const url = parseQueueUrl(redis.url);
    // a coordinator of "candor 0.0.9" enqueues its sweep and is interrupted (its jobs stay)
    const ac = new AbortController();
    const old = await queueExecutor({ url, queueName: q, local: false, batch: 10, version: '0.0.9', onEvent: (e) => e.type === 'enqueued' && ac.abort() });
    const r0 = await runSweep(SPEC, { store: join(dir, 'old.db'), executor: old, signal: ac.signal });
    assert.equal(r0.complete, false);
    const spec = join(dir, 'versions.json');
    writeFileSync(spec, JSON.stringify(SPEC));
    const store = join(dir, 'versions.db');
    const r = candor(['sweep', 'run', spec, '--store', store, '--queue', redis.url, '--queue-name', q, '--quiet']);
    assert.equal(r.code, 2);
    const s0 = await readQueueStatus(url, q);
    assert.equal(
      r.stderr,
      `candor: queue ${q} on ${redis.url}: sweep: expected a queue free or serving this sweep (${s0.sweep!.id}, candor ${codeVersion()}), got jobs of candor 0.0.9 (sweep ${s0.sweep!.id}, queue), ${s0.jobs.waiting} jobs waiting: finish that sweep (run its spec again), use another --queue-name, or empty the queue (candor sweep status --queue ${redis.url} --queue-name ${q} --clear); nothing was enqueued or stored\n`,
    );
    const st = Store.open(store, { readonly: true });
    assert.deepEqual(st.sweeps().map((s) => s.done), [0]);
    st.close();
    // a worker of this version refuses the queue and leaves its jobs there
    const w = candor(['worker', '--queue', redis.url, '--queue-name', q]);
    assert.equal(w.code, 1);
    assert.equal(w.stderr, `candor worker: code version: expected candor ${codeVersion()} (this worker), got a job of sweep ${s0.sweep!.id} (queue) from candor 0.0.9: run workers of the sweep's version (the job was left on the queue)\n`);
    const s1 = await readQueueStatus(url, q);
    assert.equal(s1.jobs.waiting, s0.jobs.waiting);
    // --clear empties it; the sweep then runs here
    const c = candor(['sweep', 'status', '--queue', redis.url, '--queue-name', q, '--clear']);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.stdout, `queue ${q}: cleared (sweep ${s0.sweep!.id}, queue)\n`);
    const again = candor(['sweep', 'run', spec, '--store', store, '--queue', redis.url, '--queue-name', q, '--quiet', '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(rows(store), localRows);
  });

  it('a queue serving another sweep is refused; a forged result of another version in the stream stops the run and is not stored', async () => {
    const q = 'forged';
    const url = parseQueueUrl(redis.url);
    const ac = new AbortController();
    const first = await queueExecutor({ url, queueName: q, local: false, batch: 10, onEvent: (e) => e.type === 'enqueued' && ac.abort() });
    await runSweep({ ...SPEC, seed: 12 }, { store: join(dir, 'first.db'), executor: first, signal: ac.signal });
    const other = await queueExecutor({ url, queueName: q, local: false });
    await assert.rejects(runSweep(SPEC, { store: join(dir, 'other.db'), executor: other }), (e: Error) => {
      assert.match(e.message, new RegExp(`^queue ${q} on ${redis.url}: sweep: expected a queue free or serving this sweep \\([0-9a-f]{16}, candor .*\\), got another sweep \\([0-9a-f]{16}, queue, phase-transition\\), \\d+ jobs waiting: `));
      return true;
    });
    // the first sweep's queue receives an entry claiming another code version
    const meta = (await readQueueStatus(url, q)).sweep!;
    const client = new Redis(redis.port, '127.0.0.1');
    const fake = JSON.stringify([{ cell: 0, trial: 0, m: 1 }]);
    await client.xadd(queueKeys(q).results, '*', 't', 'results', 'job', jobId(meta.id, '0.0.8', 0, 0, 10), 'w', 'forger', 'v', '0.0.8', 'sweep', meta.id, 'data', fake);
    client.disconnect();
    const store = join(dir, 'first.db');
    const again = await queueExecutor({ url, queueName: q, local: true, localConcurrency: 1 });
    await assert.rejects(
      runSweep({ ...SPEC, seed: 12 }, { store, executor: again }),
      { message: new RegExp(`^queue forged: results stream entry \\d+-\\d+ from worker forger: expected results of candor ${codeVersion().replace(/[.+]/g, '\\$&')} \\(this coordinator\\), got results of candor 0\\.0\\.8 \\(nothing of it was stored\\)$`) },
    );
    const st = Store.open(store, { readonly: true });
    assert.equal(st.trials(st.sweeps()[0].id).some((t) => t.cell === 0 && t.trial === 0 && t.m === 1), false);
    st.close();
  });
});
