/**
 * The sweep engine: the idempotent result store (identical results counted, different ones
 * refused), two runs of one spec at once on one store, the schema-1 store migrated with its
 * results kept, and the MRI acceleration scan running on the engine (stored, resumable, parallel,
 * identical to the one-thread scan).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { runAccelerationScan } from '../../src/apps/mri/node/scan.ts';
import { sheppLogan } from '../../src/apps/mri/phantom.ts';
import { planAcceleration } from '../../src/apps/mri/plan-acceleration.ts';
import { pendingTaskPairs } from '../../src/experiments/engine.ts';
import { runSweep } from '../../src/experiments/node/run-sweep.ts';
import { PHASE_TRANSITION, SCHEMA_VERSION, Store } from '../../src/experiments/node/store.ts';
import { parseSpec } from '../../src/experiments/spec.ts';
import { runTrial } from '../../src/experiments/trial.ts';
import { initHighs } from '../../src/solvers/highs-runtime.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-engine-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const bin = new URL('../../bin/candor.mjs', import.meta.url).pathname;

const SPEC = { name: 'engine', n: 40, delta: [0.4, 0.7], rho: [0.1, 0.3], trials: 3, seed: 4 };

function trialRows(path: string) {
  const s = Store.open(path, { readonly: true });
  try {
    return s.trials(s.sweeps(PHASE_TRANSITION)[0].id).map(({ seconds: _s, ...t }) => t);
  } finally {
    s.close();
  }
}

describe('the task source', () => {
  it('lists pending (cell, trial) pairs trial-major, skipping the stored keys', () => {
    assert.deepEqual([...pendingTaskPairs(2, 2, new Set([1]))], [0, 0, 1, 0, 1, 1]);
    assert.deepEqual([...pendingTaskPairs(3, 1)], [0, 0, 1, 0, 2, 0]);
  });
});

describe('the idempotent result store', () => {
  it('an identical result for a stored key is counted as a duplicate, a different one refused; the stored row stays', () => {
    const path = join(dir, 'idem.db');
    const spec = parseSpec(SPEC);
    const store = Store.open(path);
    try {
      const { sweep } = store.openSweep(spec, 'test');
      const r = runTrial(spec, spec.cells[1], 2);
      assert.deepEqual(store.insertTrials(sweep.id, spec, [r], 0), { inserted: 1, duplicates: 0, conflicts: [] });
      // the same result again (another worker, a retried job) with another wall time
      assert.deepEqual(store.insertTrials(sweep.id, spec, [{ ...r, seconds: 9 }], 0), { inserted: 0, duplicates: 1, conflicts: [] });
      const out = store.insertTrials(sweep.id, spec, [{ ...r, error: 0.5 }], 0);
      assert.deepEqual(out, { inserted: 0, duplicates: 0, conflicts: [{ cell: 1, trial: 2, field: 'error', stored: r.error, offered: 0.5 }] });
      assert.equal(store.sweep(sweep.id).duplicates, 1);
      assert.equal(store.trials(sweep.id)[0].error, r.error);
      // records of other kinds: the same rules on the canonical JSON
      const other = store.openKind('test-kind', { a: 1 }, 'h1', { name: 't', ensemble: 'e', signal: 's', solver: 'x', n: 1 }, 4, 'test');
      const rec = { cell: 0, trial: 0, record: { q: 0.25, z: [1, 2] }, timing: { s: 1 }, seconds: 1 };
      assert.equal(store.insertResults(other.sweep.id, [rec], 0).inserted, 1);
      assert.equal(store.insertResults(other.sweep.id, [{ ...rec, record: { z: [1, 2], q: 0.25 }, timing: { s: 7 } }], 0).duplicates, 1);
      assert.deepEqual(store.insertResults(other.sweep.id, [{ ...rec, record: { q: 0.5, z: [1, 2] } }], 0).conflicts, [{ cell: 0, trial: 0, field: 'q', stored: 0.25, offered: 0.5 }]);
      assert.deepEqual(store.sweeps('test-kind').map((s) => s.kind), ['test-kind']);
    } finally {
      store.close();
    }
  });

  it('a run whose results conflict with stored ones keeps the stored ones and ends with an error naming the first conflict', async () => {
    const path = join(dir, 'conflict.db');
    const spec = parseSpec({ ...SPEC, trials: 1 });
    await runSweep(spec, { store: path, workers: 0 });
    const db = new Database(path);
    db.prepare('UPDATE trials SET iterations = iterations + 1000 WHERE cell = 0').run();
    db.prepare('DELETE FROM trials WHERE cell = 3').run();
    db.close();
    // resuming re-runs cell 3 only: no conflict; a fresh store run over the same store with a
    // second identical spec (join) re-offers every trial, and cell 0 now differs
    const r = await runSweep(spec, { store: path, workers: 0 });
    assert.equal(r.ran, 1);
    const s = Store.open(path);
    const sw = s.sweeps()[0];
    const results = [0, 1, 2, 3].map((c) => runTrial(spec, spec.cells[c], 0));
    const out = s.insertTrials(sw.id, spec, results, 0);
    s.close();
    assert.equal(out.duplicates, 3);
    assert.equal(out.conflicts.length, 1);
    assert.equal(out.conflicts[0].field, 'iterations');
  });

  it('two runs of one spec on one store at once both finish, and every trial is stored once, as a single run stores it', async () => {
    const path = join(dir, 'twice.db');
    const specPath = join(dir, 'twice.json');
    const spec = { ...SPEC, n: 60, trials: 30 };
    (await import('node:fs')).writeFileSync(specPath, JSON.stringify(spec));
    const run = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const c = spawn(process.execPath, [bin, 'sweep', 'run', specPath, '--store', path, '--workers', '1', '--quiet', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        c.stderr.on('data', (d) => {
          stderr += d;
        });
        c.on('exit', (code) => resolve({ code, stderr }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const rows = trialRows(path);
    assert.equal(rows.length, 4 * 30);
    assert.equal(new Set(rows.map((t) => `${t.cell}/${t.trial}`)).size, 4 * 30);
    const single = join(dir, 'single.db');
    await runSweep(spec, { store: single, workers: 0 });
    assert.deepEqual(rows, trialRows(single));
  });
});

describe('a schema-1 store', () => {
  before(async () => {
    await initHighs();
  });
  it('is migrated on open: its results kept, names of earlier releases rewritten, and its sweep resumes from them', async () => {
    const path = join(dir, 'v1.db');
    // a store as candor 0.1 wrote it: schema 1, a nonnegative LP sweep under its old names
    const old = { name: 'old', ensemble: 'hadamard', signal: 'nonneg', solver: { name: 'bp-lp-nonneg', options: {} }, n: 32, delta: [0.5], rho: [0.2], trials: 2, success: { kind: 'relative-error', threshold: 1e-5 }, seed: 1 };
    const spec = parseSpec(old, {}, { legacy: true });
    const t0 = runTrial(spec, spec.cells[0], 0);
    const db = new Database(path);
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE sweeps (id INTEGER PRIMARY KEY, name TEXT NOT NULL, spec TEXT NOT NULL, spec_hash TEXT NOT NULL UNIQUE, ensemble TEXT NOT NULL, signal TEXT NOT NULL, solver TEXT NOT NULL, n INTEGER NOT NULL, total_trials INTEGER NOT NULL, code_version TEXT NOT NULL, machine TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT, run_seconds REAL NOT NULL DEFAULT 0);
      CREATE TABLE trials (sweep_id INTEGER NOT NULL REFERENCES sweeps(id), cell INTEGER NOT NULL, trial INTEGER NOT NULL, seed TEXT NOT NULL, m INTEGER NOT NULL, k INTEGER NOT NULL, error REAL NOT NULL, success INTEGER NOT NULL, support_recovered INTEGER NOT NULL, iterations INTEGER NOT NULL, stop_reason TEXT NOT NULL, seconds REAL NOT NULL, PRIMARY KEY (sweep_id, cell, trial)) WITHOUT ROWID;
      INSERT INTO meta VALUES ('schema_version', '1');`);
    db.prepare("INSERT INTO sweeps (name, spec, spec_hash, ensemble, signal, solver, n, total_trials, code_version, machine, created_at) VALUES ('old', ?, 'oldhash', 'hadamard', 'nonneg', 'bp-lp-nonneg', 32, 2, '0.1.0', '{}', '2026-11-29')").run(JSON.stringify(old));
    db.prepare("INSERT INTO trials VALUES (1, 0, 0, 'k', ?, ?, ?, ?, ?, ?, ?, 0.1)").run(t0.m, t0.k, t0.error, t0.success ? 1 : 0, t0.supportRecovered ? 1 : 0, t0.iterations, t0.stopReason);
    db.close();
    // read-only: read as it is (schema 1 stays)
    const ro = Store.open(path, { readonly: true });
    assert.equal(ro.schema, 1);
    assert.equal(ro.sweeps()[0].done, 1);
    ro.close();
    // a run of today's spec finds the migrated sweep and runs only the missing trial
    const r = await runSweep(spec, { store: path, workers: 0 });
    assert.equal(r.resumed, true);
    assert.equal(r.ran, 1);
    const s = Store.open(path, { readonly: true });
    assert.equal(s.schema, SCHEMA_VERSION);
    const sw = s.sweeps()[0];
    assert.deepEqual([sw.spec.ensemble, sw.spec.solver], ['partial-hadamard', { name: 'bp-lp', options: { nonneg: true } }]);
    assert.equal(s.trials(sw.id).length, 2);
    s.close();
  });
});

describe('the MRI acceleration scan on the engine', () => {
  const N = 48;
  const truth = sheppLogan(N);
  const opts = { accelerations: [2, 4], repeats: 2, metric: 'nrmse' as const, target: 0.1, recon: { maxIter: 20 } };
  it('stored and run on two workers, it gives the plan of the one-thread scan; run again it only reads the store', async () => {
    const path = join(dir, 'scan.db');
    const one = planAcceleration(truth, N, N, opts);
    const r = await runAccelerationScan(truth, N, N, opts, { store: path, workers: 2, mainThreadHelps: false });
    assert.equal(r.complete, true);
    assert.equal(r.ran, 4);
    assert.equal(r.ranElsewhere, 4);
    const strip = (p: typeof one | null) => p && { ...p, rows: p.rows.map(({ seconds: _s, ...row }) => row) };
    assert.deepEqual(strip(r.plan), strip(one));
    const again = await runAccelerationScan(truth, N, N, opts, { store: path, workers: 2 });
    assert.equal(again.resumed, true);
    assert.equal(again.ran, 0);
    assert.deepEqual(strip(again.plan), strip(one));
    // another reference image is another scan
    const other = await runAccelerationScan(truth.map((v) => 2 * v), N, N, opts, { store: path, workers: 0 });
    assert.equal(other.resumed, false);
  });
  it('an interrupted scan (limit) has no plan yet and resumes where it stopped', async () => {
    const path = join(dir, 'scan-partial.db');
    const part = await runAccelerationScan(truth, N, N, opts, { store: path, workers: 0, limit: 3 });
    assert.equal(part.complete, false);
    assert.equal(part.plan, null);
    const rest = await runAccelerationScan(truth, N, N, opts, { store: path, workers: 0 });
    assert.equal(rest.ran, 1);
    assert.equal(rest.plan?.rows.length, 2);
  });
});

describe('matrix-free trials', () => {
  it('a partial-DCT trial at n = 4096 with a matrix-free solver holds no matrix (a fast transform) and recovers an easy signal', async () => {
    const { generateTrial } = await import('../../src/experiments/trial.ts');
    const spec = parseSpec({ ensemble: 'partial-dct', n: 4096, solver: 'spgl1', delta: [0.5], rho: [0.05], trials: 1, seed: 2 });
    const d = generateTrial(spec, spec.cells[0], 0);
    assert.equal(d.matrix, null);
    assert.match((d.A as { name: string }).name, /PartialDCT1\(2048 of 4096\)/);
    const r = runTrial(spec, spec.cells[0], 0);
    assert.equal(r.success, true, `relative error ${r.error}`);
    // the same solver on a small problem, or a solver that needs the matrix, gets the dense form
    const small = parseSpec({ ensemble: 'partial-dct', n: 256, solver: 'spgl1', delta: [0.5], rho: [0.05], trials: 1 });
    assert.notEqual(generateTrial(small, small.cells[0], 0).matrix, null);
  });
});
