/**
 * Launches Debian's Chromium through playwright-core (never a browser download), with the flags
 * this machine needs (no sandbox as root, no background networking: the network is closed).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CANDOR_CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = join(process.cwd(), 'test-output', 'screenshots');

export function chromiumMissing(): string | false {
  return existsSync(CHROMIUM) ? false : `chromium not installed at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`;
}

export async function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    // playwright adds --headless and a fresh temporary --user-data-dir itself
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    headless: true,
  });
}
