/**
 * Property tests (fast-check, seeded) of the FFT layer over random sizes (powers of two, mixed
 * radix, generic odd primes and Bluestein alike): inverse round trip in every norm, Parseval for
 * 'ortho', linearity, the shift theorem, rfft = half of fft, and fft2 = 1-D FFTs along both axes;
 * and the WebAssembly SIMD stages agree with the JavaScript ones entry by entry.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  dct,
  dct2d,
  type FftNorm,
  fft,
  fft2,
  fftshift,
  idct,
  idct2d,
  ifft,
  ifft2,
  ifftshift,
  irfft,
  rfft,
  setFftWasm,
} from '../../src/core/fft/index.ts';
import { createRng } from '../../src/core/rng/index.ts';

const SEED = 20260529;
const TOL = 1e-12;

function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return s === 0 ? Math.sqrt(d) : Math.sqrt(d / s);
}

function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

const entry = fc.double({ min: -1, max: 1, noNaN: true });
/** A size n in [1, maxN] and a complex interleaved vector of length 2n. */
const complexVec = (maxN: number) =>
  fc
    .integer({ min: 1, max: maxN })
    .chain((n) => fc.array(entry, { minLength: 2 * n, maxLength: 2 * n }).map((a) => Float64Array.from(a)));
const normArb = fc.constantFrom<FftNorm>('backward', 'ortho', 'forward');

