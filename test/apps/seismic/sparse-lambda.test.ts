import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMask, decimationMask } from '../../../src/apps/seismic/decimate.ts';
import { missingSnr } from '../../../src/apps/seismic/metrics.ts';
import { sparseInterpolate } from '../../../src/apps/seismic/sparse.ts';
import { chooseSparseLambda, keptTraceNoise } from '../../../src/apps/seismic/sparse-lambda.ts';
import { syntheticGather } from '../../../src/apps/seismic/synthetic.ts';
import { CandorError } from '../../../src/core/errors.ts';
import { createRng } from '../../../src/core/rng/index.ts';

// the synthetic gather (the truth), half its traces kept at random, white noise of known std
const g = syntheticGather({ nx: 32, nt: 128 });
const kept = decimationMask(g.ntraces, 0.5, 'random', 2);
const SIGMA = 0.05;
const noisy = g.data.slice();
const e = createRng(5, 1).fillNormal(new Float64Array(noisy.length), 0, SIGMA);
for (let i = 0; i < noisy.length; i++) noisy[i] += e[i];
const d = applyMask(noisy, g.ns, kept);

describe('seismic sparse interpolation: the l1 weight chosen from the data', () => {
  it('the kept-trace noise estimate is within 25% of the noise std put in', () => {
    const n = keptTraceNoise(d, g.ntraces, g.ns, kept);
    assert.ok(Math.abs(n.std / SIGMA - 1) < 0.25, `${n.std}`);
    assert.match(n.source, /^estimated: MAD of the finest diagonal Haar band of the 16 kept traces/);
  });
  it('SURE (noise estimated) and GCV: the missing traces within 0.5 dB of the best of a grid of weights', () => {
    let best = Number.NEGATIVE_INFINITY;
    for (const f of [0.1, 0.05, 0.02, 0.01, 0.005, 0.002]) {
      best = Math.max(best, missingSnr(sparseInterpolate(d, g.ntraces, g.ns, kept, { transform: 'fk', lambda: f }).data, g.data, g.ns, kept));
    }
    for (const rule of ['sure', 'gcv'] as const) {
      const r = chooseSparseLambda(d, g.ntraces, g.ns, kept, { transform: 'fk', rule });
      const snr = missingSnr(r.result.data, g.data, g.ns, kept);
      assert.ok(snr >= best - 0.5, `${rule}: ${snr} dB at ${r.fraction} vs the grid's best ${best} dB`);
      assert.equal(r.choice.dfMethod, 'monte-carlo');
      assert.equal(r.choice.position.atEdge, null);
      assert.equal(r.choice.path.length, 12);
      // the fraction is the chosen lambda over lambda_max (the path starts at 0.3 lambda_max)
      assert.ok(Math.abs(r.fraction / (r.choice.lambda / (r.choice.path[0].lambda / 0.3)) - 1) < 1e-12);
    }
  });
  it('refuses an unknown rule, the noise-constrained solver and a path that rises', () => {
    assert.throws(
      () => chooseSparseLambda(d, g.ntraces, g.ns, kept, { rule: 'aic' as 'sure' }),
      (x: unknown) => x instanceof CandorError && x.message === 'chooseSparseLambda: rule: expected one of sure, gcv, discrepancy, lcurve, got "aic"',
    );
    assert.throws(
      () => chooseSparseLambda(d, g.ntraces, g.ns, kept, { solver: 'spgl1' }),
      (x: unknown) => x instanceof CandorError && x.message === 'chooseSparseLambda: solver: expected \'fista\' (spgl1 is the noise-constrained form: no weight to choose), got "spgl1"',
    );
    assert.throws(
      () => chooseSparseLambda(d, g.ntraces, g.ns, kept, { largest: 0.01, smallest: 0.1 }),
      (x: unknown) => x instanceof CandorError && x.message.startsWith('chooseSparseLambda: smallest: expected'),
    );
    assert.throws(
      () => keptTraceNoise(d, g.ntraces, g.ns, new Uint8Array(g.ntraces)),
      (x: unknown) => x instanceof CandorError && x.message === 'keptTraceNoise: kept traces: expected at least 2 to estimate the noise (or give noiseStd), got 0',
    );
  });
});
