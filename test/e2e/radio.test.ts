/**
 * End-to-end: the radio lab page in Debian Chromium (playwright-core) against `candor serve`'s
 * server: the real VLBA file uploaded, its data replaced by the core-jet sky observed with its
 * coverage, imaged by dirty, CLEAN and CS in the page's worker; bad input gets its message in the
 * page. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SHOTS } from './browser.ts';
import { labSession } from './lab-session.ts';

const lab = labSession('radio');
const VLBA = '../shared/data/astro/pyuvdata_vlba_mojave.uvfits';

async function open(): Promise<Page & { errors: string[] }> {
  const page = (await lab.browser.newPage({ viewport: { width: 1280, height: 1000 } })) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${lab.base}/#/radio`);
  return page;
}

describe('radio lab in Chromium', () => {
  it('the VLBA coverage observing the core-jet sky: dirty, CLEAN and CS side by side; CS has the lower NRMSE; the jet at PA -70 deg', async () => {
    const page = await open();
    await page.setInputFiles('input[name=file]', VLBA);
    await page.selectOption('select[name=sky]', 'corejet');
    await page.fill('input[name=size]', '64');
    await page.fill('input[name=cell]', '0.4mas');
    await page.check('input[name=method-cs]');
    await page.fill('input[name=iterations]', '200');
    await page.click('#radio-run');
    await page.waitForSelector('#radio-status[data-done=done]', { timeout: 240000 });
    const row = async (m: string) => page.locator(`#radio-table tr[data-method=${m}] td`).allTextContents();
    const [dirty, clean, cs] = [await row('dirty'), await row('clean'), await row('cs')];
    assert.equal(dirty[0], 'dirty');
    const [eClean, eCs] = [Number(clean[6]), Number(cs[6])];
    assert.ok(eCs < eClean, `CS ${eCs}, CLEAN ${eClean}`);
    assert.ok(Math.abs(Number(cs[9]) + 70) < 5, `CS jet PA ${cs[9]}`);
    assert.equal(await page.evaluate(() => (document.getElementById('radio-cs') as HTMLCanvasElement).width), 64);
    assert.equal(await page.locator('#radio-truth').count(), 1);
    assert.equal(await page.locator('#radio-uv svg').count(), 1);
    assert.match((await page.textContent('#radio-paragraph'))!, /^The 5946 visibilities sample \d+ of the 4096 cells of the 64x64 uv grid/);
    await page.screenshot({ path: join(SHOTS, 'radio-lab.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('bad input: no file, a file that is not a visibility file', async () => {
    const page = await open();
    await page.click('#radio-run');
    assert.equal(await page.textContent('#error'), 'visibilities: expected a UVFITS or EHT text file, got none');
    // (an odd or out-of-range size never reaches the page's own check: the number input's min, max
    // and step make the browser refuse the form)
    await page.setInputFiles('input[name=file]', { name: 'notes.uvfits', mimeType: 'application/octet-stream', buffer: Buffer.from('not a FITS file') });
    await page.click('#radio-run');
    await page.waitForFunction(() => document.getElementById('radio-status')?.textContent === 'failed');
    // the lab's messages use the user's words (src/web/ui.ts): the reader's name becomes "input"
    assert.equal(await page.textContent('#error'), `input notes.uvfits: start of file: expected 'SIMPLE  =' (a FITS file), got "not a FIT"`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
