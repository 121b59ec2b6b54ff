/**
 * The lab API's computations, run in the compute pool's worker threads (./worker.ts), never on
 * the server's event loop. Each validates its input with the library's own validators (the ones
 * the CLI reaches: plan's checkSizes/checkSignal/checkProbability, checkPlanEnsemble, parseSpec,
 * the file readers), so the API and the CLI refuse the same things with the same messages.
 *
 *   plan    { n, k, ensemble?, target?, signal? }  -> { plan, curve }
 *   curve   { signal? }                             -> { signal, curve }
 *   sweeps  {}                                      -> { store, sweeps }
 *   sweep   { id }                                  -> { sweep, spec, cells, transition, curve }
 *   decode  { name, bytes }                         -> { name, format, shape, slice, magnitude, data }
 *   decode  { name, bytes, coils: true }            -> { name, format, shape, coils, data } (fully sampled
 *           coil k-space of an NPY [coils, ny, nx], coil-major complex; the MRI lab undersamples it)
 */
import { existsSync } from 'node:fs';
import { CandorError } from '../core/errors.ts';
import { cellStats, transition } from '../experiments/analysis.ts';
import { storeEmpiricalProvider } from '../experiments/node/empirical.ts';
import { PHASE_TRANSITION, Store } from '../experiments/node/store.ts';
import { parseSpec } from '../experiments/spec.ts';
import { decodeImage2d } from '../io/image.ts';
import { readNpy } from '../io/npy.ts';
import { checkComplexKspace, coilsFromNdArray } from '../apps/mri/coils/from-ndarray.ts';
import { checkFullySampled } from '../apps/mri/scan-multicoil.ts';
import { checkPlanEnsemble, type EmpiricalProvider, plan } from '../predict/plan.ts';
import { dtCurve } from '../predict/transition.ts';
import { checkSignal } from '../predict/validate.ts';
import { HttpError } from './http.ts';
import { UPLOAD_COIL_SAMPLES, UPLOAD_COILS } from './upload-limits.ts';

export interface TaskContext {
  storePath: string;
  /** Largest upload decoded, in pixels (a NIfTI volume: voxels), checked before decompressing. */
  maxPixels: number;
}

export type TaskKind = 'plan' | 'curve' | 'sweeps' | 'sweep' | 'decode';

/** Largest side of an uploaded image the lab accepts. */
export const UPLOAD_SIDE = { min: 8, max: 1024 } as const;

const GRID = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

function curve(signal: 'signed' | 'nonneg') {
  const c = dtCurve(GRID, { signal });
  return GRID.map((d, i) => ({ delta: d, rho: c.rho[i] }));
}

/** Throws a 400 naming the first key of `body` that is not in `known`. */
function knownKeys(body: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!known.includes(key)) throw new HttpError(400, `request body: key ${JSON.stringify(key)}: expected one of ${known.join(', ')}, got an unknown key`);
  }
}

function withStore<T>(ctx: TaskContext, f: (s: Store) => T, empty: T): T {
  if (!existsSync(ctx.storePath)) return empty;
  const s = Store.open(ctx.storePath, { readonly: true });
  try {
    return f(s);
  } finally {
    s.close();
  }
}

/** The store's curves for the planner; a store that cannot be read gives none, with the reason. */
function guardedProvider(ctx: TaskContext, warnings: string[]): EmpiricalProvider {
  const inner = storeEmpiricalProvider(ctx.storePath);
  return (ensemble, n, signal) => {
    try {
      return inner(ensemble, n, signal);
    } catch (e) {
      if (!(e instanceof CandorError) || e.kind !== 'store') throw e;
      warnings.push(`no empirical data: ${e.message}`);
      return null;
    }
  };
}

const PLAN_KEYS = ['n', 'k', 'ensemble', 'target', 'signal'] as const;

function planTask(ctx: TaskContext, body: Record<string, unknown>) {
  knownKeys(body, PLAN_KEYS);
  const ensemble = checkPlanEnsemble('plan', body.ensemble);
  const storeWarnings: string[] = [];
  const p = plan({
    n: body.n as number,
    k: body.k as number,
    ensemble,
    target: body.target as number | undefined,
    signal: checkSignal('plan', body.signal ?? undefined),
    empirical: guardedProvider(ctx, storeWarnings),
  });
  p.warnings.push(...storeWarnings);
  return { plan: p, curve: curve(p.signal) };
}

