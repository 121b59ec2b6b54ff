/**
 * End-to-end: the web lab in a real browser (Debian Chromium via playwright-core) against
 * `candor serve`'s server. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { runSweep } from '../../src/experiments/node/run-sweep.ts';
import { buildWeb } from '../../src/server/build-web.ts';
import { createLabServer, listen } from '../../src/server/server.ts';
import { PLAN_ACCELERATION_DEFAULTS } from '../../src/apps/mri/plan-acceleration.ts';
import { simulatedCoilMaps, simulateMultiCoil } from '../../src/apps/mri/coils/simulate.ts';
import { sheppLogan } from '../../src/apps/mri/phantom.ts';
import { writeNpy } from '../../src/io/npy.ts';
import { SOLVER_NAMES } from '../../src/solvers/registry.ts';
import { chromiumMissing, launch, SHOTS } from './browser.ts';

const PLAN_R = PLAN_ACCELERATION_DEFAULTS.accelerations;

const dir = mkdtempSync(join(tmpdir(), 'candor-e2e-'));
const store = join(dir, 'lab.db');
let browser: Browser;
let base = '';
let server: ReturnType<typeof createLabServer>;

before(async () => {
  // no Chromium fails every test here with the package to install (never a skip)
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  await runSweep({ n: 40, delta: [0.3, 0.6], rho: [0.1, 0.3, 0.5], trials: 4, solver: 'bp-lp', name: 'stored' }, { store, workers: 0 });
  const root = await buildWeb();
  server = createLabServer({ webRoot: root, storePath: store });
  const a = await listen(server, 0, '127.0.0.1');
  base = `http://127.0.0.1:${a.port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(hash: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/#/${hash}`);
  (page as unknown as { errors: string[] }).errors = errors;
  return page;
}

describe('web lab in Chromium', () => {
  it('MRI lab: reconstructs the phantom in a worker, shows the images, metrics and theory report', async () => {
    const page = await open('mri');
    await page.selectOption('select[name=size]', '128');
    await page.fill('input[name=acceleration]', '4');
    await page.fill('input[name=maxIter]', '60');
    await page.click('#mri-run');
    await page.waitForSelector('#mri-status[data-done=done]', { timeout: 120000 });
    const cells = await page.locator('#mri-metrics-table td').allTextContents();
    // rows: zero-filled, l1-wavelet; columns: label, NRMSE, PSNR, SSIM
    const zf = Number(cells[1]);
    const rec = Number(cells[5]);
    assert.ok(rec < 0.1 && rec < zf / 3, `NRMSE recon ${rec}, zero-filled ${zf}`);
    assert.match((await page.textContent('#mri-report'))!, /The mask keeps m = /);
    const w = await page.evaluate(() => (document.getElementById('mri-reconstruction') as HTMLCanvasElement).width);
    assert.equal(w, 128);
    await page.screenshot({ path: join(SHOTS, 'mri-lab.png'), fullPage: true });
    assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
    await page.close();
  });

  it('MRI lab: plans the acceleration (retrospective scan in a worker): chart, table, recommendation', async () => {
    const page = await open('mri');
    await page.selectOption('select[name=size]', '128');
    await page.fill('input[name=maxIter]', '40');
    await page.fill('input[name=repeats]', '1');
    await page.fill('input[name=targetSsim]', '');
    await page.click('#mri-plan-run');
    assert.equal(await page.textContent('#error'), 'plan: target SSIM: expected a number in [0, 1], got no value');
    assert.equal(await page.getAttribute('input[name=targetSsim]', 'aria-invalid'), 'true');
    await page.fill('input[name=targetSsim]', '0.9');
    await page.click('#mri-plan-run');
    await page.waitForSelector('#mri-status[data-planned=done]', { timeout: 180000 });
    const rows = await page.locator('#mri-plan-table tr').count();
    assert.equal(rows, 1 + PLAN_R.length);
    const cells = await page.locator('#mri-plan-table td').allTextContents();
    const ssims = PLAN_R.map((_, i) => Number(cells[8 * i + 2])); // 8 columns: R, actual, SSIM, NRMSE, zero-filled, PSF, TPSF, passed
    // the 128^2 phantom: high SSIM at R = 2, far lower at R = 12; the recommendation follows the rule
    assert.ok(ssims[0] > 0.95 && ssims[ssims.length - 1] < 0.8, `SSIMs ${ssims}`);
    let best: number | null = null;
    for (let i = 0; i < PLAN_R.length && ssims[i] >= 0.9; i++) best = PLAN_R[i];
    assert.equal(await page.textContent('#mri-plan-verdict'), `recommended: R <= ${best}`);
    assert.ok((await page.locator('#mri-plan-chart svg').count()) === 1, 'the chart is drawn');
    // its legend names the mean, the masks, the target and the recommended R
    const legend = (await page.textContent('#mri-plan-chart svg'))!;
    for (const s of ['mean SSIM', 'each mask', 'target SSIM 0.9', ...(best === null ? [] : [`recommended R <= ${best}`])]) assert.ok(legend.includes(s), s);
    // and its symbols are the marks they name: points, a dashed horizontal line, a vertical line
    const symbols = await page.evaluate(() => [...document.querySelectorAll('#mri-plan-chart svg .role-legend-symbol path')].map((e) => [e.getAttribute('d'), e.getAttribute('stroke-dasharray')]));
    assert.equal(symbols.length, best === null ? 3 : 4);
    for (const i of [0, 1]) assert.match(symbols[i][0]!, /^M5,0A5,5/, `symbol ${i} is a circle`);
    assert.deepEqual(symbols[2], ['M-5,0L5,0', '4,2']);
    if (best !== null) assert.deepEqual(symbols[3], ['M0,-5L0,5', '1,0']);
    await page.screenshot({ path: join(SHOTS, 'mri-plan.png'), fullPage: true });
    assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
    await page.close();
  });

  it('MRI lab with 8 coils: ESPIRiT + SENSE in the worker beat one coil at R 8; the plan scans the coils without a prediction', async () => {
    const page = await open('mri');
    await page.selectOption('select[name=size]', '64');
    await page.fill('input[name=acceleration]', '8');
    await page.fill('input[name=maxIter]', '60');
    const ssimAt = async () => {
      await page.click('#mri-run');
      await page.waitForSelector('#mri-status[data-done=done]', { timeout: 120000 });
      const cells = await page.locator('#mri-metrics-table td').allTextContents();
      return Number(cells[7]); // rows: zero-filled, recon; columns: label, NRMSE, PSNR, SSIM
    };
    const one = await ssimAt();
    await page.selectOption('select[name=coils]', '8');
    const eight = await ssimAt();
    assert.ok(eight > 0.95 && eight > one + 0.1, `SSIM with 8 coils ${eight}, one coil ${one}`);
    assert.match((await page.textContent('#mri-report'))!, /8 simulated receive coils .* calibrated ESPIRiT \(\d+ of 288 kernels kept/);
    assert.match((await page.textContent('#mri-command'))!, /candor mri simulate --size 64 --coils 8 .*--calib 16 .*candor mri recon --kspace mri-sim\/kspace\.npy/s);
    await page.fill('input[name=maxIter]', '20');
    await page.fill('input[name=repeats]', '1');
    await page.click('#mri-plan-run');
    await page.waitForSelector('#mri-status[data-planned=done]', { timeout: 180000 });
    assert.match((await page.textContent('#mri-predict'))!, /no prediction for 8 coils/);
    assert.equal(await page.locator('#mri-plan-table tr').count(), 1 + PLAN_R.length);
    assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
    await page.close();
  });

  it('MRI lab: an uploaded coil k-space (NPY [8, 64, 64]) is undersampled and reconstructed; an undersampled one is refused in the page', async () => {
    const truth = sheppLogan(64);
    const k = simulateMultiCoil(truth, simulatedCoilMaps(64, 64, 8)).kspace;
    const file = join(dir, 'coils.npy');
    writeFileSync(file, writeNpy({ shape: [8, 64, 64], data: k.data, complex: true }));
    const page = await open('mri');
    await page.selectOption('select[name=source]', 'coil k-space');
    await page.setInputFiles('input[name=file]', file);
    await page.fill('input[name=acceleration]', '6');
    await page.fill('input[name=maxIter]', '60');
    await page.click('#mri-run');
    await page.waitForSelector('#mri-status[data-done=done]', { timeout: 120000 });
    const cells = await page.locator('#mri-metrics-table td').allTextContents();
    assert.ok(Number(cells[7]) > 0.95 && Number(cells[7]) > Number(cells[3]) + 0.2, `SSIM recon ${cells[7]}, zero-filled ${cells[3]}`);
    assert.match((await page.textContent('#mri-report'))!, /The upload's 8 coils \(its k-space undersampled by the mask/);
    assert.match((await page.textContent('#mri-command'))!, /candor mri plan --kspace coils\.npy --mask poisson-disc --accelerations 6/);
    // an undersampled coil k-space: the server's message in the page
    const under = k.data.slice();
    for (let i = 0; i < under.length; i += 4) under[i] = under[i + 1] = 0;
    writeFileSync(file, writeNpy({ shape: [8, 64, 64], data: under, complex: true }));
    await page.setInputFiles('input[name=file]', file);
    await page.click('#mri-run');
    await page.waitForFunction(() => (document.getElementById('error')?.textContent ?? '').length > 0);
    assert.match((await page.textContent('#error'))!, /upload coils\.npy: sampling: expected fully sampled k-space .* got 2048 of 4096 positions \(50\.0%\) without a sample/);
    await page.close();
  });

  it('MRI lab: a malformed upload gets its error in the page', async () => {
    const page = await open('mri');
    await page.selectOption('select[name=source]', 'upload');
    await page.setInputFiles('input[name=file]', { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not a PNG file') });
    await page.click('#mri-run');
    await page.waitForSelector('#error:not([hidden])');
    // the library's where (decodeImage2d) is said as the user's word: upload
    assert.equal(await page.textContent('#error'), 'upload notes.png: format: expected a PNG, DICOM, NPY or NIfTI file, got unrecognised bytes 74 68 69 73 20 69 73 20');
    await page.screenshot({ path: join(SHOTS, 'mri-bad-upload.png') });
    await page.close();
  });

  it('MRI lab: a real DICOM upload is decoded by the server and reconstructed', async () => {
    const page = await open('mri');
    await page.selectOption('select[name=source]', 'upload');
    await page.setInputFiles('input[name=file]', '../shared/data/mri/pydicom_MR_small.dcm');
    await page.fill('input[name=maxIter]', '30');
    await page.click('#mri-run');
    await page.waitForSelector('#mri-status[data-done=done]', { timeout: 120000 });
    const w = await page.evaluate(() => (document.getElementById('mri-truth') as HTMLCanvasElement).width);
    assert.equal(w, 64);
    await page.close();
  });

  it('Planner: gives m with its provenance and draws the curve', async () => {
    const page = await open('planner');
    await page.fill('input[name=n]', '200');
    await page.fill('input[name=k]', '20');
    await page.click('#plan-go');
    await page.waitForSelector('#plan-m');
    const m = Number((await page.textContent('#plan-m'))!.replace('m = ', ''));
    assert.ok(m >= 70 && m <= 85, `m = ${m}`);
    assert.match((await page.textContent('#plan-provenance'))!, /provenance: (asymptotic|empirical)/);
    await page.waitForSelector('#plan-chart svg');
    await page.screenshot({ path: join(SHOTS, 'planner.png'), fullPage: true });
    // bad input is refused at the field (highlighted, named), the old result cleared
    await page.fill('input[name=k]', '500');
    await page.click('#plan-go');
    await page.waitForSelector('#error:not([hidden])');
    assert.equal(await page.textContent('#error'), 'k: expected an integer in [1, 200] (at most n), got 500');
    assert.equal(await page.getAttribute('input[name=k]', 'aria-invalid'), 'true');
    assert.equal(await page.locator('#plan-m').count(), 0);
    assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
    await page.close();
  });

  it('Phase-transition lab: a small sweep in Web Workers fills the heatmap and draws the theory curve', async () => {
    const page = await open('phase');
    await page.fill('input[name=n]', '40');
    await page.fill('input[name=nDelta]', '4');
    await page.fill('input[name=nRho]', '4');
    await page.fill('input[name=trials]', '3');
    // the page offers exactly the solver registry (the same names as candor sweep solvers)
    assert.deepEqual(await page.locator('select[name=solver] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), [...SOLVER_NAMES]);
    await page.selectOption('select[name=solver]', 'bp-lp');
    await page.click('#sweep-run');
    await page.waitForSelector('#sweep-status[data-done=done]', { timeout: 120000 });
    assert.match((await page.textContent('#sweep-status'))!, /^done: 48\/48 trials/);
    const cells = await page.locator('#phase-chart svg .mark-rect.role-mark path').count();
    assert.equal(cells, 16, 'one heatmap cell per (delta, rho)');
    const lines = await page.locator('#phase-chart svg .mark-line.role-mark path').count();
    assert.ok(lines >= 2, `theory and empirical lines drawn (${lines})`);
    await page.screenshot({ path: join(SHOTS, 'phase-lab.png'), fullPage: true });
    // open the stored sweep from the SQLite store
    await page.waitForSelector('#stored-sweeps option[value="1"]', { state: 'attached' });
    await page.click('#stored-open');
    await page.waitForFunction(() => document.querySelector('#sweep-status')?.textContent === 'stored sweep 1');
    assert.equal(await page.locator('#phase-chart svg .mark-rect.role-mark path').count(), 6);
    assert.deepEqual((page as unknown as { errors: string[] }).errors, []);
    await page.close();
  });
});
