/**
 * Candor's seeded random generator: xoshiro256** (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 47(4), 2021) with its 256-bit state held as eight
 * 32-bit halves, so every output is computed with exact 32-bit integer operations and the stream
 * is bit-identical on every machine, in Node and in the browser. Period 2^256 - 1; passes
 * BigCrush and PractRand; all 64 output bits are usable (the ** scrambler, unlike +, has no weak
 * low bits).
 *
 * One step, on 64-bit words s0..s3 (mod 2^64):
 *
 *     out = rotl(s1 * 5, 7) * 9
 *     t = s1 << 17;  s2 ^= s0;  s3 ^= s1;  s1 ^= s2;  s0 ^= s3;  s2 ^= t;  s3 = rotl(s3, 45)
 *
 * How outputs are used (the stream contract, mirrored in scripts/fixtures/core_rng.py):
 * - `nextUint32()`: the high 32 bits of one output;
 * - `uniform()`: (out >> 11) * 2^-53, a multiple of 2^-53 in [0, 1);
 * - `normal()`: one output per ziggurat attempt (./ziggurat.ts): bits 0-7 layer, bit 8 sign,
 *   bits 12-63 the 52-bit abscissa; rejected attempts draw uniforms for the wedge/tail tests;
 * - `fillRademacher`: 64 signs per output, bit b of out (b = 0..63) gives +1 when set, else -1.
 * Bulk fills produce exactly the values of the corresponding single calls in order.
 *
 * Construct with {@link createRng} (./index.ts), which derives the state from (seed, ...ids).
 */
import { CandorError, checkInt, checkNumber, describe } from '../errors.ts';
import { detExp, detLog } from './detmath.ts';
import { permutation, type SparseModel, sampleWithoutReplacement, sparseVector } from './sample.ts';
import { NORMAL_CHUNK, NORMAL_WASM_MIN, type NormalKernel, normalKernel } from './wasm-normal.ts';
import { ZIG_F, ZIG_K, ZIG_R, ZIG_W } from './ziggurat.ts';

const TWO32 = 4294967296;
const TWO21 = 2097152;
const TWO20 = 1048576;
const TWO_M53 = 1.1102230246251565e-16;
const INV_R = 1 / ZIG_R;

/**
 * Candor's seeded generator, xoshiro256** in exact 32-bit arithmetic (bit-identical streams in
 * Node and browsers): uniforms, Gaussians, permutations and sparse vectors. Create it with
 * {@link createRng}.
 */
export class Rng {
  /** State: [s0.hi, s0.lo, s1.hi, s1.lo, s2.hi, s2.lo, s3.hi, s3.lo]. */
  private readonly s: Int32Array;
  /** Low 32 bits of the last output of `step()` (the high half is its return value). */
  private lo = 0;

  /** Use {@link createRng}; `state` is 8 int32 halves, not all zero. */
  constructor(state: Int32Array) {
    if (!(state instanceof Int32Array) || state.length !== 8 || state.every((v) => v === 0)) {
      throw new CandorError('Rng', 'state', 'an Int32Array of 8 halves, not all zero', describe(state));
    }
    this.s = Int32Array.from(state);
  }

  /** An independent copy continuing the same stream. */
  clone(): Rng {
    return new Rng(this.s);
  }

