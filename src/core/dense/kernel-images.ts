/**
 * ESPIRiT's kernel images (Uecker et al., MRM 71 (2014) 990; ../../apps/mri/coils/espirit.ts,
 * step 2), row by row: from the calibration matrix's kept right singular vectors u_1 .. u_r (each
 * of length N = nc k^2, index (c, p) with p a position of the k x k kernel), for every coil pair
 * c >= c'
 *
 *     K_cc'(d) = (1/k^2) sum_{p - p' = d} sum_i u_i[(c, p)] conj(u_i[(c', p')]),  |d| < k per axis,
 *
 * and G(r)_cc' = sqrt(ny nx) F_c^H (K_cc' placed at the image centre + d), the pointwise nc x nc
 * matrix whose top eigenvectors are the maps (F_c the centred unitary DFT). K has (2k-1)^2
 * non-zeros, so the inverse DFT is a short separable sum, evaluated directly:
 *
 *     G(y, x)_cc' = sum_dy e^{2 pi i dy (y - hy) / ny} H_cc'(dy, x),
 *     H_cc'(dy, x) = sum_dx K_cc'(dy, dx) e^{2 pi i dx (x - hx) / nx},   hy = floor(ny/2), hx = floor(nx/2)
 *
 * (the centred DFT of ../fft/centered.ts, exactly). `kernelSpectra` computes H (npairs x (2k-1)
 * x nx complex values: 36 x 11 x 256 for 8 coils, k = 6, 1.6 MB); `kernelImageRowPair` then gives
 * one image row of every pair and its mirror row (conjugate twiddles) in 11 complex multiply-adds
 * per two values, where the 2-D FFT of each pair (what BART does, after a sinc zero-pad) costs
 * about 40 per value and stores all npairs ny nx values (36 MB at 256 x 256): the per-pixel
 * eigen-solver (./pixel-eig.ts) asks for rows as it goes and nothing image-sized is kept. Pairs
 * are independent (`lo`, `hi`).
 *
 * @example
 * import { kernelSpectra, kernelImageRowPair, mirrorSlots, slotRows, twiddles } from './kernel-images.ts';
 * // const H = new Float64Array(2 * npairs * (2 * k - 1) * nx);
 * // kernelSpectra(U, r, nc, k, nx, H, 0, npairs);
 * // const ey = twiddles(k, ny);
 * // const [y, y2] = slotRows(s, ny);                        // s < mirrorSlots(ny)
 * // kernelImageRowPair(H, ey, npairs, k, ny, nx, y, row, row2);  // rows y, y2: npairs x nx complex each
 */

/**
 * The (2k-1) x n table e^{2 pi i d (j - floor(n/2)) / n}, d = -(k-1) .. k-1 (row d + k - 1),
 * complex interleaved: the exponent's integer d (j - h) is reduced mod n before the angle.
 */
export function twiddles(k: number, n: number): Float64Array {
  const Dk = 2 * k - 1;
  const h = n >> 1;
  const t = new Float64Array(2 * Dk * n);
  for (let a = 0; a < Dk; a++) {
    const d = a - (k - 1);
    for (let j = 0; j < n; j++) {
      const e = (((d * (j - h)) % n) + n) % n;
      const ang = (2 * Math.PI * e) / n;
      t[2 * (a * n + j)] = Math.cos(ang);
      t[2 * (a * n + j) + 1] = Math.sin(ang);
    }
  }
  return t;
}

/**
 * K_cc'(d) of one pair into K ((2k-1)^2 complex, row dy), from the r kept vectors U (a function
 * of its own per pair, so that V8 optimises it after the first calls).
 */
function pairKernel(Ut: Float64Array, r: number, k: number, c: number, c2: number, K: Float64Array): void {
  const Dk = 2 * k - 1;
  const inv = 1 / (k * k);
  K.fill(0);
  for (let p = 0; p < k * k; p++) {
    const i = c * k * k + p;
    const py = (p / k) | 0;
    const px = p % k;
    for (let q = 0; q < k * k; q++) {
      const j = c2 * k * k + q;
      const qy = (q / k) | 0;
      const qx = q % k;
      const o = 2 * ((py - qy + k - 1) * Dk + (px - qx + k - 1));
      addInner(Ut, 2 * i * r, 2 * j * r, r, inv, K, o);
    }
  }
}

/** K[o] += inv sum_t a_t conj(b_t), a and b the r complex values of Ut at ia and ib. */
function addInner(Ut: Float64Array, ia: number, ib: number, r: number, inv: number, K: Float64Array, o: number): void {
  let sr = 0;
  let si = 0;
  for (let t = 0; t < 2 * r; t += 2) {
    const ur = Ut[ia + t];
    const ui = Ut[ia + t + 1];
    const vr = Ut[ib + t];
    const vi = Ut[ib + t + 1];
    sr += ur * vr + ui * vi;
    si += ui * vr - ur * vi;
  }
  K[o] += sr * inv;
  K[o + 1] += si * inv;
}

