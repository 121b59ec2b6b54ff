/**
 * 2-D complex FFT of a row-major ny x nx array (complex interleaved, length 2 ny nx), as
 * numpy.fft.fft2 / ifft2 with the same `norm` modes (the scale is that of an ny*nx-point DFT):
 *
 *     X[ky, kx] = s sum_{y, x} a[y, x] e^{-2 pi i (ky y / ny + kx x / nx)}
 *
 * Computed separably: the columns first, then the rows. When ny runs a Stockham chain (every
 * length without a prime factor above MAX_RADIX) the columns are transformed all at once by the
 * kernel run with stride nx (element j of column c at j nx + c), so its inner loops sweep whole
 * rows; otherwise each column is gathered, transformed (Bluestein) and scattered. On the SIMD
 * stages with both axes Stockham, the array is copied into the WebAssembly memory once, every
 * column stage and then every row stage runs there (all rows in one call per stage), and the
 * result is copied out once. A plan (`fft2Plan(ny, nx)`, cached) owns its scratch: calls
 * allocate nothing.
 *
 * @example
 * import { fft2 } from './fft2.ts';
 * // 2x2 array [[1, 2], [3, 4]] (real parts)
 * const a = Float64Array.of(1, 0, 2, 0, 3, 0, 4, 0);
 * fft2(a, new Float64Array(8), 2, 2); // [10,0, -2,0, -4,0, 0,0]
 */
import { CandorError, checkFinite } from '../errors.ts';
import { checkBuf, checkNorm, checkSize, type FftNorm, normScale, scaleRange } from './common.ts';
import { type FftPlan, fftPlan } from './plan.ts';
import { SIMD_MIN, type StockhamKernel } from './stockham.ts';
import type { FftWasm } from './wasm.ts';

/**
 * Arrays whose ping-pong pair exceeds BLOCKED_ABOVE bytes are transformed in blocks of about
 * BLOCK_BYTES (measured: 368x640 and 512x512 0.8-0.87x the time of whole-array stages, 320x320
 * even, 230x180 5% slower blocked).
 */
const BLOCKED_ABOVE = 2 ** 22;
const BLOCK_BYTES = 2 ** 18;

/**
 * A planned 2-D complex FFT of a row-major ny x nx array (complex interleaved, length 2 ny nx),
 * as numpy.fft.fft2 / ifft2 with the same `norm` modes. Use `fft2Plan`.
 */
export class Fft2Plan {
  readonly ny: number;
  readonly nx: number;
  private readonly rowPlan: FftPlan;
  private readonly colPlan: FftPlan;
  /** Scratch: 2 ny nx for batched Stockham columns, else one gathered column (2 ny). */
  private readonly work: Float64Array;
  private readonly label: string;

  constructor(ny: number, nx: number) {
    checkSize('fft2Plan', 'rows ny', ny);
    checkSize('fft2Plan', 'columns nx', nx);
    if (ny * nx > 2 ** 27) throw new CandorError('fft2Plan', 'size ny*nx', 'at most 2^27', `${ny}x${nx}`);
    this.ny = ny;
    this.nx = nx;
    this.label = `fft2(${ny}x${nx})`;
    this.rowPlan = fftPlan(nx);
    this.colPlan = fftPlan(ny);
    this.work = new Float64Array(this.colPlan.kernel ? 2 * ny * nx : 2 * ny);
  }

