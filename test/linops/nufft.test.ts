/**
 * The non-uniform FFT against the exact non-uniform DFT and against BART 0.8's `nufft`
 * (test/fixtures/nufft.json, scripts/fixtures/nufft.py):
 * - the NDFT operator equals numpy's direct sums (1-D, 2-D odd and even, 3-D) to 1e-12;
 * - type 2 and type 1 equal the NDFT to 1e-6 at the default width and to 1e-12 at the widest, in
 *   1-D, 2-D and 3-D, for random and radial coordinates (and to 1e-6 / 1e-9 at oversampling 1.25);
 * - the Toeplitz normal equals numpy's A^H diag(v) A x;
 * - samples on the Cartesian grid reproduce the centred partial DFT;
 * - BART's results agree with ours to BART's own accuracy (1.3e-3 against the exact NDFT);
 * - bad input gets one message naming the argument.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import { partialDft2 } from '../../src/linops/fourier.ts';
import { ndft, NUFFT_MAX_WIDTH, nufft, nufftPlan, toeplitzNormal } from '../../src/linops/index.ts';
import { radialCoords, randomCoords, randomData, rel } from './nufft-helpers.ts';

type Arr = number[];
const fx = JSON.parse(readFileSync(new URL('../fixtures/nufft.json', import.meta.url), 'utf8')) as {
  ndft: { shape: number[]; coords: Arr; x: Arr; y: Arr; weights: Arr; forward: Arr; adjoint: Arr; normal_weighted: Arr }[];
  bart: {
    version: string;
    nufft: { shape: number[]; coords: Arr; x: Arr; y: Arr; bart_forward: Arr; bart_adjoint: Arr; ndft_forward: Arr; ndft_adjoint: Arr; bart_forward_error: number; bart_adjoint_error: number };
  };
};

const f64 = (a: Arr) => Float64Array.from(a);
const throwsMsg = (f: () => unknown, msg: string) => assert.throws(f, (e: unknown) => e instanceof CandorError && e.message === msg);

describe('ndft (the exact reference operator)', () => {
  for (const c of fx.ndft) {
    it(`${c.shape.join('x')}, ${c.coords.length / c.shape.length} samples (with +-1/2 and 0): apply and adjoint equal numpy's direct sums to 1e-12`, () => {
      const A = ndft(c.shape, c.coords);
      assert.ok(rel(A.apply(f64(c.x), new Float64Array(c.forward.length)), c.forward) <= 1e-12);
      assert.ok(rel(A.adjoint(f64(c.y), new Float64Array(c.adjoint.length)), c.adjoint) <= 1e-12);
    });
  }
});

interface AccCase {
  label: string;
  shape: number[];
  coords: Float64Array;
}

const accCases: AccCase[] = [
  { label: '1-D 200, random', shape: [200], coords: randomCoords(400, 1, 1) },
  { label: '1-D 131, radial line', shape: [131], coords: radialCoords(1, 1, 301) },
  { label: '2-D 40x36, random', shape: [40, 36], coords: randomCoords(1500, 2, 2) },
  { label: '2-D 48x48, radial 24 spokes x 96', shape: [48, 48], coords: radialCoords(2, 24, 96) },
  { label: '3-D 12x10x9, random', shape: [12, 10, 9], coords: randomCoords(1200, 3, 3) },
  { label: '3-D 12x12x12, radial 40 spokes x 24', shape: [12, 12, 12], coords: radialCoords(3, 40, 24) },
];

/** Forward and adjoint relative errors of a plan against the NDFT. */
function errors(c: AccCase, opts: { width?: number; oversampling?: number }): [number, number] {
  const N = c.shape.reduce((a, b) => a * b, 1);
  const M = c.coords.length / c.shape.length;
  const E = ndft(c.shape, c.coords);
  const x = randomData(2 * N, 5);
  const y = randomData(2 * M, 6);
  const p = nufftPlan(c.shape, c.coords, opts);
  return [
    rel(p.forward(x, new Float64Array(2 * M)), E.apply(x, new Float64Array(2 * M))),
    rel(p.adjoint(y, new Float64Array(2 * N)), E.adjoint(y, new Float64Array(2 * N))),
  ];
}

