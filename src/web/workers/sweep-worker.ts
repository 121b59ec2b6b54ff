/**
 * Web Worker running phase-transition trials with the library's own `runTrial` (the same code as
 * the CLI's worker threads), so the page's results equal `candor sweep run` for the same spec.
 * Each batch reports its compute time, from which the page estimates the run time.
 */
import { prepareSweepSolver } from '../../experiments/solvers.ts';
import { parseSpec, type ParsedSpec } from '../../experiments/spec.ts';
import { runTrial } from '../../experiments/trial.ts';

let spec: ParsedSpec | null = null;

self.onmessage = async (ev: MessageEvent<{ spec?: unknown; tasks?: Int32Array }>) => {
  try {
    if (ev.data.spec) {
      spec = parseSpec(ev.data.spec);
      await prepareSweepSolver(spec.solver.name);
      self.postMessage({ ready: true });
      return;
    }
    const t = ev.data.tasks!;
    const results = [];
    const t0 = performance.now();
    for (let i = 0; i < t.length; i += 2) results.push(runTrial(spec!, spec!.cells[t[i]], t[i + 1]));
    self.postMessage({ results, seconds: (performance.now() - t0) / 1000 });
  } catch (e) {
    self.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
