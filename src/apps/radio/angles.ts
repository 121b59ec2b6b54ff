/**
 * Small angles as radio astronomers write them: `2uas`, `0.1mas`, `1arcsec`, `5arcmin`, `0.01deg`,
 * `1e-9rad` (also `µas`, `μas`, `as`, `"`, `'`, `amin`, `asec`, `marcsec`, `microarcsec`). A bare
 * number is an error: the unit is never guessed.
 *
 * @example
 * import { parseAngle, formatAngle } from './angles.ts';
 * parseAngle('2uas');        // 9.696273622190413e-12 (radians)
 * formatAngle(9.6963e-12);   // '2.00 uas'
 */
import { CandorError, describe } from '../../core/errors.ts';

/** Radians per unit. */
export const ANGLE_UNITS: Readonly<Record<string, number>> = Object.freeze({
  rad: 1,
  deg: Math.PI / 180,
  arcmin: Math.PI / 180 / 60,
  arcsec: Math.PI / 180 / 3600,
  mas: Math.PI / 180 / 3600 / 1e3,
  uas: Math.PI / 180 / 3600 / 1e6,
});

const ALIASES: Record<string, string> = {
  rad: 'rad',
  deg: 'deg',
  d: 'deg',
  arcmin: 'arcmin',
  amin: 'arcmin',
  "'": 'arcmin',
  arcsec: 'arcsec',
  asec: 'arcsec',
  as: 'arcsec',
  '"': 'arcsec',
  mas: 'mas',
  marcsec: 'mas',
  milliarcsec: 'mas',
  uas: 'uas',
  'µas': 'uas',
  'μas': 'uas',
  microarcsec: 'uas',
};

/** Parses `<number><unit>` into radians (see above); `what` names the option in errors. */
export function parseAngle(text: string, what = 'angle'): number {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([^\s\d.+-][^\s]*)?\s*$/.exec(String(text));
  const expected = 'a positive number with a unit: uas, mas, arcsec, arcmin, deg or rad (e.g. 2uas, 0.1mas, 1arcsec)';
  if (!m?.[2]) throw new CandorError('parseAngle', what, expected, describe(text));
  const unit = ALIASES[m[2].toLowerCase()] ?? ALIASES[m[2]];
  if (!unit) throw new CandorError('parseAngle', what, expected, describe(text));
  const v = Number(m[1]) * ANGLE_UNITS[unit];
  if (!(v > 0) || !Number.isFinite(v)) throw new CandorError('parseAngle', what, expected, describe(text));
  return v;
}

/** An angle in the unit that gives a number in [1, 1000) (uas up to deg), `digits` decimals. */
export function formatAngle(rad: number, digits = 2): string {
  if (!Number.isFinite(rad)) return String(rad);
  const a = Math.abs(rad);
  for (const u of ['uas', 'mas', 'arcsec', 'arcmin'] as const) {
    const v = a / ANGLE_UNITS[u];
    if (v < (u === 'arcmin' ? 60 : 1000)) return `${(rad / ANGLE_UNITS[u]).toFixed(digits)} ${u}`;
  }
  return `${(rad / ANGLE_UNITS.deg).toFixed(digits)} deg`;
}

/** Spatial frequency (wavelengths) in kλ, Mλ or Gλ as text. */
export function formatWavelengths(x: number, digits = 3): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toPrecision(digits)} Glambda`;
  if (a >= 1e6) return `${(x / 1e6).toPrecision(digits)} Mlambda`;
  if (a >= 1e3) return `${(x / 1e3).toPrecision(digits)} klambda`;
  return `${x.toPrecision(digits)} lambda`;
}
