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
  // the MRI plan: its R = 4 row is the same mask and reconstruction as above (same seed); quality
  // falls with R; the recommendation is the last R before the first one under the target
  const plan = s.mri.plan;
  assert.deepEqual(
    plan.rows.map((x: { R: number }) => x.R),
    [4, 6, 8, 10, 12],
  );
  assert.ok(Math.abs(plan.rows[0].ssim - s.mri.ssim) <= 1e-12, `plan R=4 SSIM ${plan.rows[0].ssim} vs ${s.mri.ssim}`);
  assert.ok(plan.rows.every((x: { ssim: number }, i: number) => i === 0 || x.ssim < plan.rows[i - 1].ssim), 'SSIM falls with R');
  const firstFail = plan.rows.findIndex((x: { ssim: number }) => x.ssim < plan.target);
  assert.equal(plan.recommended, firstFail === -1 ? 12 : firstFail === 0 ? null : plan.rows[firstFail - 1].R);
  assert.ok(plan.recommended >= 4, 'the demo acquisition (R = 4) is within the plan');
  // phase transition: 9 x 9 x 12 trials, empirical curve close to theory at n = 100
  assert.equal(s.sweep.trials, 972);
  assert.ok(s.sweep.maxDeviation < 0.08, `max deviation ${s.sweep.maxDeviation}`);
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  for (const id of ['predict', 'recover', 'mri', 'sweep', 'about']) assert.match(html, new RegExp(`<section id="${id}">`));
  assert.ok((html.match(/<svg/g) ?? []).length >= 5, 'SVG figures inlined');
  assert.match(html, /How far could this acquisition go\?/);
  assert.equal((html.match(/src="data:image\/png;base64,/g) ?? []).length, 5, 'five MR images embedded');
  assert.ok(!/(src|href)="(https?:)?\/\//.test(html), 'no external resources');
  assert.ok(existsSync(join(dir, 'summary.json')));
  assert.ok(existsSync(join(dir, 'phase-transition', 'phase-diagram.png')));
});
