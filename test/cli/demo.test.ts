import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { candor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-demo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it('candor demo runs end to end and writes a self-contained report with every section and figure', () => {
  const r = candor(['demo', '--out', dir, '--json'], { timeout: 300000 });
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  // predict: n psi(20/256) is the statistical dimension; the planned m lies above it
  assert.ok(s.predict.m > s.predict.statisticalDimension && s.predict.m < s.predict.rigorousM);
  // recover: success at the planned m, failure below the transition, both certified as BP minimisers
  assert.ok(s.recover[0].recovered && s.recover[0].relativeError < 1e-8);
  assert.equal(s.recover[0].certificate, 'certified unique l1 minimiser');
  assert.ok(!s.recover[1].recovered && s.recover[1].predictedSuccess < 0.05);
  // MRI at acceleration 4: l1-wavelet far better than zero-filling
  assert.ok(s.mri.acceleration > 3.8 && s.mri.acceleration < 4.2);
  assert.ok(s.mri.nrmse < 0.05, `MRI NRMSE ${s.mri.nrmse}`);
  assert.ok(s.mri.zeroFilledNrmse > 5 * s.mri.nrmse);
  // phase transition: 9 x 9 x 12 trials, empirical curve close to theory at n = 100
  assert.equal(s.sweep.trials, 972);
  assert.ok(s.sweep.maxDeviation < 0.08, `max deviation ${s.sweep.maxDeviation}`);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  for (const id of ['predict', 'recover', 'mri', 'sweep', 'about']) assert.match(html, new RegExp(`<section id="${id}">`));
  assert.ok((html.match(/<svg/g) ?? []).length >= 4, 'SVG figures inlined');
  assert.equal((html.match(/src="data:image\/png;base64,/g) ?? []).length, 5, 'five MR images embedded');
  assert.ok(!/(src|href)="(https?:)?\/\//.test(html), 'no external resources');
  assert.ok(existsSync(join(dir, 'summary.json')));
  assert.ok(existsSync(join(dir, 'phase-transition', 'phase-diagram.png')));
});