describe('nufft accuracy against the exact NDFT', () => {
  for (const c of accCases) {
    it(`${c.label}: type 2 and type 1 within 1e-6 at the default width (7) and 1e-12 at the widest (${NUFFT_MAX_WIDTH})`, () => {
      const [f, a] = errors(c, {});
      assert.ok(f <= 1e-6 && a <= 1e-6, `default width: forward ${f}, adjoint ${a}`);
      const [fw, aw] = errors(c, { width: NUFFT_MAX_WIDTH });
      assert.ok(fw <= 1e-12 && aw <= 1e-12, `widest: forward ${fw}, adjoint ${aw}`);
    });
  }
  for (const c of [accCases[0], accCases[3], accCases[4]]) {
    it(`${c.label}, oversampling 1.25: within 1e-6 at its default width (11) and 1e-9 at the widest`, () => {
      const [f, a] = errors(c, { oversampling: 1.25 });
      assert.ok(f <= 1e-6 && a <= 1e-6, `default width: forward ${f}, adjoint ${a}`);
      const [fw, aw] = errors(c, { oversampling: 1.25, width: NUFFT_MAX_WIDTH });
      assert.ok(fw <= 1e-9 && aw <= 1e-9, `widest: forward ${fw}, adjoint ${aw}`);
    });
  }
  it('the error falls by about 10x per unit of width (2-D random, widths 3 to 12)', () => {
    const c = accCases[2];
    let prev = Infinity;
    for (let W = 3; W <= 12; W++) {
      const [f] = errors(c, { width: W });
      assert.ok(f < prev / 5 && f < 10 ** -(W - 1.5), `width ${W}: ${f}`);
      prev = f;
    }
  });
});

describe('Toeplitz normal operator', () => {
  for (const c of fx.ndft) {
    it(`${c.shape.join('x')}: A^H diag(v) A x equals numpy to 1e-12 at width 16 and to 1e-6 at the default width`, () => {
      const x = f64(c.x);
      const out = new Float64Array(x.length);
      toeplitzNormal(nufftPlan(c.shape, c.coords, { width: 16 }), { weights: c.weights }).apply(x, out);
      assert.ok(rel(out, c.normal_weighted) <= 1e-12, `widest ${rel(out, c.normal_weighted)}`);
      toeplitzNormal(nufftPlan(c.shape, c.coords), { weights: c.weights }).apply(x, out);
      assert.ok(rel(out, c.normal_weighted) <= 1e-6);
    });
  }
  it('nufft(...).normal is the Toeplitz normal (built once), normal: direct is adjoint(apply)', () => {
    const c = accCases[3];
    const N = 48 * 48;
    const E = ndft(c.shape, c.coords);
    const x = randomData(2 * N, 9);
    const ref = E.adjoint(E.apply(x, new Float64Array(c.coords.length)), new Float64Array(2 * N));
    const A = nufft(c.shape, c.coords, { width: 16 });
    assert.equal(A.cheapNormal, true);
    assert.ok(rel(A.normal(x, new Float64Array(2 * N)), ref) <= 1e-12);
    const D = nufft(c.shape, c.coords, { normal: 'direct' });
    assert.equal(D.cheapNormal, false);
    const direct = D.adjoint(D.apply(x, new Float64Array(c.coords.length)), new Float64Array(2 * N));
    assert.equal(rel(D.normal(x, new Float64Array(2 * N)), direct), 0);
  });
});

it('samples on the Cartesian grid w = (k - c)/n reproduce the centred unitary partial DFT (partialDft2 centered) to 1e-12', () => {
  const ny = 10;
  const nx = 7;
  const idx = [0, 3, 11, 35, 36, 50, 69];
  const coords: number[] = [];
  for (const i of idx) coords.push((Math.floor(i / nx) - 5) / ny, ((i % nx) - 3) / nx);
  const x = randomData(2 * ny * nx, 4);
  const want = partialDft2(ny, nx, idx, { centered: true }).apply(x, new Float64Array(2 * idx.length));
  const got = nufft([ny, nx], coords, { width: 16 }).apply(x, new Float64Array(2 * idx.length));
  assert.ok(rel(got, want) <= 1e-12, `${rel(got, want)}`);
});

