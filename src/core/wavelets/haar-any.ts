/**
 * The orthonormal 2-D Haar transform of ANY image size (odd sides included), with an optional
 * circular shift folded into its first level: the wavelet of the cycle-spinning l1 penalty of
 * MRI reconstructions (../../prox/spin-wavelet.ts). Complex interleaved, row-major ny x nx.
 *
 * Along one axis, level l pairs neighbouring blocks of samples (block 2p with 2p+1); an odd count
 * leaves the last block unpaired (it passes to the next level unchanged). Every block but the
 * last holds 2^(l-1) samples; a pair of blocks of lengths b and c is combined by the rotation
 *
 *     [low ]   1            [ sqrt(b)   sqrt(c) ] [u]
 *     [high] = ---------- * [ sqrt(c)  -sqrt(b) ] [v]      (b = c: the Haar pair (u +- v)/sqrt 2)
 *              sqrt(b + c)
 *
 * (the unbalanced Haar basis: Girardi & Sweldens, J. Fourier Anal. Appl. 3 (1997) 457-474), so
 * the transform stays orthonormal for every length, the low coefficient of a block is always
 * sqrt(length) times its mean and a constant signal has no detail anywhere. When 2^L divides
 * the length, this is exactly the periodized Haar transform of PyWavelets (`wavedec`, mode
 * 'periodization'; Haar filters never wrap). Odd lengths are where it differs from BART's
 * wavelets, which extend the signal symmetrically and are then not orthogonal.
 *
 * 2-D: at each level the rows (x) and then the columns (y) of the current approximation are
 * transformed, an axis only while it has levels left (`levels` per axis). Coefficients stay in
 * place: level l works on the entries whose row is a multiple of its row stride and column a
 * multiple of its column stride (strides double per level on each transformed axis), writing the
 * low coefficient of a pair over its first entry and the detail over its second. `analysis`
 * and `synthesis` are W T_s and T_s^{-1} W^T with T_s the circular shift by (sy, sx)
 * (out[(i + sy) mod ny, (j + sx) mod nx] = x[i, j]), read and written by the first level
 * directly: no separate shift pass. The synthesis rotation is the analysis one (the matrix is
 * symmetric and orthogonal: its own inverse), applied in reverse order.
 *
 * Levels: `haarLevels(n)` halves (rounding up) while the approximation keeps at least 16
 * samples, the rule of BART's `pics -l1` (its minimum band size 16: 256 -> 5 levels with an
 * 8-sample coarse band, 320 -> 5, 230 -> 4, 96 -> 3), and at least one level for n >= 2.
 *
 * @example
 * import { Haar2AnyPlan } from './haar-any.ts';
 * const p = new Haar2AnyPlan(3, 5);          // any size; levels per axis from haarLevels
 * const x = new Float64Array(30).fill(0); for (let i = 0; i < 15; i++) x[2 * i] = 1; // constant 1
 * const c = p.analysis(x, new Float64Array(30));
 * // one coefficient sqrt(15) (the whole image's sqrt(size) * mean), every other entry 0
 * p.synthesis(c, new Float64Array(30));      // the constant image again
 */
import { CandorError, checkInt } from '../errors.ts';

/** BART's minimum band size: an axis is halved while its approximation has at least this many samples. */
export const HAAR_MIN_BAND = 16;

/** Levels of an axis of length n: BART's rule (see the file comment). */
export function haarLevels(n: number): number {
  if (n < 2) return 0;
  let len = Math.ceil(n / 2);
  let L = 1;
  while (len >= HAAR_MIN_BAND) {
    len = Math.ceil(len / 2);
    L++;
  }
  return L;
}

/** The most levels an axis of length n admits (halving until one block is left). */
export function haarMaxLevels(n: number): number {
  let L = 0;
  for (let len = n; len > 1; len = Math.ceil(len / 2)) L++;
  return L;
}

/** One axis at one level: pair count, leftover, strides and the pairs' rotation (a, c). */
interface AxisLevel {
  /** Active entries along the axis at this level's input. */
  count: number;
  /** Pairs (floor(count / 2)). */
  pairs: number;
  /** Distance between active entries (in entries along the axis). */
  stride: number;
  /** Rotation of the last pair when it is unbalanced (else 1/sqrt 2 both). */
  lastA: number;
  lastC: number;
}

