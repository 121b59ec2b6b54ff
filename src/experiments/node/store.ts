/**
 * The embedded experiment store: one SQLite file (better-sqlite3, WAL journal) holding sweeps
 * (spec, spec hash, code version, machine, timing) and one row per trial. Trials are written in
 * short transactions keyed by (sweep, cell, trial), so a sweep killed at any moment (kill -9)
 * loses only uncommitted work, which is recomputed bit-for-bit on resume, and no trial can be
 * counted twice. Locked, read-only and corrupt files get a clear error and are never modified.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { arch, cpus, hostname, platform, totalmem } from 'node:os';
import Database from 'better-sqlite3';
import { CandorError } from '../../core/errors.ts';
import { streamKey } from '../../core/rng/index.ts';
import { canonicalSpec, type SweepSpec } from '../spec.ts';
import type { TrialResult } from '../trial.ts';

export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sweeps (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  spec TEXT NOT NULL,
  spec_hash TEXT NOT NULL UNIQUE,
  ensemble TEXT NOT NULL,
  signal TEXT NOT NULL,
  solver TEXT NOT NULL,
  n INTEGER NOT NULL,
  total_trials INTEGER NOT NULL,
  code_version TEXT NOT NULL,
  machine TEXT NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT,
  run_seconds REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS trials (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
  cell INTEGER NOT NULL,
  trial INTEGER NOT NULL,
  seed TEXT NOT NULL,
  m INTEGER NOT NULL,
  k INTEGER NOT NULL,
  error REAL NOT NULL,
  success INTEGER NOT NULL,
  support_recovered INTEGER NOT NULL,
  iterations INTEGER NOT NULL,
  stop_reason TEXT NOT NULL,
  seconds REAL NOT NULL,
  PRIMARY KEY (sweep_id, cell, trial)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS curves (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
  ensemble TEXT NOT NULL,
  signal TEXT NOT NULL,
  solver TEXT NOT NULL,
  n INTEGER NOT NULL,
  delta REAL NOT NULL,
  rho50 REAL NOT NULL,
  rho50_lo REAL,
  rho50_hi REAL,
  width REAL,
  PRIMARY KEY (sweep_id, delta)
);
`;

export interface SweepRow {
  id: number;
  name: string;
  spec: SweepSpec;
  specHash: string;
  totalTrials: number;
  codeVersion: string;
  machine: Record<string, unknown>;
  createdAt: string;
  finishedAt: string | null;
  runSeconds: number;
  done: number;
}

export interface CurvePoint {
  delta: number;
  rho50: number;
  rho50Lo: number | null;
  rho50Hi: number | null;
  width: number | null;
}

export function specHash(spec: SweepSpec): string {
  return createHash('sha256').update(JSON.stringify(canonicalSpec(spec))).digest('hex').slice(0, 16);
}

export function machineInfo(): Record<string, unknown> {
  const c = cpus();
  return { hostname: hostname(), platform: platform(), arch: arch(), cpus: c.length, cpuModel: c[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

function storeError(path: string, e: unknown): CandorError {
  const code = (e as { code?: string }).code ?? '';
  const msg = (e as Error).message ?? String(e);
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_LOCKED')) {
    return new CandorError(`store ${path}`, 'lock', 'no other process writing to the store', 'it is locked by another process (try again when that sweep finishes)', 'store');
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' && existsSync(path)) {
    return new CandorError(`store ${path}`, 'access', 'a writable SQLite file', 'a read-only file (nothing was changed)', 'store');
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new CandorError(`store ${path}`, 'contents', 'a Candor SQLite store', 'a corrupt or non-SQLite file (nothing was changed)', 'store');
  }
  return new CandorError(`store ${path}`, 'operation', 'success', `${code || 'error'}: ${msg}`, 'store');
}

/**
 * Throws the store's one-line "no such file" error unless `path` exists: read-only commands
 * (sweep report, sweep list, trial reproduce, plan --store) call it so they never create a store.
 */
export function requireStoreFile(path: string): void {
  if (path !== ':memory:' && !existsSync(path)) {
    throw new CandorError(`store ${path}`, 'file', 'an existing store (sweeps are stored by `candor sweep run`)', 'no such file', 'store');
  }
}

export class Store {
  readonly path: string;
  readonly readonly: boolean;
  private db: Database.Database;

  private constructor(path: string, db: Database.Database, ro: boolean) {
    this.path = path;
    this.db = db;
    this.readonly = ro;
  }

