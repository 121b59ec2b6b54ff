/**
 * The embedded experiment store: one SQLite file (better-sqlite3, WAL journal) holding sweeps of
 * any kind (spec, spec hash, kind, code version, machine, timing) and one row per (sweep, cell,
 * trial) result: phase-transition trials in `trials` (one column per field), other kinds (the
 * MRI acceleration scan, ...) in `results` (the reproducible record as canonical JSON, its
 * timing beside it).
 *
 * The result store is idempotent, so delivery may be at-least-once (two runs of one spec at
 * once, a retried job, a resumed run): a result for a key that already holds an identical one
 * is ignored and counted (`sweeps.duplicates`); a different one is refused and reported as a
 * conflict, never stored. "Identical" compares every reproducible field (not the wall time).
 * Results are written in short transactions, so a sweep killed at any moment (kill -9) loses only
 * uncommitted work, which is recomputed bit-for-bit on resume. Locked, read-only and corrupt
 * files get a clear error and are never modified.
 *
 * The file itself (schema, validation on open, the schema-1 migration, the errors) is
 * ./store-schema.ts.
 */
import { createHash } from 'node:crypto';
import { arch, cpus, hostname, platform, totalmem } from 'node:os';
import type Database from 'better-sqlite3';
import { CandorError } from '../../core/errors.ts';
import { streamKey } from '../../core/rng/index.ts';
import { canonicalSpec, type SweepSpec } from '../spec.ts';
import type { TrialResult } from '../trial.ts';
import { openDatabase, PHASE_TRANSITION, specHash, storeError } from './store-schema.ts';

export { PHASE_TRANSITION, requireStoreFile, SCHEMA_VERSION, specHash } from './store-schema.ts';

/** A sweep as stored: identity (kind, name, canonical spec and its hash), code version, machine, timing and result counts. */
export interface SweepRow {
  id: number;
  kind: string;
  name: string;
  /** The canonical spec as stored (for phase transitions a SweepSpec). */
  spec: SweepSpec;
  specHash: string;
  totalTrials: number;
  codeVersion: string;
  machine: Record<string, unknown>;
  createdAt: string;
  finishedAt: string | null;
  runSeconds: number;
  /** Results stored (trials or records). */
  done: number;
  /** Identical results delivered again and ignored. */
  duplicates: number;
}

/** One point of a stored empirical transition curve: rho50 at delta with its 95% interval and 10%-90% width. */
export interface CurvePoint {
  delta: number;
  rho50: number;
  rho50Lo: number | null;
  rho50Hi: number | null;
  width: number | null;
}

/** What a sweep lists in its summary columns. */
export interface SweepSummary {
  name: string;
  ensemble: string;
  signal: string;
  solver: string;
  n: number;
}

/** A result of a non-phase-transition kind as stored: the reproducible record and its timing. */
export interface StoredResult {
  cell: number;
  trial: number;
  /** The reproducible record (compared for idempotency). */
  record: Record<string, unknown>;
  /** Non-reproducible timing (not compared). */
  timing: Record<string, unknown>;
  seconds: number;
}

/** A result refused because its key already holds a different one. */
export interface ResultConflict {
  cell: number;
  trial: number;
  /** The first field that differs, with both values. */
  field: string;
  stored: unknown;
  offered: unknown;
}

/** What storing a batch of results did: rows inserted, identical duplicates ignored, and conflicting results refused. */
export interface InsertOutcome {
  inserted: number;
  duplicates: number;
  conflicts: ResultConflict[];
}

/** The hash of a spec of another kind (the kind is part of what is hashed). */
export function kindSpecHash(kind: string, canonical: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify({ kind, spec: canonical })).digest('hex').slice(0, 16);
}

/** The machine a sweep ran on: host name, platform, architecture, CPU count and model, memory in GiB and Node version. */
export function machineInfo(): Record<string, unknown> {
  const c = cpus();
  return { hostname: hostname(), platform: platform(), arch: arch(), cpus: c.length, cpuModel: c[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

/** The reproducible fields of a stored trial, in a fixed order (compared for idempotency). */
const TRIAL_FIELDS = ['seed', 'm', 'k', 'error', 'success', 'support_recovered', 'iterations', 'stop_reason'] as const;

/** Deterministic JSON: object keys sorted, so equal records give equal text. */
export function canonicalJson(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === 'object') {
      return Object.fromEntries(
        Object.keys(x as object)
          .sort()
          .map((k) => [k, sort((x as Record<string, unknown>)[k])]),
      );
    }
    return x;
  };
  return JSON.stringify(sort(v));
}

/** The first differing top-level field of two records (for a conflict message). */
function firstDifference(a: Record<string, unknown>, b: Record<string, unknown>): [string, unknown, unknown] {
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (canonicalJson(a[k]) !== canonicalJson(b[k])) return [k, a[k], b[k]];
  }
  return ['(record)', a, b];
}

/** The experiment store: one SQLite file of sweeps and their results (idempotent, resumable); open it with `Store.open`. */
export class Store {
  readonly path: string;
  readonly readonly: boolean;
  /** The schema the file has (a read-only schema-1 store stays at 1). */
  readonly schema: number;
  private db: Database.Database;