  /**
   * Unnormalised 2-D transform of x[xo .. xo + 2 ny nx) into y[yo ..] (e^{-...}, or e^{+...} when
   * `inverse`). No checks. The regions must be identical (in place) or disjoint.
   */
  exec(x: Float64Array, xo: number, y: Float64Array, yo: number, inverse: boolean): void {
    const { ny, nx } = this;
    if (this.simdExec(x, xo, y, yo, inverse)) return;
    const col = this.colPlan;
    if (ny > 1) {
      if (col.kernel) {
        col.kernel.run(x, xo, y, yo, inverse, nx, this.work, 0);
      } else {
        const w = this.work;
        const stride = 2 * nx;
        for (let c = 0; c < nx; c++) {
          let i = xo + 2 * c;
          for (let j = 0; j < 2 * ny; j += 2, i += stride) {
            w[j] = x[i];
            w[j + 1] = x[i + 1];
          }
          col.exec(w, 0, w, 0, inverse);
          i = yo + 2 * c;
          for (let j = 0; j < 2 * ny; j += 2, i += stride) {
            y[i] = w[j];
            y[i + 1] = w[j + 1];
          }
        }
      }
    } else if (x !== y || xo !== yo) {
      for (let i = 0; i < 2 * nx; i++) y[yo + i] = x[xo + i];
    }
    if (nx > 1) {
      const row = this.rowPlan;
      for (let r = 0; r < ny; r++) {
        const o = yo + 2 * nx * r;
        row.exec(y, o, y, o, inverse);
      }
    }
  }

  /**
   * Both axes Stockham and SIMD available: one copy into the WebAssembly memory, the columns, the
   * rows, one copy out. An array larger than BLOCKED_ABOVE is transformed in cache-sized blocks:
   * groups of columns gathered into a contiguous block (copy2d), all column stages there, and
   * scattered back; then groups of rows, all row stages in place, each group copied out.
   */
  private simdExec(x: Float64Array, xo: number, y: Float64Array, yo: number, inverse: boolean, prune: Prune | null = null): boolean {
    const col = this.colPlan.kernel;
    const row = this.rowPlan.kernel;
    const { ny, nx } = this;
    const len = 2 * ny * nx;
    if (col === null || row === null || len < 2 * SIMD_MIN) return false;
    const w = col.simd();
    if (w === null || row.simd() !== w) return false;
    const KC = col.stageCount;
    const KR = row.stageCount;
    if (16 * len <= BLOCKED_ABOVE) {
      const a = w.region(16 * len);
      if (a < 0) return false;
      const b = a + 8 * len;
      w.heap().set(xo === 0 && x.length === len ? x : x.subarray(xo, xo + len), (a >> 3));
      const rowBytes = 16 * nx;
      if (prune !== null && prune.side === 'input') {
        // the non-zero rows first (a zero row transforms to zero), then every column
        const runs = prune.rows;
        let r = a;
        for (let k = 0; k < runs.length; k += 2) {
          const o = runs[k] * rowBytes;
          if (runs[k + 1] > 0) r = row.stagesAt(w, a + o, b + o, 0, KR, inverse, 1, runs[k + 1], rowBytes) - o;
        }
        if (r !== a) {
          // the result is in b, whose other rows hold stale data: zero them
          const h = w.heap();
          let next = 0;
          for (let k = 0; k <= runs.length; k += 2) {
            const end = k < runs.length ? runs[k] : ny;
            if (end > next) h.fill(0, (b >> 3) + 2 * nx * next, (b >> 3) + 2 * nx * end);
            if (k < runs.length) next = runs[k] + runs[k + 1];
          }
        }
        r = col.stagesAt(w, r, r === a ? b : a, 0, KC, inverse, nx, 1, 0);
        y.set(w.view(r >> 3, len), yo);
        return true;
      }
      if (prune === null) {
        const r = this.residentExec(w, a, b, inverse);
        y.set(w.view(r >> 3, len), yo);
        return true;
      }
      // output side: every column, then only the wanted rows, each copied out
      const r = col.stagesAt(w, a, b, 0, KC, inverse, nx, 1, 0);
      const runs = prune.rows;
      const o2 = r === a ? b : a;
      for (let k = 0; k < runs.length; k += 2) {
        const q = runs[k + 1];
        if (q <= 0) continue;
        const o = runs[k] * rowBytes;
        const rr = row.stagesAt(w, r + o, o2 + o, 0, KR, inverse, 1, q, rowBytes);
        y.set(w.view(rr >> 3, 2 * nx * q), yo + 2 * nx * runs[k]);
      }
      return true;
    }
    const cb = Math.min(nx, Math.max(4, Math.floor(BLOCK_BYTES / (32 * ny))));
    const rb = Math.min(ny, Math.max(1, Math.floor(BLOCK_BYTES / (32 * nx))));
    const half = 16 * Math.max(ny * cb, rb * nx);
    const a = w.region(8 * len + 2 * half);
    if (a < 0) return false;
    const s1 = a + 8 * len;
    const s2 = s1 + half;
    w.heap().set(xo === 0 && x.length === len ? x : x.subarray(xo, xo + len), (a >> 3));
    const rowBytes = 16 * nx;
    // input side: only the columns that can be non-zero (the others stay zero); output side: only the wanted rows
    const colRuns = prune !== null && prune.side === 'input' ? prune.cols : [0, nx];
    for (let k = 0; k < colRuns.length; k += 2) {
      const end = colRuns[k] + colRuns[k + 1];
      for (let c0 = colRuns[k]; c0 < end; c0 += cb) {
        const b = Math.min(cb, end - c0);
        w.copy2d(a + 16 * c0, s1, ny, rowBytes, 16 * b, 16 * b);
        const r = col.stagesAt(w, s1, s2, 0, KC, inverse, b, 1, 0);
        w.copy2d(r, a + 16 * c0, ny, 16 * b, rowBytes, 16 * b);
      }
    }
    const rowRuns = prune !== null && prune.side === 'output' ? prune.rows : [0, ny];
    for (let k = 0; k < rowRuns.length; k += 2) {
      const end = rowRuns[k] + rowRuns[k + 1];
      for (let r0 = rowRuns[k]; r0 < end; r0 += rb) {
        const q = Math.min(rb, end - r0);
        const r = row.stagesAt(w, a + r0 * rowBytes, s1, 0, KR, inverse, 1, q, rowBytes);
        y.set(w.view((r >> 3), 2 * q * nx), yo + 2 * nx * r0);
      }
    }
    return true;
  }

