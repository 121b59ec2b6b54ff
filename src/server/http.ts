/**
 * Small HTTP helpers for the lab server: JSON responses, bounded body reading, and errors that
 * become 4xx JSON bodies `{ "error": { "message", "status" } }` with the same one-line message the
 * CLI would print. Nothing here ever sends a stack trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CandorError } from '../core/errors.ts';

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, e: unknown): void {
  let status = 500;
  let message = 'internal error (see the server log)';
  if (e instanceof HttpError) {
    status = e.status;
    message = e.message;
  } else if (e instanceof CandorError) {
    status = e.kind === 'store' || e.kind === 'numerical' ? 500 : e.kind === 'io' ? 422 : 400;
    if (e.kind === 'store' && /sweep id/.test(e.what)) status = 404;
    message = e.message;
  } else {
    process.stderr.write(`candor serve: ${(e as Error)?.stack ?? String(e)}\n`);
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error: { status, message } });
}

/** Reads the request body up to `limit` bytes; more is a 413 and the connection is drained. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new HttpError(413, `request body: expected at most ${limit} bytes, got ${declared}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, `request body: expected at most ${limit} bytes, got more than ${limit}`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks)));
    req.on('error', (e) => !failed && reject(e));
  });
}

export async function readJson(req: IncomingMessage, limit = 1 << 20): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) {
    req.resume();
    throw new HttpError(415, `request content-type: expected application/json, got ${type ? JSON.stringify(type) : 'none'}`);
  }
  const body = await readBody(req, limit);
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new HttpError(400, `request body: expected valid JSON, got ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'request body: expected a JSON object, got another JSON value');
  return v as Record<string, unknown>;
}
