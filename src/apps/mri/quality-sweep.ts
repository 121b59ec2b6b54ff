/**
 * The structured image-quality sweep: retrospective undersampling of a set of reference images
 * over mask families and accelerations, the data a quality predictor is calibrated and checked on
 * (./predict/). A kind of the sweep engine (src/experiments/engine.ts), stored and resumable like
 * every sweep: cells are (image, mask family, acceleration), trials are seeded draws; trial t
 * draws mask seed `seed + t` and, with `shift`, a random circular shift of the image (so each trial
 * is another signal of the reference's class: its wavelet coefficients change, its content does
 * not), and with `phase: 'smooth'` a random smooth phase exp(i (c0 + c1 y + c2 x)) (a linear phase
 * ramp up to half a cycle across the image plus a constant). Each task simulates noiseless
 * k-space, reconstructs (`reconstruct`, the options of the spec) and records SSIM and scaled NRMSE
 * against the (shifted) reference, with the zero-filled ones.
 *
 * @example
 * import { qualitySweepSpec, qualitySweepKind } from './quality-sweep.ts';
 * import { sheppLogan } from './phantom.ts';
 * const s = qualitySweepSpec([{ id: 'sl64', ny: 64, nx: 64, data: sheppLogan(64) }], { masks: ['poisson-disc'], accelerations: [2, 4], repeats: 1 });
 * qualitySweepKind.run(s, 1, 0).ssim;   // SSIM of the R = 4 reconstruction
 */
import { CandorError, checkInt, describe } from '../../core/errors.ts';
import { toComplexImage } from '../../core/imaging/complex-image.ts';
import { nrmseScaled, ssim } from '../../core/imaging/metrics.ts';
import { createRng } from '../../core/rng/index.ts';
import type { SweepKind } from '../../experiments/engine.ts';
import { acquisition } from './acquisition.ts';
import { simulateKspace } from './kspace.ts';
import { MASK_KINDS, type MaskKind, makeMask } from './masks/index.ts';
import { cartesianOperator } from './operators.ts';
import { RECON_METHODS, type ReconOptions, reconstruct } from './recon/reconstruct.ts';

/** A reference image of the quality sweep: an id and real ny x nx values, row-major. */
export interface SweepImage {
  /** What identifies the image (a name; the Node side adds its sha256). */
  id: string;
  ny: number;
  nx: number;
  /** Real values, ny nx, row-major. */
  data: Float64Array;
}

/** Options of {@link qualitySweepSpec}: mask families, accelerations, repeats, seed, per-trial shift and phase, and the reconstruction options. */
export interface QualitySweepOptions {
  masks?: readonly MaskKind[];
  accelerations?: readonly number[];
  repeats?: number;
  seed?: number;
  /** Random circular shifts per trial (default true). */
  shift?: boolean;
  /** Random smooth phase per trial (default 'none'). */
  phase?: 'none' | 'smooth';
  /** Reconstruction options (default: the MRI defaults). */
  recon?: Omit<ReconOptions, 'onIterate' | 'signal' | 'xTrue' | 'x0'>;
}

/** A validated quality sweep: cells are (image, mask family, acceleration), trials the seeded draws. */
export interface QualitySweepSpec {
  name: string;
  images: SweepImage[];
  masks: MaskKind[];
  accelerations: number[];
  repeats: number;
  seed: number;
  shift: boolean;
  phase: 'none' | 'smooth';
  recon: Omit<ReconOptions, 'onIterate' | 'signal' | 'xTrue' | 'x0'>;
}

/**
 * The result of one task of the quality sweep: the mask's target and actual acceleration, the
 * shift, and SSIM and scaled NRMSE of the reconstruction and of the zero-filled image.
 */
export interface QualityTaskResult {
  cell: number;
  trial: number;
  seconds: number;
  image: string;
  mask: MaskKind;
  /** The acceleration asked for and the mask's actual one. */
  target: number;
  acceleration: number;
  shift: [number, number];
  ssim: number;
  nrmse: number;
  zeroFilledSsim: number;
  zeroFilledNrmse: number;
  iterations: number;
  converged: boolean;
}

