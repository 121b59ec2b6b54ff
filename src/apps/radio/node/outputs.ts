/**
 * Node-only output of `candor radio image`: the FITS images (image, residual, PSF and, when there
 * is one, the model) with the celestial WCS of the phase centre and the restoring beam (BMAJ,
 * BMIN, BPA), the PNG of the image (north up, east left, a square-root stretch of the positive
 * part) and summary.json, written together
 * (all or none).
 *
 * @example
 * import { writeImagingOutputs } from './outputs.ts';
 * // writeImagingOutputs('out', result, vs)  -> ['out/image.fits', 'out/image.png', ...]
 */
import { join } from 'node:path';
import { writeFitsImage } from '../../../io/fits/image.ts';
import { celestialWcsCards } from '../../../io/fits/wcs.ts';
import { ensureDir, writeFilesAtomic } from '../../../io/node/files.ts';
import { nativeDeflate } from '../../../io/node/formats.ts';
import { writePng } from '../../../io/png.ts';
import { jdToIso } from '../info.ts';
import type { ImagingResult } from '../image.ts';
import type { Visibilities } from '../visibilities.ts';

const DEG = 180 / Math.PI;

/** The image flipped to display order (north up: the last row first). */
export function displayRows(img: Float64Array, size: number): Float64Array {
  const out = new Float64Array(size * size);
  for (let r = 0; r < size; r++) out.set(img.subarray(r * size, (r + 1) * size), (size - 1 - r) * size);
  return out;
}

/**
 * The display stretch of image.png: sqrt(max(v, 0) / peak), so faint extended emission shows
 * beside a bright core; an image with no positive pixel (a warning says why) linearly from its
 * minimum to its maximum, not as a black square.
 */
export function displayStretch(img: Float64Array): Float64Array {
  let hi = -Infinity;
  let lo = Infinity;
  for (const v of img) {
    hi = Math.max(hi, v);
    lo = Math.min(lo, v);
  }
  if (hi > 0) return img.map((v) => (v > 0 ? Math.sqrt(v / hi) : 0));
  return img.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0));
}

/** JSON with NaN/Infinity as null and typed arrays left out. */
export function summaryJson(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : ArrayBuffer.isView(v) ? undefined : v), 2);
}

/** Writes DIR/image.fits, image.png, residual.fits, psf.fits, [model.fits], summary.json; returns the paths. */
export function writeImagingOutputs(dir: string, r: ImagingResult, vs: Visibilities): string[] {
  // not mkdirSync's recursive mode, which spins forever on a path under /proc
  ensureDir(dir, 'radio image');
  const { size, cellRad } = r.summary;
  const base = {
    nx: size,
    ny: size,
    raDeg: vs.raDeg,
    decDeg: vs.decDeg,
    cellDeg: cellRad * DEG,
    freqHz: vs.refFreq,
    object: vs.object,
    telescope: vs.telescope,
    dateObs: Number.isFinite(vs.t0Jd) ? jdToIso(vs.t0Jd).slice(0, 10) : undefined,
    beam: { majDeg: r.beam.major * DEG, minDeg: r.beam.minor * DEG, paDeg: r.beam.pa * DEG },
  };
  const fits = (data: Float64Array, bunit: string, what: string) =>
    writeFitsImage(
      { shape: [size, size], data, complex: false },
      { cards: [...celestialWcsCards({ ...base, bunit }), { key: 'HISTORY', value: `candor radio image: ${what}` }] },
    );
  const shown = displayStretch(r.image);
  const files = [
    { path: join(dir, 'image.fits'), data: fits(r.image, r.imageUnit, `${r.summary.algorithm} (${r.imageUnit === 'JY/BEAM' ? 'Jy/beam' : 'Jy/pixel'})`) },
    { path: join(dir, 'image.png'), data: writePng({ shape: [size, size], data: displayRows(shown, size), complex: false }, { window: [0, 1], deflate: nativeDeflate }) },
    { path: join(dir, 'residual.fits'), data: fits(r.residual, 'JY/BEAM', 'residual image, the dirty image of V - A x') },
    { path: join(dir, 'psf.fits'), data: fits(r.psf, 'JY/BEAM', 'point-spread function (peak 1)') },
  ];
  if (r.model && r.summary.method === 'clean') files.push({ path: join(dir, 'model.fits'), data: fits(r.model, 'JY/PIXEL', 'CLEAN components') });
  files.push({ path: join(dir, 'summary.json'), data: new TextEncoder().encode(`${summaryJson(r.summary)}\n`) });
  writeFilesAtomic(files, 'radio image');
  return files.map((f) => f.path);
}
