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

/**
 * The status and one-line message a request failure is answered with: an HttpError's own, a
 * CandorError's by kind (input/usage 400, io 422, store and numerical 500), anything else a bare
 * 500 whose stack goes to the server log, never to the client.
 */
export function errorBody(e: unknown): { status: number; message: string } {
  if (e instanceof HttpError) return { status: e.status, message: e.message };
  if (e instanceof CandorError) {
    const status = e.kind === 'store' || e.kind === 'numerical' ? 500 : e.kind === 'io' ? 422 : 400;
    return { status, message: e.message };
  }
  process.stderr.write(`candor serve: ${(e as Error)?.stack ?? String(e)}\n`);
  return { status: 500, message: 'internal error (see the server log)' };
}

export function sendError(res: ServerResponse, e: unknown): void {
  const { status, message } = errorBody(e);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error: { status, message } });
}

/** A request's URL (its path and query) parsed; a 400 when it is not a valid path. */
export function requestUrl(raw: string | undefined): URL {
  try {
    return new URL(raw ?? '/', 'http://localhost');
  } catch {
    throw new HttpError(400, `request URL: expected a valid path, got ${JSON.stringify(String(raw).slice(0, 80))}`);
  }
}

/**
 * Reads the request body up to `limit` bytes; more is a 413 naming the limit (and `why`, what the
 * limit fits, when given) and the connection is drained.
 */
export function readBody(req: IncomingMessage, limit: number, why?: string): Promise<Buffer> {
  const most = `at most ${limit} bytes${why ? ` (${why})` : ''}`;
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new HttpError(413, `request body: expected ${most}, got ${declared}`));
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
        reject(new HttpError(413, `request body: expected ${most}, got more than ${limit}`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks)));
    // the client (or the server stopping: closeAllConnections) closed the connection mid-body
    req.on('error', () => !failed && reject(new HttpError(400, `request body: expected the whole body, got a connection closed after ${size} bytes`)));
  });
}

/** Throws a 415 unless the content type is exactly application/json (parameters allowed). */
export function checkJsonType(type: string): void {
  // the media type alone, without parameters (RFC 9110 8.3.1)
  if (type.split(';')[0].trim().toLowerCase() !== 'application/json') {
    throw new HttpError(415, `request content-type: expected application/json, got ${type ? JSON.stringify(type.slice(0, 80)) : 'none'}`);
  }
}

/** Parses a JSON request body; throws a 400 unless it is a JSON object. */
export function parseJsonBody(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `request body: expected valid JSON, got ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'request body: expected a JSON object, got another JSON value');
  return v as Record<string, unknown>;
}

export async function readJson(req: IncomingMessage, limit = 1 << 20): Promise<Record<string, unknown>> {
  try {
    checkJsonType(String(req.headers['content-type'] ?? ''));
  } catch (e) {
    req.resume();
    throw e;
  }
  return parseJsonBody((await readBody(req, limit)).toString('utf8'));
}