const WHERE = 'qualitySweepSpec';

/** Validates the sweep (images, families, accelerations: every mask is drawn once here, so an impossible R fails early). */
export function qualitySweepSpec(images: readonly SweepImage[], opts: QualitySweepOptions = {}, name = 'mri quality'): QualitySweepSpec {
  if (!Array.isArray(images) || images.length === 0) throw new CandorError(WHERE, 'images', 'a non-empty list of { id, ny, nx, data }', describe(images));
  const ids = new Set<string>();
  const imgs = images.map((im, i) => {
    if (!im || typeof im.id !== 'string' || im.id === '') throw new CandorError(WHERE, `image ${i}`, 'an object with a non-empty id', describe(im));
    if (ids.has(im.id)) throw new CandorError(WHERE, `image ${i} id`, 'ids that differ', `a second ${JSON.stringify(im.id)}`);
    ids.add(im.id);
    checkInt(WHERE, `image ${im.id} rows`, im.ny, 11);
    checkInt(WHERE, `image ${im.id} columns`, im.nx, 11);
    if (!(im.data instanceof Float64Array) || im.data.length !== im.ny * im.nx) {
      throw new CandorError(WHERE, `image ${im.id} data`, `${im.ny * im.nx} real values`, describe(im.data));
    }
    toComplexImage(WHERE, im.data, im.ny * im.nx);
    return { id: im.id, ny: im.ny, nx: im.nx, data: im.data };
  });
  const masks = [...(opts.masks ?? ['poisson-disc', 'variable-density'])];
  for (const m of masks) if (!MASK_KINDS.includes(m)) throw new CandorError(WHERE, 'masks', `kinds among ${MASK_KINDS.join(', ')}`, describe(m));
  const accelerations = [...(opts.accelerations ?? [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])];
  for (const r of accelerations) if (typeof r !== 'number' || !(r > 1) || !Number.isFinite(r)) throw new CandorError(WHERE, 'accelerations', 'numbers > 1', describe(r));
  const repeats = checkInt(WHERE, 'repeats', opts.repeats ?? 2, 1, 1000);
  const seed = checkInt(WHERE, 'seed', opts.seed ?? 0, 0);
  const phase = opts.phase ?? 'none';
  if (phase !== 'none' && phase !== 'smooth') throw new CandorError(WHERE, 'phase', "'none' or 'smooth'", describe(phase));
  const recon = { ...(opts.recon ?? {}) };
  if (recon.method !== undefined && (!RECON_METHODS.includes(recon.method) || recon.method === 'zero-filled')) {
    throw new CandorError(WHERE, 'recon.method', `one of ${RECON_METHODS.filter((m) => m !== 'zero-filled').join(', ')}`, describe(recon.method));
  }
  return { name, images: imgs, masks, accelerations, repeats, seed, shift: opts.shift ?? true, phase, recon };
}

/** The (image, mask, acceleration) of a cell index. */
export function qualityCell(s: QualitySweepSpec, cell: number): { image: SweepImage; mask: MaskKind; target: number } {
  const nr = s.accelerations.length;
  const nm = s.masks.length;
  const i = Math.floor(cell / (nm * nr));
  const j = Math.floor((cell % (nm * nr)) / nr);
  return { image: s.images[i], mask: s.masks[j], target: s.accelerations[cell % nr] };
}

