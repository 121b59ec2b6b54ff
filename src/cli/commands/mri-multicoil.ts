/**
 * The multi-coil side of `candor mri recon` / `mri ecalib`: loading k-space with a coil axis
 * (CFL in BART's layout, NPY with --coil-axis, ISMRMRD .h5), a trajectory (--traj) and
 * sensitivities (--sens, else ESPIRiT from the data), and the reconstruction run with its outputs.
 */
import { type CoilCompression, compressAcquisition, compressMaps } from '../../apps/mri/coils/compress.ts';
import { espirit, type EspiritResult } from '../../apps/mri/coils/espirit.ts';
import type { CoilArray } from '../../apps/mri/coils/types.ts';
import { readIsmrmrdFile } from '../../apps/mri/node/ismrmrd-file.ts';
import { npyDeclaredBytes } from '../../io/npy.ts';
import { sniffFormat } from '../../io/sniff.ts';
import { peekHead, refuseMissingUnnamed } from '../../io/node/files.ts';
import { isIsmrmrdKspace, type MultiCoilFile, readCoilMaps, readMultiCoilFile, toCoilArray } from '../../apps/mri/node/multicoil-files.ts';
import { calibrationKspace, type MultiCoilAcquisition, multiCoilAcquisition, nonCartesianAcquisition } from '../../apps/mri/multicoil.ts';
import { type MultiCoilMethod, type MultiCoilReconResult, reconstructMultiCoil } from '../../apps/mri/recon/multicoil.ts';
import { readMask } from '../../apps/mri/node/files.ts';
import { trajectoryReconBytes } from '../../apps/mri/recon/memory.ts';
import { strayExtent, strayLimit, trajectoryAxisExtent } from '../../apps/mri/trajectory-extent.ts';
import type { MriLambdaOptions } from '../../apps/mri/recon/weight-choice.ts';
import { lambdaChoiceSvg } from '../../apps/report/lambda-figure.ts';
import { lambdaChoiceJson } from '../../solvers/lambda-choice.ts';
import { CandorError, describe } from '../../core/errors.ts';
import { magnitude, nrmse, nrmseScaled, psnr, ssim } from '../../core/imaging/metrics.ts';
import { readCflFiles, readNpyFile } from '../../io/node/formats.ts';
import type { NdArray } from '../../io/ndarray.ts';
import { trajectoryFromCfl, trajectoryFromNpy } from '../../io/trajectory.ts';
import { optionsCall, UsageError } from '../errors.ts';
import { loadTruthFor, Outputs, realKspaceWarning } from './mri-common.ts';
import type { Team } from '../../core/parallel/team.ts';
import { totalmem } from 'node:os';
import { withReconTeam } from './recon-team.ts';

export interface MultiCoilCliOpts {
  kspace: string;
  mask?: string;
  sens?: string;
  traj?: string;
  coilAxis?: number;
  matrix?: number[];
  noiseStd?: number;
  /** SVD coil compression to this many virtual coils (../../apps/mri/coils/compress.ts). */
  virtualCoils?: number;
}

export interface LoadedMultiCoil {
  acq: MultiCoilAcquisition;
  /** The file read: false `complex` for an NPY of a real dtype. */
  file: { path: string; coils: number; shape: number[]; complex: boolean };
  /** The compression applied (--virtual-coils), else null. */
  compression: CoilCompression | null;
}

/**
 * The largest image side of a trajectory: its NUFFT grid (2x oversampled, 4096 -> 8192 x 8192)
 * stays within the grid FFT's 2^27 points, so a larger size is refused before memory is spent.
 */
export const MAX_TRAJECTORY_MATRIX = 4096;

/** The smallest image side a trajectory's extent may give without --matrix (a smaller one is mis-scaled coordinates). */
const MIN_TRAJECTORY_EXTENT = 16;

/**
 * Image size from a raw trajectory array: 2 ceil(max |k|) per axis (BART's `pics -t` estimate),
 * refused when a few stray points alone set it (../../apps/mri/trajectory-extent.ts).
 */
