/**
 * End-to-end (Debian Chromium via playwright-core): the web lab's controls of issue 19. Stop ends
 * a sweep and draws what was done; a run estimated above a minute asks first; MRI reconstruct
 * and plan have Cancel; settings round-trip through the URL; downloads hold the figure's data; at
 * 390 px wide no page scrolls sideways; the status line is aria-live and figures have text
 * alternatives. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { readFileSync, } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decode as decodePng } from 'fast-png';
import type { Page } from 'playwright-core';
import { sheppLogan } from '../../src/apps/mri/phantom.ts';
import { syntheticGather } from '../../src/apps/seismic/synthetic.ts';
import { readNpy, writeNpy } from '../../src/io/npy.ts';
import { plan } from '../../src/predict/plan.ts';
import { SHOTS } from './browser.ts';
import { labSession } from './lab-session.ts';

const lab = labSession('controls');

type LabPage = Page & { errors: string[] };

async function open(hash: string, width = 1280): Promise<LabPage> {
  const page = (await lab.browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true })) as LabPage;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${lab.base}/#/${hash}`);
  await page.waitForSelector('[role=status]');
  return page;
}

/** Clicks a download button and returns the file's bytes and suggested name. */
async function download(page: Page, name: string): Promise<{ bytes: Buffer; name: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-download="${name}"]`)]);
  return { bytes: readFileSync((await dl.path()) as string), name: dl.suggestedFilename() };
}

/** Waits until the status matches `re`, clicking Continue if the page asks first (a loaded machine). */
async function waitStatus(page: Page, id: string, re: RegExp): Promise<void> {
  for (;;) {
    await page.waitForFunction(([i, src]) => new RegExp(src).test(document.getElementById(i)?.textContent ?? '') || document.querySelector('.confirm') !== null, [id, re.source] as const, { timeout: 120000 });
    if ((await page.locator('.confirm').count()) === 0) return;
    await page.click('.confirm-yes');
  }
}

const trialsDone = (text: string | null) => Number(/^(\d+)\//.exec(text ?? '')?.[1] ?? /: (\d+)\//.exec(text ?? '')?.[1] ?? -1);

/** A sweep the pilot estimates far above a minute (90000 trials of bp-lp at n = 300). */
async function bigSweep(page: Page): Promise<void> {
  for (const [k, v] of Object.entries({ n: '300', nDelta: '30', nRho: '30', trials: '100' })) await page.fill(`input[name=${k}]`, v);
  await page.selectOption('select[name=solver]', 'bp-lp');
  await page.click('#sweep-run');
}

describe('web lab controls in Chromium (issue 19)', () => {
  it('phase lab: a sweep estimated above a minute asks first; Stop ends it and draws what was done', async () => {
    const page = await open('phase');
    await bigSweep(page);
    await page.waitForSelector('.confirm');
    assert.match((await page.textContent('.confirm span'))!, /^This sweep needs about \d+(\.\d)? (min|h) \(\d+ more trials at \d+\.\d ms each on \d+ workers, estimated from \d+ trials across the grid\)\. Continue\?$/);
    // a stored sweep cannot be opened during a run
    assert.equal(await page.isDisabled('#stored-open'), true);
    assert.equal(await page.isDisabled('#sweep-run'), true);
    await page.click('.confirm-yes');
    const pilot = trialsDone(await page.textContent('#sweep-status'));
    await page.waitForFunction((p) => Number(/^(\d+)\//.exec(document.getElementById('sweep-status')?.textContent ?? '')?.[1] ?? 0) > p + 8, pilot);
    await page.click('#sweep-stop');
    await page.waitForSelector('#sweep-status[data-done=stopped]');
    const text = (await page.textContent('#sweep-status'))!;
    assert.match(text, /^stopped: \d+\/90000 trials in \d+\.\d s$/);
    const done = trialsDone(text);
    assert.ok(done > pilot && done < 90000, `${done} trials`);
    // what was done is drawn: the heatmap's cells hold exactly the trials received
    await page.waitForSelector('#phase-chart svg');
    const csv = (await download(page, 'phase-heatmap.csv')).bytes.toString('utf8').trim().split('\n');
    assert.equal(csv[0], 'delta,rho,m,k,successes,trials,rate,rate_lo95,rate_hi95');
    assert.equal(csv.length - 1, 900);
    assert.equal(
      csv.slice(1).reduce((s, row) => s + Number(row.split(',')[5]), 0),
      done,
    );
    // the workers are gone: nothing changes any more
    await page.waitForTimeout(500);
    assert.equal(await page.textContent('#sweep-status'), text);
    assert.equal(await page.isDisabled('#stored-open'), false);
    assert.equal(await page.isDisabled('#sweep-stop'), true);
    await page.screenshot({ path: join(SHOTS, 'phase-stopped.png'), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('phase lab: Cancel at the confirmation stops after the pilot; fields are validated where they are', async () => {
    const page = await open('phase');
    await bigSweep(page);
    await page.waitForSelector('.confirm');
    await page.click('.confirm-no');
    await page.waitForSelector('#sweep-status[data-done=stopped]');
    assert.match((await page.textContent('#sweep-status'))!, /^stopped: \d+\/90000 trials/);
    assert.equal(await page.locator('.confirm').count(), 0);
    // empty is "no value" (not 0), the field is highlighted and named, the old figure is cleared
    await page.fill('input[name=n]', '');
    await page.click('#sweep-run');
    assert.equal(await page.textContent('#error'), "n: expected an integer in [2, 2000] (the browser's limit; candor sweep run takes up to 100000), got no value");
    assert.equal(await page.getAttribute('input[name=n]', 'aria-invalid'), 'true');
    assert.equal(await page.locator('#phase-chart svg').count(), 0);
    assert.equal(await page.getAttribute('#sweep-status', 'data-done'), 'failed');
    // the page's limits are the form's
    assert.equal(await page.getAttribute('input[name=n]', 'min'), '2');
    assert.equal(await page.getAttribute('input[name=n]', 'max'), '2000');
    await page.fill('input[name=n]', '40');
    await page.fill('input[name=trials]', '200');
    await page.click('#sweep-run');
    assert.equal(await page.textContent('#error'), 'trials / cell: expected an integer in [1, 111] for a 30 x 30 grid (at most 100000 trials in the browser; candor sweep run takes more), got 200');
    assert.equal(await page.getAttribute('input[name=n]', 'aria-invalid'), null);
    assert.equal(await page.getAttribute('input[name=trials]', 'aria-invalid'), 'true');
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('MRI lab: Cancel stops a reconstruction (its last image stays) and an acceleration plan', async () => {
    const page = await open('mri?size=128&maxIter=3000&repeats=1');
    await page.click('#mri-run');
    await waitStatus(page, 'mri-status', /^iteration \d+/);
    assert.match((await page.textContent('#mri-status'))!, /estimated \d+/);
    await page.click('#mri-cancel');
    await page.waitForSelector('#mri-status[data-done=cancelled]');
    assert.match((await page.textContent('#mri-status'))!, /^reconstruction cancelled after \d+\.\d s \(what was drawn stays\)$/);
    assert.equal(await page.evaluate(() => (document.getElementById('mri-reconstruction') as HTMLCanvasElement).width), 128);
    assert.equal(await page.locator('#mri-metrics-table').count(), 0);
    assert.equal(await page.isDisabled('#mri-cancel'), true);
    assert.equal(await page.isDisabled('#mri-run'), false);
    await page.fill('input[name=maxIter]', '100');
    await page.click('#mri-plan-run');
    await waitStatus(page, 'mri-status', /^planning: reconstruction \d+ of/);
    await page.click('#mri-plan-cancel');
    await page.waitForSelector('#mri-status[data-planned=cancelled]');
    assert.match((await page.textContent('#mri-status'))!, /^acceleration plan cancelled after/);
    assert.equal(await page.locator('#mri-plan-table').count(), 0);
    assert.equal(await page.isDisabled('#mri-plan-run'), false);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('seismic lab: a long interpolation asks first, and Cancel there stops it', async () => {
    const page = await open('seismic?method=fista-radon&iterations=100000');
    await page.click('#seismic-run');
    await page.waitForSelector('.confirm', { timeout: 60000 });
    assert.match((await page.textContent('.confirm span'))!, /^This interpolation needs about \d+(\.\d)? (min|h) \(\d+\.\d ms per iteration, timed on 7 pilot iterations\)\. Continue\?$/);
    assert.equal(await page.isDisabled('#seismic-run'), true);
    await page.click('.confirm-no');
    await page.waitForSelector('#seismic-status[data-done=cancelled]');
    assert.match((await page.textContent('#seismic-status'))!, /^cancelled after \d+\.\d s \(what was drawn stays\)$/);
    // the input and the truth were drawn before the question; they stay
    assert.equal(await page.evaluate(() => (document.getElementById('seismic-truth') as HTMLCanvasElement).width), 64);
    assert.equal(await page.isDisabled('#seismic-run'), false);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('settings round-trip through the URL, with the equivalent command', async () => {
    const cases: { hash: string; set: Record<string, string>; command: RegExp }[] = [
      { hash: 'phase', set: { ensemble: 'rademacher', signal: 'nonneg', solver: 'omp', n: '60', nDelta: '5', nRho: '6', trials: '7', seed: '9' }, command: /^candor sweep run --ensemble rademacher --signal nonneg --solver omp --n 60 --delta 0\.05:0\.95:5 --rho 0\.05:0\.95:6 --trials 7 --seed 9$/ },
      { hash: 'planner', set: { n: '500', k: '30', ensemble: 'partial-dct', signal: 'nonneg', target: '0.9' }, command: /^candor plan --n 500 --k 30 --ensemble partial-dct --signal nonneg --target 0\.9 --store \S+lab\.db$/ },
      { hash: 'mri', set: { size: '64', mask: 'radial', acceleration: '6', method: 'tv', maxIter: '40', seed: '5', repeats: '2', targetSsim: '0.9' }, command: /^candor mri simulate --size 64 --mask radial --accel 6 --seed 5 --format npy --out mri-sim &&\n {2}candor mri report .* --method tv --iters 40 --pattern radial --out mri-recon\n# Plan acceleration \(add --predict to predict it without reconstructing, --predict --verify for both side by side\):\ncandor mri plan --size 64 --mask radial --repeats 2 --seed 5 --target 0\.9 --method tv --iters 40$/ },
      { hash: 'seismic', set: { pattern: 'jitter', keep: '0.4', seed: '3', method: 'spgl1-fk', iterations: '25' }, command: /candor seismic decimate --in synthetic-gather\.npy --keep 0\.4 --seed 3 --pattern jitter --out decimated\.npy &&\n {2}candor seismic interpolate --in decimated\.npy --out interpolated\.npy --method spgl1-fk --iters 25 --truth synthetic-gather\.npy --report seismic-report$/ },
    ];
    for (const c of cases) {
      const page = await open(c.hash);
      for (const [k, v] of Object.entries(c.set)) {
        const sel = `[name=${k}]`;
        if ((await page.evaluate((s) => document.querySelector(s)?.tagName, sel)) === 'SELECT') await page.selectOption(sel, v);
        else await page.fill(sel, v);
      }
      // the planner's command names the server's store once it has asked for it
      await page.waitForFunction(([id, src]) => new RegExp(src).test(document.getElementById(id)?.textContent ?? ''), [`${c.hash}-command`, c.command.source] as const);
      const url = page.url();
      const command = await page.textContent(`#${c.hash}-command`);
      await page.close();
      // a fresh page from the link has every setting and the same command
      const again = await open(url.slice(url.indexOf('#/') + 2));
      for (const [k, v] of Object.entries(c.set)) assert.equal(await again.inputValue(`[name=${k}]`), v, `${c.hash}: ${k}`);
      await again.waitForFunction(([id, src]) => new RegExp(src).test(document.getElementById(id)?.textContent ?? ''), [`${c.hash}-command`, c.command.source] as const);
      assert.equal(await again.textContent(`#${c.hash}-command`), command);
      assert.deepEqual(again.errors, []);
      await again.close();
    }
  });

  it('downloads: the planner chart (SVG, PNG) and table (CSV), MRI images (PNG, CSV, SVG), the synthetic gather (NPY)', async () => {
    const page = await open('planner?n=200&k=20');
    await page.click('#plan-go');
    await page.waitForSelector('#plan-status[data-done=done]');
    const p = plan({ n: 200, k: 20 });
    const svg = await download(page, 'planner-chart.svg');
    assert.equal(svg.name, 'planner-chart.svg');
    const text = svg.bytes.toString('utf8');
    assert.match(text, /^<svg[^>]*>/);
    for (const s of ['Weak threshold and the plan for n = 200, k = 20', `recommended m = ${p.m}`, 'asymptotic (statistical dimension)', 'weak threshold rho_W(delta) (theory)']) assert.ok(text.includes(s), s);
    if (p.rigorous?.certified) assert.ok(text.includes('rigorous (ALMT, Gaussian)'));
    const png = decodePng((await download(page, 'planner-chart.png')).bytes);
    assert.ok(png.width > 300 && png.height > 200, `${png.width} x ${png.height}`);
    const csv = (await download(page, 'planner-table.csv')).bytes.toString('utf8').trim().split('\n');
    assert.equal(csv[0], 'estimate,m,probability');
    assert.equal(csv[1], `asymptotic (statistical dimension),${p.asymptotic.m},${p.asymptotic.probability.toFixed(3)}`);
    assert.deepEqual(page.errors, []);
    await page.close();

    const mri = await open('mri?size=64&maxIter=10');
    await mri.click('#mri-run');
    await mri.waitForSelector('#mri-status[data-done=done]');
    // the truth PNG: one pixel per sample, grey = 255 x phantom / peak (window 0 .. peak)
    const truth = sheppLogan(64);
    let peak = 0;
    for (const v of truth) peak = Math.max(peak, v);
    const img = decodePng((await download(mri, 'mri-truth.png')).bytes);
    assert.equal(img.width, 64);
    assert.equal(img.height, 64);
    const ch = img.channels;
    let worst = 0;
    for (let i = 0; i < 64 * 64; i++) worst = Math.max(worst, Math.abs(img.data[ch * i] - (255 * truth[i]) / peak));
    assert.ok(worst <= 0.51, `max grey-level difference ${worst}`);
    const rows = (await download(mri, 'mri-truth.csv')).bytes.toString('utf8').trim().split('\n');
    assert.equal(rows.length, 65);
    assert.equal(rows[0].split(',').length, 65);
    for (const i of [0, 20, 32, 50]) {
      const cells = rows[1 + i].split(',').map(Number);
      assert.equal(cells[0], i);
      for (let j = 0; j < 64; j++) assert.ok(Math.abs(cells[1 + j] - truth[i * 64 + j]) < 1e-6, `(${i}, ${j})`);
    }
    const rsvg = (await download(mri, 'mri-reconstruction.svg')).bytes.toString('utf8');
    assert.match(rsvg, /<title>reconstruction \(magnitude\)<\/title>/);
    assert.match(rsvg, /<image [^>]*xlink:href="data:image\/png;base64,/);
    const metrics = (await download(mri, 'mri-metrics.csv')).bytes.toString('utf8').split('\n');
    assert.equal(metrics[0], 'image,NRMSE,PSNR (dB),SSIM');
    assert.match(metrics[2], /^l1-wavelet,0\.\d{4},\d+\.\d,0\.\d{3}$/);
    assert.deepEqual(mri.errors, []);
    await mri.close();

    // the synthetic gather the seismic command reads: the library's, to the last bits
    const seis = await open('seismic');
    await seis.click('summary');
    const [dl] = await Promise.all([seis.waitForEvent('download'), seis.click('#seismic-synthetic-npy')]);
    const npy = readNpy(new Uint8Array(readFileSync((await dl.path()) as string)));
    const g = syntheticGather();
    assert.deepEqual(npy.shape, [g.ntraces, g.ns]);
    let diff = 0;
    let peakG = 0;
    for (let i = 0; i < g.data.length; i++) {
      diff = Math.max(diff, Math.abs(npy.data[i] - g.data[i]));
      peakG = Math.max(peakG, Math.abs(g.data[i]));
    }
    // Chromium's V8 and Node's may round the last bit of sin/exp differently: a few ulps of the peak
    assert.ok(diff <= 4 * Number.EPSILON * peakG, `max difference ${diff} (peak ${peakG})`);
    await seis.close();
  });

  it('images: magnitude and phase, window/level, zoom, colour bars and text alternatives', async () => {
    const page = await open('mri?size=64&maxIter=10');
    assert.equal(await page.getAttribute('#mri-status', 'aria-live'), 'polite');
    // before a run the empty figures say so (a light square, no colour bar), not a black box
    const emptyFigures = () => page.evaluate(() => [...document.querySelectorAll('figure.view.empty canvas[role=img]')].map((c) => c.id));
    assert.deepEqual(await emptyFigures(), ['mri-truth', 'mri-zero-filled', 'mri-reconstruction', 'mri-error', 'mri-mask', 'mri-kspace', 'mri-psf']);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('#mri-reconstruction')!.closest('figure')!.querySelector('.bar-box')!).visibility), 'hidden');
    await page.click('#mri-run');
    await page.waitForSelector('#mri-status[data-done=done]');
    assert.deepEqual(await emptyFigures(), []);
    assert.equal(await page.getAttribute('#mri-truth', 'role'), 'img');
    assert.match((await page.getAttribute('#mri-truth', 'aria-label'))!, /^truth: 64 x 64 image, values, bright = high, window 0 to 1$/);
    assert.match((await page.getAttribute('#mri-reconstruction', 'aria-label'))!, /^reconstruction: 64 x 64 image, magnitude, bright = high, window 0 to 1$/);
    await page.selectOption('select[name=mri-display]', 'phase');
    assert.match((await page.getAttribute('#mri-reconstruction', 'aria-label'))!, /phase, bright = high, window -3\.14 to 3\.14$/);
    await page.selectOption('select[name=mri-display]', 'magnitude');
    await page.fill('input[name=mri-level]', '0.25');
    await page.fill('input[name=mri-width]', '0.5');
    assert.match((await page.getAttribute('#mri-truth', 'aria-label'))!, /window 0 to 0\.5$/);
    assert.equal(await page.textContent('#mri-truth >> xpath=ancestor::figure//span[@class="bar-hi"]'), '0.5');
    // the k-space / PSF panel and the TV-free wording of the metrics line
    assert.match((await page.getAttribute('#mri-psf', 'aria-label'))!, /^point-spread function of the mask \(dB\): 64 x 64 image, dB, bright = high, window -60 to 0$/);
    assert.match((await page.textContent('#mri-incoherence'))!, /TPSF \(haar\)/);
    // zoom 4x: the figure scrolls inside itself, the canvas is 4 pixels per sample
    await page.selectOption('select[name=mri-zoom]', '4x');
    assert.equal(await page.evaluate(() => (document.getElementById('mri-truth') as HTMLCanvasElement).getBoundingClientRect().width), 256);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('a non-square upload is drawn at its true aspect ratio', async () => {
    const page = await open('mri?source=upload&maxIter=5');
    const ny = 48;
    const nx = 96;
    const data = new Float64Array(ny * nx);
    for (let i = 8; i < 40; i++) for (let j = 10; j < 86; j++) data[i * nx + j] = 1 + ((i * j) % 7) / 7;
    await page.setInputFiles('input[name=file]', { name: 'wide.npy', mimeType: 'application/octet-stream', buffer: Buffer.from(writeNpy({ shape: [ny, nx], data, complex: false })) });
    await page.click('#mri-run');
    await page.waitForSelector('#mri-status[data-done=done]', { timeout: 120000 });
    for (const id of ['mri-truth', 'mri-reconstruction', 'mri-kspace']) {
      const r = await page.evaluate((i) => {
        const c = document.getElementById(i) as HTMLCanvasElement;
        const b = c.getBoundingClientRect();
        return [c.width, c.height, b.width, b.height];
      }, id);
      assert.deepEqual(r.slice(0, 2), [nx, ny], id);
      assert.ok(Math.abs(r[3] / r[2] - ny / nx) < 0.02, `${id}: drawn ${r[2]} x ${r[3]} px`);
    }
    assert.match((await page.getAttribute('#mri-truth', 'aria-label'))!, /^truth: 48 x 96 image/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  it('charts carry a text alternative that says what they show', async () => {
    const planner = await open('planner?n=200&k=20');
    await planner.click('#plan-go');
    await planner.waitForSelector('#plan-status[data-done=done]');
    const p = plan({ n: 200, k: 20 });
    assert.equal(await planner.getAttribute('#plan-chart .chart > svg', 'role'), 'img');
    const alt = (await planner.getAttribute('#plan-chart .chart > svg', 'aria-label'))!;
    assert.ok(alt.startsWith(`Planner chart: the weak threshold rho_W(delta) with the asymptotic estimate m = ${p.asymptotic.m}`), alt);
    assert.ok(alt.endsWith(`as points (delta = m/n, rho = k/m); recommended m = ${p.m}`), alt);
    assert.equal(alt.includes('the rigorous estimate'), p.rigorous?.certified === true, alt);
    // the legend names the theory curve and every estimate of the table, each once
    const legend = await planner.evaluate(() => [...document.querySelectorAll('#plan-chart svg .role-legend-label text')].map((e) => e.textContent));
    const estimates = await planner.evaluate(() => [...document.querySelectorAll('#plan-table tr td:first-child')].map((e) => e.textContent).filter((t, i, all) => all.indexOf(t) === i));
    assert.deepEqual(legend, ['weak threshold rho_W(delta) (theory)', ...estimates]);
    assert.ok(estimates.includes('asymptotic (statistical dimension)'), estimates.join(', '));
    assert.deepEqual(planner.errors, []);
    await planner.close();

    const phase = await open('phase?n=30&nDelta=3&nRho=3&trials=2&solver=bp-lp');
    await phase.click('#sweep-run');
    await phase.waitForSelector('#sweep-status[data-done=done]', { timeout: 120000 });
    assert.equal(await phase.getAttribute('#phase-chart .chart > svg', 'role'), 'img');
    assert.match(
      (await phase.getAttribute('#phase-chart .chart > svg', 'aria-label'))!,
      /^Phase diagram: success rate of bp-lp on gaussian measurements \(n = 30\) over 9 of 9 \(delta, rho\) cells, with the theoretical weak threshold \(white line with a dark edge\) and the fitted empirical 50% transition \(red\)/,
    );
    assert.deepEqual(phase.errors, []);
    await phase.close();
  });

  it('390 px wide: no page scrolls sideways, before or after a run', async () => {
    const runs: [string, string, string][] = [
      ['phase?n=30&nDelta=3&nRho=3&trials=2&solver=bp-lp', '#sweep-run', '#sweep-status[data-done=done]'],
      ['planner?n=200&k=20', '#plan-go', '#plan-status[data-done=done]'],
      ['mri?size=64&maxIter=10', '#mri-run', '#mri-status[data-done=done]'],
      ['mri?size=64', '#mri-predict-run', '#mri-status[data-planned=done]'],
      ['planner?n=200&k=20', '#plan-mri-predict', '#plan-mri-status[data-done=done]'],
      ['seismic?iterations=10', '#seismic-run', '#seismic-status[data-done=done]'],
    ];
    for (const [hash, button, finished] of runs) {
      const page = await open(hash, 390);
      const fits = () => page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      let [doc, view] = await fits();
      assert.ok(doc <= view, `${hash} before a run: document ${doc} px, viewport ${view} px`);
      await page.click('summary');
      await page.click(button);
      await page.waitForSelector(finished, { timeout: 120000 });
      [doc, view] = await fits();
      assert.ok(doc <= view, `${hash} after a run: document ${doc} px, viewport ${view} px`);
      if (hash.startsWith('mri')) {
        await page.selectOption('select[name=mri-zoom]', '8x');
        [doc, view] = await fits();
        assert.ok(doc <= view, `${hash} zoomed 8x: document ${doc} px, viewport ${view} px`);
      }
      await page.screenshot({ path: join(SHOTS, `narrow-${hash.split('?')[0]}.png`), fullPage: true });
      assert.deepEqual(page.errors, []);
      await page.close();
    }
  });
});
