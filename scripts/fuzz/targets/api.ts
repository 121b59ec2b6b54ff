/**
 * Every request of the lab API (src/server, every route of api.ts): request lines (a method and a
 * mutated path with its query, through requestUrl and apiRoute, which resolve each route and the
 * inputs it takes from the URL), plan bodies as JSON text (parseJsonBody, then the plan task),
 * theory-curve signals, the sweep list and sweep ids (parseSweepId, then the sweep task on an empty
 * store), content types (checkJsonType), and uploads (the decode task with the server's pixel
 * cap) made from mutated PNG, NPY, DICOM and NIfTI fixtures. Health and the queue status take no
 * input beyond their route. The documented errors are CandorError and HttpError.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CandorError } from '../../../src/core/errors.ts';
import { Store } from '../../../src/experiments/node/store.ts';
import { API_ROUTES, apiRoute, parseSweepId } from '../../../src/server/api.ts';
import { checkJsonType, HttpError, parseJsonBody, requestUrl } from '../../../src/server/http.ts';
import { runTask, type TaskContext } from '../../../src/server/tasks.ts';
import { fixtures } from '../files.ts';
import { mutateBytes, mutateJsonText, mutateOnce, pick } from '../mutate.ts';
import type { FuzzTarget } from '../types.ts';

type Req = { kind: 'route'; method: string; path: string } | { kind: 'sweeps' } | { kind: 'plan'; text: string } | { kind: 'curve'; signal: unknown } | { kind: 'sweep'; id: string } | { kind: 'type'; type: string } | { kind: 'decode'; bytes: Uint8Array };

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'get', ''];
const PATHS = [
  ...API_ROUTES.map((r) => r.split(' ')[1].replace(':id', '1')),
  '/api/theory/curve?signal=nonneg',
  '/api/decode?name=brain.nii.gz',
  '/api/sweeps/007?x=1',
  '/api/',
  '/api/sweeps/1/cells',
];
const PLANS = [{ n: 200, k: 20 }, { n: 1000, k: 50, ensemble: 'partial-dct', target: 0.9, signal: 'nonneg' }, { n: 1e9, k: 3, target: 0.5 }];
let ctx: TaskContext | undefined;

function context(): TaskContext {
  if (!ctx) {
    const path = join(mkdtempSync(join(tmpdir(), 'candor-fuzz-api-')), 'lab.db');
    Store.open(path).close();
    ctx = { storePath: path, maxPixels: 2 ** 23 };
  }
  return ctx;
}

export const target: FuzzTarget = {
  name: 'api',
  seeds: () => [...fixtures('io/png', ['.png']), ...fixtures('io/npy', ['.npy']), ...fixtures('io/dicom', ['.dcm']), ...fixtures('io/nifti', ['.nii', '.nii.gz'])].map((f) => f.bytes),
  generate: (rng, seeds): Req => {
    const r = rng.int(12);
    if (r === 10) {
      const path = new TextDecoder().decode(mutateOnce(rng, new TextEncoder().encode(pick(rng, PATHS))));
      return { kind: 'route', method: pick(rng, METHODS), path };
    }
    if (r === 11) return { kind: 'sweeps' };
    if (r < 4) return { kind: 'plan', text: mutateJsonText(rng, pick(rng, PLANS)) };
    if (r === 4) return { kind: 'curve', signal: pick(rng, ['signed', 'nonneg', 'Signed', '', null, 7, 'x']) };
    if (r === 5) return { kind: 'sweep', id: pick(rng, ['1', '0', '007', '99999999999999999999', '-1', 'abc', '1e3', '%00', '9007199254740993']) };
    if (r === 6) return { kind: 'type', type: new TextDecoder().decode(mutateOnce(rng, new TextEncoder().encode(pick(rng, ['application/json', 'application/json; charset=utf-8', 'text/plain'])))) };
    const src = seeds[rng.int(seeds.length)] as Uint8Array;
    return { kind: 'decode', bytes: mutateBytes(rng, src, seeds[rng.int(seeds.length)] as Uint8Array, 128) };
  },
  run: (x) => {
    const q = x as Req;
    const c = context();
    if (q.kind === 'route') return apiRoute(q.method, requestUrl(q.path));
    if (q.kind === 'sweeps') return runTask(c, 'sweeps', {});
    if (q.kind === 'plan') return runTask(c, 'plan', parseJsonBody(q.text));
    if (q.kind === 'curve') return runTask(c, 'curve', { signal: q.signal });
    if (q.kind === 'sweep') return runTask(c, 'sweep', { id: parseSweepId(q.id) });
    if (q.kind === 'type') return checkJsonType(q.type);
    return runTask(c, 'decode', { name: 'fuzz', bytes: q.bytes });
  },
  expected: (e) => e instanceof CandorError || e instanceof HttpError,
};