describe(`against BART ${fx.bart.version} nufft (24x24, radial 40 samples x 12 spokes)`, () => {
  const b = fx.bart.nufft;
  const A = nufft(b.shape, b.coords);
  const fwd = A.apply(f64(b.x), new Float64Array(b.bart_forward.length));
  const adj = A.adjoint(f64(b.y), new Float64Array(b.bart_adjoint.length));
  it("BART's own error against the exact NDFT is about 1.3e-3 (width 3 kernel); ours is below 1e-6", () => {
    assert.ok(b.bart_forward_error > 1e-4 && b.bart_forward_error < 3e-3);
    assert.ok(b.bart_adjoint_error > 1e-4 && b.bart_adjoint_error < 3e-3);
    assert.ok(rel(fwd, b.ndft_forward) <= 1e-6);
    assert.ok(rel(adj, b.ndft_adjoint) <= 1e-6);
  });
  it("forward and adjoint agree with BART's to BART's accuracy (same sign, centre, 1/sqrt(N) scale and k-space units)", () => {
    assert.ok(rel(fwd, b.bart_forward) <= b.bart_forward_error + 1e-6, `forward ${rel(fwd, b.bart_forward)}`);
    assert.ok(rel(adj, b.bart_adjoint) <= b.bart_adjoint_error + 1e-6, `adjoint ${rel(adj, b.bart_adjoint)}`);
  });
});

describe('bad input', () => {
  it('coordinates outside [-1/2, 1/2], NaN, or a length that is not a multiple of the dimension', () => {
    throwsMsg(() => nufft([8, 8], [0.1, 0.2, 0.6, 0]), 'nufftPlan: coordinate of sample 1 on axis 0: expected a finite number in [-0.5, 0.5] (cycles per sample), got 0.6');
    throwsMsg(() => nufft([8, 8], [0.1, Number.NaN]), 'nufftPlan: coordinate of sample 0 on axis 1: expected a finite number in [-0.5, 0.5] (cycles per sample), got NaN');
    throwsMsg(() => nufftPlan([8, 8, 8], [0.1, 0.2]), 'nufftPlan: coords length: expected a positive multiple of 3 (M samples x 3 axes, interleaved per sample), got 2');
    throwsMsg(() => ndft([4], []), 'ndft: coords length: expected a positive multiple of 1 (M samples x 1 axes, interleaved per sample), got 0');
    throwsMsg(() => nufftPlan([4], 'x' as never), 'nufftPlan: coords: expected a Float64Array of M x 1 coordinates (cycles per sample, interleaved per sample), got "x"');
  });
  it('shapes, widths, oversampling and the normal mode', () => {
    throwsMsg(() => nufftPlan([2, 2, 2, 2], [0, 0, 0, 0]), 'nufftPlan: shape: expected [n], [ny, nx] or [nz, ny, nx] with positive integer sizes, got [2,2,2,2]');
    throwsMsg(() => nufftPlan([0], [0]), 'nufftPlan: shape: expected [n], [ny, nx] or [nz, ny, nx] with positive integer sizes, got [0]');
    throwsMsg(() => nufftPlan([8], [0], { width: 1 }), 'nufftPlan: options.width: expected an integer in [2, 16], got 1');
    throwsMsg(() => nufftPlan([8], [0], { oversampling: 3 }), 'nufftPlan: options.oversampling: expected a number in [1.25, 2], got 3');
    throwsMsg(() => nufft([8], [0], { normal: 'fast' as never }), "nufft: options.normal: expected 'toeplitz' or 'direct', got \"fast\"");
    throwsMsg(() => nufft(nufftPlan([8], [0]), { width: 3 }), 'nufft: options: expected only { normal? } with a plan (its width 7 and oversampling 2 are fixed), got {"width":3}');
  });
  it('buffer lengths of the operator and the Toeplitz weights', () => {
    const A = nufft([4, 4], [0, 0, 0.1, 0.1]);
    throwsMsg(() => A.apply(new Float64Array(30), new Float64Array(4)), `${A.name}.apply: input length: expected 32 (complex interleaved 4x4), got 30`);
    throwsMsg(() => A.adjoint(new Float64Array(4), new Float64Array(8)), `${A.name}.adjoint: out length: expected 32 (complex interleaved 4x4), got 8`);
    throwsMsg(() => toeplitzNormal(nufftPlan([4], [0, 0.1]), { weights: [1] }), 'toeplitzNormal: weights length: expected 2 (one per sample), got 1');
    throwsMsg(() => toeplitzNormal(nufftPlan([4], [0, 0.1]), { weights: [1, Number.POSITIVE_INFINITY] }), 'toeplitzNormal: weight of sample 1: expected a finite number, got Infinity');
  });
});
