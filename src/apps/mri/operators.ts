/**
 * MRI forward operators, built from the library's linear operators so that every solver and the
 * operator test kit see one contract (../../linops/types.ts).
 *
 * - `cartesianOperator(ny, nx, mask)`: single-coil Cartesian sampling A = S F_c: the centred
 *   unitary 2-D DFT (./kspace.ts) restricted to the sampled entries, a complex co-isometry
 *   (A A^H = I, so the least-squares gradient has Lipschitz constant exactly 1) with cheap normal
 *   A^H A = F_c^H M F_c. Its data vector is the compact list of acquired samples in row-major
 *   order: `gatherSamples(kspace, mask)`; `scatterSamples` puts them back on the full grid.
 * - `senseOperator(maps, mask)`: multi-coil SENSE, A = [S F_c C_1; ...; S F_c C_nc] with
 *   C_c = diag(coil map c) (Pruessmann et al. 1999), stacked by `vstack`. Data: the coils' compact
 *   sample vectors concatenated coil by coil.
 *
 * Extension points (docs/mri.md): a new acquisition model is one more factory here returning a
 * LinearOperator from images [ny, nx] (complex) to data; the reconstructions in ./recon/ only
 * need `apply`, `adjoint`, `normal` and, for the fast data-consistency prox, `exactDataProx`
 * (available when A^H A is diagonalised by F_c: single-coil Cartesian). Non-Cartesian sampling
 * plugs in as a NUFFT operator with the same contract (then the reconstructions fall back to
 * FISTA steps with a power-method Lipschitz constant, as for SENSE).
 *
 * @example
 * import { cartesianOperator, gatherSamples } from './operators.ts';
 * const mask = new Uint8Array(16); mask[5] = mask[10] = 1;
 * const A = cartesianOperator(4, 4, mask);   // 16 complex unknowns -> 2 samples
 * A.rows; // 2
 */
import { CandorError, describe } from '../../core/errors.ts';
import { compose, vstack } from '../../linops/combinators.ts';
import { diagonal } from '../../linops/basic.ts';
import type { Team } from '../../core/parallel/team.ts';
import { partialDft2 } from '../../linops/fourier.ts';
import type { LinearOperator } from '../../linops/types.ts';
import { checkMask } from './masks/common.ts';

/**
 * A = S F_c: centred unitary 2-D DFT sampled where `mask` is 1 (complex, co-isometry); on a
 * team (../../core/parallel/team.ts) its apply and adjoint run in parts on the team's arrays.
 */
export function cartesianOperator(ny: number, nx: number, mask: ArrayLike<number>, team?: Team): LinearOperator {
  const m = checkMask('cartesianOperator', mask, ny, nx);
  return partialDft2(ny, nx, m, { centered: true, team });
}

/** The acquired samples of full-grid complex k-space, in row-major order of the mask. */
export function gatherSamples(kspace: Float64Array, mask: Uint8Array): Float64Array {
  const n = mask.length;
  if (!(kspace instanceof Float64Array) || kspace.length !== 2 * n) {
    throw new CandorError('gatherSamples', 'k-space', `${2 * n} values (complex, ${n} entries like the mask)`, describe(kspace));
  }
  let m = 0;
  for (let i = 0; i < n; i++) m += mask[i];
  const y = new Float64Array(2 * m);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i]) {
      y[2 * j] = kspace[2 * i];
      y[2 * j + 1] = kspace[2 * i + 1];
      j++;
    }
  }
  return y;
}

/** Full-grid complex k-space with the samples `y` where `mask` is 1 and zeros elsewhere. */
export function scatterSamples(y: Float64Array, mask: Uint8Array): Float64Array {
  const n = mask.length;
  const out = new Float64Array(2 * n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (mask[i]) {
      out[2 * i] = y[2 * j];
      out[2 * i + 1] = y[2 * j + 1];
      j++;
    }
  }
  if (2 * j !== y.length) {
    throw new CandorError('scatterSamples', 'samples', `${2 * j} values (the mask's ${j} samples, complex)`, String(y.length));
  }
  return out;
}

/**
 * Multi-coil SENSE operator [S F_c C_1; ...; S F_c C_nc] for complex coil maps (each 2 ny nx,
 * interleaved). Not a co-isometry in general: reconstructions estimate its Lipschitz constant.
 */
export function senseOperator(ny: number, nx: number, maps: readonly Float64Array[], mask: ArrayLike<number>): LinearOperator {
  if (!Array.isArray(maps) || maps.length === 0) {
    throw new CandorError('senseOperator', 'coil maps', 'a non-empty array of complex maps', describe(maps));
  }
  const A = cartesianOperator(ny, nx, mask);
  const blocks = maps.map((s, c) => {
    if (!(s instanceof Float64Array) || s.length !== 2 * ny * nx) {
      throw new CandorError('senseOperator', `coil map ${c}`, `${2 * ny * nx} values (complex ${ny}x${nx})`, describe(s));
    }
    return compose(A, diagonal({ complex: s }, [ny, nx]));
  });
  return blocks.length === 1 ? blocks[0] : vstack(blocks);
}
