/**
 * The visibility model, imaging weights, coverage and the DFT reference against an independent
 * numpy implementation on the real VLBA and EHT files (scripts/fixtures/radio_model.py).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  averageVisibilities,
  coverageStats,
  dftDirtyImage,
  fillingFraction,
  gridCoherence,
  imagingWeights,
  type Visibilities,
  visibilitiesFromUvfits,
} from '../../../src/apps/radio/index.ts';
import { readUvfits } from '../../../src/io/index.ts';

interface Rec {
  samples: number;
  used: number;
  zero_weight: number;
  autocorrelations: number;
  sum_u: number;
  sum_v: number;
  sum_re: number;
  sum_im: number;
  sum_w: number;
  sum_f: number;
  pick: number[];
  at: Record<'u' | 'v' | 're' | 'im' | 'w' | 't', number[]>;
  uv_max: number;
  uv_min: number;
  cell: number;
  weights: Record<string, { sum: number; sumsq: number; outside: number; at: number[]; grid: number; sampled: number; disc: number; disc_cells: number }>;
  dirty48: number[];
  psf48: number[];
  avg60: { n: number; sum_w: number; sum_re: number; sum_u: number; first: number[] };
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/radio_model.json', import.meta.url), 'utf8')) as Record<'vlba' | 'eht', Rec>;
const FILES = {
  vlba: '../shared/data/astro/pyuvdata_vlba_mojave.uvfits',
  eht: '../shared/data/astro/eht_SR1_M87_2017_095_lo_hops_netcal_StokesI.uvfits',
};
const rel = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), 1e-300);
const sum = (x: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
};
const cache = new Map<string, Visibilities>();
const load = (k: 'vlba' | 'eht') => {
  if (!cache.has(k)) cache.set(k, visibilitiesFromUvfits(readUvfits(new Uint8Array(readFileSync(FILES[k]))), { name: FILES[k] }));
  return cache.get(k)!;
};

for (const key of ['vlba', 'eht'] as const) {
  const ref = fx[key];
  describe(`radio model on the real ${key.toUpperCase()} file against numpy`, () => {
    it('Stokes I = (RR + LL)/2 with weight 4 w_RR w_LL/(w_RR + w_LL): counts, sums and 30 seeded samples', () => {
      const vs = load(key);
      assert.equal(vs.stokesFrom, 'RR+LL');
      assert.deepEqual([vs.counts.samples, vs.n, vs.counts.zeroWeight, vs.counts.autocorrelations], [ref.samples, ref.used, ref.zero_weight, ref.autocorrelations]);
      const re = vs.vis.filter((_, i) => i % 2 === 0);
      const im = vs.vis.filter((_, i) => i % 2 === 1);
      for (const [a, b] of [
        [sum(vs.u), ref.sum_u],
        [sum(vs.v), ref.sum_v],
        [sum(re), ref.sum_re],
        [sum(im), ref.sum_im],
        [sum(vs.weight), ref.sum_w],
        [sum(vs.freq), ref.sum_f],
      ]) {
        assert.ok(rel(a, b, 1e-11), `${a} vs ${b}`);
      }
      ref.pick.forEach((k, i) => {
        assert.ok(rel(vs.u[k], ref.at.u[i], 1e-14) && rel(vs.v[k], ref.at.v[i], 1e-14), `uv ${k}`);
        assert.ok(rel(vs.vis[2 * k], ref.at.re[i], 1e-14) && rel(vs.vis[2 * k + 1], ref.at.im[i], 1e-14), `vis ${k}`);
        assert.ok(rel(vs.weight[k], ref.at.w[i], 1e-14), `w ${k}`);
        assert.ok(Math.abs(vs.time[k] - ref.at.t[i]) < 1e-6, `t ${k}`);
      });
    });
    it('longest and shortest |(u, v)|; resolution 1/u_max, largest scale 1/u_min', () => {
      const c = coverageStats(load(key));
      assert.ok(rel(c.uvMax, ref.uv_max, 1e-15) && rel(c.uvMin, ref.uv_min, 1e-15));
      assert.equal(c.resolution, 1 / c.uvMax);
      assert.equal(c.largestScale, 1 / c.uvMin);
      assert.equal(c.nyquistCell, 1 / (2 * c.uvMax));
    });
    for (const size of [64, 256]) {
      for (const [scheme, robust] of [
        ['natural', 0],
        ['uniform', 0],
        ['briggs', -1],
        ['briggs', 0],
        ['briggs', 1],
      ] as const) {
        it(`${scheme}${scheme === 'briggs' ? ` R=${robust}` : ''} weights on the ${size}x${size} grid: sum, sum of squares, samples outside, seeded samples`, () => {
          const vs = load(key);
          const r = ref.weights[`${size}/${scheme}/${robust}`];
          const w = imagingWeights(vs, { scheme, robust, size, cell: ref.cell });
          assert.equal(w.outside, r.outside);
          assert.ok(rel(sum(w.weights), r.sum, 1e-11));
          assert.ok(rel(sum(w.weights.map((x) => x * x)), r.sumsq, 1e-11));
          ref.pick.forEach((k, i) => {
            assert.ok(rel(w.weights[k], r.at[i], 1e-12), `${k}: ${w.weights[k]} vs ${r.at[i]}`);
          });
        });
      }
      it(`filling fraction of the ${size}x${size} grid (conjugates included), over the grid and the disc |uv| <= u_max`, () => {
        const r = ref.weights[`${size}/fill`];
        const f = fillingFraction(load(key), size, ref.cell);
        assert.deepEqual([f.sampledCells, f.discCells], [r.sampled, r.disc_cells]);
        assert.equal(f.grid, r.grid);
        assert.ok(rel(f.disc, r.disc, 1e-15));
      });
      it(`coherence of the coverage on the ${size}x${size} grid (max off-peak |PSF| of the sampled cells) and its side lobe outside the main lobe equal numpy's`, () => {
        const c = gridCoherence(load(key), size, ref.cell);
        const want = ref.weights[`${size}/coherence`] as unknown as { coherence: number; side: number; main: number };
        assert.ok(Math.abs(c.coherence - want.coherence) < 1e-12, `${c.coherence} vs ${want.coherence}`);
        assert.ok(Math.abs(c.sideLobe - want.side) < 1e-12, `side lobe ${c.sideLobe} vs ${want.side}`);
        assert.equal(c.mainLobePixels, want.main);
        assert.equal(c.m, ref.weights[`${size}/fill`].sampled);
        assert.ok(c.welch < c.coherence && c.coherence < 1);
      });
    }
    it('the DFT dirty image and PSF (48x48, natural weights) equal the direct numpy sum', () => {
      const vs = load(key);
      const { image, psf } = dftDirtyImage(vs, vs.weight, 48, ref.cell);
      let peak = 0;
      for (const x of ref.dirty48) peak = Math.max(peak, Math.abs(x));
      for (let i = 0; i < 48 * 48; i++) {
        assert.ok(Math.abs(image[i] - ref.dirty48[i]) <= 1e-10 * peak, `image ${i}`);
        assert.ok(Math.abs(psf[i] - ref.psf48[i]) <= 1e-10, `psf ${i}`);
      }
      assert.ok(Math.abs(psf[24 * 48 + 24] - 1) < 1e-12, 'PSF peak 1 at the centre pixel (N/2, N/2)');
    });
    it('60 s time averaging per baseline and frequency: count, weights and weighted means', () => {
      const a = averageVisibilities(load(key), { timeSeconds: 60 });
      assert.equal(a.n, ref.avg60.n);
      assert.ok(rel(sum(a.weight), ref.avg60.sum_w, 1e-12));
      assert.ok(rel(sum(a.vis.filter((_, i) => i % 2 === 0)), ref.avg60.sum_re, 1e-11));
      assert.ok(rel(sum(a.u), ref.avg60.sum_u, 1e-11));
      assert.ok(rel(a.vis[0], ref.avg60.first[0], 1e-13) && rel(a.u[0], ref.avg60.first[1], 1e-13) && rel(a.weight[0], ref.avg60.first[2], 1e-13));
    });
  });
}
