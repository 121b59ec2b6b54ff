/**
 * The canonical export of a SQLite store, for receipts: two runs that stored the same results
 * have equal exports even though the SQLite files differ (page layout, creation times, the code
 * version and machine recorded per sweep, run seconds). The export keeps, per sweep in id order,
 * its kind, name, canonical spec and hash, total trials, and every stored result in (cell, trial)
 * order without its timing; sweep ids, times, machine, code version and duplicate counts are left
 * out (they describe the run, not its results).
 *
 * @example
 * import { storeExport } from './store-export.ts';
 * storeExport('runs.db', [1]).sweeps[0].results.length; // trials stored for sweep 1
 */
import { canonicalJson, Store } from '../experiments/node/store.ts';
import { sha256Of } from '../io/node/receipt-files.ts';

/** The canonical export of the given sweeps of a store (all sweeps when `ids` is null). */
export function storeExport(path: string, ids: readonly number[] | null): { sweeps: Record<string, unknown>[] } {
  const store = Store.open(path, { readonly: true });
  try {
    const rows = ids === null ? store.sweeps() : ids.map((id) => store.sweep(id));
    return {
      sweeps: rows.map((s) => ({
        kind: s.kind,
        name: s.name,
        spec: s.spec,
        specHash: s.specHash,
        totalTrials: s.totalTrials,
        done: s.done,
        complete: s.finishedAt !== null,
        results:
          s.kind === 'phase-transition'
            ? store.trials(s.id).map(({ seconds: _s, ...t }) => t)
            : store.results(s.id).map(({ cell, trial, record }) => ({ cell, trial, record })),
      })),
    };
  } finally {
    store.close();
  }
}

/** The export as canonical JSON text. */
export function storeExportText(path: string, ids: readonly number[] | null): string {
  return canonicalJson(storeExport(path, ids));
}

/** Hex sha256 of the canonical export. */
export function storeExportHash(path: string, ids: readonly number[] | null): string {
  return sha256Of(storeExportText(path, ids));
}