/** The reference of a trial: the image shifted (and phased) as the trial says; complex interleaved. */
export function trialReference(s: QualitySweepSpec, image: SweepImage, trial: number): { ref: Float64Array; shift: [number, number] } {
  const { ny, nx, data } = image;
  const rng = createRng(s.seed, 0x73687466, trial);
  const dy = s.shift ? rng.int(ny) : 0;
  const dx = s.shift ? rng.int(nx) : 0;
  const ref = new Float64Array(2 * ny * nx);
  const c0 = s.phase === 'smooth' ? 2 * Math.PI * rng.uniform() : 0;
  const cy = s.phase === 'smooth' ? (Math.PI * (2 * rng.uniform() - 1)) / ny : 0;
  const cx = s.phase === 'smooth' ? (Math.PI * (2 * rng.uniform() - 1)) / nx : 0;
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const v = data[((i - dy + ny) % ny) * nx + ((j - dx + nx) % nx)];
      const ph = c0 + cy * i + cx * j;
      ref[2 * (i * nx + j)] = s.phase === 'smooth' ? v * Math.cos(ph) : v;
      ref[2 * (i * nx + j) + 1] = s.phase === 'smooth' ? v * Math.sin(ph) : 0;
    }
  }
  return { ref, shift: [dy, dx] };
}

/** One task: draw, simulate, reconstruct, score. */
export function runQualityTask(s: QualitySweepSpec, cell: number, trial: number): QualityTaskResult {
  const t0 = performance.now();
  const { image, mask, target } = qualityCell(s, cell);
  const { ny, nx } = image;
  const { ref, shift } = trialReference(s, image, trial);
  const m = makeMask(mask, ny, nx, { acceleration: target, seed: s.seed + trial });
  const { kspace } = simulateKspace(ref, ny, nx, { mask: m.mask });
  const acq = acquisition(kspace, m.mask, ny, nx, { where: 'qualitySweep' });
  const zf = cartesianOperator(ny, nx, m.mask).adjoint(acq.y, new Float64Array(2 * ny * nx));
  const r = reconstruct(acq, { ...s.recon, method: s.recon.method ?? 'l1-wavelet' });
  return {
    cell,
    trial,
    seconds: (performance.now() - t0) / 1000,
    image: image.id,
    mask,
    target,
    acceleration: m.acceleration,
    shift,
    ssim: ssim(r.image, ref, ny, nx),
    nrmse: nrmseScaled(r.image, ref),
    zeroFilledSsim: ssim(zf, ref, ny, nx),
    zeroFilledNrmse: nrmseScaled(zf, ref),
    iterations: r.iterations,
    converged: r.converged,
  };
}

function sortedKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => [k, o[k]]),
  );
}

/** The sweep as a kind of the engine; the canonical form names the images by `id` (the Node side makes it a content hash). */
export const qualitySweepKind: SweepKind<QualitySweepSpec, QualityTaskResult> = Object.freeze({
  name: 'mri-quality',
  canonical: (s: QualitySweepSpec) => ({
    name: s.name,
    images: s.images.map((im) => ({ id: im.id, ny: im.ny, nx: im.nx })),
    masks: s.masks,
    accelerations: s.accelerations,
    repeats: s.repeats,
    seed: s.seed,
    shift: s.shift,
    phase: s.phase,
    recon: sortedKeys(s.recon as Record<string, unknown>),
  }),
  summary: (s: QualitySweepSpec) => ({ name: s.name, ensemble: s.masks.join('+'), signal: `${s.images.length} images`, solver: s.recon.method ?? 'l1-wavelet', n: Math.max(...s.images.map((im) => im.ny * im.nx)) }),
  cells: (s: QualitySweepSpec) => s.images.length * s.masks.length * s.accelerations.length,
  trials: (s: QualitySweepSpec) => s.repeats,
  run: (s: QualitySweepSpec, cell: number, trial: number) => runQualityTask(s, cell, trial),
});

/** The spec back in a worker thread (structured clone; validated by the sender). */
export function qualityFromData(data: unknown): QualitySweepSpec {
  const s = data as QualitySweepSpec;
  if (!s || !Array.isArray(s.images) || !s.images.every((im) => im.data instanceof Float64Array)) {
    throw new CandorError('qualitySweep worker', 'worker data', 'a quality sweep spec', describe(data));
  }
  return s;
}
