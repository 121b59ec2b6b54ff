/**
 * The experiment store's file (./store.ts holds its sweeps and results): the SQLite schema and
 * its version, opening and validating a file before anything is written, the migration of
 * schema-1 stores, and the one-line errors for locked, read-only, corrupt and foreign files.
 *
 * Schema 2 adds the sweep kind, the duplicate count and the `results` table to schema 1. A
 * writable schema-1 store is migrated in one transaction on open (its sweeps are phase
 * transitions; names of earlier releases in their specs are rewritten to today's, see
 * ../spec.ts); a read-only one is read as it is.
 *
 * @example
 * import { openDatabase, SCHEMA_VERSION } from './store-schema.ts';
 * const { db, schema } = openDatabase(':memory:', {});   // schema === SCHEMA_VERSION
 * db.close();
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CandorError } from '../../core/errors.ts';
import { canonicalSpec, parseSpec, type SweepSpec } from '../spec.ts';

/** The schema version of stores this release writes. */
export const SCHEMA_VERSION = 2;

/** The kind of the phase-transition sweeps (the only kind of schema 1). */
export const PHASE_TRANSITION = 'phase-transition';

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
  run_seconds REAL NOT NULL DEFAULT 0,
  kind TEXT NOT NULL DEFAULT 'phase-transition',
  duplicates INTEGER NOT NULL DEFAULT 0
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
CREATE TABLE IF NOT EXISTS results (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
  cell INTEGER NOT NULL,
  trial INTEGER NOT NULL,
  record TEXT NOT NULL,
  timing TEXT NOT NULL,
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

/** The hash identifying a phase-transition spec: the first 16 hex digits of SHA-256 over its canonical JSON. */
export function specHash(spec: SweepSpec): string {
  return createHash('sha256').update(JSON.stringify(canonicalSpec(spec))).digest('hex').slice(0, 16);
}

/** The store's one-line error for a failed SQLite operation on `path`. */
export function storeError(path: string, e: unknown): CandorError {
  const code = (e as { code?: string }).code ?? '';
  const msg = (e as Error).message ?? String(e);
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_LOCKED')) {
    return new CandorError(`store ${path}`, 'lock', 'no other process writing to the store', 'it is locked by another process (try again when that sweep finishes)', 'store');
  }
  if (code.startsWith('SQLITE_READONLY') || (code === 'SQLITE_CANTOPEN' && existsSync(path))) {
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

/**
 * Opens the SQLite file of a store and checks it before anything is written: a directory, an
 * empty file opened read-only, a read-only file opened for writing, a corrupt file, another
 * application's database and a newer schema are each refused with one clear error; a writable
 * schema-1 store is migrated (see {@link migrateFrom1}) and the schema created. Returns the
 * connection and the schema the file has.
 */
export function openDatabase(path: string, opts: { readonly?: boolean; busyTimeoutMs?: number }): { db: Database.Database; schema: number } {
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
  let schema = SCHEMA_VERSION;
  try {
    // validate before any write: a corrupt file fails here
    const ok = db.pragma('quick_check', { simple: true });
    if (ok !== 'ok') throw Object.assign(new Error(String(ok)), { code: 'SQLITE_CORRUPT' });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    const names = new Set(tables.map((t) => t.name));
    if (exists && tables.length > 0 && !names.has('sweeps')) {
      throw new CandorError(`store ${path}`, 'contents', 'a Candor store (tables sweeps, trials)', `an SQLite file with tables ${[...names].join(', ')} (nothing was changed)`, 'store');
    }
    if (names.has('meta')) {
      const v = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
      if (v) schema = Number(v.value);
      if (v && schema !== SCHEMA_VERSION && schema !== 1) {
        throw new CandorError(`store ${path}`, 'schema version', `1 or ${SCHEMA_VERSION}`, `${v.value} (written by a newer Candor; nothing was changed)`, 'store');
      }
    } else if (names.has('sweeps')) schema = 1;
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      if (schema === 1) migrateFrom1(db);
      db.exec(SCHEMA);
      db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
      schema = SCHEMA_VERSION;
    }
  } catch (e) {
    db.close();
    if (e instanceof CandorError) throw e;
    throw storeError(path, e);
  }
  return { db, schema };
}

/**
 * Schema 1 -> 2, in one transaction: the sweep kind and duplicate count columns, the results
 * table, and every stored spec rewritten with today's names (its hash and summary columns too).
 */
function migrateFrom1(db: Database.Database): void {
  db.transaction(() => {
    const cols = new Set((db.prepare("SELECT name FROM pragma_table_info('sweeps')").all() as { name: string }[]).map((c) => c.name));
    if (!cols.has('kind')) db.exec(`ALTER TABLE sweeps ADD COLUMN kind TEXT NOT NULL DEFAULT '${PHASE_TRANSITION}'`);
    if (!cols.has('duplicates')) db.exec('ALTER TABLE sweeps ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0');
    db.exec(SCHEMA);
    const upd = db.prepare('UPDATE sweeps SET spec = ?, spec_hash = ?, ensemble = ?, solver = ? WHERE id = ?');
    for (const r of db.prepare('SELECT id, spec FROM sweeps').all() as { id: number; spec: string }[]) {
      const spec = parseSpec(JSON.parse(r.spec), {}, { legacy: true });
      const c = canonicalSpec(spec);
      const text = JSON.stringify(c);
      if (text !== r.spec) upd.run(text, specHash(spec), c.ensemble, c.solver.name, r.id);
    }
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
  })();
}
