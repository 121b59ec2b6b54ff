import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { runSweep } from '../../src/experiments/node/run-sweep.ts';
import { Store } from '../../src/experiments/node/store.ts';
import { sweepWorkerEntry, workerExecArgv } from '../../src/experiments/node/worker-bundle.ts';
import { candor } from '../cli/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-sweep-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = {
  name: 'test',
  n: 30,
  delta: { from: 0.3, to: 0.7, count: 3 },
  rho: { from: 0.1, to: 0.5, count: 3 },
  trials: 4,
  solver: { name: 'fista', options: { maxIter: 3000, tol: 1e-9 } },
  success: { kind: 'relative-error', threshold: 1e-3 },
  seed: 3,
};

function rows(path: string) {
  const s = Store.open(path, { readonly: true });
  try {
    const id = s.sweeps()[0].id;
    return s.trials(id).map((t) => ({ cell: t.cell, trial: t.trial, seed: t.seed, error: t.error, success: t.success, iterations: t.iterations, stopReason: t.stopReason }));
  } finally {
    s.close();
  }
}

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Waits (up to a minute) until the store's first sweep has at least `atLeast` trials done; returns the count. */
async function trialsStored(path: string, atLeast: number): Promise<number> {
  let done = 0;
  const t0 = Date.now();
  while (Date.now() - t0 < 60000 && done < atLeast) {
    await new Promise((r) => setTimeout(r, 25));
    try {
      const s = Store.open(path, { readonly: true });
      done = s.sweeps()[0]?.done ?? 0;
      s.close();
    } catch {
      /* not created yet */
    }
  }
  return done;
}