  /**
   * The SIMD instance when this plan can transform data resident in its memory (`residentExec`):
   * both axes Stockham, SIMD available and the pair of buffers within BLOCKED_ABOVE; else null.
   * Registers the plan's twiddles: call it before asking the instance for a region.
   */
  residentSimd(): FftWasm | null {
    const col = this.colPlan.kernel;
    const row = this.rowPlan.kernel;
    const len = 2 * this.ny * this.nx;
    if (col === null || row === null || len < 2 * SIMD_MIN || 16 * len > BLOCKED_ABOVE) return null;
    const w = col.simd();
    return w !== null && row.simd() === w ? w : null;
  }

  /**
   * Unnormalised transform of the 2 ny nx doubles at byte address a of w's memory, b a second
   * buffer of that size: the columns' stages, then the rows' (exec's SIMD path, bit for bit).
   * Returns the byte address (a or b) holding the result. Requires residentSimd() first.
   */
  residentExec(w: FftWasm, a: number, b: number, inverse: boolean): number {
    const col = this.colPlan.kernel as StockhamKernel;
    const row = this.rowPlan.kernel as StockhamKernel;
    const r = col.stagesAt(w, a, b, 0, col.stageCount, inverse, this.nx, 1, 0);
    return row.stagesAt(w, r, r === a ? b : a, 0, row.stageCount, inverse, 1, this.ny, 16 * this.nx);
  }

