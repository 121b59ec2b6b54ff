/**
 * End-to-end (Chromium via playwright-core, against `candor serve`'s server): the predicted MRI
 * acceleration in the web lab, next to the retrospective scan. The MRI page's "Predict
 * acceleration" shows the prediction with its provenance and stated error; "Plan acceleration"
 * shows it, then the scan beside it and the check line; settings outside the calibration (fewer
 * iterations, another target) are said so; the planner page's MRI section does the same, and
 * says there is no prediction for a family without a calibration. Screenshots go to
 * test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SHOTS } from './browser.ts';
import { labSession } from './lab-session.ts';

const lab = labSession('predict');

async function open(hash: string): Promise<Page & { errors: string[] }> {
  const page = (await lab.browser.newPage({ viewport: { width: 1280, height: 1000 } })) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${lab.base}/#/${hash}`);
  return page;
}

const PROVENANCE = /^provenance: empirical, structured, calibrated on \d+ images .*checked on \d+ held-back images; model: /;

describe('web lab in Chromium: the predicted acceleration next to the scan', () => {
  it('MRI lab: "Predict acceleration" answers without reconstructing, with provenance and stated error (inside the calibration)', async () => {
    const page = await open('mri');
    await page.selectOption('select[name=size]', '64');
    await page.click('#mri-predict-run');
    await page.waitForSelector('#mri-status[data-planned=done]', { timeout: 120000 });
    assert.match((await page.textContent('#mri-predict-verdict'))!, /^predicted without reconstructing: (R <= \d+|none of the listed accelerations)$/);
    assert.equal(await page.getAttribute('#mri-predict-verdict', 'data-confident'), 'true');
    assert.equal(await page.locator('#mri-predict-outside').count(), 0);
    assert.match((await page.textContent('#mri-predict-provenance'))!, PROVENANCE);
    assert.match((await page.textContent('#mri-predict-error'))!, /^stated error: held back \(\d+ image\/target pairs\): R\* off by more than 1 in \d+/);
    assert.ok((await page.locator('#mri-predict-table tr').count()) >= 2, 'the evaluated rows');
    // no scan was run
    assert.equal(await page.locator('#mri-plan-table').count(), 0);
    assert.match((await page.textContent('#mri-status'))!, /^predicted in \d+ ms, no reconstruction$/);
    await page.screenshot({ path: join(SHOTS, 'mri-predict.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('MRI lab: "Plan acceleration" shows the prediction, then the scan next to it and the check; 40 iterations are outside the calibration', async () => {
    const page = await open('mri');
    await page.selectOption('select[name=size]', '64');
    await page.fill('input[name=maxIter]', '40');
    await page.fill('input[name=repeats]', '1');
    await page.click('#mri-plan-run');
    await page.waitForSelector('#mri-predict-verdict', { timeout: 120000 });
    assert.equal(await page.getAttribute('#mri-predict-verdict', 'data-confident'), 'false');
    assert.match((await page.textContent('#mri-predict-verdict'))!, / \(outside the calibration\)$/);
    assert.deepEqual(await page.locator('#mri-predict-outside li').allTextContents(), ['outside the calibration: 40 iterations (calibrated: 100)']);
    await page.waitForSelector('#mri-status[data-planned=done]', { timeout: 300000 });
    const predicted = (await page.textContent('#mri-predict-verdict'))!.match(/R <= (\d+)/);
    const scanned = (await page.textContent('#mri-plan-verdict'))!.match(/R <= (\d+)/);
    const check = (await page.textContent('#mri-predict-check'))!;
    if (predicted && scanned) {
      const d = Math.abs(Number(predicted[1]) - Number(scanned[1]));
      assert.equal(check, `check: predicted R <= ${predicted[1]}, scan R <= ${scanned[1]}: ${d <= 1 ? 'within 1' : `off by ${d}`}`);
    } else assert.match(check, /^check: predicted (\d+|none), scan (\d+|none)$/);
    // side by side: the prediction card and the scan card in one row
    const [a, b] = await Promise.all(['#mri-predict', '#mri-plan'].map((s) => page.locator(s).boundingBox()));
    assert.ok(a && b && Math.abs(a.y - b.y) < 5 && a.x < b.x, `prediction ${JSON.stringify(a)}, scan ${JSON.stringify(b)}`);
    await page.screenshot({ path: join(SHOTS, 'mri-predict-plan.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('Planner: the MRI section predicts R with its provenance, says a target outside the calibration, and has no prediction for radial masks', async () => {
    const page = await open('planner');
    await page.selectOption('select[name=mriSize]', '64');
    await page.click('#plan-mri-predict');
    await page.waitForSelector('#plan-mri-status[data-done=done]', { timeout: 120000 });
    assert.equal(await page.getAttribute('#plan-mri-verdict', 'data-confident'), 'true');
    assert.match((await page.textContent('#plan-mri-provenance'))!, PROVENANCE);
    assert.equal(await page.textContent('#plan-mri-command'), 'candor mri plan --size 64 --mask poisson-disc --metric ssim --target 0.95 --predict   # add --verify for the scan');

    await page.fill('input[name=mriTarget]', '0.9');
    await page.click('#plan-mri-predict');
    await page.waitForSelector('#plan-mri-verdict[data-confident=false]', { timeout: 120000 });
    assert.deepEqual(await page.locator('#plan-mri-outside li').allTextContents(), ['outside the calibration: target SSIM 0.9 (the stated R* error is for SSIM 0.95 and NRMSE 0.1)']);

    await page.selectOption('select[name=mriMask]', 'radial');
    await page.click('#plan-mri-predict');
    await page.waitForSelector('#plan-mri-status[data-done=done]', { timeout: 120000 });
    assert.equal(await page.textContent('#plan-mri-verdict'), 'no prediction: no calibrated predictor for radial masks (poisson-disc, variable-density only): the scan is the answer');
    await page.screenshot({ path: join(SHOTS, 'planner-mri-predict.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
