/**
 * The part's share of the Cartesian multi-coil normal operator and adjoint (`coils.normal` and
 * `coils.adjoint` of ./coil-normal-kernels.ts) with everything resident in the FFT's WebAssembly
 * memory:
 *
 *     normal:  acc_p = sum_{c in part p} conj(S_c) F^-1 K F (S_c x)
 *     adjoint: acc_p = sum_{c in part p} conj(S_c) F^-1 (y_c placed at its samples' indices)
 *
 * per coil: `cweight` (S_c x) or `cscatter` (the samples on the grid), the 2-D FFT's stages,
 * `cand` (the mask K), the inverse stages and `caccum` (conj(S_c) u added), all in SIMD; inside
 * the coil loop only the adjoint's samples cross from JavaScript memory. The same operations in
 * the same order as the JavaScript loops (weightCoil, zeroUnsampled, scatterSamples,
 * accumulateCoil and Fft2Plan.exec), so the results are identical bit for bit (tested): only the
 * time differs. Measured on BART's 8-coil 256 x 256 phantom (two threads, Dec 2026): the
 * JavaScript coil loops and the copies in and out of the FFT took about 5 ms of the 13 ms
 * iteration (CPU profile); `candor mri recon` with 100 iterations went from 2.2 s to 1.7 s.
 *
 * Region layout (16 n bytes each, n = ny nx): A, B (the FFT's buffers), X (the image, or a coil's
 * samples), ACC; then KEEP (the mask as given: i32, -1 where sampled) and IDX (the samples' byte
 * offsets in FFT order, i32), 4 n bytes each; then the nc maps. A part's maps are uploaded on its first
 * call, the mask on the first normal and the offsets on the first adjoint; all are kept while
 * the region's address is unchanged and no other caller has used the FFT module's memory since
 * this thread's last call (the region count moved by this call only); the operator's id (a
 * scalar of the run, never reused in a process) says whose they are.
 *
 * Null path (returns false, the caller runs the JavaScript loops): no WebAssembly SIMD, an image
 * the plan transforms in blocks (over 2^17 pixels), no operator id, a region over
 * RESIDENT_MAX_BYTES (the module's memory never shrinks: 128 coils of 256 x 256 would keep 140 MB
 * per thread for the life of a server) or memory refused.
 *
 * @example
 * import { residentNormal } from './coil-normal-resident.ts';
 * // inside a kernel: if (!residentNormal(args)) { ...the JavaScript coil loop... }
 */
import { fft2Plan } from '../core/fft/fft2.ts';
import { type KernelArgs, partRange } from '../core/parallel/team.ts';

/** The largest region the resident path asks for (128 MiB: 32 coils of 362 x 362, 120 of 256 x 256). */
export const RESIDENT_MAX_BYTES = 2 ** 27;

/**
 * What this thread's region holds: the operator id, the region's address, the region count after
 * the last call, which coils' maps are uploaded and whether the mask and the sample offsets are.
 */
const held = { id: -1, at: -1, count: -1, coils: new Uint8Array(0), keep: false, idx: false };

/**
 * The region of a call (scalars [ny, nx, nc, id]) with the part's maps uploaded (and the mask
 * when `keep` is given, the samples' byte offsets when `idx` is), or null when the resident path
 * is unavailable.
 */
function claim({ part, parts, arrays, s }: KernelArgs, keep: Int32Array | null, idx: Int32Array | null) {
  const ny = s[0] | 0;
  const nx = s[1] | 0;
  const nc = s[2] | 0;
  const id = s[3];
  if (!(id > 0)) return null;
  const plan = fft2Plan(ny, nx);
  const w = plan.residentSimd();
  if (w === null) return null;
  const n = ny * nx;
  const B16 = 16 * n;
  const I4 = 16 * Math.ceil(n / 4);
  const bytes = B16 * (4 + nc) + 2 * I4;
  if (bytes > RESIDENT_MAX_BYTES) return null;
  const at = w.region(bytes);
  if (at < 0) return null;
  const X = at + 2 * B16;
  const ACC = X + B16;
  const KEEP = ACC + B16;
  const IDX = KEEP + I4;
  const MAPS = IDX + I4;
  const h = w.heap();
  if (held.id !== id || held.at !== at || held.count !== w.regionCount() - 1) {
    held.id = id;
    held.at = at;
    held.coils = new Uint8Array(nc);
    held.keep = false;
    held.idx = false;
  }
  held.count = w.regionCount();
  const [c0, c1] = partRange(nc, part, parts);
  const S = arrays[1] as Float64Array;
  for (let c = c0; c < c1; c++) {
    if (held.coils[c] === 0) h.set(S.subarray(2 * n * c, 2 * n * (c + 1)), (MAPS + c * B16) >> 3);
    held.coils[c] = 1;
  }
  if (keep !== null && !held.keep) {
    new Int32Array(h.buffer, KEEP, n).set(keep);
    held.keep = true;
  }
  if (idx !== null && !held.idx) {
    const offsets = new Int32Array(h.buffer, IDX, idx.length);
    for (let j = 0; j < idx.length; j++) offsets[j] = 16 * idx[j];
    held.idx = true;
  }
  h.fill(0, ACC >> 3, (ACC + B16) >> 3);
  return { w, h, plan, n, at, B: at + B16, X, ACC, KEEP, IDX, MAPS, B16, c0, c1 };
}

/**
 * The part's accumulator block of `coils.normal` (arrays [xp, S, keep, acc, u], scalars
 * [ny, nx, nc, id]) computed in WebAssembly; false when that path is unavailable (nothing written
 * then).
 */
export function residentNormal(args: KernelArgs): boolean {
  const r = claim(args, args.arrays[2] as Int32Array, null);
  if (r === null) return false;
  const { w, plan, n, at, B, X, ACC, KEEP, MAPS, B16, c0, c1 } = r;
  r.h.set(args.arrays[0] as Float64Array, X >> 3);
  for (let c = c0; c < c1; c++) {
    const map = MAPS + c * B16;
    w.cweight(map, X, at, n);
    const f = plan.residentExec(w, at, B, false);
    w.cand(f, KEEP, n);
    w.caccum(map, plan.residentExec(w, f, f === at ? B : at, true), ACC, n);
  }
  (args.arrays[3] as Float64Array).set(w.view(ACC >> 3, 2 * n), 2 * n * args.part);
  return true;
}

/**
 * The part's accumulator block of `coils.adjoint` (arrays [y, S, idx, acc, u], scalars
 * [ny, nx, nc, id]): per coil its samples placed at their FFT-order indices (as scatterSamples),
 * the inverse FFT and conj(S_c) added, in WebAssembly; false when that path is unavailable.
 */
export function residentAdjoint(args: KernelArgs): boolean {
  const y = args.arrays[0] as Float64Array;
  const idx = args.arrays[2] as Int32Array;
  const r = claim(args, null, idx);
  if (r === null) return false;
  const { w, h, plan, n, at, B, X, ACC, IDX, MAPS, B16, c0, c1 } = r;
  const m = idx.length;
  for (let c = c0; c < c1; c++) {
    h.fill(0, at >> 3, (at >> 3) + 2 * n);
    h.set(y.subarray(2 * m * c, 2 * m * (c + 1)), X >> 3);
    w.cscatter(X, IDX, at, m);
    w.caccum(MAPS + c * B16, plan.residentExec(w, at, B, true), ACC, n);
  }
  (args.arrays[3] as Float64Array).set(w.view(ACC >> 3, 2 * n), 2 * n * args.part);
  return true;
}
