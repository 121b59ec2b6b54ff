/**
 * The oracle bounds, f-x prediction, warm-started POCS, gain and time windows of the seismic
 * study, against independent references: numpy/scipy (scripts/fixtures/seismic_bounds.py on a crop
 * of the real Viking Graben gather: scipy's toeplitz and uniform filter for kriging, numpy's lstsq
 * for the support oracle and the f-x solve, the bench peer's POCS with a warm start) and exact
 * cases (a plane wave is predicted exactly by a one-term f-x filter; linear interpolation commutes
 * with a time gain and with time windows).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { supportOracle, wienerOracle } from '../../../src/apps/seismic/bounds.ts';
import { applyMask, decimationMask } from '../../../src/apps/seismic/decimate.ts';
import { decodeGather } from '../../../src/apps/seismic/gather.ts';
import { fxPredictInterpolate } from '../../../src/apps/seismic/fx-predict.ts';
import { timePowerGain, withTimeGain } from '../../../src/apps/seismic/gain.ts';
import { hermitianFactor, hermitianSolve } from '../../../src/apps/seismic/hermitian.ts';
import { linearInterpolate } from '../../../src/apps/seismic/linear.ts';
import { missingSnr } from '../../../src/apps/seismic/metrics.ts';
import { pocsInterpolate } from '../../../src/apps/seismic/pocs.ts';
import { reweightWeights, sparseInterpolate } from '../../../src/apps/seismic/sparse.ts';
import { decimationStudy } from '../../../src/apps/seismic/study.ts';
import { syntheticGather } from '../../../src/apps/seismic/synthetic.ts';
import { inTimeWindows, windowStarts } from '../../../src/apps/seismic/windows.ts';

const fx = JSON.parse(readFileSync(new URL('../../fixtures/seismic/bounds_expected.json', import.meta.url), 'utf8'));
const VG = '../shared/data/seismic/pylops_mobil_viking_graben_crg.npy';
const vg = decodeGather(new Uint8Array(readFileSync(VG)), VG).gather;
const [c0, c1] = fx.cols as number[];
const nx = 60;
const nt = c1 - c0;
const truth = new Float64Array(nx * nt);
for (let x = 0; x < nx; x++) truth.set(vg.data.subarray(x * 1000 + c0, x * 1000 + c1), x * nt);
const kept = Uint8Array.from(fx.kept as number[]);
const d = applyMask(truth, nt, kept);

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return e / s;
}

function check(name: string, rec: Float64Array) {
  const c = fx.cases.find((k: { name: string }) => k.name === name);
  assert.ok(c, name);
  const tr = rec.subarray(c.trace * nt, (c.trace + 1) * nt);
  assert.ok(maxRel(tr, c.values) < 1e-9, `${name}: trace ${c.trace} differs by ${maxRel(tr, c.values)}`);
  assert.ok(Math.abs(missingSnr(rec, truth, nt, kept) - c.snr) < 1e-6, `${name}: SNR ${missingSnr(rec, truth, nt, kept)} vs ${c.snr}`);
  for (let x = 0; x < nx; x++) if (kept[x]) assert.deepEqual(rec.subarray(x * nt, (x + 1) * nt), truth.subarray(x * nt, (x + 1) * nt));
}

describe('oracle bounds against numpy/scipy (Viking Graben crop 60 x 128)', () => {
  it('kriging with the true f-x covariance (band 0 and 2): the same traces to 1e-9 and SNR to 1e-6 dB', () => {
    check('wiener b=0', wienerOracle(truth, nx, nt, kept, { band: 0 }));
    check('wiener b=2', wienerOracle(truth, nx, nt, kept, { band: 2 }));
  });
  it('least squares on the true f-k support (s = 3, 6 of 64 wavenumbers)', () => {
    check('support s=3 NX=64', supportOracle(truth, nx, nt, kept, 3, { nxPad: 64 }));
    check('support s=6 NX=64', supportOracle(truth, nx, nt, kept, 6, { nxPad: 64 }));
  });
  it('bad input is one clear error', () => {
    assert.throws(() => supportOracle(truth, nx, nt, kept, 31), { message: 'supportOracle: support size s: expected an integer in [1, 30], got 31' });
    assert.throws(() => wienerOracle(truth, nx, nt, new Uint8Array(nx)), { message: 'wienerOracle: kept traces: expected between 1 and 59, got 0' });
    assert.throws(() => wienerOracle(truth.subarray(1), nx, nt, kept), {
      message: 'wienerOracle: sizes: expected 60 x 128 samples and a mask of 60 traces, got Float64Array of length 7679 and Uint8Array of length 60',
    });
  });
});

describe('f-x prediction interpolation', () => {
  it('against numpy (orders 1, 2, 3; one to two passes; bands of 8 and all frequencies)', () => {
    check('fx p=1 band=8 passes=1', fxPredictInterpolate(d, nx, nt, kept, { order: 1, band: 8, iterations: 1 }));
    check('fx p=2 band=8 passes=2', fxPredictInterpolate(d, nx, nt, kept, { order: 2, band: 8, iterations: 2 }));
    check('fx p=3 band=65 passes=2', fxPredictInterpolate(d, nx, nt, kept, { order: 3, band: 65, iterations: 2 }));
  });
  it('recovers a dipping plane wave exactly (one-term filter per frequency, no ridge)', () => {
    const n = 16;
    const m = 64;
    const dip = 1.3; // samples per trace, off the grid
    const g = new Float64Array(n * m);
    for (let x = 0; x < n; x++) {
      for (let j = 0; j < m; j++) {
        // a band-limited periodic wavelet (frequencies 3..12 of 64), delayed by dip * x samples
        let v = 0;
        for (let f = 3; f <= 12; f++) v += Math.cos((2 * Math.PI * f * (j - 20 - dip * x)) / m) / f;
        g[x * m + j] = v;
      }
    }
    const k = Uint8Array.from([1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 1, 1]);
    const r = fxPredictInterpolate(applyMask(g, m, k), n, m, k, { order: 1, band: 1, ridge: 0, iterations: 1 });
    assert.ok(maxRel(r, g) < 1e-10, `plane wave: ${maxRel(r, g)}`);
    assert.ok(missingSnr(linearInterpolate(applyMask(g, m, k), n, m, k), g, m, k) < 10, 'linear interpolation is far from exact here');
  });
  it('bad input is one clear error', () => {
    assert.throws(() => fxPredictInterpolate(d, nx, nt, kept, { order: 30 }), { message: 'fxPredictInterpolate: order: expected an integer in [1, 29], got 30' });
    assert.throws(() => fxPredictInterpolate(d, nx, nt, kept, { ridge: -1 }), { message: 'fxPredictInterpolate: ridge: expected a number >= 0, got -1' });
  });
});

describe('warm-started POCS', () => {
  it('from linear interpolation, pmax 0.3, 30 iterations: numpy (the bench peer with x0) to 1e-9', () => {
    const r = pocsInterpolate(d, nx, nt, kept, { init: linearInterpolate(d, nx, nt, kept), pmax: 0.3, iterations: 30, nxPad: 64 });
    check('pocs warm start (linear), pmax 0.3, 30 iterations', r.data);
  });
  it('a zero warm start is the cold start bit for bit; a wrong size is one clear error', () => {
    const a = pocsInterpolate(d, nx, nt, kept, { iterations: 20 }).data;
    const b = pocsInterpolate(d, nx, nt, kept, { iterations: 20, init: new Float64Array(nx * nt) }).data;
    assert.deepEqual(b, a);
    assert.throws(() => pocsInterpolate(d, nx, nt, kept, { init: new Float64Array(5) }), {
      message: 'pocsInterpolate: init: expected a Float64Array of 60 x 128 samples, got Float64Array of length 5',
    });
  });
});

describe('time gain and time windows around an interpolator', () => {
  it('timePowerGain is (max(t, t0)/t0)^p exactly at sample times', () => {
    assert.deepEqual([...timePowerGain(5, 0.5, 2, 1)], [1, 1, 1, 2.25, 4]);
    assert.throws(() => timePowerGain(5, 0.5, 2, 0), { message: 'timePowerGain: t0: expected a positive time in seconds, got 0' });
  });
  it('linear interpolation commutes with the gain and with windows (to rounding); kept traces unchanged', () => {
    const lin = linearInterpolate(d, nx, nt, kept);
    assert.ok(maxRel(withTimeGain(linearInterpolate, 0.004, 2, 0.004)(d, nx, nt, kept), lin) < 1e-13);
    for (const [W, ov] of [
      [32, 16],
      [50, 7],
      [128, 64],
      [200, 10],
    ]) {
      assert.ok(maxRel(inTimeWindows(linearInterpolate, W, ov)(d, nx, nt, kept), lin) < 1e-13, `windows ${W}/${ov}`);
    }
  });
  it('window starts step by samples - overlap and the last ends at the last sample; muted windows stay zero', () => {
    assert.deepEqual(windowStarts(100, 32, 16), [0, 16, 32, 48, 64, 68]);
    assert.deepEqual(windowStarts(100, 128, 64), [0]);
    const z = d.slice();
    for (let x = 0; x < nx; x++) z.fill(0, x * nt, x * nt + 64);
    const r = inTimeWindows((g, a, b, k) => pocsInterpolate(g, a, b, k, { iterations: 10 }).data, 32, 0)(z, nx, nt, kept);
    for (let x = 0; x < nx; x++) assert.ok(r.subarray(x * nt, x * nt + 64).every((v) => v === 0));
    assert.throws(() => inTimeWindows(linearInterpolate, 32, 32), { message: 'inTimeWindows: overlap: expected an integer in [0, 31], got 32' });
  });
});

describe('reweighted l1 and the study with variants', () => {
  it('weights 1 / (1 + |c| / (eps max|c|)), exact on a small complex vector', () => {
    assert.deepEqual([...reweightWeights(Float64Array.of(3, 4, 0, 0, 0, 1), true, 0.2)], [1 / 6, 1, 0.5]);
    assert.deepEqual([...reweightWeights(new Float64Array(3), false, 0.2)], [1, 1, 1]);
  });
  it('two reweighting rounds gain at least 2 dB over plain l1 on the f-k-sparse synthetic gather (the bias of soft thresholding)', () => {
    const g = syntheticGather();
    const k = decimationMask(g.ntraces, 0.5, 'random', 2);
    const dd = applyMask(g.data, g.ns, k);
    const plain = missingSnr(sparseInterpolate(dd, g.ntraces, g.ns, k, { transform: 'fk' }).data, g.data, g.ns, k);
    const rw = missingSnr(sparseInterpolate(dd, g.ntraces, g.ns, k, { transform: 'fk', reweight: 2 }).data, g.data, g.ns, k);
    assert.ok(rw >= plain + 2, `reweighted ${rw} dB, plain ${plain} dB`);
  });
  it('a variant is scored like a named method: linear interpolation as a variant gains exactly 0 dB', () => {
    const g = syntheticGather();
    const r = decimationStudy(g, { patterns: ['random', 'jitter'], seeds: 2, methods: [{ name: 'lin', run: (dd, a, b, k) => linearInterpolate(dd, a, b, k) }] });
    assert.equal(r.trials.length, 4);
    for (const t of r.trials) assert.equal(t.gain, 0);
    assert.deepEqual(r.summary.map((s) => [s.pattern, s.method, s.gain.median]), [
      ['random', 'lin', 0],
      ['jitter', 'lin', 0],
    ]);
  });
});

describe('hermitian solve', () => {
  it('[[2, i], [-i, 2]] z = (1, 0) gives z = (2/3, i/3)', () => {
    const z = hermitianSolve(hermitianFactor(Float64Array.of(2, 0, 0, 1, 0, -1, 2, 0), 2, 0), Float64Array.of(1, 0, 0, 0), new Float64Array(4));
    assert.ok(maxRel(z, [2 / 3, 0, 0, 1 / 3]) < 1e-15);
  });
});
