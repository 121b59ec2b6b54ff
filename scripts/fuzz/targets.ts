/**
 * The fuzz targets: every module in ./targets/ that exports `target` (a FuzzTarget). A new parser
 * joins by adding one file there (helpers shared by several targets live beside, e.g. ../fits-cards.ts).
 */
import { readdirSync } from 'node:fs';
import type { FuzzTarget } from './types.ts';

const DIR = new URL('./targets/', import.meta.url);

export async function loadTargets(names?: readonly string[]): Promise<FuzzTarget[]> {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort();
  const out: FuzzTarget[] = [];
  for (const f of files) {
    const mod = (await import(new URL(f, DIR).href)) as { target?: FuzzTarget };
    if (mod.target && (!names || names.includes(mod.target.name))) out.push(mod.target);
  }
  if (names) {
    const missing = names.filter((n) => !out.some((t) => t.name === n));
    if (missing.length) throw new Error(`fuzz: unknown target(s) ${missing.join(', ')}; known: ${files.map((f) => f.replace(/\.ts$/, '')).join(', ')}`);
  }
  return out;
}