  /** One xoshiro256** step: returns the high 32 bits (signed int32) and leaves the low half in `this.lo`. */
  private step(): number {
    const s = this.s;
    let s0h = s[0];
    let s0l = s[1];
    let s1h = s[2];
    let s1l = s[3];
    let s2h = s[4];
    let s2l = s[5];
    let s3h = s[6];
    let s3l = s[7];
    // out = rotl(s1 * 5, 7) * 9, with x*5 = (x << 2) + x and x*9 = (x << 3) + x
    let ph = (s1h << 2) | (s1l >>> 30);
    let pl = s1l << 2;
    const ql = (pl + s1l) | 0;
    const qh = (ph + s1h + (((pl & s1l) | ((pl | s1l) & ~ql)) >>> 31)) | 0;
    const rh = (qh << 7) | (ql >>> 25);
    const rl = (ql << 7) | (qh >>> 25);
    ph = (rh << 3) | (rl >>> 29);
    pl = rl << 3;
    const ol = (pl + rl) | 0;
    const oh = (ph + rh + (((pl & rl) | ((pl | rl) & ~ol)) >>> 31)) | 0;
    // state update
    const th = (s1h << 17) | (s1l >>> 15);
    const tl = s1l << 17;
    s2h ^= s0h;
    s2l ^= s0l;
    s3h ^= s1h;
    s3l ^= s1l;
    s1h ^= s2h;
    s1l ^= s2l;
    s0h ^= s3h;
    s0l ^= s3l;
    s2h ^= th;
    s2l ^= tl;
    const uh = s3l; // rotl 45 = swap halves, then rotl 13
    const ul = s3h;
    s3h = (uh << 13) | (ul >>> 19);
    s3l = (ul << 13) | (uh >>> 19);
    s[0] = s0h;
    s[1] = s0l;
    s[2] = s1h;
    s[3] = s1l;
    s[4] = s2h;
    s[5] = s2l;
    s[6] = s3h;
    s[7] = s3l;
    this.lo = ol;
    return oh;
  }

  /** The next 64-bit output as a bigint (for tests and seeding other generators). */
  nextUint64(): bigint {
    const h = this.step() >>> 0;
    return (BigInt(h) << 32n) | BigInt(this.lo >>> 0);
  }

