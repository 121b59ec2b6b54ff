/**
 * The planner's empirical provenance: an EmpiricalProvider (src/theory/plan.ts) backed by the
 * fitted curves stored by `candor sweep report` / `candor sweep run`. For an (ensemble, signal) it
 * returns the stored curve whose n is closest to the requested n (the newest sweep on ties). The
 * stored 10%-90% logistic width is converted to the planner's probit standard deviation
 * (width / (2 * 1.2816), the 10%-90% span of a normal law).
 */
import { existsSync } from 'node:fs';
import type { EmpiricalCurve, EmpiricalProvider } from '../../theory/plan.ts';
import { Store } from './store.ts';

const PROBIT_10_90 = 2 * 1.2815515655446004;

export function storeEmpiricalProvider(storePath: string): EmpiricalProvider {
  return (ensemble, n, signal): EmpiricalCurve | null => {
    if (!existsSync(storePath)) return null;
    const store = Store.open(storePath, { readonly: true });
    try {
      const curves = store.curves(ensemble, signal).filter((c) => c.points.length >= 2);
      if (curves.length === 0) return null;
      curves.sort((a, b) => Math.abs(a.n - n) - Math.abs(b.n - n) || b.sweepId - a.sweepId);
      const c = curves[0];
      const widths = c.points.every((p) => p.width !== null && p.width > 0);
      return {
        ensemble,
        n: c.n,
        signal,
        points: c.points.map((p) => ({ delta: p.delta, rho50: p.rho50, ...(widths ? { width: (p.width as number) / PROBIT_10_90 } : {}) })),
        source: `sweep ${c.sweepId} (${c.solver}, n=${c.n}) in ${storePath}`,
      };
    } finally {
      store.close();
    }
  };
}
