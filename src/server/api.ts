/**
 * JSON API of the lab server. Every input is validated; bad input is a 4xx JSON error with the
 * library's one-line message.
 *
 *   GET  /api/health                  { ok, version }
 *   POST /api/plan                    { n, k, ensemble?, target?, signal? } -> plan + theory curve
 *   GET  /api/theory/curve?signal=    the weak threshold rho_W(delta) on a 99-point grid
 *   GET  /api/sweeps                  stored sweeps (SQLite store)
 *   GET  /api/sweeps/:id              one sweep: spec, cell statistics, fitted transition
 *   POST /api/decode?name=file.npy&coils=1   fully sampled coil k-space (NPY [coils, ny, nx] complex,
 *                                     at most `coilUploadLimit` bytes: 32 coils of 256x256 as complex128):
 *                                     { name, format, shape, coils, data: base64 coil-major complex }
 *   POST /api/decode?name=file.png    an uploaded image (PNG, DICOM, NPY, NIfTI; raw bytes body,
 *                                     at most `uploadLimit` bytes) -> { shape, data (base64 f64) }
 *   GET  /api/queue                   a distributed sweep's progress across machines (the queue of
 *                                     `candor serve --queue`): { configured: false } without one,
 *                                     else { configured: true, ...QueueStatus } (503 if Redis is down)
 *
 * Only health and the queue status are answered on the event loop (the status is a few Redis
 * reads with a deadline, no computation); every computation (and every store read) runs in the
 * compute pool (./pool.ts: worker threads, a time budget per request, a bounded queue) through
 * ./tasks.ts, so a hostile request can cost a worker its budget but never stall the server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CandorError } from '../core/errors.ts';
import { codeVersion } from '../experiments/node/version.ts';
import { HttpError, readBody, readJson, sendJson } from './http.ts';
import type { ComputePool } from './pool.ts';

export interface ApiContext {
  storePath: string;
  uploadLimit: number;
  /** Largest coil k-space upload (`coils=1`) in bytes: room for `coilSamples` complex128 samples (./upload-limits.ts coilUploadLimit). */
  coilUploadLimit: number;
  /** Most complex samples of a coil k-space upload (./upload-limits.ts UPLOAD_COIL_SAMPLES, at most maxPixels). */
  coilSamples: number;
  /** Runs every computation off the event loop, with a time budget (./pool.ts, ./tasks.ts). */
  pool: ComputePool;
  /** Reads the status of the queue given to `candor serve --queue` (null: none). */
  queueStatus: (() => Promise<unknown>) | null;
}

/** The upload's own ArrayBuffer (a Buffer may share Node's pool, which must not be transferred). */
function ownBytes(b: Buffer): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(b.length));
  out.set(b);
  return out;
}

/** The id of /api/sweeps/:id: 400 unless digits, 404 for an id no store can hold. */
export function parseSweepId(text: string): number {
  if (!/^\d+$/.test(text)) throw new HttpError(400, `sweep id: expected a positive integer, got ${JSON.stringify(text.slice(0, 40))}`);
  const id = Number(text);
  if (id < 1 || id > Number.MAX_SAFE_INTEGER) throw new HttpError(404, `sweep id: expected an existing sweep, got ${text.slice(0, 40)}`);
  return id;
}

/**
 * The decode route's `coils` query parameter: absent or 0 for an image, 1 for coil k-space; any
 * other value (coils=2, as if it were a coil count; repeated) is a 400, never silently an image.
 */
export function coilsParam(url: URL): boolean {
  const v = url.searchParams.getAll('coils');
  if (v.length === 0 || (v.length === 1 && v[0] === '0')) return false;
  if (v.length === 1 && v[0] === '1') return true;
  const got = v.length === 1 ? JSON.stringify(v[0].slice(0, 40)) : `${v.length} values`;
  throw new HttpError(400, `query coils: expected 1 (fully sampled coil k-space; the file gives the coil count), 0 or none (an image), got ${got}`);
}

/** The API's routes, as named in 404 messages. */
export const API_ROUTES = ['GET /api/health', 'POST /api/plan', 'GET /api/theory/curve', 'GET /api/sweeps', 'GET /api/sweeps/:id', 'POST /api/decode', 'GET /api/queue'] as const;

/** A request resolved to its route and the inputs taken from its URL (the body is read later). */
export type ApiRoute =
  | { route: 'health' | 'plan' | 'sweeps' | 'queue' }
  | { route: 'curve'; signal: string | undefined }
  | { route: 'sweep'; id: number }
  | { route: 'decode'; name: string; coils: boolean };

/**
 * Resolves a request's method and URL to its route (see the module comment); throws a 400 for a
 * bad sweep id and a 404 naming the routes for anything else under /api/.
 */
export function apiRoute(method: string | undefined, url: URL): ApiRoute {
  const route = `${method} ${url.pathname}`;
  if (route === 'GET /api/health') return { route: 'health' };
  if (route === 'POST /api/plan') return { route: 'plan' };
  if (route === 'GET /api/theory/curve') return { route: 'curve', signal: url.searchParams.get('signal') ?? undefined };
  if (route === 'GET /api/sweeps') return { route: 'sweeps' };
  if (route === 'GET /api/queue') return { route: 'queue' };
  const m = /^\/api\/sweeps\/([^/]+)$/.exec(url.pathname);
  if (m && method === 'GET') return { route: 'sweep', id: parseSweepId(m[1]) };
  if (route === 'POST /api/decode') return { route: 'decode', name: (url.searchParams.get('name') ?? 'upload').slice(0, 120), coils: coilsParam(url) };
  throw new HttpError(404, `API route: expected one of ${API_ROUTES.join(', ')}, got ${method} ${url.pathname}`);
}

export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { pool } = ctx;
  const r = apiRoute(req.method, url);
  switch (r.route) {
    case 'health':
      return sendJson(res, 200, { ok: true, version: codeVersion() });
    case 'plan':
      return sendJson(res, 200, await pool.run('plan', await readJson(req)));
    case 'curve':
      return sendJson(res, 200, await pool.run('curve', { signal: r.signal }));
    case 'sweeps':
      return sendJson(res, 200, await pool.run('sweeps', {}));
    case 'sweep':
      return sendJson(res, 200, await pool.run('sweep', { id: r.id }));
    case 'queue': {
      if (!ctx.queueStatus) return sendJson(res, 200, { configured: false });
      try {
        return sendJson(res, 200, { configured: true, ...((await ctx.queueStatus()) as object) });
      } catch (e) {
        // Redis unreachable or silent: the lab goes on, the panel says why
        if (e instanceof CandorError && e.kind === 'io') throw new HttpError(503, e.message);
        throw e;
      }
    }
    case 'decode': {
      const body = r.coils
        ? await readBody(req, ctx.coilUploadLimit, `coil k-space: at most ${ctx.coilSamples} complex128 samples and the NPY header`)
        : await readBody(req, ctx.uploadLimit);
      if (body.length === 0) throw new HttpError(400, `upload ${r.name}: expected the file's bytes, got an empty body`);
      const bytes = ownBytes(body);
      return sendJson(res, 200, await pool.run('decode', { name: r.name, bytes, coils: r.coils }, [bytes.buffer]));
    }
  }
}
