/**
 * The Gram matrix of ESPIRiT's calibration matrix (./espirit.ts, step 1; ./noise.ts): every
 * k x k window q of the fully sampled centre, all coils, is one patch a_q of length N = nc k^2
 * (index (c, p), p = (py, px) a position in the window), and
 *
 *     G[(c, p), (c', p')] = sum_q a_q[(c, p)] conj(a_q[(c', p')])
 *                         = sum_{r in p + Q} x_c(r) conj(x_c'(r - d)),   d = p - p',
 *
 * with Q = [0, sy - k] x [0, sx - k] the windows' corners. The entry depends on the lag d only
 * through the product image P_cc'd(r) = x_c(r) conj(x_c'(r - d)), summed over a box of Q's size
 * at p. So per coil pair and lag: the product image once and its 2-D prefix sums, then every entry
 * of that lag ((k - |dy|)(k - |dx|) of them) as a four-term box sum. The direct sum over windows
 * costs (sy - k + 1)(sx - k + 1) complex multiply-adds per entry (361 for BART's 24 x 24 centre
 * and k = 6); this costs about 3 x sy sx / ((k - |dy|)(k - |dx|)) complex operations per entry
 * (about 110 on average there): 49 ms became about 12 ms for 8 coils. The box sums difference
 * prefix sums whose size is the whole region's: their rounding is eps times the region's energy,
 * the scale of the eigen-solver's own backward error on G.
 *
 * @example
 * import { patchGram } from './patch-gram.ts';
 * // cal: { sy: 24, sx: 24, nc: 8, data } (coil-major complex); G: 288 x 288 complex, row-major
 * // const G = patchGram(cal, 6);
 */

/** Gram matrix sum_q a_q a_q^H of the k x k patches of the region (N x N, row-major complex; see the file comment). */
export function patchGram(
  cal: { sy: number; sx: number; nc: number; data: Float64Array },
  k: number,
): Float64Array {
  const { sy, sx, nc, data } = cal;
  const kk = k * k;
  const N = nc * kk;
  const G = new Float64Array(2 * N * N);
  const Qy = sy - k + 1;
  const Qx = sx - k + 1;
  if (Qy < 1 || Qx < 1) return G;
  const area = sy * sx;
  const W = sx + 1;
  // prefix sums S[(y + 1) W + x + 1] = sum of P over [0, y] x [0, x]; row 0 and column 0 stay 0
  const S = new Float64Array(2 * (sy + 1) * W);
  for (let c = 0; c < nc; c++) {
    const oc = 2 * c * area;
    for (let c2 = 0; c2 <= c; c2++) {
      const oc2 = 2 * c2 * area;
      for (let dy = 1 - k; dy < k; dy++) {
        for (let dx = 1 - k; dx < k; dx++) {
          // lower triangle only: for c = c' the entries with p after p' in the window's order
          if (c === c2 && (dy < 0 || (dy === 0 && dx < 0))) continue;
          lagPrefix(data, oc, oc2, sy, sx, dy, dx, S);
          for (let py = Math.max(0, dy); py < Math.min(k, k + dy); py++) {
            for (let px = Math.max(0, dx); px < Math.min(k, k + dx); px++) {
              const i = c * kk + py * k + px;
              const j = c2 * kk + (py - dy) * k + (px - dx);
              const t1 = 2 * ((py + Qy) * W + px + Qx);
              const t2 = 2 * (py * W + px + Qx);
              const t3 = 2 * ((py + Qy) * W + px);
              const t4 = 2 * (py * W + px);
              const o = 2 * (i * N + j);
              G[o] = S[t1] - S[t2] - S[t3] + S[t4];
              G[o + 1] = S[t1 + 1] - S[t2 + 1] - S[t3 + 1] + S[t4 + 1];
            }
          }
        }
      }
    }
  }
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < i; j++) {
      G[2 * (j * N + i)] = G[2 * (i * N + j)];
      G[2 * (j * N + i) + 1] = -G[2 * (i * N + j) + 1];
    }
  }
  return G;
}

/**
 * S <- the 2-D prefix sums (row 0 and column 0 zero, row stride sx + 1) of the product image
 * P(y, x) = x_c(y, x) conj(x_c'(y - dy, x - dx)) (zero where (y - dy, x - dx) is outside the
 * region); x_c, x_c' at complex offsets oc / 2, oc2 / 2 of `data`. A small function of its own,
 * so V8 optimises it after a few lags instead of compiling the whole Gram loop on the stack.
 */
function lagPrefix(
  data: Float64Array,
  oc: number,
  oc2: number,
  sy: number,
  sx: number,
  dy: number,
  dx: number,
  S: Float64Array,
): void {
  const W = sx + 1;
  const y0 = Math.max(0, dy);
  const y1 = Math.min(sy, sy + dy);
  const x0 = Math.max(0, dx);
  const x1 = Math.min(sx, sx + dx);
  for (let y = 0; y < sy; y++) {
    const so = 2 * ((y + 1) * W + 1);
    const above = so - 2 * W;
    if (y < y0 || y >= y1) {
      // no product on this row: the prefix of the rows above
      S.copyWithin(so, above, above + 2 * sx);
      continue;
    }
    S.copyWithin(so, above, above + 2 * x0);
    let rr = 0;
    let ri = 0;
    const a0 = oc + 2 * y * sx;
    const b0 = oc2 + 2 * ((y - dy) * sx - dx);
    for (let x = x0; x < x1; x++) {
      const ar = data[a0 + 2 * x];
      const ai = data[a0 + 2 * x + 1];
      const br = data[b0 + 2 * x];
      const bi = data[b0 + 2 * x + 1];
      rr += ar * br + ai * bi;
      ri += ai * br - ar * bi;
      // running sum of this row plus the prefix of the rows above
      S[so + 2 * x] = rr + S[above + 2 * x];
      S[so + 2 * x + 1] = ri + S[above + 2 * x + 1];
    }
    for (let x = x1; x < sx; x++) {
      S[so + 2 * x] = rr + S[above + 2 * x];
      S[so + 2 * x + 1] = ri + S[above + 2 * x + 1];
    }
  }
}