function estimateSize(arr: NdArray, cfl: boolean, name: string): number[] {
  const d = 2;
  const x = arr.data;
  const w = arr.complex ? 2 : 1;
  const total = x.length / w;
  const last = arr.shape[arr.shape.length - 1];
  if (!cfl && (last !== d || total === 0)) {
    // the layout trajectoryFromNpy reads (checked here first: the extent of another layout means nothing)
    throw new CandorError(`trajectory ${name}`, 'layout', `[..., ${d}] (the last axis holds the ${d} coordinates of each sample of a ${d}-D image)`, arr.shape.join('x'));
  }
  const points = cfl ? total / 3 : Math.floor(total / last);
  const shape: number[] = [];
  const abs = new Float64Array(points);
  for (let c = 0; c < d; c++) {
    for (let j = 0; j < points; j++) abs[j] = Math.abs(x[w * (cfl ? c * points + j : j * last + c)]);
    const e = trajectoryAxisExtent(abs);
    if (strayExtent(e, points)) {
      throw new CandorError(
        `trajectory ${name}`,
        'image size from its extent (2 ceil(max |k|) per axis, k in cycles per field of view)',
        `an extent the trajectory fills (more than ${strayLimit(points)} of its ${points} points beyond half the largest |k|), or --matrix ny,nx`,
        `${e.size} on axis ${c} set by ${e.beyond} point${e.beyond === 1 ? '' : 's'} (the rest give ${e.bulk}): check for stray or mis-scaled coordinates`,
      );
    }
    shape.push(e.size);
  }
  if (Math.min(...shape) < MIN_TRAJECTORY_EXTENT) {
    throw new CandorError(
      `trajectory ${name}`,
      'image size from its extent (2 ceil(max |k|) per axis, k in cycles per field of view)',
      `at least ${MIN_TRAJECTORY_EXTENT} per axis (k within +-n/2 for an n-point image: coordinates normalised to +-0.5 or in radians need scaling by n or n/(2 pi)), or --matrix ny,nx`,
      shape.join(' x '),
    );
  }
  return shape;
}

/**
 * Refuses a trajectory's image size whose reconstruction would plan for more than half this
 * machine's memory (../../apps/mri/recon/memory.ts), before any of it is allocated.
 */
function checkTrajectoryMemory(where: string, ny: number, nx: number, nc: number, samples: number): void {
  const need = trajectoryReconBytes(ny, nx, nc, samples);
  // the machine's memory, or the process's limit when smaller (a container's cgroup)
  const limit = process.constrainedMemory?.() ?? 0;
  const memory = limit > 0 && limit < totalmem() ? limit : totalmem();
  const budget = memory / 2;
  if (need > budget) {
    const gb = (b: number) => `${(b / 1e9).toFixed(1)} GB`;
    throw new CandorError(
      where,
      'memory of the reconstruction',
      `at most ${gb(budget)} (half of the ${gb(memory)} ${memory === totalmem() ? "of this machine" : 'this process may use'}; give a smaller --matrix ny,nx, fewer --virtual-coils or fewer samples)`,
      `about ${gb(need)} for a ${ny} x ${nx} image of ${nc} coil${nc === 1 ? '' : 's'} and ${samples} samples per coil`,
    );
  }
}

/**
 * Refuses --coil-axis (a usage error, exit 2) when it has no NPY to apply to: a CFL k-space keeps
 * its coils in BART dimension 3 and an ISMRMRD .h5 in its receiver channels, so the option would
 * be ignored. It stays allowed with an NPY --sens (whose coil axis it also names).
 */
export function checkCoilAxisOption(kspace: string, coilAxis: number | undefined, sens?: string): void {
  // a name that says neither CFL nor ISMRMRD (a pipe) may hold an NPY: its reader judges the content
  if (coilAxis === undefined || !/\.(cfl|hdr|h5)$/i.test(kspace) || (sens !== undefined && !/\.(cfl|hdr)$/i.test(sens))) return;
  const layout = /\.h5$/i.test(kspace) ? 'an ISMRMRD .h5 keeps them in its receiver channels' : "a CFL keeps them in BART dimension 3";
  throw new UsageError('candor', 'option --coil-axis', `an NPY k-space (the coils' axis of an NPY array; ${layout})`, `${coilAxis} with --kspace ${kspace}`);
}

