/**
 * Builds the web lab with Vite into web-dist/ when it is missing or older than its sources, so
 * `candor serve` works on a fresh checkout without a separate build step. The compiled package
 * ships web-dist/ built (`npm run build`) and never rebuilds it (it has neither the lab's sources
 * nor Vite).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CandorError } from '../core/errors.ts';
import { COMPILED } from '../experiments/node/worker-bundle.ts';

export const WEB_ROOT = fileURLToPath(new URL('../../web-dist', import.meta.url));
const SRC = fileURLToPath(new URL('../', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

export function webBuildIsFresh(): boolean {
  const index = join(WEB_ROOT, 'index.html');
  if (!existsSync(index)) return false;
  return statSync(index).mtimeMs >= newest(SRC);
}

export async function buildWeb(opts: { force?: boolean; log?: (s: string) => void } = {}): Promise<string> {
  if (COMPILED) {
    if (existsSync(join(WEB_ROOT, 'index.html'))) return WEB_ROOT;
    throw new CandorError('candor serve', 'the web lab', `its build in ${WEB_ROOT} (npm run build in a source checkout)`, 'missing', 'io');
  }
  if (!opts.force && webBuildIsFresh()) return WEB_ROOT;
  opts.log?.('building the web lab (vite) ...');
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
  return WEB_ROOT;
}
