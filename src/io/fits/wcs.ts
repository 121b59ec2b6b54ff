/**
 * A celestial WCS for radio images: the orthographic (SIN) projection of a tangent-plane image
 * about a phase centre (RA0, Dec0), as AIPS, CASA and WSClean write it (Greisen & Calabretta 2002,
 * A&A 395, 1061; Calabretta & Greisen 2002, A&A 395, 1077, section 5.1.5).
 *
 * Pixel (p1, p2) (FITS 1-based; p1 along NAXIS1 = RA, p2 along NAXIS2 = Dec) has intermediate
 * coordinates l = CDELT1 (p1 - CRPIX1), m = CDELT2 (p2 - CRPIX2) (degrees; CDELT1 < 0 so RA grows
 * to the left), which for SIN are the direction cosines of the sky position (in radians):
 *
 *     n = sqrt(1 - l^2 - m^2),  Dec = asin(m cos Dec0 + n sin Dec0),
 *     RA = RA0 + atan2(l, n cos Dec0 - m sin Dec0)                    (LONPOLE = 180 deg)
 *
 * which is what astropy.wcs computes for these headers (checked by the fixtures).
 *
 * @example
 * import { celestialWcsCards, pixelToWorld } from './wcs.ts';
 * const cards = celestialWcsCards({ nx: 64, ny: 64, raDeg: 187.7059, decDeg: 12.3911, cellDeg: 2e-6 / 3600 });
 * pixelToWorld({ raDeg: 187.7059, decDeg: 12.3911, crpix1: 33, crpix2: 33, cdelt1: -2e-6 / 3600, cdelt2: 2e-6 / 3600 }, 33, 33);
 * // [187.7059, 12.3911]
 */
import { CandorError } from '../../core/errors.ts';
import type { FitsCard } from './header.ts';

/**
 * A celestial SIN (orthographic) WCS for {@link celestialWcsCards}: image size, phase centre and
 * pixel size in degrees, and optional reference pixels, frequency, beam and metadata.
 */
export interface CelestialWcsOptions {
  /** Image width (NAXIS1, the RA axis) and height (NAXIS2, the Dec axis). */
  nx: number;
  ny: number;
  /** Phase centre, degrees (ICRS / J2000). */
  raDeg: number;
  decDeg: number;
  /** Pixel size, degrees (positive; CDELT1 = -cell, CDELT2 = +cell). */
  cellDeg: number;
  /** Reference pixel (1-based); default nx/2 + 1, ny/2 + 1 (the pixel of the phase centre, as WSClean writes it). */
  crpix1?: number;
  crpix2?: number;
  /** Pixel unit, default 'JY/BEAM'. */
  bunit?: string;
  /** Observing frequency, Hz (RESTFRQ). */
  freqHz?: number;
  object?: string;
  telescope?: string;
  dateObs?: string;
  /** Restoring beam, degrees (BMAJ, BMIN) and position angle (BPA, degrees east of north). */
  beam?: { majDeg: number; minDeg: number; paDeg: number };
}

/** The WCS and description cards of a 2-D radio image (for writeFitsImage's `cards`). */
export function celestialWcsCards(o: CelestialWcsOptions): FitsCard[] {
  const where = 'celestialWcsCards';
  for (const [k, v] of Object.entries({ raDeg: o.raDeg, decDeg: o.decDeg, cellDeg: o.cellDeg })) {
    if (!Number.isFinite(v)) throw new CandorError(where, k, 'a finite number', String(v));
  }
  if (!(o.cellDeg > 0)) throw new CandorError(where, 'cellDeg', 'a positive pixel size', String(o.cellDeg));
  if (Math.abs(o.decDeg) > 90) throw new CandorError(where, 'decDeg', 'a declination in [-90, 90]', String(o.decDeg));
  const cards: FitsCard[] = [
    { key: 'BUNIT', value: o.bunit ?? 'JY/BEAM', comment: 'pixel unit' },
    { key: 'CTYPE1', value: 'RA---SIN' },
    { key: 'CRVAL1', value: o.raDeg, comment: 'deg' },
    { key: 'CDELT1', value: -o.cellDeg, comment: 'deg' },
    { key: 'CRPIX1', value: o.crpix1 ?? Math.floor(o.nx / 2) + 1 },
    { key: 'CUNIT1', value: 'deg' },
    { key: 'CTYPE2', value: 'DEC--SIN' },
    { key: 'CRVAL2', value: o.decDeg, comment: 'deg' },
    { key: 'CDELT2', value: o.cellDeg, comment: 'deg' },
    { key: 'CRPIX2', value: o.crpix2 ?? Math.floor(o.ny / 2) + 1 },
    { key: 'CUNIT2', value: 'deg' },
    { key: 'RADESYS', value: 'ICRS' },
    { key: 'LONPOLE', value: 180.0 },
    { key: 'LATPOLE', value: o.decDeg },
  ];
  if (o.freqHz !== undefined) cards.push({ key: 'RESTFRQ', value: o.freqHz, comment: 'Hz' }, { key: 'SPECSYS', value: 'TOPOCENT' });
  if (o.beam) {
    cards.push(
      { key: 'BMAJ', value: o.beam.majDeg, comment: 'deg' },
      { key: 'BMIN', value: o.beam.minDeg, comment: 'deg' },
      { key: 'BPA', value: o.beam.paDeg, comment: 'deg' },
    );
  }
  if (o.object) cards.push({ key: 'OBJECT', value: o.object });
  if (o.telescope) cards.push({ key: 'TELESCOP', value: o.telescope });
  if (o.dateObs) cards.push({ key: 'DATE-OBS', value: o.dateObs });
  cards.push({ key: 'ORIGIN', value: 'Candor' });
  return cards;
}

/** A SIN projection's parameters for {@link pixelToWorld}: reference sky position (degrees), reference pixels (1-based) and degrees per pixel. */
export interface SinWcs {
  raDeg: number;
  decDeg: number;
  crpix1: number;
  crpix2: number;
  /** Degrees per pixel (CDELT1 is negative for the usual east-left orientation). */
  cdelt1: number;
  cdelt2: number;
}

const D2R = Math.PI / 180;

/** Sky position [RA, Dec] in degrees of FITS pixel (p1, p2) (1-based) under a SIN WCS (see above). */
export function pixelToWorld(w: SinWcs, p1: number, p2: number): [number, number] {
  const l = w.cdelt1 * (p1 - w.crpix1) * D2R;
  const m = w.cdelt2 * (p2 - w.crpix2) * D2R;
  const r2 = l * l + m * m;
  if (r2 > 1) throw new CandorError('pixelToWorld', 'pixel', 'a position inside the SIN projection (l^2 + m^2 <= 1)', `(${p1}, ${p2})`);
  const n = Math.sqrt(1 - r2);
  const d0 = w.decDeg * D2R;
  const dec = Math.asin(m * Math.cos(d0) + n * Math.sin(d0));
  let ra = w.raDeg + Math.atan2(l, n * Math.cos(d0) - m * Math.sin(d0)) / D2R;
  ra = ((ra % 360) + 360) % 360;
  return [ra, dec / D2R];
}