const R = Math.SQRT1_2;

/** One step of the transform (see Haar2AnyPlan.step). */
export interface Step {
  kind: 'first' | 'gather' | 'x' | 'y';
  level: number;
  /** Row pairs (first), rows (gather, x) or columns (y) it works on. */
  items: number;
}

interface LevelGeometry {
  ax: AxisLevel | null;
  ay: AxisLevel | null;
  rowStride: number;
  colStride: number;
}

function axisLevels(n: number, levels: number): AxisLevel[] {
  const out: AxisLevel[] = [];
  let count = n;
  let stride = 1;
  let b = 1; // length of every block but the last
  let last = 1; // length of the last block
  for (let l = 0; l < levels && count > 1; l++) {
    const pairs = count >> 1;
    let lastA = R;
    let lastC = R;
    if (count % 2 === 0 && last !== b) {
      lastA = Math.sqrt(b / (b + last));
      lastC = Math.sqrt(last / (b + last));
    }
    out.push({ count, pairs, stride, lastA, lastC });
    if (count % 2 === 0) last += b;
    // an odd count keeps its last block (length `last`) unpaired
    b *= 2;
    count = (count + 1) >> 1;
    stride *= 2;
  }
  return out;
}

export class Haar2AnyPlan {
  readonly ny: number;
  readonly nx: number;
  readonly levelsY: number;
  readonly levelsX: number;
  private readonly ly: AxisLevel[];
  private readonly lx: AxisLevel[];
  private readonly rowSrc: Int32Array;
  private readonly colSrc: Int32Array;
  /** The shift rowSrc / colSrc hold (NaN: none yet). */
  private shiftY = Number.NaN;
  private shiftX = Number.NaN;
  private readonly schedule: Step[];
  /** Per level: the active grid and the axes' pairings (null: the axis has no such level). */
  private readonly geometry: LevelGeometry[];

  /**
   * `levels`: one number for both axes (each capped at what its length admits), a pair
   * [rows, columns], or undefined for {@link haarLevels} of each side.
   */
  constructor(ny: number, nx: number, levels?: number | readonly [number, number]) {
    const where = 'haar2Any';
    checkInt(where, 'rows ny', ny, 1);
    checkInt(where, 'columns nx', nx, 1);
    this.ny = ny;
    this.nx = nx;
    const maxY = haarMaxLevels(ny);
    const maxX = haarMaxLevels(nx);
    let Ly: number;
    let Lx: number;
    if (levels === undefined) {
      Ly = haarLevels(ny);
      Lx = haarLevels(nx);
    } else if (typeof levels === 'number') {
      const max = Math.max(maxY, maxX);
      if (!Number.isInteger(levels) || levels < 0 || levels > max) {
        throw new CandorError(where, 'levels', `an integer in [0, ${max}] (the most a ${ny}x${nx} image admits)`, String(levels));
      }
      Ly = Math.min(levels, maxY);
      Lx = Math.min(levels, maxX);
    } else {
      if (!Array.isArray(levels) || levels.length !== 2) {
        throw new CandorError(where, 'levels', 'a number or [rows, columns]', String(levels));
      }
      Ly = checkInt(where, 'levels (rows)', levels[0], 0, maxY);
      Lx = checkInt(where, 'levels (columns)', levels[1], 0, maxX);
    }
    this.ly = axisLevels(ny, Ly);
    this.lx = axisLevels(nx, Lx);
    this.levelsY = this.ly.length;
    this.levelsX = this.lx.length;
    this.rowSrc = new Int32Array(ny);
    this.colSrc = new Int32Array(nx);
    const { ly, lx } = this;
    const both = ly.length > 0 && lx.length > 0;
    this.schedule = [both ? { kind: 'first', level: 0, items: ny >> 1 } : { kind: 'gather', level: 0, items: ny }];
    this.geometry = [];
    for (let l = 0; l < Math.max(ly.length, lx.length); l++) {
      const ax = l < lx.length ? lx[l] : null;
      const ay = l < ly.length ? ly[l] : null;
      // the active grid at this level: counts and strides of the axes (a finished axis keeps its last)
      const rows = ay ? ay.count : ly.length ? Math.ceil(ly[ly.length - 1].count / 2) : ny;
      const rowStride = ay ? ay.stride : ly.length ? 2 * ly[ly.length - 1].stride : 1;
      const cols = ax ? ax.count : lx.length ? Math.ceil(lx[lx.length - 1].count / 2) : nx;
      const colStride = ax ? ax.stride : lx.length ? 2 * lx[lx.length - 1].stride : 1;
      this.geometry.push({ ax, ay, rowStride, colStride });
      // level 1 of both axes is the first step's; an axis without level l keeps its entries
      if (l === 0 && both) continue;
      if (ax) this.schedule.push({ kind: 'x', level: l, items: rows });
      if (ay) this.schedule.push({ kind: 'y', level: l, items: cols });
    }
  }

