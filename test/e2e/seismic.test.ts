/**
 * End-to-end: the seismic lab page in Debian Chromium (playwright-core) against `candor serve`'s
 * server; screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SHOTS } from './browser.ts';
import { labSession } from './lab-session.ts';

const lab = labSession('seismic');

async function open(): Promise<Page & { errors: string[] }> {
  const page = (await lab.browser.newPage({ viewport: { width: 1280, height: 1000 } })) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${lab.base}/#/seismic`);
  return page;
}

describe('seismic lab in Chromium', () => {
  it('decimates the synthetic gather, interpolates it with POCS in a worker, shows SNR, figures and the theory', async () => {
    const page = await open();
    await page.fill('input[name=seed]', '2');
    await page.click('#seismic-run');
    await page.waitForSelector('#seismic-status[data-done=done]', { timeout: 120000 });
    const cells = await page.locator('#seismic-metrics-table td').allTextContents();
    const [snr, lin] = [Number(cells[1]), Number(cells[3])];
    assert.ok(snr > lin + 4, `POCS ${snr} dB, linear ${lin} dB`);
    assert.match((await page.textContent('#seismic-paragraph'))!, /^The input keeps m = 32 of n = 64 traces/);
    assert.equal(await page.evaluate(() => (document.getElementById('seismic-output') as HTMLCanvasElement).width), 64);
    assert.equal(await page.locator('#seismic-fk svg').count(), 1);
    assert.equal(await page.locator('#seismic-psf svg').count(), 1);
    await page.screenshot({ path: join(SHOTS, 'seismic-lab.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('regular decimation: the report states the aliasing limit', async () => {
    const page = await open();
    await page.selectOption('select[name=pattern]', 'regular');
    await page.fill('input[name=iterations]', '30');
    await page.click('#seismic-run');
    await page.waitForSelector('#seismic-status[data-done=done]', { timeout: 120000 });
    assert.match((await page.textContent('#seismic-paragraph'))!, /regular decimation of steep events cannot be undone by f-k sparsity/);
    await page.close();
  });

  it('a real SEG-Y upload (F3, one inline panel) and bad input get their messages in the page', async () => {
    const page = await open();
    await page.fill('input[name=keep]', '1');
    await page.click('#seismic-run');
    assert.equal(await page.textContent('#error'), 'keep fraction: expected a number in (0, 1), got 1');
    assert.equal(await page.getAttribute('input[name=keep]', 'aria-invalid'), 'true');
    await page.fill('input[name=keep]', '0.5');
    await page.selectOption('select[name=source]', 'upload');
    await page.setInputFiles('input[name=file]', { name: 'notes.sgy', mimeType: 'application/octet-stream', buffer: Buffer.from('not a SEG-Y file') });
    await page.click('#seismic-run');
    await page.waitForFunction(() => document.getElementById('seismic-status')?.textContent === 'failed');
    assert.equal(await page.textContent('#error'), 'upload notes.sgy: file size: expected at least 3600 bytes (the 3200-byte textual and 400-byte binary headers), got 16 bytes (truncated, or not a SEG-Y file)');
    await page.setInputFiles('input[name=file]', '../shared/data/seismic/segyio_f3.sgy');
    await page.fill('input[name=panel]', '3');
    await page.selectOption('select[name=method]', 'fista-fk');
    await page.click('#seismic-run');
    await page.waitForSelector('#seismic-status[data-done=done]', { timeout: 120000 });
    assert.equal(await page.evaluate(() => (document.getElementById('seismic-output') as HTMLCanvasElement).width), 18);
    assert.match((await page.textContent('#seismic-status'))!, /^done: \d+ iterations/);
    await page.screenshot({ path: join(SHOTS, 'seismic-f3.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
