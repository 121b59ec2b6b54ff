/**
 * FITS and UVFITS on bytes (browser-safe): headers, images with a celestial WCS, binary tables,
 * and random-groups visibility files. See docs/file-formats.md (FITS and UVFITS).
 *
 * @example
 * import { readFitsImage, readUvfits } from './index.ts';
 * // const sky = readFitsImage(bytes, { name: 'sky.fits' });   // shape [NAXIS2, NAXIS1]
 * // const uv = readUvfits(bytes, { name: 'obs.uvfits' });
 */
export { type BinTable, binTableFromHdu, parseTform, readBinTable, type TableColumn, type WriteColumn, writeBinTable } from './bintable.ts';
export { FITS_STREAM_PADDING, type FitsHdu, findHdu, fitsStreamExtent, type HduKind, listHdus } from './hdus.ts';
export {
  CARD,
  FITS_BLOCK,
  type FitsCard,
  type FitsHeader,
  type FitsValue,
  FLOAT_KEYWORDS,
  formatCards,
  formatFloat,
  headerInt,
  headerNumber,
  headerString,
  headerValue,
  makeHeader,
  parseHeader,
} from './header.ts';
export { type FitsImage, type ReadFitsImageOptions, readFitsImage, type WriteFitsImageOptions, writeFitsImage } from './image.ts';
export {
  paramBase,
  paramValues,
  type ReadUvfitsOptions,
  readUvfits,
  STOKES_NAMES,
  type Uvfits,
  type UvfitsAntenna,
  type UvfitsAxis,
  type UvfitsParam,
  visOffset,
} from './uvfits.ts';
export { withVisibilities, type WriteUvfitsOptions, writeUvfits } from './uvfits-write.ts';
export { type CelestialWcsOptions, celestialWcsCards, pixelToWorld, type SinWcs } from './wcs.ts';
