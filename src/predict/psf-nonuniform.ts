/**
 * The point-spread function of a non-Cartesian trajectory and its side lobes: what ./psf.ts gives
 * for Cartesian masks, for arbitrary sample coordinates (radial, spiral, radio uv coverage).
 *
 * For the NDFT A of a trajectory (unitary scale, ../linops/nufft-ndft.ts) and sample weights w
 * (default 1; density compensation weights give the PSF of a gridding reconstruction), the
 * normal matrix is Toeplitz, (A^H W A)_{k k'} = K(k - k') with
 *
 *     K(d) = (1/N) sum_j w_j e^{2 pi i <w_j, d>},     K(0) = sum_j w_j / N  (the peak).
 *
 * - **PSF**: A^H W A e_c (the image of a point at the centre c), normalised to peak 1:
 *   psf(k) = K(k - c) / K(0) on the image grid; its side-lobe level max_{k != c} |psf(k)| is the
 *   number the MRI reports quote for a mask (for a Cartesian mask it equals ./psf.ts's).
 * - **coherence**: max_{d != 0, |d_i| < n_i} |K(d)| / K(0), over every difference of two pixels,
 *   the mutual coherence of A's (weighted) columns: on a Cartesian grid K is periodic and both
 *   numbers agree; off the grid the PSF window misses differences up to n - 1, which this covers.
 * - `excludeRadius` r: also ignore |d| <= r (Euclidean, pixels) when taking the maxima, for
 *   trajectories whose main lobe is wider than one pixel (variable density, low resolution).
 *
 * Computed with the NUFFT (2^d type-1 transforms at the given width, default 7: accuracy ~1e-6
 * relative to the peak), O(N log N + M W^d), never an N x N matrix.
 *
 * Reference: Lustig, Donoho & Pauly, "Sparse MRI", Magn. Reson. Med. 58 (2007) 1182-1195 (PSF
 * side lobes as the incoherence of a sampling pattern); THEORY.md sections 4 and 7.
 *
 * @example
 * import { trajectoryPsf } from './psf-nonuniform.ts';
 * import { radialTrajectory } from '../linops/trajectories.ts';
 * const c = radialTrajectory(16, 128);                 // 16 spokes: strongly undersampled
 * trajectoryPsf([64, 64], c).sideLobe;                  // 0.43 at shift [1, 0]: the main lobe's flank
 * trajectoryPsf([64, 64], c, { excludeRadius: 4 }).sideLobe;  // 0.092 at [12, 0]: the streaks
 */
import { CandorError, checkNumber, describe } from '../core/errors.ts';
import { type NufftOptions, nufftPlan } from '../linops/nufft-plan.ts';
import { checkWeights, differenceKernel } from '../linops/nufft-toeplitz.ts';

/** Options of {@link trajectoryPsf}: the NUFFT options, sample weights and an excluded centre. */
export interface TrajectoryPsfOptions extends NufftOptions {
  /** Real sample weights (length M, e.g. density compensation); default 1. */
  weights?: ArrayLike<number>;
  /** Ignore differences with |d| <= excludeRadius pixels besides d = 0 (default 0). */
  excludeRadius?: number;
}

/**
 * The PSF of a non-Cartesian trajectory, A^H W A e_c on the image grid normalised to 1 at the
 * centre ({@link trajectoryPsf}), its side lobe and the coherence over all pixel differences.
 */
export interface TrajectoryPsf {
  /** Normalised PSF on the image grid, complex interleaved, row-major; psf at the centre c = 1. */
  psf: Float64Array;
  shape: number[];
  samples: number;
  /** K(0) = sum_j w_j / N: the unnormalised peak of A^H W A e_c. */
  peak: number;
  /** max |psf(k)| over the image grid outside the excluded centre. */
  sideLobe: number;
  /** Where: the shift k - c, one entry per axis. */
  sideLobeShift: number[];
  /** max |K(d)| / K(0) over all pixel differences outside the excluded centre. */
  coherence: number;
  coherenceShift: number[];
}

