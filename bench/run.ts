/**
 * `npm run bench [-- group ...]`: runs the named benchmark groups (all when none is named) and
 * prints one table per group; results also go to bench/results/<group>.json.
 */
import { runGroup, type BenchCase } from './harness.ts';

const groups: Record<string, () => Promise<{ cases: () => BenchCase[] | Promise<BenchCase[]> }>> = {
  core: () => import('./groups/core.ts'),
  solvers: () => import('./groups/solvers.ts'),
  theory: () => import('./groups/theory.ts'),
  experiments: () => import('./groups/experiments.ts'),
  mri: () => import('./groups/mri.ts'),
};

const want = process.argv.slice(2);
const names = want.length ? want : Object.keys(groups);
for (const g of names) {
  if (!groups[g]) {
    console.error(`bench: unknown group ${JSON.stringify(g)}: expected one of ${Object.keys(groups).join(', ')}`);
    process.exit(2);
  }
}
for (const g of names) {
  const mod = await groups[g]();
  await runGroup(g, await mod.cases());
}