  /**
   * exec for a zero-padded or cropped array (the NUFFT's grid): `rows` and `cols` are runs
   * [start, count, start, count, ...] (ascending, disjoint) of the rows and columns that matter.
   * Side 'input': x is zero outside those rows and columns (not checked), and the transforms of
   * zero rows (arrays up to BLOCKED_ABOVE, rows then columns) or zero columns (larger arrays,
   * columns then rows, as exec) are skipped; 'output': only y's rows in `rows` are computed and
   * written on the SIMD path (off it, exec writes every row): read only those. Each 1-D transform is the one exec runs, so the
   * output side and the large input side give exec's numbers; the small input side transforms
   * the rows first and agrees with exec to rounding. Off the SIMD path: exec. Unnormalised.
   */
  execPruned(x: Float64Array, xo: number, y: Float64Array, yo: number, inverse: boolean, rows: readonly number[], cols: readonly number[], side: 'input' | 'output'): void {
    if (!this.simdExec(x, xo, y, yo, inverse, { rows, cols, side })) this.exec(x, xo, y, yo, inverse);
  }

  /**
   * The column half of exec for columns c0 .. c1 - 1 only: y's columns <- the 1-D DFTs of x's
   * (x may be y; other columns untouched). With `rows` over every row after it (on any split of
   * the columns and rows), the result is the whole 2-D transform; each column and row is the same
   * 1-D transform whichever range holds it, so a split is the sum of its parts exactly (the
   * parallel reconstructions of ../parallel/team.ts). Unnormalised, no checks.
   */
  columns(x: Float64Array, y: Float64Array, c0: number, c1: number, inverse: boolean): void {
    const { ny, nx } = this;
    const b = c1 - c0;
    if (b <= 0) return;
    const w2 = 2 * nx;
    const col = this.colPlan;
    const k = col.kernel;
    const len = 2 * ny * b;
    if (ny === 1 || k === null) {
      const t = this.columnScratch(2 * ny);
      for (let c = c0; c < c1; c++) {
        for (let j = 0, i = 2 * c; j < 2 * ny; j += 2, i += w2) {
          t[j] = x[i];
          t[j + 1] = x[i + 1];
        }
        if (ny > 1) col.exec(t, 0, t, 0, inverse);
        for (let j = 0, i = 2 * c; j < 2 * ny; j += 2, i += w2) {
          y[i] = t[j];
          y[i + 1] = t[j + 1];
        }
      }
      return;
    }
    const w = len >= 2 * SIMD_MIN ? k.simd() : null;
    const a = w !== null ? w.region(16 * len) : -1;
    const bw = 2 * b;
    if (w !== null && a >= 0) {
      // row by row into the WebAssembly memory (TypedArray.set: a memory copy, ~5x a JS loop)
      let h = w.heap();
      for (let r = 0, o = a >> 3, i = 2 * c0; r < ny; r++, o += bw, i += w2) h.set(x.subarray(i, i + bw), o);
      const res = k.stagesAt(w, a, a + 8 * len, 0, k.stageCount, inverse, b, 1, 0);
      h = w.heap();
      for (let r = 0, o = res >> 3, i = 2 * c0; r < ny; r++, o += bw, i += w2) y.set(h.subarray(o, o + bw), i);
      return;
    }
    const t = this.columnScratch(2 * len);
    for (let r = 0, o = 0, i = 2 * c0; r < ny; r++, o += bw, i += w2) for (let j = 0; j < bw; j++) t[o + j] = x[i + j];
    k.run(t, 0, t, 0, inverse, b, t, len);
    for (let r = 0, o = 0, i = 2 * c0; r < ny; r++, o += bw, i += w2) for (let j = 0; j < bw; j++) y[i + j] = t[o + j];
  }

