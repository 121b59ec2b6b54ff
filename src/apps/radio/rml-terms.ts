/**
 * The regularisers of regularised-maximum-likelihood (RML) imaging, in eht-imaging's normalised
 * forms (`norm_reg=True`; Chael et al. 2016, ApJ 829, 11; 2018, ApJ 857, 23), each about 1 for a
 * typical image so that their weights are comparable. For an N x N image x >= 0 (Jy/pixel), the
 * total compact flux F, a prior image P and the nominal beam of b pixels:
 *
 *     mem  (maximum entropy, relative to P):  sum x log(x / P) / F          grad (log(x / P) + 1) / F
 *     tv   (total variation):                 sum sqrt(dx^2 + dy^2 + eps^2) b / F
 *     tv2  (total squared variation):         sum (dx^2 + dy^2) b^4 / F^2
 *     flux (total flux):                      ((sum x - F) / F)^2
 *
 * with forward differences dx = x[r, c+1] - x[r, c], dy = x[r+1, c] - x[r, c] and zero beyond the
 * image (as eht-imaging pads), eps = 1e-4 F / N^2 (a smoothing that keeps the gradient defined).
 * Each function adds weight x gradient into `grad` and returns its unweighted value.
 *
 * @example
 * import { memTerm } from './rml-terms.ts';
 * // const v = memTerm(x, prior, flux, grad, 100);   // grad += 100 d(mem)/dx
 */

/** Maximum entropy relative to the prior (see the file comment). */
export function memTerm(x: Float64Array, prior: Float64Array, flux: number, grad: Float64Array | null, weight: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const l = Math.log(x[i] / prior[i]);
    s += x[i] * l;
    if (grad) grad[i] += (weight * (l + 1)) / flux;
  }
  return s / flux;
}

/** Total variation, smoothed (see the file comment). */
export function tvTermSmooth(x: Float64Array, size: number, flux: number, beamPx: number, grad: Float64Array | null, weight: number): number {
  const eps2 = ((1e-4 * flux) / (size * size)) ** 2;
  const f = beamPx / flux;
  let s = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const k = r * size + c;
      const dx = (c < size - 1 ? x[k + 1] : 0) - x[k];
      const dy = (r < size - 1 ? x[k + size] : 0) - x[k];
      const m = Math.sqrt(dx * dx + dy * dy + eps2);
      s += m;
      if (grad) {
        const g = (weight * f) / m;
        grad[k] -= g * (dx + dy);
        if (c < size - 1) grad[k + 1] += g * dx;
        if (r < size - 1) grad[k + size] += g * dy;
      }
    }
  }
  return s * f;
}

/** Total squared variation (see the file comment). */
export function tv2Term(x: Float64Array, size: number, flux: number, beamPx: number, grad: Float64Array | null, weight: number): number {
  const f = beamPx ** 4 / (flux * flux);
  let s = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const k = r * size + c;
      const dx = (c < size - 1 ? x[k + 1] : 0) - x[k];
      const dy = (r < size - 1 ? x[k + size] : 0) - x[k];
      s += dx * dx + dy * dy;
      if (grad) {
        const g = 2 * weight * f;
        grad[k] -= g * (dx + dy);
        if (c < size - 1) grad[k + 1] += g * dx;
        if (r < size - 1) grad[k + size] += g * dy;
      }
    }
  }
  return s * f;
}

/** Total flux penalty (see the file comment). */
export function fluxTerm(x: Float64Array, flux: number, grad: Float64Array | null, weight: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const d = (s - flux) / flux;
  if (grad) {
    const g = (2 * weight * d) / flux;
    for (let i = 0; i < x.length; i++) grad[i] += g;
  }
  return d * d;
}

/** An N x N circular Gaussian of FWHM `fwhm` (radians) and total flux `flux`, centred at (N/2, N/2). */
export function gaussianImage(size: number, cell: number, fwhm: number, flux: number): Float64Array {
  const s2 = (fwhm / (2 * Math.sqrt(2 * Math.LN2))) ** 2;
  const out = new Float64Array(size * size);
  const h = size / 2;
  let t = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const d2 = ((r - h) ** 2 + (c - h) ** 2) * cell * cell;
      const v = Math.exp(-0.5 * (d2 / s2));
      out[r * size + c] = v;
      t += v;
    }
  }
  const floor = 1e-12;
  for (let i = 0; i < out.length; i++) out[i] = Math.max((out[i] * flux) / t, floor * flux);
  return out;
}
