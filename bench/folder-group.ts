/**
 * A benchmark group made of every module in bench/groups/<name>/ (each exports `cases()`), run in
 * file-name order. bench/groups/core.ts, solvers.ts and theory.ts are such groups.
 */
import { readdirSync } from 'node:fs';
import type { BenchCase } from './harness.ts';

export async function folderCases(name: string): Promise<BenchCase[]> {
  const dir = new URL(`./groups/${name}/`, import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const out: BenchCase[] = [];
  for (const f of files) {
    const mod = (await import(new URL(f, dir).href)) as { cases: () => BenchCase[] | Promise<BenchCase[]> };
    out.push(...(await mod.cases()));
  }
  return out;
}
