/**
 * The command's bundle cache (bin/cli-bundle.mjs `pruneBundles`): other bundles go after a day,
 * and beyond the 16 newest after an hour; the current one, manifests and other files stay.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
// @ts-expect-error: plain JavaScript without declarations
import { pruneBundles } from '../../bin/cli-bundle.mjs';

describe('the bundle cache is bounded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'candor-prune-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the current bundle, the 16 newest within the hour and anything younger than an hour; removes the rest', () => {
    const now = Date.now();
    const make = (name: string, ageMs: number) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'main.mjs'), '');
      const t = (now - ageMs) / 1000;
      utimesSync(join(dir, name), t, t);
    };
    const minute = 60_000;
    // 20 bundles 2 .. 21 minutes old, 5 bundles 2 .. 6 hours old, 1 two days old, the current one old too
    for (let i = 0; i < 20; i++) make(`cli-young${String(i).padStart(2, '0')}`, (2 + i) * minute);
    for (let i = 0; i < 5; i++) make(`cli-hours${i}`, (2 + i) * 60 * minute);
    make('cli-ancient', 48 * 60 * minute);
    make('cli-current', 72 * 60 * minute);
    writeFileSync(join(dir, 'cli-manifest-abc.json'), '{}');
    writeFileSync(join(dir, 'sweep-worker-1.mjs'), '');
    pruneBundles(dir, 'cli-current', now);
    const left = readdirSync(dir).sort();
    // all 20 young ones stay (younger than an hour), the hours-old ones are past the 16 newest: gone
    const want = [
      ...Array.from({ length: 20 }, (_, i) => `cli-young${String(i).padStart(2, '0')}`),
      'cli-current',
      'cli-manifest-abc.json',
      'sweep-worker-1.mjs',
    ].sort();
    assert.deepEqual(left, want);
  });

  it('within the 16 newest, a bundle hours old stays; after a day it goes', () => {
    const d2 = mkdtempSync(join(tmpdir(), 'candor-prune-'));
    try {
      const now = Date.now();
      for (const [name, hours] of [
        ['cli-a', 3],
        ['cli-b', 23],
        ['cli-c', 25],
      ] as const) {
        mkdirSync(join(d2, name));
        const t = (now - hours * 3_600_000) / 1000;
        utimesSync(join(d2, name), t, t);
      }
      pruneBundles(d2, 'cli-x', now);
      assert.deepEqual(readdirSync(d2).sort(), ['cli-a', 'cli-b']);
    } finally {
      rmSync(d2, { recursive: true, force: true });
    }
  });
});