function sweepTask(ctx: TaskContext, id: number) {
  const out = withStore(
    ctx,
    (s) => {
      let sw: ReturnType<Store['sweep']>;
      try {
        sw = s.sweep(id, PHASE_TRANSITION);
      } catch (e) {
        if (e instanceof CandorError && e.what === 'sweep id') throw new HttpError(404, e.message);
        throw e;
      }
      const spec = parseSpec(sw.spec, {}, { legacy: true });
      const cells = cellStats(spec, s.trials(id));
      return { sweep: { id: sw.id, name: sw.name, done: sw.done, total: sw.totalTrials }, spec: sw.spec, cells, transition: transition(spec, cells), curve: curve(spec.signal === 'nonneg' ? 'nonneg' : 'signed') };
    },
    null,
  );
  if (!out) throw new HttpError(404, `sweep id: expected an existing sweep, got ${id} (the store ${ctx.storePath} does not exist)`);
  return out;
}

function decodeCoilsTask(ctx: TaskContext, name: string, bytes: Uint8Array) {
  const where = `upload ${name}`;
  if (!/\.npy$/i.test(name)) {
    throw new CandorError(where, 'file', 'an NPY of fully sampled coil k-space [coils, ny, nx] (CFL and ISMRMRD: candor mri plan --kspace)', JSON.stringify(name));
  }
  const arr = readNpy(bytes, { name });
  checkComplexKspace(where, arr.complex);
  const c = coilsFromNdArray(arr, where);
  const { min, max } = UPLOAD_SIDE;
  const [ny, nx] = c.shape.length === 2 ? c.shape : [0, 0];
  if (c.shape.length !== 2 || ny < min || nx < min || ny > max || nx > max) {
    throw new CandorError(where, 'k-space size', `[coils, ny, nx] with sides between ${min} and ${max}`, `[${c.coils}, ${c.shape.join(', ')}]`);
  }
  const samples = Math.min(ctx.maxPixels, UPLOAD_COIL_SAMPLES);
  if (c.coils > UPLOAD_COILS || c.coils * ny * nx > samples) {
    throw new CandorError(where, 'coils', `at most ${UPLOAD_COILS} coils and ${samples} samples in all${samples >= 32 * 256 * 256 ? ' (e.g. 32 coils of 256x256)' : ''}`, `${c.coils} coils of ${ny}x${nx}`);
  }
  const k = { ny, nx, nc: c.coils, data: c.data };
  checkFullySampled(where, k);
  const b64 = Buffer.from(k.data.buffer, k.data.byteOffset, k.data.byteLength).toString('base64');
  return { name, format: 'npy', shape: [ny, nx], coils: k.nc, data: b64 };
}

function decodeTask(ctx: TaskContext, name: string, bytes: Uint8Array) {
  const img = decodeImage2d(bytes, { name, maxPixels: ctx.maxPixels });
  const [ny, nx] = img.shape;
  const { min, max } = UPLOAD_SIDE;
  if (ny < min || nx < min || ny > max || nx > max) {
    throw new CandorError(`upload ${name}`, 'image size', `between ${min}x${min} and ${max}x${max} pixels`, `${ny}x${nx}`);
  }
  let data = img.data;
  if (img.complex) {
    data = new Float64Array(ny * nx);
    for (let i = 0; i < ny * nx; i++) data[i] = Math.hypot(img.data[2 * i], img.data[2 * i + 1]);
  }
  const b64 = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
  return { name, format: img.format, shape: [ny, nx], slice: img.slice ?? null, magnitude: img.complex, data: b64 };
}

/** Runs one API computation (see the module comment); throws CandorError or HttpError. */
export function runTask(ctx: TaskContext, kind: TaskKind, payload: Record<string, unknown>): unknown {
  switch (kind) {
    case 'plan':
      return planTask(ctx, payload);
    case 'curve': {
      const signal = checkSignal('theory curve', payload.signal ?? undefined);
      return { signal, curve: curve(signal) };
    }
    case 'sweeps': {
      const rows = withStore(ctx, (s) => s.sweeps(PHASE_TRANSITION), []);
      return { store: ctx.storePath, sweeps: rows.map((r) => ({ id: r.id, name: r.name, spec: r.spec, done: r.done, total: r.totalTrials, finished: r.finishedAt !== null, createdAt: r.createdAt })) };
    }
    case 'sweep':
      return sweepTask(ctx, payload.id as number);
    case 'decode':
      if (payload.coils === true) return decodeCoilsTask(ctx, payload.name as string, payload.bytes as Uint8Array);
      return decodeTask(ctx, payload.name as string, payload.bytes as Uint8Array);
    default:
      throw new HttpError(404, `API task: expected one of plan, curve, sweeps, sweep, decode, got ${JSON.stringify(kind)}`);
  }
}