  /** Levels of the 2-D transform (the larger of the two axes'). */
  get levels(): number {
    return Math.max(this.levelsY, this.levelsX);
  }

  private sources(sy: number, sx: number): void {
    if (sy === this.shiftY && sx === this.shiftX) return;
    this.shiftY = sy;
    this.shiftX = sx;
    const { ny, nx, rowSrc, colSrc } = this;
    const ty = ((sy % ny) + ny) % ny;
    const tx = ((sx % nx) + nx) % nx;
    for (let i = 0; i < ny; i++) rowSrc[i] = (i - ty + ny) % ny;
    for (let j = 0; j < nx; j++) colSrc[j] = (j - tx + nx) % nx;
  }

  /** c <- W T_s x (c distinct from x; both 2 ny nx, complex interleaved). Returns c. */
  analysis(x: Float64Array, c: Float64Array, sy = 0, sx = 0): Float64Array {
    this.check(x, c);
    for (let i = 0; i < this.schedule.length; i++) this.step(i, false, x, c, sy, sx, 0, this.schedule[i].items);
    return c;
  }

  /** out <- T_s^{-1} W^T c; c is overwritten (scratch). out distinct from c. Returns out. */
  synthesis(c: Float64Array, out: Float64Array, sy = 0, sx = 0): Float64Array {
    this.check(c, out);
    for (let i = this.schedule.length - 1; i >= 0; i--) this.step(i, true, c, out, sy, sx, 0, this.schedule[i].items);
    return out;
  }

  /**
   * The transform as steps (analysis runs them in order, synthesis in reverse): the shifted first
   * level (or the shift alone) from the image into the coefficients, then per level the x pairs
   * and the y pairs in place. Step i over items [lo, hi) of its `items` (row pairs, rows or
   * columns), each item computed whole: the steps of a split transform, each over parts of its
   * items that together cover them, give exactly the transform (the team kernel `haar.step`).
   */
  get steps(): readonly Step[] {
    return this.schedule;
  }

  /**
   * Step i on items [lo, hi): forward from `src` (the image) into `dst` (the coefficients), or
   * with `inverse` from `src` (coefficients, overwritten) into `dst` (the image). No checks.
   */
  step(i: number, inverse: boolean, src: Float64Array, dst: Float64Array, sy: number, sx: number, lo: number, hi: number): void {
    const st = this.schedule[i];
    if (st.kind === 'first' || st.kind === 'gather') {
      this.sources(sy, sx);
      if (st.kind === 'first') this.first(src, dst, inverse, lo, hi);
      else if (inverse) this.gather(dst, src, true, lo, hi);
      else this.gather(src, dst, false, lo, hi);
      return;
    }
    const c = inverse ? src : dst;
    const g = this.geometry[st.level];
    if (st.kind === 'x') xPairs(c, this.nx, lo, hi, g.rowStride, g.colStride, g.ax as AxisLevel);
    else yPairs(c, this.nx, lo, hi, g.rowStride, g.colStride, g.ay as AxisLevel);
  }

