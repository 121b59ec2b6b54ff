/**
 * The top eigenpair of a small Hermitian matrix at every pixel of an image (ESPIRiT's step 3,
 * ../../apps/mri/coils/espirit.ts): G(r) is nc x nc, given by its lower triangle as nc(nc+1)/2
 * kernel images (pair (c, c') with c >= c' at index c(c+1)/2 + c'), made two image rows at a
 * time from their spectra H: a row and its mirror, whose twiddles are conjugate, for the cost of
 * one (./kernel-images.ts: `kernelImageRowPair`, row slots `mirrorSlots`), so no image-sized
 * array of them is ever stored.
 *
 * Per pixel: pixels whose bound lambda_max <= ||G(r)||_F is at most `crop` are skipped (the
 * eigenvalue map holds the bound); the others run the power iteration
 * v <- G v / ||G v||, lambda = v^H G v, until ||G v - lambda v||^2 <= 1e-12 (1 + lambda)^2 or
 * `maxIter` steps (in WebAssembly SIMD where available, ./pixel-eig-wasm.ts, bit for bit), warm-started from the previous pixel of the same row (row starts from e_1:
 * so a row's result never depends on another row, and the row slots can be split among a
 * team's parts with the same result on any thread count). Vectors with lambda > crop are
 * rotated so that <rot, v> is real and positive (BART's phase rule) and stored coil-major in
 * `maps`; the others leave zeros.
 *
 * Kernel `eig.pixels` (../parallel/team.ts) arrays [H, ey, rot, maps, eigenvalues], scalars
 * [ny, nx, nc, k, crop, maxIter]: the part's row slots; its partial sum 0 counts the pixels kept.
 *
 * @example
 * import { pixelTopEigen } from './pixel-eig.ts';
 * // const kept = pixelTopEigen(H, twiddles(k, ny), rot, maps, eigenvalues, ny, nx, nc, k, 0.8, 30, 0, mirrorSlots(ny));
 */
import { CandorError } from '../errors.ts';
import { partRange, registerKernel } from '../parallel/team.ts';
import { kernelImageRowPair, mirrorSlots, slotRows } from './kernel-images.ts';
import { pixelEigKernel } from './pixel-eig-wasm.ts';

/** Runs the row slots [s0, s1) (every row of the image with slots [0, mirrorSlots(ny)); see the file comment); returns the number of pixels kept. */
export function pixelTopEigen(
  H: Float64Array,
  ey: Float64Array,
  rot: Float64Array,
  maps: Float64Array,
  eigenvalues: Float64Array,
  ny: number,
  nx: number,
  nc: number,
  k: number,
  crop: number,
  maxIter: number,
  s0: number,
  s1: number,
): number {
  const slots = mirrorSlots(ny);
  if (!Number.isInteger(s0) || !Number.isInteger(s1) || s0 < 0 || s1 < s0 || s1 > slots) {
    // the range is of row slots (a row and its mirror), not of rows: [0, ny) would do rows twice
    throw new CandorError('pixelTopEigen', 'row slots [s0, s1)', `integers with 0 <= s0 <= s1 <= ${slots} (mirrorSlots(${ny}))`, `[${s0}, ${s1})`);
  }
  for (const [name, v, lo] of [
    ['ny', ny, 1],
    ['nx', nx, 1],
    ['coils nc', nc, 1],
    ['kernel size k', k, 1],
  ] as const) {
    if (!Number.isInteger(v) || v < lo) throw new CandorError('pixelTopEigen', name, `an integer >= ${lo}`, String(v));
  }
  const npairs = (nc * (nc + 1)) / 2;
  const hLength = 2 * npairs * (2 * k - 1) * nx;
  if (H.length < hLength) {
    throw new CandorError('pixelTopEigen', 'spectra H', `${hLength} values (${npairs} coil pairs x ${2 * k - 1} x ${nx} complex)`, `${H.length}`);
  }
  // in WebAssembly SIMD when available (./pixel-eig-wasm.ts: identical results): the spectra
  // copied into its memory once, a slot's two kernel-image rows and the power iteration there
  const kernel = pixelEigKernel(nc, k, nx);
  kernel?.H.set(H.subarray(0, kernel.H.length));
  // one image row of every pair, contiguous: the pixels' matrices read from cache; a slot's two rows
  const rowBlock = kernel ? kernel.row : new Float64Array(2 * nx * npairs);
  const rowBlock2 = kernel ? kernel.row2 : new Float64Array(2 * nx * npairs);
  const scratch: Scratch = kernel ?? { M: new Float64Array(2 * nc * nc), v: new Float64Array(2 * nc), w: new Float64Array(2 * nc), power: null };
  let support = 0;
  for (let slot = s0; slot < s1; slot++) {
    const [y, y2] = slotRows(slot, ny);
    if (kernel) kernel.rows(ey, y, ny);
    else kernelImageRowPair(H, ey, npairs, k, ny, nx, y, rowBlock, rowBlock2);
    support += rowTopEigen(rowBlock, y, ny, nx, nc, crop, maxIter, rot, maps, eigenvalues, scratch);
    if (y2 !== y) support += rowTopEigen(rowBlock2, y2, ny, nx, nc, crop, maxIter, rot, maps, eigenvalues, scratch);
  }
  return support;
}

/** A pixel's matrix, its vector and scratch, and the WebAssembly power iteration on them (null: `powerTop`). */
interface Scratch {
  M: Float64Array;
  v: Float64Array;
  w: Float64Array;
  power: ((maxIter: number) => number) | null;
}

