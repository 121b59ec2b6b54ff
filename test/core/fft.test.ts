/**
 * The FFT layer against numpy.fft (test/fixtures/core_fft.json, written by
 * scripts/fixtures/core_fft.py) at 1e-12 relative, plus its bad-input messages.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  type FftNorm,
  centeredFft2Plan,
  fft,
  fft2,
  fft2c,
  fft2Plan,
  fftPlan,
  fftshift,
  fftshift2,
  ifft,
  ifft2,
  ifft2c,
  ifftshift,
  ifftshift2,
  irfft,
  rfft,
  rfftPlan,
  setFftWasm,
  fftSimd,
} from '../../src/core/fft/index.ts';

type Arr = number[];
const fx = JSON.parse(readFileSync(new URL('../fixtures/core_fft.json', import.meta.url), 'utf8')) as {
  fft: ({ n: number; x: Arr } & Record<string, Arr>)[];
  fft2: ({ ny: number; nx: number; x: Arr } & Record<string, Arr>)[];
  rfft: ({ n: number; x: Arr; X: Arr } & Record<string, Arr>)[];
  shift: { n: number; x: Arr; fftshift: Arr; ifftshift: Arr }[];
  shift2: { ny: number; nx: number; x: Arr; fftshift2: Arr; ifftshift2: Arr }[];
  centered: { ny: number; nx: number; img: Arr; k: Arr; fft2c: Arr; ifft2c: Arr }[];
};

const TOL = 1e-12;

/** ||a - b|| / ||b|| (absolute when b = 0). */
export function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'lengths');
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return s === 0 ? Math.sqrt(d) : Math.sqrt(d / s);
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, label: string, tol = TOL): void {
  const r = rel(a, b);
  assert.ok(r <= tol, `${label}: relative error ${r.toExponential(2)} > ${tol}`);
}

const f64 = (a: Arr) => Float64Array.from(a);

it('the WebAssembly SIMD stages are available in this runtime (so both paths below are tested)', () => {
  assert.equal(fftSimd(), true);
});

