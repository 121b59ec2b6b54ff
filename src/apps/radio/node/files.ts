/**
 * Node-only file handling of the radio commands: reading a visibility file by its extension
 * (`.uvfits`/`.fits`/`.uvf` as UVFITS; `.txt`/`.csv` as an EHT text export) with errors naming the
 * file, and rendering the coverage figures to SVG and PNG.
 *
 * @example
 * import { readVisibilityFile } from './files.ts';
 * // const { vis, uv } = readVisibilityFile('../shared/data/astro/pyuvdata_vlba_mojave.uvfits');
 */
import { CandorError, describe } from '../../../core/errors.ts';
import { readEhtText } from '../../../io/eht-text.ts';
import type { Uvfits } from '../../../io/fits/uvfits.ts';
import { readFileBytes } from '../../../io/node/files.ts';
import { readUvfitsFile as readUvfitsPath } from '../../../io/node/formats.ts';
import { renderSvg, svgToPng } from '../../../experiments/node/render.ts';
import { amplitudeSpec, uvCoverageSpec } from '../figures.ts';
import { type Visibilities, visibilitiesFromEhtText } from '../visibilities.ts';

/** Reads a UVFITS file (bytes checked, errors naming the file). */
export function readUvfitsFile(path: string): Uvfits {
  return readUvfitsPath(path);
}

/** The visibility file kinds by extension. */
export function visibilityFileKind(path: string): 'uvfits' | 'eht-text' {
  const p = path.toLowerCase();
  if (/\.(uvfits|uvf|fits|fit)$/.test(p)) return 'uvfits';
  if (/\.(txt|csv)$/.test(p)) return 'eht-text';
  throw new CandorError('radio', `visibility file ${path}`, 'a .uvfits (.uvf, .fits) file or an EHT .txt/.csv export', describe(path.split('/').pop()));
}

/** Stokes I visibilities of an EHT text export. */
export function readEhtTextFile(path: string): Visibilities {
  return visibilitiesFromEhtText(readEhtText(readFileBytes(path, `readEhtText(${path})`), { name: path }), path);
}

/** The uv-coverage and amplitude figures as SVG text and PNG bytes. */
export async function coverageFigures(vs: Visibilities): Promise<{ uvSvg: string; uvPng: Uint8Array; ampSvg: string; ampPng: Uint8Array }> {
  const uvSvg = await renderSvg(uvCoverageSpec(vs));
  const ampSvg = await renderSvg(amplitudeSpec(vs));
  return { uvSvg, uvPng: await svgToPng(uvSvg), ampSvg, ampPng: await svgToPng(ampSvg) };
}
