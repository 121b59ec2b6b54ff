/**
 * Shared pieces of the `candor mri` commands: option parsers (--slice, --format), loading the
 * truth image ('phantom' or a file), the k-space + mask pair (sizes checked against each other,
 * errors naming both files) and the output directory.
 */
import type { Command } from 'commander';
import { CandorError } from '../../core/errors.ts';
import { type Acquisition, acquisition } from '../../apps/mri/acquisition.ts';
import { MASK_KINDS } from '../../apps/mri/masks/index.ts';
import { sheppLogan } from '../../apps/mri/phantom.ts';
import { complexData, type Image2d, Outputs, readImage2d, readMask } from '../../apps/mri/node/files.ts';
import { UsageError } from '../errors.ts';
import { ensureDir } from '../../io/node/files.ts';
import { cflAllZero } from '../../io/node/formats.ts';
import { choiceOption, intOption } from '../options.ts';
import { noteStaleOutputs } from '../stale-outputs.ts';

/** `--slice z` or `--slice z,t`. */
export function sliceOption(v: string): number[] {
  const parts = v.split(',').map((s) => s.trim());
  if (parts.length < 1 || parts.length > 2 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new UsageError('candor', 'option --slice', 'z or z,t (non-negative integers)', JSON.stringify(v));
  }
  return parts.map(Number);
}

/**
 * The image and mask options of `mri simulate` and `mri plan`: --image (a file or 'phantom'),
 * --size (phantom side, at least `minSize`), --slice, --mask (default poisson-disc).
 */
export function imageAndMaskOptions(cmd: Command, what: string, minSize: number): Command {
  return cmd
    .option('--image <file|phantom>', `${what} (PNG, NPY, CFL, DICOM, NIfTI) or 'phantom'`, 'phantom')
    .option('--size <n>', 'phantom size', intOption('--size', minSize, 4096), 256)
    .option('--slice <z[,t]>', 'slice of a volume (NIfTI order x, y, z, t)', sliceOption)
    .option('--mask <kind>', `sampling pattern: ${MASK_KINDS.join(', ')}`, choiceOption('--mask', MASK_KINDS), 'poisson-disc');
}

/** The truth image: the built-in phantom ('phantom', size from --size) or a file (real or complex). */
export function loadTruth(spec: string, size: number, slice?: number[]): Image2d {
  if (spec === 'phantom') {
    return { ny: size, nx: size, data: sheppLogan(size), complex: false, path: 'phantom' };
  }
  const img = readImage2d(spec, { slice, what: 'image' });
  let nonzero = false;
  for (let i = 0; i < img.data.length; i++) {
    if (!Number.isFinite(img.data[i])) throw new CandorError(`image ${spec}`, 'values', 'finite samples', String(img.data[i]));
    if (img.data[i] !== 0) nonzero = true;
  }
  if (!nonzero) throw new CandorError(`image ${spec}`, 'values', 'some nonzero pixels', 'an all-zero image');
  return img;
}

/**
 * The warning for k-space read from an NPY of a real dtype (zero imaginary parts), else null:
 * measured k-space is complex, so a real array is more likely an image or a magnitude.
 */
export function realKspaceWarning(file: { path: string; complex: boolean }): string | null {
  if (file.complex) return null;
  return `the k-space ${file.path} holds real values (a real NPY dtype): read with zero imaginary parts; measured k-space is complex, so check it is not an image or the magnitude of k-space`;
}

const fileWarnings = new WeakMap<Acquisition, string[]>();

/** What reading the files of `acq` warned about (a real-valued k-space): the command's summary carries it, --json included. */
export function acquisitionWarnings(acq: Acquisition): string[] {
  return fileWarnings.get(acq) ?? [];
}

/** k-space (+ optional mask file; else the non-zero entries) as a validated acquisition. */
export function loadAcquisition(kspacePath: string, maskPath: string | undefined, noiseStd?: number): Acquisition {
  const k = readImage2d(kspacePath, { what: 'k-space' });
  const real = realKspaceWarning({ path: kspacePath, complex: k.complex });
  const mask = maskPath ? readMask(maskPath, k.ny, k.nx, kspacePath) : undefined;
  const acq = acquisition(complexData(k), mask, k.ny, k.nx, { where: `k-space ${kspacePath}`, noiseStd });
  if (real) fileWarnings.set(acq, [real]);
  return acq;
}

/**
 * Refuses an all-zero CFL k-space before anything reads it whole (`cflAllZero` streams the file:
 * a 1 GiB all-zero file used to be refused only after GBs of float64 copies), with the message the
 * acquisition gives for all-zero data. Other formats (and names the CFL reader does not take
 * as a pair, such as upper-case .CFL) are checked by their readers.
 */
export function refuseAllZeroKspace(path: string): void {
  if (/\.(cfl|hdr)$/.test(path) && cflAllZero(path)) throw new CandorError(`k-space ${path}`, 'k-space', 'at least one non-zero sample', 'all zeros');
}

/** The truth for metrics, checked against the k-space size. */
export function loadTruthFor(path: string, acq: Acquisition, kspacePath: string, slice?: number[]): Float64Array {
  const t = readImage2d(path, { slice, what: 'truth' });
  if (t.ny !== acq.ny || t.nx !== acq.nx) {
    throw new CandorError(`truth ${path}`, 'size', `${acq.ny}x${acq.nx} (the k-space ${kspacePath})`, `${t.ny}x${t.nx}`);
  }
  return complexData(t);
}

/** Every file `mri recon` writes in some run (by options): the family a reused --out is checked against. */
export const RECON_OUTPUT_FILES: readonly string[] = [
  ...['recon', 'sens', 'coil-images'].flatMap((b) => [`${b}.npy`, `${b}.cfl`, `${b}.hdr`]),
  ...['recon', 'zero-filled', 'gridding', 'truth', 'error'].map((b) => `${b}.png`),
  'lambda-choice.svg',
  'recon.json',
];

/**
 * Creates the output directory and writes every encoded file atomically. With `family` (every
 * file name the command writes in some run), the family's files already in the folder that this
 * run did not write, and that are none of its `inputs`, are named on stderr (../stale-outputs.ts).
 */
export function commitOutputs(out: Outputs, where: string, family: readonly string[] = [], inputs: readonly (string | undefined)[] = []): string[] {
  ensureDir(out.dir, where);
  const written = out.commit(where);
  const given = inputs.filter((x): x is string => !!x).flatMap((x) => [x, x.replace(/\.(cfl|hdr)$/i, '.hdr'), x.replace(/\.(cfl|hdr)$/i, '.cfl')]);
  if (family.length > 0) noteStaleOutputs(out.dir, family, [...written, ...given]);
  return written;
}

export { Outputs };