for (const mode of ['SIMD', 'JavaScript'] as const) {
  describe(`${mode} stages`, () => {
    before(() => setFftWasm(mode === 'SIMD'));
    after(() => setFftWasm(true));
    it(`plans run the ${mode} stages`, () => assert.equal(fftSimd(), mode === 'SIMD'));
    describe('complex FFT against numpy.fft', () => {
      for (const c of fx.fft) {
        const norms = (['backward', 'ortho', 'forward'] as FftNorm[]).filter((m) => `fft_${m}` in c);
        it(`fft and ifft of n = ${c.n} (${fftPlan(c.n).method}) match numpy in norms ${norms.join(', ')}`, () => {
          const x = f64(c.x);
          for (const norm of norms) {
            close(fft(x, new Float64Array(2 * c.n), norm), c[`fft_${norm}`], `fft n=${c.n} ${norm}`);
            close(ifft(x, new Float64Array(2 * c.n), norm), c[`ifft_${norm}`], `ifft n=${c.n} ${norm}`);
            close(
              fftPlan(c.n).forward(x, new Float64Array(2 * c.n), norm),
              c[`fft_${norm}`],
              `plan n=${c.n} ${norm}`,
            );
          }
          assert.deepEqual(x, f64(c.x), 'the input is left unchanged');
        });
      }
      it('transforms in place when out is the input', () => {
        for (const c of fx.fft) {
          const y = f64(c.x);
          fft(y, y);
          close(y, c.fft_backward, `in-place fft n=${c.n}`);
          ifft(y, y);
          close(y, c.x, `in-place round trip n=${c.n}`);
        }
      });
      it('plans are cached per size and report their method', () => {
        assert.equal(fftPlan(64), fftPlan(64));
        assert.equal(fftPlan(64).method, 'pow2');
        assert.equal(fftPlan(12).method, 'mixed');
        assert.equal(fftPlan(97).method, 'mixed');
        assert.equal(fftPlan(101).method, 'bluestein');
        assert.equal(fftPlan(1).method, 'pow2');
      });
    });

    describe('2-D FFT against numpy.fft.fft2', () => {
      for (const c of fx.fft2) {
        it(`fft2 and ifft2 of ${c.ny}x${c.nx} match numpy`, () => {
          const x = f64(c.x);
          const len = 2 * c.ny * c.nx;
          for (const norm of ['backward', 'ortho'] as FftNorm[]) {
            if (!(`fft2_${norm}` in c)) continue;
            close(fft2(x, new Float64Array(len), c.ny, c.nx, norm), c[`fft2_${norm}`], `fft2 ${norm}`);
            close(ifft2(x, new Float64Array(len), c.ny, c.nx, norm), c[`ifft2_${norm}`], `ifft2 ${norm}`);
          }
          const y = x.slice();
          fft2Plan(c.ny, c.nx).forward(y, y);
          close(y, c.fft2_backward, 'in-place plan');
        });
      }
    });

    describe('real-input FFT against numpy.fft.rfft / irfft', () => {
      for (const c of fx.rfft) {
        it(`rfft and irfft of n = ${c.n} match numpy (irfft ignores Im X_0 and Im X_n/2)`, () => {
          const nc = (c.n >> 1) + 1;
          close(rfft(f64(c.x), new Float64Array(2 * nc)), c.rfft_backward, 'rfft');
          close(rfft(f64(c.x), new Float64Array(2 * nc), 'ortho'), c.rfft_ortho, 'rfft ortho');
          for (const norm of ['backward', 'ortho', 'forward'] as FftNorm[]) {
            close(irfft(f64(c.X), new Float64Array(c.n), norm), c[`irfft_${norm}`], `irfft ${norm}`);
          }
          close(rfftPlan(c.n).inverse(f64(c.X), new Float64Array(c.n)), c.irfft_backward, 'plan inverse');
        });
      }
    });

    describe('fftshift and ifftshift against numpy (odd and even sizes)', () => {
      for (const c of fx.shift) {
        it(`1-D n = ${c.n}`, () => {
          assert.deepEqual(fftshift(f64(c.x), new Float64Array(2 * c.n)), f64(c.fftshift));
          assert.deepEqual(ifftshift(f64(c.x), new Float64Array(2 * c.n)), f64(c.ifftshift));
        });
      }
      for (const c of fx.shift2) {
        it(`2-D ${c.ny}x${c.nx}`, () => {
          const len = 2 * c.ny * c.nx;
          assert.deepEqual(fftshift2(f64(c.x), new Float64Array(len), c.ny, c.nx), f64(c.fftshift2));
          assert.deepEqual(ifftshift2(f64(c.x), new Float64Array(len), c.ny, c.nx), f64(c.ifftshift2));
        });
      }
    });

    describe('centred unitary k-space: fftshift(fft2(ifftshift(img), ortho))', () => {
      for (const c of fx.centered) {
        it(`fft2c and ifft2c of ${c.ny}x${c.nx} match numpy`, () => {
          const len = 2 * c.ny * c.nx;
          close(fft2c(f64(c.img), new Float64Array(len), c.ny, c.nx), c.fft2c, 'fft2c');
          close(ifft2c(f64(c.k), new Float64Array(len), c.ny, c.nx), c.ifft2c, 'ifft2c');
          const p = centeredFft2Plan(c.ny, c.nx);
          const back = p.inverse(p.forward(f64(c.img), new Float64Array(len)), new Float64Array(len));
          close(back, c.img, 'round trip');
        });
      }
    });
  });
}

