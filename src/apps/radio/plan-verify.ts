/**
 * The check of `candor radio plan --verify`: for every track fraction, the reference sky observed
 * with that part of the real coverage (./simulate.ts, the noise of the weights, seeded), imaged by
 * compressed sensing with the defaults (./cs.ts, starlet) and scored as the imaging study scores
 * (./study.ts: the model convolved to the nominal resolution of the whole track, NRMSE against
 * the sky convolved the same way). The recommendation follows the plan's rule (./plan.ts).
 * It is also a kind of the sweep engine (cells: fractions, one trial), stored and resumable
 * (./node/plan-verify-scan.ts).
 *
 * @example
 * import { verifyRadioPlan } from './plan-verify.ts';
 * // const v = verifyRadioPlan(vs, 64, cell, sky, [0.5, 1], { targetNrmse: 0.3 });  v.rows[i].nrmse
 */
import { CandorError, describe } from '../../core/errors.ts';
import type { SweepKind } from '../../experiments/engine.ts';
import { coverageStats } from './coverage.ts';
import { csImage } from './cs.ts';
import { trackFraction } from './plan.ts';
import { simulateVisibilities } from './simulate.ts';
import { modelNrmse, nominalTruth } from './study.ts';
import type { Visibilities } from './visibilities.ts';

/** One track fraction of the simulated check (`--verify`): the CS image's NRMSE against the sky, its reduced chi-squared, iterations, seconds, and whether it meets the target. */
export interface RadioVerifyRow {
  fraction: number;
  nrmse: number;
  reducedChi2: number;
  iterations: number;
  seconds: number;
  meets: boolean;
}

/** Simulates and images the sky at every fraction, in this thread (see the file comment). */
export function verifyRadioPlan(vs: Visibilities, size: number, cell: number, sky: Float64Array, fractions: readonly number[], o: { targetNrmse: number; seed?: number; maxIter?: number; onRow?: (r: RadioVerifyRow) => void }): { rows: RadioVerifyRow[]; recommended: number | null } {
  const spec: RadioVerifySpec = { vs, size, cell, sky, fractions: [...fractions].sort((a, b) => a - b), targetNrmse: o.targetNrmse, seed: o.seed ?? 0, maxIter: o.maxIter ?? null, referenceId: null };
  const results = spec.fractions.map((fraction, c) => {
    const r = runRadioVerifyTask(spec, c);
    o.onRow?.({ fraction, nrmse: r.nrmse, reducedChi2: r.reducedChi2, iterations: r.iterations, seconds: r.seconds, meets: r.nrmse <= spec.targetNrmse });
    return r;
  });
  return radioVerifyRows(spec, results);
}

/** The validated check: the coverage, the sky, the fractions and the settings. */
export interface RadioVerifySpec {
  vs: Visibilities;
  size: number;
  cell: number;
  sky: Float64Array;
  fractions: number[];
  targetNrmse: number;
  seed: number;
  maxIter: number | null;
  /** What identifies the coverage and the sky in a store (their sha256); null when not stored. */
  referenceId: string | null;
}

/** One task: the sky imaged from the first `fractions[cell]` of the track. */
export interface RadioVerifyTaskResult {
  cell: number;
  trial: number;
  seconds: number;
  nrmse: number;
  reducedChi2: number;
  iterations: number;
}

/** Runs one fraction of the check (deterministic apart from the timing). */
export function runRadioVerifyTask(spec: RadioVerifySpec, cell: number): RadioVerifyTaskResult {
  const { vs, size, cell: px, sky } = spec;
  const resolution = coverageStats(vs).resolution;
  const truth = nominalTruth(sky, { size, cell: px }, resolution);
  const sim = simulateVisibilities(trackFraction(vs, spec.fractions[cell]), { image: sky, size, cell: px, name: 'reference sky' }, { seed: spec.seed });
  const r = csImage(sim, size, px, { maxIter: spec.maxIter ?? undefined });
  return { cell, trial: 0, seconds: r.seconds, nrmse: modelNrmse(r.image, { size, cell: px }, resolution, truth), reducedChi2: r.reducedChi2, iterations: r.iterations };
}

/** The check as a kind of the sweep engine (cells: track fractions; one trial). */
export const radioVerifyKind: SweepKind<RadioVerifySpec, RadioVerifyTaskResult> = Object.freeze({
  name: 'radio-plan-verify',
  canonical: (s: RadioVerifySpec) => {
    const { vs: _v, sky: _s, ...rest } = s;
    return rest as unknown as Record<string, unknown>;
  },
  summary: (s: RadioVerifySpec) => ({ name: `radio plan ${s.size}x${s.size}`, ensemble: 'uv-track fractions', signal: 'sky', solver: 'cs-starlet', n: s.size * s.size }),
  cells: (s: RadioVerifySpec) => s.fractions.length,
  trials: () => 1,
  run: (s: RadioVerifySpec, cell: number) => runRadioVerifyTask(s, cell),
});

/** The spec back in a worker (validated by the sender). */
export function radioVerifyFromData(data: unknown): RadioVerifySpec {
  const s = data as RadioVerifySpec;
  if (!s || !(s.sky instanceof Float64Array) || !s.vs || !Array.isArray(s.fractions)) throw new CandorError('radioPlan', 'worker data', 'a radio verify spec', describe(data));
  return s;
}

/** The rows and the recommendation from the stored results (one per fraction). */
export function radioVerifyRows(spec: RadioVerifySpec, results: readonly RadioVerifyTaskResult[]): { rows: RadioVerifyRow[]; recommended: number | null } {
  const rows = spec.fractions.map((fraction, c) => {
    const r = results.find((x) => x.cell === c);
    if (!r) throw new CandorError('radioPlan', 'verify results', 'one per track fraction', `none for fraction ${fraction}`);
    return { fraction, nrmse: r.nrmse, reducedChi2: r.reducedChi2, iterations: r.iterations, seconds: r.seconds, meets: r.nrmse <= spec.targetNrmse };
  });
  let recommended: number | null = null;
  for (let i = rows.length - 1; i >= 0 && rows[i].meets; i--) recommended = rows[i].fraction;
  return { rows, recommended };
}
