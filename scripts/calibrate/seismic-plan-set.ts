/**
 * The references of the seismic plan's calibration (scripts/calibrate/seismic-plan-sweeps.ts and
 * seismic-plan-fit.ts): seeded synthetic gathers of random linear and hyperbolic Ricker events
 * (../../src/apps/seismic/synthetic.ts) and the inlines of the F3 crop
 * (../shared/data/seismic/segyio_f3.sgy, one 18-trace panel each). Calibration: synthetic seeds
 * 1-6 and the F3 inlines at panel index 0, 4, 8, ...; held back: synthetic seeds 7-10 and the
 * F3 inlines at panel index 2, 6, 10, ... . Neither holds the Viking Graben gather, the
 * reference the predictor is judged on (test/apps/seismic/plan.test.ts, docs/seismic.md).
 */
import { gatherPanels, type Gather, subGather } from '../../src/apps/seismic/gather.ts';
import { readGatherFile } from '../../src/apps/seismic/node/files.ts';
import { type SyntheticEvent, syntheticGather } from '../../src/apps/seismic/synthetic.ts';
import { createRng } from '../../src/core/rng/index.ts';

export interface PlanReference {
  name: string;
  gather: Gather;
  set: 'calibration' | 'held-back';
}

/** A seeded synthetic gather: 3 to 6 events (linear dips up to 2 samples per trace, hyperbolas), 15-35 Hz. */
export function randomSynthetic(seed: number): Gather {
  const rng = createRng(seed, 11);
  const count = 3 + rng.int(4);
  const events: SyntheticEvent[] = [];
  for (let e = 0; e < count; e++) {
    const amplitude = (rng.uniform() < 0.5 ? -1 : 1) * (0.3 + 0.7 * rng.uniform());
    const t0 = 0.1 + 0.8 * rng.uniform();
    if (rng.uniform() < 0.7) events.push({ kind: 'linear', t0, dip: -2 + 4 * rng.uniform(), amplitude });
    else events.push({ kind: 'hyperbolic', t0, velocity: 1500 + 1500 * rng.uniform(), amplitude });
  }
  const nx = [48, 64, 80, 96][rng.int(4)];
  return syntheticGather({ nx, nt: 256, f0: 15 + 20 * rng.uniform(), events });
}

export function planReferences(shared = '../shared/data'): PlanReference[] {
  const refs: PlanReference[] = [];
  for (let s = 1; s <= 10; s++) refs.push({ name: `synthetic seed ${s}`, gather: randomSynthetic(s), set: s <= 6 ? 'calibration' : 'held-back' });
  const f3 = readGatherFile(`${shared}/seismic/segyio_f3.sgy`);
  gatherPanels(f3).forEach((idx, p) => {
    if (p % 2 !== 0) return;
    refs.push({ name: `F3 inline panel ${p}`, gather: subGather(f3.gather, idx), set: p % 4 === 0 ? 'calibration' : 'held-back' });
  });
  return refs;
}