describe('FFT bad input', () => {
  const msg = (m: string) => ({ message: m });
  it('rejects sizes that are not positive integers', () => {
    assert.throws(() => fftPlan(0), msg('fftPlan: size n: expected an integer >= 1, got 0'));
    assert.throws(() => fftPlan(2.5), msg('fftPlan: size n: expected an integer >= 1, got 2.5'));
    assert.throws(() => rfftPlan(-4), msg('rfftPlan: size n: expected an integer >= 1, got -4'));
    assert.throws(() => fft2Plan(4, 0), msg('fft2Plan: columns nx: expected an integer >= 1, got 0'));
    assert.throws(
      () => fft2(new Float64Array(8), new Float64Array(8), Number.NaN, 4),
      msg('fft2: rows ny: expected an integer >= 1, got NaN'),
    );
  });
  it('names the expected complex interleaved length 2n', () => {
    assert.throws(
      () => fft(new Float64Array(15), new Float64Array(15)),
      msg(
        'fft: input length: expected a positive even length 2n (n complex values, interleaved re/im), got 15',
      ),
    );
    assert.throws(
      () => ifft(new Float64Array(0), new Float64Array(0)),
      msg(
        'ifft: input length: expected a positive even length 2n (n complex values, interleaved re/im), got 0',
      ),
    );
    assert.throws(
      () => fft(new Float64Array(16), new Float64Array(14)),
      msg('fft: out length: expected 16 (2n = 16, complex interleaved like the input), got 14'),
    );
    assert.throws(
      () => fft([1, 0] as unknown as Float64Array, new Float64Array(2)),
      msg(
        'fft: input: expected a Float64Array of length 2n (n complex values, interleaved re/im), got array of length 2',
      ),
    );
    assert.throws(
      () => fftPlan(8).forward(new Float64Array(15), new Float64Array(16)),
      msg('fft(n=8): input length: expected 16 (2n, complex interleaved), got 15'),
    );
    assert.throws(
      () => fft2(new Float64Array(30), new Float64Array(32), 4, 4),
      msg('fft2: input length: expected 32 (2 ny nx = 32, complex interleaved row-major 4x4), got 30'),
    );
    assert.throws(
      () => rfft(new Float64Array(8), new Float64Array(8)),
      msg('rfft: out length: expected 10 (2 (floor(n/2) + 1) = 10 for n = 8), got 8'),
    );
    assert.throws(
      () => irfft(new Float64Array(8), new Float64Array(9)),
      msg('irfft: input length: expected 10 (2 (floor(n/2) + 1) = 10 for n = 9 outputs), got 8'),
    );
    assert.throws(
      () => fftshift2(new Float64Array(12), new Float64Array(12), 2, 2),
      msg('fftshift2: input length: expected 8 (2 ny nx = 8, complex interleaved row-major 2x2), got 12'),
    );
  });
  it('rejects NaN and Infinity in the convenience functions, naming the index', () => {
    const x = new Float64Array(8);
    x[3] = Number.NaN;
    assert.throws(
      () => fft(x, new Float64Array(8)),
      msg('fft: input: expected finite values, got NaN at index 3'),
    );
    x[3] = 0;
    x[6] = -Infinity;
    assert.throws(
      () => fft2(x, new Float64Array(8), 2, 2),
      msg('fft2: input: expected finite values, got -Infinity at index 6'),
    );
    assert.throws(
      () => rfft(x, new Float64Array(10)),
      msg('rfft: input: expected finite values, got -Infinity at index 6'),
    );
    assert.throws(
      () => fft2c(x, new Float64Array(8), 2, 2),
      msg('fft2c: input: expected finite values, got -Infinity at index 6'),
    );
  });
  it('rejects unknown norms and overlapping shift buffers', () => {
    assert.throws(
      () => fft(new Float64Array(4), new Float64Array(4), 'unitary' as FftNorm),
      msg("fft: norm: expected 'backward', 'ortho' or 'forward', got \"unitary\""),
    );
    const b = new Float64Array(8);
    assert.throws(
      () => fftshift(b, b),
      msg('fftshift: out: expected a buffer that does not overlap the input, got an overlapping buffer'),
    );
    assert.throws(
      () => ifftshift(b.subarray(0, 4), b.subarray(2, 6)),
      msg('ifftshift: out: expected a buffer that does not overlap the input, got an overlapping buffer'),
    );
    assert.throws(
      () => fft2c(b, b, 2, 2),
      msg('fft2c: out: expected a buffer distinct from the input, got the input itself'),
    );
  });
});
