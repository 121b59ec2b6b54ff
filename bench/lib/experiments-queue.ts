/**
 * Queue rows of the experiments benchmark (issue 17): trials per second of a 2,000-trial sweep run
 * through the Redis job queue (src/experiments/node/queue/) with 1 and 2 queue workers, against
 * the local worker-thread executor with 1 and 2 threads: the queue's overhead. Target: at most
 * 15% (ratio queue / local <= 1.15), the issue's budget.
 *
 * The problem: basis pursuit by `bp-homotopy` at n = 200, delta = 0.5, rho = 0.2 (m = 100,
 * k = 20, Gaussian), one cell of 2,000 trials, as the group's other rows. Each timed call is one
 * whole `runSweep` into a ':memory:' store with a new seed (so neither side reuses threads that
 * already hold the spec: both start their threads in the call).
 *
 * - ours: this process coordinates (`local: false`, batch size timed by the coordinator: a few
 *   trials run here, ~0.1 s of work per job, at least 32 jobs) and N `candor worker --concurrency 1` processes, started
 *   once per row before the timing (a cluster's workers are long-lived), run the jobs; a local
 *   `redis-server` (Debian) runs on a free port for the group.
 * - peer: the local executor with N worker threads (the calling thread helps while they start),
 *   in its own Node process (this file with `local-peer N`) speaking bench/peers/proto.py's line
 *   protocol, so the two alternate A B A B like any peer. Ours against ours, but the row carries
 *   the issue's target: it measures the queue's overhead, not a foreign tool.
 *
 * Accuracy gate: identical results. After the timing, the last seed ours ran is run again by the
 * local executor in this process; "ours err" is the number of trials whose reproducible fields
 * differ (0 required).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { queueExecutor } from '../../src/experiments/node/queue/coordinator.ts';
import { parseQueueUrl } from '../../src/experiments/node/queue/url.ts';
import { runSweep } from '../../src/experiments/node/run-sweep.ts';
import { prepareSweepSolver } from '../../src/experiments/solvers.ts';
import type { TrialResult } from '../../src/experiments/trial.ts';
import { type BenchCase, timeCall } from '../harness.ts';

const N = 200;
const TRIALS = 2000;
const BIN = fileURLToPath(new URL('../../bin/candor.mjs', import.meta.url));
const spec = (seed: number) => ({ name: 'bench-queue', ensemble: 'gaussian', signal: 'signed', solver: 'bp-homotopy', n: N, delta: [0.5], rho: [0.2], trials: TRIALS, seed });

type Row = Omit<TrialResult, 'seconds'>;

/** Runs one sweep into a ':memory:' store and returns its rows (reproducible fields). */
async function sweepRows(seed: number, opts: Parameters<typeof runSweep>[1]): Promise<Row[]> {
  let rows: Row[] = [];
  const r = await runSweep(spec(seed), {
    ...opts,
    onComplete: (store, sweep) => {
      rows = store.trials(sweep.id).map(({ seconds: _s, seed: _k, ...t }) => t);
    },
  });
  if (!r.complete) throw new Error(`bench experiments (queue): the sweep ran ${r.ran} of ${TRIALS} trials`);
  return rows;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

let redisUrl: Promise<string> | null = null;
/** A redis-server for the group (stopped when the bench exits). */
function redis(): Promise<string> {
  redisUrl ??= (async () => {
    if (!existsSync('/usr/bin/redis-server')) throw new Error('redis-server: not installed (apt-get install redis-server): the queue rows run a local Redis');
    const dir = mkdtempSync(join(tmpdir(), 'candor-bench-redis-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const c = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    children.add(c);
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        const { probeRedis } = await import('../../src/experiments/node/queue/connect.ts');
        await probeRedis(parseQueueUrl(url), 'bench');
        return url;
      } catch (e) {
        if (i > 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  return redisUrl;
}

/** Starts `candor worker` processes on the queue; resolves once each says it is serving. */
async function startWorkers(url: string, queue: string, count: number): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: count }, () => {
      const c = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--queue-name', queue, '--concurrency', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.add(c);
      return new Promise<ChildProcess>((resolve, reject) => {
        let err = '';
        c.stderr?.on('data', (d) => {
          err += d;
          if (/serving queue/.test(err)) resolve(c);
        });
        c.once('exit', (code) => reject(new Error(`bench: candor worker exited with ${code}: ${err}`)));
      });
    }),
  );
}

let nextSeed = 1000;
const rowWorkers: ChildProcess[] = [];

function queueCase(workers: number): BenchCase {
  let differ: number | null = null;
  let detail = '';
  return {
    name: `BP sweep n=${N} m=100 k=20, ${TRIALS} trials, bp-homotopy: Redis queue, ${workers} queue worker${workers > 1 ? 's' : ''} vs local executor, ${workers} thread${workers > 1 ? 's' : ''}`,
    target: 1.15,
    accuracy: {
      rule: "identical results: every trial's reproducible fields equal the local executor's (ours err = trials that differ, of a sweep run both ways before the timing)",
      check: (ours) => ours === 0,
    },
    minSeconds: 0.1,
    ours: async () => {
      await prepareSweepSolver('bp-homotopy');
      const url = await redis();
      const queue = `bench-w${workers}`;
      // the previous row's workers stop (idle, but each holds a Redis connection and threads)
      for (const w of rowWorkers.splice(0)) w.kill('SIGTERM');
      rowWorkers.push(...(await startWorkers(url, queue, workers)));
      let batch = 0;
      const ex = await queueExecutor({
        url: parseQueueUrl(url),
        queueName: queue,
        local: false,
        onEvent: (e) => {
          if (e.type === 'enqueued') batch = e.batch;
        },
      });
      /** The batch size the coordinator timed for each timed sweep. */
      const timed: number[] = [];
      // the accuracy gate: one sweep both ways, compared trial by trial
      const check = 999;
      const q = await sweepRows(check, { store: ':memory:', executor: ex });
      const l = await sweepRows(check, { store: ':memory:', workers: 0 });
      differ = Math.abs(q.length - l.length) + q.filter((r, i) => JSON.stringify(r) !== JSON.stringify(l[i])).length;
      detail = `queue vs local rows (seed ${check}): ${l.length - differ} of ${l.length} identical (${batch} trials per job)`;
      return {
        run: async () => {
          await sweepRows(nextSeed++, { store: ':memory:', executor: ex });
          timed.push(batch);
        },
        error: () => differ,
        detail: () => `${detail}; trials per job of the timed sweeps (timed by the coordinator): ${timed.length ? `${Math.min(...timed)} to ${Math.max(...timed)}` : 'none'}`,
      };
    },
    peer: {
      cmd: [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), 'local-peer', String(workers)],
      pkg: 'nodejs (the local executor runs in a second Node process)',
    },
    note:
      'times per whole 2,000-trial sweep (a new seed per call, store writes included); ours: this process coordinates, the workers are `candor worker` processes started before the timing; ' +
      'peer: runSweep with the local worker-thread executor in its own process; both start their threads within each call',
  };
}

/** The queue rows: 1 and 2 queue workers against 1 and 2 local threads. */
export function queueCases(): BenchCase[] {
  return [1, 2].map(queueCase);
}

/** Peer mode: the local executor with `workers` threads over the harness line protocol. */
async function servePeer(workers: number): Promise<void> {
  await prepareSweepSolver('bp-homotopy');
  let seed = 1000;
  process.stdout.write(`${JSON.stringify({ peer: `candor local executor (${workers} worker thread${workers > 1 ? 's' : ''})`, error: null })}\n`);
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (!cmd || cmd === 'quit') break;
    if (cmd === 'run') {
      const seconds = await timeCall(() => sweepRows(seed++, { store: ':memory:', workers }), Number(arg));
      process.stdout.write(`${JSON.stringify({ seconds })}\n`);
    }
  }
  rl.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'local-peer') {
  await servePeer(Number(process.argv[3]));
}