  /** Opens (creating if needed, unless `readonly`) a store; validates it before writing anything. */
  static open(path: string, opts: { readonly?: boolean; busyTimeoutMs?: number } = {}): Store {
    const exists = path !== ':memory:' && existsSync(path);
    if (opts.readonly) requireStoreFile(path);
    if (exists) {
      const st = statSync(path);
      if (st.isDirectory()) throw new CandorError(`store ${path}`, 'file', 'a SQLite file', 'a directory', 'store');
      // SQLite opens a 0-byte file as an empty database: read-only, it has no tables to read
      if (st.size === 0 && opts.readonly) throw new CandorError(`store ${path}`, 'contents', 'a Candor store (made by candor sweep run)', 'an empty file', 'store');
    }
    if (exists && !opts.readonly) {
      try {
        accessSync(path, constants.W_OK);
      } catch {
        throw new CandorError(`store ${path}`, 'access', 'a writable SQLite file', 'a read-only file (nothing was changed)', 'store');
      }
    }
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false, timeout: opts.busyTimeoutMs ?? 5000 });
    } catch (e) {
      throw storeError(path, e);
    }
    try {
      // validate before any write: a corrupt file fails here
      const ok = db.pragma('quick_check', { simple: true });
      if (ok !== 'ok') throw Object.assign(new Error(String(ok)), { code: 'SQLITE_CORRUPT' });
      if (exists) {
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
        const names = new Set(tables.map((t) => t.name));
        if (tables.length > 0 && !names.has('sweeps')) {
          throw new CandorError(`store ${path}`, 'contents', 'a Candor store (tables sweeps, trials)', `an SQLite file with tables ${[...names].join(', ')} (nothing was changed)`, 'store');
        }
        if (names.has('meta')) {
          const v = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
          if (v && Number(v.value) !== SCHEMA_VERSION) {
            throw new CandorError(`store ${path}`, 'schema version', String(SCHEMA_VERSION), v.value, 'store');
          }
        }
      }
      if (!opts.readonly) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.exec(SCHEMA);
        db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
      }
    } catch (e) {
      db.close();
      if (e instanceof CandorError) throw e;
      throw storeError(path, e);
    }
    return new Store(path, db, opts.readonly ?? false);
  }

  /**
   * Closes the store. A writer leaves the file in rollback-journal mode, so the file is whole on
   * its own and a later read-only open (which cannot remove WAL files) leaves no -wal or -shm
   * behind; while other connections are open the mode stays WAL (SQLite refuses the change).
   */
  close(): void {
    if (!this.readonly) {
      try {
        this.db.pragma('journal_mode = DELETE');
      } catch {
        /* another connection is open: it keeps WAL */
      }
    }
    this.db.close();
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof CandorError) throw e;
      throw storeError(this.path, e);
    }
  }

  /** The sweep with this spec, created if new. `resumed` tells whether it already existed. */
  openSweep(spec: SweepSpec, codeVersion: string): { sweep: SweepRow; resumed: boolean; warnings: string[] } {
    return this.guard(() => {
      const hash = specHash(spec);
      const warnings: string[] = [];
      let row = this.findByHash(hash);
      if (row) {
        if (row.codeVersion !== codeVersion) {
          warnings.push(`resuming sweep ${row.id} created by candor ${row.codeVersion} with candor ${codeVersion}: trials are seeded identically, but a solver change between versions could change results`);
        }
        return { sweep: row, resumed: true, warnings };
      }
      const c = canonicalSpec(spec);
      this.db
        .prepare(
          `INSERT INTO sweeps (name, spec, spec_hash, ensemble, signal, solver, n, total_trials, code_version, machine, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(c.name, JSON.stringify(c), hash, c.ensemble, c.signal, c.solver.name, c.n, c.delta.length * c.rho.length * c.trials, codeVersion, JSON.stringify(machineInfo()), new Date().toISOString());
      row = this.findByHash(hash)!;
      return { sweep: row, resumed: false, warnings };
    });
  }

  private rowToSweep(r: Record<string, unknown>): SweepRow {
    const done = (this.db.prepare('SELECT COUNT(*) AS c FROM trials WHERE sweep_id = ?').get(r.id) as { c: number }).c;
    return {
      id: r.id as number,
      name: r.name as string,
      spec: JSON.parse(r.spec as string),
      specHash: r.spec_hash as string,
      totalTrials: r.total_trials as number,
      codeVersion: r.code_version as string,
      machine: JSON.parse(r.machine as string),
      createdAt: r.created_at as string,
      finishedAt: (r.finished_at as string | null) ?? null,
      runSeconds: r.run_seconds as number,
      done,
    };
  }

  private findByHash(hash: string): SweepRow | null {
    const r = this.db.prepare('SELECT * FROM sweeps WHERE spec_hash = ?').get(hash) as Record<string, unknown> | undefined;
    return r ? this.rowToSweep(r) : null;
  }

  sweep(id: number): SweepRow {
    return this.guard(() => {
      const r = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      if (!r) {
        const ids = (this.db.prepare('SELECT id FROM sweeps ORDER BY id').all() as { id: number }[]).map((x) => x.id);
        throw new CandorError(`store ${this.path}`, 'sweep id', ids.length ? `one of ${ids.join(', ')}` : 'an existing sweep (the store is empty)', String(id), 'usage');
      }
      return this.rowToSweep(r);
    });
  }

  sweeps(): SweepRow[] {
    return this.guard(() => (this.db.prepare('SELECT * FROM sweeps ORDER BY id').all() as Record<string, unknown>[]).map((r) => this.rowToSweep(r)));
  }

  /** (cell, trial) pairs already stored for a sweep, as a Set of cell * trials + trial. */
  doneKeys(sweepId: number, trialsPerCell: number): Set<number> {
    return this.guard(() => {
      const s = new Set<number>();
      for (const r of this.db.prepare('SELECT cell, trial FROM trials WHERE sweep_id = ?').iterate(sweepId) as Iterable<{ cell: number; trial: number }>) {
        s.add(r.cell * trialsPerCell + r.trial);
      }
      return s;
    });
  }

  /** Inserts results in one transaction (all or nothing). A duplicate key is an error, never a double count. */
  insertTrials(sweepId: number, spec: SweepSpec, results: readonly TrialResult[], runSeconds: number): void {
    this.guard(() => {
      const ins = this.db.prepare(
        `INSERT INTO trials (sweep_id, cell, trial, seed, m, k, error, success, support_recovered, iterations, stop_reason, seconds)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const upd = this.db.prepare('UPDATE sweeps SET run_seconds = run_seconds + ? WHERE id = ?');
      this.db.transaction(() => {
        for (const r of results) {
          const seed = streamKey(spec.seed, [r.cell, r.trial]).toString(16).padStart(16, '0');
          ins.run(sweepId, r.cell, r.trial, seed, r.m, r.k, r.error, r.success ? 1 : 0, r.supportRecovered ? 1 : 0, r.iterations, r.stopReason, r.seconds);
        }
        upd.run(runSeconds, sweepId);
      })();
    });
  }

  markFinished(sweepId: number): void {
    this.guard(() => this.db.prepare('UPDATE sweeps SET finished_at = ? WHERE id = ? AND finished_at IS NULL').run(new Date().toISOString(), sweepId));
  }

  trials(sweepId: number): (TrialResult & { seed: string })[] {
    return this.guard(() =>
      (this.db.prepare('SELECT * FROM trials WHERE sweep_id = ? ORDER BY cell, trial').all(sweepId) as Record<string, unknown>[]).map((r) => ({
        cell: r.cell as number,
        trial: r.trial as number,
        seed: r.seed as string,
        m: r.m as number,
        k: r.k as number,
        error: r.error as number,
        success: r.success === 1,
        supportRecovered: r.support_recovered === 1,
        iterations: r.iterations as number,
        stopReason: r.stop_reason as string,
        seconds: r.seconds as number,
      })),
    );
  }

  /** Stores the fitted 50% curve of a sweep (replacing an earlier fit). */
  saveCurve(sweep: SweepRow, points: readonly CurvePoint[]): void {
    this.guard(() => {
      const s = sweep.spec;
      const del = this.db.prepare('DELETE FROM curves WHERE sweep_id = ?');
      const ins = this.db.prepare('INSERT INTO curves (sweep_id, ensemble, signal, solver, n, delta, rho50, rho50_lo, rho50_hi, width) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      this.db.transaction(() => {
        del.run(sweep.id);
        for (const p of points) ins.run(sweep.id, s.ensemble, s.signal, s.solver.name, s.n, p.delta, p.rho50, p.rho50Lo, p.rho50Hi, p.width);
      })();
    });
  }

  /** Stored empirical curves for an ensemble and signal model (all sizes and solvers), newest sweep first. */
  curves(ensemble: string, signal: string): { sweepId: number; n: number; solver: string; points: CurvePoint[] }[] {
    return this.guard(() => {
      const rows = this.db.prepare('SELECT * FROM curves WHERE ensemble = ? AND signal = ? ORDER BY sweep_id DESC, delta').all(ensemble, signal) as Record<string, unknown>[];
      const by = new Map<number, { sweepId: number; n: number; solver: string; points: CurvePoint[] }>();
      for (const r of rows) {
        const id = r.sweep_id as number;
        if (!by.has(id)) by.set(id, { sweepId: id, n: r.n as number, solver: r.solver as string, points: [] });
        by.get(id)!.points.push({ delta: r.delta as number, rho50: r.rho50 as number, rho50Lo: (r.rho50_lo as number) ?? null, rho50Hi: (r.rho50_hi as number) ?? null, width: (r.width as number) ?? null });
      }
      return [...by.values()];
    });
  }
}
