/**
 * The analytic SENSE g-factor map of regular Cartesian undersampling (Pruessmann, Weiger,
 * Scheidegger & Boesiger, "SENSE: sensitivity encoding for fast MRI", MRM 42 (1999) 952, eq. 13,
 * with the identity noise covariance, i.e. white noise equal in every coil or after whitening):
 *
 *   SNR_R(r) = SNR_full(r) / (g(r) sqrt(R)),   g_k = sqrt( [(E^H E)^{-1}]_kk [E^H E]_kk ) >= 1,
 *
 * where keeping every ry-th row and every rx-th column folds the R = ry rx pixels
 * r_k = (y + i ny/ry, x + j nx/rx) onto each other, and E (nc x R) holds the sensitivities there,
 * E[c][k] = S_c(r_k). Pixels outside the maps' support (every coil zero, as ESPIRiT's crop leaves
 * them) are left out of E (the unfolding knows they are empty) and get g = 0. The centring of
 * the DFT and which lines are kept only multiply E's columns by unit phases, which leave g
 * unchanged. A fully sampled centre (ACS lines) lowers the noise below this map: it is then an
 * upper estimate; for Poisson-disc or random sampling the pseudo-replica method is the estimate
 * (not implemented here).
 *
 * Cost: per fold set an R x R Gram matrix (O(nc R^2)) and its inverse by Gauss-Jordan (O(R^3)),
 * ny nx / R sets.
 *
 * @example
 * import { gFactorCartesian } from './gfactor.ts';
 * // maps: CoilArray (e.g. ESPIRiT), rows kept every 2nd line:
 * // const g = gFactorCartesian(maps, 2);   g: Float64Array ny nx (1 where no folding hurts, 0 outside)
 */
import { CandorError, checkInt } from '../../core/errors.ts';
import type { CoilArray } from './coils/types.ts';

/**
 * Throws unless ry and rx are integer reductions that divide a ny x nx image: callers check
 * before the work that makes the maps (ESPIRiT), not after it.
 */
export function checkReduction(ny: number, nx: number, ry: number, rx: number, where = 'gFactorCartesian'): void {
  checkInt(where, 'rows reduction ry', ry, 1, ny);
  checkInt(where, 'columns reduction rx', rx, 1, nx);
  if (ny % ry !== 0 || nx % rx !== 0) {
    throw new CandorError(where, 'reduction', `factors that divide the image (${ny} rows, ${nx} columns)`, `ry ${ry}, rx ${rx}`);
  }
}

/** g(r) per pixel (real ny nx) for undersampling by ry along the rows and rx along the columns. */
export function gFactorCartesian(maps: CoilArray, ry: number, rx = 1, where = 'gFactorCartesian'): Float64Array {
  const { ny, nx, nc, data } = maps;
  checkReduction(ny, nx, ry, rx, where);
  if (!(data instanceof Float64Array) || data.length !== 2 * ny * nx * nc) {
    throw new CandorError(where, 'coil maps', `${2 * ny * nx * nc} values (${nc} complex ${ny}x${nx} maps)`, `${(data as { length?: number })?.length} values`);
  }
  const n = ny * nx;
  const R = ry * rx;
  const fy = ny / ry;
  const fx = nx / rx;
  const g = new Float64Array(n);
  const pix = new Int32Array(R);
  const G = new Float64Array(2 * R * R); // Gram matrix E^H E (complex, row-major)
  const W = new Float64Array(4 * R * R); // [G | I] for Gauss-Jordan
  for (let y = 0; y < fy; y++) {
    for (let x = 0; x < fx; x++) {
      // the fold set, without the pixels outside the support
      let k = 0;
      for (let i = 0; i < ry; i++) {
        for (let j = 0; j < rx; j++) {
          const p = (y + i * fy) * nx + (x + j * fx);
          let any = false;
          for (let c = 0; c < nc && !any; c++) any = data[2 * (c * n + p)] !== 0 || data[2 * (c * n + p) + 1] !== 0;
          if (any) pix[k++] = p;
        }
      }
      if (k === 0) continue;
      if (k === 1) {
        g[pix[0]] = 1;
        continue;
      }
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          let re = 0;
          let im = 0;
          for (let c = 0; c < nc; c++) {
            const pa = 2 * (c * n + pix[a]);
            const pb = 2 * (c * n + pix[b]);
            // conj(S_c(r_a)) S_c(r_b)
            re += data[pa] * data[pb] + data[pa + 1] * data[pb + 1];
            im += data[pa] * data[pb + 1] - data[pa + 1] * data[pb];
          }
          G[2 * (a * k + b)] = re;
          G[2 * (a * k + b) + 1] = im;
        }
      }
      if (!invertInPlace(G, W, k)) {
        // E^H E singular: the coils cannot unfold this set (g infinite)
        for (let a = 0; a < k; a++) g[pix[a]] = Number.POSITIVE_INFINITY;
        continue;
      }
      for (let a = 0; a < k; a++) {
        const inv = W[2 * (a * 2 * k + k + a)];
        const gram = G[2 * (a * k + a)];
        g[pix[a]] = Math.sqrt(Math.max(inv * gram, 0));
      }
    }
  }
  return g;
}

/**
 * Gauss-Jordan with partial pivoting on W = [G | I] (k x 2k complex, row-major); on return the
 * right half of W is G^{-1} (G itself is left unchanged). False when a pivot vanishes (relative to
 * the largest diagonal entry).
 */
function invertInPlace(G: Float64Array, W: Float64Array, k: number): boolean {
  const w = 2 * k;
  let scale = 0;
  for (let a = 0; a < k; a++) {
    scale = Math.max(scale, Math.abs(G[2 * (a * k + a)]));
    for (let b = 0; b < w; b++) {
      const o = 2 * (a * w + b);
      if (b < k) {
        W[o] = G[2 * (a * k + b)];
        W[o + 1] = G[2 * (a * k + b) + 1];
      } else {
        W[o] = b - k === a ? 1 : 0;
        W[o + 1] = 0;
      }
    }
  }
  for (let col = 0; col < k; col++) {
    let piv = col;
    let best = 0;
    for (let r = col; r < k; r++) {
      const m = Math.hypot(W[2 * (r * w + col)], W[2 * (r * w + col) + 1]);
      if (m > best) {
        best = m;
        piv = r;
      }
    }
    if (!(best > 1e-13 * scale)) return false;
    if (piv !== col) {
      for (let b = 0; b < 2 * w; b++) {
        const t = W[2 * piv * w + b];
        W[2 * piv * w + b] = W[2 * col * w + b];
        W[2 * col * w + b] = t;
      }
    }
    // row col /= pivot
    const pr = W[2 * (col * w + col)];
    const pi = W[2 * (col * w + col) + 1];
    const d = pr * pr + pi * pi;
    const ir = pr / d;
    const ii = -pi / d;
    for (let b = 0; b < w; b++) {
      const o = 2 * (col * w + b);
      const re = W[o] * ir - W[o + 1] * ii;
      W[o + 1] = W[o] * ii + W[o + 1] * ir;
      W[o] = re;
    }
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const fr = W[2 * (r * w + col)];
      const fi = W[2 * (r * w + col) + 1];
      if (fr === 0 && fi === 0) continue;
      for (let b = 0; b < w; b++) {
        const o = 2 * (r * w + b);
        const s = 2 * (col * w + b);
        W[o] -= fr * W[s] - fi * W[s + 1];
        W[o + 1] -= fr * W[s + 1] + fi * W[s];
      }
    }
  }
  return true;
}