  private check(a: Float64Array, b: Float64Array): void {
    const len = 2 * this.ny * this.nx;
    for (const [name, v] of [
      ['input', a],
      ['out', b],
    ] as const) {
      if (!(v instanceof Float64Array) || v.length !== len) {
        throw new CandorError(`haar2Any(${this.ny}x${this.nx})`, name, `a Float64Array of ${len} (complex ${this.ny}x${this.nx})`, v instanceof Float64Array ? `length ${v.length}` : typeof v);
      }
    }
    if (a === b) throw new CandorError(`haar2Any(${this.ny}x${this.nx})`, 'out', 'a buffer distinct from the input', 'the input itself');
  }

  /** The shift alone for rows [i0, i1): c[i, j] = x[src] (or its inverse, x[src] = c[i, j]). */
  private gather(x: Float64Array, c: Float64Array, inverse: boolean, i0: number, i1: number): void {
    const { nx, rowSrc, colSrc } = this;
    for (let i = i0; i < i1; i++) {
      const ri = 2 * rowSrc[i] * nx;
      const ci = 2 * i * nx;
      for (let j = 0; j < nx; j++) {
        const s = ri + 2 * colSrc[j];
        const d = ci + 2 * j;
        if (inverse) {
          x[s] = c[d];
          x[s + 1] = c[d + 1];
        } else {
          c[d] = x[s];
          c[d + 1] = x[s + 1];
        }
      }
    }
  }

  /**
   * Level 1 on both axes with the shift: 2 x 2 blocks of x (at the shifted positions) to their
   * four coefficients in c, or back (`inverse`: c to out = `src`). All level-1 pairs are
   * balanced (blocks of one sample); an odd side leaves its last row or column to one axis.
   * Row pairs [p0, p1); the range that ends at the last pair also does an odd last row.
   */
  private first(src: Float64Array, dst: Float64Array, inverse: boolean, p0: number, p1: number): void {
    const { ny, nx, rowSrc, colSrc } = this;
    const py = ny >> 1;
    const px = nx >> 1;
    const w = 2 * nx;
    // inverse: src = c (coefficients), dst = image; forward: src = image, dst = c
    const img = inverse ? dst : src;
    const cof = inverse ? src : dst;
    for (let p = p0; p < p1; p++) {
      const r0 = rowSrc[2 * p] * w;
      const r1 = rowSrc[2 * p + 1] * w;
      const c0 = 2 * p * w;
      const c1 = c0 + w;
      for (let q = 0; q < px; q++) {
        const s0 = 2 * colSrc[2 * q];
        const s1 = 2 * colSrc[2 * q + 1];
        const a = r0 + s0;
        const b = r0 + s1;
        const d = r1 + s0;
        const e = r1 + s1;
        const k = 4 * q;
        if (!inverse) {
          const ar = img[a], ai = img[a + 1], br = img[b], bi = img[b + 1];
          const dr = img[d], di = img[d + 1], er = img[e], ei = img[e + 1];
          const sr = ar + br, si = ai + bi, tr = ar - br, ti = ai - bi;
          const ur = dr + er, ui = di + ei, vr = dr - er, vi = di - ei;
          cof[c0 + k] = 0.5 * (sr + ur);
          cof[c0 + k + 1] = 0.5 * (si + ui);
          cof[c0 + k + 2] = 0.5 * (tr + vr);
          cof[c0 + k + 3] = 0.5 * (ti + vi);
          cof[c1 + k] = 0.5 * (sr - ur);
          cof[c1 + k + 1] = 0.5 * (si - ui);
          cof[c1 + k + 2] = 0.5 * (tr - vr);
          cof[c1 + k + 3] = 0.5 * (ti - vi);
        } else {
          const llr = cof[c0 + k], lli = cof[c0 + k + 1], lhr = cof[c0 + k + 2], lhi = cof[c0 + k + 3];
          const hlr = cof[c1 + k], hli = cof[c1 + k + 1], hhr = cof[c1 + k + 2], hhi = cof[c1 + k + 3];
          const sr = llr + hlr, si = lli + hli, ur = llr - hlr, ui = lli - hli;
          const tr = lhr + hhr, ti = lhi + hhi, vr = lhr - hhr, vi = lhi - hhi;
          img[a] = 0.5 * (sr + tr);
          img[a + 1] = 0.5 * (si + ti);
          img[b] = 0.5 * (sr - tr);
          img[b + 1] = 0.5 * (si - ti);
          img[d] = 0.5 * (ur + vr);
          img[d + 1] = 0.5 * (ui + vi);
          img[e] = 0.5 * (ur - vr);
          img[e + 1] = 0.5 * (ui - vi);
        }
      }
      if (nx % 2 === 1) {
        // the last column: the y pair only
        const s = 2 * colSrc[nx - 1];
        const k = 2 * (nx - 1);
        this.pair(img, r0 + s, r1 + s, cof, c0 + k, c1 + k, R, R, inverse);
      }
    }
    if (ny % 2 === 1 && p1 === py) {
      // the last row: the x pairs only, then the corner alone
      const r = rowSrc[ny - 1] * w;
      const c = (ny - 1) * w;
      for (let q = 0; q < px; q++) {
        this.pair(img, r + 2 * colSrc[2 * q], r + 2 * colSrc[2 * q + 1], cof, c + 4 * q, c + 4 * q + 2, R, R, inverse);
      }
      if (nx % 2 === 1) {
        const s = r + 2 * colSrc[nx - 1];
        const k = c + 2 * (nx - 1);
        if (inverse) {
          img[s] = cof[k];
          img[s + 1] = cof[k + 1];
        } else {
          cof[k] = img[s];
          cof[k + 1] = img[s + 1];
        }
      }
    }
  }

