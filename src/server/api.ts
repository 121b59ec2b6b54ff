/**
 * JSON API of the lab server. Every input is validated; bad input is a 4xx JSON error with the
 * library's one-line message.
 *
 *   GET  /api/health                  { ok, version }
 *   POST /api/plan                    { n, k, ensemble?, target?, signal? } -> plan + theory curve
 *   GET  /api/theory/curve?signal=    the weak threshold rho_W(delta) on a 99-point grid
 *   GET  /api/sweeps                  stored sweeps (SQLite store)
 *   GET  /api/sweeps/:id              one sweep: spec, cell statistics, fitted transition
 *   POST /api/decode?name=file.png    an uploaded image (PNG, DICOM, NPY, NIfTI; raw bytes body,
 *                                     at most `uploadLimit` bytes) -> { shape, data (base64 f64) }
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CandorError } from '../core/errors.ts';
import { cellStats, transition } from '../experiments/analysis.ts';
import { storeEmpiricalProvider } from '../experiments/node/empirical.ts';
import { Store } from '../experiments/node/store.ts';
import { codeVersion } from '../experiments/node/version.ts';
import { parseSpec } from '../experiments/spec.ts';
import { decodeImage2d } from '../io/image.ts';
import { plan } from '../predict/plan.ts';
import { dtCurve } from '../predict/transition.ts';
import { HttpError, readBody, readJson, sendJson } from './http.ts';

export interface ApiContext {
  storePath: string;
  uploadLimit: number;
}

const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

function curve(signal: 'signed' | 'nonneg') {
  const c = dtCurve(GRID, { signal });
  return GRID.map((d, i) => ({ delta: d, rho: c.rho[i] }));
}

function signalOf(v: unknown): 'signed' | 'nonneg' {
  if (v === undefined || v === null || v === '') return 'signed';
  if (v !== 'signed' && v !== 'nonneg') throw new HttpError(400, `signal: expected 'signed' or 'nonneg', got ${JSON.stringify(v)}`);
  return v;
}

function num(body: Record<string, unknown>, key: string, required: boolean): number | undefined {
  const v = body[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new HttpError(400, `${key}: expected a number, got ${JSON.stringify(v) ?? 'nothing'}`);
  return v;
}

function withStore<T>(ctx: ApiContext, f: (s: Store) => T, empty: T): T {
  if (!existsSync(ctx.storePath)) return empty;
  const s = Store.open(ctx.storePath, { readonly: true });
  try {
    return f(s);
  } finally {
    s.close();
  }
}

function encodeF64(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /api/health') return sendJson(res, 200, { ok: true, version: codeVersion() });
  if (route === 'POST /api/plan') {
    const b = await readJson(req);
    const p = plan({
      n: num(b, 'n', true) as number,
      k: num(b, 'k', true) as number,
      ensemble: typeof b.ensemble === 'string' ? b.ensemble : undefined,
      target: num(b, 'target', false),
      signal: signalOf(b.signal),
      empirical: storeEmpiricalProvider(ctx.storePath),
    });
    return sendJson(res, 200, { plan: p, curve: curve(p.signal) });
  }
  if (route === 'GET /api/theory/curve') return sendJson(res, 200, { signal: signalOf(url.searchParams.get('signal')), curve: curve(signalOf(url.searchParams.get('signal'))) });
  if (route === 'GET /api/sweeps') {
    const rows = withStore(ctx, (s) => s.sweeps(), []);
    return sendJson(res, 200, { store: ctx.storePath, sweeps: rows.map((r) => ({ id: r.id, name: r.name, spec: r.spec, done: r.done, total: r.totalTrials, finished: r.finishedAt !== null, createdAt: r.createdAt })) });
  }
  const m = /^\/api\/sweeps\/([^/]+)$/.exec(url.pathname);
  if (m && req.method === 'GET') {
    if (!/^[1-9]\d{0,9}$/.test(m[1])) throw new HttpError(400, `sweep id: expected a positive integer, got ${JSON.stringify(m[1])}`);
    const id = Number(m[1]);
    const out = withStore(
      ctx,
      (s) => {
        const sw = s.sweep(id);
        const spec = parseSpec(sw.spec, {}, { legacy: true });
        const cells = cellStats(spec, s.trials(id));
        return { sweep: { id: sw.id, name: sw.name, done: sw.done, total: sw.totalTrials }, spec: sw.spec, cells, transition: transition(spec, cells), curve: curve(spec.signal === 'nonneg' ? 'nonneg' : 'signed') };
      },
      null,
    );
    if (!out) throw new HttpError(404, `sweep id: expected an existing sweep, got ${id} (the store ${ctx.storePath} does not exist)`);
    return sendJson(res, 200, out);
  }
  if (route === 'POST /api/decode') {
    const name = (url.searchParams.get('name') ?? 'upload').slice(0, 120);
    const body = await readBody(req, ctx.uploadLimit);
    if (body.length === 0) throw new HttpError(400, `upload ${name}: expected the file's bytes, got an empty body`);
    const img = decodeImage2d(new Uint8Array(body.buffer, body.byteOffset, body.length), { name });
    const [ny, nx] = img.shape;
    if (ny < 8 || nx < 8 || ny > 1024 || nx > 1024) {
      throw new CandorError(`upload ${name}`, 'image size', 'between 8x8 and 1024x1024 pixels', `${ny}x${nx}`);
    }
    let data = img.data;
    if (img.complex) {
      data = new Float64Array(ny * nx);
      for (let i = 0; i < ny * nx; i++) data[i] = Math.hypot(img.data[2 * i], img.data[2 * i + 1]);
    }
    return sendJson(res, 200, { name, format: img.format, shape: [ny, nx], slice: img.slice ?? null, magnitude: img.complex, data: encodeF64(data) });
  }
  if (url.pathname.startsWith('/api/')) {
    const known = ['GET /api/health', 'POST /api/plan', 'GET /api/theory/curve', 'GET /api/sweeps', 'GET /api/sweeps/:id', 'POST /api/decode'];
    throw new HttpError(404, `API route: expected one of ${known.join(', ')}, got ${req.method} ${url.pathname}`);
  }
}