/** --matrix on a k-space without a trajectory (a Cartesian grid has its own size): a usage error, exit 2. */
function matrixWithoutTrajectory(o: MultiCoilCliOpts): UsageError {
  return new UsageError('candor', 'option --matrix', 'a trajectory to size (--traj, or ISMRMRD raw data with one): a Cartesian k-space has the size of its grid', `${o.matrix?.join(',')} with --kspace ${o.kspace}`);
}

/** k-space (+ trajectory, mask) as a validated multi-coil acquisition, compressed on --virtual-coils. */
export async function loadMultiCoil(o: MultiCoilCliOpts): Promise<LoadedMultiCoil> {
  const r = await loadPhysical(o);
  if (o.virtualCoils === undefined) return { ...r, compression: null };
  if (o.virtualCoils > r.file.coils) {
    throw new CandorError(`k-space ${o.kspace}`, '--virtual-coils', `at most the ${r.file.coils} coils of the file`, `${o.virtualCoils}`);
  }
  const c = compressAcquisition(r.acq, o.virtualCoils, { where: `k-space ${o.kspace}` });
  return { acq: c.acq, file: r.file, compression: c.compression };
}

async function loadPhysical(o: MultiCoilCliOpts): Promise<Omit<LoadedMultiCoil, 'compression'>> {
  checkCoilAxisOption(o.kspace, o.coilAxis, o.sens);
  const where = `k-space ${o.kspace}`;
  const ismrmrd = isIsmrmrdKspace(o.kspace, o.coilAxis);
  if (o.matrix && !o.traj && !ismrmrd) throw matrixWithoutTrajectory(o);
  let f: MultiCoilFile;
  let coords: Float64Array | null = null;
  if (ismrmrd) {
    const r = await readIsmrmrdFile(o.kspace);
    if (r.coords) {
      coords = r.coords;
      f = { path: o.kspace, coils: r.coils, shape: [r.samples], data: r.data, complex: true };
      if (!o.matrix) {
        // the header's encoded matrix sizes the image grid: held to --matrix's own limit
        if (!(Math.max(r.ny, r.nx) <= MAX_TRAJECTORY_MATRIX)) {
          throw new CandorError(
            where,
            'encoded matrix size (ISMRMRD header encodedSpace/matrixSize)',
            `at most ${MAX_TRAJECTORY_MATRIX} per axis (give --matrix ny,nx for the image size)`,
            `${r.ny} x ${r.nx}`,
          );
        }
        o.matrix = [r.ny, r.nx];
      }
    } else {
      if (o.matrix) throw matrixWithoutTrajectory(o);
      f = { path: o.kspace, coils: r.coils, shape: [r.ny, r.nx], data: r.data, complex: true };
    }
  } else {
    // --coil-axis names the coils' axis of an NPY; with a CFL k-space it is there for an NPY --sens only
    f = readMultiCoilFile(o.kspace, { coilAxis: /\.(cfl|hdr)$/i.test(o.kspace) ? undefined : o.coilAxis, samples: o.traj !== undefined });
  }
  if (o.traj) {
    // by extension; a name that tells none (a pipe) holding an NPY array is read as one
    refuseMissingUnnamed(o.traj, `trajectory ${o.traj}`);
    const isNpy = /\.npy$/i.test(o.traj) || (!/\.(cfl|hdr)$/i.test(o.traj) && trajectoryByContent(o.traj));
    const raw = isNpy ? readNpyFile(o.traj) : readCflFiles(o.traj);
    const shape = o.matrix ?? estimateSize(raw, !isNpy, o.traj);
    if (!o.matrix && !(Math.max(...shape) <= MAX_TRAJECTORY_MATRIX)) {
      throw new CandorError(
        `trajectory ${o.traj}`,
        'image size from its extent (2 ceil(max |k|) per axis, k in cycles per field of view)',
        `at most ${MAX_TRAJECTORY_MATRIX} per axis (coordinates within +-${MAX_TRAJECTORY_MATRIX / 2}; give --matrix ny,nx for the image size and check the units)`,
        shape.join(' x '),
      );
    }
    const t = isNpy ? trajectoryFromNpy(raw, shape, { name: o.traj }) : trajectoryFromCfl(raw, shape, { name: o.traj.replace(/\.(cfl|hdr)$/, '') });
    const m = f.shape.reduce((p, q) => p * q, 1);
    if (t.samples !== m) {
      // several coils read as one (an NPY without --coil-axis): say how to name them
      const hint = f.coils === 1 && m > t.samples && m % t.samples === 0 ? `; ${m / t.samples} coils? give --coil-axis` : '';
      throw new CandorError(where, 'samples per coil', `${t.samples} (one per point of the trajectory ${o.traj})`, `${m} (per-coil shape [${f.shape.join(', ')}])${hint}`);
    }
    coords = t.coords;
    if (shape.length !== 2) throw new CandorError(`trajectory ${o.traj}`, 'image', 'a 2-D image', `[${shape.join(', ')}]`);
    checkTrajectoryMemory(where, shape[0], shape[1], Math.min(f.coils, o.virtualCoils ?? f.coils), t.samples);
    return { acq: nonCartesianAcquisition(shape[0], shape[1], coords, f.data, f.coils, { where, noiseStd: o.noiseStd }), file: f };
  }
  if (coords) {
    const [ny, nx] = o.matrix as number[];
    checkTrajectoryMemory(where, ny, nx, Math.min(f.coils, o.virtualCoils ?? f.coils), f.shape[0]);
    return { acq: nonCartesianAcquisition(ny, nx, coords, f.data, f.coils, { where, noiseStd: o.noiseStd }), file: f };
  }
  const k = toCoilArray(f, 'k-space', o.sens !== undefined);
  const mask = o.mask ? readMask(o.mask, k.ny, k.nx, o.kspace) : undefined;
  return { acq: multiCoilAcquisition(k, mask, { where, noiseStd: o.noiseStd }), file: f };
}

