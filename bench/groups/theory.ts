/**
 * Theory benchmark group: every module in bench/groups/theory/ exports `cases()`; they run in name order.
 */
import { readdirSync } from 'node:fs';
import type { BenchCase } from '../harness.ts';

export async function cases(): Promise<BenchCase[]> {
  const dir = new URL('./theory/', import.meta.url);
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