describe('FFT properties', () => {
  it('ifft(fft(x)) = x in every norm', () => {
    fc.assert(
      fc.property(complexVec(140), normArb, (x, nm) => {
        const back = ifft(fft(x, new Float64Array(x.length), nm), new Float64Array(x.length), nm);
        assert.ok(rel(back, x) <= TOL, `n=${x.length / 2} ${nm}: ${rel(back, x)}`);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("Parseval: ||fft(x, 'ortho')|| = ||x||", () => {
    fc.assert(
      fc.property(complexVec(300), (x) => {
        const X = fft(x, new Float64Array(x.length), 'ortho');
        assert.ok(Math.abs(norm(X) - norm(x)) <= TOL * norm(x), `n=${x.length / 2}`);
      }),
      { seed: SEED + 1, numRuns: 100 },
    );
  });

  it('linearity: fft(a x + b y) = a fft(x) + b fft(y) for complex a, b', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 100 })
          .chain((n) =>
            fc.tuple(
              fc.array(entry, { minLength: 2 * n, maxLength: 2 * n }),
              fc.array(entry, { minLength: 2 * n, maxLength: 2 * n }),
              fc.tuple(entry, entry, entry, entry),
            ),
          ),
        ([xa, ya, [ar, ai, br, bi]]) => {
          const x = Float64Array.from(xa);
          const y = Float64Array.from(ya);
          const L = x.length;
          const comb = new Float64Array(L);
          for (let i = 0; i < L; i += 2) {
            comb[i] = ar * x[i] - ai * x[i + 1] + br * y[i] - bi * y[i + 1];
            comb[i + 1] = ar * x[i + 1] + ai * x[i] + br * y[i + 1] + bi * y[i];
          }
          const X = fft(x, new Float64Array(L));
          const Y = fft(y, new Float64Array(L));
          const ref = new Float64Array(L);
          for (let i = 0; i < L; i += 2) {
            ref[i] = ar * X[i] - ai * X[i + 1] + br * Y[i] - bi * Y[i + 1];
            ref[i + 1] = ar * X[i + 1] + ai * X[i] + br * Y[i + 1] + bi * Y[i];
          }
          const got = fft(comb, new Float64Array(L));
          // relative to the size of the terms (the combination may cancel)
          const scale = Math.hypot(ar, ai) * norm(X) + Math.hypot(br, bi) * norm(Y);
          assert.ok(norm(got.map((v, i) => v - ref[i])) <= TOL * scale, `n=${L / 2}`);
        },
      ),
      { seed: SEED + 2, numRuns: 100 },
    );
  });

  it('shift theorem: fft(roll(x, s))_k = e^{-2 pi i k s/n} fft(x)_k', () => {
    fc.assert(
      fc.property(complexVec(120), fc.nat(1000), (x, s0) => {
        const n = x.length / 2;
        const s = s0 % n;
        const rolled = new Float64Array(2 * n);
        for (let j = 0; j < n; j++) {
          rolled[2 * ((j + s) % n)] = x[2 * j];
          rolled[2 * ((j + s) % n) + 1] = x[2 * j + 1];
        }
        const X = fft(x, new Float64Array(2 * n));
        const ref = new Float64Array(2 * n);
        for (let k = 0; k < n; k++) {
          const a = (-2 * Math.PI * ((k * s) % n)) / n;
          const c = Math.cos(a);
          const d = Math.sin(a);
          ref[2 * k] = c * X[2 * k] - d * X[2 * k + 1];
          ref[2 * k + 1] = c * X[2 * k + 1] + d * X[2 * k];
        }
        const got = fft(rolled, new Float64Array(2 * n));
        assert.ok(rel(got, ref) <= TOL, `n=${n} s=${s}: ${rel(got, ref)}`);
      }),
      { seed: SEED + 3, numRuns: 100 },
    );
  });

  it('rfft(x) is the first floor(n/2)+1 entries of fft(x), and irfft inverts it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }).chain((n) => fc.array(entry, { minLength: n, maxLength: n })),
        normArb,
        (xa, nm) => {
          const n = xa.length;
          const x = Float64Array.from(xa);
          const xc = new Float64Array(2 * n);
          for (let i = 0; i < n; i++) xc[2 * i] = x[i];
          const full = fft(xc, new Float64Array(2 * n), nm);
          const nc = (n >> 1) + 1;
          const half = rfft(x, new Float64Array(2 * nc), nm);
          assert.ok(rel(half, full.subarray(0, 2 * nc)) <= TOL, `rfft n=${n}`);
          const back = irfft(half, new Float64Array(n), nm);
          assert.ok(rel(back, x) <= TOL, `irfft n=${n}`);
        },
      ),
      { seed: SEED + 4, numRuns: 150 },
    );
  });

  it('fft2 = 1-D FFTs of every row then every column; ifft2 inverts it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (ny, nx, seed) => {
          const r = fc.sample(fc.array(entry, { minLength: 2 * ny * nx, maxLength: 2 * ny * nx }), {
            seed,
            numRuns: 1,
          })[0];
          const x = Float64Array.from(r);
          const ref = x.slice();
          for (let y = 0; y < ny; y++) {
            const row = ref.subarray(2 * nx * y, 2 * nx * (y + 1));
            fft(row.slice(), row);
          }
          const col = new Float64Array(2 * ny);
          for (let c = 0; c < nx; c++) {
            for (let y = 0; y < ny; y++) col.set(ref.subarray(2 * (y * nx + c), 2 * (y * nx + c) + 2), 2 * y);
            fft(col, col);
            for (let y = 0; y < ny; y++) ref.set(col.subarray(2 * y, 2 * y + 2), 2 * (y * nx + c));
          }
          const got = fft2(x, new Float64Array(x.length), ny, nx);
          assert.ok(rel(got, ref) <= TOL, `${ny}x${nx}`);
          assert.ok(rel(ifft2(got, new Float64Array(x.length), ny, nx), x) <= TOL, `${ny}x${nx} inverse`);
        },
      ),
      { seed: SEED + 5, numRuns: 80 },
    );
  });

  it('ifftshift undoes fftshift for every size', () => {
    fc.assert(
      fc.property(complexVec(50), (x) => {
        const back = ifftshift(fftshift(x, new Float64Array(x.length)), new Float64Array(x.length));
        assert.deepEqual(back, x);
      }),
      { seed: SEED + 6, numRuns: 100 },
    );
  });
});