/** The coil sensitivities: from --sens (compressed as the data), else ESPIRiT on the data's calibration region. */
export function mapsFor(
  o: MultiCoilCliOpts,
  acq: MultiCoilAcquisition,
  compression: CoilCompression | null = null,
  calib: { calib?: number; kernel?: number; threshold?: number; crop?: number } = {},
  team?: Team,
): { maps: CoilArray; espirit: EspiritResult | null; warning?: string } {
  if (o.sens) {
    const maps = readCoilMaps(o.sens, acq.ny, acq.nx, compression ? compression.nc : acq.nc, o.kspace, o.coilAxis);
    const warning = realMapsWarning(o.sens, maps);
    return { maps: compression ? compressMaps(maps, compression, `sensitivities ${o.sens}`) : maps, espirit: null, ...(warning ? { warning } : {}) };
  }
  const e = espirit(calibrationKspace(acq), { ...calib, where: `k-space ${o.kspace}`, team });
  return { maps: e.maps, espirit: e };
}

/**
 * A warning for two or more coil maps with no imaginary part anywhere (a real NPY dtype, or a CFL
 * of real values): receive sensitivities are complex, their relative phases are what SENSE
 * unfolds with, so real maps are usually magnitudes (as from `bart rss` or an abs()) by mistake.
 */
export function realMapsWarning(path: string, maps: CoilArray): string | null {
  if (maps.nc < 2) return null;
  for (let i = 1; i < maps.data.length; i += 2) if (maps.data[i] !== 0) return null;
  return `the sensitivities ${path} are real (no imaginary part in any of the ${maps.nc} maps): coil sensitivities are complex and SENSE needs their relative phases, so check they are not magnitudes`;
}

/** The sensitivity of a single coil: 1 at every pixel. */
function unitMaps(ny: number, nx: number): CoilArray {
  const data = new Float64Array(2 * ny * nx);
  for (let p = 0; p < ny * nx; p++) data[2 * p] = 1;
  return { ny, nx, nc: 1, data };
}

