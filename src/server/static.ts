/**
 * Serves the built web lab from one folder, and nothing outside it: the URL path is decoded,
 * normalised and resolved against the root; anything that escapes the root (.., encoded
 * separators, absolute paths, NUL bytes), hidden files and symlinks leading out are refused (404).
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { HttpError } from './http.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `root` for a URL path, or null when it is outside root or absent. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let p: string;
  try {
    p = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (p.includes('\0') || p.includes('\\')) return null;
  if (p === '/' || p === '') p = '/index.html';
  const parts = p.split('/').filter(Boolean);
  if (parts.some((s) => s === '..' || s.startsWith('.'))) return null;
  const base = resolve(root);
  const full = resolve(base, normalize(join(...parts)));
  if (full !== base && !full.startsWith(base + sep)) return null;
  try {
    const real = realpathSync(full);
    const realBase = realpathSync(base);
    if (!real.startsWith(realBase + sep)) return null;
    if (!statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `method: expected GET or HEAD for files, got ${req.method}`);
  const file = resolveStatic(root, req.url ?? '/');
  if (!file) throw new HttpError(404, `path: expected a file of the web lab, got ${JSON.stringify((req.url ?? '').slice(0, 80))}`);
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
