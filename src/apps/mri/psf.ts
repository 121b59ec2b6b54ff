/**
 * Incoherence of a k-space mask, from the theory layer's fast routes (../../predict/psf.ts and
 * ../../predict/tpsf.ts; Lustig, Donoho & Pauly 2007, "Sparse MRI", sec. 3.1):
 *
 * - **PSF side lobes**: the zero-filled image of a point, PSF = F_c^H M F_c e_c, normalised to
 *   peak 1; the side-lobe level max_{d != 0} |PSF(d)| (0 for full sampling; large values mean
 *   coherent aliasing). Equal to the mutual coherence of the partial DFT.
 * - **TPSF coherence** with an orthonormal wavelet Psi (THEORY.md section 7): the Gram matrix of
 *   S F_c Psi^T, TPSF(i, j) = e_j^T Psi F_u^H F_u Psi^H e_i; reported as Lustig's side-lobe-to-peak
 *   ratio max_{i != j} |TPSF(i, j)| / TPSF(j, j) and as the mutual coherence (unit columns). Exact,
 *   in (3 levels + 1) FFT pairs: the rows of one atom per band contain every distinct entry.
 *
 * @example
 * import { maskReport } from './psf.ts';
 * const full = new Uint8Array(64).fill(1);
 * maskReport(full, 8, 8, { wavelet: 'haar' }).psfSideLobe; // 0 (a full mask gives a perfect point)
 */
import { maskPsf } from '../../predict/psf.ts';
import { fourierWaveletCoherence } from '../../predict/tpsf.ts';
import { checkMask, countSamples } from './masks/common.ts';

/**
 * Incoherence of a mask: acceleration, PSF side lobe (max off-peak |PSF| / peak) and where it lies,
 * and the TPSF side lobe and coherence in a wavelet.
 */
export interface MaskReport {
  samples: number;
  /** ny nx / samples. */
  acceleration: number;
  /** max off-peak |PSF| / peak. */
  psfSideLobe: number;
  /** Where the largest side lobe is, as a shift [dy, dx] from the peak. */
  psfSideLobeShift: number[];
  /** TPSF max off-diagonal / diagonal (Lustig's side-lobe-to-peak) with the wavelet. */
  tpsfSideLobe: number;
  /** Mutual coherence of S F_c Psi^T (unit columns). */
  coherence: number;
  wavelet: string;
  levels: number;
}

/** Acceleration, PSF side lobes and wavelet coherence of a centred mask. */
export function maskReport(mask: Uint8Array, ny: number, nx: number, opts: { wavelet?: string; levels?: number } = {}): MaskReport {
  const m = checkMask('maskReport', mask, ny, nx);
  const samples = countSamples(m);
  const p = maskPsf([ny, nx], m, { centered: true });
  const t = fourierWaveletCoherence([ny, nx], m, { centered: true, wavelet: opts.wavelet ?? 'db4', levels: opts.levels });
  return {
    samples,
    acceleration: (ny * nx) / samples,
    psfSideLobe: p.sideLobe,
    psfSideLobeShift: p.sideLobeShift,
    tpsfSideLobe: t.sidelobeToPeak,
    coherence: t.coherence,
    wavelet: t.wavelet,
    levels: t.levels,
  };
}
