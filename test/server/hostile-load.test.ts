/**
 * Issue 19, defect 1, acceptance: a real `candor serve` process under attack. 20 hostile uploads
 * (decompression bombs: 875 KB PNGs declaring 30000 x 30000 pixels and 1 MB .nii.gz files
 * holding 1 GiB) and 20 plans with n = 2^32 are in flight at once; meanwhile /api/health answers
 * within 1 s each time, every attack gets a 4xx JSON error, the process's peak RSS (VmHWM) stays
 * under 1 GB, and SIGTERM stops it within 2 s. The two time limits are the acceptance
 * bounds, an order of magnitude above what an idle event loop needs (milliseconds), not
 * performance measurements.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { niftiGzBomb, pngBomb } from '../../scripts/fuzz/hostile.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-hostile-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>lab</title>');
let child: ChildProcess | undefined;
after(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startServer(): Promise<string> {
  const bin = new URL('../../bin/candor.mjs', import.meta.url).pathname;
  child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--store', join(dir, 'lab.db'), '--web', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child?.stdout?.on('data', (c) => {
      out += c;
      const m = /candor lab: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve(m[1]);
    });
    child?.stderr?.on('data', (c) => {
      err += c;
    });
    child?.on('exit', (code) => reject(new Error(`candor serve exited with ${code}: ${err}`)));
  });
}

/** Peak resident set size of a process in kB (Linux /proc). */
function peakRssKb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1]);
}

describe('candor serve under hostile load', () => {
  it('keeps answering health, refuses every attack, stays under 1 GB and stops on SIGTERM', async (t) => {
    const base = await startServer();
    const png = new Uint8Array(pngBomb(30000, 30000));
    const nii = new Uint8Array(niftiGzBomb([1024, 1024, 1024]));
    const attacks: Promise<{ status: number; message: string }>[] = [];
    const answer = async (r: Response) => ({ status: r.status, message: ((await r.json()) as { error: { message: string } }).error.message });
    for (let i = 0; i < 20; i++) {
      const body = i % 2 ? png : nii;
      const name = i % 2 ? `bomb${i}.png` : `bomb${i}.nii.gz`;
      attacks.push(fetch(`${base}/api/decode?name=${name}`, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } }).then(answer));
      attacks.push(fetch(`${base}/api/plan`, { method: 'POST', body: JSON.stringify({ n: 4294967296, k: 50 }), headers: { 'content-type': 'application/json' } }).then(answer));
    }
    const health: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(1000) });
      health.push(r.status);
      await r.arrayBuffer();
    }
    assert.deepEqual(health, [200, 200, 200, 200, 200]);
    const results = await Promise.all(attacks);
    const pid = child?.pid as number;
    for (const [i, r] of results.entries()) {
      const upload = i % 2 === 0;
      const k = i >> 1;
      if (!upload) assert.deepEqual(r, { status: 400, message: 'plan: n: expected an integer in [1, 1000000000], got 4294967296' });
      else if (k % 2) assert.deepEqual(r, { status: 400, message: `readPng(bomb${k}.png): image size: expected at most 8388608 pixels (the reader's limit; maxPixels in the library), got 30000x30000 = 900000000 pixels` });
      else assert.deepEqual(r, { status: 400, message: `readNifti(bomb${k}.nii.gz): volume size: expected at most 8388608 samples (the reader's limit; maxSamples in the library), got 1024x1024x1024 = 1073741824 samples` });
    }
    assert.equal((await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(1000) })).status, 200);
    const rssKb = peakRssKb(pid);
    t.diagnostic(`peak RSS ${rssKb} kB`);
    assert.ok(rssKb < 1024 * 1024, `peak RSS ${rssKb} kB`);
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child?.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running after 2 s'), 2000))]);
    assert.equal(code, 0);
  });
});
