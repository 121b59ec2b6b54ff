/**
 * Orthonormal DCT-II / DCT-III (1-D and 2-D) against scipy.fft.dct / dctn (norm='ortho') at 1e-12
 * relative, their inverse relation and orthonormality (random sizes, fast-check), and bad input.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { dct, dct2d, dct2Plan, dctPlan, idct, idct2d, setFftWasm } from '../../src/core/fft/index.ts';

type Arr = number[];
const fx = JSON.parse(readFileSync(new URL('../fixtures/core_fft.json', import.meta.url), 'utf8')) as {
  dct: { n: number; x: Arr; dct2: Arr; dct3: Arr }[];
  dctn: { ny: number; nx: number; x: Arr; dctn2: Arr; dctn3: Arr }[];
};
const TOL = 1e-12;

function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
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
  assert.ok(r <= TOL, `${label}: relative error ${r.toExponential(2)}`);
}
const f64 = (a: Arr) => Float64Array.from(a);

for (const mode of ['SIMD', 'JavaScript'] as const) {
  describe(`${mode} FFT stages`, () => {
    before(() => setFftWasm(mode === 'SIMD'));
    after(() => setFftWasm(true));
    describe('DCT against scipy.fft (norm=ortho)', () => {
      for (const c of fx.dct) {
        it(`dct type 2 and type 3 of n = ${c.n} (${c.n % 2 ? 'odd: n-point FFT' : 'even: n/2-point FFT'}) match scipy`, () => {
          close(dct(f64(c.x), new Float64Array(c.n)), c.dct2, 'dct');
          close(idct(f64(c.x), new Float64Array(c.n)), c.dct3, 'idct');
          close(dctPlan(c.n).forward(f64(c.x), new Float64Array(c.n)), c.dct2, 'plan forward');
          const y = f64(c.x);
          dct(y, y);
          close(y, c.dct2, 'in place');
        });
      }
      for (const c of fx.dctn) {
        it(`dctn type 2 and type 3 of ${c.ny}x${c.nx} match scipy`, () => {
          const len = c.ny * c.nx;
          close(dct2d(f64(c.x), new Float64Array(len), c.ny, c.nx), c.dctn2, 'dct2d');
          close(idct2d(f64(c.x), new Float64Array(len), c.ny, c.nx), c.dctn3, 'idct2d');
          const y = f64(c.x);
          dct2Plan(c.ny, c.nx).forward(y, y);
          close(y, c.dctn2, 'in place');
        });
      }
    });
  });
}

describe('DCT properties', () => {
  const entry = fc.double({ min: -1, max: 1, noNaN: true });
  it('idct(dct(x)) = x and ||dct(x)|| = ||x|| for every n', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((n) => fc.array(entry, { minLength: n, maxLength: n })),
        (xa) => {
          const x = Float64Array.from(xa);
          const y = dct(x, new Float64Array(x.length));
          let nx = 0;
          let ny = 0;
          for (let i = 0; i < x.length; i++) {
            nx += x[i] * x[i];
            ny += y[i] * y[i];
          }
          assert.ok(Math.abs(Math.sqrt(ny) - Math.sqrt(nx)) <= TOL * Math.sqrt(nx), `Parseval n=${x.length}`);
          close(idct(y, new Float64Array(x.length)), x, `round trip n=${x.length}`);
        },
      ),
      { seed: 7301, numRuns: 150 },
    );
  });
  it('the DCT-II matrix has entries f_k cos(pi k (2j+1) / 2n) (dense check, n = 1..24)', () => {
    for (let n = 1; n <= 24; n++) {
      const e = new Float64Array(n);
      const col = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        e.fill(0);
        e[j] = 1;
        dct(e, col);
        const ref = new Float64Array(n);
        for (let k = 0; k < n; k++)
          ref[k] =
            (k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n)) * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
        close(col, ref, `n=${n} column ${j}`);
      }
    }
  });
});

describe('DCT bad input', () => {
  const msg = (m: string) => ({ message: m });
  it('rejects empty input, wrong out lengths, non-finite values and bad sizes', () => {
    assert.throws(
      () => dct(new Float64Array(0), new Float64Array(0)),
      msg('dct: input length: expected n >= 1 real samples, got 0'),
    );
    assert.throws(
      () => idct(new Float64Array(8), new Float64Array(7)),
      msg('idct: out length: expected 8 (n = 8, the input length), got 7'),
    );
    assert.throws(
      () => dct(Float64Array.of(1, Infinity), new Float64Array(2)),
      msg('dct: input: expected finite values, got Infinity at index 1'),
    );
    assert.throws(() => dctPlan(0), msg('dctPlan: size n: expected an integer >= 1, got 0'));
    assert.throws(
      () => dct2d(new Float64Array(12), new Float64Array(12), 3, 5),
      msg('dct2d: input length: expected 15 (ny nx = 15 reals, row-major 3x5), got 12'),
    );
    assert.throws(
      () => dctPlan(4).forward(new Float64Array(4), new Float64Array(5)),
      msg('dct(n=4): out length: expected 4 (n real samples), got 5'),
    );
  });
});