  /** The row half of exec for rows r0 .. r1 - 1 of y, in place (see `columns`). */
  rows(y: Float64Array, r0: number, r1: number, inverse: boolean): void {
    const { nx } = this;
    const q = r1 - r0;
    if (q <= 0 || nx === 1) return;
    const row = this.rowPlan;
    const k = row.kernel;
    const len = 2 * nx * q;
    const w = k !== null && len >= 2 * SIMD_MIN ? k.simd() : null;
    const a = w !== null ? w.region(16 * len) : -1;
    if (k !== null && w !== null && a >= 0) {
      const o0 = 2 * nx * r0;
      w.heap().set(y.subarray(o0, o0 + len), a >> 3);
      const res = k.stagesAt(w, a, a + 8 * len, 0, k.stageCount, inverse, 1, q, 16 * nx);
      y.set(w.view(res >> 3, len), o0);
      return;
    }
    for (let r = r0; r < r1; r++) row.exec(y, 2 * nx * r, y, 2 * nx * r, inverse);
  }

  private scratch: Float64Array | null = null;

  private columnScratch(len: number): Float64Array {
    if (this.scratch === null || this.scratch.length < len) this.scratch = new Float64Array(len);
    return this.scratch;
  }

  /** out <- 2-D FFT of x (both 2 ny nx long; out may be x). Lengths are checked, values are not. */
  forward(x: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
    return this.transform(x, out, norm, false);
  }

  /** out <- inverse 2-D FFT of x (out may be x). Lengths are checked, values are not. */
  inverse(x: Float64Array, out: Float64Array, norm: FftNorm = 'backward'): Float64Array {
    return this.transform(x, out, norm, true);
  }

  private transform(x: Float64Array, out: Float64Array, norm: FftNorm, inverse: boolean): Float64Array {
    const len = 2 * this.ny * this.nx;
    checkBuf(this.label, 'input', x, len, '2 ny nx, complex interleaved row-major');
    checkBuf(this.label, 'out', out, len, '2 ny nx, complex interleaved row-major');
    const s = normScale(this.ny * this.nx, checkNorm(this.label, norm), inverse);
    this.exec(x, 0, out, 0, inverse);
    scaleRange(out, 0, len, s);
    return out;
  }
}

/** Rows and columns that matter in execPruned (runs of [start, count]). */
interface Prune {
  rows: readonly number[];
  cols: readonly number[];
  side: 'input' | 'output';
}

const cache = new Map<string, Fft2Plan>();

/** The cached 2-D plan for ny x nx complex arrays (integers >= 1). */
export function fft2Plan(ny: number, nx: number): Fft2Plan {
  const key = `${ny}x${nx}`;
  let p = cache.get(key);
  if (!p) {
    p = new Fft2Plan(ny, nx);
    cache.set(key, p);
  }
  return p;
}

function run(
  where: string,
  x: Float64Array,
  out: Float64Array,
  ny: number,
  nx: number,
  norm: FftNorm,
  inverse: boolean,
) {
  checkSize(where, 'rows ny', ny);
  checkSize(where, 'columns nx', nx);
  const len = 2 * ny * nx;
  checkBuf(where, 'input', x, len, `2 ny nx = ${len}, complex interleaved row-major ${ny}x${nx}`);
  checkBuf(where, 'out', out, len, `2 ny nx = ${len}, complex interleaved row-major ${ny}x${nx}`);
  checkNorm(where, norm);
  checkFinite(where, 'input', x);
  const p = fft2Plan(ny, nx);
  p.exec(x, 0, out, 0, inverse);
  scaleRange(out, 0, len, normScale(ny * nx, norm, inverse));
  return out;
}

/** 2-D forward FFT of the row-major ny x nx complex array x into out (may be x), as numpy.fft.fft2. */
export function fft2(
  x: Float64Array,
  out: Float64Array,
  ny: number,
  nx: number,
  norm: FftNorm = 'backward',
): Float64Array {
  return run('fft2', x, out, ny, nx, norm, false);
}

/** 2-D inverse FFT of the row-major ny x nx complex array x into out (may be x), as numpy.fft.ifft2. */
export function ifft2(
  x: Float64Array,
  out: Float64Array,
  ny: number,
  nx: number,
  norm: FftNorm = 'backward',
): Float64Array {
  return run('ifft2', x, out, ny, nx, norm, true);
}
