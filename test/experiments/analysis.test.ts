import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from '../../src/core/rng/index.ts';
import { cellStats, logisticFit, transition, wilson } from '../../src/experiments/analysis.ts';
import { parseSpec } from '../../src/experiments/spec.ts';

describe('sweep analysis', () => {
  it("Wilson intervals match Newcombe (1998), Table I, to 4 decimals", () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [s, n, lo, hi] of cases) {
      const [a, b] = wilson(s, n);
      assert.ok(Math.abs(a - lo) < 5e-5 && Math.abs(b - hi) < 5e-5, `${s}/${n}: ${a}, ${b}`);
    }
  });

  it('the logistic fit recovers a known 50% point and slope from simulated outcomes', () => {
    const rng = createRng(5);
    const x = Array.from({ length: 15 }, (_, i) => i / 14);
    const a0 = 6;
    const b0 = -12; // 50% at x = 0.5
    const n = x.map(() => 400);
    const s = x.map((xi) => {
      const p = 1 / (1 + Math.exp(-(a0 + b0 * xi)));
      let c = 0;
      for (let t = 0; t < 400; t++) if (rng.uniform() < p) c++;
      return c;
    });
    const f = logisticFit(x, s, n);
    const se50 = Math.sqrt(f.cov[0] / f.b ** 2);
    assert.ok(Math.abs(-f.a / f.b - 0.5) < 4 * se50 + 1e-3, `x50 ${-f.a / f.b}`);
    assert.ok(Math.abs(f.b - b0) < 4 * Math.sqrt(f.cov[2]), `slope ${f.b}`);
  });

  it('the Firth fit stays finite when the grid separates successes from failures', () => {
    const f = logisticFit([0.1, 0.2, 0.3, 0.4], [20, 20, 0, 0], [20, 20, 20, 20]);
    const x50 = -f.a / f.b;
    assert.ok(Number.isFinite(x50) && x50 > 0.2 && x50 < 0.3, `x50 ${x50}`);
  });

  it('transition() reports the theory, fits each column and says why a column has no fit', () => {
    const spec = parseSpec({ n: 200, delta: [0.5, 0.1], rho: [0.1, 0.3, 0.5, 0.7], trials: 10 });
    // column delta=0.5: success up to rho 0.3, failure above; column 0.1: all failures
    const trials = spec.cells.flatMap((c) =>
      Array.from({ length: 10 }, (_, t) => ({ cell: c.index, trial: t, success: c.i === 0 && c.rho <= 0.3 + (t < 5 && c.rho === 0.5 ? 0.3 : 0), error: 0 })),
    );
    const tr = transition(spec, cellStats(spec, trials));
    const p = tr.points[0];
    assert.ok(p.rho50 !== null && p.rho50 > 0.3 && p.rho50 < 0.7, `rho50 ${p.rho50}`);
    assert.ok(Math.abs(p.theoryRho - 0.38569) < 1e-5, 'rho_W(0.5) from THEORY.md section 8');
    assert.equal(tr.points[1].rho50, null);
    assert.equal(tr.points[1].note, 'no successes in this column: the transition lies below the rho grid');
    assert.ok(p.predictedSd > 0.01 && p.predictedSd < 0.1, `predicted sd ${p.predictedSd}`);
  });
});
