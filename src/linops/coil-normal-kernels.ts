/**
 * Team kernels (../core/parallel/team.ts) of the Cartesian multi-coil normal operator
 *
 *     A^H A x = sum_c conj(S_c) F^H K F (S_c x)
 *
 * (SENSE, Pruessmann et al. 1999: S_c the coil maps, F the unitary 2-D DFT, K the 0/1 sampling
 * mask), everything in FFT order (the centring shifts folded into the maps and the mask, as
 * ../apps/mri/sense.ts does). The coils are split among the team's parts: part p sums its coils
 * c in partRange(nc, p, P), in coil order, into its own accumulator; `coils.combine` then adds
 * the P accumulators in part order. So the result depends on P only, never on the thread count.
 *
 * - `coils.permute` arrays [x, xp], scalars [ny, nx, sy, sx]: xp <- x rolled by (sy, sx) over the
 *   part's rows (into FFT order: (sy, sx) = (ny - floor(ny/2), nx - floor(nx/2)), ifftshift).
 * - `coils.normal` arrays [xp, S, keep, acc, u], scalars [ny, nx, nc, id]: acc (P blocks of 2 ny nx)
 *   block p <- sum over the part's coils of conj(S_c) F^-1 keep F (S_c xp), u (P blocks) scratch,
 *   keep -1 (all bits set: the resident pass's SIMD mask) where sampled and 0 elsewhere.
 *   The FFTs are unnormalised (fft2Plan), so the block holds n times the unitary result. `id`
 *   names the operator whose S and keep these are (positive, never reused in a process: see
 *   ./coil-normal-resident.ts, which keeps them in the FFT's WebAssembly memory and runs the whole
 *   pass there, bit for bit the JavaScript loops below), 0 for the JavaScript loops only.
 * - `coils.adjoint` arrays [y, S, idx, acc, u], scalars [ny, nx, nc, id]: acc block p <- sum over
 *   the part's coils of conj(S_c) F^-1 (coil c's samples y_c placed at the FFT-order indices idx);
 *   `id` as for `coils.normal` (its resident path uploads the maps the normal then uses).
 * - `coils.combine` arrays [acc, out], scalars [scale, parts, ny, nx, sy, sx]: out <- scale sum_p
 *   acc_p rolled back by (sy, sx) (the sums in part order), over the part's rows.
 *
 * @example
 * import './coil-normal-kernels.ts';
 * // const [sy, sx] = [ny - (ny >> 1), nx - (nx >> 1)];
 * // team.run('coils.permute', [x, xp], ny, nx, sy, sx); team.run('coils.normal', [xp, S, keep, acc, u], ny, nx, nc, 0);
 * // team.run('coils.combine', [acc, out], 1 / (ny * nx), team.parts, ny, nx, sy, sx);
 */
import { fft2Plan } from '../core/fft/fft2.ts';
import { type KernelArgs, partRange, registerKernel } from '../core/parallel/team.ts';
import { residentAdjoint, residentNormal } from './coil-normal-resident.ts';

/** u[ub ..] <- S_c x for the coil whose map starts at S[o] (n complex pixels). */
export function weightCoil(S: Float64Array, o: number, x: Float64Array, u: Float64Array, ub: number, n: number): void {
  for (let i = 0; i < 2 * n; i += 2) {
    const sr = S[o + i];
    const si = S[o + i + 1];
    const a = x[i];
    const b = x[i + 1];
    u[ub + i] = sr * a - si * b;
    u[ub + i + 1] = sr * b + si * a;
  }
}

/** acc[ab ..] += conj(S_c) u[ub ..] for the coil whose map starts at S[o]. */
export function accumulateCoil(S: Float64Array, o: number, u: Float64Array, ub: number, acc: Float64Array, ab: number, n: number): void {
  for (let i = 0; i < 2 * n; i += 2) {
    const sr = S[o + i];
    const si = S[o + i + 1];
    const a = u[ub + i];
    const b = u[ub + i + 1];
    acc[ab + i] += sr * a + si * b;
    acc[ab + i + 1] += sr * b - si * a;
  }
}

/**
 * u[ub + 2i], u[ub + 2i + 1] <- 0 where keep[i] is 0. A function of its own (as weightCoil and
 * accumulateCoil): inside the kernel's body the loop ran unoptimised for the first iterations of
 * every CLI run (the kernel is called once per iteration, too few times for V8 to compile it early).
 */
export function zeroUnsampled(u: Float64Array, ub: number, keep: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    if (keep[i] === 0) {
      u[ub + 2 * i] = 0;
      u[ub + 2 * i + 1] = 0;
    }
  }
}

