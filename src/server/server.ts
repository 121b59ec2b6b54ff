/**
 * The lab server behind `candor serve`: the JSON API (./api.ts) and the built web app
 * (./static.ts), bound to 127.0.0.1 by default. A malformed request gets a 4xx JSON error and the
 * server keeps serving; an unexpected error is logged and answered with a bare 500. Computations
 * run in a pool of worker threads with a time budget (./pool.ts), created with the server and
 * terminated when it closes; {@link stopOnSignals} ends the process cleanly on SIGINT/SIGTERM.
 */
import { COMPILED, compiledSibling } from '../experiments/node/worker-bundle.ts';
import { createServer, type Server } from 'node:http';
import type { QueueStatusReader } from '../experiments/node/queue/status.ts';
import type { QueueUrl } from '../experiments/node/queue/url.ts';
import { codeVersion } from '../experiments/node/version.ts';
import { handleApi } from './api.ts';
import { requestUrl, sendError } from './http.ts';
import { ComputePool } from './pool.ts';
import { serveStatic } from './static.ts';
import type { TaskContext } from './tasks.ts';
import { coilUploadLimit, UPLOAD_COIL_SAMPLES } from './upload-limits.ts';

export interface ServeOptions {
  host?: string;
  port?: number;
  storePath?: string;
  webRoot: string;
  /** Largest accepted upload in bytes (default 16 MiB). */
  uploadLimit?: number;
  /**
   * Largest accepted coil k-space upload (`/api/decode?coils=1`) in bytes; default room for the
   * coil cap (32 coils of 256x256, or maxPixels samples if fewer) as complex128: 32 MiB and the NPY header.
   */
  coilUploadLimit?: number;
  /** Largest image decoded from an upload, in pixels (a NIfTI volume: voxels); default 2^23. */
  maxPixels?: number;
  /** Time budget of one computation, ms (default 20 s). */
  budgetMs?: number;
  /** Compute worker threads (default 2). */
  workers?: number;
  /** A distributed sweep's queue whose progress the phase page shows (GET /api/queue). */
  queue?: { url: QueueUrl; name?: string };
}

/** The lab server's compute pool, created with it (see createLabServer). */
const pools = new WeakMap<Server, ComputePool>();

export function createLabServer(opts: ServeOptions): Server {
  const storePath = opts.storePath ?? 'candor.db';
  const taskContext: TaskContext = { storePath, maxPixels: opts.maxPixels ?? 2 ** 23 };
  const pool = new ComputePool({
    // from the sources, a tsx bootstrap; compiled (the package), the worker module itself
    entry: COMPILED ? compiledSibling(new URL('./worker.ts', import.meta.url)) : new URL('./worker-entry.mjs', import.meta.url),
    size: opts.workers ?? 2,
    defaultBudgetMs: opts.budgetMs ?? 20000,
    workerData: taskContext,
    heapMb: 512,
  });
  // the queue's status reader (BullMQ, ioredis) loads on the first request for it
  let reader: Promise<QueueStatusReader> | null = null;
  const q = opts.queue;
  const queueStatus = q
    ? () => {
        reader ??= import('../experiments/node/queue/status.ts').then((m) => new m.QueueStatusReader(q.url, q.name));
        return reader.then((r) => r.read());
      }
    : null;
  const coilSamples = Math.min(taskContext.maxPixels, UPLOAD_COIL_SAMPLES);
  const ctx = { storePath, uploadLimit: opts.uploadLimit ?? 16 * 1024 * 1024, coilUploadLimit: opts.coilUploadLimit ?? coilUploadLimit(coilSamples), coilSamples, pool, queueStatus };
  codeVersion(); // computed once now (it asks git), not on the first health check
  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = requestUrl(req.url);
    } catch (e) {
      sendError(res, e);
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
  pools.set(server, pool);
  server.on('close', () => {
    void pool.close();
    void reader?.then((r) => r.close());
  });
  return server;
}

/**
 * Stops the server on the first SIGINT or SIGTERM: no new connections, open ones closed, compute
 * workers terminated (a computation in progress is abandoned). Resolves once stopped.
 */
export function stopOnSignals(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close();
      server.closeAllConnections();
      void (pools.get(server)?.close() ?? Promise.resolve()).then(() => resolve());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
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
