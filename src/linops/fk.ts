/**
 * f-k transforms of 2-D gathers [nx traces, nt samples] (complex field; unitary scaling):
 *
 * - `fk2(nx, nt, { nxPad, ntPad })`: F P, zero padding to [nxPad, ntPad] (defaults nx and the next
 *   power of two >= nt) then the unitary 2-D DFT, c(k, f) = sum_{x,t} d(x, t) e^{-2 pi i (k x /
 *   nxPad + f t / ntPad)} / sqrt(nxPad ntPad). An isometry: P^T F^H F P = I (normal = copy); F^H
 *   then cropping inverts it on its range.
 * - `slidingPatches2(ny, nx, { size, overlap })`: W, the tapered patches of an [ny, nx] array,
 *   [ny, nx] -> [npatch, sy, sx] (row-major over the patch grid). Along each axis the windows start
 *   every size - overlap samples (the last one ends at the edge) and carry sine ramps over their
 *   overlaps, normalised so that the squared tapers of all patches sum to one at every sample:
 *   sum_p w_p^2 = 1, hence W^T W = I (an isometry: a tight frame; W^T blends the patches back).
 * - `fkPatches(nx, nt, { size, overlap })`: the unitary 2-D DFT of every tapered patch, F_p W:
 *   the sliding-window (local) f-k transform; an isometry for the same reason.
 *
 * Why padding: the DFT treats the gather as periodic; a power-of-two time axis is fast, and
 * padded traces keep the wrap-around of dipping events away from the data (Abma & Kabir 2006).
 * Why patches: seismic events curve, so they are sparse in f-k only locally (linear events in a
 * window); windows with tapered overlaps avoid seams (PyLops `Sliding2D`).
 *
 * Reference: Abma & Kabir, "3D interpolation of irregular data with a POCS algorithm",
 * Geophysics 71(6), E91-E97, 2006; PyLops `FFT2D`, `Sliding2D`.
 *
 * @example
 * import { fk2 } from './fk.ts';
 * const F = fk2(4, 3);                                          // pads time to 4
 * F.range;                                                      // [4, 4]
 * F.apply(new Float64Array(24).fill(0).fill(1, 0, 2), new Float64Array(32))[0];   // 0.25: DC of one sample
 */
import { CandorError, checkInt, describe } from '../core/errors.ts';
import { fft2Plan } from '../core/fft/fft2.ts';
import { defineOperator, type Kernel } from './define.ts';
import type { LinearOperator } from './types.ts';

/** Options of {@link fk2}: the zero-padded sizes of the f-k transform. */
export interface Fk2Options {
  /** Padded number of traces (default nx). */
  nxPad?: number;
  /** Padded number of samples (default the next power of two >= nt). */
  ntPad?: number;
}

/** Smallest power of two >= n. */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** F P: zero padding then the unitary 2-D DFT (see the file comment). */
export function fk2(nx: number, nt: number, opts: Fk2Options = {}): LinearOperator {
  checkInt('fk2', 'traces nx', nx, 1);
  checkInt('fk2', 'samples nt', nt, 1);
  const NX = checkInt('fk2', 'options.nxPad', opts.nxPad ?? nx, nx);
  const NT = checkInt('fk2', 'options.ntPad', opts.ntPad ?? nextPow2(nt), nt);
  const plan = fft2Plan(NX, NT);
  const s = 1 / Math.sqrt(NX * NT);
  const big = new Float64Array(2 * NX * NT);
  const apply: Kernel = (x, out) => {
    out.fill(0);
    for (let i = 0; i < nx; i++) out.set(x.subarray(2 * i * nt, 2 * (i + 1) * nt), 2 * i * NT);
    plan.exec(out, 0, out, 0, false);
    for (let j = 0; j < out.length; j++) out[j] *= s;
    return out;
  };
  const adjoint: Kernel = (y, out) => {
    plan.exec(y, 0, big, 0, true);
    for (let i = 0; i < nx; i++) {
      const o = 2 * i * NT;
      for (let j = 0; j < 2 * nt; j++) out[2 * i * nt + j] = s * big[o + j];
    }
    return out;
  };
  const copy: Kernel = (x, out) => {
    out.set(x);
    return out;
  };
  const padded = NX !== nx || NT !== nt;
  return defineOperator({
    name: `FK2(${nx}x${nt}${padded ? ` -> ${NX}x${NT}` : ''})`,
    domain: [nx, nt],
    range: [NX, NT],
    field: 'complex',
    structure: padded ? 'isometry' : 'unitary',
    apply,
    adjoint,
    normal: copy,
    cheapNormal: true,
  });
}

/** Options of {@link slidingPatches2} and {@link fkPatches}: patch size and overlap. */
export interface PatchOptions {
  /** Patch size [sy, sx] (each clipped to the array size). */
  size: readonly [number, number];
  /** Overlap [oy, ox] between neighbouring patches (each < the patch size; default half of it). */
  overlap?: readonly [number, number];
}

/** Windows along one axis: start positions and their normalised tapers (sum of squares = 1). */
export interface AxisWindows {
  starts: Int32Array;
  size: number;
  tapers: Float64Array[];
}

