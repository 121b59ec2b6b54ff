/**
 * Node-only file handling of the radio commands: reading a visibility file by its extension
 * (`.uvfits`/`.fits`/`.uvf` as UVFITS; `.txt`/`.csv` as an EHT text export) or, for a name that
 * tells none (a pipe), by its content, with errors naming the file, and rendering the coverage
 * figures to SVG and PNG.
 *
 * @example
 * import { readVisibilityFile } from './files.ts';
 * const f = readVisibilityFile('../shared/data/astro/pyuvdata_vlba_mojave.uvfits');
 * f.kind; // 'uvfits' (f.uv; an EHT export gives f.vis)
 */
import { CandorError, describe } from '../../../core/errors.ts';
import { readEhtText } from '../../../io/eht-text.ts';
import { fitsStreamExtent } from '../../../io/fits/hdus.ts';
import { readUvfits, type Uvfits } from '../../../io/fits/uvfits.ts';
import { isReadableNonDirectory, readFileBytes, refuseMissingUnnamed } from '../../../io/node/files.ts';
import { sniffFormat } from '../../../io/sniff.ts';
import { readUvfitsFile as readUvfitsPath } from '../../../io/node/formats.ts';
import { renderSvg, svgToPng } from '../../../experiments/node/render.ts';
import { amplitudeSpec, uvCoverageSpec } from '../figures.ts';
import { type Visibilities, visibilitiesFromEhtText } from '../visibilities.ts';

/** Reads a UVFITS file (bytes checked, errors naming the file). */
export function readUvfitsFile(path: string): Uvfits {
  return readUvfitsPath(path);
}

/** The visibility file kinds by extension, or null for a name that tells none. */
function kindByName(path: string): 'uvfits' | 'eht-text' | null {
  const p = path.toLowerCase();
  if (/\.(uvfits|uvf|fits|fit)$/.test(p)) return 'uvfits';
  if (/\.(txt|csv)$/.test(p)) return 'eht-text';
  return null;
}

/**
 * Text to try as an EHT export: no NUL and no other control byte but tab, CR and LF in `head` (a
 * file's first bytes), and its first non-blank character a `#` (both layouts open with `#` header
 * lines): other text is refused on its first bytes, not parsed whole.
 */
function looksLikeEhtText(head: Uint8Array): boolean {
  let first = -1;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b < 32 && b !== 9 && b !== 10 && b !== 13) return false;
    if (first < 0 && b !== 32 && b !== 9 && b !== 10 && b !== 13) first = b;
  }
  return first === 0x23;
}

/** A visibility file read once: UVFITS, or the Stokes I visibilities of an EHT text export. */
export type VisibilityFile = { kind: 'uvfits'; uv: Uvfits } | { kind: 'eht-text'; vis: Visibilities };

/**
 * Reads a visibility file: by its extension (`.uvfits`/`.uvf`/`.fits`/`.fit` UVFITS, `.txt`/`.csv`
 * an EHT export), else, for a name that tells none (a pipe: `/dev/stdin`), by its content (a FITS
 * first card: UVFITS; text: an EHT export). Errors name the file.
 */
export function readVisibilityFile(path: string): VisibilityFile {
  const kind = kindByName(path);
  if (kind === 'uvfits') return { kind, uv: readUvfitsPath(path) };
  if (kind === 'eht-text') return { kind, vis: readEhtTextFile(path) };
  const unknown = () =>
    new CandorError('radio', `visibility file ${path}`, 'a .uvfits (.uvf, .fits) file or an EHT .txt/.csv export (or, under another name, the content of either)', describe(path.split('/').pop()));
  // a missing file without an extension says so; a directory, another extension or unknown content: the extensions
  refuseMissingUnnamed(path, `radio: visibility file ${path}`);
  if (!isReadableNonDirectory(path)) throw unknown();
  // the content is judged on the first bytes: anything else is refused before the rest is read
  let fits = false;
  const bytes = readFileBytes(path, `radio: visibility file ${path}`, 'file', (head) => {
    if (head.length === 0) throw new CandorError('radio', `visibility file ${path}`, 'a UVFITS file or an EHT text export', '0 bytes (an empty input)');
    fits = sniffFormat(head) === '.fits';
    if (!fits && !looksLikeEhtText(head)) throw unknown();
    // a FITS stream is followed HDU by HDU: refused once it goes on past its last
    return fits ? fitsStreamExtent(`readUvfits(${path})`) : undefined;
  });
  if (fits) return { kind: 'uvfits', uv: readUvfits(bytes, { name: path }) };
  return { kind: 'eht-text', vis: visibilitiesFromEhtText(readEhtText(bytes, { name: path }), path) };
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