function signedIndex(i: number, L: number): number {
  return i > L / 2 ? i - L : i;
}

/** The PSF of a trajectory, its side-lobe level and the coherence of its NDFT (see the module comment). */
export function trajectoryPsf(shape: readonly number[], coords: ArrayLike<number>, opts: TrajectoryPsfOptions = {}): TrajectoryPsf {
  const where = 'trajectoryPsf';
  if (typeof opts !== 'object' || opts === null) throw new CandorError(where, 'options', 'an object { weights?, excludeRadius?, width?, oversampling? }', describe(opts));
  const r = checkNumber(where, 'options.excludeRadius', opts.excludeRadius ?? 0, 0);
  const plan = nufftPlan(shape, coords, { width: opts.width, oversampling: opts.oversampling });
  const w = checkWeights(where, opts.weights, plan.samples);
  const { values, size } = differenceKernel(plan, w);
  // the peak K(0) = sum_j w_j / N exactly (the NUFFT's value there carries its ~1e-6 error)
  let sw = 0;
  for (let j = 0; j < plan.samples; j++) sw += w ? w[j] : 1;
  const k0 = sw / plan.size;
  if (!(k0 > 0)) throw new CandorError(where, 'PSF peak sum_j w_j / N', 'a positive number (positive weights)', String(k0), 'numerical');
  const d = plan.dims;
  const s = [...plan.shape];
  const L = size;
  const r2 = r * r;
  // coherence over every difference (the whole embedded grid; unused entries are zero)
  let best = 0;
  let at = [0, 0, 0];
  const [L0, L1 = 1, L2 = 1] = L;
  for (let a = 0; a < L0; a++) {
    const da = signedIndex(a, L0);
    for (let b = 0; b < L1; b++) {
      const db = d > 1 ? signedIndex(b, L1) : 0;
      for (let c = 0; c < L2; c++) {
        const dc = d > 2 ? signedIndex(c, L2) : 0;
        if (da * da + db * db + dc * dc <= r2) continue;
        const i = 2 * ((a * L1 + b) * L2 + c);
        const v = values[i] * values[i] + values[i + 1] * values[i + 1];
        if (v > best) {
          best = v;
          at = [da, db, dc];
        }
      }
    }
  }
  // PSF on the image grid: psf(k) = K(k - c) / K(0)
  const [n0, n1 = 1, n2 = 1] = s;
  const cen = s.map((n) => Math.floor(n / 2));
  const psf = new Float64Array(2 * plan.size);
  let side = 0;
  let sideAt = [0, 0, 0];
  let o = 0;
  for (let a = 0; a < n0; a++) {
    const da = a - cen[0];
    const ia = ((da % L0) + L0) % L0;
    for (let b = 0; b < n1; b++) {
      const db = d > 1 ? b - cen[1] : 0;
      const ib = d > 1 ? ((db % L1) + L1) % L1 : 0;
      for (let c = 0; c < n2; c++, o += 2) {
        const dc = d > 2 ? c - cen[2] : 0;
        const ic = d > 2 ? ((dc % L2) + L2) % L2 : 0;
        const i = 2 * ((ia * L1 + ib) * L2 + ic);
        psf[o] = values[i] / k0;
        psf[o + 1] = values[i + 1] / k0;
        if (da * da + db * db + dc * dc <= r2) continue;
        const v = psf[o] * psf[o] + psf[o + 1] * psf[o + 1];
        if (v > side) {
          side = v;
          sideAt = [da, db, dc];
        }
      }
    }
  }
  return {
    psf,
    shape: s,
    samples: plan.samples,
    peak: k0,
    sideLobe: Math.sqrt(side),
    sideLobeShift: sideAt.slice(0, d),
    coherence: Math.sqrt(best) / k0,
    coherenceShift: at.slice(0, d),
  };
}
