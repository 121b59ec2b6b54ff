/**
 * End-to-end: the radio lab page in Debian Chromium (playwright-core) against `candor serve`'s
 * server: the real VLBA file uploaded, its data replaced by the core-jet sky observed with its
 * coverage, imaged by dirty, CLEAN and CS in the page's worker; bad input gets its message in the
 * page. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../src/server/build-web.ts';
import { createLabServer, listen } from '../../src/server/server.ts';
import { chromiumMissing, launch, SHOTS } from './browser.ts';

const skip = chromiumMissing();
const dir = mkdtempSync(join(tmpdir(), 'candor-e2e-radio-'));
const VLBA = '../shared/data/astro/pyuvdata_vlba_mojave.uvfits';
let browser: Browser;
let base = '';
let server: ReturnType<typeof createLabServer>;

before(async () => {
  if (skip) return;
  const root = await buildWeb();
  server = createLabServer({ webRoot: root, storePath: join(dir, 'lab.db') });
  const a = await listen(server, 0, '127.0.0.1');
  base = `http://127.0.0.1:${a.port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Page & { errors: string[] }> {
  const page = (await browser.newPage({ viewport: { width: 1280, height: 1000 } })) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${base}/#/radio`);
  return page;
}

describe('radio lab in Chromium', { skip }, () => {
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
