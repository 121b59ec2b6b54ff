/**
 * End-to-end (Debian Chromium via playwright-core): the web lab's receipt (issue 18). After an MRI
 * reconstruction of an uploaded image, the share bar's "Receipt" downloads a receipt of the command
 * line's schema (origin "web"): the uploaded file's sha256 (WebCrypto in the page) equals Node's
 * sha256 of the same bytes, each figure's hash equals that of the figure downloaded from the page,
 * the equivalent command is the one the page shows, and the version is the lab server's.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, } from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { parseReceipt } from '../../src/io/receipt.ts';
import { writeNpy } from '../../src/io/npy.ts';
import { labSession } from './lab-session.ts';

const lab = labSession('receipt');

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

async function download(page: Page, selector: string): Promise<{ bytes: Buffer; name: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { bytes: readFileSync((await dl.path()) as string), name: dl.suggestedFilename() };
}

describe('web lab receipt in Chromium (issue 18)', () => {
  it('MRI upload: the receipt names the upload with its sha256, hashes every figure, carries the equivalent command', async () => {
    const page = await lab.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${lab.base}/#/mri?maxIter=10`);
    await page.waitForSelector('[role=status]');
    // before a run the receipt button is shown (a builder is registered) but disabled
    await page.click('#mri-share summary');
    assert.equal(await page.isHidden('#mri-receipt'), false);
    assert.equal(await page.isDisabled('#mri-receipt'), true);
    const ny = 32;
    const nx = 32;
    const data = new Float64Array(ny * nx);
    for (let i = 6; i < 26; i++) for (let j = 8; j < 24; j++) data[i * nx + j] = 1 + ((i + j) % 5) / 5;
    const upload = Buffer.from(writeNpy({ shape: [ny, nx], data, complex: false }));
    await page.selectOption('select[name=source]', 'upload');
    await page.setInputFiles('input[name=file]', { name: 'square.npy', mimeType: 'application/octet-stream', buffer: upload });
    await page.click('#mri-run');
    await page.waitForSelector('#mri-status[data-done=done]', { timeout: 120000 });
    const command = (await page.textContent('#mri-command')) ?? '';
    const got = await download(page, '#mri-receipt');
    assert.match(got.name, /^candor-receipt-mri-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/);
    const r = parseReceipt(got.bytes.toString('utf8'), got.name);
    assert.equal(r.origin, 'web');
    assert.equal(r.command.line, command);
    assert.deepEqual(r.command.words, ['mri', 'report']); // the lab's command: simulate && report
    assert.equal(r.command.options.maxIter.value, '10');
    assert.deepEqual(r.inputs, [{ role: 'file', path: 'square.npy', sha256: sha256(upload), bytes: upload.length }]);
    const health = (await (await fetch(`${lab.base}/api/health`)).json()) as { version: string };
    assert.equal(`${r.candor.version}${r.candor.commit ? `+${r.candor.commit}${r.candor.dirty ? '-dirty' : ''}` : ''}`, health.version);
    assert.equal(r.runtime.name, 'browser');
    assert.equal((r.web as { status: string }).status, 'done');
    // every figure offered for download is in the receipt with the sha256 of the downloaded file
    const figures = r.outputs.filter((o) => o.role === 'figure');
    assert.ok(figures.some((f) => f.path === 'mri-truth.png'), figures.map((f) => f.path).join(', '));
    for (const name of ['mri-truth.png', 'mri-reconstruction.png']) {
      const f = await download(page, `[data-download="${name}"]`);
      assert.equal(figures.find((o) => o.path === name)?.sha256, sha256(f.bytes), name);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
});
