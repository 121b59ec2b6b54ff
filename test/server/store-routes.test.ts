/**
 * The lab server with a real store (issue 19, defect 7): an unknown sweep id is a 404 with the
 * store's list of ids; a corrupt store fails only the routes that read sweeps, with the store's
 * message, while health, the theory curve, decoding and the planner (which then plans from theory
 * alone and says why) keep working.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Store } from '../../src/experiments/node/store.ts';
import { createLabServer, listen } from '../../src/server/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'candor-store-routes-'));
const servers: ReturnType<typeof createLabServer>[] = [];
after(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary JSON bodies
async function start(storePath: string): Promise<(method: string, path: string, body?: string) => Promise<{ status: number; json: any }>> {
  const server = createLabServer({ webRoot: dir, storePath });
  servers.push(server);
  const a = await listen(server, 0, '127.0.0.1');
  return async (method, path, body) => {
    const r = await fetch(`http://127.0.0.1:${a.port}${path}`, { method, body, headers: body ? { 'content-type': 'application/json' } : {} });
    return { status: r.status, json: await r.json() };
  };
}

describe('lab server store routes', () => {
  it('an unknown sweep id is a 404 naming the ids the store has', async () => {
    const path = join(dir, 'empty.db');
    Store.open(path).close();
    const send = await start(path);
    const r = await send('GET', '/api/sweeps/3');
    assert.equal(r.status, 404);
    assert.equal(r.json.error.message, `store ${path}: sweep id: expected an existing sweep (the store is empty), got 3`);
    assert.equal((await send('GET', '/api/sweeps/99999999999')).status, 404);
    assert.deepEqual((await send('GET', '/api/sweeps')).json.sweeps, []);
  });

  it('a corrupt store fails only the sweep routes; the planner plans from theory and says why', async () => {
    const path = join(dir, 'corrupt.db');
    writeFileSync(path, Buffer.alloc(8192, 7));
    const send = await start(path);
    const msg = `store ${path}: contents: expected a Candor SQLite store, got a corrupt or non-SQLite file (nothing was changed)`;
    for (const route of ['/api/sweeps', '/api/sweeps/1']) {
      const r = await send('GET', route);
      assert.equal(r.status, 500, route);
      assert.equal(r.json.error.message, msg);
    }
    assert.equal((await send('GET', '/api/health')).status, 200);
    assert.equal((await send('GET', '/api/theory/curve')).status, 200);
    const p = await send('POST', '/api/plan', JSON.stringify({ n: 200, k: 20 }));
    assert.equal(p.status, 200);
    assert.equal(p.json.plan.provenance, 'asymptotic');
    assert.ok(p.json.plan.warnings.includes(`no empirical data: ${msg}`), JSON.stringify(p.json.plan.warnings));
  });
});