describe('sweeps on the SQLite store', () => {
  it('identical specs give identical trial rows with 0, 1 and 2 workers', async () => {
    const results = [];
    for (const w of [0, 1, 2]) {
      const path = join(dir, `w${w}.db`);
      const r = await runSweep(SPEC, { store: path, workers: w });
      assert.equal(r.complete, true);
      assert.equal(r.sweep.done, 36);
      results.push(rows(path));
    }
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual(results[2], results[0]);
  });

  it('workers started from the esbuild bundle and through tsx give the same rows as the main thread', async () => {
    const entry = await sweepWorkerEntry();
    assert.match(entry.pathname, /\/node_modules\/\.cache\/candor\/sweep-worker-[0-9a-f]{16}\.mjs$/);
    const main = join(dir, 'main.db');
    const r0 = await runSweep(SPEC, { store: main, workers: 0 });
    assert.equal(r0.ranOnWorkers, 0);
    for (const bundle of ['1', '0']) {
      process.env.CANDOR_WORKER_BUNDLE = bundle;
      try {
        if (bundle === '0') assert.match((await sweepWorkerEntry()).pathname, /\/src\/experiments\/node\/worker-entry\.mjs$/);
        const path = join(dir, `workers-only-${bundle}.db`);
        const r = await runSweep(SPEC, { store: path, workers: 2, mainThreadHelps: false });
        assert.equal(r.ranOnWorkers, 36, 'every trial ran on a worker');
        assert.deepEqual(rows(path), rows(main));
      } finally {
        delete process.env.CANDOR_WORKER_BUNDLE;
      }
    }
  });

  it('workers do not inherit a tsx loader from the parent; other Node flags pass through', () => {
    assert.deepEqual(workerExecArgv(['--import', 'tsx', '--max-old-space-size=512']), ['--max-old-space-size=512']);
    assert.deepEqual(workerExecArgv(['--import=tsx/esm', '--loader', 'tsx', '--stack-size=2000']), ['--stack-size=2000']);
    assert.deepEqual(workerExecArgv(['--import', './other.mjs', '--require', 'tsx/cjs']), ['--import', './other.mjs']);
  });

  it('a failure while storing results (here: the progress callback) rejects the run instead of hanging, keeping what completed', { timeout: 60000 }, async () => {
    for (const mainThreadHelps of [true, false]) {
      const path = join(dir, `progress-throws-${mainThreadHelps}.db`);
      let calls = 0;
      await assert.rejects(
        runSweep(SPEC, {
          store: path,
          workers: 2,
          batch: 2,
          mainThreadHelps,
          onProgress: () => {
            if (++calls === 3) throw new Error('progress callback broke');
          },
        }),
        /progress callback broke/,
      );
      const kept = rows(path).length;
      assert.ok(kept >= 2 && kept < 36, `kept ${kept}`);
      const r = await runSweep(SPEC, { store: path, workers: 2 });
      assert.equal(r.ran, 36 - kept);
    }
  });

  it('a sweep killed with SIGKILL mid-run resumes with no trial lost and none counted twice', async () => {
    const path = join(dir, 'killed.db');
    const specPath = join(dir, 'spec.json');
    // large enough (540 trials, ~3 s on one worker) that the kill lands mid-run even on a fast machine
    const KILLED = { ...SPEC, n: 60, trials: 60 };
    writeFileSync(specPath, JSON.stringify(KILLED));
    const child = spawn(process.execPath, [new URL('../../bin/candor.mjs', import.meta.url).pathname, 'sweep', 'run', specPath, '--store', path, '--workers', '1', '--quiet'], {
      stdio: 'ignore',
    });
    // wait until some trials are committed, then kill -9
    const done = await trialsStored(path, 21);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.ok(done > 20 && done < 540, `killed after ${done} trials`);
    const before = rows(path).length;
    assert.ok(before >= done && before < 540, `stored ${before} before resuming`);
    const r = await runSweep(KILLED, { store: path, workers: 2 });
    assert.equal(r.resumed, true);
    assert.equal(r.ran, 540 - before);
    const resumed = rows(path);
    assert.equal(resumed.length, 540);
    assert.equal(new Set(resumed.map((t) => `${t.cell}/${t.trial}`)).size, 540);
    const clean = join(dir, 'clean.db');
    const cleanRun = await runSweep(KILLED, { store: clean, workers: 2 });
    assert.ok(cleanRun.ranOnWorkers > 0, 'a sweep of a few seconds starts its workers');
    assert.deepEqual(resumed, rows(clean));
  });

  it('Ctrl-C (SIGINT) stops a sweep after the trials in flight, exit code 130 and "incomplete"; the same command resumes', async () => {
    const path = join(dir, 'interrupted.db');
    const specPath = join(dir, 'spec-int.json');
    const INT = { ...SPEC, n: 60, trials: 60 };
    writeFileSync(specPath, JSON.stringify(INT));
    const bin = new URL('../../bin/candor.mjs', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'sweep', 'run', specPath, '--store', path, '--workers', '1', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    await trialsStored(path, 21);
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', r));
    assert.equal(code, 130, out);
    assert.match(out, /incomplete: run the same command again to resume/);
    const stored = rows(path).length;
    assert.ok(stored > 20 && stored < 540, `stored ${stored}`);
    const r = await runSweep(INT, { store: path, workers: 2 });
    assert.equal(r.ran, 540 - stored);
  });

  it('a locked store gets a clear error and nothing is written', async () => {
    const path = join(dir, 'locked.db');
    await runSweep({ ...SPEC, trials: 1 }, { store: path, workers: 0 });
    const db = new Database(path);
    db.exec('BEGIN EXCLUSIVE');
    try {
      await assert.rejects(runSweep({ ...SPEC, trials: 2 }, { store: path, workers: 0, busyTimeoutMs: 200 }), {
        message: `store ${path}: lock: expected no other process writing to the store, got it is locked by another process (try again when that sweep finishes)`,
      });
    } finally {
      db.exec('ROLLBACK');
      db.close();
    }
    assert.equal(rows(path).length, 9);
  });

  it('a read-only store gets a clear error and is not modified', async () => {
    const path = join(dir, 'ro.db');
    await runSweep({ ...SPEC, trials: 1 }, { store: path, workers: 0 });
    const h = sha(path);
    chmodSync(path, 0o444);
    try {
      if (process.getuid?.() === 0) {
        // root ignores file permissions: check the error path through a read-only open instead
        const s = Store.open(path, { readonly: true });
        assert.throws(() => s.openSweep({ ...s.sweeps()[0].spec, seed: 99 }, 'x'), /store .*ro\.db: access: expected a writable SQLite file, got a read-only file \(nothing was changed\)/);
        s.close();
      } else {
        await assert.rejects(runSweep({ ...SPEC, trials: 2 }, { store: path, workers: 0 }), {
          message: `store ${path}: access: expected a writable SQLite file, got a read-only file (nothing was changed)`,
        });
      }
    } finally {
      chmodSync(path, 0o644);
    }
    assert.equal(sha(path), h);
  });

  it('a corrupt store gets a clear error and is left byte-for-byte unchanged', async () => {
    const path = join(dir, 'corrupt.db');
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080, 0x5a)]));
    const h = sha(path);
    await assert.rejects(runSweep(SPEC, { store: path, workers: 0 }), {
      message: `store ${path}: contents: expected a Candor SQLite store, got a corrupt or non-SQLite file (nothing was changed)`,
    });
    assert.equal(sha(path), h);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello, this is not a database\n'.repeat(50));
    const h2 = sha(text);
    const r = candor(['sweep', 'run', '--store', text, '--delta', '0.5', '--rho', '0.1', '--n', '20', '--trials', '1', '--solver', 'fista', '--quiet']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `candor: store ${text}: contents: expected a Candor SQLite store, got a corrupt or non-SQLite file (nothing was changed)\n`);
    assert.equal(sha(text), h2);
  });

  it('candor trial reproduce re-runs a stored trial and finds it identical', () => {
    const path = join(dir, 'w0.db');
    const r = candor(['trial', 'reproduce', '--store', path, '--sweep', '1', '--cell', '4', '--trial', '3', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.identical, true);
    assert.equal(out.m, 15);
    assert.equal(out.k, 5);
  });
});