export interface MultiCoilReconCliOpts extends MultiCoilCliOpts {
  truth?: string;
  slice?: number[];
  method: MultiCoilMethod;
  lambda?: number;
  lambdaTv?: number;
  wavelet: string;
  iters: number;
  tol: number;
  seed: number;
  spin: boolean;
  constrained?: boolean;
  coilImages?: boolean;
  format: 'cfl' | 'npy';
  out: string;
  /** `--lambda auto[:rule]`: the weight chosen from the data (../../apps/mri/recon/multicoil-weight.ts). */
  autoLambda?: MriLambdaOptions;
  /** --threads: of ESPIRiT and Cartesian haar l1-wavelet (./recon-team.ts). */
  threads?: number;
}

/**
 * By default, multi-coil data with fewer coil pixels (coils x ny x nx) than this run on the
 * calling thread alone (./recon-team.ts).
 */
const TEAM_MIN_COIL_PIXELS = 256 * 256;

export interface MultiCoilRun {
  acq: MultiCoilAcquisition;
  maps: CoilArray;
  espirit: EspiritResult | null;
  /** One coil without --sens: its sensitivity taken as 1 (no ESPIRiT, no maps given). */
  unitSensitivity: boolean;
  result: MultiCoilReconResult;
  truth?: Float64Array;
  out: Outputs;
  summary: Record<string, unknown>;
}

/** Loads, calibrates (when no --sens), reconstructs and encodes the outputs (not yet written). */
export async function runMultiCoilRecon(
  o: MultiCoilReconCliOpts,
  iterDefault: boolean,
  after?: (run: MultiCoilRun, team: Team | undefined) => void,
): Promise<MultiCoilRun> {
  // the team runs ESPIRiT's kernel images and per-pixel eigenvectors, Cartesian CG-SENSE's and haar l1-wavelet's coils (and prox)
  const teamed = !o.sens || (!o.traj && ((o.method === 'l1-wavelet' && (o.wavelet === 'haar' || o.wavelet === 'db1') && !o.constrained) || o.method === 'cg-sense'));
  return withReconTeam(
    o.threads,
    teamed,
    () => loadMultiCoil(o),
    (l) => l.acq.nc * l.acq.ny * l.acq.nx >= TEAM_MIN_COIL_PIXELS,
    (l, team) => {
      const run = runLoaded(o, iterDefault, l, team);
      after?.(run, team); // more work on the same team (mri report's g-factor replicas)
      return run;
    },
  );
}

