/**
 * Tables of the 256-layer ziggurat for the standard normal density f(x) = exp(-x^2/2)
 * (unnormalised), computed at module load.
 *
 * Marsaglia & Tsang, "The ziggurat method for generating random variables", J. Stat. Softw. 5(8),
 * 2000, with the 256-layer constants used by numpy's `standard_normal` and the layout of McFarland
 * ("A modified ziggurat algorithm...", J. Stat. Comput. Simul. 86, 2016): the area under f is
 * covered by 255 stacked rectangles and a base strip, each of area V. With R = x_255 the layer
 * edges satisfy
 *
 *     x_255 = R,   x_i = f^{-1}( V / x_{i+1} + f(x_{i+1}) ),  i = 254..1,   x_0 = 0,
 *
 * and the base strip (layer 0) has width Q = V / f(R) (rectangle [0, R] x [0, f(R)] plus the
 * tail beyond R). A sample draws 64 random bits: layer i (8 bits), sign (1 bit) and a 52-bit
 * integer u; x = u * W[i] with W[i] = x_i / 2^52 (W[0] = Q / 2^52). When u < K[i] (that is,
 * x < x_{i-1}, or x < R in the base strip) x is accepted at once (about 99.3% of draws). Otherwise
 * layer 0 samples the tail by Marsaglia's method (x = R - ln(U1)/R accepted when
 * -2 ln(U2) > (x - R)^2), and the other layers accept x when
 * F[i] + U (F[i-1] - F[i]) < f(x), F[i] = f(x_i).
 *
 * `exp`/`log` here are {@link detExp}/{@link detLog}, so the tables have the same bits in every
 * JavaScript engine (and in the Python reference, scripts/fixtures/core_rng.py).
 */
import { detExp, detLog } from './detmath.ts';

/** Right edge of the bottom rectangle (start of the tail). */
export const ZIG_R = 3.6541528853610088;
/**
 * Area of each layer: V = R f(R) + int_R^inf f = R e^{-R^2/2} + sqrt(pi/2) erfc(R/sqrt 2)
 * (evaluated in double precision with scipy; numpy's table uses the 12-digit 0.00492867323399).
 * With it the recursion closes: the top layer's area x_1 (1 - f(x_1)) equals V to 2e-13.
 */
export const ZIG_V = 0.004928673233974658;
const TWO52 = 4503599627370496;

/** Acceptance thresholds on the 52-bit integer u (K[1] = 0: the top layer always goes to the wedge test). */
export const ZIG_K = new Float64Array(256);
/** Scale from the 52-bit integer u to x in layer i. */
export const ZIG_W = new Float64Array(256);
/** f(x_i), F[0] = f(0) = 1. */
export const ZIG_F = new Float64Array(256);

{
  const x = new Float64Array(256);
  x[255] = ZIG_R;
  for (let i = 254; i >= 1; i--) x[i] = Math.sqrt(-2 * detLog(ZIG_V / x[i + 1] + detExp(-0.5 * x[i + 1] * x[i + 1])));
  const fR = detExp(-0.5 * ZIG_R * ZIG_R);
  const q = ZIG_V / fR;
  ZIG_K[0] = (ZIG_R / q) * TWO52;
  ZIG_W[0] = q / TWO52;
  ZIG_F[0] = 1;
  for (let i = 1; i < 256; i++) {
    ZIG_K[i] = i === 1 ? 0 : (x[i - 1] / x[i]) * TWO52;
    ZIG_W[i] = x[i] / TWO52;
    ZIG_F[i] = detExp(-0.5 * x[i] * x[i]);
  }
}