/** The pixels of image row `row` from its row block (power iteration warm-started along the row from e_1); returns the pixels kept. */
function rowTopEigen(
  rowBlock: Float64Array,
  row: number,
  ny: number,
  nx: number,
  nc: number,
  crop: number,
  maxIter: number,
  rot: Float64Array,
  maps: Float64Array,
  eigenvalues: Float64Array,
  scratch: Scratch,
): number {
  const { M, v, w } = scratch;
  const n = ny * nx;
  let support = 0;
  v.fill(0);
  v[0] = 1;
  for (let r = row * nx; r < (row + 1) * nx; r++) {
    const fro = Math.sqrt(pixelMatrix(rowBlock, nx, nc, r - row * nx, M));
    if (fro <= crop) {
      eigenvalues[r] = fro;
      continue;
    }
    const lambda = scratch.power === null ? powerTop(M, v, w, nc, maxIter) : scratch.power(maxIter);
    eigenvalues[r] = lambda;
    if (!(lambda > crop)) {
      // keep v as the warm start, leave the maps at zero; restart from a unit vector if v died
      if (!(lambda > 0)) {
        v.fill(0);
        v[0] = 1;
      }
      continue;
    }
    support++;
    storeRotated(v, rot, maps, nc, n, r);
  }
  return support;
}

// The per-pixel steps are small functions of their own: V8 optimises each after a few pixels,
// where one large loop nest waited for a long on-stack compile while the (cold) first run, which
// is every CLI run, crawled through it.

/** M <- G(r) (full Hermitian nc x nc) from pixel j of the row block; returns ||M||_F^2. */
function pixelMatrix(rowBlock: Float64Array, nx: number, nc: number, j: number, M: Float64Array): number {
  let fro = 0;
  for (let c = 0; c < nc; c++) {
    for (let c2 = 0; c2 <= c; c2++) {
      const o = 2 * (nx * ((c * (c + 1)) / 2 + c2) + j);
      const gr = rowBlock[o];
      const gi = rowBlock[o + 1];
      M[2 * (c * nc + c2)] = gr;
      M[2 * (c * nc + c2) + 1] = gi;
      M[2 * (c2 * nc + c)] = gr;
      M[2 * (c2 * nc + c) + 1] = -gi;
      fro += c === c2 ? gr * gr + gi * gi : 2 * (gr * gr + gi * gi);
    }
  }
  return fro;
}

/** Power iteration on M from the unit vector v (updated in place; w scratch); returns lambda (see the file comment). */
function powerTop(M: Float64Array, v: Float64Array, w: Float64Array, nc: number, maxIter: number): number {
  let lambda = 0;
  for (let it = 0; it < maxIter; it++) {
    let lr = 0;
    let nn = 0;
    for (let c = 0; c < nc; c++) {
      let sr = 0;
      let si = 0;
      const rowOff = 2 * c * nc;
      for (let c2 = 0; c2 < nc; c2++) {
        const mr = M[rowOff + 2 * c2];
        const mi = M[rowOff + 2 * c2 + 1];
        sr += mr * v[2 * c2] - mi * v[2 * c2 + 1];
        si += mr * v[2 * c2 + 1] + mi * v[2 * c2];
      }
      w[2 * c] = sr;
      w[2 * c + 1] = si;
      lr += v[2 * c] * sr + v[2 * c + 1] * si;
      nn += sr * sr + si * si;
    }
    lambda = lr;
    // residual ||G v - lambda v||^2 = ||w||^2 - lambda^2 for unit v
    const res2 = nn - lambda * lambda;
    const norm = Math.sqrt(nn);
    if (!(norm > 0)) return 0;
    for (let i = 0; i < 2 * nc; i++) v[i] = w[i] / norm;
    if (res2 <= 1e-12 * ((1 + lambda) * (1 + lambda))) break;
  }
  return lambda;
}

/** maps[:, r] <- v rotated so that <rot, v> is real and positive (coil-major, n pixels per coil). */
function storeRotated(v: Float64Array, rot: Float64Array, maps: Float64Array, nc: number, n: number, r: number): void {
  let tr = 0;
  let ti = 0;
  for (let c = 0; c < nc; c++) {
    // conj(rot_c) v_c
    tr += rot[2 * c] * v[2 * c] + rot[2 * c + 1] * v[2 * c + 1];
    ti += rot[2 * c] * v[2 * c + 1] - rot[2 * c + 1] * v[2 * c];
  }
  const ta = Math.hypot(tr, ti);
  const pr = ta > 0 ? tr / ta : 1;
  const pi = ta > 0 ? -ti / ta : 0;
  for (let c = 0; c < nc; c++) {
    const a = v[2 * c];
    const b = v[2 * c + 1];
    maps[2 * (c * n + r)] = a * pr - b * pi;
    maps[2 * (c * n + r) + 1] = a * pi + b * pr;
  }
}

registerKernel('eig.pixels', ({ part, parts, arrays, s, out, o }) => {
  const ny = s[0] | 0;
  const [s0, s1] = partRange(mirrorSlots(ny), part, parts);
  out[o] = pixelTopEigen(
    arrays[0] as Float64Array,
    arrays[1] as Float64Array,
    arrays[2] as Float64Array,
    arrays[3] as Float64Array,
    arrays[4] as Float64Array,
    ny,
    s[1] | 0,
    s[2] | 0,
    s[3] | 0,
    s[4],
    s[5] | 0,
    s0,
    s1,
  );
});
