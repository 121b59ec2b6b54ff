import assert from 'node:assert/strict';
import { writeNpy } from '../../src/io/npy.ts';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLabServer, listen } from '../../src/server/server.ts';
import { resolveStatic } from '../../src/server/static.ts';
import { coilUploadLimit, UPLOAD_COIL_SAMPLES } from '../../src/server/upload-limits.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-server-'));
const web = join(dir, 'web');
mkdirSync(join(web, 'assets'), { recursive: true });
writeFileSync(join(web, 'index.html'), '<!doctype html><title>lab</title>');
writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(dir, 'secret.txt'), 'do not serve');
symlinkSync(join(dir, 'secret.txt'), join(web, 'link.txt'));
const server = createLabServer({ webRoot: web, storePath: join(dir, 'none.db'), uploadLimit: 4096 });
let base = '';
before(async () => {
  const a = await listen(server, 0, '127.0.0.1');
  base = `http://127.0.0.1:${a.port}`;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary JSON bodies
type Json = any;

function send(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; json: Json; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, json, text });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('lab server', () => {
  it('serves the web app and health', async () => {
    assert.equal((await send('GET', '/')).text, '<!doctype html><title>lab</title>');
    assert.equal((await send('GET', '/assets/app.js')).status, 200);
    const h = await send('GET', '/api/health');
    assert.equal(h.status, 200);
    assert.equal(h.json.ok, true);
  });

  it('never serves a file outside its folder (traversal, encoded dots, symlinks, hidden files)', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/link.txt', '/.env', '/assets/%00.js', '/..\\secret.txt']) {
      const r = await send('GET', p);
      assert.equal(r.status, 404, p);
      assert.ok(!r.text.includes('do not serve'), p);
    }
    assert.equal(resolveStatic(web, '/../../etc/passwd'), null);
  });

  it('plans over the API, with 4xx JSON errors for bad input', async () => {
    const ok = await send('POST', '/api/plan', JSON.stringify({ n: 200, k: 20 }), { 'content-type': 'application/json' });
    assert.equal(ok.status, 200);
    assert.ok(Math.abs(ok.json.plan.delta - 65.76) < 0.01);
    assert.equal(ok.json.curve.length, 99);
    const bad = await send('POST', '/api/plan', JSON.stringify({ n: 200, k: 300 }), { 'content-type': 'application/json' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.message, 'plan: k: expected an integer in [1, n = 200], got 300');
    const notJson = await send('POST', '/api/plan', '{n: 2', { 'content-type': 'application/json' });
    assert.equal(notJson.status, 400);
    assert.match(notJson.json.error.message, /^request body: expected valid JSON, got /);
    const wrongType = await send('POST', '/api/plan', 'n=2', { 'content-type': 'text/plain' });
    assert.equal(wrongType.status, 415);
    assert.equal(wrongType.json.error.message, 'request content-type: expected application/json, got "text/plain"');
  });

  it('caps uploads and rejects files that are not images', async () => {
    const big = await send('POST', '/api/decode?name=big.png', Buffer.alloc(5000, 1), { 'content-type': 'application/octet-stream', 'content-length': '5000' });
    assert.equal(big.status, 413);
    assert.equal(big.json.error.message, 'request body: expected at most 4096 bytes, got 5000');
    const chunked = await send('POST', '/api/decode?name=big.png', Buffer.alloc(5000, 1), { 'content-type': 'application/octet-stream' });
    assert.equal(chunked.status, 413);
    assert.equal(chunked.json.error.message, 'request body: expected at most 4096 bytes, got more than 4096');
    const junk = await send('POST', '/api/decode?name=notes.png', 'hello, not an image', { 'content-type': 'application/octet-stream' });
    assert.equal(junk.status, 400);
    assert.equal(junk.json.error.message, 'decodeImage2d(notes.png): format: expected a PNG, DICOM, NPY or NIfTI file, got unrecognised bytes 68 65 6c 6c 6f 2c 20 6e');
    const empty = await send('POST', '/api/decode?name=x.png', '', { 'content-type': 'application/octet-stream' });
    assert.equal(empty.status, 400);
  });

  it('decodes fully sampled coil k-space (NPY [coils, ny, nx]) for the MRI lab, and names what is wrong with others', async () => {
    const octet = { 'content-type': 'application/octet-stream' };
    const k = new Float64Array(2 * 2 * 8 * 8).map((_, i) => 1 + (i % 7));
    const npy = (data: Float64Array, shape: number[]) => Buffer.from(writeNpy({ shape, data, complex: true }));
    const ok = await send('POST', '/api/decode?name=k.npy&coils=1', npy(k, [2, 8, 8]), octet);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual([ok.json.format, ok.json.shape, ok.json.coils], ['npy', [8, 8], 2]);
    assert.deepEqual(new Float64Array(Uint8Array.from(Buffer.from(ok.json.data, 'base64')).buffer).slice(0, 4), k.slice(0, 4));
    const under = k.slice();
    under.fill(0, 0, 64); // the first 32 positions of coil 0 ...
    under.fill(0, 128, 192); // ... and of coil 1: no sample there
    const u = await send('POST', '/api/decode?name=u.npy&coils=1', npy(under, [2, 8, 8]), octet);
    assert.equal(u.status, 400);
    assert.match(u.json.error.message, /^upload u\.npy: sampling: expected fully sampled k-space .*, got 32 of 64 positions \(50\.0%\) without a sample$/);
    const one = await send('POST', '/api/decode?name=one.npy&coils=1', npy(k.subarray(0, 128), [8, 8]), octet);
    assert.equal(one.status, 400);
    assert.match(one.json.error.message, /^upload one\.npy: coils: expected multi-coil k-space .*, got 1 coil$/);
    const real = await send('POST', '/api/decode?name=r.npy&coils=1', Buffer.from(writeNpy({ shape: [2, 8, 8], data: k.subarray(0, 128), complex: false })), octet);
    assert.equal(real.status, 400);
    assert.match(real.json.error.message, /^upload r\.npy: dtype: expected complex k-space .*, got real values$/);
    // coils is 1 (coil k-space), 0 or absent (an image): anything else is a 400, not silently an image
    for (const [q, got] of [['coils=2', '"2"'], ['coils=true', '"true"'], ['coils=', '""'], ['coils=1&coils=1', '2 values']]) {
      const bad = await send('POST', `/api/decode?name=k.npy&${q}`, npy(k, [2, 8, 8]), octet);
      assert.equal(bad.status, 400, q);
      assert.equal(bad.json.error.message, `query coils: expected 1 (fully sampled coil k-space; the file gives the coil count), 0 or none (an image), got ${got}`);
    }
    const zero = await send('POST', '/api/decode?name=k.npy&coils=0', npy(k.subarray(0, 128), [8, 8]), octet);
    assert.equal(zero.status, 200, zero.text);
    assert.equal(zero.json.coils, undefined);
    const png = await send('POST', '/api/decode?name=k.png&coils=1', 'x', octet);
    assert.equal(png.status, 400);
    assert.match(png.json.error.message, /^upload k\.png: file: expected an NPY of fully sampled coil k-space/);
  });

  it('coil k-space uploads have their own body limit, fitting the stated cap (32 coils of 256x256 as complex128); beyond it a 413 names the limit', async () => {
    const octet = { 'content-type': 'application/octet-stream' };
    // above this server's 4096-byte image limit, within the coil route's
    const small = Buffer.from(writeNpy({ shape: [2, 16, 16], data: new Float64Array(2 * 2 * 16 * 16).fill(1), complex: true }));
    assert.ok(small.length > 4096);
    const ok = await send('POST', '/api/decode?name=s.npy&coils=1', small, octet);
    assert.equal(ok.status, 200, ok.text);
    // the cap itself: 32 coils of 256x256, complex128 (32 MiB and the header)
    const cap = Buffer.from(writeNpy({ shape: [32, 256, 256], data: new Float64Array(2 * UPLOAD_COIL_SAMPLES).fill(1), complex: true }));
    assert.ok(cap.length > 16 * 1024 * 1024 && cap.length <= coilUploadLimit());
    const big = await send('POST', '/api/decode?name=cap.npy&coils=1', cap, octet);
    assert.equal(big.status, 200, big.text.slice(0, 200));
    assert.deepEqual([big.json.coils, big.json.shape], [32, [256, 256]]);
    // a few samples more (7 x 547 x 548 = 2^21 + 1140): within the body limit, over the sample cap
    const over = Buffer.from(writeNpy({ shape: [7, 547, 548], data: new Float64Array(2 * 7 * 547 * 548).fill(1), complex: true }));
    assert.ok(over.length <= coilUploadLimit());
    const o = await send('POST', '/api/decode?name=over.npy&coils=1', over, octet);
    assert.equal(o.status, 400);
    assert.equal(o.json.error.message, 'upload over.npy: coils: expected at most 32 coils and 2097152 samples in all (e.g. 32 coils of 256x256), got 7 coils of 547x548');
    const limit = coilUploadLimit();
    const huge = await send('POST', '/api/decode?name=huge.npy&coils=1', Buffer.alloc(limit + 1), { ...octet, 'content-length': String(limit + 1) });
    assert.equal(huge.status, 413);
    assert.equal(huge.json.error.message, `request body: expected at most ${limit} bytes (coil k-space: at most 2097152 complex128 samples and the NPY header), got ${limit + 1}`);
  });

  it('validates plan bodies with the library validators the CLI uses (issue 19, defect 7)', async () => {
    const json = { 'content-type': 'application/json' };
    const unknownEnsemble = await send('POST', '/api/plan', JSON.stringify({ n: 200, k: 20, ensemble: 'magic' }), json);
    assert.equal(unknownEnsemble.status, 400);
    assert.equal(unknownEnsemble.json.error.message, 'plan: ensemble: expected one of gaussian, rademacher, partial-dct, partial-real-fourier, partial-fourier, partial-hadamard, variable-density, got "magic"');
    const notString = await send('POST', '/api/plan', JSON.stringify({ n: 200, k: 20, ensemble: 7 }), json);
    assert.equal(notString.status, 400);
    assert.equal(notString.json.error.message, 'plan: ensemble: expected one of gaussian, rademacher, partial-dct, partial-real-fourier, partial-fourier, partial-hadamard, variable-density, got 7');
    const textN = await send('POST', '/api/plan', JSON.stringify({ n: '200', k: 20 }), json);
    assert.equal(textN.json.error.message, 'plan: n: expected an integer in [1, 1000000000], got "200"');
    const huge = await send('POST', '/api/plan', JSON.stringify({ n: 4294967296, k: 50 }), json);
    assert.equal(huge.status, 400);
    assert.equal(huge.json.error.message, 'plan: n: expected an integer in [1, 1000000000], got 4294967296');
    const extra = await send('POST', '/api/plan', JSON.stringify({ n: 200, k: 20, m: 5 }), json);
    assert.equal(extra.status, 400);
    assert.equal(extra.json.error.message, 'request body: key "m": expected one of n, k, ensemble, target, signal, got an unknown key');
    for (const type of ['application/jsonx', 'application/json-patch+json', 'text/application/json']) {
      const r = await send('POST', '/api/plan', JSON.stringify({ n: 200, k: 20 }), { 'content-type': type });
      assert.equal(r.status, 415, type);
      assert.equal(r.json.error.message, `request content-type: expected application/json, got ${JSON.stringify(type)}`);
    }
    const withCharset = await send('POST', '/api/plan', JSON.stringify({ n: 200, k: 20 }), { 'content-type': 'Application/JSON; charset=utf-8' });
    assert.equal(withCharset.status, 200);
  });

  it('answers unknown routes and ids with 404/400 and keeps serving after a malformed request', async () => {
    assert.equal((await send('GET', '/api/nope')).status, 404);
    assert.equal((await send('GET', '/api/sweeps/abc')).status, 400);
    assert.equal((await send('GET', '/api/sweeps/3')).status, 404);
    assert.equal((await send('DELETE', '/index.html')).status, 405);
    // a raw garbage request line
    await new Promise<void>((resolve) => {
      const s = connect(Number(new URL(base).port), '127.0.0.1', () => s.write('BLAH \x00\x01 nonsense\r\n\r\n'));
      s.on('data', () => {});
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    assert.equal((await send('GET', '/api/health')).status, 200);
  });
});
