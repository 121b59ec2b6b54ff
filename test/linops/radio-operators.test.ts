/**
 * The radio imaging operators against independent references (scripts/fixtures/radio_imaging.py):
 * the starlet (IUWT) coefficients of scipy's a-trous convolutions, the SARA frame of PyWavelets'
 * wavedec2 bases; and the NUFFT visibility operator against the exact DFT (./dft-reference.ts,
 * itself checked against numpy and WSClean) on the real VLBA and EHT coverages.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { dftDirtyImage, dftPredict, parseAngle, visibilitiesFromUvfits } from '../../src/apps/radio/index.ts';
import { visibilityOperator } from '../../src/apps/radio/measurement.ts';
import { readUvfits } from '../../src/io/index.ts';
import { starlet2, waveletFrame2 } from '../../src/linops/index.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/radio_imaging.json', import.meta.url), 'utf8')) as {
  starlet: { image: number[]; scales: number; coefficients: number[] };
  sara: { image: number[]; levels: number; coefficients: number[] };
};

function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    s += b[i] ** 2;
  }
  return Math.sqrt(d / s);
}

describe('starlet2 and waveletFrame2 against scipy and PyWavelets', () => {
  it("starlet2: the a-trous B3-spline bands and coarse band equal scipy's periodic convolutions, and they sum to the image", () => {
    const W = starlet2(16, 16, { scales: fx.starlet.scales });
    const x = Float64Array.from(fx.starlet.image);
    const c = W.apply(x, new Float64Array(W.rows));
    assert.ok(rel(c, fx.starlet.coefficients) < 1e-14, `${rel(c, fx.starlet.coefficients)}`);
    const sum = new Float64Array(256);
    for (let b = 0; b < 4; b++) for (let i = 0; i < 256; i++) sum[i] += c[b * 256 + i];
    assert.ok(rel(sum, x) < 1e-14);
  });
  it("waveletFrame2: db1..db8 (level 2, periodization) and the pixels over sqrt(9) equal PyWavelets' wavedec2", () => {
    const F = waveletFrame2(16, 16, { levels: fx.sara.levels });
    const c = F.apply(Float64Array.from(fx.sara.image), new Float64Array(F.rows));
    assert.ok(rel(c, fx.sara.coefficients) < 1e-13, `${rel(c, fx.sara.coefficients)}`);
  });
  it('refuses bad options with exact messages', () => {
    assert.throws(() => starlet2(16, 16, { scales: 0 }), { message: 'starlet2: scales: expected an integer in [1, 12], got 0' });
    assert.throws(() => waveletFrame2(16, 16, { wavelets: ['db9'] }), { message: 'waveletFrame2: wavelet: expected one of haar, db1, db2, db3, db4, db5, db6, db7, db8, got "db9"' });
    assert.throws(() => waveletFrame2(12, 16, { levels: 3 }), { message: 'waveletFrame2: levels: expected an integer in [0, 2] (2^levels must divide the size 12x16), got 3' });
  });
});

const load = (f: string) => visibilitiesFromUvfits(readUvfits(new Uint8Array(readFileSync(f)), { name: f }), { name: f });

describe('visibilityOperator (NUFFT) against the exact DFT', () => {
  for (const [key, file, cellText] of [
    ['VLBA', '../shared/data/astro/pyuvdata_vlba_mojave.uvfits', '0.2mas'],
    ['EHT', '../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits', '3uas'],
  ] as const) {
    it(`${key}: A x = dftPredict(x) and A^T(w .* V) = sum(w) x the DFT dirty image, to the NUFFT's 1e-6 (default width 7)`, () => {
      const vs = load(file);
      const N = 48;
      const cell = parseAngle(cellText);
      const x = new Float64Array(N * N).map((_, i) => Math.sin(0.37 * i) ** 2 + (i === 24 * N + 24 ? 5 : 0));
      const A = visibilityOperator(vs.u, vs.v, N, cell, { weights: vs.weight });
      const y = A.apply(x, new Float64Array(2 * vs.n));
      const ref = dftPredict(x, N, cell, vs.u, vs.v);
      for (let k = 0; k < vs.n; k++) {
        const s = Math.sqrt(vs.weight[k]);
        ref[2 * k] *= s;
        ref[2 * k + 1] *= s;
      }
      assert.ok(rel(y, ref) < 1e-6, `forward ${rel(y, ref)}`);
      const yw = new Float64Array(2 * vs.n);
      for (let k = 0; k < vs.n; k++) {
        const s = Math.sqrt(vs.weight[k]);
        yw[2 * k] = s * vs.vis[2 * k];
        yw[2 * k + 1] = s * vs.vis[2 * k + 1];
      }
      const adj = A.adjoint(yw, new Float64Array(N * N));
      const d = dftDirtyImage(vs, vs.weight, N, cell);
      const dref = d.image.map((v) => v * d.sumWeights);
      assert.ok(rel(adj, dref) < 1e-6, `adjoint ${rel(adj, dref)}`);
      const nrm = A.normal(x, new Float64Array(N * N));
      const nref = A.adjoint(A.apply(x, new Float64Array(2 * vs.n)), new Float64Array(N * N));
      assert.ok(rel(nrm, nref) < 1e-6, `normal ${rel(nrm, nref)}`);
    });
  }
  it('operators on the same samples share one NUFFT plan (other weights, the same answers as a fresh plan); another size, width or coordinates changed in place get their own', () => {
    const vs = load('../shared/data/astro/pyuvdata_vlba_mojave.uvfits');
    const N = 32;
    const cell = parseAngle('0.2mas');
    const u = vs.u.slice();
    const v = vs.v.slice();
    const A = visibilityOperator(u, v, N, cell, { weights: vs.weight });
    const B = visibilityOperator(u, v, N, cell);
    assert.equal(A.plan, B.plan);
    assert.notEqual(visibilityOperator(u, v, 2 * N, cell).plan, A.plan);
    assert.notEqual(visibilityOperator(u, v, N, cell, { width: 5 }).plan, A.plan);
    assert.equal(visibilityOperator(u, v, N, cell, { width: 7, oversampling: 2 }).plan, A.plan, 'the defaults given explicitly');
    const x = new Float64Array(N * N).map((_, i) => Math.cos(0.1 * i) ** 2);
    // unit weights through the shared plan = a fresh plan on copies of the arrays
    const fresh = visibilityOperator(u.slice(), v.slice(), N, cell);
    assert.notEqual(fresh.plan, A.plan);
    assert.deepEqual(B.apply(x, new Float64Array(2 * vs.n)), fresh.apply(x, new Float64Array(2 * vs.n)));
    // the weighted operator scales each sample by sqrt(w) of its own weights
    const ya = A.apply(x, new Float64Array(2 * vs.n));
    const yb = B.apply(x, new Float64Array(2 * vs.n));
    for (let k = 0; k < vs.n; k++) assert.equal(ya[2 * k], yb[2 * k] * Math.sqrt(vs.weight[k]));
    // an array changed in place: the coordinates differ, so the plan is not reused
    u[0] *= 0.5;
    const C = visibilityOperator(u, v, N, cell);
    assert.notEqual(C.plan, A.plan);
    assert.equal(C.plan.coords[1], u[0] * cell);
  });

  it("sampleOrder 'plan': the same numbers with the samples in the plan's order (toPlanOrder), forward and adjoint", () => {
    const vs = load('../shared/data/astro/pyuvdata_vlba_mojave.uvfits');
    const N = 32;
    const cell = parseAngle('0.2mas');
    const A = visibilityOperator(vs.u, vs.v, N, cell, { weights: vs.weight });
    const B = visibilityOperator(vs.u, vs.v, N, cell, { weights: vs.weight, sampleOrder: 'plan' });
    assert.equal(A.sampleOrder, 'input');
    assert.equal(B.sampleOrder, 'plan');
    const x = new Float64Array(N * N).map((_, i) => Math.sin(0.3 * i) ** 2);
    const ya = A.apply(x, new Float64Array(2 * vs.n));
    const yb = B.apply(x, new Float64Array(2 * vs.n));
    const perm = B.toPlanOrder(ya);
    assert.ok(perm.every((v, i) => Object.is(v, yb[i])));
    assert.notDeepEqual(ya, yb, 'the plan order is not the input order on these data');
    const q = new Float64Array(2 * vs.n).map((_, i) => Math.cos(0.7 * i));
    const xa = A.adjoint(q, new Float64Array(N * N));
    const xb = B.adjoint(B.toPlanOrder(q), new Float64Array(N * N));
    assert.ok(xa.every((v, i) => Object.is(v, xb[i])));
    assert.deepEqual(A.toPlanOrder(q), q);
    assert.throws(() => visibilityOperator(vs.u, vs.v, N, cell, { sampleOrder: 'sorted' as never }), {
      message: "visibilityOperator: sampleOrder: expected 'input' or 'plan', got \"sorted\"",
    });
  });

  it('refuses a sample the cell does not sample, an odd size and bad weights, naming them', () => {
    const u = Float64Array.of(1e9, 6e10);
    const v = Float64Array.of(0, 0);
    assert.throws(() => visibilityOperator(u, v, 16, 1e-11), {
      message: 'visibilityOperator: sample 1 (u 6.00000e+10, v 0.00000 wavelengths): expected |u| and |v| at most 1/(2 cell) = 5.00000e+10 (a cell that samples the baseline), got 0.6000 cycles per pixel',
    });
    assert.throws(() => visibilityOperator(u.subarray(0, 1), v.subarray(0, 1), 15, 1e-11), { message: 'visibilityOperator: size: expected an even image side (the phase centre at pixel N/2), got 15' });
    assert.throws(() => visibilityOperator(u.subarray(0, 1), v.subarray(0, 1), 16, 1e-11, { weights: Float64Array.of(-1) }), {
      message: 'visibilityOperator: weight of sample 0: expected a finite number >= 0, got -1',
    });
  });
});

describe('starletNormSq', () => {
  it('equals the power method on W^T W (the largest eigenvalue of the periodic frame operator)', async () => {
    const { opNorm, starletNormSq } = await import('../../src/linops/index.ts');
    for (const [ny, nx, o] of [
      [16, 16, { scales: 3 }],
      [12, 20, { scales: 2, coarse: false }],
    ] as const) {
      const W = starlet2(ny, nx, o);
      const pw = opNorm(W, { tol: 1e-14, maxIter: 20000 }).norm ** 2;
      const ex = starletNormSq(ny, nx, o);
      // the power method approaches the largest eigenvalue from below, slowly when the next one is close
      assert.ok(ex - pw <= 1e-5 * ex && pw <= ex * (1 + 1e-12), `${ny}x${nx}: power ${pw}, exact ${ex}`);
    }
  });
});
