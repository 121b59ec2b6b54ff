/**
 * Every benchmark case of every group (bench/groups/*.ts, as bench/run.ts finds them) states an
 * accuracy rule, and either a target ratio with a peer or the reason it is informational
 * (bench/verdict.ts checkGate). Building the case list runs no benchmark.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { BenchCase } from '../../bench/harness.ts';
import { checkGate } from '../../bench/verdict.ts';

const dir = new URL('../../bench/groups/', import.meta.url);
const groups = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));

describe('bench cases declare their accuracy gate', () => {
  // groups with absolute targets and no peer (startup) export run() instead of cases()
  for (const g of groups.filter((x) => x !== 'startup')) {
    it(`${g}: every case has an accuracy rule, and a target with a peer or an informational reason`, async () => {
      const mod = (await import(new URL(`${g}.ts`, dir).href)) as { cases: () => BenchCase[] | Promise<BenchCase[]> };
      const cases = await mod.cases();
      assert.ok(cases.length > 0, `${g} has no cases`);
      const names = new Set<string>();
      for (const c of cases) {
        assert.ok(!names.has(c.name), `${g}: duplicate case name ${c.name}`);
        names.add(c.name);
        assert.ok(c.accuracy.rule.length > 10, `${c.name}: accuracy rule ${JSON.stringify(c.accuracy.rule)}`);
        assert.equal(typeof c.accuracy.check, 'function');
        checkGate(c.name, { target: c.target, informational: c.informational ?? null }, c.peer !== undefined);
      }
    });
  }
});