  /** One rotation between image entries (i0, i1) and coefficient entries (k0, k1), either way. */
  private pair(img: Float64Array, i0: number, i1: number, cof: Float64Array, k0: number, k1: number, a: number, c: number, inverse: boolean): void {
    if (!inverse) {
      const ur = img[i0], ui = img[i0 + 1], vr = img[i1], vi = img[i1 + 1];
      cof[k0] = a * ur + c * vr;
      cof[k0 + 1] = a * ui + c * vi;
      cof[k1] = c * ur - a * vr;
      cof[k1 + 1] = c * ui - a * vi;
    } else {
      const lr = cof[k0], li = cof[k0 + 1], hr = cof[k1], hi = cof[k1 + 1];
      img[i0] = a * lr + c * hr;
      img[i0 + 1] = a * li + c * hi;
      img[i1] = c * lr - a * hr;
      img[i1 + 1] = c * li - a * hi;
    }
  }

}

/** The rotation of one pair of entries (i0, i1) of c, in place (its own inverse). */
function rotate(c: Float64Array, i0: number, i1: number, a: number, b: number): void {
  const ur = c[i0];
  const ui = c[i0 + 1];
  const vr = c[i1];
  const vi = c[i1 + 1];
  c[i0] = a * ur + b * vr;
  c[i0 + 1] = a * ui + b * vi;
  c[i1] = b * ur - a * vr;
  c[i1 + 1] = b * ui - a * vi;
}

/** The x pairs of active rows [k0, k1) (row stride, column stride in entries). */
function xPairs(c: Float64Array, nx: number, k0: number, k1: number, rowStride: number, colStride: number, ax: AxisLevel): void {
  const d = 2 * colStride;
  const w = 2 * nx * rowStride;
  const last = ax.pairs - 1;
  for (let k = k0; k < k1; k++) {
    const base = k * w;
    for (let p = 0; p < last; p++) rotate(c, base + 2 * p * d, base + (2 * p + 1) * d, R, R);
    if (last >= 0) rotate(c, base + 2 * last * d, base + (2 * last + 1) * d, ax.lastA, ax.lastC);
  }
}

/** The y pairs of active columns [k0, k1). */
function yPairs(c: Float64Array, nx: number, k0: number, k1: number, rowStride: number, colStride: number, ay: AxisLevel): void {
  const d = 2 * nx * rowStride;
  const e = 2 * colStride;
  for (let p = 0; p < ay.pairs; p++) {
    const last = p === ay.pairs - 1;
    const a = last ? ay.lastA : R;
    const b = last ? ay.lastC : R;
    const i0 = 2 * p * d;
    for (let k = k0; k < k1; k++) rotate(c, i0 + k * e, i0 + d + k * e, a, b);
  }
}
