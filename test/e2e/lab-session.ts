/**
 * One lab session per e2e test file: `candor serve`'s server on a free local port with a fresh
 * store in a temporary folder, and Debian's Chromium; registered as the file's before/after hooks.
 * No Chromium fails every test of the file with the package to install (never a skip).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildWeb } from '../../src/server/build-web.ts';
import { createLabServer, listen } from '../../src/server/server.ts';
import { chromiumMissing, launch } from './browser.ts';

/** The session's server address, browser and temporary folder (set once `before` has run). */
export interface LabSession {
  base: string;
  browser: Browser;
  dir: string;
}

/** Registers the hooks that start and stop a lab session; `name` names its temporary folder. */
export function labSession(name: string): LabSession {
  const dir = mkdtempSync(join(tmpdir(), `candor-e2e-${name}-`));
  const s = { base: '', browser: undefined as unknown as Browser, dir };
  let server: ReturnType<typeof createLabServer> | undefined;
  before(async () => {
    const missing = chromiumMissing();
    if (missing) throw new Error(missing);
    const root = await buildWeb();
    server = createLabServer({ webRoot: root, storePath: join(dir, 'lab.db') });
    const a = await listen(server, 0, '127.0.0.1');
    s.base = `http://127.0.0.1:${a.port}`;
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return s;
}
