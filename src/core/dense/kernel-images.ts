/**
 * ESPIRiT's kernel images (Uecker et al., MRM 71 (2014) 990; ../../apps/mri/coils/espirit.ts,
 * step 2): from the calibration matrix's kept right singular vectors u_1 .. u_r (each of length
 * N = nc k^2, index (c, p) with p a position of the k x k kernel), for every coil pair c >= c'
 *
 *     K_cc'(d) = (1/k^2) sum_{p - p' = d} sum_i u_i[(c, p)] conj(u_i[(c', p')]),  |d| < k per axis,
 *
 * placed at the image centre + d and taken to image space by the centred unitary inverse 2-D FFT
 * times sqrt(ny nx): G(r)_cc', the pointwise nc x nc matrix whose top eigenvectors are the maps.
 * Pairs are independent: `kernelImages` computes pairs [lo, hi) of the lower triangle (pair
 * (c, c') at index c(c+1)/2 + c', 2 ny nx doubles each in `g`), so a team can split them (kernel
 * `espirit.images`, arrays [U, g], scalars [ny, nx, nc, k, r]: U the r vectors one after the
 * other, 2N doubles each) with the same values on any thread count.
 *
 * @example
 * import { kernelImages } from './kernel-images.ts';
 * // kernelImages(U, r, nc, k, ny, nx, g, 0, nc * (nc + 1) / 2);   // every pair
 */
import { centeredFft2Plan } from '../fft/centered.ts';
import { partRange, registerKernel } from '../parallel/team.ts';

/** Computes the kernel images of pairs [lo, hi) into g (see the file comment). */
export function kernelImages(U: Float64Array, r: number, nc: number, k: number, ny: number, nx: number, g: Float64Array, lo: number, hi: number): void {
  const N = nc * k * k;
  const Dk = 2 * k - 1;
  const K = new Float64Array(2 * Dk * Dk);
  const inv = 1 / (k * k);
  const n = ny * nx;
  const fft = centeredFft2Plan(ny, nx);
  const cy = ny >> 1;
  const cx = nx >> 1;
  const sq = Math.sqrt(n);
  const z = new Float64Array(2 * n);
  const out = new Float64Array(2 * n);
  let pair = 0;
  for (let c = 0; c < nc; c++) {
    for (let c2 = 0; c2 <= c; c2++, pair++) {
      if (pair < lo || pair >= hi) continue;
      K.fill(0);
      for (let p = 0; p < k * k; p++) {
        const i = c * k * k + p;
        const py = (p / k) | 0;
        const px = p % k;
        for (let q = 0; q < k * k; q++) {
          const j = c2 * k * k + q;
          const qy = (q / k) | 0;
          const qx = q % k;
          let sr = 0;
          let si = 0;
          for (let t = 0; t < r; t++) {
            const o = 2 * N * t;
            const ur = U[o + 2 * i];
            const ui = U[o + 2 * i + 1];
            const vr = U[o + 2 * j];
            const vi = U[o + 2 * j + 1];
            sr += ur * vr + ui * vi;
            si += ui * vr - ur * vi;
          }
          const o = 2 * ((py - qy + k - 1) * Dk + (px - qx + k - 1));
          K[o] += sr * inv;
          K[o + 1] += si * inv;
        }
      }
      z.fill(0);
      for (let dy = 0; dy < Dk; dy++) {
        for (let dx = 0; dx < Dk; dx++) {
          const o = 2 * (dy * Dk + dx);
          const t = 2 * ((cy + dy - k + 1) * nx + cx + dx - k + 1);
          z[t] = K[o] * sq;
          z[t + 1] = K[o + 1] * sq;
        }
      }
      fft.exec(z, out, true);
      g.set(out, 2 * n * pair);
    }
  }
}

registerKernel('espirit.images', ({ part, parts, arrays, s }) => {
  const nc = s[2] | 0;
  const [lo, hi] = partRange((nc * (nc + 1)) / 2, part, parts);
  kernelImages(arrays[0] as Float64Array, s[4] | 0, nc, s[3] | 0, s[0] | 0, s[1] | 0, arrays[1] as Float64Array, lo, hi);
});
