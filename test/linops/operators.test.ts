/**
 * Runs the operator kit on every case of every family table in test/linops/cases/, and checks
 * that every operator factory exported by src/linops/index.ts has at least one case (none skipped).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as linops from '../../src/linops/index.ts';
import { type OperatorCase, runKit } from './kit.ts';

const dir = new URL('./cases/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
const all: { file: string; cases: OperatorCase[] }[] = [];
for (const f of files) {
  const mod = (await import(new URL(f, dir).href)) as { cases: OperatorCase[] };
  all.push({ file: f, cases: mod.cases });
}

for (const { file, cases } of all) {
  describe(`operator kit: ${file}`, () => {
    for (const c of cases) it(`${c.factory}: ${c.name} passes dot, linearity, normal, complex-split, structure and length checks`, () => runKit(c));
  });
}

it('every operator factory and combinator exported from src/linops has kit cases', () => {
  const covered = new Set(all.flatMap((a) => a.cases.map((c) => c.factory)));
  const exported = Object.entries(linops)
    .filter(([name, v]) => typeof v === 'function' && !linops.NOT_OPERATOR_FACTORIES.includes(name))
    .map(([name]) => name);
  const missing = exported.filter((n) => !covered.has(n));
  assert.deepEqual(missing, [], `factories without kit cases: ${missing.join(', ')}`);
});