  /** A uniform 32-bit unsigned integer: the high half of one 64-bit output. */
  nextUint32(): number {
    return this.step() >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits: (out >> 11) * 2^-53. */
  uniform(): number {
    const h = this.step() >>> 0;
    return (h * TWO21 + (this.lo >>> 11)) * TWO_M53;
  }

  /** out[i] = lo + (hi - lo) u_i with u_i = uniform() (values in [lo, hi), up to rounding at hi). */
  fillUniform(out: Float64Array, lo = 0, hi = 1): Float64Array {
    checkOut('fillUniform', out);
    checkNumber('fillUniform', 'lo', lo);
    checkNumber('fillUniform', 'hi', hi, lo);
    const w = hi - lo;
    if (!Number.isFinite(w)) throw new CandorError('fillUniform', 'hi - lo', 'a finite width', String(w));
    for (let i = 0; i < out.length; i++) out[i] = lo + w * this.uniform();
    return out;
  }

  /**
   * A standard normal N(0, 1) sample by the 256-layer ziggurat (see ./ziggurat.ts).
   * Reference: Marsaglia & Tsang, J. Stat. Softw. 5(8), 2000.
   */
  normal(): number {
    for (;;) {
      const h = this.step() >>> 0;
      const l = this.lo;
      const idx = l & 255;
      const u = h * TWO20 + (l >>> 12);
      const x = u * ZIG_W[idx];
      if (u < ZIG_K[idx]) return l & 256 ? -x : x;
      const z = this.slow(idx, x, (l & 256) !== 0);
      if (!Number.isNaN(z)) return z; // NaN signals a rejection: draw again
    }
  }

  /** Wedge or tail test for a draw that left the rectangles; NaN when rejected. */
  private slow(idx: number, x: number, negative: boolean): number {
    if (idx === 0) {
      for (;;) {
        const xx = -INV_R * detLog(1 - this.uniform());
        const yy = -detLog(1 - this.uniform());
        if (yy + yy > xx * xx) return negative ? -(ZIG_R + xx) : ZIG_R + xx;
      }
    }
    const f0 = ZIG_F[idx];
    if ((ZIG_F[idx - 1] - f0) * this.uniform() + f0 < detExp(-0.5 * x * x)) return negative ? -x : x;
    return Number.NaN;
  }

  /**
   * out[i] = mean + std * z_i with z_i the next `normal()` values. From 64 values on, the common
   * path runs in WebAssembly on native 64-bit integers (./wasm-normal.ts; bit-identical, tested);
   * below that, or without WebAssembly, in JavaScript with the state in locals and the rectangle
   * test inlined: one xoshiro step, two table reads and a multiply per sample (see
   * bench/groups/core/rng.ts).
   */
  fillNormal(out: Float64Array, mean = 0, std = 1): Float64Array {
    checkOut('fillNormal', out);
    checkNumber('fillNormal', 'mean', mean);
    checkNumber('fillNormal', 'std', std, 0);
    const s = this.s;
    const n = out.length;
    if (n >= NORMAL_WASM_MIN) {
      const k = normalKernel();
      if (k !== null) return this.fillNormalWasm(k, out, mean, std);
    }
    const K = ZIG_K;
    const W = ZIG_W;
    let s0h = s[0];
    let s0l = s[1];
    let s1h = s[2];
    let s1l = s[3];
    let s2h = s[4];
    let s2l = s[5];
    let s3h = s[6];
    let s3l = s[7];
    for (let i = 0; i < n; i++) {
      let ph = (s1h << 2) | (s1l >>> 30);
      let pl = s1l << 2;
      const ql = (pl + s1l) | 0;
      const qh = (ph + s1h + (((pl & s1l) | ((pl | s1l) & ~ql)) >>> 31)) | 0;
      const rh = (qh << 7) | (ql >>> 25);
      const rl = (ql << 7) | (qh >>> 25);
      ph = (rh << 3) | (rl >>> 29);
      pl = rl << 3;
      const ol = (pl + rl) | 0;
      const oh = (ph + rh + (((pl & rl) | ((pl | rl) & ~ol)) >>> 31)) | 0;
      const th = (s1h << 17) | (s1l >>> 15);
      const tl = s1l << 17;
      s2h ^= s0h;
      s2l ^= s0l;
      s3h ^= s1h;
      s3l ^= s1l;
      s1h ^= s2h;
      s1l ^= s2l;
      s0h ^= s3h;
      s0l ^= s3l;
      s2h ^= th;
      s2l ^= tl;
      const uh = s3l;
      const ul = s3h;
      s3h = (uh << 13) | (ul >>> 19);
      s3l = (ul << 13) | (uh >>> 19);

      const idx = ol & 255;
      const u = (oh >>> 0) * TWO20 + (ol >>> 12);
      let x = u * W[idx];
      if (u >= K[idx]) {
        // rare path (~0.7%): hand the state back, finish this sample through normal(), reload
        s[0] = s0h;
        s[1] = s0l;
        s[2] = s1h;
        s[3] = s1l;
        s[4] = s2h;
        s[5] = s2l;
        s[6] = s3h;
        s[7] = s3l;
        x = this.slow(idx, x, (ol & 256) !== 0);
        if (Number.isNaN(x)) x = this.normal(); // rejected: the sample comes from fresh draws
        s0h = s[0];
        s0l = s[1];
        s1h = s[2];
        s1l = s[3];
        s2h = s[4];
        s2l = s[5];
        s3h = s[6];
        s3l = s[7];
        out[i] = mean + std * x;
        continue;
      }
      out[i] = mean + std * (x * (1 - ((ol >>> 7) & 2)));
    }
    s[0] = s0h;
    s[1] = s0l;
    s[2] = s1h;
    s[3] = s1l;
    s[4] = s2h;
    s[5] = s2l;
    s[6] = s3h;
    s[7] = s3l;
    return out;
  }

  /**
   * fillNormal through the WebAssembly kernel (./wasm-normal.ts): chunks of the common path, and
   * each draw that leaves the rectangles finished here by the same wedge / tail test, so the
   * samples and the final state equal the JavaScript path's bit for bit.
   */
  private fillNormalWasm(k: NormalKernel, out: Float64Array, mean: number, std: number): Float64Array {
    const s = this.s;
    const st = k.i32;
    const buf = k.out;
    const n = out.length;
    for (let j = 0; j < 8; j += 2) {
      st[j] = s[j + 1];
      st[j + 1] = s[j];
    }
    for (let pos = 0; pos < n; pos += NORMAL_CHUNK) {
      const count = Math.min(NORMAL_CHUNK, n - pos);
      let i = k.fill(0, count, mean, std);
      while (i < count) {
        // a draw outside the rectangles: finish it with the JavaScript wedge / tail test
        for (let j = 0; j < 8; j += 2) {
          s[j] = st[j + 1];
          s[j + 1] = st[j];
        }
        const ol = st[8];
        const idx = ol & 255;
        let x = (st[9] >>> 0) * TWO20 + (ol >>> 12);
        x = this.slow(idx, x * ZIG_W[idx], (ol & 256) !== 0);
        if (Number.isNaN(x)) x = this.normal();
        buf[i] = mean + std * x;
        for (let j = 0; j < 8; j += 2) {
          st[j] = s[j + 1];
          st[j + 1] = s[j];
        }
        i = k.fill(i + 1, count, mean, std);
      }
      out.set(count === NORMAL_CHUNK ? buf : buf.subarray(0, count), pos);
    }
    for (let j = 0; j < 8; j += 2) {
      s[j] = st[j + 1];
      s[j + 1] = st[j];
    }
    return out;
  }

  /** Circularly-symmetric complex normals, interleaved re/im: each part N(0, 1/2), so E|z|^2 = 1. */
  fillComplexNormal(out: Float64Array): Float64Array {
    checkOut('fillComplexNormal', out);
    if (out.length % 2 !== 0) {
      throw new CandorError('fillComplexNormal', 'out length', 'an even length (interleaved re/im)', String(out.length));
    }
    return this.fillNormal(out, 0, Math.SQRT1_2);
  }

  /** out[i] = +-1 with probability 1/2 each; 64 signs per output (bit b set -> +1). */
  fillRademacher(out: Float64Array): Float64Array {
    checkOut('fillRademacher', out);
    const n = out.length;
    for (let i = 0; i < n; i += 64) {
      const h = this.step();
      const l = this.lo;
      const m = Math.min(64, n - i);
      for (let b = 0; b < m; b++) {
        const w = b < 32 ? l >>> b : h >>> (b - 32);
        out[i + b] = w & 1 ? 1 : -1;
      }
    }
    return out;
  }

  /**
   * A uniform integer in [0, n), unbiased, for 1 <= n <= 2^53. For n <= 2^32 Lemire's
   * multiply-and-reject ("Fast random integer generation in an interval", ACM TOMACS 29(1), 2019):
   * m = x n for a 32-bit x, reject while (m mod 2^32) < (2^32 - n) mod n, return floor(m / 2^32).
   * For larger n: rejection on 53-bit integers v < 2^53 - (2^53 mod n), returning v mod n.
   */
  int(n: number): number {
    checkInt('int', 'n', n, 1, 9007199254740992);
    return this.intUnchecked(n);
  }

  /** `int(n)` without the argument check (n an integer in [1, 2^53]); for internal loops. */
  intUnchecked(n: number): number {
    if (n <= TWO32) {
      let x = this.step() >>> 0;
      let low = Math.imul(x, n) >>> 0;
      if (low < n) {
        const t = (TWO32 - n) % n;
        while (low < t) {
          x = this.step() >>> 0;
          low = Math.imul(x, n) >>> 0;
        }
      }
      // floor(x n / 2^32), exact: split x into 16-bit halves so every product is < 2^53
      const xh = x >>> 16;
      const xl = x & 0xffff;
      return Math.floor((xh * n + Math.floor((xl * n) / 65536)) / 65536);
    }
    const lim = 9007199254740992 - (9007199254740992 % n);
    for (;;) {
      const v = (this.step() >>> 0) * TWO21 + (this.lo >>> 11);
      if (v < lim) return v % n;
    }
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates; see ./sample.ts). */
  permutation(n: number): Int32Array {
    return permutation(this, n);
  }

  /** k distinct indices uniform in [0, n), sorted ascending into out[0..k-1] (Floyd; see ./sample.ts). */
  sampleWithoutReplacement(n: number, k: number, out: Int32Array): Int32Array {
    return sampleWithoutReplacement(this, n, k, out);
  }

  /** A random k-sparse vector in `out` with amplitudes from `model` (see ./sample.ts). */
  sparseVector(n: number, k: number, model: SparseModel, out: Float64Array, supportOut?: Int32Array): Float64Array {
    return sparseVector(this, n, k, model, out, supportOut);
  }
}

function checkOut(where: string, out: unknown): void {
  if (!(out instanceof Float64Array)) throw new CandorError(where, 'out', 'a Float64Array', describe(out));
}