/**
 * Row r of an ny x nx image goes to row (r + sy) mod ny of FFT order, rolled by sx within the row:
 * its two runs [0, nx - sx) and [nx - sx, nx) land at sx and 0 (whole runs: native copies, no
 * per-pixel index array).
 */
registerKernel('coils.permute', ({ part, parts, arrays, s }) => {
  const x = arrays[0] as Float64Array;
  const xp = arrays[1] as Float64Array;
  const [ny, nx, sy, sx] = [s[0] | 0, s[1] | 0, s[2] | 0, s[3] | 0];
  const [lo, hi] = partRange(ny, part, parts);
  const head = 2 * (nx - sx);
  for (let r = lo; r < hi; r++) {
    const src = 2 * nx * r;
    const dst = 2 * nx * ((r + sy) % ny);
    xp.set(x.subarray(src, src + head), dst + 2 * sx);
    xp.set(x.subarray(src + head, src + 2 * nx), dst);
  }
});

/**
 * The part's share of a coil pass (arrays [_, S, _, acc, u], scalars [ny, nx, nc]): its accumulator
 * block zeroed, its coils [c0, c1), its scratch block of u at `base`, and the FFT plan.
 */
function coilPart({ part, parts, arrays, s }: KernelArgs) {
  const ny = s[0] | 0;
  const nx = s[1] | 0;
  const n = ny * nx;
  const base = 2 * n * part;
  const acc = arrays[3] as Float64Array;
  acc.fill(0, base, base + 2 * n);
  const [c0, c1] = partRange(s[2] | 0, part, parts);
  return { S: arrays[1] as Float64Array, acc, u: arrays[4] as Float64Array, n, base, c0, c1, plan: fft2Plan(ny, nx) };
}

registerKernel('coils.normal', (args) => {
  if (residentNormal(args)) return;
  const xp = args.arrays[0] as Float64Array;
  const keep = args.arrays[2] as Int32Array;
  const { S, acc, u, n, base, c0, c1, plan } = coilPart(args);
  for (let c = c0; c < c1; c++) {
    const o = 2 * n * c;
    weightCoil(S, o, xp, u, base, n);
    plan.exec(u, base, u, base, false);
    zeroUnsampled(u, base, keep, n);
    plan.exec(u, base, u, base, true);
    accumulateCoil(S, o, u, base, acc, base, n);
  }
});

registerKernel('coils.adjoint', (args) => {
  if (residentAdjoint(args)) return;
  const y = args.arrays[0] as Float64Array;
  const idx = args.arrays[2] as Int32Array;
  const { S, acc, u, n, base, c0, c1, plan } = coilPart(args);
  const m = idx.length;
  for (let c = c0; c < c1; c++) {
    u.fill(0, base, base + 2 * n);
    scatterSamples(y, 2 * m * c, idx, u, base);
    plan.exec(u, base, u, base, true);
    accumulateCoil(S, 2 * n * c, u, base, acc, base, n);
  }
});

/** u[ub + 2 idx_j ..] <- y[yo + 2j ..]: one coil's samples into its zero-filled k-space. */
export function scatterSamples(y: Float64Array, yo: number, idx: Int32Array, u: Float64Array, ub: number): void {
  for (let j = 0; j < idx.length; j++) {
    const t = ub + 2 * idx[j];
    u[t] = y[yo + 2 * j];
    u[t + 1] = y[yo + 2 * j + 1];
  }
}

/** out[o + i] <- scale sum_p acc[p n2 + t + i] for i < len (the part sums in part order). */
function combineRun(acc: Float64Array, t: number, out: Float64Array, o: number, len: number, n2: number, P: number, scale: number): void {
  for (let i = 0; i < len; i++) {
    let v = acc[t + i];
    for (let p = 1; p < P; p++) v += acc[p * n2 + t + i];
    out[o + i] = v * scale;
  }
}

/** The inverse roll of `coils.permute` (FFT order back to image order) of the parts' sum, scaled. */
registerKernel('coils.combine', ({ part, parts, arrays, s }) => {
  const acc = arrays[0] as Float64Array;
  const out = arrays[1] as Float64Array;
  const scale = s[0];
  const P = s[1] | 0;
  const [ny, nx, sy, sx] = [s[2] | 0, s[3] | 0, s[4] | 0, s[5] | 0];
  const n2 = 2 * ny * nx;
  const [lo, hi] = partRange(ny, part, parts);
  const head = 2 * (nx - sx);
  for (let r = lo; r < hi; r++) {
    const o = 2 * nx * r;
    const t = 2 * nx * ((r + sy) % ny);
    combineRun(acc, t + 2 * sx, out, o, head, n2, P, scale);
    combineRun(acc, t, out, o + head, 2 * sx, n2, P, scale);
  }
});
