// `candor demo --out DIR` writes DIR/receipt.json, and `candor replay` of it is identical: every
// output (report, summary, figures, tables) equal, the sweep store by its stored results, with only
// the declared volatile fields (run times, the report's absolute path, the machine line) left out.
// The demo runs twice here (about 10 s each on a quiet machine).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-cli-receipts-demo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it('candor demo --out: receipt lists every output with the declared volatile fields; replay is identical', () => {
  const out = join(dir, 'demo');
  let r = candor(['demo', '--seed', '2', '--out', out, '--json'], { timeout: 600000 });
  assert.equal(r.code, 0, r.stderr);
  const rc = JSON.parse(readFileSync(join(out, 'receipt.json'), 'utf8'));
  assert.deepEqual(rc.seeds, { seed: 2 });
  assert.deepEqual(
    rc.outputs.map((o: { path: string; compare?: string }) => `${o.path}${o.compare ? ` (${o.compare})` : ''}`),
    [
      'demo-sweeps.db (sqlite-export)',
      'phase-transition/cells.csv',
      'phase-transition/cells.json',
      'phase-transition/curve.csv',
      'phase-transition/curve.json',
      'phase-transition/phase-diagram.png',
      'phase-transition/phase-diagram.svg',
      'report.html',
      'summary.json',
    ],
  );
  assert.ok(rc.volatile.includes('summary.json:$.seconds'));
  r = candor(['replay', join(out, 'receipt.json'), '--out', join(dir, 'again')], { timeout: 600000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^identical: 9 outputs replayed in /);
});
