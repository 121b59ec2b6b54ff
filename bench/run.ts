/**
 * `npm run bench [-- group ...]`: runs the named benchmark groups (all when none is named) and
 * prints one table per group; results also go to bench/results/<group>.json. A group is a module
 * bench/groups/<name>.ts exporting `cases()` (side-by-side rows), or `run()` for a group measured
 * against absolute targets instead of a peer (startup).
 */
import { existsSync, readdirSync } from 'node:fs';
import { runGroup, type BenchCase } from './harness.ts';

const dir = new URL('./groups/', import.meta.url);
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const order = ['core', 'solvers', 'theory', 'experiments', 'mri'];
available.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));

const want = process.argv.slice(2);
const names = want.length ? want : available;
for (const g of names) {
  if (!existsSync(new URL(`${g}.ts`, dir))) {
    console.error(`bench: unknown group ${JSON.stringify(g)}: expected one of ${available.join(', ')}`);
    process.exit(2);
  }
}
for (const g of names) {
  const mod = (await import(new URL(`${g}.ts`, dir).href)) as { cases?: () => BenchCase[] | Promise<BenchCase[]>; run?: () => Promise<void> };
  if (mod.run) await mod.run();
  else if (mod.cases) await runGroup(g, await mod.cases());
}
