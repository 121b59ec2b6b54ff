/**
 * A penalised reconstruction that came out (essentially) zero: the weight is at or above the
 * value where the penalty outweighs the data everywhere. For l1 with an orthonormal transform W
 * that value is lambda_max = ||W A^H y||_inf (the zero image is optimal for any larger lambda,
 * since 0 is in A^H y + lambda d||W x||_1 at x = 0); no error, since zero is the solution asked
 * for, but a result the caller must hear about rather than a blank image written in silence.
 *
 * @example
 * // const w = zeroImageWarning(x, aty, 'lambda 1e300 (absolute 2.7e299)');
 * // if (w) result.warnings.push(w);
 */

/** Peak |z| over the complex pixels of interleaved `z`. */
function peakMagnitude(z: Float64Array): number {
  let p = 0;
  for (let i = 0; i < z.length; i += 2) {
    const m = z[i] * z[i] + z[i + 1] * z[i + 1];
    if (m > p) p = m;
  }
  return Math.sqrt(p);
}

/**
 * The warning when the image's peak magnitude is below 1e-9 of the adjoint image's (A^H y) in
 * image units, else null: A^H y is about L x (L >= ||A||^2, 1 for unit-norm coil maps and the
 * unitary DFT), so the reference is peak |A^H y| / `lipschitz` (default 1), and maps scaled by any
 * factor give the same verdict. `weights` names the weights used, e.g.
 * `lambda 1e300 (absolute 2.7e299)`.
 */
export function zeroImageWarning(image: Float64Array, adjointImage: Float64Array, weights: string, lipschitz = 1): string | null {
  const ref = peakMagnitude(adjointImage) / lipschitz;
  if (!(ref > 0)) return null;
  const peak = peakMagnitude(image);
  if (peak > 1e-9 * ref) return null;
  return (
    `the image is zero (peak ${peak.toExponential(2)} against ${ref.toExponential(2)} in the zero-filled image${lipschitz === 1 ? '' : ` A^H y / ${lipschitz.toPrecision(3)} (||A||^2: image units)`}): the penalty at ${weights} ` +
    'outweighs the data everywhere; lower the weight (a tenth of it, or less) or choose it from the data with --lambda auto'
  );
}
