/**
 * Seismic interpolation against independent references: numpy's POCS f-k and np.interp
 * (scripts/fixtures/seismic_pocs.py on the real Viking Graben gather), numpy's fft2 and PSF; and
 * recovery bounds on a synthetic f-k-sparse gather.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { applyMask, decimationMask } from '../../../src/apps/seismic/decimate.ts';
import { decodeGather } from '../../../src/apps/seismic/gather.ts';
import { interpolateGather } from '../../../src/apps/seismic/interpolate.ts';
import { linearInterpolate } from '../../../src/apps/seismic/linear.ts';
import { missingSnr, spread } from '../../../src/apps/seismic/metrics.ts';
import { pocsInterpolate } from '../../../src/apps/seismic/pocs.ts';
import { syntheticGather } from '../../../src/apps/seismic/synthetic.ts';
import { setFftWasm } from '../../../src/core/fft/wasm.ts';
import { fk2 } from '../../../src/linops/fk.ts';
import { decimationPsf, decimationRegularity, aliasFreeDip } from '../../../src/predict/decimation.ts';

const fx = JSON.parse(readFileSync(new URL('../../fixtures/seismic/pocs_expected.json', import.meta.url), 'utf8'));
const VG = '../shared/data/seismic/pylops_mobil_viking_graben_crg.npy';
const vg = decodeGather(new Uint8Array(readFileSync(VG)), VG).gather;

function crop(rows: number[], cols: number[]): Float64Array {
  const nx = rows[1] - rows[0];
  const nt = cols[1] - cols[0];
  const out = new Float64Array(nx * nt);
  for (let x = 0; x < nx; x++) out.set(vg.data.subarray((rows[0] + x) * 1000 + cols[0], (rows[0] + x) * 1000 + cols[1]), x * nt);
  return out;
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

describe('POCS f-k against numpy (the bench peer, written independently)', () => {
  for (const c of fx.cases) {
    it(`${c.name}: the same traces to 1e-9 and the same SNR to 1e-6 dB`, () => {
      const truth = crop(c.rows, c.cols);
      const nx = c.rows[1] - c.rows[0];
      const nt = c.cols[1] - c.cols[0];
      const kept = Uint8Array.from(c.kept);
      const d = applyMask(truth, nt, kept);
      const r = pocsInterpolate(d, nx, nt, kept, { iterations: c.iterations, nxPad: c.NX, ntPad: c.NT, schedule: c.schedule });
      const off = nt === 1000 ? 300 : 0;
      const mine = r.data.subarray(c.trace * nt + off, c.trace * nt + off + c.traceValues.length);
      assert.ok(maxRel(mine, c.traceValues) < 1e-9, `trace ${c.trace}: ${maxRel(mine, c.traceValues)}`);
      assert.ok(Math.abs(missingSnr(r.data, truth, nt, kept) - c.snr) < 1e-6);
      const lin = linearInterpolate(d, nx, nt, kept);
      assert.ok(maxRel(lin.subarray(c.trace * nt + off, c.trace * nt + off + c.linearTrace.length), c.linearTrace) < 1e-12);
      assert.ok(Math.abs(missingSnr(lin, truth, nt, kept) - c.snrLinear) < 1e-9);
    });
  }
});

describe('POCS: the resident SIMD iterations give the JavaScript result bit for bit', () => {
  it('with SIMD on and off, with and without a progress callback, power-of-two and other padded trace counts', () => {
    const truth = crop([0, 60], [250, 506]);
    const kept = decimationMask(60, 0.5, 'random', 3);
    const d = applyMask(truth, 256, kept);
    for (const nxPad of [64, 72]) {
      const runs: Float64Array[] = [];
      for (const simd of [true, false]) {
        setFftWasm(simd);
        try {
          runs.push(pocsInterpolate(d, 60, 256, kept, { iterations: 30, nxPad }).data);
          let snaps = 0;
          runs.push(pocsInterpolate(d, 60, 256, kept, { iterations: 30, nxPad, onIterate: (_k, _l, snap) => void (snaps += snap()[0] === d[0] ? 1 : 0) }).data);
          assert.equal(snaps, 30);
        } finally {
          setFftWasm(true);
        }
      }
      for (const r of runs.slice(1)) assert.deepEqual(r, runs[0], `nxPad ${nxPad}`);
    }
  });
});

describe('POCS: staged activation skips only iterations that change nothing', () => {
  it('bit for bit the loop that iterates every frequency from the start (a zero warm start), random, jittered and regular, both schedules', () => {
    const truth = crop([0, 60], [250, 506]);
    for (const pattern of ['random', 'jitter', 'regular'] as const) {
      const kept = decimationMask(60, 0.5, pattern, 5);
      const d = applyMask(truth, 256, kept);
      for (const schedule of ['linear', 'exponential'] as const) {
        const staged = pocsInterpolate(d, 60, 256, kept, { iterations: 40, schedule }).data;
        const all = pocsInterpolate(d, 60, 256, kept, { iterations: 40, schedule, init: new Float64Array(60 * 256) }).data;
        assert.deepEqual(staged, all, `${pattern} ${schedule}`);
      }
    }
  });
});

describe('f-k transform and decimation PSF against numpy', () => {
  it('fk2 with padding is numpy fft2(z, s=(8, 16)) / sqrt(128)', () => {
    const F = fk2(fx.fk2.nx, fx.fk2.nt, { nxPad: fx.fk2.nxPad, ntPad: fx.fk2.ntPad });
    const out = F.apply(Float64Array.from(fx.fk2.input), new Float64Array(2 * 8 * 16));
    assert.ok(maxRel(out, fx.fk2.output) < 1e-13, String(maxRel(out, fx.fk2.output)));
  });
  for (const p of fx.psf) {
    it(`PSF of a ${p.kept.length}-trace pattern on ${p.N} traces: |sum e^{2 pi i d x / N}| / m`, () => {
      const r = decimationPsf(Uint8Array.from(p.kept), p.N);
      assert.ok(maxRel(r.magnitude, p.magnitude) < 1e-12);
      assert.ok(Math.abs(r.sideLobe - p.sideLobe) < 1e-12);
    });
  }
  it('regular decimation by 2 aliases with a replica of height 1 at N/2; the unaliased dip is 1/(2 r f)', () => {
    const kept = Uint8Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const r = decimationPsf(kept);
    assert.ok(Math.abs(r.sideLobe - 1) < 1e-12);
    assert.equal(r.sideLobeShift, 32);
    assert.equal(decimationRegularity(kept).period, 2);
    assert.equal(aliasFreeDip(2, 25), 0.01);
    assert.equal(decimationRegularity(decimationMask(60, 0.5, 'random', 3)).period, null);
  });
});

describe('decimation patterns', () => {
  it('keep the first and last traces, round(keep n) traces (random, jitter), every r-th (regular); seeded', () => {
    for (const pattern of ['random', 'jitter'] as const) {
      for (let s = 0; s < 20; s++) {
        const m = decimationMask(60, 0.5, pattern, s);
        assert.equal(m[0] + m[59], 2);
        assert.equal(m.reduce((a, v) => a + v, 0), 30);
        assert.deepEqual(decimationMask(60, 0.5, pattern, s), m);
      }
    }
    assert.notDeepEqual(decimationMask(60, 0.5, 'random', 1), decimationMask(60, 0.5, 'random', 2));
    const reg = decimationMask(10, 0.34, 'regular', 0);
    assert.deepEqual(Array.from(reg), [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    // jitter: one trace in each of the m cells, so no gap exceeds two cells
    for (let s = 0; s < 20; s++) assert.ok(decimationRegularity(decimationMask(60, 0.5, 'jitter', s)).maxGap <= 3);
  });
  it('a keep fraction outside (0, 1) is one clear error', () => {
    for (const k of [0, 1, -0.5, 1.5, Number.NaN]) {
      assert.throws(() => decimationMask(60, k, 'random', 0), { message: `decimationMask: keep fraction: expected a number in (0, 1), got ${Number.isNaN(k) ? 'NaN' : k}` });
    }
  });
});

describe('recovery on a synthetic f-k-sparse gather (three linear events, one hyperbola)', () => {
  const g = syntheticGather();
  const gain = (method: 'pocs' | 'fista-fk' | 'fista-radon', pattern: 'random' | 'jitter') => {
    const v: number[] = [];
    for (let s = 0; s < 5; s++) {
      const m = decimationMask(64, 0.5, pattern, s);
      const d = applyMask(g.data, g.ns, m);
      const lin = missingSnr(linearInterpolate(d, 64, g.ns, m), g.data, g.ns, m);
      v.push(missingSnr(interpolateGather({ ...g, data: d }, { method }).data, g.data, g.ns, m) - lin);
    }
    return spread(v);
  };
  it('POCS beats linear interpolation by at least 6 dB (median of 5 random patterns) and by 4 dB with jitter', () => {
    assert.ok(gain('pocs', 'random').median >= 6, JSON.stringify(gain('pocs', 'random')));
    assert.ok(gain('pocs', 'jitter').median >= 4);
  });
  it('FISTA in f-k and in linear Radon beat linear interpolation by at least 6 dB (random)', () => {
    assert.ok(gain('fista-fk', 'random').median >= 6);
    assert.ok(gain('fista-radon', 'random').median >= 12);
  });
  it('kept traces are returned unchanged by every method', () => {
    const m = decimationMask(64, 0.5, 'random', 9);
    const d = applyMask(g.data, g.ns, m);
    for (const method of ['pocs', 'fista-fk', 'spgl1-fk', 'linear'] as const) {
      const r = interpolateGather({ ...g, data: d }, { method });
      for (let t = 0; t < 64; t++) if (m[t]) assert.deepEqual(r.data.subarray(t * g.ns, (t + 1) * g.ns), d.subarray(t * g.ns, (t + 1) * g.ns), `${method} trace ${t}`);
    }
  });
  it('an all-zero gather, or one with nothing missing, is one clear error', () => {
    assert.throws(() => interpolateGather({ ...g, data: new Float64Array(g.data.length) }), {
      message: 'interpolateGather: gather: expected some non-zero traces (kept data), got an all-zero gather',
    });
    assert.throws(() => interpolateGather(g), { message: 'interpolateGather: missing traces: expected at least one all-zero trace to interpolate, got all 64 traces hold data' });
  });
});

describe('every sparsifying transform of sparseInterpolate runs through FISTA on trace-sampled data', () => {
  it('f-k patches, parabolic Radon, 2-D wavelets and DCT: finite output, kept traces unchanged; patches beat linear on the synthetic', async () => {
    const { sparseInterpolate } = await import('../../../src/apps/seismic/sparse.ts');
    const g = syntheticGather({ nx: 32, nt: 128 });
    const m = decimationMask(32, 0.5, 'random', 5);
    const d = applyMask(g.data, 128, m);
    const lin = missingSnr(linearInterpolate(d, 32, 128, m), g.data, 128, m);
    for (const transform of ['fk-patches', 'radon-parabolic', 'wavelet', 'dct'] as const) {
      const r = sparseInterpolate(d, 32, 128, m, { transform, stages: 3, iterations: 20, patch: [32, 32] });
      assert.ok(r.data.every(Number.isFinite), transform);
      for (let t = 0; t < 32; t++) if (m[t]) assert.deepEqual(r.data.subarray(t * 128, (t + 1) * 128), d.subarray(t * 128, (t + 1) * 128));
      if (transform === 'fk-patches') assert.ok(missingSnr(r.data, g.data, 128, m) > lin, `${transform} vs linear ${lin}`);
    }
  });
});