/** H_cc'(dy, x) of pairs [lo, hi) into H (pair q at 2 q (2k-1) nx; see the file comment). */
export function kernelSpectra(U: Float64Array, r: number, nc: number, k: number, nx: number, H: Float64Array, lo: number, hi: number): void {
  const N = nc * k * k;
  const Dk = 2 * k - 1;
  const K = new Float64Array(2 * Dk * Dk);
  const ex = twiddles(k, nx);
  // U transposed (N x r): the r values of one kernel entry contiguous for pairKernel's sums
  const Ut = new Float64Array(2 * N * r);
  for (let t = 0; t < r; t++) {
    for (let i = 0; i < N; i++) {
      Ut[2 * (i * r + t)] = U[2 * (t * N + i)];
      Ut[2 * (i * r + t) + 1] = U[2 * (t * N + i) + 1];
    }
  }
  let pair = 0;
  for (let c = 0; c < nc; c++) {
    for (let c2 = 0; c2 <= c; c2++, pair++) {
      if (pair < lo || pair >= hi) continue;
      pairKernel(Ut, r, k, c, c2, K);
      const base = 2 * pair * Dk * nx;
      for (let dy = 0; dy < Dk; dy++) spectrumRow(K, ex, Dk, nx, dy, H, base + 2 * dy * nx);
    }
  }
}

/** H[row ..] <- sum_dx K(dy, dx) e^{2 pi i dx (x - hx) / nx} for x = 0 .. nx - 1 (one row of H). */
function spectrumRow(K: Float64Array, ex: Float64Array, Dk: number, nx: number, dy: number, H: Float64Array, row: number): void {
  for (let x = 0; x < nx; x++) {
    let sr = 0;
    let si = 0;
    for (let dx = 0; dx < Dk; dx++) {
      const kr = K[2 * (dy * Dk + dx)];
      const ki = K[2 * (dy * Dk + dx) + 1];
      const er = ex[2 * (dx * nx + x)];
      const ei = ex[2 * (dx * nx + x) + 1];
      sr += kr * er - ki * ei;
      si += kr * ei + ki * er;
    }
    H[row + 2 * x] = sr;
    H[row + 2 * x + 1] = si;
  }
}

/** Rows y and its mirror of the row slot s (see {@link mirrorSlots}): [y, y2], y2 = y for a lone row. */
export function slotRows(s: number, ny: number): [number, number] {
  return [s, (2 * (ny >> 1) - s + ny) % ny];
}

/**
 * The number of row slots of an ny-row image: slot s holds row s and its mirror
 * y2 = (2 floor(ny/2) - s) mod ny, whose twiddles are the conjugates of row s's
 * (e^{2 pi i d (y2 - h) / ny} = conj e^{2 pi i d (s - h) / ny}), so that
 * {@link kernelImageRowPair} makes both rows for the cost of one. Every row is in exactly one
 * slot; rows 0 and floor(ny/2) (even ny) or floor(ny/2) (odd ny) are alone in theirs.
 */
export function mirrorSlots(ny: number): number {
  return (ny >> 1) + 1;
}

/**
 * Rows y and y2 = mirror of y (slot y, {@link mirrorSlots}) of every pair's kernel image, into
 * `row` and `row2` (pair q's nx values at 2 q nx): with a = Re H, b = Im H and w = e^{2 pi i d (y - h)/ny},
 * row y is sum (a Re w - b Im w) + i (a Im w + b Re w) and row y2 (conj w) is
 * sum (a Re w + b Im w) + i (b Re w - a Im w): the four products once for both.
 */
export function kernelImageRowPair(H: Float64Array, ey: Float64Array, npairs: number, k: number, ny: number, nx: number, y: number, row: Float64Array, row2: Float64Array): void {
  const Dk = 2 * k - 1;
  const w = new Float64Array(2 * Dk); // this row's twiddles (one small array per row pair)
  for (let dy = 0; dy < Dk; dy++) {
    w[2 * dy] = ey[2 * (dy * ny + y)];
    w[2 * dy + 1] = ey[2 * (dy * ny + y) + 1];
  }
  const stride = 2 * nx;
  for (let q = 0; q < npairs; q++) {
    const o = 2 * q * nx;
    const h0 = 2 * q * Dk * nx;
    for (let x = 0; x < 2 * nx; x += 2) {
      let ac = 0;
      let bs = 0;
      let as = 0;
      let bc = 0;
      for (let dy = 0, h = h0 + x; dy < Dk; dy++, h += stride) {
        const a = H[h];
        const b = H[h + 1];
        const c = w[2 * dy];
        const sn = w[2 * dy + 1];
        ac += a * c;
        bs += b * sn;
        as += a * sn;
        bc += b * c;
      }
      row[o + x] = ac - bs;
      row[o + x + 1] = as + bc;
      row2[o + x] = ac + bs;
      row2[o + x + 1] = bc - as;
    }
  }
}