describe('SIMD and JavaScript stages agree', () => {
  const pow2 = fc.integer({ min: 0, max: 13 }).map((k) => 2 ** k);
  /** Equal entry by entry (=== also equates 0 and -0, the one difference a unit twiddle can make). */
  function same(a: Float64Array, b: Float64Array, label: string): void {
    for (let i = 0; i < a.length; i++)
      if (a[i] !== b[i]) assert.fail(`${label}: entry ${i}: ${a[i]} vs ${b[i]}`);
  }
  function both<T>(f: () => T): [T, T] {
    try {
      setFftWasm(true);
      const a = f();
      setFftWasm(false);
      return [a, f()];
    } finally {
      setFftWasm(true);
    }
  }
  const check = (n: number, ny: number, nx: number, seed: number) => {
    const x = createRng(seed).fillNormal(new Float64Array(2 * Math.max(n, ny * nx)));
    const x1 = x.subarray(0, 2 * n);
    const [f1, f2] = both(() => fft(x1, new Float64Array(2 * n)));
    same(f1, f2, `fft n=${n}`);
    const [i1, i2] = both(() => ifft(x1, new Float64Array(2 * n), 'ortho'));
    same(i1, i2, `ifft n=${n}`);
    const x2 = x.subarray(0, 2 * ny * nx);
    const [g1, g2] = both(() => fft2(x2, new Float64Array(2 * ny * nx), ny, nx));
    same(g1, g2, `fft2 ${ny}x${nx}`);
    const [h1, h2] = both(() => ifft2(x2, new Float64Array(2 * ny * nx), ny, nx));
    same(h1, h2, `ifft2 ${ny}x${nx}`);
    const xr = x.subarray(0, n);
    const [d1, d2] = both(() => dct(xr, new Float64Array(n)));
    same(d1, d2, `dct n=${n}`);
    const [e1, e2] = both(() => idct(xr, new Float64Array(n)));
    same(e1, e2, `idct n=${n}`);
    const x3 = x.subarray(0, ny * nx);
    const [p1, p2] = both(() => dct2d(x3, new Float64Array(ny * nx), ny, nx));
    same(p1, p2, `dct2d ${ny}x${nx}`);
    const [q1, q2] = both(() => idct2d(x3, new Float64Array(ny * nx), ny, nx));
    same(q1, q2, `idct2d ${ny}x${nx}`);
  };
  it('fft, ifft, fft2, dct and idct give identical values (same operations in the same order) on power-of-two sizes', () => {
    fc.assert(
      fc.property(pow2, pow2, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (ny0, nx0, seed) => {
        check(nx0, Math.min(ny0, 64), Math.min(nx0, 256), seed);
      }),
      { seed: SEED + 7, numRuns: 60 },
    );
  });
  it('... and on every other size: mixed radix, generic odd primes, Bluestein, 2-D blocks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (n, ny, nx, seed) => check(n, ny, nx, seed),
      ),
      { seed: SEED + 10, numRuns: 60 },
    );
    // generic radices 13 and 23, and shapes large enough for the cache-blocked 2-D path
    check(4095, 230, 180, 1);
    check(1001, 368, 640, 2);
    check(2 * 23 * 23, 529, 300, 3);
  });
  it('the round-trip and fft2 properties hold on the JavaScript stages too', () => {
    try {
      setFftWasm(false);
      fc.assert(
        fc.property(complexVec(300), normArb, (x, nm) => {
          const back = ifft(fft(x, new Float64Array(x.length), nm), new Float64Array(x.length), nm);
          assert.ok(rel(back, x) <= TOL, `n=${x.length / 2} ${nm}`);
        }),
        { seed: SEED + 8, numRuns: 100 },
      );
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), (a, b) => {
          const ny = 2 ** a;
          const nx = 2 ** b;
          const x = Float64Array.from(fc.sample(entry, { seed: a * 8 + b, numRuns: 2 * ny * nx }));
          const back = ifft2(fft2(x, new Float64Array(x.length), ny, nx), new Float64Array(x.length), ny, nx);
          assert.ok(rel(back, x) <= TOL, `${ny}x${nx}`);
        }),
        { seed: SEED + 9, numRuns: 40 },
      );
    } finally {
      setFftWasm(true);
    }
  });
});
