/**
 * Orthonormal wavelet filters: Haar and Daubechies' extremal-phase db2 ... db8.
 *
 * The table holds each wavelet's decomposition low-pass filter `dec_lo` (length F = 2N for dbN)
 * in full double precision, exactly as PyWavelets 1.1 prints `pywt.Wavelet('dbN').dec_lo`
 * (the coefficients of Daubechies 1988, Table 1, normalised so that sum h = sqrt 2 and
 * sum h^2 = 1). The other three filters follow from it:
 *
 *     rec_lo[m] = dec_lo[F-1-m]                       (time reversal)
 *     rec_hi[m] = (-1)^m dec_lo[m]                    (quadrature mirror)
 *     dec_hi[m] = rec_hi[F-1-m] = (-1)^(m+1) dec_lo[F-1-m]
 *
 * which is PyWavelets' convention too (`dec_hi`, `rec_lo`, `rec_hi` of `pywt.Wavelet`). The
 * kernels in this folder correlate with `rec_lo` / `rec_hi` (see dwt1.ts).
 *
 * References: I. Daubechies, "Orthonormal bases of compactly supported wavelets", Comm. Pure
 * Appl. Math. 41 (1988) 909-996; I. Daubechies, "Ten Lectures on Wavelets", SIAM 1992, Table 6.1;
 * coefficients as tabulated by PyWavelets (pywt/_extensions/c/wavelets_coeffs.template.h).
 *
 * @example
 * import { waveletFilters } from './filters.ts';
 * const f = waveletFilters('db2');
 * f.length;     // 4
 * f.decLo[3];   // 0.48296291314453416
 * f.decHi[0];   // -0.48296291314453416
 */
import { CandorError, describe } from '../errors.ts';

/** Decomposition low-pass filters (`pywt.Wavelet(name).dec_lo`). */
const DEC_LO: Readonly<Record<string, readonly number[]>> = {
  haar: [Math.SQRT1_2, Math.SQRT1_2],
  db1: [Math.SQRT1_2, Math.SQRT1_2],
  db2: [-0.12940952255126037, 0.2241438680420134, 0.8365163037378079, 0.48296291314453416],
  db3: [
    0.03522629188570953, -0.08544127388202666, -0.13501102001025458, 0.45987750211849154, 0.8068915093110925,
    0.33267055295008263,
  ],
  db4: [
    -0.010597401785069032, 0.0328830116668852, 0.030841381835560764, -0.18703481171909309,
    -0.027983769416859854, 0.6308807679298589, 0.7148465705529157, 0.2303778133088965,
  ],
  db5: [
    0.0033357252854737712, -0.012580751999081999, -0.006241490212798274, 0.07757149384004572,
    -0.032244869584638375, -0.24229488706638203, 0.13842814590132074, 0.7243085284377729, 0.6038292697971896,
    0.16010239797419293,
  ],
  db6: [
    -0.0010773010853084796, 0.004777257510945511, 0.0005538422011614961, -0.03158203931748603,
    0.027522865530305727, 0.09750160558732304, -0.12976686756726194, -0.22626469396543983,
    0.31525035170919763, 0.7511339080210954, 0.49462389039845306, 0.11154074335010947,
  ],
  db7: [
    0.00035371379997452024, -0.0018016407040474908, 0.0004295779729213665, 0.01255099855609984,
    -0.01657454163066688, -0.03802993693501441, 0.08061260915108308, 0.07130921926683026,
    -0.22403618499387498, -0.14390600392856498, 0.4697822874051931, 0.7291320908462351, 0.3965393194819173,
    0.07785205408500918,
  ],
  db8: [
    -0.00011747678412476953, 0.0006754494064505693, -0.00039174037337694705, -0.004870352993451574,
    0.008746094047405777, 0.013981027917398282, -0.044088253930794755, -0.017369301001807547,
    0.12874742662047847, 0.0004724845739132828, -0.2840155429615469, -0.015829105256349306,
    0.5853546836542067, 0.6756307362972898, 0.31287159091429995, 0.05441584224310401,
  ],
};

/** Every wavelet name Candor knows (`db1` is PyWavelets' alias of `haar`). */
export const WAVELET_NAMES: readonly string[] = Object.freeze(Object.keys(DEC_LO));

/** The name of a supported wavelet. */
export type WaveletName = 'haar' | 'db1' | 'db2' | 'db3' | 'db4' | 'db5' | 'db6' | 'db7' | 'db8';

/** The four filters of one orthonormal wavelet (all of length `length`). */
export interface WaveletFilters {
  readonly name: WaveletName;
  /** Filter length F (2 for Haar, 2N for dbN). */
  readonly length: number;
  readonly decLo: Float64Array;
  readonly decHi: Float64Array;
  readonly recLo: Float64Array;
  readonly recHi: Float64Array;
}

const cache = new Map<string, WaveletFilters>();

/** True when `name` is one of {@link WAVELET_NAMES}. */
export function isWaveletName(name: unknown): name is WaveletName {
  return typeof name === 'string' && Object.hasOwn(DEC_LO, name);
}

/**
 * The filters of wavelet `name`; throws a CandorError listing the valid names otherwise.
 * The returned arrays are shared: do not modify them.
 */
export function waveletFilters(name: string, where = 'waveletFilters'): WaveletFilters {
  if (!isWaveletName(name)) {
    throw new CandorError(where, 'wavelet', `one of ${WAVELET_NAMES.join(', ')}`, describe(name));
  }
  let f = cache.get(name);
  if (!f) {
    const lo = DEC_LO[name];
    const F = lo.length;
    const decLo = Float64Array.from(lo);
    const recLo = new Float64Array(F);
    const recHi = new Float64Array(F);
    const decHi = new Float64Array(F);
    for (let m = 0; m < F; m++) {
      recLo[m] = lo[F - 1 - m];
      recHi[m] = m % 2 === 0 ? lo[m] : -lo[m];
    }
    for (let m = 0; m < F; m++) decHi[m] = recHi[F - 1 - m];
    f = Object.freeze({ name, length: F, decLo, decHi, recLo, recHi });
    cache.set(name, f);
  }
  return f;
}
