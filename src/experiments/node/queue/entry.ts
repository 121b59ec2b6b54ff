/**
 * Reading one entry of a queue's results stream (./protocol.ts) as the coordinator receives it:
 * every field is checked against the sweep it collects (sweep id, code version, a job id of that
 * sweep and version within its grid, results of exactly that job's cell and trial range), so an
 * entry of another sweep or version, a forged or damaged one, is one clear error and nothing of it
 * reaches the store. A worker's task error becomes the run's error, as in a local run.
 *
 * @example
 * import { readEntry } from './entry.ts';
 * // readEntry('1-0', ['t', 'notice', 'sweep', id, 'v', '1.0', 'w', 'h:1', 'msg', 'hello'], expect)
 * // -> { type: 'notice', message: 'hello' }
 */
import { CandorError } from '../../../core/errors.ts';
import { decodeValue } from './codec.ts';
import { entryFields, parseJobId } from './protocol.ts';

/** What the coordinator expects of every entry. */
export interface EntryExpect {
  where: string;
  sweep: string;
  version: string;
  vhash: string;
  cells: number;
  trials: number;
}

export type Entry = { type: 'notice'; message: string } | { type: 'results'; job: string; results: { cell: number; trial: number }[] };

const short = (s: string | undefined) => (s === undefined ? '(none)' : JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s));

export function readEntry(entryId: string, flat: string[], x: EntryExpect): Entry {
  const f = entryFields(flat);
  const from = `worker ${f.w === undefined ? '?' : f.w.slice(0, 80)}`;
  const what = `results stream entry ${entryId} from ${from}`;
  if (f.sweep !== x.sweep) throw new CandorError(x.where, what, `an entry of sweep ${x.sweep}`, `one of sweep ${short(f.sweep)} (nothing of it was stored)`, 'store');
  if (f.v !== x.version) throw new CandorError(x.where, what, `results of candor ${x.version} (this coordinator)`, `results of candor ${f.v === undefined ? '(unknown)' : f.v.slice(0, 80)} (nothing of it was stored)`, 'store');
  if (f.t === 'notice') return { type: 'notice', message: (f.msg ?? '').slice(0, 500) };
  if (f.t === 'error') throw new CandorError(`sweep ${from}`, 'trial', 'a completed trial', (f.msg ?? '(no message)').slice(0, 2000), 'numerical');
  if (f.t !== 'results') throw new CandorError(x.where, what, 'results, an error or a notice', short(f.t), 'store');
  const j = parseJobId(f.job ?? '');
  if (!j || j.sweep !== x.sweep || j.vhash !== x.vhash || j.cell >= x.cells || j.t1 > x.trials) {
    throw new CandorError(x.where, what, `a job of sweep ${x.sweep}`, `job ${short(f.job)} (nothing of it was stored)`, 'store');
  }
  const rs = decodeValue(f.data ?? '', `${x.where}: results of job ${f.job}`);
  const ok =
    Array.isArray(rs) &&
    rs.length > 0 &&
    rs.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && (r as { cell?: unknown }).cell === j.cell && Number.isInteger((r as { trial?: unknown }).trial) && (r as { trial: number }).trial >= j.t0 && (r as { trial: number }).trial < j.t1);
  if (!ok) throw new CandorError(x.where, `results of job ${f.job} from ${from}`, `results of cell ${j.cell}, trials ${j.t0} to ${j.t1 - 1}`, 'other data (nothing of it was stored)', 'store');
  return { type: 'results', job: f.job as string, results: rs as { cell: number; trial: number }[] };
}
