/**
 * The lab server behind `candor serve`: the JSON API (./api.ts) and the built web app
 * (./static.ts), bound to 127.0.0.1 by default. A malformed request gets a 4xx JSON error and the
 * server keeps serving; an unexpected error is logged and answered with a bare 500.
 */
import { createServer, type Server } from 'node:http';
import { handleApi } from './api.ts';
import { HttpError, sendError } from './http.ts';
import { serveStatic } from './static.ts';

export interface ServeOptions {
  host?: string;
  port?: number;
  storePath?: string;
  webRoot: string;
  /** Largest accepted upload in bytes (default 16 MiB). */
  uploadLimit?: number;
}

export function createLabServer(opts: ServeOptions): Server {
  const ctx = { storePath: opts.storePath ?? 'candor.db', uploadLimit: opts.uploadLimit ?? 16 * 1024 * 1024 };
  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendError(res, new HttpError(400, `request URL: expected a valid path, got ${JSON.stringify(String(req.url).slice(0, 80))}`));
      return;
    }
    const run = async () => {
      if (url.pathname.startsWith('/api/')) await handleApi(ctx, req, res, url);
      else serveStatic(opts.webRoot, req, res);
    };
    run().catch((e) => sendError(res, e));
  });
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\r\n{"error":{"status":400,"message":"malformed HTTP request"}}');
  });
  server.requestTimeout = 60000;
  return server;
}

export function listen(server: Server, port: number, host: string): Promise<{ port: number; host: string }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      resolve({ port: typeof a === 'object' && a ? a.port : port, host });
    });
  });
}