  private constructor(path: string, db: Database.Database, ro: boolean, schema: number) {
    this.path = path;
    this.db = db;
    this.readonly = ro;
    this.schema = schema;
  }

  /** Opens (creating if needed, unless `readonly`) a store; validates it before writing anything. */
  static open(path: string, opts: { readonly?: boolean; busyTimeoutMs?: number } = {}): Store {
    // Opening checks and sets up the file (journal mode, schema); another process doing the same at
    // that moment can make SQLite answer SQLITE_BUSY at once, without waiting in its busy handler.
    // Every step is idempotent, so the open is retried until the busy timeout.
    const deadline = Date.now() + (opts.busyTimeoutMs ?? 5000);
    for (;;) {
      try {
        return Store.openOnce(path, opts);
      } catch (e) {
        const busy = e instanceof CandorError && e.what === 'lock';
        if (!busy || Date.now() >= deadline) throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
      }
    }
  }

  private static openOnce(path: string, opts: { readonly?: boolean; busyTimeoutMs?: number }): Store {
    const { db, schema } = openDatabase(path, opts);
    return new Store(path, db, opts.readonly ?? false, schema);
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

  /** The phase-transition sweep with this spec, created if new. `resumed` tells whether it already existed. */
  openSweep(spec: SweepSpec, codeVersion: string): { sweep: SweepRow; resumed: boolean; warnings: string[] } {
    const c = canonicalSpec(spec);
    return this.openKind(PHASE_TRANSITION, c as unknown as Record<string, unknown>, specHash(spec), { name: c.name, ensemble: c.ensemble, signal: c.signal, solver: c.solver.name, n: c.n }, c.delta.length * c.rho.length * c.trials, codeVersion);
  }

  /**
   * The sweep of `kind` with this canonical spec, created if new (safe when two processes open
   * the same spec at once: both get the one row).
   */
  openKind(kind: string, canonical: Record<string, unknown>, hash: string, s: SweepSummary, totalTrials: number, codeVersion: string): { sweep: SweepRow; resumed: boolean; warnings: string[] } {
    return this.guard(() => {
      const warnings: string[] = [];
      let row = this.findByHash(hash);
      if (row) {
        if (row.codeVersion !== codeVersion) {
          warnings.push(`resuming sweep ${row.id} created by candor ${row.codeVersion} with candor ${codeVersion}: trials are seeded identically, but a solver change between versions could change results`);
        }
        return { sweep: row, resumed: true, warnings };
      }
      this.db
        .prepare(
          `INSERT OR IGNORE INTO sweeps (name, spec, spec_hash, ensemble, signal, solver, n, total_trials, code_version, machine, created_at, kind)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(s.name, JSON.stringify(canonical), hash, s.ensemble, s.signal, s.solver, s.n, totalTrials, codeVersion, JSON.stringify(machineInfo()), new Date().toISOString(), kind);
      row = this.findByHash(hash)!;
      return { sweep: row, resumed: false, warnings };
    });
  }

  private rowToSweep(r: Record<string, unknown>): SweepRow {
    const kind = (r.kind as string | undefined) ?? PHASE_TRANSITION;
    const table = kind === PHASE_TRANSITION ? 'trials' : 'results';
    const done = table === 'results' && this.schema < 2 ? 0 : (this.db.prepare(`SELECT COUNT(*) AS c FROM ${table} WHERE sweep_id = ?`).get(r.id) as { c: number }).c;
    return {
      id: r.id as number,
      kind,
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
      duplicates: (r.duplicates as number | undefined) ?? 0,
    };
  }

  private findByHash(hash: string): SweepRow | null {
    const r = this.db.prepare('SELECT * FROM sweeps WHERE spec_hash = ?').get(hash) as Record<string, unknown> | undefined;
    return r ? this.rowToSweep(r) : null;
  }

  /** The sweep with this id; `kind` (when given) must match, else a usage error says what it is. */
  sweep(id: number, kind?: string): SweepRow {
    return this.guard(() => {
      const r = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      if (!r) {
        const all = this.sweeps();
        const ids = all.filter((x) => kind === undefined || x.kind === kind).map((x) => x.id);
        const none = all.length === 0 ? 'the store is empty' : `the store has no ${kind} sweep`;
        throw new CandorError(`store ${this.path}`, 'sweep id', ids.length ? `one of ${ids.join(', ')}` : `an existing sweep (${none})`, String(id), 'usage');
      }
      const row = this.rowToSweep(r);
      if (kind !== undefined && row.kind !== kind) {
        throw new CandorError(`store ${this.path}`, `sweep ${id}`, `a ${kind} sweep`, `a ${row.kind} sweep`, 'usage');
      }
      return row;
    });
  }

  /** Every sweep (of `kind` when given), oldest first. */
  sweeps(kind?: string): SweepRow[] {
    return this.guard(() =>
      (this.db.prepare('SELECT * FROM sweeps ORDER BY id').all() as Record<string, unknown>[]).map((r) => this.rowToSweep(r)).filter((s) => kind === undefined || s.kind === kind),
    );
  }

  /** (cell, trial) pairs already stored for a sweep, as a Set of cell * trials + trial. */
  doneKeys(sweepId: number, trialsPerCell: number, kind = PHASE_TRANSITION): Set<number> {
    return this.guard(() => {
      const s = new Set<number>();
      if (kind !== PHASE_TRANSITION && this.schema < 2) return s;
      const table = kind === PHASE_TRANSITION ? 'trials' : 'results';
      for (const r of this.db.prepare(`SELECT cell, trial FROM ${table} WHERE sweep_id = ?`).iterate(sweepId) as Iterable<{ cell: number; trial: number }>) {
        s.add(r.cell * trialsPerCell + r.trial);
      }
      return s;
    });
  }

  /**
   * Stores phase-transition results in one transaction. A key that already holds an identical
   * result counts as a duplicate; one that holds a different result is a conflict (not stored).
   */
  insertTrials(sweepId: number, spec: SweepSpec, results: readonly TrialResult[], runSeconds: number): InsertOutcome {
    return this.guard(() => {
      const ins = this.db.prepare(
        `INSERT INTO trials (sweep_id, cell, trial, seed, m, k, error, success, support_recovered, iterations, stop_reason, seconds)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sweep_id, cell, trial) DO NOTHING`,
      );
      const get = this.db.prepare('SELECT * FROM trials WHERE sweep_id = ? AND cell = ? AND trial = ?');
      const out: InsertOutcome = { inserted: 0, duplicates: 0, conflicts: [] };
      this.db.transaction(() => {
        for (const r of results) {
          const seed = streamKey(spec.seed, [r.cell, r.trial]).toString(16).padStart(16, '0');
          const row = [seed, r.m, r.k, r.error, r.success ? 1 : 0, r.supportRecovered ? 1 : 0, r.iterations, r.stopReason];
          if (ins.run(sweepId, r.cell, r.trial, ...row, r.seconds).changes === 1) {
            out.inserted++;
            continue;
          }
          const old = get.get(sweepId, r.cell, r.trial) as Record<string, unknown>;
          const i = TRIAL_FIELDS.findIndex((f, j) => !Object.is(old[f], row[j]));
          if (i < 0) out.duplicates++;
          else out.conflicts.push({ cell: r.cell, trial: r.trial, field: TRIAL_FIELDS[i], stored: old[TRIAL_FIELDS[i]], offered: row[i] });
        }
        this.db.prepare('UPDATE sweeps SET run_seconds = run_seconds + ?, duplicates = duplicates + ? WHERE id = ?').run(runSeconds, out.duplicates, sweepId);
      })();
      return out;
    });
  }

  /** Stores results of another kind, with the same idempotency as insertTrials. */
  insertResults(sweepId: number, results: readonly StoredResult[], runSeconds: number): InsertOutcome {
    return this.guard(() => {
      const ins = this.db.prepare('INSERT INTO results (sweep_id, cell, trial, record, timing, seconds) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sweep_id, cell, trial) DO NOTHING');
      const get = this.db.prepare('SELECT record FROM results WHERE sweep_id = ? AND cell = ? AND trial = ?');
      const out: InsertOutcome = { inserted: 0, duplicates: 0, conflicts: [] };
      this.db.transaction(() => {
        for (const r of results) {
          const text = canonicalJson(r.record);
          if (ins.run(sweepId, r.cell, r.trial, text, canonicalJson(r.timing), r.seconds).changes === 1) {
            out.inserted++;
            continue;
          }
          const old = (get.get(sweepId, r.cell, r.trial) as { record: string }).record;
          if (old === text) out.duplicates++;
          else {
            const [field, stored, offered] = firstDifference(JSON.parse(old), JSON.parse(text));
            out.conflicts.push({ cell: r.cell, trial: r.trial, field, stored, offered });
          }
        }
        this.db.prepare('UPDATE sweeps SET run_seconds = run_seconds + ?, duplicates = duplicates + ? WHERE id = ?').run(runSeconds, out.duplicates, sweepId);
      })();
      return out;
    });
  }

  /** Records the sweep's finish time (once: a finished sweep keeps its first time). */
  markFinished(sweepId: number): void {
    this.guard(() => this.db.prepare('UPDATE sweeps SET finished_at = ? WHERE id = ? AND finished_at IS NULL').run(new Date().toISOString(), sweepId));
  }

  /** The stored trials of a phase-transition sweep with their seeds, ordered by cell then trial. */
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

  /** The stored results of a sweep of another kind, ordered by (cell, trial). */
  results(sweepId: number): StoredResult[] {
    return this.guard(() => {
      if (this.schema < 2) return [];
      return (this.db.prepare('SELECT * FROM results WHERE sweep_id = ? ORDER BY cell, trial').all(sweepId) as Record<string, unknown>[]).map((r) => ({
        cell: r.cell as number,
        trial: r.trial as number,
        record: JSON.parse(r.record as string),
        timing: JSON.parse(r.timing as string),
        seconds: r.seconds as number,
      }));
    });
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
