/**
 * The planner's empirical provenance: an EmpiricalProvider (src/predict/plan.ts) backed by the
 * sweeps in a SQLite store. It offers one curve per stored sweep (newest first) and lets the
 * planner decide which applies (same ensemble and signal model, a basis-pursuit solver, n within
 * 10%; EMPIRICAL_RULES) and say why the others do not. For sweeps of the requested ensemble and
 * signal model the 50% curve is fitted from the stored trials (experiments/analysis.ts, the fit
 * `candor sweep report` prints), so a sweep counts whether or not it was reported, and its
 * trials per cell are the smallest count over its cells. The fitted 10%-90% logistic width is
 * converted to the planner's probit standard deviation (width / (2 * 1.2816), the 10%-90% span of
 * a normal law). The store is opened read-only and never created: a missing file offers nothing.
 *
 * @example
 * import { plan } from '../../predict/plan.ts';
 * const p = plan({ n: 200, k: 20, ensemble: 'partial-dct', empirical: storeEmpiricalProvider('candor.db') });
 * p.provenance;       // 'empirical' when a partial-DCT sweep at n in [180, 220] is stored
 * p.empiricalSkipped; // [{ source: 'sweep 1 (bp-homotopy, n=100) in candor.db', reason: 'n = 100, not within 10% of n = 200' }]
 */
import { existsSync } from 'node:fs';
import type { EmpiricalCurve, EmpiricalProvider } from '../../predict/plan.ts';
import { cellStats, transition } from '../analysis.ts';
import { solvesBasisPursuit } from '../solvers.ts';
import { parseSpec } from '../spec.ts';
import { Store } from './store.ts';

const PROBIT_10_90 = 2 * 1.2815515655446004;

/** One EmpiricalCurve per sweep in an open store; fitted only for the requested ensemble and signal. */
export function storeCurves(store: Store, ensemble: string, signal: string): EmpiricalCurve[] {
  const out: EmpiricalCurve[] = [];
  for (const sw of store.sweeps().reverse()) {
    const spec = parseSpec(sw.spec, {}, { legacy: true });
    const nonneg = spec.solver.options.nonneg === true;
    const solver = `${spec.solver.name}${nonneg ? ' (nonneg)' : ''}`;
    const base = {
      ensemble: spec.ensemble,
      n: spec.n,
      signal: spec.signal as EmpiricalCurve['signal'],
      solver,
      basisPursuit: solvesBasisPursuit(spec.solver.name, spec.solver.options, spec.signal === 'nonneg'),
      source: `sweep ${sw.id} (${solver}, n=${spec.n}) in ${store.path}`,
    };
    if (spec.ensemble !== ensemble || spec.signal !== signal) {
      out.push({ ...base, points: [] });
      continue;
    }
    const stats = cellStats(spec, store.trials(sw.id));
    const trialsPerCell = Math.min(...stats.map((c) => c.trials));
    const fitted = transition(spec, stats).points.filter((p) => p.rho50 !== null);
    const widths = fitted.every((p) => p.width !== null && p.width > 0);
    const curve: EmpiricalCurve = {
      ...base,
      trialsPerCell,
      points: fitted.map((p) => ({ delta: p.delta, rho50: p.rho50 as number, ...(widths ? { width: (p.width as number) / PROBIT_10_90 } : {}) })),
    };
    if (fitted.length < 2) curve.unusable = `only ${fitted.length} delta column${fitted.length === 1 ? '' : 's'} with a fitted 50% point (${sw.done}/${sw.totalTrials} trials run)`;
    out.push(curve);
  }
  return out;
}

/**
 * An empirical-curve provider reading the phase-transition sweeps of the store at `storePath`
 * (read-only, opened per call); null when the file does not exist.
 */
export function storeEmpiricalProvider(storePath: string): EmpiricalProvider {
  return (ensemble, _n, signal): EmpiricalCurve[] | null => {
    if (!existsSync(storePath)) return null;
    const store = Store.open(storePath, { readonly: true });
    try {
      return storeCurves(store, ensemble, signal);
    } finally {
      store.close();
    }
  };
}
