/**
 * The Fourier-family operators (src/linops/fourier.ts, dct.ts, hadamard.ts) compute what they
 * claim: each equals its kernel (numpy/scipy-checked in fft.test.ts, dct.test.ts, wht.test.ts)
 * with the unitary scaling, sampled entries come out in row-major mask order, centred operators
 * match numpy's fftshift(fft2(ifftshift(x), 'ortho')), and bad masks or sizes get exact messages.
 * (The generic operator kit runs on test/linops/cases/fourier.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { dct, dct2d, fft, fft2, fft2c, ifft2 } from '../../src/core/fft/index.ts';
import { dct1, dct2, partialDct1, partialDct2 } from '../../src/linops/dct.ts';
import { dft1, dft2, maskedDft2, partialDft1, partialDft2 } from '../../src/linops/fourier.ts';
import { hadamard, partialHadamard } from '../../src/linops/hadamard.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/core_fft.json', import.meta.url), 'utf8')) as {
  centered: { ny: number; nx: number; img: number[]; fft2c: number[] }[];
  wht: { n: number; x: number[]; y: number[] }[];
};

function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'lengths');
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return s === 0 ? Math.sqrt(d) : Math.sqrt(d / s);
}
function close(a: ArrayLike<number>, b: ArrayLike<number>, label: string): void {
  const r = rel(a, b);
  assert.ok(r <= 1e-12, `${label}: relative error ${r.toExponential(2)}`);
}
function vec(n: number, seed: number): Float64Array {
  let s = seed;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v[i] = s / 2147483648 - 0.5;
  }
  return v;
}
function maskOf(n: number, idx: number[]): Uint8Array {
  const m = new Uint8Array(n);
  for (const i of idx) m[i] = 1;
  return m;
}

describe('DFT operators', () => {
  it("dft1 = fft(x, 'ortho') and its adjoint inverts it; normal is a cheap copy", () => {
    for (const n of [1, 8, 12, 97]) {
      const A = dft1(n);
      const x = vec(2 * n, n);
      const y = A.apply(x, new Float64Array(2 * n));
      close(y, fft(x, new Float64Array(2 * n), 'ortho'), `dft1(${n})`);
      close(A.adjoint(y, new Float64Array(2 * n)), x, `dft1(${n}) adjoint`);
      assert.equal(A.structure, 'unitary');
      assert.equal(A.cheapNormal, true);
      assert.equal(A.name, `DFT1(${n})`);
    }
  });
  it("dft2 = fft2(x, 'ortho'); centred dft2 matches numpy's fftshift(fft2(ifftshift(x), 'ortho'))", () => {
    const x = vec(2 * 6 * 10, 3);
    close(
      dft2(6, 10).apply(x, new Float64Array(120)),
      fft2(x, new Float64Array(120), 6, 10, 'ortho'),
      'dft2 6x10',
    );
    for (const c of fx.centered) {
      const A = dft2(c.ny, c.nx, { centered: true });
      close(
        A.apply(Float64Array.from(c.img), new Float64Array(c.fft2c.length)),
        c.fft2c,
        `centred ${c.ny}x${c.nx}`,
      );
      assert.equal(A.name, `DFT2(${c.ny}x${c.nx}, centered)`);
    }
  });
  it('partialDft2 returns the masked entries of the unitary 2-D DFT in row-major order; the adjoint zero-fills', () => {
    const ny = 6;
    const nx = 8;
    const idx = [0, 5, 9, 17, 30, 47];
    const x = vec(2 * ny * nx, 5);
    for (const centered of [false, true]) {
      const A = partialDft2(ny, nx, maskOf(ny * nx, idx), { centered });
      const full = centered
        ? fft2c(x, new Float64Array(2 * ny * nx), ny, nx)
        : fft2(x, new Float64Array(2 * ny * nx), ny, nx, 'ortho');
      const ref = new Float64Array(2 * idx.length);
      idx.forEach((j, i) => {
        ref.set(full.subarray(2 * j, 2 * j + 2), 2 * i);
      });
      close(A.apply(x, new Float64Array(2 * idx.length)), ref, `apply centered=${centered}`);
      assert.equal(A.structure, 'coisometry');
      assert.equal(A.name, `PartialDFT2(6x8, 13%${centered ? ', centered' : ''})`);
      // same operator from an index list (any order)
      const B = partialDft2(ny, nx, [...idx].reverse(), { centered });
      close(B.apply(x, new Float64Array(2 * idx.length)), ref, 'index list');
    }
    const A = partialDft2(ny, nx, idx);
    const y = vec(2 * idx.length, 6);
    const filled = new Float64Array(2 * ny * nx);
    idx.forEach((j, i) => {
      filled.set(y.subarray(2 * i, 2 * i + 2), 2 * j);
    });
    close(
      A.adjoint(y, new Float64Array(2 * ny * nx)),
      ifft2(filled, new Float64Array(2 * ny * nx), ny, nx, 'ortho'),
      'adjoint',
    );
  });
  it('maskedDft2 keeps the full grid with zeros off the mask; partialDft1 selects rows of dft1', () => {
    const idx = [1, 2, 7, 10];
    const x = vec(2 * 16, 7);
    const M = maskedDft2(4, 4, maskOf(16, idx));
    const full = fft2(x, new Float64Array(32), 4, 4, 'ortho');
    const ref = new Float64Array(32);
    for (const j of idx) ref.set(full.subarray(2 * j, 2 * j + 2), 2 * j);
    close(M.apply(x, new Float64Array(32)), ref, 'maskedDft2');
    assert.equal(M.structure, 'general');
    assert.deepEqual([...M.range], [4, 4]);
    const P = partialDft1(16, maskOf(16, idx));
    const f1 = fft(x, new Float64Array(32), 'ortho');
    const r1 = new Float64Array(8);
    idx.forEach((j, i) => {
      r1.set(f1.subarray(2 * j, 2 * j + 2), 2 * i);
    });
    close(P.apply(x, new Float64Array(8)), r1, 'partialDft1');
    assert.equal(P.name, 'PartialDFT1(4 of 16)');
  });
});

describe('DCT and Hadamard operators', () => {
  it('dct1 = dct, dct2 = dct2d, on real data and on each part of complex data', () => {
    const x = vec(15, 8);
    close(dct1(15).apply(x, new Float64Array(15)), dct(x, new Float64Array(15)), 'dct1');
    const z = vec(2 * 5 * 6, 9);
    const got = dct2(5, 6).apply(z, new Float64Array(60));
    const re = new Float64Array(30);
    const im = new Float64Array(30);
    for (let i = 0; i < 30; i++) {
      re[i] = z[2 * i];
      im[i] = z[2 * i + 1];
    }
    const rr = dct2d(re, new Float64Array(30), 5, 6);
    const ri = dct2d(im, new Float64Array(30), 5, 6);
    close(
      got.filter((_, i) => i % 2 === 0),
      rr,
      'dct2 real parts',
    );
    close(
      got.filter((_, i) => i % 2 === 1),
      ri,
      'dct2 imaginary parts',
    );
  });
  it('partialDct1 and partialDct2 select coefficients in increasing index order', () => {
    const x = vec(20, 10);
    const full = dct(x, new Float64Array(20));
    close(
      partialDct1(20, [19, 3, 0]).apply(x, new Float64Array(3)),
      [full[0], full[3], full[19]],
      'partialDct1',
    );
    const full2 = dct2d(x, new Float64Array(20), 4, 5);
    close(
      partialDct2(4, 5, maskOf(20, [2, 11, 18])).apply(x, new Float64Array(3)),
      [full2[2], full2[11], full2[18]],
      'partialDct2',
    );
  });
  it('hadamard and partialHadamard rows are those of scipy.linalg.hadamard(n) / sqrt(n)', () => {
    for (const c of fx.wht) {
      const x = Float64Array.from(c.x);
      close(hadamard(c.n).apply(x, new Float64Array(c.n)), c.y, `hadamard(${c.n})`);
      const rows = c.n >= 4 ? [c.n - 1, 1, 2] : [0];
      const sorted = [...rows].sort((a, b) => a - b);
      close(
        partialHadamard(c.n, rows).apply(x, new Float64Array(rows.length)),
        sorted.map((r) => c.y[r]),
        `partialHadamard(${c.n})`,
      );
    }
  });
});

describe('Fourier-family operator bad input', () => {
  const msg = (m: string) => ({ message: m });
  it('rejects bad sizes, naming the nearest powers of two for Hadamard', () => {
    assert.throws(() => dft1(0), msg('dft1: size n: expected an integer >= 1, got 0'));
    assert.throws(() => dft2(4, 1.5), msg('dft2: columns nx: expected an integer >= 1, got 1.5'));
    assert.throws(() => dct2(0, 4), msg('dct2: rows ny: expected an integer >= 1, got 0'));
    assert.throws(
      () => hadamard(12),
      msg('hadamard: size n: expected a power of two (nearest 8 or 16), got 12'),
    );
    assert.throws(
      () => partialHadamard(100, [0]),
      msg('partialHadamard: size n: expected a power of two (nearest 64 or 128), got 100'),
    );
    assert.throws(
      () => hadamard(0),
      msg('hadamard: size n: expected a power of two (the smallest is 1), got 0'),
    );
  });
  it('validates rows and masks: in range, distinct, non-empty, 0/1, right length', () => {
    assert.throws(
      () => partialDft1(8, [1, 9]),
      msg('partialDft1: rows[1]: expected an integer index in [0, 7], got 9'),
    );
    assert.throws(
      () => partialDct1(8, [3, 1, 3]),
      msg('partialDct1: rows: expected distinct indices, got index 3 twice'),
    );
    assert.throws(
      () => partialHadamard(8, []),
      msg(
        'partialHadamard: rows: expected a non-empty list of indices or a Uint8Array mask, got array of length 0',
      ),
    );
    assert.throws(
      () => partialDft2(4, 4, new Uint8Array(15)),
      msg('partialDft2: sampling mask length: expected 16, got 15'),
    );
    assert.throws(
      () => maskedDft2(4, 4, new Uint8Array(16)),
      msg('maskedDft2: sampling mask: expected at least one sampled entry, got an all-zero mask'),
    );
    assert.throws(
      () => partialDct2(2, 2, Uint8Array.of(1, 0, 0, 2)),
      msg('partialDct2: sampling mask value at 3: expected 0 or 1, got 2'),
    );
    assert.throws(
      () => partialDft1(4, [0.5]),
      msg('partialDft1: rows[0]: expected an integer index in [0, 3], got 0.5'),
    );
  });
  it('rejects bad options and buffer lengths, naming the operator', () => {
    assert.throws(
      () => dft2(4, 4, { centered: 'yes' as unknown as boolean }),
      msg('dft2: options.centered: expected true or false, got "yes"'),
    );
    assert.throws(
      () => dft1(8).apply(new Float64Array(15), new Float64Array(16)),
      msg('DFT1(8).apply: input length: expected 16 (complex interleaved 8), got 15'),
    );
    assert.throws(
      () => partialDft2(4, 4, [1, 2]).adjoint(new Float64Array(4), new Float64Array(30)),
      msg('PartialDFT2(4x4, 13%).adjoint: out length: expected 32 (complex interleaved 4x4), got 30'),
    );
  });
});
