/**
 * Sweep report: per-cell statistics, the fitted transition and its deviation from theory, written
 * as figures (phase diagram SVG + PNG) and tables (cells and curve as CSV and JSON) into a folder.
 * The fitted 50% curve is also stored in the SQLite store so the planner can use it for
 * structured ensembles ('empirical' provenance).
 */
import { join } from 'node:path';
import { ensureDir, writeFilesAtomic } from '../../io/node/files.ts';
import { dtCurve } from '../../predict/transition.ts';
import { type CellStats, cellStats, transition, type TransitionSummary } from '../analysis.ts';
import { phaseDiagramSpec } from '../figures.ts';
import { parseSpec, type ParsedSpec } from '../spec.ts';
import { renderSvg, svgToPng } from './render.ts';
import { Store, type SweepRow } from './store.ts';

/** A phase-transition sweep's report: its stored row and spec, the per-cell statistics, the fitted transition, and the files written. */
export interface SweepReport {
  sweep: SweepRow;
  spec: ParsedSpec;
  cells: CellStats[];
  transition: TransitionSummary;
  files: string[];
}

function csv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const keys = Object.keys(rows[0]);
  const fmt = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : JSON.stringify(String(v)));
  return `${keys.join(',')}\n${rows.map((r) => keys.map((k) => fmt(r[k])).join(',')).join('\n')}\n`;
}

const enc = (s: string) => new TextEncoder().encode(s);

/** Analyses a stored sweep; with `outDir`, writes its figures and tables there. */
export async function reportSweep(storePath: string, sweepId: number, outDir?: string): Promise<SweepReport> {
  // read only: a report never modifies the store (the planner fits curves from the stored trials)
  const store = Store.open(storePath, { readonly: true });
  try {
    const sweep = store.sweep(sweepId);
    const spec = parseSpec(sweep.spec, {}, { legacy: true });
    const cells = cellStats(spec, store.trials(sweep.id));
    const tr = transition(spec, cells);
    const files: string[] = [];
    if (outDir) {
      ensureDir(outDir, 'sweep report');
      const grid = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
      const curve = dtCurve(grid, { signal: spec.signal === 'nonneg' ? 'nonneg' : 'signed' });
      const theory = grid.map((d, i) => ({ delta: d, rho: curve.rho[i] }));
      const title = `${spec.ensemble}, ${spec.signal}, ${spec.solver.name}, n=${spec.n}, ${spec.trials} trials/cell`;
      const svg = await renderSvg(phaseDiagramSpec(cells, tr, { title, theory }));
      const out = [
        { path: join(outDir, 'phase-diagram.svg'), data: enc(svg) },
        { path: join(outDir, 'phase-diagram.png'), data: await svgToPng(svg) },
        { path: join(outDir, 'cells.csv'), data: enc(csv(cells as unknown as Record<string, unknown>[])) },
        { path: join(outDir, 'cells.json'), data: enc(`${JSON.stringify(cells, null, 2)}\n`) },
        { path: join(outDir, 'curve.csv'), data: enc(csv(tr.points as unknown as Record<string, unknown>[])) },
        { path: join(outDir, 'curve.json'), data: enc(`${JSON.stringify(tr, null, 2)}\n`) },
      ];
      writeFilesAtomic(out, 'sweep report');
      files.push(...out.map((f) => f.path));
    }
    return { sweep, spec, cells, transition: tr, files };
  } finally {
    store.close();
  }
}
