import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMask, decimationMask } from '../../../src/apps/seismic/decimate.ts';
import { densityFigure, fkFigure, psfFigure, ticks, wiggleFigure } from '../../../src/apps/seismic/figures.ts';
import { interpolateGather } from '../../../src/apps/seismic/interpolate.ts';
import { seismicReport } from '../../../src/apps/seismic/report.ts';
import { syntheticGather } from '../../../src/apps/seismic/synthetic.ts';
import { compaction, frequencyPlan, fkEnergy } from '../../../src/apps/seismic/theory.ts';

const g = syntheticGather();
const run = (pattern: 'random' | 'regular' | 'jitter', method: 'pocs' | 'fista-radon' = 'pocs', gather = g) => {
  const m = decimationMask(64, 0.5, pattern, 4);
  const d = applyMask(gather.data, gather.ns, m);
  const r = interpolateGather({ ...gather, data: d }, { method });
  return seismicReport({ decimated: d, nx: 64, nt: gather.ns, dt: gather.dt, result: r, truth: gather.data });
};
// steep crossing events: 3 and -2 samples (12 and 8 ms) per trace, aliased by 2x decimation above 21 and 31 Hz
const steep = syntheticGather({
  events: [
    { kind: 'linear', t0: 0.3, dip: 3, amplitude: 1 },
    { kind: 'linear', t0: 0.45, dip: -2, amplitude: 0.8 },
  ],
});

describe('the seismic report', () => {
  it('regular 2x decimation: the aliasing limit is stated, with the largest unaliased dip 1/(2 r f90)', () => {
    const rep = run('regular', 'pocs', steep);
    assert.equal(rep.aliased, true);
    assert.match(rep.paragraph, /regular decimation of steep events cannot be undone by f-k sparsity/);
    const a = rep.theory.aliasing!;
    assert.equal(a.period, 2);
    assert.ok(Math.abs(a.maxDipAtF90 - 1000 / (4 * a.f90)) < 1e-9);
    assert.ok(rep.theory.psf.sideLobe > 0.9, `side lobe ${rep.theory.psf.sideLobe}`);
    assert.ok(a.maxDipAtF90 < 12, `limit ${a.maxDipAtF90} ms per trace`);
    // most of the 20 Hz Ricker's energy lies above 21 Hz: beyond 1/4 cycle per trace, and lost
    assert.ok(a.energyBeyond! > 0.3, `energy beyond ${a.energyBeyond}`);
    // and POCS fails where random sampling of as many traces succeeds
    const random = run('random', 'pocs', steep);
    assert.ok(rep.metrics!.snr < 10 && random.metrics!.snr > 25, `POCS SNR regular ${rep.metrics!.snr} dB, random ${random.metrics!.snr} dB`);
  });
  it('random and jittered decimation: no aliasing statement; noise-like side lobes', () => {
    for (const p of ['random', 'jitter'] as const) {
      const rep = run(p);
      assert.equal(rep.aliased, false);
      assert.doesNotMatch(rep.paragraph, /cannot be undone/);
      assert.ok(rep.theory.psf.sideLobe < 0.75, `${p}: ${rep.theory.psf.sideLobe}`);
      assert.doesNotMatch(rep.paragraph, /alias coherently/);
      assert.ok(rep.metrics!.gain > 0);
    }
  });
  it('reports the Radon dictionary coherence for fista-radon, decimated and full', () => {
    const rep = run('random', 'fista-radon');
    const c = rep.theory.coherence;
    assert.equal(c.transform, 'radon-linear');
    assert.ok(c.coherence > 0 && c.coherence <= 1 + 1e-12 && c.coherenceFull! > 0 && c.coherenceFull! <= 1 + 1e-12);
    assert.match(rep.paragraph, /In the linear Radon dictionary the coherence/);
  });
  it('sparsity and the per-frequency planner: a single flat event is 1-sparse per frequency and needs few traces', () => {
    const flat = syntheticGather({ events: [{ kind: 'linear', t0: 0.3, dip: 0, amplitude: 1 }] });
    const sp = fkEnergy(flat.data, 64, flat.ns, 64);
    const plan = frequencyPlan(sp, flat.dt, 32);
    assert.ok(plan.rows.every((r) => r.k === 1), 'one wavenumber per frequency');
    assert.ok(plan.tracesNeeded! < 32 && plan.energySupported > 0.99);
    const c = compaction(sp.energy);
    assert.ok(c.energyInLargest[0].energy > 0.99);
    assert.throws(() => compaction(new Float64Array(4)), { message: 'compaction: coefficients: expected some energy, got all zeros' });
  });
  it('figures are SVG with the panels and axes; ticks are round numbers', () => {
    const m = decimationMask(64, 0.5, 'random', 1);
    const panels = [{ title: 'input', data: applyMask(g.data, g.ns, m), kept: m }, { title: 'truth', data: g.data }];
    for (const s of [densityFigure(panels, 64, g.ns, g.dt), wiggleFigure(panels, 64, g.ns, g.dt), fkFigure(panels, 64, g.ns, g.dt)]) {
      assert.match(s, /^<svg xmlns='http:\/\/www.w3.org\/2000\/svg' width='600'/);
      assert.match(s, />input</);
      assert.match(s, />truth</);
    }
    assert.match(psfFigure([1, 0.2, 0.3, 0.2], 'psf'), /wavenumber shift/);
    assert.deepEqual(ticks(0, 1020), [0, 500, 1000]);
    assert.deepEqual(ticks(0, 3996), [0, 1000, 2000, 3000]);
    assert.deepEqual(ticks(-0.5, 0.5), [-0.4, -0.2, 0, 0.2, 0.4]);
  });
});
