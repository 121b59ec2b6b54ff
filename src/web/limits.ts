/**
 * The limits of every numeric field of the lab, in one place, quoting the library's constants:
 * the form's min/max attributes and the page's checks are both built from these rules
 * (./fields.ts), so the page, the form and the library agree. Where the browser is stricter than
 * the library (a sweep of n = 100000 belongs on `candor sweep run`), the rule says so.
 */
import { SPEC_LIMITS } from '../experiments/spec.ts';
import { MAX_N } from '../predict/validate.ts';
import type { NumberRule } from './fields.ts';

/** Largest sweep the browser runs (trials in all); the library's limit is SPEC_LIMITS.totalTrials. */
export const BROWSER_SWEEP_TRIALS = 100000;

const seed: NumberRule = { label: 'seed', integer: true, min: 0 };

export const PHASE_RULES = Object.freeze({
  n: { label: 'n', integer: true, min: 2, max: 2000, note: `(the browser's limit; candor sweep run takes up to ${SPEC_LIMITS.n})` },
  nDelta: { label: 'delta points', integer: true, min: 2, max: 30, note: "(the browser's limit)" },
  nRho: { label: 'rho points', integer: true, min: 2, max: 30, note: "(the browser's limit)" },
  trials: { label: 'trials / cell', integer: true, min: 1, max: 1000, note: "(the browser's limit)" },
  seed,
} satisfies Record<string, NumberRule>);

export const PLANNER_RULES = Object.freeze({
  n: { label: 'n', integer: true, min: 1, max: MAX_N },
  k: { label: 'k', integer: true, min: 1 },
  target: { label: 'target success', min: 0, max: 1, openMin: true, openMax: true, step: '0.01' },
} satisfies Record<string, NumberRule>);

export const MRI_RULES = Object.freeze({
  acceleration: { label: 'acceleration', min: 1, max: 1000, openMin: true, step: '0.5' },
  maxIter: { label: 'iterations', integer: true, min: 1, max: 100000 },
  seed,
  repeats: { label: 'plan: masks per R', integer: true, min: 1, max: 1000 },
  targetSsim: { label: 'plan: target SSIM', min: 0, max: 1, step: '0.01' },
} satisfies Record<string, NumberRule>);

export const SEISMIC_RULES = Object.freeze({
  panel: { label: 'panel (inline)', integer: true, min: 0, max: 1000000 },
  keep: { label: 'keep fraction', min: 0, max: 1, openMin: true, openMax: true, step: '0.05' },
  seed,
  iterations: { label: 'iterations', integer: true, min: 1, max: 100000 },
} satisfies Record<string, NumberRule>);
