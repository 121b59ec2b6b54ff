/**
 * Trajectories and density compensation:
 * - radialTrajectory equals BART 0.8's `bart traj -r` (uniform, -G golden, -D full circle, -c DC
 *   sampled), read from test/fixtures/nufft.json (scripts/fixtures/nufft.py), divided by n = 16;
 * - spiralTrajectory's geometry (radius law, turns, interleaf rotation, constant speed);
 * - pipeMenonDensity equals numpy's Pipe-Menon iteration through an explicit gridding matrix, and
 *   on a uniform radial trajectory matches the analytic ramp N pi |r| / (P S);
 * - a density-compensated gridding reconstruction of a smooth image from Nyquist radial data.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CandorError } from '../../src/core/errors.ts';
import { GOLDEN_ANGLE, nufft, nufftPlan, pipeMenonDensity, radialTrajectory, spiralTrajectory } from '../../src/linops/index.ts';
import { rel } from './nufft-helpers.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/nufft.json', import.meta.url), 'utf8')) as {
  bart: { traj: { command: string; coords_kspace: number[] }[] };
  pipe_menon: { n: number; spokes: number; samples: number; width: number; iterations: number; weights: number[] }[];
};

const throwsMsg = (f: () => unknown, msg: string) => assert.throws(f, (e: unknown) => e instanceof CandorError && e.message === msg);

describe('radialTrajectory against bart traj -r -x 16 -y 5', () => {
  const variants: [string, Parameters<typeof radialTrajectory>[2]][] = [
    ['', {}],
    ['-G', { angles: 'golden' }],
    ['-D', { fullCircle: true }],
    ['-c', { dcSampled: true }],
  ];
  for (const [flag, opts] of variants) {
    it(`${flag || 'uniform'}: equal to 1e-6 (BART stores float32) after dividing BART's k-space units by n = 16`, () => {
      const ref = fx.bart.traj.find((t) => t.command === `bart traj -r ${flag ? `${flag} ` : ''}-x 16 -y 5`);
      assert.ok(ref);
      const ours = radialTrajectory(5, 16, opts);
      assert.equal(ours.length, ref.coords_kspace.length);
      for (let i = 0; i < ours.length; i++) assert.ok(Math.abs(16 * ours[i] - ref.coords_kspace[i]) <= 1e-5, `${i}: ${16 * ours[i]} vs ${ref.coords_kspace[i]}`);
    });
  }
  it('the golden angle is pi / phi = 111.246 degrees', () => {
    assert.ok(Math.abs((GOLDEN_ANGLE * 180) / Math.PI - 111.246117974981) < 1e-12);
  });
});

describe('spiralTrajectory', () => {
  it('constant density: radius r = tau/2 with tau^2 = s/(S-1), angle 2 pi turns tau + 2 pi l/L, ends on the k-space edge', () => {
    const L = 3;
    const S = 101;
    const T = 4;
    const c = spiralTrajectory(L, S, T);
    for (let l = 0; l < L; l++) {
      for (const s of [0, 17, 50, 100]) {
        const tau = Math.sqrt(s / (S - 1));
        const j = 2 * (l * S + s);
        assert.ok(Math.abs(Math.hypot(c[j], c[j + 1]) - tau / 2) < 1e-15);
        if (s > 0) {
          const th = 2 * Math.PI * T * tau + (2 * Math.PI * l) / L;
          assert.ok(Math.abs(c[j] - (tau / 2) * Math.sin(th)) < 1e-15 && Math.abs(c[j + 1] - (tau / 2) * Math.cos(th)) < 1e-15);
        }
      }
      assert.ok(Math.abs(Math.hypot(c[2 * (l * S + S - 1)], c[2 * (l * S + S - 1) + 1]) - 0.5) < 1e-15);
    }
  });
  it('constant density means about constant speed: sample steps along the path vary by less than 15% after the first turn', () => {
    const c = spiralTrajectory(1, 4000, 10);
    const steps: number[] = [];
    for (let s = 400; s < 3999; s++) steps.push(Math.hypot(c[2 * s + 2] - c[2 * s], c[2 * s + 3] - c[2 * s + 1]));
    assert.ok(Math.max(...steps) / Math.min(...steps) < 1.15);
  });
  it('variable density (alpha 2): the centre is sampled more densely, radius = tau^2/2', () => {
    const S = 1000;
    const c = spiralTrajectory(1, S, 8, { alpha: 2 });
    const inner = (cc: Float64Array) => {
      let k = 0;
      for (let s = 0; s < S; s++) if (Math.hypot(cc[2 * s], cc[2 * s + 1]) < 0.1) k++;
      return k;
    };
    assert.ok(inner(c) > 2 * inner(spiralTrajectory(1, S, 8)));
    const tau = (500 / (S - 1)) ** (1 / 3);
    assert.ok(Math.abs(Math.hypot(c[1000], c[1001]) - tau ** 2 / 2) < 1e-15);
  });
  it('bad input', () => {
    throwsMsg(() => spiralTrajectory(0, 10, 2), 'spiralTrajectory: interleaves: expected an integer in [1, 16777216], got 0');
    throwsMsg(() => spiralTrajectory(2, 10, 2, { alpha: 0.5 }), 'spiralTrajectory: options.alpha: expected a finite number in [1, 16], got 0.5');
    throwsMsg(() => radialTrajectory(4, 8, { angles: 'random' as never }), "radialTrajectory: options.angles: expected 'uniform' or 'golden', got \"random\"");
  });
});

describe('pipeMenonDensity', () => {
  for (const c of fx.pipe_menon) {
    it(`${c.n}x${c.n}, ${c.spokes} spokes x ${c.samples}, width ${c.width}, ${c.iterations} iterations: equals numpy's explicit-matrix iteration to 1e-9`, () => {
      const plan = nufftPlan([c.n, c.n], radialTrajectory(c.spokes, c.samples), { width: c.width });
      const w = pipeMenonDensity(plan, { iterations: c.iterations });
      assert.ok(rel(w, c.weights) <= 1e-9, `${rel(w, c.weights)}`);
    });
  }
  it('uniform radial (101 spokes x 128, 64x64): within 1% of the ramp N pi |r| / (P S) for 0.05 <= |r| <= 0.4, and sum w ~ N pi/4', () => {
    const P = 101;
    const S = 128;
    const N = 64 * 64;
    const w = pipeMenonDensity(nufftPlan([64, 64], radialTrajectory(P, S)));
    let sum = 0;
    for (let j = 0; j < w.length; j++) {
      sum += w[j];
      const r = Math.abs((j % S) - S / 2 + 0.5) / S;
      if (r >= 0.05 && r <= 0.4) {
        const ramp = (N * Math.PI * r) / (P * S);
        assert.ok(Math.abs(w[j] / ramp - 1) < 0.01, `sample ${j}: ${w[j] / ramp}`);
      }
    }
    assert.ok(Math.abs(sum / N - Math.PI / 4) < 0.03, `${sum / N}`);
  });
  it('gridding reconstruction A^H W y of a smooth image from Nyquist radial data has relative error below 5%', () => {
    const n = 48;
    const A = nufft([n, n], radialTrajectory(80, 2 * n));
    const x = new Float64Array(2 * n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const r2 = ((a - n / 2) ** 2 + (b - n / 2) ** 2) / (n * n);
        x[2 * (a * n + b)] = Math.exp(-r2 / 0.02);
      }
    }
    const y = A.apply(x, new Float64Array(2 * A.rows));
    const w = pipeMenonDensity(nufftPlan([n, n], radialTrajectory(80, 2 * n)));
    for (let j = 0; j < A.rows; j++) {
      y[2 * j] *= w[j];
      y[2 * j + 1] *= w[j];
    }
    const g = A.adjoint(y, new Float64Array(2 * n * n));
    assert.ok(rel(g, x) < 0.05, `${rel(g, x)}`);
  });
  it('bad input', () => {
    throwsMsg(() => pipeMenonDensity(nufftPlan([8], [0]), { iterations: 0 }), 'pipeMenonDensity: options.iterations: expected an integer in [1, 10000], got 0');
  });
});
