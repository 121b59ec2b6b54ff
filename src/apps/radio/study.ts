/**
 * The acceptance study of docs/radio.md: known skies observed with the real VLBA and EHT coverages
 * (`candor radio simulate`'s model and noise), imaged by every method, scored by the NRMSE against
 * the sky convolved to the nominal resolution:
 *
 *     truth = sky * g,   g a circular Gaussian of FWHM 1/u_max (the nominal resolution), unit sum
 *
 * so truth stays in Jy/pixel. Each image is brought to Jy/pixel the way its method defines it:
 * a restored CLEAN image (Jy/beam, restoring beam b fitted to the PSF) divided by the beam's area
 * in pixels (pi b_maj b_min / (4 ln 2 cell^2)), the standard conversion; a CS or RML image (a model,
 * Jy/pixel) convolved with g; and, for the record, a CLEAN model convolved with g. NRMSE =
 * ||image - truth|| / ||truth|| over the whole image.
 *
 * Cases (`STUDY_CASES`): the three skies of the issue (the SDO solar image, a 40 uas ring, point
 * sources with extended emission) on each coverage, with its field: VLBA 128 x 128 at 0.2 mas
 * (natural weights for CLEAN), EHT 64 x 64 at 2 uas (uniform weights for CLEAN: the EHT's
 * natural weights are dominated by the intra-site ALMA-APEX and SMA-JCMT baselines, whose PSF is a
 * stripe). The ring is the EHT's sky; on the VLBA coverage the ring and the solar image are placed
 * at the VLBA's scale (a 4 mas ring).
 *
 * @example
 * import { STUDY_CASES, studySky, nominalTruth } from './study.ts';
 * // const c = STUDY_CASES[0]; const sky = studySky(c, sdo); const truth = nominalTruth(sky, c, resolution);
 */
import { nrmse } from '../../core/imaging/metrics.ts';
import { parseAngle } from './angles.ts';
import { type Beam, beamArea, convolveBeam } from './beam.ts';
import { coreJetSky, imageSky, ringSky } from './skies.ts';

/** The coverage of a study case: the VLBA (MOJAVE) or the EHT (M87 2017) uv tracks. */
export type StudyCoverage = 'vlba' | 'eht';
/** The sky of a study case: the SDO solar image, a ring, or a core with a jet. */
export type StudySky = 'sdo' | 'ring' | 'corejet';

/** A case of the acceptance study: coverage and sky, image size and pixel size, CLEAN weighting and total flux. */
export interface StudyCase {
  id: string;
  coverage: StudyCoverage;
  sky: StudySky;
  size: number;
  cell: number;
  cellText: string;
  /** Imaging weights of the CLEANs (ours and WSClean's). */
  weighting: 'natural' | 'uniform';
  /** Total flux of the sky, Jy. */
  flux: number;
}

/** The UVFITS files of the study's coverages (paths relative to the repository root). */
export const STUDY_FILES: Readonly<Record<StudyCoverage, string>> = Object.freeze({
  vlba: '../shared/data/astro/pyuvdata_vlba_mojave.uvfits',
  eht: '../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits',
});

/** The FITS file of the SDO solar image the study uses as a sky. */
export const STUDY_SDO = '../shared/data/astro/reproject_sdo_aia_171_level1.fits';

const mk = (coverage: StudyCoverage, sky: StudySky): StudyCase => {
  const vlba = coverage === 'vlba';
  const cellText = vlba ? '0.2mas' : '2uas';
  return { id: `${coverage}-${sky}`, coverage, sky, size: vlba ? 128 : 64, cell: parseAngle(cellText), cellText, weighting: vlba ? 'natural' : 'uniform', flux: vlba ? 2 : 0.6 };
};

/** The study's cases: the three skies on the EHT and the VLBA coverages. */
export const STUDY_CASES: readonly StudyCase[] = Object.freeze([
  mk('eht', 'ring'),
  mk('eht', 'sdo'),
  mk('eht', 'corejet'),
  mk('vlba', 'corejet'),
  mk('vlba', 'sdo'),
  mk('vlba', 'ring'),
]);

/** 2 x 2 block sums (halves the side; flux preserved). */
function halve(img: Float64Array, n: number): Float64Array {
  const h = n / 2;
  const out = new Float64Array(h * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < h; c++) out[r * h + c] = img[2 * r * n + 2 * c] + img[2 * r * n + 2 * c + 1] + img[(2 * r + 1) * n + 2 * c] + img[(2 * r + 1) * n + 2 * c + 1];
  return out;
}

/**
 * The sky of a case, Jy/pixel on the case's grid. `sdo` is the 128 x 128 solar image (rows as
 * astropy reads them: row 0 south), needed for the `sdo` skies: its pixels become the case's
 * pixels (halved by 2 x 2 sums for a 64 grid), negatives clipped.
 */
export function studySky(c: StudyCase, sdo?: Float64Array): Float64Array {
  if (c.sky === 'ring') return ringSky(c.size, c.cell, { diameter: c.coverage === 'eht' ? parseAngle('40uas') : parseAngle('4mas'), flux: c.flux });
  if (c.sky === 'corejet') return coreJetSky(c.size, c.cell, { flux: c.flux });
  if (!sdo) throw new Error('studySky: the SDO image is needed for the sdo sky');
  let img = sdo;
  let n = Math.round(Math.sqrt(sdo.length));
  while (n > c.size) {
    img = halve(img, n);
    n /= 2;
  }
  return imageSky(img, c.flux);
}

/** The sky convolved with the unit-sum Gaussian of FWHM `resolution` (the reference of the NRMSE). */
export function nominalTruth(sky: Float64Array, c: Pick<StudyCase, 'size' | 'cell'>, resolution: number): Float64Array {
  return convolveBeam(sky, c.size, c.cell, { major: resolution, minor: resolution, pa: 0 }, { normalise: true });
}

/** NRMSE of a restored image (Jy/beam, beam b) against the truth: restored / beam area. */
export function restoredNrmse(restored: Float64Array, beam: Beam, cell: number, truth: Float64Array): number {
  const a = beamArea(beam, cell);
  return nrmse(
    restored.map((v) => v / a),
    truth,
  );
}

/** NRMSE of a model (Jy/pixel) convolved with the nominal Gaussian against the truth. */
export function modelNrmse(model: Float64Array, c: Pick<StudyCase, 'size' | 'cell'>, resolution: number, truth: Float64Array): number {
  return nrmse(nominalTruth(model, c, resolution), truth);
}
