/**
 * Prediction before acquiring, below the solvers: the statistical dimension and phase-transition
 * curves (Amelunxen, Lotz, McCoy & Tropp 2014; Donoho & Tanner 2009), AMP state evolution and its
 * thresholds (Donoho, Maleki & Montanari 2009; the AMP solver takes its threshold policy from
 * here), nuclear-norm dimensions, success probabilities and the measurement planner, RIP bounds,
 * and the sampling-pattern measures (coherence, Babel, PSF, TPSF). Nothing here solves a
 * recovery problem; certify and explain (src/theory) sit above the solvers and use these.
 * See docs/theory-predict.md.
 *
 * @example
 * import { plan, statdim } from './index.ts';
 * plan({ n: 1000, k: 50 }).m;   // 225 (asymptotic, 95% success)
 */
export * from './validate.ts';
export * from './statdim.ts';
export * from './statdim-mc.ts';
export * from './transition.ts';
export * from './facecount.ts';
export * from './amp.ts';
export * from './nuclear.ts';
export * from './probability.ts';
export * from './rip-bounds.ts';
export * from './plan.ts';
export * from './columns.ts';
export * from './coherence.ts';
export { fourierBabel, fourierCoherence, type FourierCoherence, type FourierMaskOptions, type GridShape, maskGrid, type MaskGrid, maskPsf, type MaskPsf, psfSideLobe } from './psf.ts';
export * from './tpsf.ts';
export * from './dct-coherence.ts';
export * from './psf-nonuniform.ts';
export * from './decimation.ts';
export * from './levels.ts';
export * from './levels-se.ts';
export * from './local-coherence.ts';
export * from './threshold-risk.ts';