function runLoaded(o: MultiCoilReconCliOpts, iterDefault: boolean, loaded: LoadedMultiCoil, team: Team | undefined): MultiCoilRun {
  const { acq, file, compression } = loaded;
  // one coil without maps: its sensitivity is 1 (the image is the coil image, phase included);
  // ESPIRiT on one coil would only crop the image to its eigenvalue support
  const unit = file.coils === 1 && !o.sens;
  const { maps, espirit: e, warning: mapsWarning } = unit ? { maps: unitMaps(acq.ny, acq.nx), espirit: null, warning: undefined } : mapsFor(o, acq, compression, {}, team);
  const { ny, nx } = acq;
  const truthAcq = { ny, nx, nc: 1, mask: new Uint8Array(0), y: new Float64Array(0) };
  const truth = o.truth ? loadTruthFor(o.truth, truthAcq, o.kspace, o.slice) : undefined;
  const result = optionsCall(() =>
    reconstructMultiCoil(acq, maps, {
      method: o.method,
      lambda: o.lambda,
      lambdaTV: o.lambdaTv,
      wavelet: o.wavelet,
      maxIter: iterDefault ? undefined : o.iters,
      tol: o.tol,
      seed: o.seed,
      spin: o.spin,
      constrained: o.constrained,
      coilImages: o.coilImages,
      autoLambda: o.autoLambda,
      team,
    }),
  );
  const real = realKspaceWarning(file);
  if (real) result.warnings.push(real);
  if (mapsWarning) result.warnings.push(mapsWarning);
  if (o.threads !== undefined && team === undefined) {
    result.warnings.push('--threads is used by ESPIRiT and by Cartesian CG-SENSE and l1-wavelet with the haar wavelet; this reconstruction ran on one thread');
  }
  const out = new Outputs(o.out);
  const mag = magnitude(result.image, ny * nx);
  let peak = 0;
  for (const v of truth ? magnitude(truth, ny * nx) : mag) peak = Math.max(peak, v);
  // the reference every reconstruction is judged against, as single-coil recon writes it: the
  // coil-combined zero-filled image A^H y (Cartesian) or the density-compensated gridding
  const cartesian = !acq.coords;
  const base = result.adjointImage;
  const baseName = cartesian ? 'zero-filled' : 'gridding';
  const files: Record<string, string> = {
    recon: out.array('recon', result.image, ny, nx, true, o.format),
    reconPng: out.png('recon', result.image, ny, nx, true, [0, peak]),
    [cartesian ? 'zeroFilledPng' : 'griddingPng']: out.png(baseName, base, ny, nx, true, [0, peak]),
  };
  if (!o.sens && !unit) files.sens = out.coils('sens', maps, o.format);
  if (result.coilImages) files.coilImages = out.coils('coil-images', result.coilImages, o.format);
  if (result.lambdaChoice) {
    files.lambdaChoiceSvg = out.text('lambda-choice.svg', lambdaChoiceSvg(result.lambdaChoice));
    result.warnings.push(...result.lambdaChoice.notes);
  }
  let metrics: Record<string, unknown> | null = null;
  if (truth) {
    // coil-combined images carry the maps' phase: compared by magnitude
    const t = magnitude(truth, ny * nx);
    const m = (x: Float64Array) => ({ nrmse: nrmse(x, t), nrmseScaled: nrmseScaled(x, t), psnr: psnr(x, t, false), ssim: ny >= 11 && nx >= 11 ? ssim(x, t, ny, nx) : null, compared: 'magnitudes' });
    metrics = { recon: m(mag), [cartesian ? 'zeroFilled' : 'gridding']: m(magnitude(base, ny * nx)) };
    const err = new Float64Array(ny * nx);
    for (let i = 0; i < err.length; i++) err[i] = mag[i] - t[i];
    files.truthPng = out.png('truth', truth, ny, nx, true, [0, peak]);
    files.errorPng = out.png('error', err, ny, nx, false);
  }
  const { image: _i, history: _h, coilImages: _c, adjointImage: _a, lambdaChoice, ...info } = result;
  const summary = {
    kspace: o.kspace,
    coils: file.coils,
    virtualCoils: compression ? { coils: compression.virtual, retainedEnergy: compression.retained } : null,
    trajectoryFile: o.traj ?? (acq.coords ? '(in the ISMRMRD file)' : null),
    sensitivities: o.sens ?? (unit ? 'one coil: sensitivity 1 (no ESPIRiT)' : 'ESPIRiT (as bart ecalib -m1)'),
    espirit: e ? { kernels: e.kernels, kernelsTotal: e.kernelsTotal, calib: e.calib } : null,
    threads: team ? team.threads : 1,
    ...info,
    ...(lambdaChoice ? { lambdaChoice: lambdaChoiceJson(lambdaChoice) } : {}),
    metrics,
    files,
  };
  return { acq, maps, espirit: e, unitSensitivity: unit, result, truth, out, summary };
}

/**
 * A trajectory named neither .npy nor .cfl/.hdr (a pipe): true when its first bytes are an NPY
 * array's; else an error that says what it is (empty, or neither name nor content tells), not
 * that a .hdr is missing. A stream is not read past its first bytes when they are not NPY.
 */
function trajectoryByContent(path: string): boolean {
  const where = `trajectory ${path}`;
  const notNpy = new Error('not NPY');
  let head: Uint8Array | null = null;
  try {
    peekHead(path, where, (h) => {
      head = h;
      if (sniffFormat(h) !== '.npy') throw notNpy;
      return npyDeclaredBytes(h, path);
    });
  } catch (e) {
    if (e !== notNpy) throw e;
  }
  if (head !== null && sniffFormat(head) === '.npy') return true;
  if (head !== null && (head as Uint8Array).length === 0) throw new CandorError(where, 'file', 'an NPY file (or a .cfl/.hdr pair)', '0 bytes (an empty input)');
  throw new CandorError(where, 'file extension', '.npy, .cfl or .hdr (or, under another name, the content of an NPY file)', describe(path));
}
