/** The wavelet analysis operators (src/linops/wavelet.ts) against PyWavelets and on bad options. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import { wavelet1, wavelet2 } from '../../src/linops/wavelet.ts';

interface Case {
  wavelet: string;
  level: number;
  ny: number;
  nx: number;
  complex: boolean;
  x: number[];
  coeffs: number[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/core_wavelets.json', import.meta.url), 'utf8')) as {
  wavedec: { wavelet: string; level: number; x: number[]; coeffs: number[] }[];
  wavedec2: Case[];
};

function rel(got: Float64Array, want: number[]): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < want.length; i++) {
    d = Math.max(d, Math.abs(got[i] - want[i]));
    s = Math.max(s, Math.abs(want[i]));
  }
  return d / s;
}

describe('wavelet operators', () => {
  it('wavelet2 applies pywt.wavedec2 (coeffs_to_array layout) to real and complex images; its adjoint is waverec2', () => {
    for (const c of fx.wavedec2) {
      const W = wavelet2(c.ny, c.nx, { wavelet: c.wavelet, levels: c.level });
      const len = (c.complex ? 2 : 1) * c.ny * c.nx;
      const y = W.apply(Float64Array.from(c.x), new Float64Array(len));
      assert.ok(rel(y, c.coeffs) <= 1e-12, `${W.name} apply: ${rel(y, c.coeffs)}`);
      const x = W.adjoint(Float64Array.from(c.coeffs), new Float64Array(len));
      assert.ok(rel(x, c.x) <= 1e-12, `${W.name} adjoint: ${rel(x, c.x)}`);
    }
  });
  it('wavelet1 applies concatenated pywt.wavedec', () => {
    for (const c of fx.wavedec) {
      const W = wavelet1(c.x.length, { wavelet: c.wavelet, levels: c.level });
      const y = W.apply(Float64Array.from(c.x), new Float64Array(c.x.length));
      assert.ok(rel(y, c.coeffs) <= 1e-12, `${W.name}: ${rel(y, c.coeffs)}`);
    }
  });
  it('are real, unitary, with a cheap identity normal operator and descriptive names', () => {
    const W = wavelet2(64, 32);
    assert.equal(W.name, 'Wavelet2(64x32, db4, levels=2)');
    assert.deepEqual([W.field, W.structure, W.cheapNormal], ['real', 'unitary', true]);
    assert.deepEqual(
      [W.domain, W.range],
      [
        [64, 32],
        [64, 32],
      ],
    );
    const x = Float64Array.from({ length: 2 * 64 * 32 }, (_, i) => Math.sin(i));
    assert.deepEqual(W.normal(x, new Float64Array(x.length)), x);
    assert.equal(wavelet1(1024, { wavelet: 'haar' }).name, 'Wavelet1(1024, haar, levels=10)');
  });
  it('bad options get a CandorError naming the operator factory', () => {
    const cases: [() => unknown, string][] = [
      [
        () => wavelet2(30, 16, { levels: 2 }),
        'wavelet2: levels: expected an integer in [0, 1] (2^levels must divide the size 30x16), got 2',
      ],
      [
        () => wavelet1(64, { levels: 7 }),
        'wavelet1: levels: expected an integer in [0, 6] (2^levels must divide the size 64), got 7',
      ],
      [
        () => wavelet1(64, { wavelet: 'db10' }),
        'wavelet1: wavelet: expected one of haar, db1, db2, db3, db4, db5, db6, db7, db8, got "db10"',
      ],
      [() => wavelet2(0, 8), 'wavelet2: ny: expected an integer >= 1, got 0'],
    ];
    for (const [fn, message] of cases) {
      assert.throws(fn, (e: unknown) => e instanceof CandorError && e.message === message, message);
    }
  });
});