/** The windows of one axis of length n (see the file comment). */
export function axisWindows(where: string, n: number, size: number, overlap: number): AxisWindows {
  const L = Math.min(size, n);
  const o = Math.min(overlap, L - 1);
  const step = L - o;
  const starts: number[] = [];
  for (let s = 0; ; s += step) {
    if (s + L >= n) {
      starts.push(n - L);
      break;
    }
    starts.push(s);
  }
  const raw = starts.map((s, j) => {
    const w = new Float64Array(L).fill(1);
    const prevEnd = j > 0 ? starts[j - 1] + L : s;
    const up = prevEnd - s; // overlap with the previous window
    for (let i = 0; i < up; i++) w[i] = Math.sin((0.5 * Math.PI * (i + 0.5)) / up);
    const down = j + 1 < starts.length ? s + L - starts[j + 1] : 0;
    for (let i = 0; i < down; i++) w[L - 1 - i] = Math.min(w[L - 1 - i], Math.sin((0.5 * Math.PI * (i + 0.5)) / down));
    return w;
  });
  const acc = new Float64Array(n);
  starts.forEach((s, j) => {
    for (let i = 0; i < L; i++) acc[s + i] += raw[j][i] * raw[j][i];
  });
  for (let i = 0; i < n; i++) {
    if (!(acc[i] > 0)) throw new CandorError(where, 'patches', 'windows covering every sample', `sample ${i} uncovered`);
  }
  const tapers = raw.map((w, j) => w.map((v, i) => v / Math.sqrt(acc[starts[j] + i])));
  return { starts: Int32Array.from(starts), size: L, tapers };
}

function checkPatches(where: string, ny: number, nx: number, opts: PatchOptions): { wy: AxisWindows; wx: AxisWindows } {
  if (typeof opts !== 'object' || opts === null || !Array.isArray(opts.size) || opts.size.length !== 2) {
    throw new CandorError(where, 'options.size', 'a patch size [sy, sx]', describe(opts?.size));
  }
  const [sy, sx] = opts.size;
  checkInt(where, 'patch rows', sy, 1);
  checkInt(where, 'patch columns', sx, 1);
  const [oy, ox] = opts.overlap ?? [Math.floor(Math.min(sy, ny) / 2), Math.floor(Math.min(sx, nx) / 2)];
  checkInt(where, 'overlap rows', oy, 0, Math.max(0, Math.min(sy, ny) - 1));
  checkInt(where, 'overlap columns', ox, 0, Math.max(0, Math.min(sx, nx) - 1));
  return { wy: axisWindows(where, ny, sy, oy), wx: axisWindows(where, nx, sx, ox) };
}

/** Tapered patches, [ny, nx] -> [npatch, sy, sx] (real; an isometry). */
export function slidingPatches2(ny: number, nx: number, opts: PatchOptions): LinearOperator {
  checkInt('slidingPatches2', 'rows ny', ny, 1);
  checkInt('slidingPatches2', 'columns nx', nx, 1);
  const { wy, wx } = checkPatches('slidingPatches2', ny, nx, opts);
  const py = wy.starts.length;
  const px = wx.starts.length;
  const sy = wy.size;
  const sx = wx.size;
  const P = sy * sx;
  const run = (w: number, adjoint: boolean): Kernel => (a, out) => {
    if (adjoint) out.fill(0);
    for (let by = 0; by < py; by++) {
      for (let bx = 0; bx < px; bx++) {
        const base = (by * px + bx) * P;
        const ty = wy.tapers[by];
        const tx = wx.tapers[bx];
        for (let i = 0; i < sy; i++) {
          const row = (wy.starts[by] + i) * nx + wx.starts[bx];
          for (let j = 0; j < sx; j++) {
            const c = ty[i] * tx[j];
            const g = row + j;
            const p = base + i * sx + j;
            if (w === 1) {
              if (adjoint) out[g] += c * a[p];
              else out[p] = c * a[g];
            } else if (adjoint) {
              out[2 * g] += c * a[2 * p];
              out[2 * g + 1] += c * a[2 * p + 1];
            } else {
              out[2 * p] = c * a[2 * g];
              out[2 * p + 1] = c * a[2 * g + 1];
            }
          }
        }
      }
    }
    return out;
  };
  const copy: Kernel = (x, out) => {
    out.set(x);
    return out;
  };
  return defineOperator({
    name: `SlidingPatches2(${ny}x${nx}, ${py}x${px} patches of ${sy}x${sx})`,
    domain: [ny, nx],
    range: [py * px, sy, sx],
    field: 'real',
    structure: py * px === 1 ? 'unitary' : 'isometry',
    apply: run(1, false),
    adjoint: run(1, true),
    normal: copy,
    applyComplex: run(2, false),
    adjointComplex: run(2, true),
    normalComplex: copy,
    cheapNormal: true,
  });
}

/** The sliding-window f-k transform: the unitary 2-D DFT of every tapered patch (complex; an isometry). */
export function fkPatches(nx: number, nt: number, opts: PatchOptions): LinearOperator {
  checkInt('fkPatches', 'traces nx', nx, 1);
  checkInt('fkPatches', 'samples nt', nt, 1);
  const W = slidingPatches2(nx, nt, opts);
  const [np, sy, sx] = W.range;
  const plan = fft2Plan(sy, sx);
  const P = sy * sx;
  const s = 1 / Math.sqrt(P);
  const tmp = new Float64Array(2 * np * P);
  const copy: Kernel = (x, out) => {
    out.set(x);
    return out;
  };
  return defineOperator({
    name: `FKPatches(${nx}x${nt}, ${np} patches of ${sy}x${sx})`,
    domain: [nx, nt],
    range: [np, sy, sx],
    field: 'complex',
    structure: W.structure,
    apply: (x, out) => {
      W.apply(x, out);
      for (let p = 0; p < np; p++) plan.exec(out, 2 * p * P, out, 2 * p * P, false);
      for (let j = 0; j < out.length; j++) out[j] *= s;
      return out;
    },
    adjoint: (y, out) => {
      for (let p = 0; p < np; p++) plan.exec(y, 2 * p * P, tmp, 2 * p * P, true);
      for (let j = 0; j < tmp.length; j++) tmp[j] *= s;
      return W.adjoint(tmp, out);
    },
    normal: copy,
    cheapNormal: true,
  });
}
